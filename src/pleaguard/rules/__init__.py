"""Legal logic as pure functions: no I/O, no clock. Every rule takes an explicit date or a `LawAt` view."""

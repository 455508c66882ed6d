"""Adapters: the database (`db`) and other I/O behind small interfaces."""

"""Use cases shared by the CLI and the web application, e.g. `cases` (the case record), `accounts` (users,
assignments, tokens, sign-in), `sentencing`, `law`. Access control is enforced in these functions, never in
routes or commands.
"""

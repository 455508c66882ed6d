"""Use cases shared by the CLI and the web application: `cases` (the case record) and `accounts` (users,
assignments, tokens, login). Access control is enforced in these functions, never in routes or commands.
"""

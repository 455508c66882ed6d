"""Helpers shared by CLI commands: reading JSON input, printing JSON, failing with exit code 2."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from pleaguard.errors import InputError


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line reason on stderr and exit (2 = bad input)."""
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(code)


def read_json_input(source: str) -> Any:
    """Read JSON from a file path or '-' (stdin); bad JSON is an InputError naming the line and column."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"no such file: {source}", field="FILE") from None
    except IsADirectoryError:
        raise InputError(f"{source} is a directory, not a JSON file", field="FILE") from None
    except UnicodeDecodeError:
        raise InputError(f"{source} is not UTF-8 text", field="FILE") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", field="FILE") from None


def json_default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return int(obj) if obj == obj.to_integral_value() else float(obj)
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def dumps(data: Any, *, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, default=json_default)


def parse_date(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date", field=field, allowed="YYYY-MM-DD") from None

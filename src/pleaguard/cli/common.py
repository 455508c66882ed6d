"""Helpers shared by CLI commands: reading JSON input, printing JSON, failing with exit code 2."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from pleaguard.errors import InputError

#: The prefix of every one-line error reason on stderr.
ERROR = "错误 / error:"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line reason on stderr and exit (2 = bad input)."""
    print(f"{ERROR} {message}", file=sys.stderr)
    raise SystemExit(code)


def no_such_file(path: object) -> str:
    """The reason for an input file that does not exist."""
    return f"文件不存在：{path} / no such file: {path}"


def not_utf8(path: object) -> str:
    """The reason for an input file that is not UTF-8 text."""
    return f"{path} 不是 UTF-8 文本 / {path} is not UTF-8 text"


def read_json_input(source: str) -> Any:
    """Read JSON from a file path or '-' (stdin); bad JSON is an InputError naming the line and column."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(no_such_file(source), field="FILE") from None
    except IsADirectoryError:
        raise InputError(
            f"{source} 是目录，不是 JSON 文件 / {source} is a directory, not a JSON file", field="FILE"
        ) from None
    except UnicodeDecodeError:
        raise InputError(not_utf8(source), field="FILE") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列） / malformed JSON at line {exc.lineno} column "
            f"{exc.colno}: {exc.msg}",
            field="FILE",
        ) from None


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
        raise InputError(f"{text!r} 不是日期 / {text!r} is not a date", field=field, allowed="YYYY-MM-DD") from None

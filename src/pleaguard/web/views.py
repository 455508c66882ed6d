"""Turn the services' JSON documents into what templates show: traces with formatted values, readable numbers.

No legal logic here: only presentation (formatting numbers, ordering keys, mapping service field paths to the
form fields where their errors are shown).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pleaguard.cli.common import json_default

_FRACTION = re.compile(r"^-?\d+/\d+$")


def fmt(value: Any) -> str:
    """A value as a lawyer reads it: numbers without trailing zeros, lists joined, objects as compact JSON."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        q = value.quantize(Decimal("0.01")).normalize()
        return format(q, "f")
    if isinstance(value, str) and _FRACTION.match(value):
        return fmt(Fraction(value))
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "、".join(fmt(v) for v in value)
    if isinstance(value, dict) and value and set(value) <= {"min", "max"}:
        lo, hi = fmt(value.get("min")), fmt(value.get("max"))
        return lo if lo == hi else f"{lo}–{hi}"
    return json.dumps(value, ensure_ascii=False, default=json_default)


def trace_view(steps: Any) -> list[dict[str, Any]]:
    """Trace steps ready for the `trace` macro (values as (name, formatted value) pairs)."""
    out: list[dict[str, Any]] = []
    for step in steps or []:
        if not isinstance(step, dict):
            continue
        values = step.get("values") or {}
        out.append(
            {
                "step": step.get("step", ""),
                "message": step.get("message", ""),
                "basis": step.get("basis", "law"),
                "cites": [c for c in step.get("cites") or [] if isinstance(c, dict)],
                "vals": [(str(k), fmt(v)) for k, v in values.items()] if isinstance(values, dict) else [],
            }
        )
    return out


def months_range(value: Any) -> str:
    """`{min, max}` months as `6–12`, or a single number when both ends are equal."""
    if not isinstance(value, dict):
        return fmt(value)
    lo, hi = fmt(value.get("min")), fmt(value.get("max"))
    return lo if lo == hi else f"{lo}–{hi}"


def percent(value: Any) -> str:
    """A fraction of the base sentence (`3/10`) as a percentage (`30%`)."""
    try:
        frac = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return fmt(value)
    return fmt(frac * 100) + "%"


def pretty_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=json_default)


_INDEX = re.compile(r"\[\d+\]")


def error_field(path: str | None, mapping: dict[str, str], default: str = "_form") -> str:
    """The form field where a service error about `path` (e.g. `facts.amount_yuan`) is shown."""
    if not path:
        return default
    if path in mapping:
        return mapping[path]
    bare = _INDEX.sub("", path)
    if bare in mapping:
        return mapping[bare]
    head = path.split(".")[0]
    return mapping.get(head, default)


def show_value(value: Any, gettext: Any) -> str:
    """A value of a case record in the reader's language: code names of choices translated, recommendations
    and penalties written out (有期徒刑 10 个月，罚金 3000 元), anything else formatted by `fmt`."""
    from pleaguard.web.labels import CHOICES, EVENT_TYPES

    if isinstance(value, str):
        label = CHOICES.get(value) or EVENT_TYPES.get(value)
        return str(gettext(label)) if label else value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "、".join(show_value(v, gettext) for v in value)
    if isinstance(value, dict) and "penalty_type" in value:
        parts = [show_value(str(value["penalty_type"]), gettext)]
        if value.get("months") is not None and not isinstance(value.get("months"), dict):
            parts.append(gettext("%(n)s months", n=fmt(value["months"])))
        elif value.get("months_min") is not None:
            parts.append(
                gettext("%(lo)s to %(hi)s months", lo=fmt(value["months_min"]), hi=fmt(value.get("months_max")))
            )
        elif isinstance(value.get("months"), dict):
            parts.append(
                gettext(
                    "%(lo)s to %(hi)s months", lo=fmt(value["months"].get("min")), hi=fmt(value["months"].get("max"))
                )
            )
        if value.get("probation"):
            parts.append(
                gettext("probation") + (f" {fmt(value['probation_months'])}" if value.get("probation_months") else "")
            )
        if value.get("fine_yuan") is not None:
            parts.append(gettext("fine %(n)s yuan", n=fmt(value["fine_yuan"])))
        return "，".join(parts)
    return fmt(value)


_CRIME_NAMES: dict[int, dict[str, str]] = {}


def crime_names(law: Any) -> dict[str, str]:
    """Crime code name → Chinese name (盗窃罪): the crimes the sentencing service describes, and any other crime
    whose statutory tiers the law data holds. Computed once per law object."""
    cached = _CRIME_NAMES.get(id(law))
    if cached is not None:
        return cached
    from pleaguard.services import sentencing

    out: dict[str, str] = {}
    for name, param in law.parameters.items():
        if name.startswith("criminal_law.") and name.endswith(".tiers"):
            out[name.split(".")[1]] = str(param.description or name.split(".")[1]).split("的法定刑")[0]
    for code, described in (sentencing.schema(None, law).get("facts") or {}).items():
        if isinstance(described, dict) and described.get("name_zh"):
            out[code] = str(described["name_zh"])
    _CRIME_NAMES[id(law)] = out
    return out

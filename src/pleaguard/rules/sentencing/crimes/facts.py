"""The quantities (`facts`) a crime takes, and their validation.

Each crime declares its facts as `FactSpec`s: a name, a type, a unit and the meaning in Chinese. A case's `facts`
mapping is checked against them before any reasoning: an unknown key, a wrong type, a negative or absurd number
is an `InputError` naming `facts.<key>` and what is allowed. Nothing is guessed and nothing is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal

from pleaguard.errors import InputError

FactType = Literal["amount", "count", "flag", "choice", "number"]

#: Amounts above this are refused as absurd (one trillion yuan: far beyond any recorded criminal amount).
MAX_YUAN = Fraction(10**12)
#: Counts (times, persons) above this are refused as absurd.
MAX_COUNT = 100_000


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One quantity a crime takes: how it is typed, its unit, its meaning, its allowed values and default."""

    name: str
    type: FactType
    zh: str
    unit: str | None = None
    allowed: tuple[str, ...] = ()
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None

    def schema(self) -> dict[str, Any]:
        """This fact as a JSON-Schema property with the Chinese meaning and unit."""
        json_type = {"amount": "number", "count": "integer", "flag": "boolean", "choice": "string", "number": "number"}[
            self.type
        ]
        out: dict[str, Any] = {"type": json_type, "description": self.zh, "x-kind": self.type}
        if self.unit:
            out["x-unit"] = self.unit
        if self.allowed:
            out["enum"] = list(self.allowed)
        if self.default is not None:
            d = self.default
            if isinstance(d, Fraction):
                d = int(d) if d.denominator == 1 else str(d)
            out["default"] = d
        if self.type in ("amount", "count", "number"):
            out["minimum"] = self.minimum if self.minimum is not None else 0
        if self.maximum is not None:
            out["maximum"] = self.maximum
        elif self.type == "amount":
            out["maximum"] = int(MAX_YUAN)
        elif self.type == "count":
            out["maximum"] = MAX_COUNT
        return out


def _number(value: Any, field: str) -> Fraction:
    """An exact number from JSON: ints, decimal strings and floats (read through their shortest repr)."""
    if isinstance(value, bool):
        raise InputError(
            "应为数值，不能是 true/false / expected a number, got true/false", field=field, allowed="a number ≥ 0"
        )
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InputError("不是有限数值 / not a finite number", field=field, allowed="a number ≥ 0")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError("不是有限数值 / not a finite number", field=field, allowed="a number ≥ 0")
        return Fraction(value)
    if isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            raise InputError(
                f"{value!r} 不是数值 / {value!r} is not a number", field=field, allowed="a number ≥ 0"
            ) from None
        if not d.is_finite():
            raise InputError("不是有限数值 / not a finite number", field=field, allowed="a number ≥ 0")
        return Fraction(d)
    raise InputError(
        f"应为数值，不能是 {type(value).__name__} / expected a number, got {type(value).__name__}",
        field=field,
        allowed="a number ≥ 0",
    )


def validate_facts(crime: str, specs: Mapping[str, FactSpec], facts: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check a case's `facts` against the crime's specs and return them typed, with defaults filled in.

    Amounts and numbers become exact `Fraction`s, counts `int`s, flags `bool`s, choices `str`s. A fact that is
    absent and has no default is absent from the result (the crime's rules say whether it is needed).
    """
    if facts is None:
        facts = {}
    if not isinstance(facts, Mapping):
        raise InputError(
            "犯罪事实（facts）必须是由该罪各项事实组成的对象 / facts must be an object of the crime's quantities",
            field="facts",
            allowed=", ".join(specs),
        )
    out: dict[str, Any] = {}
    for key, raw in facts.items():
        field = f"facts.{key}"
        spec = specs.get(key)
        if spec is None:
            raise InputError(
                f"{crime} 不接受事实项 {key!r} / {crime} does not take the quantity {key!r}",
                field=field,
                allowed=", ".join(specs) or "none",
            )
        if raw is None:
            continue
        if spec.type == "flag":
            if not isinstance(raw, bool):
                raise InputError("应为 true 或 false / expected true or false", field=field, allowed="true, false")
            out[key] = raw
        elif spec.type == "choice":
            if not isinstance(raw, str) or raw not in spec.allowed:
                raise InputError(
                    f"{raw!r} 不是可接受的值 / {raw!r} is not one of the allowed values",
                    field=field,
                    allowed=", ".join(spec.allowed),
                )
            out[key] = raw
        elif spec.type == "count":
            if isinstance(raw, bool) or not isinstance(raw, int):
                if isinstance(raw, float) and raw.is_integer():
                    raw = int(raw)
                else:
                    raise InputError("应为整数 / expected a whole number", field=field, allowed="an integer ≥ 0")
            lo = spec.minimum if spec.minimum is not None else 0
            hi = spec.maximum if spec.maximum is not None else MAX_COUNT
            if raw < lo:
                raise InputError(
                    f"{raw} 小于最小值 {lo} / {raw} is below the minimum {lo}",
                    field=field,
                    allowed=f"an integer from {lo} to {hi}",
                )
            if raw > hi:
                raise InputError(
                    f"{raw} 超出合理范围 / {raw} is not a plausible number",
                    field=field,
                    allowed=f"an integer from {lo} to {hi}",
                )
            out[key] = raw
        else:
            num = _number(raw, field)
            lo_n = Fraction(spec.minimum) if spec.minimum is not None else Fraction(0)
            if num < lo_n:
                raise InputError(
                    f"{raw} 是负数 / {raw} is negative"
                    if num < 0
                    else f"{raw} 小于最小值 {lo_n} / {raw} is below the minimum {lo_n}",
                    field=field,
                    allowed=f"a number ≥ {lo_n}",
                )
            hi_n = Fraction(spec.maximum) if spec.maximum is not None else (MAX_YUAN if spec.type == "amount" else None)
            if hi_n is not None and num > hi_n:
                raise InputError(
                    f"{raw} 超出合理范围 / {raw} is not a plausible {spec.unit or 'value'}",
                    field=field,
                    allowed=f"a number from {lo_n} to {hi_n}",
                )
            out[key] = num
    for key, spec in specs.items():
        if key not in out and spec.default is not None:
            out[key] = spec.default
    return out

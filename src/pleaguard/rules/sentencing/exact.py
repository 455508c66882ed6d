"""Exact rational arithmetic for the engine's hot path: the same `Fraction` values, computed on their integers.

`a * b`, `a < b` and friends on `fractions.Fraction` go through generic operator dispatch and abstract-base-class
checks that cost several times the integer work itself. These helpers take and return `Fraction`s and compute on
numerators and denominators directly; the results are equal to the operators' (a `Fraction` built from two ints is
normalised to lowest terms, so equal values print the same). They read the two slots a `Fraction` keeps its value
in (`_numerator`, `_denominator`, what its own `numerator`/`denominator` properties return, and what `q` sets)
directly: a property read is a Python call. Nothing is rounded here.

Those slots are an implementation detail of CPython's `fractions` module. At import, `INTERNALS_OK` checks that a
`Fraction` still keeps its value there and that one built that way equals, hashes and prints like the constructor's;
if not (a future Python), every helper below is replaced by its plain-operator equivalent (`_portable`), which
gives the same results more slowly.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import Any

from pleaguard.rules.sentencing.types import Months

_new = object.__new__


def q(n: int, d: int) -> Fraction:
    """`Fraction(n, d)` for integers with `d > 0`: reduced to lowest terms by their gcd, as the constructor does,
    without its generic type dispatch (a third of the cost). The result is an ordinary `Fraction`."""
    g = gcd(n, d)
    if g != 1:
        n //= g
        d //= g
    f: Any = _new(Fraction)
    f._numerator = n  # the two slots the constructor itself sets
    f._denominator = d
    return f  # type: ignore[no-any-return]


def mul(a: Fraction, b: Fraction) -> Fraction:
    """a × b."""
    return q(a._numerator * b._numerator, a._denominator * b._denominator)  # type: ignore[attr-defined]


def add(a: Fraction, b: Fraction) -> Fraction:
    """a + b."""
    x: Any = a
    y: Any = b
    da, db = x._denominator, y._denominator
    if da == db:
        return q(x._numerator + y._numerator, da)
    return q(x._numerator * db + y._numerator * da, da * db)


def sub(a: Fraction, b: Fraction) -> Fraction:
    """a − b."""
    x: Any = a
    y: Any = b
    da, db = x._denominator, y._denominator
    if da == db:
        return q(x._numerator - y._numerator, da)
    return q(x._numerator * db - y._numerator * da, da * db)


def div(a: Fraction, b: Fraction) -> Fraction:
    """a ÷ b, for b > 0."""
    return q(a._numerator * b._denominator, a._denominator * b._numerator)  # type: ignore[attr-defined]


def floor(a: Fraction) -> int:
    """⌊a⌋ (`math.floor`)."""
    x: Any = a
    return x._numerator // x._denominator  # type: ignore[no-any-return]


def ceil(a: Fraction) -> int:
    """⌈a⌉ (`math.ceil`)."""
    x: Any = a
    return -(-x._numerator // x._denominator)  # type: ignore[no-any-return]


def lt(a: Fraction, b: Fraction) -> bool:
    """a < b (denominators are positive)."""
    x: Any = a
    y: Any = b
    return x._numerator * y._denominator < y._numerator * x._denominator  # type: ignore[no-any-return]


def qmax(a: Fraction, b: Fraction) -> Fraction:
    """max(a, b), the first of equals as `max` does."""
    x: Any = a
    y: Any = b
    return b if x._numerator * y._denominator < y._numerator * x._denominator else a


def qmin(a: Fraction, b: Fraction) -> Fraction:
    """min(a, b), the first of equals as `min` does."""
    x: Any = a
    y: Any = b
    return b if y._numerator * x._denominator < x._numerator * y._denominator else a


def text(a: Fraction) -> str:
    """`str(a)` ("n" or "n/d"), without the generic method call."""
    x: Any = a
    d = x._denominator
    return str(x._numerator) if d == 1 else f"{x._numerator}/{d}"


_new_months = object.__new__
_set = object.__setattr__


def months(lo: Fraction, hi: Fraction) -> Months:
    """`Months(lo, hi)` with its check (an empty range is refused the same way) made on the integers."""
    x: Any = lo
    y: Any = hi
    if y._numerator * x._denominator < x._numerator * y._denominator:
        raise ValueError(f"empty month range {lo}..{hi}")
    m: Months = _new_months(Months)
    _set(m, "min", lo)  # a frozen dataclass: its own __init__ sets its fields the same way
    _set(m, "max", hi)
    return m


def _internals_ok() -> bool:
    """Whether `Fraction` still keeps its value in `_numerator` / `_denominator` (see the module docstring)."""
    try:
        made = q(6, 8)
        built = Fraction(6, 8)
        probe: Any = built
        return bool(
            probe._numerator == 3 and probe._denominator == 4 and made == built and hash(made) == hash(built)
            and str(made) == "3/4" and made.numerator == 3 and made.denominator == 4 and made * 4 == 3
        )
    except (AttributeError, TypeError):
        return False


class _Portable:
    """The helpers written with `Fraction`'s public operators: the same results, without reading its slots."""

    @staticmethod
    def q(n: int, d: int) -> Fraction:
        return Fraction(n, d)

    @staticmethod
    def mul(a: Fraction, b: Fraction) -> Fraction:
        return a * b

    @staticmethod
    def add(a: Fraction, b: Fraction) -> Fraction:
        return a + b

    @staticmethod
    def sub(a: Fraction, b: Fraction) -> Fraction:
        return a - b

    @staticmethod
    def div(a: Fraction, b: Fraction) -> Fraction:
        return a / b

    @staticmethod
    def floor(a: Fraction) -> int:
        return a.numerator // a.denominator

    @staticmethod
    def ceil(a: Fraction) -> int:
        return -(-a.numerator // a.denominator)

    @staticmethod
    def lt(a: Fraction, b: Fraction) -> bool:
        return a < b

    @staticmethod
    def qmax(a: Fraction, b: Fraction) -> Fraction:
        return max(a, b)

    @staticmethod
    def qmin(a: Fraction, b: Fraction) -> Fraction:
        return min(a, b)

    @staticmethod
    def text(a: Fraction) -> str:
        return str(a)

    @staticmethod
    def months(lo: Fraction, hi: Fraction) -> Months:
        return Months(lo, hi)


_portable = _Portable()
INTERNALS_OK = _internals_ok()
if not INTERNALS_OK:  # pragma: no cover - only on a Python whose Fraction keeps its value elsewhere
    q = _portable.q
    mul, add, sub, div = _portable.mul, _portable.add, _portable.sub, _portable.div
    floor, ceil, lt = _portable.floor, _portable.ceil, _portable.lt
    qmax, qmin, text, months = _portable.qmax, _portable.qmin, _portable.text, _portable.months

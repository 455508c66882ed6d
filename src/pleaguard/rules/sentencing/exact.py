"""Exact rational arithmetic for the engine's hot path: the same `Fraction` values, computed on their integers.

`a * b`, `a < b` and friends on `fractions.Fraction` go through generic operator dispatch and abstract-base-class
checks that cost several times the integer work itself. These helpers take and return `Fraction`s and compute on
numerators and denominators directly; the results are equal to the operators' (a `Fraction` built from two ints is
normalised to lowest terms, so equal values print the same). Nothing is rounded here.
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
    return q(a.numerator * b.numerator, a.denominator * b.denominator)


def add(a: Fraction, b: Fraction) -> Fraction:
    """a + b."""
    da, db = a.denominator, b.denominator
    if da == db:
        return q(a.numerator + b.numerator, da)
    return q(a.numerator * db + b.numerator * da, da * db)


def sub(a: Fraction, b: Fraction) -> Fraction:
    """a − b."""
    da, db = a.denominator, b.denominator
    if da == db:
        return q(a.numerator - b.numerator, da)
    return q(a.numerator * db - b.numerator * da, da * db)


def div(a: Fraction, b: Fraction) -> Fraction:
    """a ÷ b, for b > 0."""
    return q(a.numerator * b.denominator, a.denominator * b.numerator)


def floor(a: Fraction) -> int:
    """⌊a⌋ (`math.floor`)."""
    return a.numerator // a.denominator


def ceil(a: Fraction) -> int:
    """⌈a⌉ (`math.ceil`)."""
    return -(-a.numerator // a.denominator)


def lt(a: Fraction, b: Fraction) -> bool:
    """a < b (denominators are positive)."""
    return a.numerator * b.denominator < b.numerator * a.denominator


def qmax(a: Fraction, b: Fraction) -> Fraction:
    """max(a, b), the first of equals as `max` does."""
    return b if lt(a, b) else a


def qmin(a: Fraction, b: Fraction) -> Fraction:
    """min(a, b), the first of equals as `min` does."""
    return b if lt(b, a) else a


_new_months = object.__new__
_set = object.__setattr__


def months(lo: Fraction, hi: Fraction) -> Months:
    """`Months(lo, hi)` with its check (an empty range is refused the same way) made on the integers."""
    if lt(hi, lo):
        raise ValueError(f"empty month range {lo}..{hi}")
    m: Months = _new_months(Months)
    _set(m, "min", lo)  # a frozen dataclass: its own __init__ sets its fields the same way
    _set(m, "max", hi)
    return m

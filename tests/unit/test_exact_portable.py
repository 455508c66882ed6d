"""The engine's fast rational helpers read Fraction's slots; on this Python they must agree, value for value and
type for type, with the plain operators they fall back to where those slots are gone."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pleaguard.rules.sentencing import exact

fractions = st.builds(Fraction, st.integers(-10**9, 10**9), st.integers(1, 10**6))
positive = st.builds(Fraction, st.integers(1, 10**9), st.integers(1, 10**6))


def test_this_pythons_fraction_keeps_its_value_where_the_fast_helpers_read_it() -> None:
    assert exact.INTERNALS_OK


@given(fractions, fractions)
def test_the_fast_helpers_agree_with_the_plain_operators(a: Fraction, b: Fraction) -> None:
    p = exact._portable
    for fast, slow in ((exact.mul, p.mul), (exact.add, p.add), (exact.sub, p.sub), (exact.lt, p.lt),
                       (exact.qmax, p.qmax), (exact.qmin, p.qmin)):
        got, want = fast(a, b), slow(a, b)
        assert got == want and type(got) is type(want)
        if isinstance(got, Fraction):
            assert hash(got) == hash(want) and str(got) == str(want)
    for fast1, slow1 in ((exact.floor, p.floor), (exact.ceil, p.ceil), (exact.text, p.text)):
        assert fast1(a) == slow1(a)


@given(fractions, positive)
def test_division_and_reduction_agree_with_the_constructor(a: Fraction, b: Fraction) -> None:
    assert exact.div(a, b) == exact._portable.div(a, b)
    assert exact.q(a.numerator * 6, a.denominator * 6) == Fraction(a.numerator * 6, a.denominator * 6)


def test_an_empty_month_range_is_refused_by_both() -> None:
    for months in (exact.months, exact._portable.months):
        with pytest.raises(ValueError, match="empty month range"):
            months(Fraction(5), Fraction(4))

"""Steps 1-2 of the sentencing method for each crime: starting point (量刑起点) → base sentence (基准刑).

    base_sentence("theft", {"amount_yuan": 50000}, law.at(date(2023, 5, 1)))

returns a `BaseSentence`: the statutory tier (法定刑幅度) of the Criminal Law, the guideline's starting-point
range for the case, the base sentence after the facts that add punishment, the crime's fine rule and specific
circumstances, and every step with its citation. `known_crimes`, `crime_schema` and `crime_name_zh` document
what each crime takes.

Which guideline applies is a matter of the date of the `LawAt` view: SG-2017 until 2021-06-30, SG-2021 from
2021-07-01, SG-2024（二） for 帮信 and 开设赌场 from 2024-07-01; before a crime had a section the result reasons
from the statutory tier and says so. Amount thresholds are national ranges unless a province is given; when an
amount falls inside a range the result is the lower tier, the higher one is in `alternatives`, and a warning says
the answer depends on the province. Increments per amount come from provincial rules; without one, a documented
interpolation (basis "policy", not law) places the base sentence inside the tier.

Errors: an unknown crime → `UnknownCrime`; a fact the crime does not take, a negative or absurd amount, facts
below the crime's threshold → `InputError` naming `facts.<key>`; a date no encoded law covers → `LawNotInForce`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from pleaguard.errors import InputError, UnknownCrime
from pleaguard.rules.parameters import LawAt
from pleaguard.rules.sentencing.crimes.compute import (
    SG2024_TRIAL_END,
    Compiled,
    base_from_classification,
    compile_crime,
)
from pleaguard.rules.sentencing.crimes.definitions import CRIMES
from pleaguard.rules.sentencing.crimes.facts import validate_facts
from pleaguard.rules.sentencing.crimes.model import Classification, CrimeDef
from pleaguard.rules.sentencing.types import BaseSentence, Months, Tier

__all__ = [
    "base_sentence",
    "crime_name_zh",
    "crime_schema",
    "defines",
    "known_crimes",
    "statutory_tiers",
    "tiers_for_facts",
]

_compiled: dict[tuple[str, int, bool], tuple[LawAt, Compiled]] = {}
_MAX_CACHE = 4096


def _crime(crime: str) -> CrimeDef:
    d = CRIMES.get(crime) if isinstance(crime, str) else None
    if d is None:
        raise UnknownCrime(
            f"未知罪名 {crime!r} / unknown crime {crime!r}", field="crime", allowed=", ".join(sorted(CRIMES))
        )
    return d


def _compiled_for(d: CrimeDef, law: LawAt) -> Compiled:
    """The crime's tables, compiled once per span of days in which no value of the law data changes (`LawAt.span`)
    and, within a span, once on each side of the end of SG-2024（二）'s trial year (its warning depends on the date).

    A compilation that fails is not kept, so its error names the date of the view it was asked for.
    """
    span = law.span
    key = (d.name, id(span), law.day >= SG2024_TRIAL_END)
    hit = _compiled.get(key)
    if hit is not None and hit[0] is span:
        return hit[1]
    comp = compile_crime(d, law)
    if len(_compiled) > _MAX_CACHE:
        _compiled.clear()
    _compiled[key] = (span, comp)  # the span is kept with its tables, so its id cannot be reused meanwhile
    return comp


def known_crimes(law: LawAt) -> list[str]:
    """The crimes whose statutory tiers are in force on the view's date (code names, sorted)."""
    out = []
    for name, d in sorted(CRIMES.items()):
        try:
            _compiled_for(d, law)
        except InputError:
            continue
        out.append(name)
    return out


def defines(crime: str) -> bool:
    """Whether the crime rules define `crime` (whatever the date)."""
    return crime in CRIMES


def statutory_tiers(crime: str, law: LawAt) -> tuple[Tier, ...]:
    """The statutory ranges (法定刑幅度) of `crime` in force on the view's date, lightest first (by `index`).

    Raises `UnknownCrime` for a crime the package does not define and `LawNotInForce` for a date its law data does
    not cover (e.g. 非法吸收公众存款罪 before 2021-03-01).
    """
    comp = _compiled_for(_crime(crime), law)
    return tuple(comp.tiers[i] for i in sorted(comp.tiers))


def tiers_for_facts(crime: str, facts: Mapping[str, Any], law: LawAt) -> tuple[Tier, ...]:
    """The statutory tier the `facts` put the crime in, followed by the other tiers they may put it in.

    More than one tier is returned only where the answer depends on a figure the facts do not settle (a provincial
    threshold inside the national range, or a 可以 in an interpretation): the first is the lower reading, as in
    `base_sentence(...).tier`, the others come from its `alternatives`. Raises like `base_sentence` (bad or
    insufficient facts → `InputError` naming `facts.<key>`).
    """
    bs = base_sentence(crime, facts, law)
    out = [bs.tier]
    for alt in bs.alternatives:
        if alt.tier not in out:
            out.append(alt.tier)
    return tuple(out)


def crime_name_zh(crime: str) -> str:
    """The crime's Chinese name, e.g. theft → 盗窃罪."""
    return _crime(crime).zh


def crime_schema(crime: str) -> dict[str, Any]:
    """A JSON-Schema-like description of the `facts` the crime takes (name, type, unit, meaning, allowed values)."""
    d = _crime(crime)
    return {
        "crime": d.name,
        "name_zh": d.zh,
        "criminal_law_article": d.article,
        "negligent": d.negligent,
        "type": "object",
        "additionalProperties": False,
        "properties": {k: s.schema() for k, s in d.facts.items()},
        "rules": (d.classify.__doc__ or "").strip(),
    }


def _months(raw: Fraction | Months | Any) -> Months:
    if isinstance(raw, Months):
        return raw
    try:
        m = Fraction(str(raw))
    except (ValueError, ZeroDivisionError):
        raise InputError(
            f"{raw!r} 不是月数 / {raw!r} is not a number of months",
            field="base_sentence_months",
            allowed="a number of months > 0",
        ) from None
    if m <= 0:
        raise InputError(
            "基准刑必须大于零个月 / the base sentence must be more than zero months",
            field="base_sentence_months",
            allowed="a number of months > 0",
        )
    return Months(m, m)


def base_sentence(
    crime: str,
    facts: Mapping[str, Any],
    law: LawAt,
    *,
    base_sentence_months: Fraction | Months | None = None,
) -> BaseSentence:
    """Steps 1-2 of the method for `crime` with quantities `facts` under the law in force in `law`.

    The statutory tier and the guideline case follow from the facts; the starting point is the guideline's range
    for that case; the base sentence adds the punishment the remaining facts carry (by the province's rule where
    one is loaded, else by the documented policy interpolation). With `base_sentence_months`, the quantity
    reasoning is skipped: the given base is checked against the tier the facts give (or, with no facts, the
    lightest tier that contains it) and returned as the base.
    """
    d = _crime(crime)
    comp = _compiled_for(d, law)
    key = _result_key(crime, facts, law, base_sentence_months, comp)
    span = law.span
    if key is not None:
        try:
            hit = _results.get(key)
        except TypeError:  # a value that cannot be hashed (a list, a dict): no memo
            key = hit = None
        if hit is not None and hit[0] is span:
            return hit[1]
    f = validate_facts(d.name, d.facts, facts)
    given = _months(base_sentence_months) if base_sentence_months is not None else None
    cls = _tier_for_months(d, comp, given) if given is not None and not facts else d.classify(f, comp.thresholds)
    result = base_from_classification(comp, cls, f, given, day=law.day)
    if key is not None:
        if len(_results) > _MAX_RESULTS:
            _results.clear()
        _results[key] = (span, result)
    return result


#: Results are pure functions of (crime, facts, the law's span of days, given base) and immutable: memoized (the
#: date itself only where a message names it: a crime without a guideline section on that date).
_results: dict[tuple[Any, ...], tuple[LawAt, BaseSentence]] = {}
_MAX_RESULTS = 16_384


def _result_key(crime: str, facts: Mapping[str, Any] | None, law: LawAt, base: Any,
                comp: Compiled) -> tuple[Any, ...] | None:
    """A key for the memo (hashing it raises `TypeError` when a value cannot be hashed), or None when the input is
    not plainly keyable (then no memo). Values are keyed with their type: 1, 1.0 and True are equal but read apart."""
    try:
        items = tuple([(k, type(v), v) for k, v in sorted(facts.items())]) if facts else ()
        key = (
            crime,
            items,
            id(law.span),
            law.day >= SG2024_TRIAL_END,
            law.day if comp.section is None else None,
            base if not isinstance(base, Months) else (base.min, base.max),
        )
    except (TypeError, AttributeError):
        return None
    return key


def _tier_for_months(d: CrimeDef, comp: Compiled, given: Months) -> Classification:
    """With a given base and no facts: the lightest statutory tier containing it, and that tier's guideline case."""
    from pleaguard.rules.sentencing.crimes.compute import _tier_ceiling

    for idx in sorted(comp.tiers):
        t = comp.tiers[idx]
        if t.min_months <= given.min and given.max <= _tier_ceiling(t, comp):
            keys = [sp.key for sp in comp.starting_points.values() if sp.statutory_tier == idx]
            c = Classification(key=keys[0] if keys else "direct" if comp.direct else f"tier{idx}", tier=idx)
            c.warnings.append(f"未提供犯罪事实：按给定基准刑所在的法定刑幅度（第{idx}档）确定。")
            return c
    lo = min(t.min_months for t in comp.tiers.values())
    hi = max(_tier_ceiling(t, comp) for t in comp.tiers.values())
    raise InputError(
        f"给定的基准刑不在{d.zh}任何法定刑幅度内", field="base_sentence_months", allowed=f"{lo}-{hi} months"
    )

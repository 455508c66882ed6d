"""The sentencing case as `pleaguard sentence` reads it (product.md "Stable contracts"), validated.

A case is JSON: `crime`, `offense_date`, optional `decided_on`, `province`, `facts` (the crime's quantities),
optional `base_sentence_months` (a number or `{min, max}`: skip steps 1-2), `circumstances` (a list of
`{kind, ...details}` with the glossary's code names), `defendant` (`age_at_offense` or `birth_date`, `deaf_mute`,
`blind`, `pregnant`, ...), and for a review a `recommendation`. Unknown fields are refused, never ignored.

Every problem becomes an `InputError` naming the field the way a user reads it (`circumstances[0].stage`), why,
and what is allowed. Status circumstances that follow from the defendant's data (minor, elderly, deaf-mute or
blind) are derived from it; they may also be given as circumstances, and are then counted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from pleaguard.errors import InputError

Stage = Literal["investigation", "prosecution_review", "trial", "appeal"]
ConfessionDegree = Literal["ordinary", "same_kind_heavier", "avoided_serious_consequences"]

STAGES: tuple[str, ...] = ("investigation", "prosecution_review", "trial", "appeal")

#: The general circumstance kinds (glossary code names) and the detail fields each one takes besides `kind`.
GENERAL_KINDS: dict[str, frozenset[str]] = {
    "surrender": frozenset({"abused"}),
    "confession": frozenset({"degree"}),
    "in_court_plea": frozenset(),
    "meritorious_service": frozenset({"major"}),
    "restitution": frozenset(),
    "compensation": frozenset({"forgiveness"}),
    "forgiveness": frozenset(),
    "reconciliation": frozenset(),
    "good_custody_behaviour": frozenset(),
    "plea_leniency": frozenset({"stage", "date"}),
    "recidivism": frozenset(),
    "prior_record": frozenset({"negligent", "as_minor"}),
    "accessory": frozenset(),
    "coerced_accomplice": frozenset(),
    "instigator": frozenset({"of_minor", "failed"}),
    "attempt": frozenset(),
    "preparation": frozenset(),
    "abandonment": frozenset({"damage"}),
    "excessive_defense": frozenset(),
    "excessive_necessity": frozenset(),
    "vulnerable_victim": frozenset(),
    "disaster_period": frozenset(),
    "deaf_mute_or_blind": frozenset(),
    "limited_capacity_mental_illness": frozenset(),
    "minor": frozenset(),
    "elderly": frozenset(),
}
_DETAILS = ("stage", "degree", "major", "date", "negligent", "as_minor", "abused", "damage", "of_minor", "failed",
            "forgiveness")


_NOT_A_DATE = "不是 YYYY-MM-DD 格式的日期 / not a date in the form YYYY-MM-DD"


def _iso_date(value: Any) -> Any:
    """Dates are ISO strings (YYYY-MM-DD) or date objects; numbers are refused (they would be read as timestamps)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(_NOT_A_DATE) from None
    raise ValueError(_NOT_A_DATE)


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MonthRangeIn(_Model):
    min: int | float | str
    max: int | float | str


class StatutoryRangeIn(_Model):
    """A statutory range given by hand (for a crime the law data does not cover, with `base_sentence_months`)."""

    min_months: int | float | str
    max_months: int | float | str
    penalty_types: list[Literal["public_surveillance", "criminal_detention", "fixed_term_imprisonment"]] = [
        "criminal_detention", "fixed_term_imprisonment"]
    article: str | None = None


class CircumstanceIn(_Model):
    kind: str
    stage: Stage | None = None
    degree: ConfessionDegree | None = None
    major: bool | None = None
    date: IsoDate | None = None
    negligent: bool | None = None
    as_minor: bool | None = None
    abused: bool | None = None
    damage: bool | None = None
    of_minor: bool | None = None
    failed: bool | None = None
    forgiveness: bool | None = None
    note: str | None = None


class DefendantIn(_Model):
    name: str | None = None
    age_at_offense: int | None = None
    birth_date: IsoDate | None = None
    deaf_mute: bool = False
    blind: bool = False
    pregnant: bool = False
    criminal_group_leader: bool = False


class RecommendationIn(_Model):
    """The prosecutor's sentencing recommendation (量刑建议): fixed (确定刑) or a range (幅度刑)."""

    penalty_type: Literal["public_surveillance", "criminal_detention", "fixed_term_imprisonment", "fine_only",
                          "exemption"]
    months: int | float | str | MonthRangeIn | None = None
    probation: bool | int | float | str | None = None
    fine_yuan: int | float | str | None = None
    stage: Stage | None = None


class SentencingCaseIn(_Model):
    crime: str
    offense_date: IsoDate
    decided_on: IsoDate | None = None
    province: str | None = None
    facts: dict[str, Any] = {}
    base_sentence_months: int | float | str | MonthRangeIn | None = None
    statutory_range: StatutoryRangeIn | None = None
    circumstances: list[CircumstanceIn] = []
    defendant: DefendantIn = DefendantIn()
    lighter_crime: bool | None = None
    recommendation: RecommendationIn | None = None
    note: str | None = None


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-before", "function-after") or "[" in str(part):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out or "case"


_ALLOWED_TOP = ", ".join(SentencingCaseIn.model_fields)

#: The Chinese half of the reasons pydantic gives in English, by its error type.
_PYDANTIC_ZH: dict[str, str] = {
    "literal_error": "不是可接受的值",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数值",
    "float_parsing": "应为数值",
    "string_type": "应为字符串",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "list_type": "应为列表",
}


def _reason(err: Any) -> str:
    """A pydantic error as '中文 / English' (our own validators already give both halves)."""
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "value_error":
        return msg
    return f"{_PYDANTIC_ZH.get(err['type'], '输入无效')} / {msg}"


def _translate(exc: ValidationError, model: type[BaseModel]) -> InputError:
    err = exc.errors(include_url=False)[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function"))))
    field = _field_path(loc)
    kind = err["type"]
    allowed = None
    if kind == "extra_forbidden":
        parent: type[BaseModel] | None = model
        for part in loc[:-1]:
            if isinstance(part, int) or parent is None:
                continue
            ann = parent.model_fields[str(part)].annotation if str(part) in parent.model_fields else None
            parent = _model_in(ann)
        names = ", ".join(parent.model_fields) if parent else _ALLOWED_TOP
        return InputError("未知字段 / unknown field", field=field, allowed=names)
    if kind == "missing":
        return InputError("缺少必填字段 / required field is missing", field=field)
    if kind == "literal_error":
        allowed = str(err.get("ctx", {}).get("expected", ""))
    return InputError(_reason(err), field=field, allowed=allowed)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def parse_case(data: Any) -> SentencingCaseIn:
    """Validate a sentencing case (a JSON object); raises `InputError` naming the first bad field."""
    if not isinstance(data, dict):
        raise InputError("量刑案件必须是 JSON 对象 / a sentencing case must be a JSON object", field="case",
                         allowed="{crime, offense_date, facts, circumstances, defendant, ...}")
    try:
        case = SentencingCaseIn.model_validate(data)
    except ValidationError as exc:
        raise _translate(exc, SentencingCaseIn) from None
    _check_details(case)
    return case


def _check_details(case: SentencingCaseIn | Case) -> None:
    """Each circumstance may carry only the details of its kind (a `stage` on a surrender is a mistake)."""
    circumstances: Sequence[CircumstanceIn | Circumstance] = case.circumstances
    for i, c in enumerate(circumstances):
        allowed = GENERAL_KINDS.get(c.kind)
        if allowed is None:
            continue  # crime-specific kinds are checked against the crime's rules by the engine
        for name in _DETAILS:
            if getattr(c, name) is not None and name not in allowed:
                raise InputError(f"{c.kind} 量刑情节不接受 {name!r}"
                                 f" / {name!r} is not a detail of a {c.kind} circumstance",
                                 field=f"circumstances[{i}].{name}",
                                 allowed=", ".join(sorted(allowed)) or "no details besides kind")
        if c.kind == "plea_leniency" and c.stage is None:
            raise InputError("认罪认罚须注明所处的诉讼阶段 / a plea must say at which stage it was made",
                             field=f"circumstances[{i}].stage",
                             allowed=", ".join(STAGES))


def to_months(value: Any, field: str, *, allow_zero: bool = False) -> Fraction:
    """A number of months from JSON (integer, decimal string or number), exact; negatives and absurd values refused."""
    if isinstance(value, bool):
        raise InputError("应为月数 / expected a number of months", field=field)
    if type(value) is int:  # the usual case, without the detour through Decimal (same value, same checks on the int)
        if 0 < value <= 300 or (value == 0 and allow_zero):
            return Fraction(value)
        return _checked_months(Fraction(value), value, field, allow_zero)
    try:
        dec = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InputError(f"{value!r} 不是月数 / {value!r} is not a number of months", field=field) from None
    if not dec.is_finite():
        raise InputError("不是有限数值 / not a finite number", field=field)
    return _checked_months(Fraction(dec), value, field, allow_zero)


def _checked_months(months: Fraction, value: Any, field: str, allow_zero: bool) -> Fraction:
    if months < 0 or (months == 0 and not allow_zero):
        raise InputError("月数必须大于零 / months must be positive", field=field, allowed="1 to 300 months")
    if months > 300:
        raise InputError(f"{value} 个月超出任何有期徒刑的期限 / {value} months is beyond any fixed-term sentence",
                         field=field,
                         allowed="at most 300 months (CL 45, 69: 15 years, 25 years for combined sentences)")
    return months


def month_range(value: Any, field: str) -> tuple[Fraction, Fraction]:
    """A month value or `{min, max}` as an exact closed range."""
    if isinstance(value, MonthRangeIn):
        lo = to_months(value.min, f"{field}.min")
        hi = to_months(value.max, f"{field}.max")
        if lo > hi:
            raise InputError("下限大于上限 / min is greater than max", field=field, allowed="min <= max")
        return lo, hi
    m = to_months(value, field)
    return m, m


# ------------------------------------------------------------------------------------------------ the engine's case
#
# The engine reads a validated case as the plain objects below (the same field names as the models above). Input
# in the usual shape — JSON types exactly as the models take them — is checked and converted by `read_case`
# directly, which is several times faster than building the pydantic models; anything else (other types the models
# would coerce or refuse, a `recommendation`, a `{min, max}` base) goes through `parse_case`, so a bad case is
# refused with the same error either way, and an accepted case has the same values.


@dataclass(slots=True)
class Circumstance:
    kind: str
    stage: Stage | None = None
    degree: ConfessionDegree | None = None
    major: bool | None = None
    date: dt.date | None = None
    negligent: bool | None = None
    as_minor: bool | None = None
    abused: bool | None = None
    damage: bool | None = None
    of_minor: bool | None = None
    failed: bool | None = None
    forgiveness: bool | None = None
    note: str | None = None


@dataclass(slots=True)
class Defendant:
    name: str | None = None
    age_at_offense: int | None = None
    birth_date: dt.date | None = None
    deaf_mute: bool = False
    blind: bool = False
    pregnant: bool = False
    criminal_group_leader: bool = False


@dataclass(slots=True)
class StatutoryRange:
    min_months: int | float | str
    max_months: int | float | str
    penalty_types: list[Literal["public_surveillance", "criminal_detention", "fixed_term_imprisonment"]]
    article: str | None = None


@dataclass(slots=True)
class Case:
    """A validated sentencing case, as the engine reads it."""

    crime: str
    offense_date: dt.date
    decided_on: dt.date | None
    province: str | None
    facts: dict[str, Any]
    base_sentence_months: int | float | str | MonthRangeIn | None
    statutory_range: StatutoryRange | None
    circumstances: list[Circumstance]
    defendant: Defendant
    lighter_crime: bool | None
    recommendation: RecommendationIn | None = None
    note: str | None = None

    @classmethod
    def from_model(cls, m: SentencingCaseIn) -> Case:
        sr = m.statutory_range
        return cls(
            m.crime, m.offense_date, m.decided_on, m.province, m.facts, m.base_sentence_months,
            None if sr is None else StatutoryRange(sr.min_months, sr.max_months, list(sr.penalty_types), sr.article),
            [Circumstance(**c.model_dump()) for c in m.circumstances], Defendant(**m.defendant.model_dump()),
            m.lighter_crime, m.recommendation, m.note)


def read_case(data: Any) -> Case:
    """Validate a sentencing case (a JSON object) for the engine; raises `InputError` naming the first bad field."""
    read = _read_plain(data) if type(data) is dict else None
    if read is None:
        return Case.from_model(parse_case(data))
    case, details_ok = read
    if not details_ok:
        _check_details(case)  # raises the error `parse_case` raises
    return case


_TOP = frozenset(SentencingCaseIn.model_fields) - {"recommendation"}
_DEF = frozenset(DefendantIn.model_fields)
_DEF_FLAGS = ("deaf_mute", "blind", "pregnant", "criminal_group_leader")
_SR = frozenset(StatutoryRangeIn.model_fields)
_STAGES = frozenset(STAGES)
_DEGREES = frozenset(("ordinary", "same_kind_heavier", "avoided_serious_consequences"))
#: how `_read_plain` checks each field of a circumstance: its JSON type, or the set of allowed strings
#: the fields a circumstance of a general kind may set (its details, and `kind` and `note`)
_DETAILS_OF = {kind: details | {"kind", "note"} for kind, details in GENERAL_KINDS.items()}
_CIRC_CHECK: dict[str, str | frozenset[str]] = {
    "kind": "str", "note": "str", "date": "date", "stage": _STAGES, "degree": _DEGREES,
    **{flag: "bool" for flag in ("major", "negligent", "as_minor", "abused", "damage", "of_minor", "failed",
                                 "forgiveness")}}
_PENALTIES = frozenset(("public_surveillance", "criminal_detention", "fixed_term_imprisonment"))
_NUMBER = (int, float, str)


def _date(value: Any) -> dt.date | None:
    """An ISO date string as `_iso_date` reads it, or None (then the models decide)."""
    if type(value) is not str:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _optional_str(data: dict[str, Any], key: str) -> bool:
    v = data.get(key)
    return v is None or type(v) is str


def _read_plain(data: dict[str, Any]) -> tuple[Case, bool] | None:
    """The case when every field has exactly the JSON type the models take without coercion; else None.

    With it, whether every circumstance carries only details of its kind and every plea its stage (what
    `_check_details` checks; when not, that function finds the first problem and says it).
    """
    if not _TOP.issuperset(data):
        return None
    crime = data.get("crime")
    offense = _date(data.get("offense_date"))
    if type(crime) is not str or offense is None:
        return None
    decided = data.get("decided_on")
    if decided is not None and (decided := _date(decided)) is None:
        return None
    province, note = data.get("province"), data.get("note")
    if (province is not None and type(province) is not str) or (note is not None and type(note) is not str):
        return None
    facts = data.get("facts", _MISSING)
    if facts is _MISSING:
        facts = {}
    elif type(facts) is not dict:
        return None
    else:
        for k in facts:
            if type(k) is not str:
                return None
        facts = dict(facts)
    base = data.get("base_sentence_months")
    if base is not None and type(base) not in _NUMBER:
        return None
    lighter = data.get("lighter_crime")
    if lighter is not None and type(lighter) is not bool:
        return None
    sr: StatutoryRange | None = None
    raw_sr = data.get("statutory_range")
    if raw_sr is not None:
        if type(raw_sr) is not dict or not _SR.issuperset(raw_sr) or "min_months" not in raw_sr \
                or "max_months" not in raw_sr:
            return None
        lo, hi = raw_sr["min_months"], raw_sr["max_months"]
        types = raw_sr.get("penalty_types", _MISSING)
        if types is _MISSING:
            types = ["criminal_detention", "fixed_term_imprisonment"]
        elif type(types) is not list or not _PENALTIES.issuperset(types) or not all(type(t) is str for t in types):
            return None
        if type(lo) not in _NUMBER or type(hi) not in _NUMBER or not _optional_str(raw_sr, "article"):
            return None
        sr = StatutoryRange(lo, hi, list(types), raw_sr.get("article"))
    circumstances: list[Circumstance] = []
    details_ok = True
    raw_c = data.get("circumstances", _MISSING)
    if raw_c is not _MISSING:
        if type(raw_c) is not list:
            return None
        for c in raw_c:
            if type(c) is not dict or type(c.get("kind")) is not str:
                return None
            if len(c) == 1:  # the kind alone (the usual case): nothing else to check
                if c["kind"] == "plea_leniency":
                    details_ok = False  # a plea needs its stage
                circumstances.append(Circumstance(c["kind"]))
                continue
            day = None
            allowed = _DETAILS_OF.get(c["kind"])
            if c["kind"] == "plea_leniency" and c.get("stage") is None:
                details_ok = False
            for k, v in c.items():
                check = _CIRC_CHECK.get(k)
                if check is None:
                    return None  # an unknown field
                if v is None:
                    continue
                if allowed is not None and k not in allowed:
                    details_ok = False
                if check == "str":
                    ok = type(v) is str
                elif check == "bool":
                    ok = type(v) is bool
                elif check == "date":
                    ok = (day := _date(v)) is not None
                else:
                    ok = type(v) is str and v in check
                if not ok:
                    return None
            circumstances.append(Circumstance(**c) if day is None else Circumstance(**{**c, "date": day}))
    raw_d = data.get("defendant", _MISSING)
    if raw_d is _MISSING:
        defendant = Defendant()
    else:
        if type(raw_d) is not dict or not _DEF.issuperset(raw_d) or not _optional_str(raw_d, "name"):
            return None
        age, birth = raw_d.get("age_at_offense"), raw_d.get("birth_date")
        if age is not None and type(age) is not int:
            return None
        for flag in _DEF_FLAGS:
            if flag in raw_d and type(raw_d[flag]) is not bool:
                return None
        if birth is not None:
            if (birth := _date(birth)) is None:
                return None
            raw_d = {**raw_d, "birth_date": birth}
        defendant = Defendant(**raw_d)
    return Case(crime, offense, decided, province, facts, base, sr, circumstances, defendant, lighter, None,
                note), details_ok


_MISSING: Any = object()

"""The case file: people, charges and the append-only log of what happened in a plea case.

This is the format that `pleaguard check`, import and export share (JSON; schema in
`pleaguard/schemas/case-file.schema.json`, documented in docs/case-file.md)::

    {"case_id": "...", "people": [...], "charges": [...], "events": [...]}

Events are facts with a time (`at`, ISO 8601 with a UTC offset) and a `type`; each type has its own fields.
Events are never edited or deleted: a `correction` event names the event it corrects and gives the fields
that replace the recorded ones (or voids it). `validate_case_file` checks the shape, then the cross-references
(unknown people, duplicate ids), the legal order of events (no judgment before an indictment) and impossible
dates, and raises `InputError` with the path of the first problem (e.g. `events[3].at`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from pleaguard.errors import InputError

Role = Literal["suspect", "victim", "defender", "duty_lawyer", "legal_representative", "victim_agent"]
Disability = Literal["blind", "deaf", "mute"]
MentalCapacity = Literal["full", "partial", "none"]
ProcedureName = Literal["speedy", "simplified", "ordinary"]
LawyerRole = Literal["defender_retained", "defender_legal_aid", "duty_lawyer"]
Matter = Literal["facts_and_charge", "leniency_proposal", "procedure", "other"]
NoticeTopic = Literal["litigation_rights", "plea_law", "duty_lawyer", "legal_aid", "right_to_defender"]
Authority = Literal["police", "procuratorate", "court", "detention_house"]
PenaltyType = Literal[
    "fixed_term_imprisonment", "criminal_detention", "public_surveillance", "life_imprisonment", "death",
    "fine_only", "exemption",
]
MATTERS: tuple[Matter, ...] = ("facts_and_charge", "leniency_proposal", "procedure", "other")
CUSTODIAL: frozenset[str] = frozenset({"fixed_term_imprisonment", "criminal_detention", "public_surveillance"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Person(_Model):
    """A person in the case. Lawyers are people too (role defender or duty_lawyer)."""

    id: str = Field(min_length=1, max_length=64, description="Unique within the case; events refer to it.")
    role: Role
    name: str = Field(min_length=1, description="Name as in the file (made-up names in examples).")
    birth_date: dt.date | None = Field(None, description="Needed to know whether a suspect is a minor.")
    disabilities: list[Disability] = Field(default_factory=list, description="盲、聋、哑 (CPL 35, 174, 215, 223).")
    mental_capacity: MentalCapacity = Field(
        "full", description="partial = 尚未完全丧失辨认或者控制自己行为能力的精神病人 (CPL 35 ¶2, 174 ¶2, 223)."
    )
    language: str | None = Field(None, description="The language the person understands (e.g. zh, ug, en).")
    represents: str | None = Field(None, description="For a legal_representative or victim_agent: whom.")
    firm: str | None = Field(None, description="For lawyers: law firm or legal-aid centre.")


class Charge(_Model):
    """A charge against a suspect: the crime (glossary code name) and facts as the sentencing engine takes them."""

    person: str
    crime: str = Field(min_length=1, description="Glossary code name, e.g. theft, dangerous_driving.")
    facts: dict[str, Any] = Field(default_factory=dict, description="Crime quantities (amount_yuan, count, ...).")
    tier: int | None = Field(
        None, ge=1,
        description="The statutory tier charged, numbered lightest first (1 = the lightest range), "
        "as `pleaguard sentence` numbers `tier.index`.",
    )
    offense_date: dt.date | None = None


class Recommendation(_Model):
    """A sentencing recommendation (量刑建议).

    Fixed (确定刑): `months`; a range (幅度刑): `months_min`..`months_max`.
    """

    penalty_type: PenaltyType
    months: int | None = Field(None, ge=0, le=300)
    months_min: int | None = Field(None, ge=0, le=300)
    months_max: int | None = Field(None, ge=0, le=300)
    probation: bool = False
    probation_months: int | None = Field(None, ge=0, le=60)
    fine_yuan: int | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _months_or_range(self) -> Recommendation:
        has_range = self.months_min is not None or self.months_max is not None
        if self.penalty_type in CUSTODIAL:
            if self.months is None and not has_range:
                raise ValueError(f"{self.penalty_type} 的量刑建议须填写 `months` 或 `months_min`/`months_max`"
                                 f" / a {self.penalty_type} recommendation needs `months` or `months_min`/`months_max`")
            if self.months is not None and has_range:
                raise ValueError("`months`（确定刑）与 `months_min`/`months_max`（幅度刑）只能填一种"
                                 " / give either `months` (确定刑) or `months_min`/`months_max` (幅度刑), not both")
            if has_range and (self.months_min is None or self.months_max is None):
                raise ValueError("幅度刑须同时填写 `months_min` 和 `months_max`"
                                 " / a range needs both `months_min` and `months_max`")
            if has_range and self.months_min is not None and self.months_max is not None \
                    and self.months_min > self.months_max:
                raise ValueError("months_min 大于 months_max / months_min is greater than months_max")
        elif self.months is not None or has_range:
            raise ValueError(f"{self.penalty_type} 不设刑期月数 / {self.penalty_type} takes no months")
        if self.probation_months is not None and not self.probation:
            raise ValueError("填写了 probation_months，但 probation 为 false"
                             " / probation_months given but probation is false")
        return self

    @property
    def max_months(self) -> int | None:
        """The heaviest term the recommendation allows (None for life imprisonment, death, or no term)."""
        return self.months if self.months is not None else self.months_max

    def same_as(self, other: Recommendation) -> bool:
        return self.model_dump() == other.model_dump()

    def zh(self) -> str:
        names = {"fixed_term_imprisonment": "有期徒刑", "criminal_detention": "拘役", "public_surveillance": "管制",
                 "life_imprisonment": "无期徒刑", "death": "死刑", "fine_only": "单处罚金", "exemption": "免予刑事处罚"}
        text = names[self.penalty_type]
        if self.months is not None:
            text += f"{self.months}个月"
        elif self.months_min is not None:
            text += f"{self.months_min}至{self.months_max}个月"
        if self.probation:
            text += "，缓刑" + (f"{self.probation_months}个月" if self.probation_months else "")
        if self.fine_yuan is not None:
            text += f"，罚金{self.fine_yuan}元"
        return text


# ---------------------------------------------------------------------------------------------- events


class _Event(_Model):
    id: str = Field(min_length=1, max_length=64)
    at: AwareDatetime = Field(
        description="When it happened: ISO 8601 with a UTC offset, e.g. 2024-09-27T10:00:00+08:00.")
    person: str | None = Field(None, description="The suspect or defendant the event concerns.")
    note: str | None = None


class Detained(_Event):
    """刑事拘留 (CPL 82). `roving_repeated_or_gang`: 流窜作案、多次作案、结伙作案的重大嫌疑 (CPL 91 ¶2)."""

    type: Literal["detained"]
    roving_repeated_or_gang: bool = False


class ArrestRequested(_Event):
    """公安机关提请批准逮捕 (CPL 91 ¶1); starts the procuratorate's 7 days (CPL 91 ¶3)."""

    type: Literal["arrest_requested"]


class Arrested(_Event):
    """逮捕."""

    type: Literal["arrested"]


class Bail(_Event):
    """取保候审: the suspect is released from custody."""

    type: Literal["bail"]


class ResidentialSurveillance(_Event):
    """监视居住."""

    type: Literal["residential_surveillance"]


class Released(_Event):
    """Released without a coercive measure (释放)."""

    type: Literal["released"]


class RightsNotice(_Event):
    """权利告知: who told the suspect (`by`) which topics (CPL 120 ¶2, 173 ¶2, 36 ¶2)."""

    type: Literal["rights_notice"]
    by: Authority
    topics: list[NoticeTopic] = Field(min_length=1)


class LawyerAssigned(_Event):
    """A lawyer starts acting for the suspect: retained or legal-aid defender, or duty lawyer."""

    type: Literal["lawyer_assigned"]
    lawyer: str
    role: LawyerRole


class LawyerEnded(_Event):
    """A lawyer stops acting for the suspect (withdrawal, replacement)."""

    type: Literal["lawyer_ended"]
    lawyer: str


class Meeting(_Event):
    """会见: a lawyer met the suspect, for `minutes` minutes."""

    type: Literal["meeting"]
    lawyer: str
    minutes: int = Field(ge=0, le=24 * 60)


class FileAccess(_Event):
    """阅卷: a lawyer read the case file (CPL 40; for duty lawyers CPL 173 ¶3, SPP-R 269 ¶2)."""

    type: Literal["file_access"]
    lawyer: str


class ReceivedForReview(_Event):
    """案件移送审查起诉: the procuratorate received the case (starts CPL 172's period)."""

    type: Literal["received_for_review"]
    major_or_complex: bool | None = Field(None, description="重大、复杂 (CPL 172: +15 days), if known.")


class OpinionsHeard(_Event):
    """听取意见 (CPL 173): the procuratorate heard `from_person` on `matters`."""

    type: Literal["opinions_heard"]
    from_person: str
    matters: list[Matter] = Field(min_length=1)
    by: Authority = "procuratorate"
    opinion: str | None = None


class PleaObjection(_Event):
    """A minor's legal representative or defender objects to the minor's plea (CPL 174 ¶2(2); SPP-R 468)."""

    type: Literal["plea_objection"]
    by_person: str


class RecommendationProposed(_Event):
    """量刑建议 proposed by the procuratorate; `revises` names the proposal it replaces."""

    type: Literal["recommendation_proposed"]
    recommendation: Recommendation
    revises: str | None = None


class PleaAffidavitSigned(_Event):
    """认罪认罚具结书 signed; `present` lists the people present (CPL 174 ¶1; SPP-R 272, 468)."""

    type: Literal["plea_affidavit_signed"]
    present: list[str] = Field(default_factory=list)
    confession: bool = Field(True, description="The affidavit records a truthful confession (如实供述罪行).")
    recommendation: Recommendation | None = None
    procedure: ProcedureName | None = None


class Indicted(_Event):
    """提起公诉, with the procedure the procuratorate proposes."""

    type: Literal["indicted"]
    procedure: ProcedureName | None = None


class NotProsecuted(_Event):
    """不起诉 (CPL 177 ¶2 相对不起诉 and others)."""

    type: Literal["not_prosecuted"]


class TrialAccepted(_Event):
    """The court accepted the case (受理); starts the trial period of CPL 208 / 220 / 225."""

    type: Literal["trial_accepted"]
    procedure: ProcedureName


ConversionReason = Literal[
    "not_a_crime", "involuntary_plea", "denies_facts", "complex_or_disputed", "possible_over_three_years",
    "other",
]


class ProcedureConverted(_Event):
    """程序转换 (CPL 221, 226; SPC-I 368, 375); the trial period restarts (SPC-I 376)."""

    type: Literal["procedure_converted"]
    to_procedure: ProcedureName
    reason: ConversionReason = "other"


class Judgment(_Event):
    """First-instance judgment (or ruling). `served_at`: when the defendant received it (CPL 230)."""

    type: Literal["judgment"]
    kind: Literal["judgment", "ruling"] = "judgment"
    penalty: Recommendation | None = None
    served_at: AwareDatetime | None = None
    recommendation_adopted: bool | None = None


class PleaWithdrawn(_Event):
    """反悔: the suspect or defendant withdraws the plea."""

    type: Literal["plea_withdrawn"]
    reason: str | None = None


class Appeal(_Event):
    """上诉 (by the defendant) or 抗诉 (by the procuratorate)."""

    type: Literal["appeal"]
    by: Literal["defendant", "procuratorate"] = "defendant"


class Correction(_Event):
    """Corrects an earlier event: `fields` replace the recorded values, or `void` strikes the event."""

    type: Literal["correction"]
    corrects: str
    fields: dict[str, Any] = Field(default_factory=dict)
    void: bool = False
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _fields_or_void(self) -> Correction:
        if self.void == bool(self.fields):
            raise ValueError("更正须填写 `fields` 或 `void: true` 二者之一"
                             " / a correction gives either `fields` or `void: true`")
        if {"id", "type"} & set(self.fields):
            raise ValueError("更正不能改变事件的编号或类型 / a correction cannot change an event's id or type")
        return self


Event = Annotated[
    Detained | ArrestRequested | Arrested | Bail | ResidentialSurveillance | Released | RightsNotice
    | LawyerAssigned | LawyerEnded | Meeting | FileAccess | ReceivedForReview | OpinionsHeard | PleaObjection
    | RecommendationProposed | PleaAffidavitSigned | Indicted | NotProsecuted | TrialAccepted | ProcedureConverted
    | Judgment | PleaWithdrawn | Appeal | Correction,
    Field(discriminator="type"),
]
EVENT_TYPES: tuple[str, ...] = (
    "detained", "arrest_requested", "arrested", "bail", "residential_surveillance", "released", "rights_notice",
    "lawyer_assigned", "lawyer_ended", "meeting", "file_access", "received_for_review", "opinions_heard",
    "plea_objection", "recommendation_proposed", "plea_affidavit_signed", "indicted", "not_prosecuted",
    "trial_accepted", "procedure_converted", "judgment", "plea_withdrawn", "appeal", "correction",
)
_EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


class ProcedureFacts(_Model):
    """Facts about the case that bear on procedure and are not events; null = not known yet."""

    court_level: Literal["basic", "intermediate", "high", "supreme"] | None = None
    facts_clear_evidence_sufficient: bool | None = None
    major_social_impact: bool | None = None
    co_defendants_object: bool | None = Field(None, description="共同犯罪中部分被告人有异议 (CPL 215(3), 223(4)).")
    civil_settlement_reached: bool | None = Field(
        None, description="与被害人就附带民事诉讼赔偿等达成调解或和解 (CPL 223(5)); null when there is no victim claim."
    )
    defender_pleads_not_guilty: bool | None = None
    may_not_be_a_crime: bool | None = None


class CaseFile(_Model):
    """A whole case: who is in it, what they are charged with, and what happened, in order."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              json_schema_extra={"$id": "https://pleaguard.example/schemas/case-file.schema.json"})

    case_id: str = Field(min_length=1, max_length=128)
    title: str | None = None
    made_up: bool = Field(False, description="True for invented example cases.")
    people: list[Person] = Field(min_length=1)
    charges: list[Charge] = Field(default_factory=list)
    procedure_facts: ProcedureFacts = Field(default_factory=ProcedureFacts)
    events: list[Event] = Field(default_factory=list)

    def person(self, pid: str) -> Person:
        for p in self.people:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def suspects(self) -> list[Person]:
        return [p for p in self.people if p.role == "suspect"]


# ---------------------------------------------------------------------------------------------- validation


_MESSAGES = {
    "timezone_aware": "时间须带 UTC 偏移（例如 2024-09-27T10:00:00+08:00）"
                      " / datetime must carry a UTC offset (e.g. 2024-09-27T10:00:00+08:00)",
    "extra_forbidden": "未知字段 / unknown field",
    "missing": "缺少必填字段 / required field is missing",
    "union_tag_invalid": "未知事件类型 / unknown event type",
    "union_tag_not_found": "事件缺少 `type` / event has no `type`",
}


def _message(err: Any) -> str:
    """The reason of one pydantic error, Chinese first: ours for the common kinds, the validator's own (already
    bilingual) for our model checks, else pydantic's English text after a Chinese summary."""
    if err["type"] in _MESSAGES:
        return _MESSAGES[err["type"]]
    if err["type"] == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    return f"取值无效 / {err['msg']}"


def _path(loc: Sequence[int | str], raw: Any) -> str:
    """Turn a pydantic location into `events[3].at`, naming the event id when there is one."""
    out = ""
    node = raw
    i = 0
    items = list(loc)
    while i < len(items):
        part = items[i]
        if isinstance(part, int):
            out += f"[{part}]"
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if out.startswith("events[") and out.count("[") == 1 and isinstance(node, dict) and node.get("id"):
                    out += f"(id={node['id']})"
                    # the discriminated union adds the tag as the next location element: skip it
                    if i + 1 < len(items) and items[i + 1] == node.get("type"):
                        i += 1
            else:
                node = None
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
        i += 1
    return out or "case file"


def _input_error(exc: ValidationError, raw: Any) -> InputError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    path = _path(first["loc"], raw)
    msg = _message(first)
    allowed = None
    if first["type"] in ("union_tag_invalid", "union_tag_not_found"):
        allowed = ", ".join(EVENT_TYPES)
        path += ".type"
    elif first["type"] == "literal_error":
        allowed = str(first.get("ctx", {}).get("expected", "")) or None
    if len(errors) > 1:
        zh, _, en = msg.partition(" / ")
        msg = f"{zh}（另有 {len(errors) - 1} 处问题） / {en or zh} (and {len(errors) - 1} more problem(s))"
    return InputError(msg, field=path, allowed=allowed)


# The legal order of events for one suspect: an event of the key type needs an earlier event of one of the types.
_NEEDS_EARLIER: dict[str, tuple[tuple[str, ...], tuple[str, str]]] = {
    "arrest_requested": (("detained",), ("提请批准逮捕之前须先拘留（刑事诉讼法第九十一条）",
                                         "提请批准逮捕 needs an earlier detention (CPL 91)")),
    "trial_accepted": (("indicted",), ("法院只受理已提起公诉的案件",
                                       "a court accepts a public prosecution only after an indictment")),
    "procedure_converted": (("trial_accepted",), ("程序只能在审判中转换（刑事诉讼法第二百二十一条、第二百二十六条）",
                                                  "a procedure is converted only during trial (CPL 221, 226)")),
    "judgment": (("indicted",), ("判决之前须先提起公诉", "a judgment needs an earlier indictment")),
    "appeal": (("judgment",), ("上诉之前须先有判决", "an appeal needs an earlier judgment")),
}
_PERSON_REQUIRED = {
    "detained", "arrest_requested", "arrested", "bail", "residential_surveillance", "released", "rights_notice",
    "lawyer_assigned", "lawyer_ended", "meeting", "file_access", "received_for_review", "opinions_heard",
    "plea_objection", "recommendation_proposed", "plea_affidavit_signed", "indicted", "not_prosecuted",
    "trial_accepted", "procedure_converted", "judgment", "plea_withdrawn", "appeal",
}


def _unknown_person(ref: Any) -> str:
    return f"未知人员 {ref!r} / unknown person {ref!r}"


def _not_a_suspect(ref: str, role: str) -> str:
    return f"{ref!r} 的角色是 {role}，不是犯罪嫌疑人 / {ref!r} is a {role}, not a suspect"


def _check_references(case: CaseFile) -> None:
    people = {}
    for i, p in enumerate(case.people):
        if p.id in people:
            raise InputError(f"人员编号 {p.id!r} 重复 / duplicate person id {p.id!r}", field=f"people[{i}].id")
        people[p.id] = p
    for i, p in enumerate(case.people):
        if p.represents is not None and p.represents not in people:
            raise InputError(_unknown_person(p.represents), field=f"people[{i}].represents",
                             allowed=", ".join(people))
        if p.represents is not None and p.role not in ("legal_representative", "victim_agent"):
            raise InputError("只有法定代理人（legal_representative）或被害人代理人（victim_agent）可以代理他人"
                             " / only a legal_representative or victim_agent represents someone",
                             field=f"people[{i}].represents")
    if not case.suspects():
        raise InputError("案件至少须有一名角色为 suspect（犯罪嫌疑人）的人员"
                         " / a case needs at least one person with role suspect", field="people")
    for i, c in enumerate(case.charges):
        if c.person not in people:
            raise InputError(_unknown_person(c.person), field=f"charges[{i}].person", allowed=", ".join(people))
        if people[c.person].role != "suspect":
            raise InputError(_not_a_suspect(c.person, people[c.person].role), field=f"charges[{i}].person")
    lawyers = {pid for pid, p in people.items() if p.role in ("defender", "duty_lawyer")}
    seen: dict[str, int] = {}
    for i, ev in enumerate(case.events):
        where = f"events[{i}](id={ev.id})"
        if ev.id in seen:
            raise InputError(f"事件编号 {ev.id!r} 重复（另见 events[{seen[ev.id]}]）"
                             f" / duplicate event id {ev.id!r} (also events[{seen[ev.id]}])", field=f"events[{i}].id")
        seen[ev.id] = i
        if ev.type in _PERSON_REQUIRED and ev.person is None:
            raise InputError(f"{ev.type} 事件须在 `person` 中写明犯罪嫌疑人"
                             f" / a {ev.type} event must name the suspect in `person`", field=f"{where}.person")
        if ev.person is not None:
            if ev.person not in people:
                raise InputError(_unknown_person(ev.person), field=f"{where}.person", allowed=", ".join(people))
            if ev.type in _PERSON_REQUIRED and people[ev.person].role != "suspect":
                raise InputError(_not_a_suspect(ev.person, people[ev.person].role), field=f"{where}.person")
        for attr in ("lawyer",):
            val = getattr(ev, attr, None)
            if val is not None:
                if val not in people:
                    raise InputError(_unknown_person(val), field=f"{where}.{attr}", allowed=", ".join(people))
                if val not in lawyers:
                    raise InputError(f"{val!r} 的角色是 {people[val].role}，不是辩护人或值班律师"
                                     f" / {val!r} is a {people[val].role}, not a defender or duty lawyer",
                                     field=f"{where}.{attr}")
        if isinstance(ev, LawyerAssigned):
            want = "duty_lawyer" if ev.role == "duty_lawyer" else "defender"
            if people[ev.lawyer].role != want:
                raise InputError(f"{ev.lawyer!r} 的角色是 {people[ev.lawyer].role}，却以 {ev.role} 身份指派"
                                 f" / {ev.lawyer!r} has role {people[ev.lawyer].role} but is assigned as {ev.role}",
                                 field=f"{where}.role")
        for attr, vals in (("from_person", [getattr(ev, "from_person", None)]),
                           ("by_person", [getattr(ev, "by_person", None)]),
                           ("present", list(getattr(ev, "present", []) or []))):
            for v in vals:
                if v is not None and v not in people:
                    raise InputError(_unknown_person(v), field=f"{where}.{attr}", allowed=", ".join(people))
        if isinstance(ev, RecommendationProposed) and ev.revises is not None:
            j = seen.get(ev.revises)
            if j is None or j == i or not isinstance(case.events[j], RecommendationProposed):
                raise InputError(f"`revises` 须指向更早的 recommendation_proposed 事件，而不是 {ev.revises!r}"
                                 f" / `revises` must name an earlier recommendation_proposed event, not {ev.revises!r}",
                                 field=f"{where}.revises")
        if isinstance(ev, Correction):
            j = seen.get(ev.corrects)
            if j is None or j == i:
                raise InputError(f"`corrects` 须指向更早的事件，而不是 {ev.corrects!r}"
                                 f" / `corrects` must name an earlier event, not {ev.corrects!r}",
                                 field=f"{where}.corrects")


def apply_corrections(case: CaseFile) -> list[Any]:
    """The events as corrected: each correction replaces fields of (or voids) its target; corrections removed.

    The corrected event is validated again, so a correction cannot produce an invalid event.
    """
    events: list[Any] = list(case.events)
    index = {ev.id: i for i, ev in enumerate(events)}
    voided: set[int] = set()
    for k, ev in enumerate(case.events):
        if not isinstance(ev, Correction):
            continue
        i = index[ev.corrects]
        if ev.void:
            voided.add(i)
            continue
        data = events[i].model_dump(mode="json", exclude_none=True)
        data.update(ev.fields)
        try:
            events[i] = _EVENT_ADAPTER.validate_python(data)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            loc = ".".join(str(x) for x in err["loc"][1:]) or "fields"
            raise InputError(_message(err),
                             field=f"events[{k}](id={ev.id}).fields.{loc}") from None
    return [ev for i, ev in enumerate(events) if i not in voided and not isinstance(ev, Correction)]


def _check_dates_and_order(case: CaseFile) -> None:
    people = {p.id: p for p in case.people}
    index = {ev.id: i for i, ev in enumerate(case.events)}
    for i, ev in enumerate(case.events):
        where = f"events[{i}](id={ev.id})"
        if ev.person is not None:
            born = people[ev.person].birth_date
            if born is not None and ev.at.date() < born:
                raise InputError(f"{ev.at.date().isoformat()} 早于该人员的出生日期 {born.isoformat()}"
                                 f" / {ev.at.date().isoformat()} is before the person's birth date {born.isoformat()}",
                                 field=f"{where}.at")
        served = getattr(ev, "served_at", None)
        if served is not None and served < ev.at:
            raise InputError("判决送达不能早于宣判 / the judgment cannot be served before it was given",
                             field=f"{where}.served_at")
        if isinstance(ev, Correction) and ev.at < case.events[index[ev.corrects]].at:
            raise InputError("更正的时间不能早于被更正的事件"
                             " / a correction cannot be dated before the event it corrects",
                             field=f"{where}.at")
    for i, p in enumerate(case.people):
        if p.birth_date is not None and p.birth_date.year < 1900:
            raise InputError(f"不可能的出生日期 {p.birth_date.isoformat()}"
                             f" / impossible birth date {p.birth_date.isoformat()}",
                             field=f"people[{i}].birth_date")
    events = apply_corrections(case)
    first_at: dict[tuple[str, str], dt.datetime] = {}
    for ev in events:
        key = (ev.person or "", ev.type)
        if key not in first_at or ev.at < first_at[key]:
            first_at[key] = ev.at
    for ev in events:
        rule = _NEEDS_EARLIER.get(ev.type)
        if rule is None or ev.person is None:
            continue
        needed, why = rule
        earlier = [first_at[(ev.person, t)] for t in needed if (ev.person, t) in first_at]
        if not earlier or min(earlier) > ev.at:
            i = index[ev.id]
            raise InputError(f"事件顺序不合法：{why[0]}；{ev.at.isoformat()} 之前 {ev.person!r} 没有"
                             f" {'或'.join(needed)} 事件 / event out of legal order: {why[1]};"
                             f" no {' or '.join(needed)} for {ev.person!r} before {ev.at.isoformat()}",
                             field=f"events[{i}](id={ev.id}).type")


def validate_case_file(data: Any) -> CaseFile:
    """Validate a case file (parsed JSON) and return it; raises InputError naming the first problem's path."""
    if not isinstance(data, dict):
        raise InputError("案件文件必须是 JSON 对象 / a case file is a JSON object", field="case file",
                         allowed='{"case_id", "people", "charges", "events"}')
    try:
        case = CaseFile.model_validate(data)
    except ValidationError as exc:
        raise _input_error(exc, data) from None
    _check_references(case)
    _check_dates_and_order(case)
    return case


def case_file_schema() -> dict[str, Any]:
    """The JSON Schema of the case file (draft 2020-12), as committed in pleaguard/schemas/case-file.schema.json."""
    schema = CaseFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "PleaGuard case file"
    return schema


def case_file_schema_json() -> str:
    return json.dumps(case_file_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: str | None = None) -> str:
    """Write the JSON Schema to `path` (default: the packaged pleaguard/schemas/case-file.schema.json)."""
    from pathlib import Path

    target = Path(path) if path else Path(__file__).resolve().parent.parent / "schemas" / "case-file.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(case_file_schema_json(), encoding="utf-8")
    return str(target)


if __name__ == "__main__":  # regenerate: python -m pleaguard.domain.case_file
    print(write_schema())

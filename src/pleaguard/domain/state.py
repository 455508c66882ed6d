"""The state of a plea case, derived from its event log: nothing here is stored, everything is recomputed.

`derive_state(case)` applies corrections, orders the events by time (ties keep log order) and folds them,
suspect by suspect, into a `SuspectState`: the stage (侦查 → 审查起诉 → 审判 → 判决 → 二审), custody, the
procedure in force, the current sentencing recommendation, and the lawyers' work so far (meetings, file
access, opinions given). It is a pure function of the case file: no clock, no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pleaguard.domain.case_file import (
    Appeal,
    Arrested,
    ArrestRequested,
    Bail,
    CaseFile,
    Detained,
    FileAccess,
    Indicted,
    Judgment,
    LawyerAssigned,
    LawyerEnded,
    LawyerRole,
    Meeting,
    NotProsecuted,
    OpinionsHeard,
    Person,
    PleaAffidavitSigned,
    PleaObjection,
    PleaWithdrawn,
    ProcedureConverted,
    ProcedureName,
    ReceivedForReview,
    Recommendation,
    RecommendationProposed,
    Released,
    ResidentialSurveillance,
    RightsNotice,
    TrialAccepted,
    apply_corrections,
)

Stage = Literal["investigation", "prosecution_review", "trial", "judged", "appeal", "not_prosecuted"]
Custody = Literal["free", "detained", "arrested", "bail", "residential_surveillance", "released"]
STAGE_ZH = {"investigation": "侦查", "prosecution_review": "审查起诉", "trial": "一审审判", "judged": "一审已判决",
            "appeal": "二审", "not_prosecuted": "不起诉"}
CUSTODY_ZH = {"free": "未采取强制措施", "detained": "刑事拘留（在押）", "arrested": "逮捕（在押）", "bail": "取保候审",
              "residential_surveillance": "监视居住", "released": "已释放"}
PROCEDURE_ZH = {"speedy": "速裁程序", "simplified": "简易程序", "ordinary": "普通程序"}


@dataclass(slots=True)
class LawyerRecord:
    """A lawyer's engagement for one suspect."""

    lawyer: str
    role: LawyerRole
    assigned_at: dt.datetime
    ended_at: dt.datetime | None = None

    def active_at(self, at: dt.datetime) -> bool:
        return self.assigned_at <= at and (self.ended_at is None or at < self.ended_at)

    @property
    def is_defender(self) -> bool:
        return self.role in ("defender_retained", "defender_legal_aid")


@dataclass(slots=True)
class SuspectState:
    """Everything the log says about one suspect or defendant, as of its last event."""

    person: Person
    stage: Stage = "investigation"
    custody: Custody = "free"
    custody_since: dt.datetime | None = None
    detained: Detained | None = None
    arrest_requested: ArrestRequested | None = None
    arrested: Arrested | None = None
    received_for_review: ReceivedForReview | None = None
    indicted: Indicted | None = None
    not_prosecuted: NotProsecuted | None = None
    trial_accepted: TrialAccepted | None = None
    trial_period_start: dt.datetime | None = None
    procedure: ProcedureName | None = None
    conversions: list[ProcedureConverted] = field(default_factory=list)
    judgment: Judgment | None = None
    appeal: Appeal | None = None
    lawyers: list[LawyerRecord] = field(default_factory=list)
    notices: list[RightsNotice] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    file_accesses: list[FileAccess] = field(default_factory=list)
    opinions: list[OpinionsHeard] = field(default_factory=list)
    objections: list[PleaObjection] = field(default_factory=list)
    recommendations: list[RecommendationProposed] = field(default_factory=list)
    affidavits: list[PleaAffidavitSigned] = field(default_factory=list)
    withdrawals: list[PleaWithdrawn] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    custody_periods: list[tuple[dt.datetime, dt.datetime | None]] = field(default_factory=list)

    @property
    def in_custody(self) -> bool:
        """在押: held under detention or arrest (CPL 105 ¶4)."""
        return self.custody in ("detained", "arrested")

    @property
    def current_recommendation(self) -> Recommendation | None:
        return self.recommendations[-1].recommendation if self.recommendations else None

    @property
    def last_affidavit(self) -> PleaAffidavitSigned | None:
        return self.affidavits[-1] if self.affidavits else None

    @property
    def pleaded(self) -> bool:
        """The suspect pleads now: an affidavit, or a plea heard, after the last withdrawal (if any)."""
        last_withdrawal = self.withdrawals[-1].at if self.withdrawals else None
        signs = [a.at for a in self.affidavits] + [o.at for o in self.opinions if o.from_person == self.person.id]
        signs += [r.at for r in self.recommendations]
        if not signs:
            return False
        return last_withdrawal is None or max(signs) > last_withdrawal

    def lawyers_at(self, at: dt.datetime) -> list[LawyerRecord]:
        return [lr for lr in self.lawyers if lr.active_at(at)]

    def has_defender_at(self, at: dt.datetime) -> bool:
        return any(lr.is_defender for lr in self.lawyers_at(at))

    def in_custody_at(self, at: dt.datetime) -> bool:
        return any(a <= at and (b is None or at < b) for a, b in self.custody_periods)

    def age_on(self, day: dt.date) -> int | None:
        born = self.person.birth_date
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def work_summary(self) -> dict[str, Any]:
        return {
            "lawyers": [{"lawyer": lr.lawyer, "role": lr.role, "assigned_at": lr.assigned_at.isoformat(),
                         "ended_at": lr.ended_at.isoformat() if lr.ended_at else None} for lr in self.lawyers],
            "meetings": len(self.meetings),
            "meeting_minutes": sum(m.minutes for m in self.meetings),
            "file_accesses": len(self.file_accesses),
            "opinions_given": [{"from": o.from_person, "matters": list(o.matters), "at": o.at.isoformat()}
                               for o in self.opinions],
        }

    def to_dict(self) -> dict[str, Any]:
        rec = self.current_recommendation
        return {
            "person": self.person.id,
            "stage": self.stage,
            "custody": self.custody,
            "in_custody": self.in_custody,
            "procedure": self.procedure,
            "pleaded": self.pleaded,
            "current_recommendation": rec.model_dump(exclude_none=True) if rec else None,
            "work": self.work_summary(),
        }


@dataclass(slots=True)
class CaseState:
    """The derived state of a whole case: one `SuspectState` per suspect."""

    case: CaseFile
    events: list[Any]
    suspects: dict[str, SuspectState]

    def to_dict(self) -> dict[str, Any]:
        return {"case_id": self.case.case_id, "suspects": [s.to_dict() for s in self.suspects.values()]}


def _set_custody(s: SuspectState, custody: Custody, at: dt.datetime) -> None:
    was = s.in_custody
    s.custody = custody
    s.custody_since = at
    now = s.in_custody
    if now and not was:
        s.custody_periods.append((at, None))
    elif was and not now and s.custody_periods:
        start, _ = s.custody_periods[-1]
        s.custody_periods[-1] = (start, at)


def _fold(s: SuspectState, ev: Any) -> None:
    if isinstance(ev, Detained):
        s.detained = ev
        _set_custody(s, "detained", ev.at)
    elif isinstance(ev, ArrestRequested):
        s.arrest_requested = ev
    elif isinstance(ev, Arrested):
        s.arrested = ev
        _set_custody(s, "arrested", ev.at)
    elif isinstance(ev, Bail):
        _set_custody(s, "bail", ev.at)
    elif isinstance(ev, ResidentialSurveillance):
        _set_custody(s, "residential_surveillance", ev.at)
    elif isinstance(ev, Released):
        _set_custody(s, "released", ev.at)
    elif isinstance(ev, RightsNotice):
        s.notices.append(ev)
    elif isinstance(ev, LawyerAssigned):
        s.lawyers.append(LawyerRecord(ev.lawyer, ev.role, ev.at))
    elif isinstance(ev, LawyerEnded):
        for lr in s.lawyers:
            if lr.lawyer == ev.lawyer and lr.ended_at is None:
                lr.ended_at = ev.at
    elif isinstance(ev, Meeting):
        s.meetings.append(ev)
    elif isinstance(ev, FileAccess):
        s.file_accesses.append(ev)
    elif isinstance(ev, ReceivedForReview):
        s.received_for_review = ev
        s.stage = "prosecution_review"
    elif isinstance(ev, OpinionsHeard):
        s.opinions.append(ev)
    elif isinstance(ev, PleaObjection):
        s.objections.append(ev)
    elif isinstance(ev, RecommendationProposed):
        s.recommendations.append(ev)
    elif isinstance(ev, PleaAffidavitSigned):
        s.affidavits.append(ev)
    elif isinstance(ev, Indicted):
        s.indicted = ev
        s.stage = "trial"
        s.procedure = ev.procedure
    elif isinstance(ev, NotProsecuted):
        s.not_prosecuted = ev
        s.stage = "not_prosecuted"
    elif isinstance(ev, TrialAccepted):
        s.trial_accepted = ev
        s.trial_period_start = ev.at
        s.procedure = ev.procedure
        s.stage = "trial"
    elif isinstance(ev, ProcedureConverted):
        s.conversions.append(ev)
        s.procedure = ev.to_procedure
        s.trial_period_start = ev.at
    elif isinstance(ev, Judgment):
        s.judgment = ev
        s.stage = "judged"
    elif isinstance(ev, PleaWithdrawn):
        s.withdrawals.append(ev)
    elif isinstance(ev, Appeal):
        s.appeal = ev
        s.stage = "appeal"


def derive_state(case: CaseFile) -> CaseState:
    """Fold the (corrected, time-ordered) event log into the state of each suspect. Pure."""
    events = apply_corrections(case)
    order = sorted(range(len(events)), key=lambda i: (events[i].at, i))
    ordered = [events[i] for i in order]
    suspects = {p.id: SuspectState(person=p) for p in case.people if p.role == "suspect"}
    for ev in ordered:
        s = suspects.get(ev.person) if ev.person is not None else None
        if s is None:
            continue
        s.events.append(ev)
        _fold(s, ev)
    return CaseState(case=case, events=ordered, suspects=suspects)

"""The deadlines of a plea case, computed from its derived state with CPL Art. 105 counting.

* Arrest request (CPL 91 ¶1-2): 3 days after detention; up to 7 in special cases; up to 30 for a major suspect
  of roving, repeated or gang crime.
* Arrest review (CPL 91 ¶3): the procuratorate decides within 7 days of receiving the request.
* Prosecution review (CPL 172 ¶1; SPP-R 273, 351): 10 days when the suspect pleads and the speedy procedure fits
  (15 when the possible fixed term exceeds one year); otherwise one month (plus 15 days if major or complex).
  The possible sentence is the recommendation, else the tier charged, else the tier the charges' facts give
  (`eligibility.possible_sentence`); a period resting on facts-derived tiers says so in its `what`.
* Trial (from acceptance, or from a conversion decision, SPC-I 376): speedy 10 days, 15 if over one year
  (CPL 225); simplified 20 days, one and a half months if over three years (CPL 220); ordinary two months, at
  most three (CPL 208 ¶1; further extensions need a higher court's approval and are not computed).
* Appeal (CPL 230; SPC-I 380): 10 days against a judgment, 5 against a ruling, counted from the day after the
  judgment is received.

Periods are counted in China's calendar days (UTC+8). Where the file cannot tell whether an extension is
available (e.g. the possible sentence is unknown), the deadline carries both the base due date and the
extended one with the condition, instead of choosing. Not modelled: returns for supplementary investigation
(退回补充侦查), changes of jurisdiction and other events that restart a period, and approved extensions beyond
the statutory ones (CPL 208 second sentence).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pleaguard.domain.case_file import Arrested, ArrestRequested, Bail, CaseFile, Released, ResidentialSurveillance
from pleaguard.domain.state import SuspectState
from pleaguard.rules.citations import Citation, Step, cite
from pleaguard.rules.parameters import LawAt
from pleaguard.rules.procedure import eligibility
from pleaguard.rules.procedure.calendar import DateOutsideCalendar, HolidayCalendar
from pleaguard.rules.procedure.periods import Duration, PeriodEnd, period_end

CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
Status = Literal["open", "extension_needed", "missed", "met", "met_within_extension", "met_late", "expired"]
STATUS_ZH = {"open": "未到期", "extension_needed": "已过基本期限，仅在符合延长条件时合法", "missed": "已超期",
             "met": "已按期完成", "met_within_extension": "在延长期限内完成", "met_late": "超期后完成",
             "expired": "期满未上诉"}


def local_date(at: dt.datetime) -> dt.date:
    """The calendar day in China (UTC+8) of an aware datetime."""
    return at.astimezone(CHINA_TZ).date()


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline for one suspect: when it started, when it is due, and whether it was met as of a date."""

    code: str
    what: str
    person: str
    start: dt.date
    due: dt.date
    extended_due: dt.date | None
    extension_condition: str | None
    in_custody: bool
    status: Status
    met_on: dt.date | None
    cites: tuple[Citation, ...]
    steps: tuple[Step, ...] = field(default=())
    calendar_gap: bool = False

    @property
    def final_due(self) -> dt.date:
        return self.extended_due or self.due

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "what": self.what, "due": self.due.isoformat(), "cites": [c.to_dict() for c in self.cites],
            "code": self.code, "person": self.person, "start": self.start.isoformat(), "status": self.status,
            "in_custody": self.in_custody,
        }
        if self.extended_due is not None:
            out["extended_due"] = self.extended_due.isoformat()
            out["extension_condition"] = self.extension_condition
        if self.met_on is not None:
            out["met_on"] = self.met_on.isoformat()
        if self.calendar_gap:
            out["calendar_gap"] = True
        out["steps"] = [s.to_dict() for s in self.steps]
        return out


def _duration(law: LawAt, name: str) -> tuple[Duration, Citation]:
    dv = law.get(f"procedure.periods.{name}")
    assert dv.cite is not None
    return Duration.from_value(dv.value, dv.parameter), dv.cite


def _status(due: dt.date, extended: dt.date | None, met_on: dt.date | None, as_of: dt.date) -> Status:
    final = extended or due
    if met_on is not None:
        if met_on <= due:
            return "met"
        return "met_within_extension" if met_on <= final else "met_late"
    if as_of <= due:
        return "open"
    return "extension_needed" if as_of <= final else "missed"


def _first_after(s: SuspectState, after: dt.datetime, types: tuple[type, ...]) -> dt.datetime | None:
    for ev in s.events:
        moment: dt.datetime = ev.at
        if moment >= after and isinstance(ev, types):
            return moment
    return None


def _build(code: str, what: str, s: SuspectState, start_at: dt.datetime, base: tuple[Duration, Citation],
           extended: tuple[Duration, Citation] | None, condition: str | None, met_at: dt.datetime | None,
           as_of: dt.datetime, calendar: HolidayCalendar, extra_cites: tuple[Citation, ...] = ()) -> Deadline:
    ref = met_at or as_of
    in_custody = s.in_custody_at(ref) if ref >= start_at else s.in_custody_at(start_at)
    start = local_date(start_at)
    gap = False

    def end(duration: Duration) -> PeriodEnd:
        nonlocal gap
        try:
            return period_end(start, duration, in_custody=in_custody, calendar=calendar)
        except DateOutsideCalendar:
            # The holiday rule cannot be applied without the year's notice: give the nominal last day (the
            # earliest the period can end) and say so, rather than guess which days are off.
            gap = True
            return period_end(start, duration, in_custody=True, calendar=calendar)

    first = end(base[0])
    second = end(extended[0]) if extended else None
    met_on = local_date(met_at) if met_at is not None else None
    status = _status(first.due, second.due if second else None, met_on, local_date(as_of))
    cites: list[Citation] = []
    for c in (base[1], *([extended[1]] if extended else []), *extra_cites, *first.cites):
        if c not in cites:
            cites.append(c)
    return Deadline(code, what, s.person.id, start, first.due, second.due if second else None, condition,
                    in_custody, status, met_on, tuple(cites), first.steps, gap)


def _derived(ps: eligibility.PossibleSentence) -> str:
    """Marks a period that depends on a possible sentence read from the charges' facts, not stated in the file."""
    return f"（可能判处的刑罚依据：{ps.basis_zh}）" if ps.source == "facts_tier" else ""


def case_deadlines(case: CaseFile, s: SuspectState, law: LawAt, calendar: HolidayCalendar,
                   as_of: dt.datetime) -> list[Deadline]:
    """Every deadline the log has started for suspect `s`, with its status as of `as_of`."""
    out: list[Deadline] = []
    released = (Arrested, ArrestRequested, Bail, ResidentialSurveillance, Released)
    if s.detained is not None:
        d = s.detained
        roving = d.roving_repeated_or_gang
        ext_name = "detention.arrest_request_roving" if roving else "detention.arrest_request_extended"
        cond: str | None = ("流窜作案、多次作案、结伙作案的重大嫌疑分子，可以延长至三十日" if roving
                else "特殊情况下可以延长一日至四日")
        out.append(_build("arrest_request", "公安机关提请审查批准逮捕（或变更、释放）", s, d.at,
                          _duration(law, "detention.arrest_request"), _duration(law, ext_name), cond,
                          _first_after(s, d.at, released), as_of, calendar))
    if s.arrest_requested is not None and s.detained is not None:
        r = s.arrest_requested
        out.append(_build("arrest_review", "人民检察院作出是否批准逮捕的决定", s, r.at,
                          _duration(law, "detention.arrest_review"), None, None,
                          _first_after(s, r.at, (Arrested, Bail, ResidentialSurveillance, Released)), as_of,
                          calendar))
    if s.received_for_review is not None:
        rv = s.received_for_review
        met = s.indicted.at if s.indicted else (s.not_prosecuted.at if s.not_prosecuted else None)
        on = local_date(rv.at)
        speedy = eligibility.speedy(case, s, law, on)
        if s.pleaded and speedy.eligible is not False:
            ps = eligibility.possible_sentence(case, s, law)
            threshold = int(law.value("procedure.periods.prosecution_review.speedy_extension_threshold_months"))
            over = ps.over(threshold)
            ext = None if over is False else _duration(law, "prosecution_review.speedy_extended")
            unsure = "可能判处的有期徒刑超过一年的，可以延长至十五日（案卷不能确定）"
            cond = None if over is False else ("可能判处的有期徒刑超过一年" if over else unsure)
            what = "审查起诉（认罪认罚、符合速裁程序适用条件）作出是否起诉的决定"
            if speedy.eligible is None:
                what += "；是否符合速裁条件尚不确定，不符合的适用一个月期限"
            what += _derived(ps)
            out.append(_build("prosecution_review", what, s, rv.at,
                              _duration(law, "prosecution_review.speedy"), ext, cond, met, as_of, calendar,
                              (cite("spp-rules-2019", 273, 1),)))
        else:
            mc = rv.major_or_complex
            ext = None if mc is False else _duration(law, "prosecution_review.general_extended")
            cond = None if mc is False else "重大、复杂的案件，可以延长十五日"
            out.append(_build("prosecution_review", "审查起诉作出是否起诉的决定", s, rv.at,
                              _duration(law, "prosecution_review.general"), ext, cond, met, as_of, calendar,
                              (cite("spp-rules-2019", 351, 1),)))
    if s.trial_period_start is not None and s.procedure is not None:
        start_at = s.trial_period_start
        met = s.judgment.at if s.judgment and s.judgment.at >= start_at else None
        extra: tuple[Citation, ...] = (cite("spc-cpl-interpretation-2021", 376),) if s.conversions else ()
        ps = eligibility.possible_sentence(case, s, law)
        label = {"speedy": "速裁", "simplified": "简易", "ordinary": "普通"}[s.procedure]
        if s.procedure == "ordinary":
            base, ext, cond = (_duration(law, "trial.ordinary"), _duration(law, "trial.ordinary_extended"),
                               "至迟不得超过三个月（另经上级人民法院批准的延长不在此计算）")
        else:
            threshold = int(law.value(f"procedure.periods.trial.{s.procedure}_extension_threshold_months"))
            over = ps.over(threshold)
            years = "一年" if s.procedure == "speedy" else "三年"
            base = _duration(law, f"trial.{s.procedure}")
            ext = None if over is False else _duration(law, f"trial.{s.procedure}_extended")
            cond = None if over is False else f"可能判处的有期徒刑超过{years}" + ("" if over else "（案卷不能确定）")
        what = f"{label}程序一审审结" + (_derived(ps) if s.procedure != "ordinary" else "")
        out.append(_build("trial", what, s, start_at, base, ext, cond, met, as_of, calendar, extra))
    if s.judgment is not None:
        j = s.judgment
        served = j.served_at or j.at
        name = "appeal.judgment" if j.kind == "judgment" else "appeal.ruling"
        dl = _build("appeal", "不服" + ("判决" if j.kind == "judgment" else "裁定") + "的上诉期限", s, served,
                    _duration(law, name), None, None, s.appeal.at if s.appeal else None, as_of, calendar,
                    (cite("spc-cpl-interpretation-2021", 380),) if local_date(served) >= dt.date(2021, 3, 1) else ())
        if dl.status == "missed":
            dl = Deadline(dl.code, dl.what, dl.person, dl.start, dl.due, dl.extended_due, dl.extension_condition,
                          dl.in_custody, "expired", dl.met_on, dl.cites, dl.steps, dl.calendar_gap)
        out.append(dl)
    return out

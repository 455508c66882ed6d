"""The plea affidavit (认罪认罚具结书): who must be present, when none is needed, what it must contain.

* CPL 174 ¶1; SPP-R 272 ¶1: signed with a defender or duty lawyer present; it records the truthful confession
  and consent to the recommendation and the procedure.
* CPL 174 ¶2; SPP-R 272 ¶2-3: no affidavit is needed for a blind, deaf or mute suspect, a mentally ill suspect
  not wholly without capacity, or a minor whose legal representative or defender objects; leniency still applies.
* SPP-R 468: a minor signs with the legal representative and the defender present; on their objection there
  is no affidavit, the objection is recorded, and leniency is not affected.
* CPL 176 ¶2: a plea case goes to court with the affidavit; missing it at indictment is a gap to raise.
"""

from __future__ import annotations

from collections.abc import Iterator

from pleaguard.domain.case_file import PleaAffidavitSigned
from pleaguard.rules.citations import cite
from pleaguard.rules.safeguards.findings import Context, Finding

CPL = "cpl-2018"
SPPR = "spp-rules-2019"


def _minor_at(ctx: Context, aff: PleaAffidavitSigned) -> bool:
    age = ctx.s.age_on(aff.at.date())
    adult = int(ctx.law.value("procedure.eligibility.adult_age_years"))
    return age is not None and age < adult


def exemption_reasons(ctx: Context) -> list[str]:
    """The CPL 174 ¶2 grounds on record that make an affidavit unnecessary for this suspect."""
    p = ctx.s.person
    out = []
    if p.disabilities:
        out.append("犯罪嫌疑人是盲、聋、哑人")
    if p.mental_capacity == "partial":
        out.append("犯罪嫌疑人是尚未完全丧失辨认或者控制自己行为能力的精神病人")
    age = ctx.s.age_on(ctx.today)
    adult = int(ctx.law.value("procedure.eligibility.adult_age_years"))
    if ctx.s.objections and age is not None and age < adult:
        out.append("未成年犯罪嫌疑人的法定代理人、辩护人对认罪认罚有异议")
    return out


def check(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    people = {p.id: p for p in ctx.case.people}
    pid = s.person.id
    for aff in s.affidavits:
        present = [people[x] for x in aff.present if x in people]
        lawyers_present = [p for p in present if p.role in ("defender", "duty_lawyer")]
        if not lawyers_present:
            yield Finding(
                "AFFIDAVIT_NO_LAWYER_PRESENT", "violation",
                f"{aff.at.date().isoformat()}签署认罪认罚具结书时，没有辩护人或者值班律师在场。",
                "可向检察机关提出书面意见，要求在辩护人或值班律师在场的情况下重新听取意见、重新签署；起诉后可向法庭提出具结书签署程序违法、"
                "认罪认罚自愿性存疑的意见（刑事诉讼法第二百零一条第一款第（二）项）。",
                (cite(CPL, 174, 1), cite(SPPR, 272, 1), cite(CPL, 201, 1, 2)), pid, aff.id)
        if _minor_at(ctx, aff):
            has_rep = any(p.role == "legal_representative" and p.represents == pid for p in present)
            has_defender = any(p.role == "defender" for p in present)
            if not (has_rep and has_defender):
                missing = "、".join(x for x, ok in (("法定代理人", has_rep), ("辩护人", has_defender)) if not ok)
                yield Finding(
                    "AFFIDAVIT_MINOR_WITHOUT_GUARDIANS", "violation",
                    f"未成年犯罪嫌疑人签署具结书时{missing}不在场（法定代理人无法到场的，应由合适成年人代为到场并记录原因）。",
                    "可要求检察机关补正：在法定代理人、辩护人在场时重新签署，或对未到场原因及合适成年人到场情况如实记录。",
                    (cite(SPPR, 468, 1), cite(SPPR, 468, 4)), pid, aff.id)
            if any(o.at <= aff.at for o in s.objections):
                yield Finding(
                    "AFFIDAVIT_SIGNED_OVER_OBJECTION", "risk",
                    "法定代理人或辩护人已对未成年人认罪认罚提出异议，仍签署了具结书。有异议时不需要签署具结书，且不影响从宽处理。",
                    "可要求检察机关如实记录异议并随案移送；不签署具结书不影响从宽。",
                    (cite(CPL, 174, 2, 2), cite(SPPR, 468, 1), cite(SPPR, 468, 2), cite(SPPR, 468, 3)), pid, aff.id)
        missing_items = [name for name, ok in (("如实供述罪行", aff.confession),
                                               ("同意的量刑建议", aff.recommendation is not None),
                                               ("同意适用的程序", aff.procedure is not None)) if not ok]
        if missing_items:
            yield Finding(
                "AFFIDAVIT_CONTENT_INCOMPLETE", "risk",
                f"具结书未记载：{'、'.join(missing_items)}。",
                "应核对具结书原件；内容不全的，可要求检察机关补正，并确认当事人同意的究竟是什么。",
                (cite(SPPR, 272, 1),), pid, aff.id)
    reasons = exemption_reasons(ctx)
    if reasons and s.pleaded:
        yield Finding(
            "AFFIDAVIT_NOT_REQUIRED", "info",
            f"本案{'；'.join(reasons)}，依法不需要签署认罪认罚具结书，未签署不影响认罪认罚从宽制度的适用。",
            "不应以签署具结书为从宽的前提；如检察机关坚持要求签署，可提出异议并要求记录在案。",
            (cite(CPL, 174, 2), cite(SPPR, 272, 2), cite(SPPR, 272, 3)), pid)
    if s.indicted is not None and s.recommendations and not s.affidavits and not reasons and not s.withdrawals:
        yield Finding(
            "AFFIDAVIT_MISSING_AT_INDICTMENT", "risk",
            "检察机关已提出量刑建议并提起公诉，但案卷中没有认罪认罚具结书，也没有不需要签署的法定情形。",
            "可向法院核实具结书是否随案移送；没有具结书的，当事人是否认罪认罚、同意何种量刑建议和程序应在庭审中重新确认。",
            (cite(CPL, 174, 1), cite(CPL, 176, 2), cite("spc-cpl-interpretation-2021", 349, 1, 4)), pid,
            s.indicted.id)

"""Procedure, recommendation, withdrawal and deadline checks.

* A speedy or simplified procedure chosen (in the affidavit, the indictment, at acceptance or by conversion)
  where an exclusion of CPL 215 / 223 (SPC-I 360 / 370) applies or a condition of CPL 214 / 222 fails.
* A speedy trial that must be converted (CPL 226; SPC-I 375) after the defendant withdrew the plea.
* A simplified trial whose possible fixed term exceeds three years must be heard by a panel (CPL 216 ¶1; SPC-I 366).
* A plea withdrawn: what follows depends on the stage (SPC-I 358 at trial; SPP-R 278 after a non-prosecution;
  before indictment the affidavit no longer binds the suspect and the speedy review limit no longer applies).
* The recommendation signed differs from the one on which the defender's or duty lawyer's opinion was heard
  (CPL 173 ¶2(2), 174 ¶1), or a new recommendation follows the affidavit (SPC-I 353).
* Deadlines missed, run into their extension, or due within `soon_days`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pleaguard.domain.case_file import Recommendation
from pleaguard.rules.citations import cite
from pleaguard.rules.procedure import eligibility
from pleaguard.rules.procedure.deadlines import STATUS_ZH, local_date
from pleaguard.rules.safeguards.findings import Context, Finding

CPL = "cpl-2018"
SPCI = "spc-cpl-interpretation-2021"
SPPR = "spp-rules-2019"
PROC_ZH = {"speedy": "速裁程序", "simplified": "简易程序", "ordinary": "普通程序"}


def check_procedure(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    pid = s.person.id
    chosen: list[tuple[str, str, object]] = []
    if s.last_affidavit is not None and s.last_affidavit.procedure:
        chosen.append((s.last_affidavit.procedure, s.last_affidavit.id, s.last_affidavit.at))
    if s.indicted is not None and s.indicted.procedure:
        chosen.append((s.indicted.procedure, s.indicted.id, s.indicted.at))
    if s.trial_accepted is not None:
        chosen.append((s.trial_accepted.procedure, s.trial_accepted.id, s.trial_accepted.at))
    for conv in s.conversions:
        chosen.append((conv.to_procedure, conv.id, conv.at))
    reported: set[str] = set()
    for proc, event_id, _at in chosen:
        if proc == "ordinary" or proc in reported:
            continue
        on = ctx.today
        elig = eligibility.speedy(ctx.case, s, ctx.law, on) if proc == "speedy" else \
            eligibility.simplified(ctx.case, s, ctx.law, on)
        against = elig.reasons_against
        if against:
            reported.add(proc)
            reasons = "；".join(r.message for r in against)
            cites = tuple(c for r in against for c in r.cites)
            yield Finding(
                "PROCEDURE_EXCLUDED", "violation",
                f"本案选择了{PROC_ZH[proc]}，但依法不适用：{reasons}。",
                "可向检察机关或法院提出不适用该程序的意见，申请转为"
                + ("普通程序或者简易程序" if proc == "speedy" else "普通程序")
                + "审理；已签署的具结书中关于程序的同意应当重新确认。",
                cites, pid, event_id)
        elif elig.eligible is None and s.stage in ("prosecution_review", "trial"):
            reported.add(proc)
            unknown = "；".join(r.message for r in (*elig.conditions, *elig.exclusions) if r.met is None)
            yield Finding(
                "PROCEDURE_CONDITIONS_UNCONFIRMED", "info",
                f"本案选择了{PROC_ZH[proc]}，以下适用条件或排除情形案卷尚不能确认：{unknown}。",
                "核实上述事项；存在排除情形的，应及时提出程序异议。",
                tuple(c for r in (*elig.conditions, *elig.exclusions) if r.met is None for c in r.cites), pid, event_id)
    for g in eligibility.conversion_grounds(s):
        yield Finding(
            "CONVERSION_REQUIRED", "violation",
            g.message + "，案卷中没有转换程序的记录。",
            "可申请法院转为普通程序或简易程序审理；转换后审理期限从作出决定之日起重新计算（刑诉法解释第三百七十六条）。",
            (*g.cites, cite(SPCI, 376)), pid)


def check_panel(ctx: Context) -> Iterator[Finding]:
    """CPL 216 ¶1: a simplified trial where the possible fixed term exceeds three years needs a collegial panel; a
    single judge who finds such a sentence possible must hand the case to a panel (SPC-I 366). The possible
    sentence is the recommendation, else the tier charged, else the tier the charges' facts give."""
    s = ctx.s
    if s.procedure != "simplified" or s.trial_period_start is None or s.judgment is not None:
        return
    ps = eligibility.possible_sentence(ctx.case, s, ctx.law)
    limit = int(ctx.law.value("procedure.eligibility.simplified_single_judge_max_months"))
    if ps.over(limit) is not True:
        return
    cites = [cite(CPL, 216, 1)]
    if local_date(s.trial_period_start) >= eligibility.SPCI_IN_FORCE:
        cites.append(cite(SPCI, 366))
    yield Finding(
        "SIMPLIFIED_PANEL_REQUIRED", "info",
        f"本案适用简易程序审理，可能判处的有期徒刑超过三年（依据：{ps.basis_zh}），应当组成合议庭进行审判，不得由审判员一人独任审判。",
        "核实审判组织；独任审判的，可要求转由合议庭审理，判决后可以审判组织的组成不合法为由上诉（刑事诉讼法第二百三十八条第（四）项）。",
        (*cites, *ps.cites, cite(CPL, 238, None, 4)), s.person.id)


def check_withdrawal(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    pid = s.person.id
    for w in s.withdrawals:
        if s.not_prosecuted is not None and s.not_prosecuted.at <= w.at:
            yield Finding(
                "PLEA_WITHDRAWN_AFTER_NON_PROSECUTION", "risk",
                "犯罪嫌疑人在检察机关作出不起诉决定后反悔。检察机关应当审查：没有犯罪事实的重新作出不起诉决定；犯罪情节轻微不需要判处刑罚的可以维持；"
                "排除认罪认罚因素后符合起诉条件的，可以撤销不起诉决定并提起公诉。",
                "评估反悔的风险：如原不起诉决定依据的是认罪认罚，反悔可能导致被起诉；应向当事人说明后果后再确认是否坚持反悔。",
                (cite(SPPR, 278), cite(CPL, 177, 2)), pid, w.id)
        elif (s.trial_accepted is not None and s.trial_accepted.at <= w.at
              and (s.judgment is None or w.at < s.judgment.at)):
            yield Finding(
                "PLEA_WITHDRAWN_AT_TRIAL", "risk",
                "被告人在审理中不再认罪认罚：法院应当根据审理查明的事实依法裁判，不再受量刑建议约束；速裁程序应当转为普通程序或者简易程序。"
                "具结书中的认罪认罚从宽不再适用，但自首、坦白等其他情节仍应依法认定。",
                "向当事人说明反悔将失去认罪认罚从宽，同时可就事实、证据和其他从轻情节充分辩护；需要转换程序的，注意新的审理期限。",
                (cite(SPCI, 358), cite(SPCI, 375), cite(CPL, 226)), pid, w.id)
        elif s.judgment is not None and w.at >= s.judgment.at:
            yield Finding(
                "PLEA_WITHDRAWN_AFTER_JUDGMENT", "info",
                "一审判决后被告人反悔。认罪认罚不剥夺上诉权。",
                "在上诉期限内可以上诉；应告知当事人检察机关可能以反悔为由抗诉的风险。",
                (cite(CPL, 227, 3), cite(CPL, 230)), pid, w.id)
        else:
            yield Finding(
                "PLEA_WITHDRAWN_BEFORE_TRIAL", "risk",
                "犯罪嫌疑人在起诉前反悔：已签署的具结书不再代表其意思，认罪认罚从宽不再适用，速裁案件的十日审查起诉期限不再适用；"
                "如重新认罪认罚，应当重新听取意见、提出量刑建议并在律师在场时重新签署具结书。",
                "与当事人核实反悔原因（如对事实或量刑建议有异议）；可就有异议的部分提出书面意见，必要时协商新的量刑建议。",
                (cite(CPL, 172, 1), cite(CPL, 173, 2), cite(CPL, 174, 1)), pid, w.id)


def _heard_recommendation(ctx: Context) -> tuple[Recommendation | None, str | None]:
    """The recommendation current when a defender or duty lawyer was last heard on the leniency proposal."""
    s = ctx.s
    people = {p.id: p for p in ctx.case.people}
    aff = s.last_affidavit
    if aff is None:
        return None, None
    heard = [o for o in s.opinions if o.at <= aff.at and "leniency_proposal" in o.matters
             and people[o.from_person].role in ("defender", "duty_lawyer")]
    if not heard:
        return None, None
    last = heard[-1]
    recs = [r for r in s.recommendations if r.at <= last.at]
    return (recs[-1].recommendation, last.id) if recs else (None, None)


def check_recommendation(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    pid = s.person.id
    aff = s.last_affidavit
    if aff is None or aff.recommendation is None:
        return
    heard, _opinion_id = _heard_recommendation(ctx)
    if heard is not None and not heard.same_as(aff.recommendation):
        yield Finding(
            "SIGNED_RECOMMENDATION_DIFFERS_FROM_HEARD", "violation",
            f"具结书中的量刑建议（{aff.recommendation.zh()}）与听取辩护人或值班律师意见时的量刑建议（{heard.zh()}）不一致，"
            "律师没有就签署的量刑建议发表意见。",
            "可要求检察机关就变更后的量刑建议重新听取意见；当事人未充分知悉变更的，可在庭审中对量刑建议提出异议（刑诉法解释第三百五十三条）。",
            (cite(CPL, 173, 2, 2), cite(CPL, 174, 1), cite(SPPR, 269, 1)), pid, aff.id)
    proposed = [r for r in s.recommendations if r.at <= aff.at]
    if proposed and not proposed[-1].recommendation.same_as(aff.recommendation) and (
            heard is None or heard.same_as(proposed[-1].recommendation)):
        yield Finding(
            "SIGNED_RECOMMENDATION_DIFFERS_FROM_PROPOSED", "risk",
            f"具结书中的量刑建议（{aff.recommendation.zh()}）与检察机关提出的量刑建议（{proposed[-1].recommendation.zh()}）不一致。",
            "核对具结书原件与量刑建议书，确认当事人同意的量刑建议；不一致的，要求检察机关书面说明并更正。",
            (cite(CPL, 174, 1), cite(SPPR, 272, 1)), pid, aff.id)
    later = [r for r in s.recommendations if r.at > aff.at]
    if later and not later[-1].recommendation.same_as(aff.recommendation):
        yield Finding(
            "RECOMMENDATION_CHANGED_AFTER_SIGNING", "risk",
            f"具结书签署后量刑建议变更为{later[-1].recommendation.zh()}，与当事人签署同意的（{aff.recommendation.zh()}）不同。",
            "变更不利于当事人的，当事人可以不同意，并要求重新听取意见；调整后的建议是否仍符合速裁程序条件需重新判断（刑诉法解释第三百五十三条）。",
            (cite(SPCI, 353, 1), cite(SPCI, 353, 2), cite(CPL, 201, 2)), pid, later[-1].id)


def check_deadlines(ctx: Context) -> Iterator[Finding]:
    pid = ctx.s.person.id
    for d in ctx.deadlines:
        if d.calendar_gap:
            yield Finding(
                "DEADLINE_CALENDAR_UNKNOWN", "risk",
                f"{d.what}的期限届满日在节假日安排数据覆盖范围之外，无法判断是否因节假日顺延；按不顺延计算为{d.final_due.isoformat()}。",
                "以该日为准安排工作；国务院办公厅公布该年度节假日安排后重新检查。",
                (cite(CPL, 105, 4),), pid)
        if d.code == "appeal":
            if d.status == "open" and (d.due - ctx.today).days <= ctx.soon_days:
                yield Finding(
                    "APPEAL_DEADLINE_SOON", "risk",
                    f"{d.what}于{d.due.isoformat()}届满（还有{(d.due - ctx.today).days}日）。",
                    "认罪认罚不剥夺上诉权；如需上诉，须在期限内提交上诉状（期满前已交邮的不算过期）。",
                    d.cites, pid)
            continue
        if d.status in ("missed", "met_late"):
            yield Finding(
                "DEADLINE_MISSED", "violation",
                f"{d.what}的期限（{d.final_due.isoformat()}{'，含可延长的期限' if d.extended_due else ''}）"
                f"已过，{STATUS_ZH[d.status]}"
                + ("（在押期间不因节假日延长）" if d.in_custody else "") + "。",
                "可向办案机关或其上级、检察机关提出超期的书面意见；在押的，可申请变更强制措施或要求释放（刑事诉讼法第九十七条、第九十八条）。",
                d.cites, pid)
        elif d.status == "extension_needed":
            yield Finding(
                "DEADLINE_EXTENSION_RELIED_ON", "risk",
                f"{d.what}的基本期限{d.due.isoformat()}已过，只有在{d.extension_condition}时才可延长至{d.final_due.isoformat()}。",
                "核实是否有延长的法定事由和决定；没有的，即已超期，可提出超期意见。",
                d.cites, pid)
        elif d.status == "open" and (d.due - ctx.today).days <= ctx.soon_days:
            yield Finding(
                "DEADLINE_DUE_SOON", "risk",
                f"{d.what}将于{d.due.isoformat()}届满（还有{(d.due - ctx.today).days}日）"
                + ("，在押期间不因节假日延长" if d.in_custody else "") + "。",
                "在期限届满前提交书面意见、申请或材料；留意期满时办案机关是否作出决定。",
                d.cites, pid)


__all__ = ["check_deadlines", "check_panel", "check_procedure", "check_recommendation", "check_withdrawal",
           "local_date"]

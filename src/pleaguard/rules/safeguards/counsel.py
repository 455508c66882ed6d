"""Legal help: rights notices, hearing opinions, file access, the duty lawyer and the mandatory defender.

* CPL 120 ¶2: at interrogation the police tell the suspect his rights and the plea law.
* CPL 173 ¶2; SPP-R 269 ¶1: when the suspect pleads, the procuratorate tells him his rights and the plea law and
  hears the suspect, the defender or duty lawyer, and the victim and the victim's agent on four matters
  (facts and charge; the leniency proposal; the trial procedure; other matters), and records them.
* CPL 173 ¶3; SPP-R 269 ¶2: the duty lawyer must be helped to learn the case beforehand and may read the file
  from the start of prosecution review; CPL 40: a defence lawyer may read the file from the same moment.
* CPL 36 ¶2: courts, procuratorates and detention houses tell a suspect without a defender of the right to see
  a duty lawyer; SPP-R 267 ¶2: at prosecution review the procuratorate itself notifies a duty lawyer for a
  pleading suspect without a defender, or a legal-aid defender where defence is mandatory.
* CPL 35 ¶2-3, 278: a blind, deaf or mute suspect, a mentally ill suspect not wholly without capacity, one who
  may be sentenced to life imprisonment or death, and a minor must have a defender (legal aid if none is
  retained); a duty lawyer does not satisfy this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pleaguard.domain.case_file import MATTERS, Matter
from pleaguard.rules.citations import Citation, cite
from pleaguard.rules.procedure.eligibility import charge_tiers, crime_zh
from pleaguard.rules.safeguards.findings import Context, Finding

CPL = "cpl-2018"
SPPR = "spp-rules-2019"
MATTER_ZH = {"facts_and_charge": "涉嫌的犯罪事实、罪名及适用的法律规定", "leniency_proposal": "从宽处罚的建议",
             "procedure": "认罪认罚后案件审理适用的程序", "other": "其他需要听取意见的事项"}


def _reference_moment(ctx: Context) -> tuple[dt.datetime | None, str | None]:
    """The moment by which opinions must have been heard: the first affidavit, else the indictment."""
    s = ctx.s
    if s.affidavits:
        return s.affidavits[0].at, s.affidavits[0].id
    if s.indicted is not None:
        return s.indicted.at, s.indicted.id
    return None, None


def check_notices(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    pid = s.person.id
    proc_opinions = [o for o in s.opinions if o.by == "procuratorate"]
    if proc_opinions:
        first = proc_opinions[0]
        told = set()
        for n in s.notices:
            if n.by == "procuratorate" and n.at <= first.at:
                told |= set(n.topics)
        topic_zh = {"litigation_rights": "享有的诉讼权利", "plea_law": "认罪认罚的法律规定"}
        missing = [t for t in topic_zh if t not in told]
        if missing:
            names = "、".join(topic_zh[m] for m in missing)
            yield Finding(
                "RIGHTS_NOTICE_MISSING_BEFORE_OPINIONS", "violation",
                f"检察机关{first.at.date().isoformat()}听取意见前，没有告知犯罪嫌疑人{names}。",
                "可要求检察机关补充告知并重新听取意见；认罪认罚是否在知悉法律后果的情况下作出，可作为自愿性问题在审查起诉和庭审中提出。",
                (cite(CPL, 173, 2), cite(SPPR, 269, 1)), pid, first.id)
    held = s.detained is not None or s.arrested is not None
    if held and not any(n.by == "police" and "plea_law" in n.topics for n in s.notices):
        yield Finding(
            "POLICE_PLEA_NOTICE_NOT_RECORDED", "risk",
            "案卷没有记录侦查人员讯问时告知犯罪嫌疑人诉讼权利和认罪认罚的法律规定。",
            "阅卷时核查讯问笔录首页的权利告知；未告知的，可就供述的自愿性提出意见。",
            (cite(CPL, 120, 2),), pid)


def check_opinions(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    pid = s.person.id
    if not s.pleaded and not s.affidavits:
        return
    moment, ref_event = _reference_moment(ctx)
    people = {p.id: p for p in ctx.case.people}
    cutoff = moment or ctx.as_of
    severity = "violation" if moment is not None else "risk"
    when = "签署具结书（或起诉）前" if moment is not None else "目前"
    lawyer_ids = {lr.lawyer for lr in s.lawyers}

    def covered(pred: set[str]) -> set[Matter]:
        got: set[Matter] = set()
        for o in s.opinions:
            if o.at <= cutoff and o.from_person in pred:
                got |= set(o.matters)
        return got

    groups = [
        ("OPINIONS_NOT_HEARD_LAWYER", "辩护人或者值班律师",
         lawyer_ids | {p.id for p in people.values() if p.role in ("defender", "duty_lawyer")},
         "可立即向检察机关提交书面意见（就上述事项逐项提出），要求附卷；检察机关不采纳的，应当说明理由（《人民检察院刑事诉讼规则》第二百六十九条第三款）。"),
        ("OPINIONS_NOT_HEARD_SUSPECT", "犯罪嫌疑人本人", {pid},
         "可要求检察机关在签署具结书前当面听取犯罪嫌疑人本人的意见并记录在案。"),
    ]
    victims = {p.id for p in people.values() if p.role == "victim" or p.role == "victim_agent"}
    if victims:
        groups.append(("OPINIONS_NOT_HEARD_VICTIM", "被害人及其诉讼代理人", victims,
                       "被害人意见关系到赔偿、谅解与速裁程序的适用，可建议检察机关听取并记录；同时可主动与被害人沟通赔偿谅解。"))
    for code, who, ids, action in groups:
        got = covered(ids)
        missing = [m for m in MATTERS if m not in got]
        if not missing:
            continue
        items = "；".join(MATTER_ZH[m] for m in missing)
        sev = severity if code != "OPINIONS_NOT_HEARD_VICTIM" else "risk"
        yield Finding(code, sev,  # type: ignore[arg-type]
                      f"{when}，检察机关没有（完整）听取{who}的意见，缺少：{items}。", action,
                      (cite(CPL, 173, 2), cite(SPPR, 269, 1)), pid, ref_event)


def check_file_access(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    pid = s.person.id
    people = {p.id: p for p in ctx.case.people}
    for aff in s.affidavits:
        present_lawyers = [people[x] for x in aff.present
                           if x in people and people[x].role in ("defender", "duty_lawyer")]
        if not present_lawyers:
            continue
        read = {fa.lawyer for fa in s.file_accesses if fa.at <= aff.at}
        if s.received_for_review is not None:
            read_after_review = {fa.lawyer for fa in s.file_accesses
                                 if s.received_for_review.at <= fa.at <= aff.at}
        else:
            read_after_review = read
        if all(p.role == "duty_lawyer" for p in present_lawyers) and not any(p.id in read for p in present_lawyers):
            yield Finding(
                "DUTY_LAWYER_NO_FILE_ACCESS", "violation",
                "在场的值班律师在签署具结书前没有阅卷或了解案情的记录，检察机关应当提前为其了解案件有关情况提供便利。",
                "值班律师应要求查阅案卷材料后再就量刑建议和程序提出意见；已签署的，可在起诉后由辩护人或值班律师阅卷后就量刑建议提出异议"
                "（《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第三百五十三条）。",
                (cite(CPL, 173, 3), cite(SPPR, 269, 2)), pid, aff.id)
        elif any(p.role == "defender" for p in present_lawyers) and not any(
                p.id in read_after_review for p in present_lawyers if p.role == "defender"):
            yield Finding(
                "DEFENDER_NO_FILE_ACCESS", "risk",
                "在场的辩护律师在签署具结书前没有阅卷记录。",
                "辩护律师自审查起诉之日起可以查阅、摘抄、复制案卷材料，应在阅卷后再建议当事人是否同意量刑建议。",
                (cite(CPL, 40),), pid, aff.id)


def check_duty_lawyer(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    pid = s.person.id
    if s.lawyers:
        return
    held_or_charged = s.in_custody or s.stage in ("prosecution_review", "trial", "judged", "appeal")
    if not held_or_charged:
        return
    told = any("duty_lawyer" in n.topics and n.by in ("court", "procuratorate", "detention_house") for n in s.notices)
    if not told:
        yield Finding(
            "DUTY_LAWYER_NOTICE_MISSING", "violation",
            "犯罪嫌疑人、被告人没有辩护人，也没有值班律师，案卷中没有告知其有权约见值班律师的记录。",
            "当事人或近亲属可直接要求看守所、检察院或法院安排值班律师；也可申请法律援助。",
            (cite(CPL, 36, 2), cite("legal-aid-law-2021", 37)), pid)
    else:
        yield Finding(
            "NO_LAWYER", "risk",
            "犯罪嫌疑人、被告人目前没有辩护人或值班律师。",
            "已告知可以约见值班律师；认罪认罚前应当获得法律帮助，可催促安排值班律师或申请法律援助。",
            (cite(CPL, 36, 1), cite(CPL, 36, 2)), pid)
    if s.pleaded and s.stage == "prosecution_review":
        yield Finding(
            "DUTY_LAWYER_NOT_NOTIFIED", "violation",
            "审查起诉阶段犯罪嫌疑人自愿认罪认罚且没有辩护人，检察机关应当通知值班律师为其提供法律帮助，案卷中没有值班律师。",
            "可要求检察机关立即通知值班律师；在值班律师在场前不应签署具结书。",
            (cite(SPPR, 267, 2), cite(CPL, 174, 1)), pid)


def mandatory_grounds(ctx: Context) -> tuple[list[tuple[str, tuple[Citation, ...]]],
                                              list[tuple[str, tuple[Citation, ...]]]]:
    """(grounds that make a defender mandatory, grounds that may do so if the sentence risk is confirmed).

    A charge brings possible life imprisonment or death (CPL 35 ¶3) when its statutory range reaches them: the range
    charged, else the range its facts give under the sentencing engine's crime rules, else — when some range of
    the article reaches them — it is only possible (the file must be checked).
    """
    s = ctx.s
    p = s.person
    certain: list[tuple[str, tuple[Citation, ...]]] = []
    possible: list[tuple[str, tuple[Citation, ...]]] = []
    if p.disabilities:
        certain.append(("是盲、聋、哑人", (cite(CPL, 35, 2),)))
    if p.mental_capacity == "partial":
        certain.append(("是尚未完全丧失辨认或者控制自己行为能力的精神病人", (cite(CPL, 35, 2),)))
    age = s.age_on(ctx.today)
    if age is not None and age < int(ctx.law.value("procedure.eligibility.adult_age_years")):
        certain.append(("是未成年人", (cite(CPL, 278),)))
    for ch in ctx.case.charges:
        if ch.person != p.id:
            continue
        ct = charge_tiers(ctx.law, ch)
        life, cites = ct.life_or_death, ct.cites
        zh = crime_zh(ch.crime, ctx.law)
        rec = s.current_recommendation
        if rec is not None and rec.penalty_type in ("life_imprisonment", "death"):
            penalty = "无期徒刑" if rec.penalty_type == "life_imprisonment" else "死刑"
            certain.append((f"所涉{zh}指控的量刑建议为{penalty}", (cite(CPL, 35, 3), *cites)))
        elif life is True:
            certain.append((f"所涉{zh}指控可能判处无期徒刑、死刑（{ct.note}，该档法定最高刑为无期徒刑或者死刑）",
                            (cite(CPL, 35, 3), *cites)))
        elif life is None:
            if ct.source == "unknown":
                possible.append((f"{zh}：{ct.note}，无法判断是否可能判处无期徒刑、死刑", cites))
            else:
                possible.append((f"{zh}：{ct.note}，其中有法定最高刑为无期徒刑或者死刑的幅度", cites))
    return certain, possible


def check_mandatory_defender(ctx: Context) -> Iterator[Finding]:
    s = ctx.s
    pid = s.person.id
    certain, possible = mandatory_grounds(ctx)
    has_defender = s.has_defender_at(ctx.as_of)
    if certain and not has_defender:
        duty_only = bool(s.lawyers_at(ctx.as_of))
        why = "；".join(g for g, _ in certain)
        cites = [c for _, cs in certain for c in cs]
        yield Finding(
            "MANDATORY_DEFENDER_MISSING", "violation",
            f"犯罪嫌疑人、被告人{why}，没有委托辩护人的，办案机关应当通知法律援助机构指派律师为其辩护；目前没有辩护人"
            + ("（值班律师不能替代辩护人）" if duty_only else "") + "。",
            "可要求办案机关立即通知法律援助机构指派辩护律师；在指派前签署的具结书、作出的程序选择，可主张违反法律规定、应予补正。",
            (*cites, cite(SPPR, 267, 2), cite("legal-aid-law-2021", 25)), pid)
    if certain:
        for aff in s.affidavits:
            if not s.has_defender_at(aff.at):
                yield Finding(
                    "AFFIDAVIT_SIGNED_WITHOUT_MANDATORY_DEFENDER", "violation",
                    "依法应当有辩护人的犯罪嫌疑人在没有辩护人的情况下签署了具结书。",
                    "辩护人介入后应重新审查量刑建议和程序选择，必要时建议当事人撤回并重新协商。",
                    (cite(CPL, 35, 2), cite(CPL, 35, 3), cite(CPL, 278), cite(SPPR, 267, 2)), pid, aff.id)
    if possible and not certain and not has_defender:
        yield Finding(
            "MANDATORY_DEFENDER_POSSIBLY_REQUIRED", "risk",
            f"{'；'.join(g for g, _ in possible)}；如可能判处无期徒刑、死刑，应当指派辩护律师。",
            "核实起诉意见书或起诉书适用的法定刑幅度；属于该幅度的，要求通知法律援助机构指派律师。",
            (cite(CPL, 35, 3), *dict.fromkeys(c for _, cs in possible for c in cs)), pid)

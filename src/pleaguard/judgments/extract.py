"""Extracting plea and sentencing facts from the full text of a Chinese criminal judgment.

`extract(text)` returns one record per judgment in the shape of the stable contract of `pleaguard judgments
extract` (product.md): court, year, case number, procedure, the prosecutor's sentencing recommendation and whether
the court adopted it, and per defendant the charges, the penalty (type, months of the executed sentence, probation
months, total fine in yuan), the circumstances the court found, the counsel type and whether a plea affidavit was
signed. Where the text does not say, the field is null and its path is listed in `unknown`; where the text could
not be read as a criminal judgment at all, the record is `{"error": code, "message": ...}`.

The rules follow how judgments are written, part by part (see `segment.py`):

- charges and penalties come from the operative part (判决如下); with several charges the executed sentence is the
  combined one (决定执行, Criminal Law art. 69) and fines are summed unless the combined sentence states the total;
  bracketed execution notes (（刑期从…起计算…罚金于…缴纳）) are not read;
- circumstances come from the court's reasoning (本院认为) and, for those the court states as findings of fact
  (认罪认罚, 当庭认罪, 如实供述, 和解, 谅解, and payments told as made after the offence: 已赔偿…, 亲属代为退赔…),
  from its findings (经审理查明 / 另查明), evidence lists excepted; a circumstance the defence argued and the court
  rejected (不予采纳, 不能成立, 不构成…) is not a finding; 如实供述 is the element of a surrender found for the same
  defendant, not a separate confession (坦白 named as such is);
- the procedure is what the court says it applied (速裁程序 / 简易程序 / 普通程序, 组成合议庭 → ordinary, a switch from
  简易 to 普通 → ordinary); an appeal judgment does not state the first-instance procedure → unknown;
- the recommendation is adopted when the court says so (量刑建议适当，予以采纳 / 公诉机关的量刑意见适当 / 对公诉机关
  量刑…的建议，本院予以采纳; the court's last word in a sentence decides) or, absent a statement, when every
  sentence lies within the recommended range; it is rejected when the court says so or a sentence lies outside;
  a recommendation the defence makes, or one the prosecutor did not make (未提出量刑建议), is none;
- counsel: a defender appointed through legal aid (法律援助中心指派, 指定辩护人) → legal_aid, any other defender
  (委托, a law-firm lawyer) → retained, retained winning when both; only a duty lawyer (值班律师) → duty_lawyer.

The legal terms read are those of the statutes (instrument ids of law/sources.yaml): the combined sentence of several
crimes, cl art. 69; recidivism, cl art. 65 (drug reoffending, cl art. 356); surrender and confession, cl art. 67 paras.
1-3; meritorious service, cl art. 68; attempt, cl art. 23; accessory and coerced accomplice, cl arts. 27-28; minors,
cl art. 17; probation, cl arts. 72-73; the plea affidavit, cpl-2018 art. 174; the sentencing recommendation,
cpl-2018 art. 176 para. 2, and the court's adoption of it, cpl-2018 art. 201; the simplified procedure, cpl-2018
arts. 214-221; the speedy procedure, cpl-2018 arts. 222-226; legal-aid defenders, cpl-2018 art. 35; duty lawyers,
cpl-2018 art. 36. The extractor applies none of these rules: it reads what the court wrote about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pleaguard.judgments.normalize import normalize
from pleaguard.judgments.numerals import (
    NUMBER_CHARS,
    TERM_CHARS,
    fullwidth_thousands,
    parse_int,
    parse_term_months,
    parse_yuan,
)
from pleaguard.judgments.segment import Segments, segment
from pleaguard.numerals import int_to_chinese

CIRCUMSTANCES: tuple[str, ...] = (
    "surrender",
    "confession",
    "plea_leniency",
    "in_court_plea",
    "restitution",
    "compensation",
    "forgiveness",
    "reconciliation",
    "recidivism",
    "prior_record",
    "accessory",
    "attempt",
    "minor",
    "meritorious_service",
)
PENALTY_TYPES: tuple[str, ...] = (
    "fixed_term_imprisonment",
    "criminal_detention",
    "public_surveillance",
    "life_imprisonment",
    "death",
    "fine_only",
    "exemption",
    "not_guilty",
)
PROCEDURES: tuple[str, ...] = ("speedy", "simplified", "ordinary", "unknown")
COUNSEL_TYPES: tuple[str, ...] = ("retained", "legal_aid", "duty_lawyer", "none")

N = NUMBER_CHARS
T = TERM_CHARS

# ---------------------------------------------------------------------------------------------------------------
# header: court, case number, year

_DOC_TYPE = re.compile(r"刑\s*事\s*(?:附\s*带\s*民\s*事\s*)?(?:判\s*决|裁\s*定)\s*书")
_COURT_TOKEN = re.compile(r"([\u4e00-\u9fff（）()]{2,40}?法院)\s*$")
_COURT_ANY = re.compile(r"[\u4e00-\u9fff]{2,30}?(?:人民法院|法院)")
_CASE_NO = re.compile(
    r"[（(〔\[【]\s*((?:19|20)\d\d)\s*[）)〕\]】]\s*([^\s。，；]{0,20}?刑[^\s。，；]{0,20}?号)"
)
_CN_DATE = re.compile(
    r"([二〇零一三四五六七八九]{4})年[〇零一二三四五六七八九十]{1,2}月[〇零一二三四五六七八九十]{1,3}日"
)
_APPEAL_NO = re.compile(r"刑[一二三]?终|刑再|刑监")
_CRIMINAL_MARK = re.compile(r"被告人|被告单位|原审被告人|上诉人|罪")


def _court(header: str, text: str) -> str | None:
    m = _DOC_TYPE.search(header) or _DOC_TYPE.search(text, 0, 300)
    if m:
        before = (header if _DOC_TYPE.search(header) else text)[: m.start()].rstrip()
        tm = _COURT_TOKEN.search(before)
        if tm:
            name = tm.group(1)
            # a title line may run into the court name without a space: keep the shortest plausible tail
            for cut in ("一审刑事判决书", "二审刑事判决书", "刑事判决书", "判决书"):
                if cut in name:
                    name = name.split(cut)[-1]
            return name
    m2 = _COURT_ANY.search(text, 0, 200)
    return m2.group(0) if m2 else None


# ---------------------------------------------------------------------------------------------------------------
# parties: defendants and their defenders

_PERSON_ENTRY = re.compile(
    r"(?:^|(?<=[。；;\s]))(?:上诉人|原审被告人|被告人|被告单位)(?:[（(][^）)]{1,10}[）)]|暨[^，,。；\s]{0,12}?被告人?)?[:：]?\s*(?:自报)?"
    r"([^\s，,。；;（(：:、]{1,40}?)(?=[，,。；;（(\s]|$)"
)
_DEFENDER_ENTRY = re.compile(
    r"(?:^|(?<=[。；;\s]))(?:指定辩护人|委托辩护人|辩护人|辩护律师)[:：]?\s*([^\s，,。；;（(：:]{1,20}?)(?=[，,。；;（(\s]|$)"
)
_NOT_NAME = re.compile(r"因|涉嫌|犯|的|系|均|上述|等|年.*月")
_LEGAL_AID = re.compile(r"法律援助|指派|指定辩护|援助律师")
_DUTY_LAWYER = re.compile(r"值班律师")


def _defendant_names(parties: str) -> tuple[list[str], list[str]]:
    """The defendants in order of appearance, and those among them that are units (被告单位)."""
    names: list[str] = []
    units: list[str] = []
    for m in _PERSON_ENTRY.finditer(parties):
        name = m.group(1)
        prefix = parties[m.start() : m.start(1)]
        unit = "被告单位" in prefix
        if not unit and ((len(name) > 8 and not name.isascii()) or _NOT_NAME.search(name)):
            continue
        if unit and len(name) < 2:
            continue
        if name not in names:
            names.append(name)
            if unit:
                units.append(name)
    return names, units


def _sentence_at(text: str, start: int) -> str:
    end = text.find("。", start)
    return text[start : end if end >= 0 else len(text)]


def _counsel(names: list[str], seg: Segments, text: str) -> dict[str, str]:
    """Counsel type per defendant from the parties list and the procedure paragraph."""
    region = seg.parties + " " + seg.procedure
    kinds: dict[str, set[str]] = {n: set() for n in names}
    defenders: list[tuple[str, str]] = []  # (defender name, sentence)
    # walk the parties list in order: a defender follows the defendant it defends
    events: list[tuple[int, str, str]] = []
    for m in _PERSON_ENTRY.finditer(seg.parties):
        if m.group(1) in kinds:
            events.append((m.start(), "d", m.group(1)))
    for m in _DEFENDER_ENTRY.finditer(seg.parties):
        events.append((m.start(), "c", m.group(1)))
    events.sort()
    current: str | None = None
    for pos, kind, name in events:
        if kind == "d":
            current = name
            continue
        sentence = _sentence_at(seg.parties, pos)
        kind_of = "legal_aid" if _LEGAL_AID.search(sentence) else "retained"
        for clause in _clauses_with(region, name):
            if "法律援助" in clause:
                kind_of = "legal_aid"
        defenders.append((name, kind_of))
        targets = [n for n in names if ("被告人" + n) in sentence or ("被告单位" + n) in sentence]
        if not targets and current is not None:
            targets = [current]
        if not targets and len(names) == 1:
            targets = names
        for t in targets:
            kinds[t].add(kind_of)
    # defenders named only in the procedure paragraph: 被告人X及其辩护人Y到庭
    if "辩护人" in seg.procedure:
        for n in names:
            if kinds[n]:
                continue
            for link in _DEFENDER_LINKS:
                i = seg.procedure.find(n + link)
                if i >= 0:
                    clause = _clause_around(seg.procedure, i)
                    kinds[n].add("legal_aid" if "法律援助" in clause else "retained")
                    break
    # legal aid appointed for a named defendant in the procedure paragraph
    if "法律援助" in region:
        for n in names:
            for clause in _clauses_with(region, n):
                if "法律援助" in clause and "辩护" in clause:
                    kinds[n].add("legal_aid")
    duty = bool(_DUTY_LAWYER.search(text))
    out: dict[str, str] = {}
    for n in names:
        if "retained" in kinds[n]:
            out[n] = "retained"
        elif "legal_aid" in kinds[n]:
            out[n] = "legal_aid"
        elif duty:
            out[n] = "duty_lawyer"
        else:
            out[n] = "none"
    return out


_CLAUSE_SPLIT = re.compile(r"[，,。；;：:]")
_DEFENDER_LINKS = (
    "及其辩护人", "的辩护人", "及辩护人", "及其指定辩护人", "的指定辩护人", "及其委托辩护人", "及指定辩护人",
)


def _clauses_with(text: str, needle: str) -> Iterable[str]:
    start = 0
    while True:
        i = text.find(needle, start)
        if i < 0:
            return
        yield _clause_around(text, i)
        start = i + len(needle)


def _clause_around(text: str, i: int) -> str:
    a = max(text.rfind("。", 0, i), text.rfind("；", 0, i), text.rfind("，", 0, i))
    b_candidates = [j for j in (text.find("。", i), text.find("；", i)) if j >= 0]
    b = min(b_candidates) if b_candidates else len(text)
    return text[a + 1 : b]


# ---------------------------------------------------------------------------------------------------------------
# operative part: charges and penalty per defendant

# an appeal judgment quoting the first-instance sentence it sets aside: 撤销…判决第二项，即被告人X犯…罪，判处…；
_REVOKED_QUOTE = re.compile(r"撤销[^；。，]{0,60}?(?:判决|裁定)[^，；。]{0,20}?[，,]即[^；。]*[；。]")
# a charge name ends at its first 罪, except the 犯罪所得 inside 掩饰、隐瞒犯罪所得(、犯罪所得收益)罪
_CHARGE = re.compile(r"犯(?!罪)((?:犯罪所得|[^，,。；;：:\s（）()“”罪]){1,40}罪)")
_CHARGE_MORE = re.compile(r"、((?:犯罪所得|[^，,。；;：:\s（）()犯罪]){1,30}罪)")
_BAD_CHARGE = {"前罪", "新罪", "后罪", "数罪", "一罪", "两罪", "二罪", "本罪", "此罪", "该罪", "上述罪", "漏罪"}
_COMBINED = re.compile(r"(?:决定|合并|并罚)执行")
_TERM = re.compile(rf"(有期徒刑?|拘役|管制)\s*((?:[{T}]+年)?[零又]?(?:[{T}]+个?月)?)")
_PROBATION = re.compile(
    rf"(?:缓刑(?:考验期(?:限)?)?(?:为|是)?[:：]?|(?<!死刑)缓期)\s*((?:[{T}]+年)?[零又]?(?:[{T}]+个?月)?)(?!执行死刑)"
)
_FINE = re.compile(rf"罚金(?:为|计|共计|合计|总计)?[:：]?(?:人民币)?\s*([{N}]+)\s*元")
# a note in brackets on how the sentence is executed (刑期从…起计算，羁押一日折抵刑期一日…；罚金于判决生效之日起十日内
# 缴纳): it restates dates and payments, never the sentence, so neither its amounts nor its names are read
_EXECUTION_NOTE = re.compile(
    r"[（(][^（）()]{0,400}?(?:刑期|折抵|缴纳|缴清|缴付|考验期|羁押|执行|计算|预缴|已缴)[^（）()]{0,400}?[）)]"
)
_PRINCIPAL = {"有期徒刑": "fixed_term_imprisonment", "拘役": "criminal_detention", "管制": "public_surveillance"}
_NOT_GUILTY = re.compile(r"无罪|不负刑事责任")
_EXEMPT = re.compile(r"免[予于除]刑事处罚")
_DEATH = re.compile(r"死刑")
_LIFE = re.compile(r"无期徒刑")
_FINE_ONLY = re.compile(r"(?:单处|判处)罚金")


def _split_operative(operative: str, names: list[str]) -> dict[str, str]:
    """The operative text of each defendant: from each of its anchors (被告人X犯…) to the next defendant's."""
    op = _REVOKED_QUOTE.sub("；", operative)
    if "（" in op or "(" in op:
        op = _EXECUTION_NOTE.sub("", op)
    chunks: dict[str, list[str]] = {n: [] for n in names}
    if not names:
        return {}
    if len(names) == 1:
        return {names[0]: op}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    anchor = re.compile(
        rf"(?:被告人|上诉人|原审被告人|被告单位)?({alternation})(?=犯|无罪|不构成|免|的行为|[，,]?判处)"
    )
    anchors = [(m.start(), m.group(1)) for m in anchor.finditer(op)]
    if not anchors:
        return {n: "" for n in names}
    for i, (pos, name) in enumerate(anchors):
        end = anchors[i + 1][0] if i + 1 < len(anchors) else len(op)
        chunks[name].append(op[pos:end])
    return {n: "".join(parts) for n, parts in chunks.items()}


def _charges(chunk: str) -> list[str]:
    """Charges convicted in this judgment; a charge named after a reference to another judgment (与…判决中…犯X罪
    …并罚) is the earlier conviction being combined, not a charge of this case."""
    out: list[str] = []
    for m in _CHARGE.finditer(chunk):
        clause_start = max(chunk.rfind(p, 0, m.start()) for p in "，,；;。")
        if "判决" in chunk[clause_start + 1 : m.start()]:
            continue
        first = m.group(1)
        group = [first]
        pos = m.end()
        while True:
            more = _CHARGE_MORE.match(chunk, pos)
            if not more:
                break
            group.append(more.group(1))
            pos = more.end()
        for c in group:
            if c in _BAD_CHARGE or c.endswith("犯罪") or c not in c:
                continue
            if c not in out:
                out.append(c)
    return out


def _months(term: str) -> int | None:
    term = term.strip()
    if not term:
        return None
    try:
        return parse_term_months(term)
    except ValueError:
        return None


def _penalty(chunk: str, errors: list[str], name: str) -> dict[str, Any]:
    penalty: dict[str, Any] = {"type": None, "months": None, "probation_months": None, "fine_yuan": None}
    if not chunk.strip():
        return penalty
    combined = None
    for m in _COMBINED.finditer(chunk):
        combined = m
    if combined is not None:
        end = len(chunk)
        for stop in ("。", "（", "("):
            j = chunk.find(stop, combined.end())
            if 0 <= j < end:
                end = j
        main = chunk[combined.end() : end]
    else:
        main = chunk
    if _NOT_GUILTY.search(main) and not _CHARGE.search(main):
        penalty["type"] = "not_guilty"
        return penalty
    # the most severe principal punishment named in the executed sentence
    if _DEATH.search(main):
        penalty["type"] = "death"
    elif _LIFE.search(main):
        penalty["type"] = "life_imprisonment"
    else:
        terms = [(m.group(1).replace("有期徒", "有期徒刑").replace("刑刑", "刑"), _months(m.group(2)))
                 for m in _TERM.finditer(main)]
        order = {"有期徒刑": 0, "拘役": 1, "管制": 2}
        if terms:
            terms.sort(key=lambda t: (order[t[0]], -(t[1] or 0)))
            kind, months = terms[0]
            penalty["type"] = _PRINCIPAL[kind]
            penalty["months"] = months
            if months is None:
                errors.append(f"{name}: term not readable")
        elif _EXEMPT.search(main):
            penalty["type"] = "exemption"
        elif _FINE_ONLY.search(main) or _FINE.search(main):
            penalty["type"] = "fine_only"
        elif _NOT_GUILTY.search(main):
            penalty["type"] = "not_guilty"
            return penalty
    for pm in _PROBATION.finditer(main):
        if pm.group(1):
            penalty["probation_months"] = _months(pm.group(1))
            break
    fines_main = [_yuan(m.group(1)) for m in _FINE.finditer(main)] if combined is not None else []
    fines = fines_main or [_yuan(m.group(1)) for m in _FINE.finditer(chunk)]
    vals = [f for f in fines if f is not None]
    if vals:
        penalty["fine_yuan"] = int(sum(vals))
    return penalty


def _yuan(text: str) -> int | None:
    try:
        return int(parse_yuan(text + "元"))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------------
# procedure

_SPEEDY = re.compile(r"速裁程序")
_SPEEDY_NEG = re.compile(r"不(?:适用|宜适用)[^。，]{0,6}速裁|速裁程序转为|由速裁程序转")
_SIMPLE = re.compile(r"简易程序")
_SIMPLE_TO_ORDINARY = re.compile(
    r"不(?:宜)?适用简易程序|简易程序[^。]{0,12}(?:转为|转换为|变更为|改为|转)(?:适用)?普通程序|"
    r"(?:转为|转换为|变更为|改为|改用|转入|转)(?:适用)?普通程序|中止简易程序|(?:适用|依照|按照|按)普通程序"
)
_ORDINARY = re.compile(r"普通程序|合议庭")


def _applied(pattern: re.Pattern[str], region: str) -> bool:
    """The court applied the procedure: a mention not voiced as the prosecutor's suggestion (建议适用简易程序)."""
    for m in pattern.finditer(region):
        clause_start = max(region.rfind(p, 0, m.start()) for p in "，,。；;")
        if "建议" not in region[clause_start + 1 : m.start()]:
            return True
    return False


def _procedure(seg: Segments, case_number: str | None, text: str) -> str:
    if case_number and _APPEAL_NO.search(case_number):
        return "unknown"
    if "上诉人（原审被告人）" in seg.parties or "上诉人(原审被告人)" in seg.parties:
        return "unknown"
    region = seg.header + seg.parties + seg.procedure + seg.facts
    if ("普通程序" in region or "简易程序" in region) and _SIMPLE_TO_ORDINARY.search(region):
        return "ordinary"
    if "速裁" in region and _applied(_SPEEDY, region) and not _SPEEDY_NEG.search(region):
        return "speedy"
    if "简易程序" in region and _applied(_SIMPLE, region):
        return "simplified"
    if _ORDINARY.search(region):
        return "ordinary"
    return "unknown"


# ---------------------------------------------------------------------------------------------------------------
# sentencing recommendation

_PENALTY_WORD = rf"(?:有期徒刑|拘役|管制|罚金|免[予于]刑事处罚|[{T}]+年|[{T}]+个?月)"
_REC_MENTION = re.compile(
    r"量刑建议|"
    rf"建议(?:本院|法院|法庭|人民法院)?(?:对(?:被告人|被告|上诉人|其)?[^，。；]{{0,20}}?)?(?:以[^，。；]{{1,20}}?罪)?(?:判处|处以|处|量刑)[^。；]{{0,20}}?{_PENALTY_WORD}|"
    rf"建议对(?:被告人|其|上诉人)[^。；]{{0,30}}?{_PENALTY_WORD}|"
    # the court restating it: 对公诉机关量刑有期徒刑六个月至十个月的建议 / 公诉机关的量刑意见
    r"量刑[^。；，]{0,40}?的建议|"
    r"(?:公诉机关|检察院|检察机关|公诉人)[^。；，]{0,20}?量刑意见"
)
_PROSECUTOR = re.compile(r"公诉机关|检察院|检察机关|公诉人")
_REC_SENT_SPLIT = re.compile(r"[。；]")
_DEFENCE_VOICE = re.compile(
    r"辩护人|辩称|辩护意见|辩解|上诉理由|上诉人[^。；]{0,8}(?:提出|请求|要求)|被告人[^。；]{0,8}(?:请求|要求)"
)
# what the court says of the recommendation it names: 量刑建议 / 量刑意见 / 对…量刑…的建议 / 公诉机关(的)建议…
_REC_NAMED = (
    r"(?:量刑建议|量刑意见|量刑[^。；，]{0,40}?的建议|(?:公诉机关|检察院|检察机关|公诉人)的?建议[^。；]{0,60}?)"
)
_FITS = r"(?:适当|恰当|合理|妥当|适宜|准确|正确|可行|合法|符合[^。；]{0,10}规定|并无不当|无不当|相当)"
_TAKEN = r"(?:予以|应予|可予|依法|酌情|均予|均予以|本院(?:予以|依法|均予|应予)?)(?:采纳|支持|采信)"
_ADOPT_POS = re.compile(
    rf"{_REC_NAMED}[^。；]{{0,12}}?(?<!不){_FITS}|"
    r"(?:采纳|采信|支持)[^。；]{0,15}?(?:量刑建议|量刑意见)|"
    rf"{_REC_NAMED}[^。；]{{0,40}}?(?<!不){_TAKEN}"
)
_ADOPT_NEG = re.compile(
    rf"{_REC_NAMED}[^。；]{{0,30}}?(?:不予采纳|不予支持|不当|偏重|过重|偏轻|过轻|不妥|不予认可|不宜采纳|不能采纳|不采纳|"
    r"明显不当|调整)|"
    r"(?:不予采纳|不采纳|不予支持)[^。；]{0,15}?(?:量刑建议|量刑意见)"
)
_REC_TERM = re.compile(rf"(?:[{T}]+年[零又]?(?:[{T}]+个?月)?|[{T}]+个?月)")
_BELOW = re.compile(r"^\s*(?:以下|以内|之内)")


def _prosecution_sentences(text: str) -> Iterable[str]:
    """Sentences outside the defence's paragraphs (a paragraph opened by 辩护人… / …辩称 is the defence speaking)."""
    for para in text.split(" "):
        if "建议" not in para and "量刑意见" not in para:
            continue
        if (
            _DEFENCE_VOICE.search(para[:40])
            and "公诉机关" not in para[:10]
            and "检察院" not in para[:20]
            and not para.startswith("本院认为")
        ):
            if "量刑建议" in para:
                yield "量刑建议"
            continue
        yield from (sent for sent in _REC_SENT_SPLIT.split(para) if "建议" in sent or "量刑意见" in sent)


def _is_recommendation(sent: str) -> bool:
    """A sentence stating the prosecutor's sentencing recommendation (not the defence's plea for leniency)."""
    for m in _REC_MENTION.finditer(sent):
        clause_start = max(sent.rfind(p, 0, m.start()) for p in "，,：:") + 1
        if _NO_RECOMMENDATION.search(sent[clause_start : m.end()]):
            continue  # 公诉机关未提出量刑建议 / 未出具具体的量刑意见
        if m.group(0) == "量刑建议" or not _defence_clause(sent, m.start()):
            return True
    return False


_NO_RECOMMENDATION = re.compile(r"(?:未|没有|并未|无)[^，,：:]{0,10}(?:量刑建议|量刑意见|建议)")


def _defence_clause(sent: str, at: int) -> bool:
    """The recommendation named at position `at` is the defence's, not the prosecutor's: its clause (from the last
    comma before it to the next one) names no prosecutor and speaks for the defence (辩护人提出的量刑建议 / 建议…量刑的
    辩护意见), or, for a 建议 other than a plain 量刑建议, the defence speaks earlier in the sentence;
    公诉机关和辩护人的量刑建议 is (also) the prosecutor's."""
    start = max(sent.rfind(p, 0, at) for p in "，,：:")
    ends = [j for j in (sent.find(p, at) for p in "，,") if j >= 0]
    clause = sent[start + 1 : min(ends) if ends else len(sent)]
    prosecutor = bool(_PROSECUTOR.search(clause))
    if prosecutor:
        return False
    if _DEFENCE_VOICE.search(clause):
        return True
    # an unowned 量刑建议 is the prosecutor's (the term of cpl-2018 art. 176); another 建议 in a sentence where the
    # defence speaks before it is the defence's
    return not sent.startswith("量刑建议", at) and bool(_DEFENCE_VOICE.search(sent, 0, at))


def _recommendation_ranges(text: str, names: list[str]) -> dict[str, tuple[int, int]]:
    """Recommended term ranges per defendant, read from the sentences that state a recommendation."""
    ranges: dict[str, tuple[int, int]] = {}
    for sent in _prosecution_sentences(text):
        if not _is_recommendation(sent) or "建议" not in sent or _DEFENCE_VOICE.search(sent):
            continue
        # clauses per defendant: a clause names its defendants, or applies to all
        parts = re.split(r"(?=对被告人|对被告|被告人)", sent) if len(names) > 1 else [sent]
        for part in parts:
            # fines and probation periods are not terms
            cleaned = re.sub(rf"罚金[^，。；]*|缓刑[{T}年个月]*|[{T}]+日|[{N}]+[万千百]?元", "", part)
            cleaned = re.sub(r"(?:[12]\d{3}|[二〇一]{4})年", "", cleaned)
            found = list(_REC_TERM.finditer(cleaned))
            if not found:
                continue
            months = [m for m in (_months(f.group(0)) for f in found) if m is not None]
            if not months:
                continue
            if len(months) == 1:
                after = cleaned[found[0].end() : found[0].end() + 4]
                lo, hi = (0, months[0]) if _BELOW.match(after) else (months[0], months[0])
            else:
                lo, hi = min(months[:2]), max(months[:2])
            targets = [n for n in names if n in part] or names
            for t in targets:
                old = ranges.get(t)
                ranges[t] = (min(lo, old[0]), max(hi, old[1])) if old else (lo, hi)
    return ranges


def _recommendation(seg: Segments, names: list[str], penalties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    pre = seg.before_reasoning() + " " + seg.reasoning
    mentioned = ("建议" in pre or "量刑意见" in pre) and any(
        _is_recommendation(sent) for sent in _prosecution_sentences(pre)
    )
    if not mentioned:
        return {"mentioned": False, "adopted": None}
    positive = negative = False
    for sent in _REC_SENT_SPLIT.split(seg.reasoning):
        if "建议" not in sent and "量刑意见" not in sent:
            continue
        # the defence's own "量刑建议" is not the prosecutor's; within one sentence the court's last word decides
        # (…的建议，符合法律的规定，但…量刑建议偏重，不予采纳 → rejected)
        said = [(m.end(), True) for m in _ADOPT_POS.finditer(sent) if not _defence_clause(sent, m.start())]
        said += [(m.end(), False) for m in _ADOPT_NEG.finditer(sent) if not _defence_clause(sent, m.start())]
        if said:
            if max(said)[1]:
                positive = True
            else:
                negative = True
    if positive:
        return {"mentioned": True, "adopted": True}
    if negative:
        return {"mentioned": True, "adopted": False}
    ranges = _recommendation_ranges(pre, names)
    verdicts: list[bool] = []
    for n in names:
        r = ranges.get(n)
        p = penalties.get(n) or {}
        months = p.get("months")
        if r is None or months is None:
            continue
        verdicts.append(r[0] <= months <= r[1])
    if not verdicts:
        return {"mentioned": True, "adopted": None}
    return {"mentioned": True, "adopted": all(verdicts)}


# ---------------------------------------------------------------------------------------------------------------
# plea affidavit

_AFFIDAVIT = re.compile(
    r"(?:签署|签订|签字|签名|出具)[^。；，]{0,12}具结书|具结书[^。；]{0,8}(?:上)?(?:签字|签名|签署)|签字具结|签署具结|具结签字"
)
_AFFIDAVIT_NEG = re.compile(r"(?:未|没有|拒绝|不愿|拒不)(?:签署|签订|签字|签名)[^。；，]{0,12}具结")


def _affidavit(text: str, names: list[str]) -> dict[str, bool]:
    out = {n: False for n in names}
    if "具结" not in text:
        return out
    for m in _AFFIDAVIT.finditer(text):
        a = text.rfind("。", 0, m.start()) + 1
        b = text.find("。", m.end())
        sent = text[a : b if b >= 0 else len(text)]
        if _AFFIDAVIT_NEG.search(sent):
            continue
        named = [n for n in names if n in sent]
        for n in named or names:
            out[n] = True
    return out


# ---------------------------------------------------------------------------------------------------------------
# circumstances found by the court

_UNIT_SPLIT = re.compile(r"(?<=[。；;])|(?=[，,]但[^是])|(?=[，,](?:关于|对于)[^，,。；;]{0,30}?(?:辩护|提出))")
_CONTINUATION = re.compile(
    r"^\s*[，,]?\s*(?:经查|经审查|经核查|经审理|对此|本院认为|该意见|此意见|上述意见|故)"
)
_DECISION = re.compile(
    r"采纳|采信|支持|成立|属实|认可|不符|不予|予以确认|予以认定|应予认定|可以认定|不能认定|不应认定|本院认为"
)
_NO_EFFECT = re.compile(
    r"不宜[^。；]{0,6}从轻|不予从轻|不能作为[^。；]{0,12}(?:情节|从轻|依据)|不足以[^。；]{0,4}从轻|不再[^。；]{0,4}从轻"
)
_BOOK_TITLE = re.compile(r"《[^》]{0,80}》")
_ARGUED = re.compile(
    r"辩护人|辩护意见|辩称|辩解|上诉人[^。]{0,6}提出|被告人[^。]{0,10}提出|提出[^。]{0,40}意见|"
    r"公诉机关认为|检察机关认为|诉称|上诉理由"
)
_REJECTED = re.compile(
    r"不予采纳|不予支持|不能成立|不成立|不予认可|不予采信|与事实不符|与查明的事实不符|于法无据|缺乏[^。；]{0,4}依据|"
    r"没有事实|无事实|不予认定|不能认定|不应认定|不符合|不足以认定|理由不足|不能采纳|不应采纳|本院不予"
)
_NEG_PREFIX = re.compile(r"(?:不|没有|并非|非|未|无|尚未|否认)[^，,。；;]{0,7}$")
_NEG_SUFFIX = re.compile(r"^[^，,。；;]{0,10}?(?:不成立|不能成立|不予|不符|不能认定|不应认定|无事实|不属实)")
_SUBJECT_ALL = re.compile(r"[二三四五六七八九十两多各]名?被告人|被告人均|各被告|上述被告|共同犯罪人")

_KIND_PATTERNS: dict[str, re.Pattern[str]] = {
    "surrender": re.compile(r"自首"),
    "confession": re.compile(r"坦白|如实供述|如实交代|如实供认"),
    "plea_leniency": re.compile(r"认罪认罚|认罪并认罚|认罪且认罚"),
    "in_court_plea": re.compile(
        r"(?:当庭|庭审中|庭审时|庭审过程中|庭审期间|在庭审|庭上|法庭审理中|审理中|庭审阶段|开庭时)[^，,。；]{0,10}?"
        r"(?:认罪|供认|如实供述|承认)|自愿认罪(?!认罚|并认罚)"
    ),
    "restitution": re.compile(
        r"退赃|退赔|退还|退缴|偿还[^，,。；]{0,10}(?:款|本金|本息|损失|欠款)|退出[^，,。；]{0,6}(?:违法所得|非法所得|赃款|赃物|款)|"
        r"归还[^，,。；]{0,10}(?:款|借款|损失)|返还[^，,。；]{0,8}(?:赃款|赃物|款项)"
    ),
    "compensation": re.compile(r"赔偿|补偿"),
    "forgiveness": re.compile(r"谅解"),
    "reconciliation": re.compile(
        r"刑事和解|达成[^，,。；]{0,8}和解|和解协议|(?<!参)(?:与|同)[^，,。；]{0,15}和解|自行和解"
    ),
    "recidivism": re.compile(r"累犯"),
    "prior_record": re.compile(
        r"前科|劣迹|毒品再犯|毒品犯罪的再犯|毒品犯罪再犯|系再犯|构成再犯|被判过刑|"
        r"曾(?:因|经)[^。；]{0,30}?(?:被判刑|被判处|判处|被劳动教养|劳动教养|被行政处罚|行政处罚|被行政拘留)"
    ),
    "accessory": re.compile(r"从犯|胁从犯"),
    "attempt": re.compile(r"未遂"),
    "minor": re.compile(
        r"(?:系|是|为|属|尚属|尚系|时)未成年|未成年人犯罪|(?:未满|不满)十八周岁|已满十[四六]周岁"
    ),
    "meritorious_service": re.compile(r"立功"),
}
_COMP_POSITIVE = re.compile(
    r"(?:积极|主动|已|自愿|家属|亲属|家人|代为|代其|全部|部分|足额|全额|已经|及时|先行|共|亲友|父母|妻子|丈夫)[^，,。；]{0,10}?(?:赔偿|补偿)|"
    r"(?:赔偿|补偿)了|(?:赔偿|补偿)[^，,。；]{0,12}(?:损失|经济损失|医疗费|费用|抚慰金|人民币|[{0}]+元)|达成[^，,。；]{{0,8}}赔偿".replace(
        "{0}", N
    )
)
_COMP_NEG = re.compile(
    r"责令|应当赔偿|应赔偿|应予赔偿|赔偿责任|赔偿请求|(?:请求|要求|诉请|主张)[^，,。；]{0,12}赔偿|判令|"
    r"承担[^，,。；]{0,6}赔偿|赔偿能力|诉讼请求|赔偿范围|"
    # a civil judgment or mediation ordering payment, or payment still owed, is not compensation made
    r"判决[^，,。；]{0,20}赔偿|连带赔偿|还应[^，,。；]{0,6}赔偿|尚未[^，,。；]{0,6}(?:赔偿|履行|支付)|未履行"
)
_RESTITUTION_NEG = re.compile(r"责令[^，,。；]{0,10}退|予以追缴|继续追缴|发还被害|退还被害[^，,。；]{0,2}$")
_MINOR_NEG = re.compile(r"被害|幼女|儿童|对象|他人|容留|引诱|组织|介绍|妇女|未成年人保护|教唆")
_PRIOR_NEG = re.compile(r"无前科|没有前科|无犯罪前科|无违法犯罪|初犯|偶犯|无劣迹|前科情况|前科证明|前科材料|前科查询")
_RECID_DEF = re.compile(r"刑罚执行完毕|赦免以后|五年以内")
_AGGRAVATING = ("prior_record", "recidivism")
# circumstances the court states as facts it found (经审理查明 / 另查明 …), besides those in its reasoning: the plea,
# the confession after arrest, what the defendant or his family paid back or paid for the loss, the victim's
# forgiveness and a reconciliation agreement
_FINDING_KINDS = (
    "plea_leniency", "in_court_plea", "reconciliation", "restitution", "compensation", "forgiveness", "confession",
)
# in the findings, paying back (退还 / 退赔 …) or paying for the loss (赔偿) is a circumstance only when it is told
# as done after the offence, not as part of the offence (以退还…为由 / 承诺退还本金) or as a sum owed (死亡赔偿金…元)
_PAID = ("restitution", "compensation")
# who acts first in a clause: the defence side (被告人, his family) or someone else (the victim, a civil plaintiff,
# an insurer, the police)
_ACTOR = re.compile(r"被告|亲属|家属|家人|原告|被害|受害|保险|公安|民警")
_OTHER_ACTOR = ("原告", "被害", "受害", "保险", "公安", "民警")
_PAYEE_MARK = re.compile(r"[向与对给和同]")
_DEFENDANT_WORD = re.compile(r"(?<!民事诉讼)(?<!附民)被告")
_AFTER_OFFENCE = re.compile(
    r"案发后|归案后|到案后|事发后|审理期间|审理过程中|审查起诉|诉讼期间|庭审前|开庭前|判决前|侦查期间|已经?|主动|积极|"
    r"自愿|亲属|家属|家人|代为|代其|全部|全额|足额|达成"
)
# the court endorses the circumstances the prosecution listed: 罪名、情节成立 / 指控的…情节属实
_ENDORSED = re.compile(
    r"(?:罪名|指控|事实)[、和及，,]?(?:量刑)?情节(?:均)?(?:成立|属实)|"
    r"(?:认定|指控|提出)的[^。；]{0,10}情节[^。；]{0,6}(?:成立|属实|予以确认|本院予以(?:确认|认定|采纳))"
)
_PROSECUTOR_VIEW = re.compile(r"^[^，。]{0,20}(?:公诉机关|检察院|公诉人|检察机关)[^，。]{0,6}认为")

# Criminal Law (cl) articles whose citation in the court's legal basis (依照…之规定) means the court applied the
# circumstance: art. 67 para. 1-2 surrender (自首), art. 67 para. 3 confession (坦白), art. 68 meritorious service
# (立功), art. 65-66 recidivism (累犯), art. 27-28 accessory / coerced accomplice (从犯 / 胁从犯), art. 23 attempt
# (未遂), art. 17 (not 17之一) a minor's reduced responsibility, art. 356 drug reoffending (毒品再犯).
_ARTICLE_KINDS: dict[tuple[int, int | None], str] = {
    (67, 1): "surrender",
    (67, 2): "surrender",
    (67, 3): "confession",
    (68, None): "meritorious_service",
    (65, None): "recidivism",
    (66, None): "recidivism",
    (27, None): "accessory",
    (28, None): "accessory",
    (23, None): "attempt",
    (17, None): "minor",
    (356, None): "prior_record",
}
_ARTICLE_NUMBERS = {int_to_chinese(n): n for n in range(1, 1000)}
_CL_BASIS = re.compile(r"《(?:中华人民共和国)?刑法》([^《]*)")
_ARTICLE_REF = re.compile(
    r"第([零一二三四五六七八九十百]+|[0-9]{1,3})条(之[一二三四五六七八九十])?|第([一二三四五六七八九十]+|[0-9]{1,2})款"
)


def _article_number(text: str) -> int | None:
    """六十七 → 67, 67 → 67 (articles and paragraphs are cited in Chinese numerals or in digits)."""
    return int(text) if text.isdigit() else _ARTICLE_NUMBERS.get(text)


def _cited_kinds(reasoning: str) -> set[str]:
    """Circumstances whose Criminal Law article the court cites as the basis of its judgment."""
    kinds: set[str] = set()
    for block in _CL_BASIS.finditer(reasoning):
        article: int | None = None
        suffix = False
        for m in _ARTICLE_REF.finditer(block.group(1)):
            if m.group(1):
                article = _article_number(m.group(1))
                suffix = bool(m.group(2))
                if article is not None and not suffix and (article, None) in _ARTICLE_KINDS:
                    kinds.add(_ARTICLE_KINDS[(article, None)])
            elif article is not None and not suffix:
                para = _article_number(m.group(3))
                kind = _ARTICLE_KINDS.get((article, para))
                if kind:
                    kinds.add(kind)
    return kinds


# the court denies a surrender: 自首不成立 / 不能认定为自首 / 不构成自首 / 自首情节…不予采纳
_SURRENDER_DENIED = re.compile(
    r"自首[^。；，]{0,6}(?:不成立|不能成立|不予认定|不能认定)|"
    r"(?:不构成|不能认定为?|不应认定为?|不予认定为?|不属于|不符合|不具有|不具备|没有|无)[^。；，]{0,8}自首|"
    r"(?:没有|无|未)[^。；，]{0,4}投案|"
    r"自首[^。；]{0,30}(?:不予采纳|不予支持|不予采信)"
)


def _paid_by_defence(unit: str, clause: str, at: int, names: list[str]) -> bool:
    """In the findings, a payment (退赔 / 赔偿 …) is the defendant's circumstance when it is told as done after the
    offence, not conditionally (否则…退还), and the one paying is not someone else: before the payment word the clause
    names the defendant, or no other actor (the victim, a civil plaintiff, an insurer, the police) as its subject
    (向被害人赔偿 names the victim as the payee, not the payer)."""
    if not _AFTER_OFFENCE.search(unit) or "否则" in unit or "如果" in unit:
        return False
    before = clause[:at]
    if _DEFENDANT_WORD.search(before) or any(n in before for n in names):
        return True
    for m in _ACTOR.finditer(before):
        if m.group(0) in _OTHER_ACTOR and not _PAYEE_MARK.search(before, max(0, m.start() - 1), m.start()):
            return False
    return True


def _speaks_of_surrender(reasoning: str) -> bool:
    """The reasoning states a surrender (自首 / 投案) in a sentence that neither denies it nor rejects it as argued;
    where the court denies a surrender anywhere, a sentence reporting the defence's claim of one does not count."""
    if "自首" not in reasoning and "投案" not in reasoning:
        return False
    denied_somewhere = bool(_SURRENDER_DENIED.search(reasoning))
    if not denied_somewhere and not _ARGUED.search(reasoning):
        return True
    for unit in _units(reasoning):
        if ("自首" not in unit and "投案" not in unit) or _SURRENDER_DENIED.search(unit):
            continue
        argued = bool(_ARGUED.search(unit))
        if argued and (denied_somewhere or _REJECTED.search(unit)):
            continue
        return True
    return False


def _prosecutor_paragraphs(facts: str) -> list[str]:
    return [p for p in facts.split(" ") if _PROSECUTOR_VIEW.search(p)]
_EVIDENCE = re.compile(r"证据|证实|证明|笔录|书证|照片|予以证明|足以认定|在案佐证|为证")


@lru_cache(maxsize=8)
def _units(text: str) -> tuple[str, ...]:
    """Sentences of the reasoning; an argument reported without the court's answer runs on to the answer."""
    raw = [u for u in _UNIT_SPLIT.split(text) if u.strip()]
    units: list[str] = []
    i = 0
    while i < len(raw):
        u = raw[i]
        i += 1
        if units and _CONTINUATION.match(u):
            units[-1] += u
            continue
        if _ARGUED.search(u) and not _DECISION.search(u):
            limit = i + 4
            while i < len(raw) and i < limit and not _DECISION.search(u):
                u += raw[i]
                i += 1
        units.append(u)
    return tuple(units)


def _negated(clause: str, start: int, end: int) -> bool:
    return bool(_NEG_PREFIX.search(clause[:start]) or _NEG_SUFFIX.search(clause[end:]))


def _circumstances(seg: Segments, names: list[str], units_named: list[str]) -> dict[str, dict[str, bool]]:
    found: dict[str, dict[str, bool]] = {n: dict.fromkeys(CIRCUMSTANCES, False) for n in names}
    if not names:
        return found
    reasoning = _BOOK_TITLE.sub("《》", seg.reasoning)
    sources: list[tuple[str, tuple[str, ...] | None]] = [(reasoning, None)]
    if _ENDORSED.search(reasoning):
        sources.extend((para, None) for para in _prosecutor_paragraphs(seg.facts))
    if seg.findings:
        findings = seg.findings
        if len(names) == 1:
            # no subject to follow from sentence to sentence: only the sentences naming a circumstance matter
            findings = _sentences_with(findings, _FINDING_LITERALS)
        sources.append((findings, _FINDING_KINDS))
    cited = _cited_kinds(seg.reasoning)
    if len(names) == 1:
        for kind in cited:
            # art. 67 para. 1 was long cited for a plain confession too (before 2011 the article had no para. 3):
            # the citation finds a surrender only where the court speaks of one
            if kind == "surrender" and not _speaks_of_surrender(reasoning):
                continue
            found[names[0]][kind] = True
    kinds_all = [(k, p) for k, p in _KIND_PATTERNS.items()]
    # 如实供述 is an element of 自首 (cl art. 67 para. 1): it counts as a confession (坦白, para. 3) only for a
    # defendant the court does not find to have surrendered; 坦白 named as such always counts
    plain_confession: set[str] = set()
    for text, only in sources:
        subject: list[str] = list(names)
        kinds = _kinds_in(text, kinds_all if only is None else [(k, p) for k, p in kinds_all if k in only])
        if only is not None:
            # what the reasoning already found for every defendant need not be looked for again in the findings
            kinds = [(k, p) for k, p in kinds if not all(
                found[n][k] or (k == "confession" and n in plain_confession) for n in names
            )]
        if not kinds and (len(names) == 1 or only is not None):
            continue
        for unit in _units(text):
            candidates = _kinds_in(unit, kinds)
            if not candidates and len(names) == 1:
                continue
            # in the findings of fact, evidence lists and the parties' arguments are not findings
            if only is not None and (_EVIDENCE.search(unit) or _ARGUED.search(unit)):
                continue
            rejected = bool(candidates) and (
                bool(_ARGUED.search(unit) and _REJECTED.search(unit)) or bool(_NO_EFFECT.search(unit))
            )
            present = [(k, p) for k, p in candidates if (not rejected or k in _AGGRAVATING) and p.search(unit)]
            # with one defendant there is no subject to follow from sentence to sentence
            if not present and (len(names) == 1 or not _mentions_subject(unit, names)):
                continue
            has_recid = "累犯" in unit
            for clause in _CLAUSE_SPLIT.split(unit):
                if len(names) > 1:
                    mentioned = _names_in(clause, names)
                    if mentioned:
                        subject = mentioned
                    elif _SUBJECT_ALL.search(clause):
                        subject = list(names)
                    elif units_named and "被告单位" in clause:
                        subject = units_named
                if not _LITERAL_RE.search(clause):
                    continue
                # a rejected defence argument finds nothing, except the aggravation the court states in answer
                for kind, pat in present:
                    for m in pat.finditer(clause):
                        if _negated(clause, m.start(), m.end()) and kind != "minor":
                            continue
                        if not _accept(kind, clause, unit, m, has_recid):
                            continue
                        if only is not None and kind in _PAID and not _paid_by_defence(unit, clause, m.start(), names):
                            continue
                        # in the findings, 自愿认罪 without a word placing it in court is the defendant's answer to
                        # the charge, not a plea in court
                        if only is not None and kind == "in_court_plea" and not _IN_COURT_ANY.search(unit):
                            continue
                        if kind == "confession" and m.group(0) != "坦白":
                            plain_confession.update(subject)
                        else:
                            for n in subject:
                                found[n][kind] = True
                        if kind == "confession" and _IN_COURT.search(clause):
                            for n in subject:
                                found[n]["in_court_plea"] = True
                        break
    # one defendant whom the court denies a surrender: a surrender word seen elsewhere is the defence's claim
    if len(names) == 1 and found[names[0]]["surrender"] and _SURRENDER_DENIED.search(reasoning):
        found[names[0]]["surrender"] = _speaks_of_surrender(reasoning)
    for n in plain_confession:
        if not found[n]["surrender"]:
            found[n]["confession"] = True
    return found


_IN_COURT = re.compile(r"当庭|庭审|庭上")
_IN_COURT_ANY = re.compile(r"当庭|庭审|庭上|开庭|法庭|审理中|审理过程中|审理时|审判中")


def _sentences_with(text: str, pattern: re.Pattern[str]) -> str:
    """The sentences of the text (ending in 。 or ；) in which the pattern occurs, joined in order."""
    out: list[str] = []
    end = -1
    for m in pattern.finditer(text):
        if m.start() < end:
            continue
        start = max(text.rfind("。", 0, m.start()), text.rfind("；", 0, m.start()), text.rfind(";", 0, m.start())) + 1
        ends = [j for j in (text.find("。", m.end()), text.find("；", m.end()), text.find(";", m.end())) if j >= 0]
        end = min(ends) + 1 if ends else len(text)
        out.append(text[start:end])
    return "".join(out)
# literals one of which every match of a kind's pattern contains: a cheap test before the pattern runs
_KIND_LITERALS: dict[str, tuple[str, ...]] = {
    "surrender": ("自首",),
    "confession": ("坦白", "如实"),
    "plea_leniency": ("认罚",),
    "in_court_plea": ("认罪", "供认", "如实供述", "承认"),
    "restitution": ("退", "偿还", "归还", "返还"),
    "compensation": ("赔偿", "补偿"),
    "forgiveness": ("谅解",),
    "reconciliation": ("和解",),
    "recidivism": ("累犯",),
    "prior_record": ("前科", "劣迹", "再犯", "被判过刑", "曾因", "曾经"),
    "accessory": ("从犯",),
    "attempt": ("未遂",),
    "minor": ("未成年", "十八周岁", "十六周岁", "十四周岁"),
    "meritorious_service": ("立功",),
}


_ALL_LITERALS = sorted({lit for lits in _KIND_LITERALS.values() for lit in lits}, key=len, reverse=True)
_LITERAL_RE = re.compile("|".join(_ALL_LITERALS))
_FINDING_LITERALS = re.compile(
    "|".join(sorted({lit for k in _FINDING_KINDS for lit in _KIND_LITERALS[k]}, key=len, reverse=True))
)
_LITERAL_KINDS: dict[str, frozenset[str]] = {
    lit: frozenset(k for k, lits in _KIND_LITERALS.items() if any(x in lit for x in lits)) for lit in _ALL_LITERALS
}


def _kinds_in(text: str, kinds: list[tuple[str, re.Pattern[str]]]) -> list[tuple[str, re.Pattern[str]]]:
    """The kinds among `kinds` whose literal cue occurs in the text."""
    hits: set[str] = set()
    for lit in set(_LITERAL_RE.findall(text)):
        hits |= _LITERAL_KINDS[lit]
    return [(k, p) for k, p in kinds if k in hits]


def _names_in(clause: str, names: list[str]) -> list[str]:
    """Defendants named in a clause; a name seen only inside a longer name (岳某 in 岳某甲) does not count."""
    hits = [n for n in names if n in clause]
    if len(hits) > 1:
        hits = [n for n in hits if not any(n != m and n in m and clause.count(n) == clause.count(m) for m in hits)]
    return hits


def _mentions_subject(unit: str, names: list[str]) -> bool:
    return any(n in unit for n in names) or "被告" in unit


def _accept(kind: str, clause: str, unit: str, m: re.Match[str], has_recid: bool) -> bool:
    word = m.group(0)
    if kind == "compensation":
        return bool(_COMP_POSITIVE.search(clause)) and not _COMP_NEG.search(clause)
    if kind == "restitution":
        return not _RESTITUTION_NEG.search(clause)
    if kind == "minor":
        if _MINOR_NEG.search(clause):
            return False
        return not re.search(r"(?:不|没有|并非|非|未)[^，,。；]{0,4}$", clause[: m.start()])
    if kind == "prior_record":
        if _PRIOR_NEG.search(clause):
            return False
        if word.startswith("曾"):
            return not has_recid and "从重" in unit
        return not (word == "被判过刑" and has_recid)
    if kind == "surrender" and _SURRENDER_DENIED.search(unit):
        return False
    if kind == "recidivism":
        return not _RECID_DEF.search(clause) or "系累犯" in clause or "是累犯" in clause or "构成累犯" in clause
    return True


# ---------------------------------------------------------------------------------------------------------------
# the record


def extract(text: str) -> dict[str, Any]:
    """Extract the plea and sentencing facts of one criminal judgment (see the module docstring).

    Returns `{"error": code, "message": ...}` for a text that is empty or not a criminal judgment; otherwise the
    contract record with `errors` (problems met while reading) and `unknown` (paths left null).
    """
    if text is None or not str(text).strip():
        return {"error": "empty", "message": "文书为空 / empty document"}
    # a full-width comma separating thousands (罚金人民币30，000元) becomes ','; every other one stays a clause boundary
    text = fullwidth_thousands(normalize(str(text)))
    if len(text) < 30:
        return {"error": "too_short", "message": "文书过短，无法识别 / text too short to be a judgment"}
    if not _CRIMINAL_MARK.search(text) or not re.search(r"刑|罪", text):
        return {"error": "not_criminal", "message": "不是刑事裁判文书 / not a criminal judgment"}
    seg = segment(text)
    errors: list[str] = []
    unknown: list[str] = []

    court = _court(seg.header, text)
    cm = _CASE_NO.search(seg.header) or (None if seg.header.strip() else _CASE_NO.search(text, 0, 200))
    case_number = f"（{cm.group(1)}）{cm.group(2)}" if cm else None
    year: int | None = int(cm.group(1)) if cm else None
    if year is None:
        dates = _CN_DATE.findall(seg.tail or text[-300:])
        dm = dates[-1] if dates else None
        if dm is not None:
            try:
                year = parse_int(dm)
            except ValueError:
                year = None
    if "民事判决书" in seg.header and "刑事" not in seg.header:
        return {"error": "not_criminal", "message": "不是刑事裁判文书 / not a criminal judgment"}

    names, unit_names = _defendant_names(seg.parties)
    if not names:
        names = list(dict.fromkeys(re.findall(r"被告人([\u4e00-\u9fff]{2,4}?)犯", seg.operative)))
    if not names:
        errors.append("no_defendant: 未找到被告人 / no defendant found")
    if not seg.operative.strip():
        errors.append("no_operative_part: 未找到判决主文（判决如下），文书可能不完整 / no operative part: truncated?")

    elif not seg.tail.strip():
        errors.append(
            "truncated: 判决主文后无上诉告知或署名，文书可能不完整 / nothing after the operative part: truncated?"
        )

    chunks = _split_operative(seg.operative, names)
    penalties: dict[str, dict[str, Any]] = {}
    charges: dict[str, list[str]] = {}
    for n in names:
        chunk = chunks.get(n, "")
        penalties[n] = _penalty(chunk, errors, n)
        charges[n] = [] if penalties[n]["type"] == "not_guilty" else _charges(chunk)

    procedure = _procedure(seg, case_number, text)
    recommendation = _recommendation(seg, names, penalties)
    counsel = _counsel(names, seg, text)
    affidavit = _affidavit(text, names)
    circumstances = _circumstances(seg, names, unit_names)

    defendants = []
    for i, n in enumerate(names):
        p = penalties[n]
        if p["type"] is None:
            unknown.append(f"defendants[{i}].penalty.type")
        if p["type"] in _PRINCIPAL.values() and p["months"] is None:
            unknown.append(f"defendants[{i}].penalty.months")
        if not charges[n] and p["type"] != "not_guilty":
            unknown.append(f"defendants[{i}].charges")
        defendants.append(
            {
                "name": n,
                "charges": charges[n],
                "penalty": p,
                "circumstances": circumstances[n],
                "counsel": counsel[n],
                "plea_affidavit": affidavit[n],
            }
        )
    if court is None:
        unknown.append("court")
    if year is None:
        unknown.append("year")
    if procedure == "unknown":
        unknown.append("procedure")
    return {
        "court": court,
        "year": year,
        "case_number": case_number,
        "procedure": procedure,
        "recommendation": recommendation,
        "defendants": defendants,
        "errors": errors,
        "unknown": unknown,
    }

"""Statutory tiers (法定刑幅度) of every article of the Criminal Law, parsed from the official text.

The consolidated Criminal Law shipped in `pleaguard/law/texts/` (instrument `cl`) is read once. Each
punishment clause of a Special Part article (第一百零二条 - 第四百五十一条) — "…的，处三年以下有期徒刑、拘役或者管制",
"…的，处三年以上十年以下有期徒刑", "处十年以上有期徒刑、无期徒刑或者死刑" — becomes a `StatutoryTier` with the
condition written before 处 (数额巨大的, 致人重伤的 …), the custodial range in months and whether life imprisonment
or death is available. Lengths follow the General Part: 有期徒刑 runs from six months to fifteen years (CL 45),
拘役 from one to six months (CL 42), 管制 from three months to two years (CL 38).

`choose_tier` picks the tier the facts fall in when no sentencing-guideline section governs the charge: the
first (basic) tier of the article unless the facts state a graver (or lighter) tier's own condition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pleaguard.rules.citations import Citation

LAW_TEXT = "criminal-law-consolidated-amendment12-2023.md"
FIXED_TERM_MAX = 180  # CL 45: 有期徒刑 at most fifteen years
FIXED_TERM_MIN = 6  # CL 45: at least six months
DETENTION_MIN = 1  # CL 42: 拘役 one month to six months
DETENTION_MAX = 6
SURVEILLANCE_MIN = 3  # CL 38: 管制 three months to two years

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARTICLE_RE = re.compile(r"^第([零一二三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?[ 　](.*)$")
_NUM = r"[零一二两三四五六七八九十]+"
_RANGE_RE = re.compile(rf"({_NUM})年以上({_NUM})年以下有期徒刑")
_BELOW_RE = re.compile(rf"({_NUM})(年|个月)以下有期徒刑")
_ABOVE_RE = re.compile(rf"({_NUM})年以上有期徒刑")


def small_chinese_int(text: str) -> int:
    """Read a Chinese numeral below ten thousand as used in statutes: 三 → 3, 十五 → 15, 二百六十四 → 264."""
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


@dataclass(frozen=True, slots=True)
class StatutoryTier:
    """One punishment clause of an article: its condition and the custodial range it allows.

    `min_months`/`max_months` bound the custodial term (the lightest custodial penalty allowed sets the
    minimum; a tier reaching life imprisonment or death has the fifteen-year maximum of a fixed term).
    """

    article: str  # "264", "133-1"
    paragraph: int
    index: int  # 0-based order of the clause within the article
    condition: str
    min_months: int
    max_months: int
    life: bool
    death: bool
    detention: bool
    surveillance: bool
    fine_alone: bool
    clause: str

    @property
    def cite(self) -> Citation:
        return Citation("cl", self.article, self.paragraph)

    def to_dict(self) -> dict[str, object]:
        return {
            "article": self.article, "paragraph": self.paragraph, "condition": self.condition,
            "min_months": self.min_months, "max_months": self.max_months, "life_imprisonment": self.life,
            "death_penalty": self.death, "criminal_detention": self.detention,
            "public_surveillance": self.surveillance, "fine_alone": self.fine_alone, "clause": self.clause,
        }

    @property
    def label_zh(self) -> str:
        """The tier as the statute words it: 三年以下有期徒刑、拘役、管制 / 十年以上有期徒刑、无期徒刑、死刑."""
        parts = []
        if "有期徒刑" in self.clause or self.min_months > DETENTION_MAX:
            lo = f"{self.min_months // 12}年以上" if self.min_months >= 12 else ""
            hi = "" if self.max_months == FIXED_TERM_MAX and lo else f"{self.max_months // 12}年以下" \
                if self.max_months % 12 == 0 else f"{self.max_months}个月以下"
            parts.append(f"{lo}{hi}有期徒刑")
        if self.detention:
            parts.append("拘役")
        if self.surveillance:
            parts.append("管制")
        if self.life:
            parts.append("无期徒刑")
        if self.death:
            parts.append("死刑")
        return "、".join(parts)


def _years(text: str, unit: str = "年") -> int:
    n = small_chinese_int(text)
    return n * 12 if unit == "年" else n


def parse_clause(condition: str, penalty: str) -> dict[str, object] | None:
    """Turn one penalty phrase (the words after 处, before 并处) into custodial bounds; None if no custody."""
    life = "无期徒刑" in penalty
    death = "死刑" in penalty and "死刑缓期" not in penalty
    detention = "拘役" in penalty
    surveillance = "管制" in penalty
    lo: int | None = None
    hi: int | None = None
    if m := _RANGE_RE.search(penalty):
        lo, hi = _years(m.group(1)), _years(m.group(2))
    elif m := _ABOVE_RE.search(penalty):
        lo, hi = _years(m.group(1)), FIXED_TERM_MAX
    elif m := _BELOW_RE.search(penalty):
        hi = _years(m.group(1), m.group(2))
        lo = DETENTION_MIN if detention else SURVEILLANCE_MIN if surveillance else FIXED_TERM_MIN
    elif life or death:
        lo, hi = (FIXED_TERM_MAX, FIXED_TERM_MAX)
        if "十年以上" in penalty:
            lo = 120
    elif detention:
        lo, hi = DETENTION_MIN, DETENTION_MAX
    elif surveillance:
        lo, hi = SURVEILLANCE_MIN, 24
    if lo is None or hi is None:
        return None
    return {"condition": condition, "min_months": lo, "max_months": hi, "life": life, "death": death,
            "detention": detention, "surveillance": surveillance, "fine_alone": "单处罚金" in penalty}


_PUNISH_RE = re.compile(r"处((?:[^，；。：]*?)(?:有期徒刑|拘役|管制|无期徒刑|死刑)(?:[^；。：]*)?)")


def parse_paragraph(article: str, paragraph: int, text: str, start_index: int) -> list[StatutoryTier]:
    """The tiers one paragraph sets, in the order written."""
    tiers: list[StatutoryTier] = []
    for sentence in re.split(r"[；。]", text):
        m = _PUNISH_RE.search(sentence)
        if not m:
            continue
        before = sentence[: m.start()]
        if "处罚" in sentence[m.start(): m.start() + 2] or before.endswith("判"):
            continue
        penalty = re.split(r"，?并处|，?或者单处|，?可以并处", m.group(1))[0]
        if "单处罚金" in m.group(1):
            penalty += "单处罚金"
        condition = before.rstrip("，,").strip()
        parsed = parse_clause(condition, penalty)
        if parsed is None:
            continue
        tiers.append(StatutoryTier(article=article, paragraph=paragraph, index=start_index + len(tiers),
                                   clause=sentence.strip(), **parsed))  # type: ignore[arg-type]
    return tiers


@dataclass(frozen=True, slots=True)
class Article:
    """An article of the Criminal Law: its number, its paragraphs and the tiers they set."""

    number: str
    paragraphs: tuple[str, ...]
    tiers: tuple[StatutoryTier, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def parse_criminal_law(text: str) -> dict[str, Article]:
    """All articles of the text, keyed "264" or "133-1", each with the tiers its paragraphs set."""
    articles: dict[str, Article] = {}
    current: str | None = None
    paras: list[str] = []

    def close() -> None:
        if current is None:
            return
        tiers: list[StatutoryTier] = []
        para_no = 0
        for p in paras:
            if re.match(r"^（[一二三四五六七八九十]+）", p):
                continue  # an item (项) of the preceding paragraph, not a paragraph of its own
            para_no += 1
            tiers.extend(parse_paragraph(current, para_no, p, len(tiers)))
        articles[current] = Article(current, tuple(paras), tuple(tiers))

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if line.startswith("#"):
                close()
                current, paras = None, []
            continue
        m = _ARTICLE_RE.match(line)
        if m:
            close()
            number = str(small_chinese_int(m.group(1)))
            current = f"{number}-{small_chinese_int(m.group(2))}" if m.group(2) else number
            paras = [m.group(3).strip()]
        elif current is not None:
            paras.append(line)
    close()
    return articles


@lru_cache(maxsize=1)
def criminal_law() -> dict[str, Article]:
    """The Criminal Law as shipped with the package, parsed once per process."""
    path = resources.files("pleaguard") / "law" / "texts" / LAW_TEXT
    return parse_criminal_law(path.read_text(encoding="utf-8"))


def article_tiers(article: str) -> tuple[StatutoryTier, ...]:
    """The tiers of one article ("264", "133-1"); empty when the article sets no custodial penalty."""
    art = criminal_law().get(article)
    return art.tiers if art else ()


_GRAVER = ("特别巨大", "特别严重", "特别恶劣", "致人死亡", "致使被害人死亡", "死亡", "数额巨大", "情节严重", "情节恶劣",
           "致人重伤", "重伤", "严重后果", "后果特别严重", "数量大", "多次")
_LIGHTER = ("情节较轻", "情节轻微")


@dataclass(frozen=True, slots=True)
class TierLadder:
    """The tiers of one charge: the ladder from the basic tier up, and any lighter tier (情节较轻)."""

    ladder: tuple[StatutoryTier, ...]
    lighter: tuple[StatutoryTier, ...]

    @property
    def basic(self) -> StatutoryTier:
        return self.ladder[0]


def _severity_key(t: StatutoryTier) -> tuple[int, bool, bool, int]:
    return (t.min_months, t.life, t.death, t.max_months)


def charge_ladder(article: str, paragraphs: tuple[int, ...] | None = None) -> TierLadder | None:
    """The tier ladder of a charge defined by `article` (and the paragraphs that define it).

    Without `paragraphs`, the charge is the first paragraph that sets a penalty, together with the paragraphs
    that follow it with 犯前款罪 (the aggravated tiers of the same crime). Tiers whose condition is 情节较轻
    form the lighter side; the rest are ordered by severity, the lightest being the basic tier.
    """
    tiers = article_tiers(article)
    if not tiers:
        return None
    if paragraphs is None:
        first = tiers[0].paragraph
        paras = {first}
        art = criminal_law()[article]
        body = [p for p in art.paragraphs if not re.match(r"^（[一二三四五六七八九十]+）", p)]
        for n in range(first + 1, len(body) + 1):
            if body[n - 1].startswith("犯前款罪") or body[n - 1].startswith("有前款行为"):
                paras.add(n)
            else:
                break
        paragraphs = tuple(sorted(paras))
    chosen = [t for t in tiers if t.paragraph in paragraphs]
    if not chosen:
        return None
    lighter = tuple(t for t in chosen if any(k in t.condition for k in _LIGHTER) and t is not chosen[0])
    ladder = tuple(sorted((t for t in chosen if t not in lighter), key=_severity_key))
    return TierLadder(ladder, lighter)


def _key_phrases(condition: str) -> list[str]:
    """The phrases of a tier's condition that facts can state: 数额巨大, 情节严重, 致人重伤 …"""
    found = [k for k in _GRAVER + _LIGHTER if k in condition]
    return [k for k in found if not any(k != o and k in o for o in found)]


def choose_tier(ladder: TierLadder, fact: str, severity: int | None = None) -> tuple[StatutoryTier, str]:
    """The tier the facts fall in, and why.

    `severity` (0 = basic, 1 = next graver, …) comes from quantities when the charge's thresholds are known;
    otherwise the basic tier applies unless the fact text states the condition of a graver tier (数额巨大,
    致人死亡 …), in which case the gravest such tier applies, or of a lighter one (情节较轻).
    """
    tiers = ladder.ladder
    if severity is not None:
        pick = tiers[max(0, min(severity, len(tiers) - 1))]
        if pick is tiers[0]:
            return pick, "依数量认定为基本罪状的法定刑幅度"
        return pick, f"依数量认定为加重法定刑幅度（{pick.condition}）"
    hits = [t for t in tiers[1:] if any(k in fact for k in _key_phrases(t.condition))]
    if hits:
        pick = hits[-1]
        return pick, f"事实中载明该幅度的情形（{'、'.join(k for k in _key_phrases(pick.condition) if k in fact)}）"
    if ladder.lighter and any(k in fact for k in _LIGHTER):
        return ladder.lighter[0], "事实中载明情节较轻"
    return tiers[0], "未见加重情形，适用基本罪状的法定刑幅度"

"""The text of a cited article, so that every citation shown on a page has its words one click away.

The texts are byte-for-byte copies of public sources in `pleaguard/law/texts/` (provenance in its SOURCES.md);
`law/sources.yaml` names the file of each instrument (`text:`). Statutes and interpretations are Markdown with one
article per line group (`第一百七十四条 …`, following lines are its further paragraphs); the sentencing guidelines
are JSON transcriptions with one object per numbered paragraph, cited as `三（十四）` (section 三, paragraph （十四）).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pleaguard.numerals import int_to_chinese
from pleaguard.rules.citations import Citation
from pleaguard.rules.parameters import Law

# `第一百七十四条 …`; one source prints `第三百七十二 条适用…` (space before 条, none after), accepted too.
_ARTICLE_HEAD = re.compile(
    r"^第([零〇一二三四五六七八九十百千]+)(?:条(?:之([一二三四五六七八九十]+))?[\s　]+|\s+条)(.*)$"
)
_STATUTE_ARTICLE = re.compile(r"^(\d+)(?:-(\d+))?$")
_GUIDELINE_ARTICLE = re.compile(r"^([一二三四五六七八九十]+)[（(]([一二三四五六七八九十]+)[）)]")


def text_dirs() -> tuple[Path, ...]:
    """Where texts are looked for: the law package's texts."""
    return (Path(str(resources.files("pleaguard.law") / "texts")),)


@lru_cache(maxsize=64)
def text_path(filename: str) -> Path | None:
    for folder in text_dirs():
        if (folder / filename).is_file():
            return folder / filename
    return None


_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


@lru_cache(maxsize=16)
def _statute_articles(filename: str) -> dict[str, list[list[str]]]:
    """Article label (`第一百七十四条`, `第一百三十三条之一`) → its paragraphs (款), each a list of lines: the
    paragraph's own sentence followed by its items (项, lines that start with （一）, （二）…)."""
    articles: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    path = text_path(filename)
    if path is None:
        return {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#") or line.startswith("<!--"):
            current = None
            continue
        m = _ARTICLE_HEAD.match(line)
        if m:
            label = f"第{m.group(1)}条" + (f"之{m.group(2)}" if m.group(2) else "")
            current = articles.setdefault(label, [])
            current.append([m.group(3).strip()])
        elif current is not None:
            if _ITEM.match(line) and current:
                current[-1].append(line)
            else:
                current.append([line])
    return articles


@lru_cache(maxsize=8)
def _guideline_paragraphs(filename: str) -> dict[str, str]:
    """`三（十四）` → the paragraph's text, from a guideline's JSON transcription."""
    path = text_path(filename)
    if path is None:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for art in data.get("articles", []):
        section = str(art.get("section", "")).split("、", 1)[0]
        content = str(art.get("content", ""))
        m = re.match(r"^[（(]([一二三四五六七八九十]+)[）)]", content)
        if section and m:
            out.setdefault(f"{section}（{m.group(1)}）", content)
    return out


def article_text(law: Law, citation: Citation) -> str | None:
    """The words of the cited article (or its cited paragraph), or None when the text is not shipped."""
    inst = law.instruments.get(citation.instrument)
    if inst is None or not inst.text:
        return None
    if text_path(inst.text) is None:
        return None
    if inst.text.endswith(".json"):
        m = _GUIDELINE_ARTICLE.match(citation.article)
        if not m:
            return None
        return _guideline_paragraphs(inst.text).get(f"{m.group(1)}（{m.group(2)}）")
    m = _STATUTE_ARTICLE.match(citation.article)
    if not m:
        return None
    label = f"第{int_to_chinese(int(m.group(1)))}条" + (f"之{int_to_chinese(int(m.group(2)))}" if m.group(2) else "")
    paragraphs = _statute_articles(inst.text).get(label)
    if not paragraphs:
        return None
    if citation.paragraph is not None and 1 <= citation.paragraph <= len(paragraphs):
        lines = paragraphs[citation.paragraph - 1]
        if citation.item is not None and 1 <= citation.item < len(lines):
            return f"{lines[0]}\n{lines[citation.item]}"
        return "\n".join(lines)
    return "\n".join("\n".join(lines) for lines in paragraphs)


def present(law: Law, cite: dict[str, object]) -> dict[str, object]:
    """A citation as pages show it: the JSON form, the rendered form lawyers paste, and the article's words.
    The law is loaded once and never changes, so each citation is worked out once (a case page shows dozens)."""
    try:
        key = tuple(sorted(cite.items()))
        hash(key)
    except (AttributeError, TypeError):
        return _present(law, cite)
    return dict(_present_cached(law, key))


@lru_cache(maxsize=4096)
def _present_cached(law: Law, key: tuple[tuple[str, object], ...]) -> tuple[tuple[str, object], ...]:
    return tuple(_present(law, dict(key)).items())


def _present(law: Law, cite: dict[str, object]) -> dict[str, object]:
    try:
        citation = Citation.from_dict(dict(cite))
    except (KeyError, TypeError, ValueError):
        return {"cite": cite, "citation": str(cite), "text": None}
    return {"cite": citation.to_dict(), "citation": law.render(citation), "text": article_text(law, citation)}

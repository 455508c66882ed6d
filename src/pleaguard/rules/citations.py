"""Citations and explained results.

A `Citation` names an instrument of the law registry (`law/sources.yaml`) and a place in it. In JSON it is
`{instrument, article, paragraph?, item?}`; to a user it is shown the way lawyers paste it into filings:
《中华人民共和国刑事诉讼法》第一百七十四条第一款.

A `Step` is one line of an explanation: what was done, with which numbers, on whose authority. `basis` says
whether the authority is the law itself, an interpretation of it that the texts do not settle, a documented
policy choice (e.g. the plea-stage ladder), or a parameter fitted on real judgments. Only `law` is law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pleaguard.numerals import int_to_chinese

Basis = Literal["law", "interpretation", "policy", "fitted"]

_STATUTE_ARTICLE = re.compile(r"^(\d+)(?:-(\d+))?$")


@dataclass(frozen=True, slots=True)
class Citation:
    """A place in an instrument: instrument id, article, and optionally paragraph (款) and item (项)."""

    instrument: str
    article: str
    paragraph: int | None = None
    item: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"instrument": self.instrument, "article": self.article}
        if self.paragraph is not None:
            out["paragraph"] = self.paragraph
        if self.item is not None:
            out["item"] = self.item
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return cls(
            instrument=str(data["instrument"]),
            article=str(data["article"]),
            paragraph=int(data["paragraph"]) if data.get("paragraph") is not None else None,
            item=int(data["item"]) if data.get("item") is not None else None,
        )

    def place_zh(self) -> str:
        """The place within the instrument in Chinese (第一百三十三条之一第一款第（二）项), or a guideline's label."""
        m = _STATUTE_ARTICLE.match(self.article)
        if m:
            text = f"第{int_to_chinese(int(m.group(1)))}条"
            if m.group(2):
                text += f"之{int_to_chinese(int(m.group(2)))}"
        else:
            text = self.article
        if self.paragraph is not None:
            text += f"第{int_to_chinese(self.paragraph)}款"
        if self.item is not None:
            text += f"第（{int_to_chinese(self.item)}）项"
        return text

    def __str__(self) -> str:
        return f"{self.instrument} {self.article}" + (f"({self.paragraph})" if self.paragraph else "")


def cite(instrument: str, article: str | int, paragraph: int | None = None, item: int | None = None) -> Citation:
    """Shorthand: cite("cpl-2018", 174, 1)."""
    return Citation(instrument, str(article), paragraph, item)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of an explanation: a code, a plain message (Chinese first), its numbers and its citations."""

    code: str
    message: str
    values: dict[str, Any] = field(default_factory=dict)
    cites: tuple[Citation, ...] = ()
    basis: Basis = "law"

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.code,
            "message": self.message,
            "values": self.values,
            "cites": [c.to_dict() for c in self.cites],
            "basis": self.basis,
        }

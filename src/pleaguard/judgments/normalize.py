"""Normalising a judgment's text before extraction.

Two things only, both lossless for the extractor: full-width ASCII (digits, Latin letters, ％．＋－) becomes
half-width, and traditional characters become simplified (through OpenCC when it is installed). Chinese punctuation
（，。：；（）） is kept as it is: the extractor's patterns are written for it. Whitespace runs become one space.

Traditional → simplified conversion is expensive, so it runs only when the text contains characters that occur in
traditional but not in simplified writing of judgments (判決, 審, 認罪, 罰金 …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_FW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FW.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FW.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FW.update({"％": "%", "．": ".", "＋": "+", "－": "-", "\u3000": " ", "\xa0": " ", "○": "〇", "Ｏ": "〇"})
_FW_PRESENT = re.compile("[" + "".join(re.escape(k) for k in _FW) + "]")
_SPACES = re.compile(r"\s+")

# Characters frequent in traditional-script judgments and absent from simplified ones.
_TRADITIONAL_STRICT = re.compile("[決審認罰書號為與訴經檢處規條護師辯據濟應證屬實還賠償諒請緩執萬價購銷違]")


@lru_cache(maxsize=1)
def _converter() -> Callable[[str], str] | None:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return None
    conv = opencc.OpenCC("t2s")
    return conv.convert


def has_traditional(text: str) -> bool:
    """True if at least three traditional-only characters occur (one may be a name or a typo)."""
    return any(count >= 3 for count, _ in enumerate(_TRADITIONAL_STRICT.finditer(text), start=1))


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified (OpenCC t2s); returns the text unchanged without OpenCC."""
    conv = _converter()
    return conv(text) if conv else text


def _fw_char(m: re.Match[str]) -> str:
    return _FW[m.group(0)]


def normalize(text: str) -> str:
    """Full-width ASCII → half-width, traditional → simplified (when present), whitespace runs → one space."""
    if _FW_PRESENT.search(text):
        text = _FW_PRESENT.sub(_fw_char, text)
    if has_traditional(text):
        text = to_simplified(text)
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\x0b" in text or "\x0c" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()

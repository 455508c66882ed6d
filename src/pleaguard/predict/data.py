"""Reading CAIL-style records and the fixed train/validation split used for fitting and evaluation.

The split is a pure function of the fact text: the first byte of its SHA-256 digest, taken modulo 5, puts 20% of
the records in `validation` (remainder 0) and 80% in `train`. It needs no seed, does not depend on the order or
the number of records, and never moves a record between parts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pleaguard.errors import InputError

Part = Literal["train", "validation"]
AS_OF = dt.date(2018, 12, 31)  # the fitted judgments were decided 2013-2018: the default date of the law applied
LIFE_MONTHS = 240  # pseudo-months standing for life imprisonment in fitting only (never output as a term)
DEATH_MONTHS = 300  # pseudo-months standing for death in fitting only


def split_of(fact: str) -> Part:
    """'validation' for one record in five (by a hash of the fact text), 'train' for the others."""
    return "validation" if hashlib.sha256(fact.encode("utf-8")).digest()[0] % 5 == 0 else "train"


@dataclass(frozen=True, slots=True)
class Record:
    """One CAIL record: the fact text, its charges and the sentence pronounced."""

    fact: str
    charges: tuple[str, ...]
    months: int
    life: bool
    death: bool
    line: int

    @property
    def part(self) -> Part:
        return split_of(self.fact)

    @property
    def fixed_term(self) -> bool:
        return not (self.life or self.death)

    @property
    def target_months(self) -> int:
        """The term for fitting: life and death as pseudo-months above the fifteen-year maximum."""
        return DEATH_MONTHS if self.death else LIFE_MONTHS if self.life else self.months


def parse_record(obj: Any, line: int) -> Record:
    """A CAIL record from its JSON object; InputError naming the field when it is not one."""
    if not isinstance(obj, dict) or not isinstance(obj.get("fact"), str):
        raise InputError("不是 CAIL 记录（缺少字符串 `fact`） / not a CAIL record (needs a string `fact`)",
                         field=f"line {line}")
    meta = obj.get("meta")
    if not isinstance(meta, dict) or not isinstance(meta.get("term_of_imprisonment"), dict):
        raise InputError("缺少 meta.term_of_imprisonment / no meta.term_of_imprisonment", field=f"line {line}")
    term = meta["term_of_imprisonment"]
    accusation = meta.get("accusation") or []
    if not isinstance(accusation, list) or not all(isinstance(a, str) for a in accusation):
        raise InputError("meta.accusation 必须是罪名列表 / meta.accusation must be a list of names",
                         field=f"line {line}")
    months = term.get("imprisonment")
    if not isinstance(months, int) or months < 0:
        raise InputError("meta.term_of_imprisonment.imprisonment 必须是非负整数"
                         " / meta.term_of_imprisonment.imprisonment must be a non-negative integer",
                         field=f"line {line}")
    return Record(obj["fact"], tuple(accusation), months, bool(term.get("life_imprisonment")),
                  bool(term.get("death_penalty")), line)


def read_records(path: Path) -> Iterator[Record | InputError]:
    """Each line of a CAIL JSONL file as a Record, or the InputError that says why it is not one."""
    try:
        fh = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"文件不存在：{path} / no such file: {path}", field="DATA") from None
    with fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield parse_record(json.loads(raw), n)
            except json.JSONDecodeError as exc:
                yield InputError(f"JSON 格式错误 / malformed JSON: {exc.msg}", field=f"line {n}")
            except InputError as exc:
                yield exc

"""The hash chain that makes a case's event log tamper-evident.

    header_hash = SHA-256( canonical JSON of {"case_id", "header"} )          header = the case file minus events
    hash(n)     = SHA-256( canonical JSON of {"case_id", "seq": n, "event": payload(n), "prev_hash": hash(n-1)} )
    hash(0)     = header_hash                                                 so the people and charges are chained too

Canonical JSON: keys sorted, no insignificant whitespace, UTF-8 (not \\u-escaped), NaN/Infinity refused. Anyone
can recompute the chain from an export with a few lines of code in any language.

`verify_chain` recomputes everything and reports every problem, the first one foremost, naming the event:
an event whose content no longer matches its hash, a broken link (an event removed, inserted or rewritten with
a fresh hash), a gap in the numbering, a changed header, and, when the audit trail's record of each appended
event's hash is supplied, events missing from the end of the log or rewritten together with all later hashes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pleaguard.services.records import StoredEvent


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def header_hash(case_id: str, header: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json({"case_id": case_id, "header": header})).hexdigest()


def event_hash(case_id: str, seq: int, payload: Mapping[str, Any], prev_hash: str) -> str:
    body = {"case_id": case_id, "seq": seq, "event": payload, "prev_hash": prev_hash}
    return hashlib.sha256(canonical_json(body)).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    """One place where the stored log differs from what the chain proves. `seq` 0 means the case header."""

    seq: int
    event_id: str | None
    kind: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "event_id": self.event_id, "kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class ChainReport:
    case_id: str
    events_checked: int
    head_hash: str
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> ChainProblem | None:
        return self.problems[0] if self.problems else None

    def to_dict(self) -> dict[str, Any]:
        first = self.first_problem
        return {
            "case_id": self.case_id, "ok": self.ok, "events_checked": self.events_checked,
            "head_hash": self.head_hash, "first_problem": first.to_dict() if first else None,
            "problems": [p.to_dict() for p in self.problems],
        }


def _label(event: StoredEvent) -> str:
    return f"第 {event.seq} 个事件（{event.event_id}，{event.type}）"


def _label_en(event: StoredEvent) -> str:
    return f"event {event.seq} ({event.event_id}, {event.type})"


def verify_chain(
    case_id: str,
    header: Mapping[str, Any],
    stored_header_hash: str,
    events: Sequence[StoredEvent],
    anchors: Mapping[int, str] | None = None,
) -> ChainReport:
    """Recompute the chain of one case. `anchors` maps seq → hash as recorded in the audit trail when appended."""
    problems: list[ChainProblem] = []
    computed_header = header_hash(case_id, header)
    if computed_header != stored_header_hash:
        problems.append(ChainProblem(0, None, "header_altered",
                                     "案件基本信息（当事人、罪名）与存储时的哈希不符：创建后被改动"
                                     " / the case header (people, charges) no longer matches its stored hash:"
                                     " it was changed after the case was created"))
    prev = stored_header_hash
    expected_seq = 1
    for ev in events:
        if ev.seq != expected_seq:
            problems.append(ChainProblem(
                ev.seq, ev.event_id, "seq_gap",
                f"{_label(ev)}之前缺少第 {expected_seq} 至 {ev.seq - 1} 个事件：事件被删除"
                f" / events {expected_seq} to {ev.seq - 1} before {_label_en(ev)} are missing: they were deleted",
            ))
        if ev.prev_hash != prev:
            where = "案件基本信息" if ev.seq == 1 else f"第 {ev.seq - 1} 个事件"
            where_en = "the case header" if ev.seq == 1 else f"event {ev.seq - 1}"
            problems.append(ChainProblem(
                ev.seq, ev.event_id, "broken_link",
                f"{_label(ev)}记录的前一哈希与{where}的哈希不符：{where}或本事件在存储后被改写、删除或插入"
                f" / the previous hash recorded by {_label_en(ev)} does not match the hash of {where_en}:"
                f" one of them was rewritten, deleted or inserted after it was stored",
            ))
        recomputed = event_hash(case_id, ev.seq, ev.payload, ev.prev_hash)
        if recomputed != ev.hash:
            problems.append(ChainProblem(
                ev.seq, ev.event_id, "hash_mismatch",
                f"{_label(ev)}的内容或哈希与存储时不符：该事件在存储后被改动"
                f" / the content or hash of {_label_en(ev)} does not match: it was changed after it was stored",
            ))
        if ev.payload.get("id") != ev.event_id or ev.payload.get("type") != ev.type:
            problems.append(ChainProblem(
                ev.seq, ev.event_id, "column_mismatch",
                f"{_label(ev)}的编号或类型列与事件内容不一致"
                f" / the id or type column of {_label_en(ev)} differs from the event's content",
            ))
        if anchors and ev.seq in anchors and anchors[ev.seq] != ev.hash:
            problems.append(ChainProblem(
                ev.seq, ev.event_id, "anchor_mismatch",
                f"{_label(ev)}的哈希与审计记录中追加时的哈希不符：该事件及其后的哈希被整体重写"
                f" / the hash of {_label_en(ev)} differs from the one the audit trail recorded when it was"
                f" appended: it and the hashes after it were rewritten together",
            ))
        prev = ev.hash
        expected_seq = ev.seq + 1
    if anchors:
        last = events[-1].seq if events else 0
        missing = sorted(s for s in anchors if s > last)
        if missing:
            problems.append(ChainProblem(
                missing[0], None, "missing_tail",
                f"审计记录显示曾追加第 {missing[0]} 至 {missing[-1]} 个事件，但日志中已不存在：事件被删除"
                f" / the audit trail shows that events {missing[0]} to {missing[-1]} were appended, but the log"
                f" no longer holds them: they were deleted",
            ))
    return ChainReport(case_id=case_id, events_checked=len(events), head_hash=prev, problems=problems)

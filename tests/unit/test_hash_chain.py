"""The hash chain on its own: canonical JSON, the chain's definition, and what verify_chain reports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from pleaguard.services.chain import canonical_json, event_hash, header_hash, verify_chain
from pleaguard.services.records import StoredEvent

T = dt.datetime(2024, 9, 27, 2, 0, tzinfo=dt.UTC)
HEADER = {"people": [{"id": "s1", "role": "suspect", "name": "张三"}], "charges": []}


def chain(case_id: str, payloads: list[dict[str, object]]) -> list[StoredEvent]:
    prev = header_hash(case_id, HEADER)
    out = []
    for seq, p in enumerate(payloads, start=1):
        h = event_hash(case_id, seq, p, prev)
        out.append(StoredEvent(seq=seq, event_id=str(p["id"]), type=str(p["type"]), at=T, payload=p,
                               recorded_at=T, recorded_by="t", prev_hash=prev, hash=h))
        prev = h
    return out


PAYLOADS: list[dict[str, object]] = [
    {"id": f"e{i}", "type": "meeting", "at": "2024-09-27T10:00:00+08:00", "minutes": i} for i in range(1, 5)
]


def test_canonical_json_sorts_keys_drops_whitespace_and_keeps_chinese_as_utf8() -> None:
    assert canonical_json({"b": 1, "a": "张"}) == '{"a":"张","b":1}'.encode()


def test_canonical_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_an_event_hash_is_sha256_of_the_documented_canonical_body() -> None:
    body = {"case_id": "C", "seq": 1, "event": {"id": "e1"}, "prev_hash": "ab"}
    expected = hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()
    assert event_hash("C", 1, {"id": "e1"}, "ab") == expected


def test_the_same_event_in_another_case_or_position_has_another_hash() -> None:
    p = {"id": "e1", "type": "bail"}
    assert len({event_hash("C", 1, p, "x"), event_hash("D", 1, p, "x"), event_hash("C", 2, p, "x")}) == 3


def test_an_intact_chain_verifies_and_reports_its_head() -> None:
    events = chain("C", PAYLOADS)
    report = verify_chain("C", HEADER, header_hash("C", HEADER), events)
    assert report.ok and report.head_hash == events[-1].hash and report.events_checked == 4


def test_a_reordered_log_is_reported_at_the_first_event_out_of_place() -> None:
    events = chain("C", PAYLOADS)
    swapped = [events[0], events[2], events[1], events[3]]
    report = verify_chain("C", HEADER, header_hash("C", HEADER), swapped)
    assert report.first_problem is not None and report.first_problem.event_id == "e3"


def test_an_empty_log_chains_to_the_header() -> None:
    report = verify_chain("C", HEADER, header_hash("C", HEADER), [])
    assert report.ok and report.head_hash == header_hash("C", HEADER)


def test_a_header_changed_after_storage_is_reported_as_position_zero() -> None:
    events = chain("C", PAYLOADS)
    changed = {**HEADER, "charges": [{"person": "s1", "crime": "theft"}]}
    report = verify_chain("C", changed, header_hash("C", HEADER), events)
    assert report.first_problem is not None and report.first_problem.seq == 0


def test_audit_anchors_reveal_events_cut_from_the_end() -> None:
    events = chain("C", PAYLOADS)
    anchors = {e.seq: e.hash for e in events}
    report = verify_chain("C", HEADER, header_hash("C", HEADER), events[:2], anchors)
    assert report.first_problem is not None
    assert (report.first_problem.kind, report.first_problem.seq) == ("missing_tail", 3)

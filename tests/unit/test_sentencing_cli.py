"""`pleaguard sentence` and `pleaguard review` on the command line: output, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_runner import run_cli as run

CASE: dict[str, Any] = {
    "crime": "theft", "offense_date": "2022-01-01", "decided_on": "2022-06-01", "facts": {"amount_yuan": 5000},
    "defendant": {"age_at_offense": 30},
    "circumstances": [{"kind": "surrender"}, {"kind": "plea_leniency", "stage": "investigation"}],
}


def write(tmp_path: Path, data: Any, name: str = "case.json") -> str:
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    return str(p)


def test_sentence_prints_the_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["sentence", write(tmp_path, CASE), "--json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["proposed"]["penalty_type"] in ("criminal_detention", "fixed_term_imprisonment")
    assert doc["proposed"]["months"]["min"] <= doc["proposed"]["months"]["max"]
    assert all("cites" in s and "basis" in s for s in doc["trace"])
    assert doc["errors"] == []


def test_sentence_prints_readable_chinese_text_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["sentence", write(tmp_path, CASE)], capsys)
    assert code == 0
    assert "拟宣告刑" in out and "《中华人民共和国刑法》" in out and "[政策]" in out


def test_a_bad_field_exits_2_with_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = {**CASE, "circumstances": [{"kind": "plea_leniency", "stage": "sometime"}]}
    code, out, err = run(["sentence", write(tmp_path, bad)], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "circumstances[0].stage" in err and "Traceback" not in err


def test_malformed_json_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["sentence", write(tmp_path, '{"crime": "theft",')], capsys)
    assert code == 2 and "malformed JSON" in err


def test_an_unknown_crime_exits_2_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["sentence", write(tmp_path, {**CASE, "crime": "piracy"})], capsys)
    assert code == 2 and err.startswith("错误 / error: crime: 未知罪名 ")


def test_a_negative_amount_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["sentence", write(tmp_path, {**CASE, "facts": {"amount_yuan": -5}})], capsys)
    assert code == 2 and "facts.amount_yuan" in err


def test_schema_documents_circumstances_and_each_crimes_facts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["sentence", "--schema"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["circumstance_kinds"]["plea_leniency"] == ["date", "stage"]
    assert "amount_yuan" in doc["facts"]["theft"]["properties"]


def test_review_prints_points_to_argue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = {**CASE, "recommendation": {"penalty_type": "fixed_term_imprisonment", "months": 30}}
    code, out, _ = run(["review", write(tmp_path, case)], capsys)
    assert code == 0
    assert "辩护要点" in out
    code, out, _ = run(["review", write(tmp_path, case), "--json"], capsys)
    assert json.loads(out)["position"]["relative_to_proposed"] in ("inside", "above")

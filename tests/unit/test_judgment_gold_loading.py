"""Loading gold labels for `pleaguard eval extract` (pleaguard.judgments.evaluate.load_gold)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pleaguard.errors import InputError
from pleaguard.judgments.evaluate import load_gold


def _write(path: Path, *ids: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"text_id": i, "defendants": []}) + "\n" for i in ids), encoding="utf-8")


def test_a_gold_directory_loads_only_its_own_files_not_those_of_subdirectories(tmp_path: Path) -> None:
    _write(tmp_path / "judge_gold_a.jsonl", "a1", "a2")
    _write(tmp_path / "judge_gold_b.jsonl", "b1")
    _write(tmp_path / "kept_apart" / "judge_gold_c.jsonl", "c1")
    assert set(load_gold(tmp_path)) == {"a1", "a2", "b1"}


def test_a_single_gold_file_loads_only_that_file(tmp_path: Path) -> None:
    _write(tmp_path / "judge_gold_a.jsonl", "a1")
    _write(tmp_path / "judge_gold_b.jsonl", "b1")
    assert set(load_gold(tmp_path / "judge_gold_b.jsonl")) == {"b1"}


def test_a_label_without_a_text_id_is_refused_naming_the_option(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"defendants": []}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_gold(tmp_path)
    assert err.value.field == "--gold"

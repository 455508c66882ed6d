"""Research statistics over an extraction output (pleaguard.judgments.stats)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pleaguard.judgments import stats
from pleaguard.judgments.extract import CIRCUMSTANCES


def defendant(charge: str, months: int, *, plea: bool, counsel: str, probation: int | None = None) -> dict[str, Any]:
    circ = dict.fromkeys(CIRCUMSTANCES, False)
    circ["plea_leniency"] = plea
    return {"name": "某", "charges": [charge],
            "penalty": {"type": "fixed_term_imprisonment", "months": months, "probation_months": probation,
                        "fine_yuan": None},
            "circumstances": circ, "counsel": counsel, "plea_affidavit": False}


def record(year: int, procedure: str, rec: dict[str, Any], *defs: dict[str, Any]) -> dict[str, Any]:
    return {"line": 1, "court": "某法院", "year": year, "case_number": None, "procedure": procedure,
            "recommendation": rec, "defendants": list(defs), "errors": [], "unknown": []}


@pytest.fixture
def output(tmp_path: Path) -> Path:
    recs = [
        record(2018, "speedy", {"mentioned": True, "adopted": True},
               defendant("盗窃罪", 6, plea=True, counsel="duty_lawyer")),
        record(2018, "simplified", {"mentioned": True, "adopted": False},
               defendant("盗窃罪", 10, plea=False, counsel="retained"),
               defendant("盗窃罪", 8, plea=True, counsel="legal_aid", probation=12)),
        record(2019, "ordinary", {"mentioned": True, "adopted": None},
               defendant("诈骗罪", 36, plea=False, counsel="none")),
        {"line": 4, "error": "bad_json", "message": "x"},
    ]
    p = tmp_path / "out.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    return p


def test_rates_are_shares_of_defendants_and_judgments(output: Path) -> None:
    summary, table = stats.compute(output)
    assert summary["judgments"] == 3 and summary["error_lines"] == 1 and summary["defendants"] == 4
    assert summary["plea_rate"] == 0.5
    assert summary["plea_rate_by_year"] == {"2018": 2 / 3, "2019": 0.0}
    assert summary["procedure_mix"]["speedy"]["n"] == 1 and summary["procedure_mix"]["unknown"]["n"] == 0
    assert summary["defense_rate"] == 0.5
    assert summary["defense_rate_plea"] == 0.5 and summary["defense_rate_no_plea"] == 0.5
    assert summary["recommendation_mentioned_rate"] == 1.0
    assert summary["recommendation_adoption_rate"] == 0.5  # the undecidable one is left out
    theft_plea = next(r for r in table if r["charge"] == "盗窃罪" and r["plea"])
    assert theft_plea["n"] == 2 and theft_plea["median"] == 7 and theft_plea["probation_share"] == 0.5


def test_without_a_chinese_font_the_plots_are_labelled_in_english(
    output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stats, "cjk_font", lambda: None)
    summary = stats.write_stats(output, tmp_path / "st")
    assert summary["plot_labels"] == "en"
    svg = (tmp_path / "st" / "sentences_by_charge_plea.svg").read_text(encoding="utf-8")
    assert "theft" in svg and "盗窃" not in svg
    assert (tmp_path / "st" / "procedure_mix.png").stat().st_size > 0

"""Sentence prediction evaluated on real judgments (CAIL2018 dev), on the fixed validation part.

Floors sit just below what `pleaguard eval predict ../shared/data/cail2018/dev.jsonl` measured when the fitted
parameters were last written; a change that makes prediction worse fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pleaguard.predict import fit_charges
from pleaguard.predict.charge_model import MODEL_FILE
from pleaguard.predict.data import Record, read_records, split_of
from pleaguard.predict.evaluate import Evaluation, evaluate
from pleaguard.predict.fit import fit
from pleaguard.predict.model import FITTED_FILE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cail(shared_data: Path) -> Path:
    path = shared_data / "cail2018" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"no CAIL2018 data at {path}")
    return path


@pytest.fixture(scope="module")
def result(cail: Path) -> Evaluation:
    return evaluate(cail)


def test_the_split_is_a_fixed_fifth_by_hash_of_the_fact(cail: Path) -> None:
    records = [r for r in read_records(cail) if isinstance(r, Record)]
    share = sum(r.part == "validation" for r in records) / len(records)
    assert 0.18 < share < 0.22
    assert split_of(records[0].fact) == split_of(records[0].fact)


def test_prediction_with_the_charges_given_beats_the_lawbench_and_cail_floors(result: Evaluation) -> None:
    overall = result.overall
    assert overall["errors"] == 0
    assert overall["lawbench"] >= 91.1
    assert overall["cail_score"] >= 0.69


def test_prediction_beats_the_per_charge_median_measured_in_the_same_run(result: Evaluation) -> None:
    overall = result.overall
    assert overall["lawbench"] > overall["baseline_lawbench"] + 1.5
    assert overall["cail_score"] > overall["baseline_cail_score"] + 0.06


def test_the_predicted_ranges_cover_about_four_in_five_terms(result: Evaluation) -> None:
    assert 0.75 <= result.overall["range_coverage"] <= 0.9


def test_charges_found_from_the_text_match_the_judgment_in_six_cases_of_seven(result: Evaluation) -> None:
    assert result.found_charges["charge_exact_match"] >= 0.86
    assert result.found_charges["lawbench"] >= 90.5
    assert result.found_charges["cail_score"] >= 0.67


def test_the_main_charges_are_reported_separately(result: Evaluation) -> None:
    assert {"盗窃", "走私、贩卖、运输、制造毒品", "故意伤害"} <= set(result.per_charge)
    assert result.per_charge["盗窃"]["lawbench"] >= 90.0


def test_refitting_on_the_train_part_reproduces_the_shipped_parameters(cail: Path) -> None:
    records = [r for r in read_records(cail) if isinstance(r, Record) and r.part == "train"]
    refit = yaml.safe_load(yaml.safe_dump(fit(records), allow_unicode=True))
    shipped = yaml.safe_load(FITTED_FILE.read_text(encoding="utf-8"))
    assert refit == shipped, (
        "law/fitted/predict.yaml is not what the fit gives on the train part today (the data, "
        "the readers or the sentencing engine changed): rerun "
        "`python -m pleaguard.predict.fit ../shared/data/cail2018/dev.jsonl`"
    )


def test_refitting_the_charge_model_on_the_train_part_reproduces_the_shipped_file(cail: Path, tmp_path: Path) -> None:
    records = [r for r in read_records(cail) if isinstance(r, Record) and r.part == "train"]
    out = tmp_path / "charges.json"
    fit_charges.write(fit_charges.fit(fit_charges.labelled(records)), out)
    assert out.read_bytes() == MODEL_FILE.read_bytes(), (
        "law/fitted/charges.json is not what the fit gives on the train part today (the data or the readers "
        "changed): rerun `python -m pleaguard.predict.fit_charges ../shared/data/cail2018/dev.jsonl`"
    )

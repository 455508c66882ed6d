"""The law loader: malformed law is refused with a clear message; lookups are dated and never guess."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from pleaguard.errors import InputError, LawNotInForce, MalformedLaw
from pleaguard.rules.parameters import load_law, load_law_from

SOURCES = textwrap.dedent("""\
    cl: {title: 中华人民共和国刑法, kind: statute, in_force: 1997-10-01}
    sg-2021: {title: 量刑指导意见, kind: guideline, in_force: 2021-07-01}
    pleaguard-policy: {title: 默认政策, kind: policy}
    """)


def make_law(tmp_path: Path, params: str, *, extra: dict[str, str] | None = None) -> Path:
    root = tmp_path / "law"
    (root / "parameters").mkdir(parents=True)
    (root / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (root / "parameters" / "p.yaml").write_text(textwrap.dedent(params), encoding="utf-8")
    for rel, text in (extra or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


GOOD = """\
    cap:
      unit: fraction
      values:
        2017-04-01: {value: "0.20", cite: {instrument: cl, article: "1"}, quote: 旧}
        2021-07-01: {value: "0.30", cite: {instrument: sg-2021, article: 三（十四）}, quote: 新}
        2030-01-01: expected
    """


def test_a_lookup_returns_the_value_in_force_on_the_date(tmp_path: Path) -> None:
    law = load_law_from(make_law(tmp_path, GOOD))
    assert law.at(dt.date(2021, 6, 30)).value("p.cap") == "0.20"
    assert law.at(dt.date(2021, 7, 1)).decimal("p.cap") == Decimal("0.30")


def test_a_lookup_before_the_first_value_raises_instead_of_guessing(tmp_path: Path) -> None:
    law = load_law_from(make_law(tmp_path, GOOD))
    with pytest.raises(LawNotInForce):
        law.at(dt.date(2017, 3, 31)).get("p.cap")


def test_an_expected_value_is_skipped_until_it_is_known(tmp_path: Path) -> None:
    law = load_law_from(make_law(tmp_path, GOOD))
    assert law.at(dt.date(2031, 1, 1)).value("p.cap") == "0.30"
    assert [v.effective_from for v in law.parameter("p.cap").expected] == [dt.date(2030, 1, 1)]


def test_a_repealed_rule_is_not_in_force(tmp_path: Path) -> None:
    law = load_law_from(make_law(tmp_path, """\
        rule:
          unit: fraction
          values:
            2017-04-01: {value: "0.1", cite: {instrument: cl, article: "1"}}
            2021-07-01: {value: null, cite: {instrument: sg-2021, article: 三}}
        """))
    assert law.at(dt.date(2020, 1, 1)).value("p.rule") == "0.1"
    with pytest.raises(LawNotInForce):
        law.at(dt.date(2022, 1, 1)).get("p.rule")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("x:\n  unit: fraction\n  values:\n    2021-07-01: {value: 0.3, cite: {instrument: cl, article: '1'}}\n",
         "as a string"),
        ("x:\n  unit: fraction\n  values:\n    2021-07-01: {value: '0.3'}\n", "cite"),
        ("x:\n  unit: fraction\n  values:\n    2021-07-01: {value: '0.3', cite: {instrument: nope, article: '1'}}\n",
         "unknown instrument"),
        ("x:\n  unit: fraction\n  values:\n    2021-13-01: {value: '0.3', cite: {instrument: cl, article: '1'}}\n",
         "not a date"),
        ("x:\n  unit: furlongs\n  values:\n    2021-07-01: {value: '0.3', cite: {instrument: cl, article: '1'}}\n",
         "unit"),
        ("x:\n  unit: fraction\n  values:\n    2021-07-01: {value: 'abc', cite: {instrument: cl, article: '1'}}\n",
         "not a number"),
        ("x:\n  unit: fraction\n  values:\n    2021-07-01: {value: '1', cite: {instrument: cl, article: '1'}}\n"
         "x:\n  unit: fraction\n  values:\n    2021-07-01: {value: '2', cite: {instrument: cl, article: '1'}}\n",
         "duplicate key"),
        ("x:\n  unit: fraction\n  colour: red\n  values:\n"
         "    2021-07-01: {value: '1', cite: {instrument: cl, article: '1'}}\n",
         "unknown keys"),
        ("x: [1, 2\n", "not valid YAML"),
    ],
)
def test_malformed_law_is_refused_with_a_clear_message(tmp_path: Path, params: str, message: str) -> None:
    with pytest.raises(MalformedLaw) as exc:
        load_law_from(make_law(tmp_path, params))
    assert message in str(exc.value)
    assert "p.yaml" in str(exc.value) or "sources" in str(exc.value)


def test_a_provincial_overlay_takes_precedence_over_the_national_value(tmp_path: Path) -> None:
    root = make_law(tmp_path, GOOD, extra={
        "provinces/zhejiang/sources.yaml": "zj-rule: {title: 浙江细则, kind: provincial_rule, province: zhejiang}\n",
        "provinces/zhejiang/parameters/p.yaml": """\
            cap:
              unit: fraction
              values:
                2021-07-01: {value: "0.25", cite: {instrument: zj-rule, article: "1"}}
            """,
    })
    law = load_law_from(root)
    assert law.at(dt.date(2022, 1, 1), "zhejiang").value("p.cap") == "0.25"
    assert law.at(dt.date(2022, 1, 1)).value("p.cap") == "0.30"
    with pytest.raises(InputError):
        law.at(dt.date(2022, 1, 1), "atlantis")


def test_a_local_policy_folder_overrides_the_plea_stage_ladder(tmp_path: Path) -> None:
    local = tmp_path / "local"
    (local / "sentencing").mkdir(parents=True)
    (local / "sentencing" / "plea.yaml").write_text(textwrap.dedent("""\
        stage_ladder:
          unit: table
          values:
            2018-10-26:
              value: {investigation: "1", prosecution_review: "1", trial: "0.5", appeal: "0.2"}
              cite: {instrument: pleaguard-policy, article: 本地梯度}
        """), encoding="utf-8")
    law = load_law(extra_policy=local)
    ladder = law.at(dt.date(2022, 1, 1)).value("policy.sentencing.plea.stage_ladder")
    assert ladder["prosecution_review"] == "1"
    from pleaguard.services.sentencing import sentence

    out = sentence({"crime": "x", "offense_date": "2022-01-01", "base_sentence_months": 24,
                    "statutory_range": {"min_months": 1, "max_months": 36},
                    "circumstances": [{"kind": "plea_leniency", "stage": "prosecution_review"}]}, law)
    assert out["plea"]["plea_ceiling"] == "3/10"


def test_a_local_policy_cannot_invent_a_new_parameter(tmp_path: Path) -> None:
    local = tmp_path / "local"
    (local / "sentencing").mkdir(parents=True)
    (local / "sentencing" / "plea.yaml").write_text(textwrap.dedent("""\
        invented:
          unit: fraction
          values:
            2018-10-26: {value: "1", cite: {instrument: pleaguard-policy, article: x}}
        """), encoding="utf-8")
    with pytest.raises(MalformedLaw):
        load_law(extra_policy=local)


def test_the_shipped_law_loads_and_the_general_method_is_in_force_from_2017() -> None:
    law = load_law()
    view = law.at(dt.date(2017, 4, 1))
    assert view.has("sentencing.general.circumstances.surrender")
    assert not view.has("sentencing.general.circumstances.plea_leniency")
    assert law.at(dt.date(2021, 7, 1)).has("sentencing.general.circumstances.plea_leniency")

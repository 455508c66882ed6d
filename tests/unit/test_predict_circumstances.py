"""Circumstances read from made-up fact excerpts."""

from __future__ import annotations

from pleaguard.predict.circumstances import find


def test_surrender_and_confession_are_found() -> None:
    found = find("案发后，被告人主动到派出所投案，并如实供述了自己的罪行。")
    assert {"surrender", "confession"} <= set(found)
    assert "投案" in found["surrender"].evidence


def test_a_negated_forgiveness_does_not_count() -> None:
    assert "forgiveness" not in find("被告人未取得被害人谅解。")
    assert "forgiveness" in find("被告人赔偿被害人损失并取得谅解。")


def test_a_prior_conviction_is_a_prior_record_and_recidivism_implies_it() -> None:
    assert "prior_record" in find("被告人曾因盗窃罪于2012年被判处有期徒刑一年。")
    found = find("被告人系累犯。")
    assert {"recidivism", "prior_record"} <= set(found)


def test_restitution_attempt_accessory_and_minor_are_found() -> None:
    found = find("被告人已退赃。其行为系犯罪未遂，在共同犯罪中起辅助作用，作案时未满十八周岁。")
    assert {"restitution", "attempt", "accessory", "minor"} <= set(found)


def test_a_text_without_circumstances_yields_none() -> None:
    assert find("被告人于某日在某地盗窃手机一部。") == {}

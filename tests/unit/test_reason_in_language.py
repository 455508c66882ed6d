"""A bilingual reason from the services is shown on a page in the page's language only."""

from __future__ import annotations

from pleaguard.web.i18n import in_language

REASON = "宣判日期早于犯罪日期 / the decision date is before the offense date"


def test_a_chinese_page_shows_the_chinese_half() -> None:
    assert in_language(REASON, "zh") == "宣判日期早于犯罪日期"


def test_an_english_page_shows_the_english_half() -> None:
    assert in_language(REASON, "en") == "the decision date is before the offense date"


def test_a_reason_with_a_second_separator_keeps_everything_after_the_first_in_english() -> None:
    reason = "数额无效 / invalid amount; 可接受 / allowed: 0 or more"
    assert in_language(reason, "zh") == "数额无效"
    assert in_language(reason, "en") == "invalid amount; 可接受 / allowed: 0 or more"


def test_a_reason_not_in_the_bilingual_form_is_shown_whole() -> None:
    for reason in ("请填写 / ", "a / b", "only English here", "只有中文"):
        assert in_language(reason, "zh") == reason
        assert in_language(reason, "en") == reason

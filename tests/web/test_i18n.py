"""The message catalogs: every user-facing string of the pages is translated, and nothing is hard-coded."""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from pleaguard.web.i18n import Translator, locales_dir, pick_language

WEB = Path(__file__).resolve().parents[2] / "src" / "pleaguard" / "web"
METHOD_MAP = [("**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extracted_ids() -> set[str | tuple[str, str]]:
    ids: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(WEB),
        METHOD_MAP,
        keywords=KEYWORDS,
        options_map={"templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}},
    ):
        ids.add(message if isinstance(message, str) else (message[0], message[1]))
    return ids


def catalog(lang: str, suffix: str = "po") -> dict[object, object]:
    path = locales_dir() / lang / "LC_MESSAGES" / f"messages.{suffix}"
    with path.open("rb") as fh:
        cat = read_po(fh) if suffix == "po" else read_mo(fh)

    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {plain(m.id): plain(m.string) for m in cat if m.id}


def test_every_message_of_the_pages_has_a_chinese_translation() -> None:
    zh = catalog("zh")
    missing = []
    for msgid in extracted_ids():
        translated = zh.get(msgid)
        if not translated or (isinstance(translated, tuple) and not all(translated)):
            missing.append(msgid)
    assert not missing, f"untranslated: {missing}"


def test_the_compiled_catalogs_match_their_sources() -> None:
    for lang in ("zh", "en"):
        assert catalog(lang, "po") == catalog(lang, "mo"), f"run python -m pleaguard.web.i18n ({lang})"


def test_no_text_is_hard_coded_in_the_templates() -> None:
    """Outside `{{ … }}` and `{% … %}`, a template holds only markup, punctuation and numbers."""
    offenders = []
    for path in sorted((WEB / "templates").rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
        source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)
        source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", source)
        text = re.sub(r'[\w-]+="[^"]*"', " ", text)  # attributes written by macros outside a tag
        for word in re.findall(r"[A-Za-z\u4e00-\u9fff]{2,}", text):
            offenders.append(f"{path.name}: {word}")
    assert not offenders, offenders


def test_chinese_is_the_default_language_and_english_can_be_chosen() -> None:
    assert pick_language(None, None) == "zh"
    assert pick_language("en", "zh") == "en"
    assert pick_language(None, "en") == "en"
    assert pick_language("fr", None) == "zh"
    assert Translator("zh").gettext("Sign in") == "登录"
    assert Translator("en").gettext("Sign in") == "Sign in"
    assert Translator("zh").gettext("%(n)s months", n=8) == "8个月"
    assert Translator("zh").ngettext("%(num)d rule in force", "%(num)d rules in force", 3) == "3 项规则有效"


def test_catalogs_compile_without_errors(tmp_path: Path) -> None:
    from babel.messages.mofile import write_mo

    for lang in ("zh", "en"):
        with (locales_dir() / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            cat = read_po(fh)
        buffer = io.BytesIO()
        write_mo(buffer, cat)
        assert buffer.getvalue()

"""Languages of the web interface: Chinese (default) and English, from Babel message catalogs.

Message ids in templates and pages are English (`_("Sign in")`); the Chinese catalog translates every one of
them, the English catalog is the identity. Sources are `locales/<lang>/LC_MESSAGES/messages.po`; the compiled
`.mo` files beside them are what the server loads (rebuild them with `compile_catalogs()` after editing a `.po`;
a test checks that both are in step).

The language of a request: the `lang` query parameter if valid (the pages then remember it in a cookie), else
the `lang` cookie, else Chinese.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

LANGUAGES: dict[str, str] = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"
LANG_COOKIE = "lang"
DOMAIN = "messages"


def locales_dir() -> Path:
    """The folder that holds the message catalogs (package data)."""
    return Path(str(resources.files("pleaguard.web") / "locales"))


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog for `lang`; a missing catalog falls back to the message ids (never crashes)."""
    return gettext.translation(DOMAIN, localedir=str(locales_dir()), languages=[lang], fallback=True)


def pick_language(query_value: str | None, cookie_value: str | None) -> str:
    """The language to use: query parameter, then cookie, then the default (Chinese)."""
    for candidate in (query_value, cookie_value):
        if candidate in LANGUAGES:
            return str(candidate)
    return DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Translator:
    """Gettext bound to one language; `_("Hello %(name)s", name=x)` formats after translating."""

    lang: str

    def gettext(self, message: str, **params: Any) -> str:
        text = translations(self.lang).gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        text = translations(self.lang).ngettext(singular, plural, n)
        return text % {"num": n, **params}

    @property
    def _(self) -> Callable[..., str]:
        return self.gettext


_CJK = re.compile(r"[\u4e00-\u9fff]")


def in_language(reason: str, lang: str) -> str:
    """A bilingual reason from the services ("中文说明 / English text") as a page in `lang` shows it: the Chinese
    half on a Chinese page, the English half on an English one. A reason that is not in that form (no " / ", or no
    Chinese before it) is shown whole."""
    head, sep, tail = reason.partition(" / ")
    if not sep or not tail.strip() or not _CJK.search(head):
        return reason
    return head if lang == "zh" else tail


def compile_catalogs(root: Path | None = None) -> list[Path]:
    """Compile every `.po` under `root` (default: the package's catalogs) into the `.mo` beside it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written: list[Path] = []
    for po in sorted((root or locales_dir()).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


if __name__ == "__main__":  # python -m pleaguard.web.i18n
    for path in compile_catalogs():
        print(path)

"""Server-rendered pages: the Jinja2 environment (autoescape on for every template) and the render helpers.

Every page gets `_` (gettext for the request's language), `lang`, `languages`, `csrf_token`, `user` and
`request`. Rendering also stores the browser session and the language choice in cookies when they are new.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pleaguard.web.i18n import LANG_COOKIE, LANGUAGES, Translator, pick_language
from pleaguard.web.labels import all_labels
from pleaguard.web.lawtext import present
from pleaguard.web.security import SESSION_COOKIE, BrowserSession
from pleaguard.web.views import crime_names, fmt, months_range, percent, show_value


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment: autoescaping for every template, undefined names are errors."""
    env = Environment(
        loader=PackageLoader("pleaguard.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates ship with the package: no stat() of the file on every page
    )
    env.filters["date"] = _format_date
    return env


def _format_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def language(request: Request) -> str:
    """The request's language (query `lang`, then cookie, then Chinese); cached on the request."""
    lang = getattr(request.state, "lang", None)
    if lang is None:
        lang = pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
        request.state.lang = lang
    return str(lang)


def translator(request: Request) -> Translator:
    return Translator(language(request))


def browser_session(request: Request) -> BrowserSession:
    """The session of this browser (verified cookie), or a fresh anonymous one; cached on the request."""
    session = getattr(request.state, "browser_session", None)
    if session is None:
        signer = request.app.state.signer
        raw = request.cookies.get(SESSION_COOKIE)
        session = signer.loads(raw)
        request.state.browser_session = session
    return session  # type: ignore[no-any-return]


def store_session(request: Request, response: Response, session: BrowserSession) -> None:
    """Write `session` into the cookie (HttpOnly, SameSite=Lax, Secure outside demo/test)."""
    signer = request.app.state.signer
    response.set_cookie(
        SESSION_COOKIE,
        signer.dumps(session),
        max_age=signer.max_age,
        httponly=True,
        samesite="lax",
        secure=request.app.state.secure_cookies,
        path="/",
    )
    session.fresh = False
    request.state.browser_session = session


def clear_session(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=request.app.state.secure_cookies
    )


def remember_choices(request: Request, response: Response) -> None:
    """Persist a language chosen by query parameter, and a newly created anonymous session."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(
            LANG_COOKIE,
            str(chosen),
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.app.state.secure_cookies,
            path="/",
        )
    session = browser_session(request)
    if session.fresh:
        store_session(request, response, session)


def _with_query(request: Request, **changes: str) -> str:
    """This page's path and query with some parameters replaced (e.g. the language switch keeps the date)."""
    params = {k: v for k, v in request.query_params.items() if k not in changes}
    params.update(changes)
    return f"{request.url.path}?{urlencode(params)}"


def content_context(request: Request, tr: Translator) -> dict[str, Any]:
    """What every template may use that depends on the language and the law alone: no user, no session, no CSRF
    token. Templates rendered with only this (the cached case-page fragments) cannot show anything of a user."""
    law = request.app.state.law
    return {
        "_": tr.gettext,
        "ngettext": tr.ngettext,
        "lang": tr.lang,
        "labels": all_labels(),
        "present_cite": lambda cite: present(law, cite),
        "show": lambda value: show_value(value, tr.gettext),
        "months_range": months_range,
        "percent": percent,
        "fmt": fmt,
        "crime_name": lambda code: crime_names(law).get(str(code), str(code)),
    }


def render_fragment(request: Request, template: str, context: dict[str, Any]) -> Markup:
    """Render a piece of a page from `content_context` and `context` only (see there)."""
    ctx = content_context(request, translator(request))
    ctx.update(context)
    return Markup(environment().get_template(template).render(ctx))


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status_code: int = 200, user: Any = None
) -> HTMLResponse:
    """Render `template` for this request in its language, with the CSRF token and the signed-in user."""
    tr = translator(request)
    session = browser_session(request)
    ctx = content_context(request, tr)
    ctx.update(
        {
            "request": request,
            "languages": LANGUAGES,
            "csrf_token": session.csrf,
            "user": user if user is not None else getattr(request.state, "user", None),
            "demo": request.app.state.settings.mode == "demo",
            "path": request.url.path,
            "lang_url": lambda code: _with_query(request, lang=code),
        }
    )
    ctx.update(context or {})
    html = environment().get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status_code)
    remember_choices(request, response)
    return response


def render_error(request: Request, status: int, detail: str) -> HTMLResponse:
    """An error page in the request's language. It never shows internals, nor echoes the requested path (a 404
    for a case one may not see must read exactly like the 404 for a case that does not exist)."""
    context = {"status": status, "detail": detail, "lang_url": lambda code: f"?lang={code}"}
    return render(request, "error.html", context, status_code=status)

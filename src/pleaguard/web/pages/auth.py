"""Sign-in and sign-out pages. Signing in replaces the anonymous session with a new one (new CSRF token)."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from pleaguard.errors import NotFound
from pleaguard.services import accounts
from pleaguard.services.access import AuthenticationFailed, RateLimited
from pleaguard.web.deps import CsrfChecked, OptionalPageUser, SessionDep, UowDep, forget_tokens
from pleaguard.web.security import BrowserSession
from pleaguard.web.templating import clear_session, render, store_session, translator

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no `//`) may be the target after signing in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/cases"
    if any(ord(ch) < 32 for ch in target):
        return "/cases"
    return target


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/cases", status_code=303)


@router.get("/login")
def login_form(
    request: Request, current: OptionalPageUser, session: SessionDep, next: str = "/cases", signed_out: bool = False
) -> Response:
    if current is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    request.state.user = None
    return render(
        request,
        "login.html",
        {"next": safe_next(next), "username": "", "error": None, "expired": session.expired, "signed_out": signed_out},
    )


@router.post("/login", dependencies=[CsrfChecked])
def login(
    request: Request,
    uow: UowDep,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/cases",
) -> Response:
    _ = translator(request).gettext
    request.state.user = None
    ip = request.client.host if request.client else "unknown"
    try:
        user = accounts.authenticate(uow, username=username, password=password, ip=ip)
    except RateLimited as exc:
        limited = render(
            request,
            "login.html",
            {
                "next": safe_next(next),
                "username": username,
                "expired": False,
                "signed_out": False,
                "error": _(
                    "Too many failed attempts. Please wait %(minutes)d minutes and try again.",
                    minutes=max(1, exc.retry_after_seconds // 60),
                ),
            },
            status_code=429,
        )
        limited.headers["Retry-After"] = str(exc.retry_after_seconds)
        return limited
    except AuthenticationFailed:
        return render(
            request,
            "login.html",
            {
                "next": safe_next(next),
                "username": username,
                "expired": False,
                "signed_out": False,
                "error": _("Wrong username or password."),
            },
            status_code=401,
        )
    signer = request.app.state.signer
    token, record = accounts.issue_token(
        uow, actor=user, name="browser session", ttl=dt.timedelta(seconds=signer.max_age)
    )
    response = RedirectResponse(safe_next(next), status_code=303)
    store_session(request, response, BrowserSession(token=token, token_id=record.id, user_id=user.id))
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, uow: UowDep, session: SessionDep, user: OptionalPageUser) -> Response:
    if user is not None and session.token_id is not None:
        with contextlib.suppress(NotFound):  # already revoked: signing out still succeeds
            accounts.revoke_token(uow, actor=user, token_id=session.token_id)
        forget_tokens(request)
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    clear_session(request, response)
    return response

"""The signed-in user's own account: change the password (proving the current one), see the sessions and API
tokens issued to them and revoke one. An administrator sets a user's password on the users page instead."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pleaguard.errors import InputError, NotFound
from pleaguard.services import accounts
from pleaguard.services.access import RateLimited
from pleaguard.services.records import User
from pleaguard.web.deps import CsrfChecked, FormData, PageUser, SessionDep, UowDep, forget_tokens
from pleaguard.web.i18n import in_language
from pleaguard.web.templating import render, translator

router = APIRouter()

#: Form fields of the password form, by the field names the service's errors carry.
PASSWORD_FIELDS = {"current_password": "current_password", "new_password": "new_password", "password": "new_password"}


def account_page(
    request: Request,
    user: User,
    uow: UowDep,
    session_token_id: int | None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    tokens = [t for t in accounts.list_tokens(uow, actor=user) if t.revoked_at is None]
    return render(
        request,
        "account.html",
        {
            "tokens": sorted(tokens, key=lambda t: t.created_at, reverse=True),
            "this_session": session_token_id,
            "errors": errors or {},
            "changed": request.query_params.get("changed"),
            "revoked": request.query_params.get("revoked"),
        },
        status_code=status,
    )


@router.get("/account")
def show_account(request: Request, user: PageUser, uow: UowDep, session: SessionDep) -> Response:
    return account_page(request, user, uow, session.token_id)


@router.post("/account/password", dependencies=[CsrfChecked])
def change_password(request: Request, user: PageUser, uow: UowDep, session: SessionDep, form: FormData) -> Response:
    _ = translator(request).gettext
    if form.get("new_password", "") != form.get("confirm_password", ""):
        errors = {"confirm_password": _("The two new passwords differ.")}
        return account_page(request, user, uow, session.token_id, errors, status=422)
    try:
        revoked = accounts.change_password(
            uow,
            actor=user,
            current_password=form.get("current_password", ""),
            new_password=form.get("new_password", ""),
            ip=request.client.host if request.client else "unknown",
            keep_token=session.token,
        )
    except RateLimited as exc:
        errors = {"current_password": in_language(str(exc), translator(request).lang)}
        page = account_page(request, user, uow, session.token_id, errors, status=429)
        page.headers["Retry-After"] = str(exc.retry_after_seconds)
        return page
    except InputError as exc:
        field = PASSWORD_FIELDS.get(exc.field or "", "current_password")
        errors = {field: in_language(exc.reason, translator(request).lang)}
        return account_page(request, user, uow, session.token_id, errors, status=422)
    forget_tokens(request)
    return RedirectResponse(f"/account?changed={revoked}", status_code=303)


@router.post("/account/tokens/{token_id}/revoke", dependencies=[CsrfChecked])
def revoke_token(request: Request, token_id: int, user: PageUser, uow: UowDep) -> Response:
    """Revoke one of my sessions or API tokens (another user's token id is a 404, like one that does not exist)."""
    try:
        accounts.revoke_token(uow, actor=user, token_id=token_id)
    except NotFound:
        return RedirectResponse("/account", status_code=303)
    forget_tokens(request)
    return RedirectResponse("/account?revoked=1", status_code=303)

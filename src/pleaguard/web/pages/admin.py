"""Administration by the legal-aid admin: users (create, deactivate, set a new password). Assignments are made on
the case page. The services refuse everyone else (403)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pleaguard.errors import InputError
from pleaguard.services import accounts
from pleaguard.services.records import User
from pleaguard.web.deps import CsrfChecked, FormData, PageUser, UowDep, forget_tokens
from pleaguard.web.i18n import in_language
from pleaguard.web.labels import ROLES
from pleaguard.web.templating import render, translator

router = APIRouter()


def _page(
    request: Request,
    user: User,
    uow: UowDep,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    users = accounts.list_users(uow, actor=user)
    return render(
        request,
        "admin/users.html",
        {
            "users": users,
            "roles": ROLES,
            "form": form or {},
            "errors": errors or {},
            "created": request.query_params.get("created"),
            "reset": request.query_params.get("reset"),
        },
        status_code=status,
    )


@router.get("/admin/users")
def users_page(request: Request, user: PageUser, uow: UowDep) -> Response:
    return _page(request, user, uow)


@router.post("/admin/users", dependencies=[CsrfChecked])
def create_user(request: Request, user: PageUser, uow: UowDep, form: FormData) -> Response:
    try:
        created = accounts.create_user(
            uow,
            actor=user,
            username=form.get("username", "").strip(),
            password=form.get("password", ""),
            role=form.get("role", ""),
            display_name=form.get("display_name", "").strip() or None,
        )
    except InputError as exc:
        reason = in_language(exc.reason, translator(request).lang)
        return _page(request, user, uow, form, {exc.field or "_form": reason}, status=422)
    return RedirectResponse(f"/admin/users?created={created.username}", status_code=303)


@router.post("/admin/users/{username}/active", dependencies=[CsrfChecked])
def set_active(request: Request, username: str, user: PageUser, uow: UowDep, form: FormData) -> Response:
    accounts.set_active(uow, actor=user, username=username, active=form.get("active") == "1")
    forget_tokens(request)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/password", dependencies=[CsrfChecked])
def reset_password(request: Request, username: str, user: PageUser, uow: UowDep, form: FormData) -> Response:
    """Set a user's password (they forgot it, or someone else may know it): every session and API token of theirs
    is revoked. One's own password is changed on the account page, with the current one."""
    if username == user.username:
        return RedirectResponse("/account", status_code=303)
    try:
        accounts.set_password(uow, actor=user, username=username, password=form.get("password", ""))
    except InputError as exc:
        reason = in_language(exc.reason, translator(request).lang)
        return _page(request, user, uow, errors={f"reset:{username}": reason}, status=422)
    forget_tokens(request)
    return RedirectResponse(f"/admin/users?reset={quote(username, safe='')}", status_code=303)

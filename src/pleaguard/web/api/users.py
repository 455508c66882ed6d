"""`/api/v1/users` and case assignments: administration by the legal-aid admin (the services check the role)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import Field

from pleaguard.errors import InputError
from pleaguard.services import accounts
from pleaguard.web.api.schemas import Open, Strict
from pleaguard.web.deps import ApiUser, UowDep, forget_tokens
from pleaguard.web.problems import Problem
from pleaguard.web.security import bearer_token

router = APIRouter(tags=["users"])

USERNAME = Path(min_length=1, max_length=64, examples=["zhang.lawyer"])
CASE_ID = Path(min_length=1, max_length=128, examples=["示例-2024-001"])
ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem},
    403: {"model": Problem, "description": "Only a legal-aid admin may do this"},
    404: {"model": Problem},
    422: {"model": Problem},
}


class UserOut(Open):
    id: int
    username: str
    display_name: str
    role: str = Field(examples=["lawyer", "duty_lawyer", "legal_aid_admin", "reviewer"])
    active: bool
    created_at: dt.datetime


class UserCreate(Strict):
    username: str = Field(min_length=2, max_length=64, examples=["zhang.lawyer"])
    password: str = Field(min_length=8, max_length=1024)
    role: str = Field(examples=["lawyer"], description="lawyer | duty_lawyer | legal_aid_admin | reviewer")
    display_name: str | None = Field(default=None, max_length=200, examples=["张律师"])


class UserActive(Strict):
    active: bool


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class PasswordReset(Strict):
    password: str = Field(min_length=8, max_length=1024)


class PasswordChanged(Open):
    revoked_tokens: int = Field(description="Sessions and API tokens of the user signed out by the change")


class Assignment(Strict):
    username: str = Field(min_length=1, max_length=64)


@router.get("/users/me", response_model=UserOut, summary="Who I am")
def me(user: ApiUser) -> dict[str, Any]:
    return user.to_dict()


@router.put(
    "/users/me/password",
    response_model=PasswordChanged,
    responses={401: {"model": Problem}, 422: {"model": Problem}, 429: {"model": Problem}},
    summary="Change my password",
)
def change_my_password(request: Request, body: PasswordChange, user: ApiUser, uow: UowDep) -> dict[str, Any]:
    """Needs the current password (a wrong one counts against the sign-in rate limit). Every other session and
    API token of mine is revoked; the token of this request stays valid."""
    revoked = accounts.change_password(
        uow,
        actor=user,
        current_password=body.current_password,
        new_password=body.new_password,
        ip=request.client.host if request.client else "unknown",
        keep_token=bearer_token(request.headers.get("authorization")),
    )
    forget_tokens(request)
    return {"revoked_tokens": revoked}


@router.get("/users", response_model=list[UserOut], responses=ADMIN_ERRORS, summary="All users (admin)")
def list_users(user: ApiUser, uow: UowDep) -> list[dict[str, Any]]:
    return [u.to_dict() for u in accounts.list_users(uow, actor=user)]


@router.post("/users", response_model=UserOut, status_code=201, responses=ADMIN_ERRORS, summary="Create a user (admin)")
def create_user(body: UserCreate, user: ApiUser, uow: UowDep) -> dict[str, Any]:
    created = accounts.create_user(
        uow, actor=user, username=body.username, password=body.password, role=body.role, display_name=body.display_name
    )
    return created.to_dict()


@router.patch(
    "/users/{username}",
    response_model=UserOut,
    responses=ADMIN_ERRORS,
    summary="Deactivate or reactivate a user (admin)",
)
def set_active(
    request: Request, username: Annotated[str, USERNAME], body: UserActive, user: ApiUser, uow: UowDep
) -> dict[str, Any]:
    changed = accounts.set_active(uow, actor=user, username=username, active=body.active).to_dict()
    forget_tokens(request)
    return changed


@router.put(
    "/users/{username}/password",
    response_model=PasswordChanged,
    responses=ADMIN_ERRORS,
    summary="Set a user's password (admin)",
)
def reset_password(
    request: Request, username: Annotated[str, USERNAME], body: PasswordReset, user: ApiUser, uow: UowDep
) -> dict[str, Any]:
    """For a user who forgot theirs, or whose password may be known to someone else: every session and API
    token of that user is revoked with it."""
    if username == user.username:
        raise InputError(
            "修改自己的密码请用 PUT /api/v1/users/me/password（需当前密码）"
            " / to change your own password use PUT /api/v1/users/me/password (with the current one)",
            field="username",
        )
    revoked = accounts.set_password(uow, actor=user, username=username, password=body.password)
    forget_tokens(request)
    return {"revoked_tokens": revoked}


@router.get(
    "/cases/{case_id}/assignments",
    response_model=list[UserOut],
    responses=ADMIN_ERRORS,
    summary="Who is assigned to a case",
)
def case_assignees(case_id: Annotated[str, CASE_ID], user: ApiUser, uow: UowDep) -> list[dict[str, Any]]:
    return [u.to_dict() for u in accounts.assignees(uow, actor=user, case_id=case_id)]


@router.post(
    "/cases/{case_id}/assignments", status_code=204, responses=ADMIN_ERRORS, summary="Assign a user to a case (admin)"
)
def assign(case_id: Annotated[str, CASE_ID], body: Assignment, user: ApiUser, uow: UowDep) -> Response:
    accounts.assign(uow, actor=user, case_id=case_id, username=body.username)
    return Response(status_code=204)


@router.delete(
    "/cases/{case_id}/assignments/{username}",
    status_code=204,
    responses=ADMIN_ERRORS,
    summary="Take a user off a case (admin)",
)
def unassign(
    case_id: Annotated[str, CASE_ID], username: Annotated[str, USERNAME], user: ApiUser, uow: UowDep
) -> Response:
    accounts.unassign(uow, actor=user, case_id=case_id, username=username)
    return Response(status_code=204)

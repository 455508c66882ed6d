"""`/api/v1/users` and case assignments: administration by the legal-aid admin (the services check the role)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import Field

from pleaguard.services import accounts
from pleaguard.web.api.schemas import Open, Strict
from pleaguard.web.deps import ApiUser, UowDep, forget_tokens
from pleaguard.web.problems import Problem

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


class Assignment(Strict):
    username: str = Field(min_length=1, max_length=64)


@router.get("/users/me", response_model=UserOut, summary="Who I am")
def me(user: ApiUser) -> dict[str, Any]:
    return user.to_dict()


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

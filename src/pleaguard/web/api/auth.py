"""`/api/v1/auth`: exchange a username and password for a bearer token; list and revoke one's tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import Field

from pleaguard.services import accounts
from pleaguard.web.api.schemas import Open, Strict
from pleaguard.web.deps import ApiUser, UowDep, forget_tokens
from pleaguard.web.problems import Problem

router = APIRouter(prefix="/auth", tags=["auth"])


class TokenRequest(Strict):
    username: str = Field(min_length=1, max_length=64, examples=["lawyer"])
    password: str = Field(min_length=1, max_length=1024)
    name: str = Field(default="api", min_length=1, max_length=100, description="A label for the token")
    ttl_days: int = Field(default=30, ge=1, le=366, description="Lifetime in days")


class TokenIssued(Open):
    access_token: str = Field(description="Shown once; send it as `Authorization: Bearer <token>`")
    token_type: str = "bearer"
    token_id: int
    expires_at: dt.datetime


class TokenInfo(Open):
    id: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None


@router.post(
    "/token",
    response_model=TokenIssued,
    status_code=201,
    summary="Sign in and get a bearer token",
    responses={401: {"model": Problem}, 429: {"model": Problem, "description": "Too many failed sign-ins"}},
)
def token(body: TokenRequest, request: Request, uow: UowDep) -> TokenIssued:
    """Failed attempts are rate-limited per username and address; the error never says whether the user exists."""
    ip = request.client.host if request.client else "unknown"
    user = accounts.authenticate(uow, username=body.username, password=body.password, ip=ip)
    text, record = accounts.issue_token(uow, actor=user, name=body.name, ttl=dt.timedelta(days=body.ttl_days))
    return TokenIssued(access_token=text, token_id=record.id, expires_at=record.expires_at)


@router.get("/tokens", response_model=list[TokenInfo], summary="My tokens")
def tokens(user: ApiUser, uow: UowDep) -> list[dict[str, Any]]:
    return [t.to_dict() for t in accounts.list_tokens(uow, actor=user)]


@router.delete(
    "/tokens/{token_id}", status_code=204, summary="Revoke one of my tokens", responses={404: {"model": Problem}}
)
def revoke(
    request: Request, token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], user: ApiUser, uow: UowDep
) -> Response:
    accounts.revoke_token(uow, actor=user, token_id=token_id)
    forget_tokens(request)
    return Response(status_code=204)

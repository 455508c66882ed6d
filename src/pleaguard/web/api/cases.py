"""`/api/v1/cases`: the case record. Every call goes through `pleaguard.services.cases`, which checks access
(an unassigned user gets the same 404 as for a case that does not exist) and writes the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from pleaguard.adapters.db.orm import AUDIT_ACTIONS
from pleaguard.services import cases as case_service
from pleaguard.web.api.schemas import Open
from pleaguard.web.deps import ApiUser, UowDep, run_read
from pleaguard.web.problems import Problem
from pleaguard.web.responses import json_response

router = APIRouter(prefix="/cases", tags=["cases"])

CASE_ID = Path(
    min_length=1, max_length=128, description="The case id chosen when the case was created", examples=["示例-2024-001"]
)
AS_OF = Query(description="Evaluate deadlines and findings as of this date (default: today in China)")
CASE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Not signed in"},
    403: {"model": Problem, "description": "The role may read but not change this case"},
    404: {"model": Problem, "description": "No such case, or not assigned to you (indistinguishable)"},
    422: {"model": Problem, "description": "Invalid input, with the field and the reason"},
}

CASE_FILE_EXAMPLE: dict[str, Any] = {
    "case_id": "示例-2024-001",
    "title": "示例：李某盗窃案（虚构）",
    "made_up": True,
    "people": [
        {"id": "s1", "role": "suspect", "name": "李某（虚构）"},
        {"id": "l1", "role": "duty_lawyer", "name": "王律师（虚构）"},
    ],
    "charges": [{"person": "s1", "crime": "theft", "facts": {"amount_yuan": 8000}}],
    "events": [{"id": "e1", "type": "detained", "at": "2024-03-01T10:00:00+08:00", "person": "s1"}],
}
EVENT_EXAMPLE: dict[str, Any] = {
    "id": "e2",
    "type": "meeting",
    "at": "2024-03-02T15:00:00+08:00",
    "person": "s1",
    "lawyer": "l1",
    "minutes": 45,
}


class CaseSummary(Open):
    case_id: str
    created_at: dt.datetime
    events: int
    last_event_type: str | None = None
    last_event_at: str | None = None
    suspects: list[str] = Field(default_factory=list)
    charges: list[str] = Field(default_factory=list)
    findings: Any = None
    deadlines: Any = None


class StoredEvent(Open):
    seq: int
    event_id: str
    type: str
    at: Any = None
    event: dict[str, Any]
    recorded_at: dt.datetime
    recorded_by: str
    prev_hash: str
    hash: str


class CaseOut(Open):
    case_id: str
    created_at: dt.datetime
    created_by: str
    header: dict[str, Any]
    events: list[StoredEvent]
    head_hash: str
    as_of: str = Field(description="The date (or instant) the derived state was computed for")
    assignees: list[str] = Field(default_factory=list)
    state: Any = None
    findings: Any = None
    deadlines: Any = None
    procedure: Any = None
    evaluation_error: str | None = None


class Derived(Open):
    case_id: str
    as_of: str = Field(description="The date (or instant) the derived state was computed for")
    evaluation_error: str | None = None


class Verification(Open):
    ok: bool


@router.get("", response_model=list[CaseSummary], responses=CASE_ERRORS, summary="The cases I may see")
async def list_cases(
    request: Request,
    user: ApiUser,
    uow: UowDep,
    with_status: bool = True,
    as_of: Annotated[dt.date | None, AS_OF] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Only cases whose id, title or people's names contain this")
    ] = None,
    order: Annotated[
        Literal["case_id", "urgency"],
        Query(description="case_id, or urgency: missed deadlines and violations first, then the nearest deadline"),
    ] = "case_id",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=case_service.MAX_LIST_LIMIT)] = None,
) -> Response:
    """An admin sees every case; everyone else only the cases assigned to them. The header X-Total-Count says how
    many match, whatever `offset` and `limit`. Only the cases returned are recorded as read."""
    listed = await run_read(
        request,
        case_service.list_cases_page,
        uow,
        actor=user,
        with_status=with_status,
        as_of=as_of,
        search=q,
        order=order,
        offset=offset,
        limit=limit,
    )
    response = json_response([c.to_dict() for c in listed.items])
    response.headers["X-Total-Count"] = str(listed.total)
    return response


@router.post("", response_model=CaseOut, status_code=201, responses=CASE_ERRORS, summary="Create a case")
def create_case(
    user: ApiUser,
    uow: UowDep,
    case_file: Annotated[
        dict[str, Any], Body(examples=[CASE_FILE_EXAMPLE], description="A case file (schema: case-file.schema.json)")
    ],
) -> dict[str, Any]:
    """A lawyer who creates a case is assigned to it; a reviewer may not create cases."""
    return case_service.create_case(uow, actor=user, case_file=case_file).to_dict()


@router.get("/{case_id}", response_model=CaseOut, responses=CASE_ERRORS, summary="A case with its derived state")
async def get_case(
    request: Request,
    case_id: Annotated[str, CASE_ID],
    user: ApiUser,
    uow: UowDep,
    as_of: Annotated[dt.date | None, AS_OF] = None,
) -> Response:
    view = await run_read(request, case_service.get_case, uow, actor=user, case_id=case_id, as_of=as_of)
    return json_response(view.to_dict())


@router.post(
    "/{case_id}/events",
    response_model=StoredEvent,
    status_code=201,
    responses=CASE_ERRORS,
    summary="Add an event to the case's log",
)
def add_event(
    case_id: Annotated[str, CASE_ID],
    user: ApiUser,
    uow: UowDep,
    event: Annotated[dict[str, Any], Body(examples=[EVENT_EXAMPLE])],
) -> dict[str, Any]:
    """Events are appended, never edited: a `correction` event corrects or voids an earlier one."""
    return case_service.add_event(uow, actor=user, case_id=case_id, event=event).to_dict()


@router.get(
    "/{case_id}/timeline",
    response_model=list[StoredEvent],
    responses=CASE_ERRORS,
    summary="The events in the order they happened",
)
async def timeline(request: Request, case_id: Annotated[str, CASE_ID], user: ApiUser, uow: UowDep) -> Response:
    events = await run_read(request, case_service.timeline, uow, actor=user, case_id=case_id)
    return json_response([e.to_dict() for e in events])


async def _derived(
    request: Request, uow: UowDep, user: ApiUser, case_id: str, as_of: dt.date | None, *keys: str
) -> Response:
    found = await run_read(request, case_service.get_case, uow, actor=user, case_id=case_id, as_of=as_of)
    view = found.to_dict()
    return json_response(
        {
            "case_id": view["case_id"],
            "as_of": view["as_of"],
            "evaluation_error": view["evaluation_error"],
            **{k: view[k] for k in keys},
        }
    )


@router.get(
    "/{case_id}/state",
    response_model=Derived,
    responses=CASE_ERRORS,
    summary="Derived state: stage, custody, lawyers, plea, procedure",
)
async def state(
    request: Request,
    case_id: Annotated[str, CASE_ID],
    user: ApiUser,
    uow: UowDep,
    as_of: Annotated[dt.date | None, AS_OF] = None,
) -> Response:
    return await _derived(request, uow, user, case_id, as_of, "state", "procedure")


@router.get(
    "/{case_id}/findings",
    response_model=Derived,
    responses=CASE_ERRORS,
    summary="Safeguard findings, each with severity, message and citations",
)
async def findings(
    request: Request,
    case_id: Annotated[str, CASE_ID],
    user: ApiUser,
    uow: UowDep,
    as_of: Annotated[dt.date | None, AS_OF] = None,
) -> Response:
    return await _derived(request, uow, user, case_id, as_of, "findings")


@router.get("/{case_id}/deadlines", response_model=Derived, responses=CASE_ERRORS, summary="Procedural deadlines")
async def deadlines(
    request: Request,
    case_id: Annotated[str, CASE_ID],
    user: ApiUser,
    uow: UowDep,
    as_of: Annotated[dt.date | None, AS_OF] = None,
) -> Response:
    return await _derived(request, uow, user, case_id, as_of, "deadlines")


@router.get(
    "/{case_id}/verify",
    response_model=Verification,
    responses=CASE_ERRORS,
    summary="Check the case's hash chain against the audit trail",
)
def verify(case_id: Annotated[str, CASE_ID], user: ApiUser, uow: UowDep) -> dict[str, Any]:
    return case_service.verify(uow, actor=user, case_id=case_id).to_dict()


@router.get(
    "/{case_id}/export",
    response_model=dict[str, Any],
    responses=CASE_ERRORS,
    summary="The case file, for import elsewhere or `pleaguard check`",
)
def export(case_id: Annotated[str, CASE_ID], user: ApiUser, uow: UowDep) -> dict[str, Any]:
    return case_service.export_case(uow, actor=user, case_id=case_id)


@router.get(
    "/{case_id}/audit",
    response_model=list[dict[str, Any]],
    responses=CASE_ERRORS,
    summary="Who did what to the case, and when",
)
def audit(
    case_id: Annotated[str, CASE_ID],
    user: ApiUser,
    uow: UowDep,
    action: Annotated[str | None, Query(description=" | ".join(AUDIT_ACTIONS), max_length=32)] = None,
    after_id: Annotated[int | None, Query(ge=0, description="Only entries with a greater id (the next page)")] = None,
    limit: Annotated[int | None, Query(ge=1, le=case_service.MAX_AUDIT_LIMIT)] = None,
) -> list[dict[str, Any]]:
    """Oldest first. For a long trail, page with `limit` and `after_id` (the last id of the previous page)."""
    entries = case_service.audit_trail(uow, actor=user, case_id=case_id, action=action, after_id=after_id, limit=limit)
    return [a.to_dict() for a in entries]

"""The lawyer's pages: my cases (deadlines and open findings first) and the case page (timeline, derived state,
findings with what to do, deadlines, and forms to add events). Access and audit are the services' job."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from pleaguard.adapters.db.orm import AUDIT_ACTIONS
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import InputError
from pleaguard.services import accounts, urgency
from pleaguard.services import cases as case_service
from pleaguard.services.cases import CaseView
from pleaguard.services.records import User
from pleaguard.web import eventforms
from pleaguard.web.calendar_export import CaseDeadlines, deadlines_calendar
from pleaguard.web.case_fragments import event_options, fragments_for, people_of
from pleaguard.web.deps import CsrfChecked, FormData, PageUser, PostedFormDep, UowDep, run_read
from pleaguard.web.i18n import in_language
from pleaguard.web.labels import all_labels
from pleaguard.web.lawtext import present
from pleaguard.web.templating import render, translator
from pleaguard.web.views import crime_names, fmt, pretty_json

router = APIRouter()

PAGE_SIZE = 50


@router.get("/cases")
async def my_cases(
    request: Request,
    user: PageUser,
    uow: UowDep,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The cases I may see, the most urgent first, PAGE_SIZE to a page, optionally only those whose id, title or
    people's names contain `q` (read via `run_read`, rendered on the event loop)."""
    listed = await run_read(
        request,
        case_service.list_cases_page,
        uow,
        actor=user,
        with_status=True,
        search=q,
        order="urgency",
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    today = listed.as_of.astimezone(case_service.CHINA).date()  # the day in China the deadlines were computed for
    rows = []
    for summary in listed.items:
        s = summary.to_dict()
        deadline = urgency.first_open_deadline(s.get("deadlines"))
        rows.append(
            {
                **s,
                "next_deadline": deadline,
                "counts": urgency.finding_counts(s.get("findings")),
                "soon": urgency.due_soon(deadline, today),
            }
        )
    pages = max(1, -(-listed.total // PAGE_SIZE))
    return render(
        request,
        "cases/list.html",
        {
            "rows": rows,
            "q": q,
            "page": page,
            "pages": pages,
            "total": listed.total,
            "first": listed.offset + 1,
            "last": listed.offset + len(rows),
            "page_url": lambda n: f"/cases?{urlencode({'q': q, 'page': n} if q else {'page': n})}",
        },
    )


def _calendar(request: Request, cases: list[CaseDeadlines], stamp: dt.datetime, filename: str) -> Response:
    """An .ics download of the open deadlines of `cases`, in the page's language (see `calendar_export`)."""
    tr = translator(request)
    statuses = all_labels()["deadline_status"]
    law = request.app.state.law
    body = deadlines_calendar(
        cases,
        stamp=stamp,
        base_url=str(request.base_url),
        gettext=tr.gettext,
        status_label=lambda status: tr.gettext(statuses.get(status, status)),
        cite_text=lambda cite: str(present(law, cite)["citation"]),
        lang=tr.lang,
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}"},
    )


def _case_deadlines(case_id: str, header: dict[str, Any], deadlines: Any) -> CaseDeadlines:
    people = {pid: str(p.get("name", pid)) for pid, p in people_of(header).items()}
    items = [d for d in deadlines or [] if isinstance(d, dict)]
    return CaseDeadlines(case_id, str(header.get("title") or case_id), people, items)


@router.get("/cases/deadlines.ics")
async def all_deadlines_calendar(request: Request, user: PageUser, uow: UowDep) -> Response:
    """The open deadlines of every case I may see, as a calendar file (each case's read audited, view
    "calendar")."""
    listed = await run_read(request, case_service.list_cases_page, uow, actor=user, with_status=True, view="calendar")
    cases = [_case_deadlines(s.case_id, s.header, s.deadlines) for s in listed.items]
    return _calendar(request, cases, listed.as_of, "pleaguard-deadlines.ics")


@router.get("/cases/{case_id}/deadlines.ics")
async def case_deadlines_calendar(case_id: str, request: Request, user: PageUser, uow: UowDep) -> Response:
    """The open deadlines of one case, as a calendar file (the case's read audited like any other)."""
    view = await run_read(request, case_service.get_case, uow, actor=user, case_id=case_id)
    cases = [_case_deadlines(view.case_id, view.header, view.deadlines)]
    return _calendar(request, cases, view.as_of, f"{view.case_id}-deadlines.ics")


@dataclass(frozen=True)
class CasePageData:
    """What the case page reads from the database: the case (read and audited), the chain check when asked for,
    and the users an admin may assign."""

    view: CaseView
    verification: dict[str, Any] | None
    users: list[User]


def load_case_page(
    uow: SqlAlchemyUnitOfWork, user: User, case_id: str, *, verify: bool = False, attempted: str = "read"
) -> CasePageData:
    view = case_service.get_case(uow, actor=user, case_id=case_id, attempted=attempted)
    verification = case_service.verify(uow, actor=user, case_id=case_id).to_dict() if verify else None
    return CasePageData(view, verification, accounts.list_users(uow, actor=user) if user.is_admin else [])


def case_page(
    request: Request,
    user: User,
    uow: UowDep,
    case_id: str,
    *,
    add: str | None = None,
    form: dict[str, str] | None = None,
    multi: dict[str, list[str]] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    verify: bool = False,
    attempted: str = "read",
) -> Response:
    """The case page, read and rendered in the caller's thread (the form routes re-render it with errors;
    `attempted` names what a refused user tried, for the audit trail)."""
    data = load_case_page(uow, user, case_id, verify=verify, attempted=attempted)
    return render_case_page(request, user, data, add=add, form=form, multi=multi, errors=errors, status=status)


def render_case_page(
    request: Request,
    user: User,
    data: CasePageData,
    *,
    add: str | None = None,
    form: dict[str, str] | None = None,
    multi: dict[str, list[str]] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    view = data.view
    types = eventforms.event_types()
    add = add if add in types else None
    if errors and add:
        placed = eventforms.field_keys(add)
        errors = dict(errors)
        for key in [k for k in errors if k not in placed and k != "_form"]:
            message = errors.pop(key)
            errors["_form"] = f"{errors['_form']}；{key}: {message}" if "_form" in errors else f"{key}: {message}"
    return render(
        request,
        "cases/detail.html",
        {
            "case": view,
            "fragments": fragments_for(request, view),
            "people": people_of(view.header),
            "event_options": event_options(request, add),
            "add": add,
            "fields": eventforms.form_for(add) if add else (),
            "form": form or {},
            "multi": multi or {},
            "errors": errors or {},
            "can_write": user.can_write,
            "verification": data.verification,
            "fmt": fmt,
            "added": request.query_params.get("added"),
            "is_admin": user.is_admin,
            "users": data.users,
        },
        status_code=status,
    )


NEW_CASE_FIELDS = {
    "case_id": "case_id",
    "title": "title",
    "people.name": "suspect_name",
    "people.birth_date": "birth_date",
    "people": "suspect_name",
    "charges.crime": "crime",
    "charges.facts": "facts_json",
    "charges": "crime",
}


def new_case_page(
    request: Request, form: dict[str, str] | None = None, errors: dict[str, str] | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "cases/new.html",
        {
            "form": form or {},
            "errors": errors or {},
            "crimes": sorted(crime_names(request.app.state.law).items(), key=lambda pair: pair[1]),
        },
        status_code=status,
    )


def build_case_file(user: User, form: dict[str, str], _: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A new case file from the form: the suspect, the charge, and the signed-in lawyer as a person of the case."""
    errors: dict[str, str] = {}
    case_id = form.get("case_id", "").strip() or f"{dt.date.today():%Y}-{secrets.token_hex(3).upper()}"
    people: list[dict[str, Any]] = [{"id": "s1", "role": "suspect", "name": form.get("suspect_name", "").strip()}]
    if form.get("birth_date", "").strip():
        people[0]["birth_date"] = form["birth_date"].strip()
    if user.role.value in ("lawyer", "duty_lawyer"):
        people.append(
            {
                "id": "l1",
                "role": "defender" if user.role.value == "lawyer" else "duty_lawyer",
                "name": user.display_name,
            }
        )
    charge: dict[str, Any] = {"person": "s1", "crime": form.get("crime", "")}
    raw = form.get("facts_json", "").strip()
    if raw:
        try:
            facts = json.loads(raw)
        except json.JSONDecodeError:
            facts = None
        if not isinstance(facts, dict):
            errors["facts_json"] = _('Write a JSON object, e.g. {"count": 3}.')
        else:
            charge["facts"] = facts
    if not form.get("suspect_name", "").strip():
        errors["suspect_name"] = _("This field is required.")
    if not charge["crime"]:
        errors["crime"] = _("Choose the crime.")
    case_file: dict[str, Any] = {"case_id": case_id, "people": people, "charges": [charge], "events": []}
    if form.get("title", "").strip():
        case_file["title"] = form["title"].strip()
    return case_file, errors


@router.get("/cases/new")
def new_case_form(request: Request, user: PageUser) -> Response:
    return new_case_page(request)


@router.post("/cases/new", dependencies=[CsrfChecked])
def create_case(request: Request, user: PageUser, uow: UowDep, form: FormData) -> Response:
    _ = translator(request).gettext
    case_file, errors = build_case_file(user, form, _)
    if not errors:
        try:
            view = case_service.create_case(uow, actor=user, case_file=case_file)
        except InputError as exc:
            field = re.sub(r"\[\d+\]", "", exc.field or "")
            reason = in_language(exc.reason, translator(request).lang)
            errors = {NEW_CASE_FIELDS.get(field, "_form"): reason + (f"（{exc.allowed}）" if exc.allowed else "")}
        else:
            return RedirectResponse(f"/cases/{quote(view.case_id, safe='')}", status_code=303)
    return new_case_page(request, form, errors, status=422)


@router.get("/cases/{case_id}")
async def show_case(
    case_id: str, request: Request, user: PageUser, uow: UowDep, add: str | None = None, verify: bool = False
) -> Response:
    """Read where reads cost least (`run_read`), render on the event loop (pure CPU work)."""
    data = await run_read(request, load_case_page, uow, user, case_id, verify=verify)
    return render_case_page(request, user, data, add=add)


@router.post("/cases/{case_id}/events", dependencies=[CsrfChecked])
def add_event(case_id: str, request: Request, user: PageUser, uow: UowDep, posted: PostedFormDep) -> Response:
    _ = translator(request).gettext
    form, multi = posted.fields, posted.multi
    event_type = form.get("type", "")
    if event_type not in eventforms.event_types():
        return case_page(
            request,
            user,
            uow,
            case_id,
            errors={"_form": _("Choose the kind of event.")},
            status=422,
            attempted="add_event",
        )
    event, errors = eventforms.parse_event(event_type, form, multi, _)
    if not errors:
        try:
            stored = case_service.add_event(uow, actor=user, case_id=case_id, event=event)
        except InputError as exc:
            reason = in_language(exc.reason, translator(request).lang)
            errors = {eventforms.form_field_of(exc.field): reason + (f"（{exc.allowed}）" if exc.allowed else "")}
        else:
            return RedirectResponse(
                f"/cases/{quote(case_id, safe='')}?added={quote(stored.event_id)}#timeline", status_code=303
            )
    return case_page(
        request,
        user,
        uow,
        case_id,
        add=event_type,
        form=form,
        multi=multi,
        errors=errors,
        status=422,
        attempted="add_event",
    )


@router.post("/cases/{case_id}/assignments", dependencies=[CsrfChecked])
def assign(case_id: str, request: Request, user: PageUser, uow: UowDep, form: FormData) -> Response:
    username = form.get("username", "")
    action = form.get("action", "assign")
    try:
        if action == "unassign":
            accounts.unassign(uow, actor=user, case_id=case_id, username=username)
        else:
            accounts.assign(uow, actor=user, case_id=case_id, username=username)
    except InputError as exc:
        return case_page(
            request,
            user,
            uow,
            case_id,
            errors={"assign": in_language(exc.reason, translator(request).lang)},
            status=422,
            attempted="unassign" if action == "unassign" else "assign",
        )
    return RedirectResponse(f"/cases/{quote(case_id, safe='')}#team", status_code=303)


AUDIT_PAGE_SIZE = 100


@router.get("/cases/{case_id}/audit")
def audit_page(
    case_id: str,
    request: Request,
    user: PageUser,
    uow: UowDep,
    action: Annotated[str, Query(max_length=32)] = "",
    before: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """Who read or changed the case, and when: newest first, AUDIT_PAGE_SIZE to a page (older pages by id, so
    they stay put while new entries arrive), optionally one kind of action only."""
    found = case_service.audit_trail(
        uow,
        actor=user,
        case_id=case_id,
        action=action or None,
        before_id=before,
        limit=AUDIT_PAGE_SIZE + 1,
        newest_first=True,
    )
    entries = [a.to_dict() for a in found[:AUDIT_PAGE_SIZE]]
    older = entries[-1]["id"] if len(found) > AUDIT_PAGE_SIZE else None
    query = {"action": action} if action else {}
    return render(
        request,
        "cases/audit.html",
        {
            "case_id": case_id,
            "entries": entries,
            "action": action,
            "actions": AUDIT_ACTIONS,
            "older_url": f"?{urlencode({**query, 'before': older})}" if older else None,
            "newest_url": f"?{urlencode(query)}" if before else None,
        },
    )


@router.get("/cases/{case_id}/export.json")
def export_case(case_id: str, user: PageUser, uow: UowDep) -> Response:
    """The case file as a download (audited as an export by the service)."""
    body = pretty_json(case_service.export_case(uow, actor=user, case_id=case_id))
    filename = quote(f"{case_id}.json")
    return Response(
        body, media_type="application/json", headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"}
    )

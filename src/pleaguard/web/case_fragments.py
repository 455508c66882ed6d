"""The parts of the case page that depend on the case alone: the summary (people, charges, the as-of day), the
status column (safeguard findings with their citations, deadlines, where each suspect stands) and the timeline.

They are most of the page's rendering work, and a lawyer reloads the same case far more often than it changes.
So each worker keeps them, rendered, for each (content key, language): the content key of a read
(`CaseView.content_key`, i.e. `read_cache.evaluation_key`: the log's head hash and length, the day in China and how
many events had happened by the moment read) fixes every value they show, so a cached fragment is exactly what
rendering again would give. A new event changes the head hash; a new day changes the key.

The fragments' templates are rendered with `templating.content_context` and the case alone: no user, no session,
no CSRF token, no query parameter. With StrictUndefined, a template that tried to show one would fail rather than
put one user's data into a page cached for another. Who may read the case is checked, and the read audited, on
every request before this module is reached (`case_service.get_case`).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from markupsafe import Markup

from pleaguard.services.cases import CaseView
from pleaguard.services.read_cache import LruCache
from pleaguard.services.urgency import OPEN_STATUSES
from pleaguard.web import eventforms
from pleaguard.web.templating import language, render_fragment

ENTRIES = 2048
SEVERITY_ORDER = {"violation": 0, "risk": 1, "info": 2}


@dataclass(frozen=True)
class CaseFragments:
    """The rendered pieces of one case page (HTML, already escaped)."""

    summary: Markup
    status: Markup
    timeline: Markup


cache: LruCache[CaseFragments] = LruCache(ENTRIES)
options_cache: LruCache[Markup] = LruCache(256)


def people_of(header: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The case's people by id (from the case header)."""
    return {str(p.get("id")): p for p in header.get("people", []) if isinstance(p, dict)}


def timeline_rows(view: dict[str, Any], people: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline: events by the time they happened, each with its details and the names of people."""
    rows = []
    for stored in sorted(view["events"], key=lambda e: (str(e.get("at")), e.get("seq", 0))):
        payload = stored.get("event", {})
        details = []
        for key, value in payload.items():
            if key in ("id", "type", "at", "person"):
                continue
            if key in eventforms.PERSON_REFS and isinstance(value, str):
                value = people.get(value, {}).get("name", value)
            elif key in eventforms.PERSON_LISTS and isinstance(value, list):
                value = [people.get(v, {}).get("name", v) for v in value]
            details.append((key, value))
        person = payload.get("person")
        rows.append(
            {
                "seq": stored.get("seq"),
                "id": stored.get("event_id"),
                "type": stored.get("type"),
                "at": str(payload.get("at", "")).replace("T", " ")[:16],
                "person": people.get(person, {}).get("name", person) if person else None,
                "details": details,
                "recorded_by": stored.get("recorded_by"),
                "recorded_at": str(stored.get("recorded_at", ""))[:16].replace("T", " "),
            }
        )
    return rows


def render_fragments(request: Request, view: CaseView) -> CaseFragments:
    """Render the three pieces from the case view (findings: violations first; deadlines: open ones first)."""
    data = view.to_dict()
    people = people_of(data["header"])
    findings = sorted(
        [f for f in data.get("findings") or [] if isinstance(f, dict)],
        key=lambda f: SEVERITY_ORDER.get(str(f.get("severity")), 3),
    )
    deadlines = sorted(
        [d for d in data.get("deadlines") or [] if isinstance(d, dict)],
        key=lambda d: (d.get("status") not in OPEN_STATUSES, str(d.get("due"))),
    )
    state = data.get("state") or {}
    suspects = [s for s in state.get("suspects", []) if isinstance(s, dict)] if isinstance(state, dict) else []
    context = {"case": data, "people": people}
    return CaseFragments(
        summary=render_fragment(request, "cases/_summary.html", context),
        status=render_fragment(
            request,
            "cases/_status.html",
            {**context, "findings": findings, "deadlines": deadlines, "suspects": suspects},
        ),
        timeline=render_fragment(request, "cases/_timeline.html", {"timeline": timeline_rows(data, people)}),
    )


def fragments_for(request: Request, view: CaseView) -> CaseFragments:
    """The pieces for this view in the request's language: cached when the view has a content key."""
    if view.content_key is None:
        return render_fragments(request, view)
    key: Hashable = (view.case_id, view.content_key, language(request))
    return cache.get_or_compute(key, lambda: render_fragments(request, view))


def event_options(request: Request, selected: str | None) -> Markup:
    """The <option>s of the "kind of event" choice in the request's language, `selected` (an event type or None)
    marked; the same for every case and user, so rendered once per language and selection."""
    key = (language(request), selected)
    return options_cache.get_or_compute(
        key,
        lambda: render_fragment(
            request, "cases/_event_options.html", {"event_types": eventforms.event_types(), "add": selected}
        ),
    )

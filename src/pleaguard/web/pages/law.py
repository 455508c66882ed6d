"""The law in force on a date: every rule with its value, its citation and the cited words."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pleaguard.errors import InputError
from pleaguard.services.law import in_force
from pleaguard.web.deps import PageUser
from pleaguard.web.i18n import in_language
from pleaguard.web.templating import render, translator
from pleaguard.web.views import fmt

router = APIRouter()


@router.get("/law")
def law_page(request: Request, user: PageUser, date: str = "", province: str = "", prefix: str = "") -> Response:
    _ = translator(request).gettext
    law = request.app.state.law
    errors: dict[str, str] = {}
    day: dt.date | None = None
    if date:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            errors["date"] = _("Enter a date (YYYY-MM-DD).")
    else:
        day = dt.date.today()  # a convenience default for the form; the rules get the date explicitly
    rows = []
    if day is not None and not errors:
        try:
            rows = in_force(law, day, province or None, prefix.strip()[:200])
        except InputError as exc:
            errors[exc.field or "date"] = in_language(exc.reason, translator(request).lang)
    for row in rows:
        row["shown"] = fmt(row["value"])
    return render(
        request,
        "law.html",
        {
            "rows": rows,
            "errors": errors,
            "date": day.isoformat() if day else date,
            "province": province,
            "prefix": prefix,
            "provinces": sorted(law.provinces),
        },
        status_code=422 if errors else 200,
    )

"""The sentencing calculator and the review of a recommendation: a plain form in, the result with its trace out.

The form is translated into the sentencing case JSON of the CLI (`pleaguard sentence`), the service computes,
and the page shows every step with its citations. Errors appear next to the field they concern.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pleaguard.errors import InputError
from pleaguard.services import sentencing as sentencing_service
from pleaguard.web.deps import CsrfChecked, FormData, PageUser
from pleaguard.web.i18n import in_language
from pleaguard.web.labels import CIRCUMSTANCES, PENALTY_TYPES, PLEA_STAGES
from pleaguard.web.templating import render, translator
from pleaguard.web.views import crime_names, error_field, pretty_json, trace_view

router = APIRouter()

RECOMMENDATION_TYPES = (
    "fixed_term_imprisonment",
    "criminal_detention",
    "public_surveillance",
    "fine_only",
    "exemption",
)
MAX_FACTS_JSON = 20_000

#: Where the service's error paths are shown on the form.
ERROR_FIELDS = {
    "crime": "crime",
    "offense_date": "offense_date",
    "decided_on": "decided_on",
    "province": "province",
    "facts": "facts_json",
    "base_sentence_months": "base_sentence_months",
    "defendant.age_at_offense": "age_at_offense",
    "defendant": "age_at_offense",
    "circumstances.stage": "plea_stage",
    "circumstances": "circumstances",
    "recommendation.months": "rec_months",
    "recommendation.penalty_type": "rec_penalty_type",
    "recommendation.fine_yuan": "rec_fine_yuan",
    "recommendation.probation": "rec_probation_months",
    "recommendation": "rec_penalty_type",
    "case": "_form",
}


def crime_options(request: Request) -> list[tuple[str, str]]:
    """(code, Chinese name) of every crime the law data defines (from the statutory tiers' descriptions)."""
    return sorted(crime_names(request.app.state.law).items(), key=lambda pair: pair[1])


def fact_fields(request: Request, crime: str) -> list[dict[str, Any]]:
    """The quantities the chosen crime takes, from the sentencing service's schema (name, kind, meaning, choices)."""
    if not crime:
        return []
    try:
        described = sentencing_service.schema(crime, request.app.state.law).get("facts", {}).get(crime) or {}
    except (InputError, KeyError):
        return []
    out = []
    for name, prop in (described.get("properties") or {}).items():
        kind = prop.get("x-kind") or prop.get("type")
        out.append(
            {
                "name": name,
                "kind": kind,
                "type": prop.get("type"),
                "description": prop.get("description", ""),
                "enum": list(prop.get("enum", [])),
                "unit": prop.get("x-unit"),
                "default": prop.get("default"),
            }
        )
    return out


_PLAIN_NUMBER = re.compile(r"^\d{1,13}(\.\d{1,6})?$")


def _number(form: dict[str, str], key: str, errors: dict[str, str], _: Any, *, integer: bool = False) -> Any:
    """A non-negative number from a form field: an int, or a decimal string (kept exact), or None when empty.
    Only plain decimals are accepted (no exponents, at most 13 digits before the point)."""
    raw = form.get(key, "").strip()
    if not raw:
        return None
    if not _PLAIN_NUMBER.match(raw) or (integer and "." in raw):
        errors[key] = _("Enter a whole number of zero or more.") if integer else _("Enter a number of zero or more.")
        return None
    value = Decimal(raw)
    return int(value) if value == value.to_integral_value() else str(value)


def _date(form: dict[str, str], key: str, errors: dict[str, str], _: Any, *, required: bool) -> str | None:
    raw = form.get(key, "").strip()
    if not raw:
        if required:
            errors[key] = _("Enter a date (YYYY-MM-DD).")
        return None
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        errors[key] = _("Enter a date (YYYY-MM-DD).")
        return None


def build_case(
    form: dict[str, str], _: Any, *, with_recommendation: bool, facts_spec: list[dict[str, Any]] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The sentencing case JSON from the form, and the errors found before asking the service."""
    errors: dict[str, str] = {}
    case: dict[str, Any] = {}
    crime = form.get("crime", "").strip()
    if not crime:
        errors["crime"] = _("Choose the crime.")
    case["crime"] = crime
    offense = _date(form, "offense_date", errors, _, required=True)
    if offense:
        case["offense_date"] = offense
    decided = _date(form, "decided_on", errors, _, required=False)
    if decided:
        case["decided_on"] = decided
    if form.get("province", "").strip():
        case["province"] = form["province"].strip()
    facts: dict[str, Any] = {}
    raw_json = form.get("facts_json", "").strip()
    if raw_json:
        if len(raw_json) > MAX_FACTS_JSON:
            errors["facts_json"] = _("Too long.")
        else:
            try:
                extra = json.loads(raw_json)
            except json.JSONDecodeError as exc:
                errors["facts_json"] = _(
                    "Not valid JSON (line %(line)d, column %(col)d).", line=exc.lineno, col=exc.colno
                )
                extra = {}
            if not isinstance(extra, dict):
                errors["facts_json"] = _('Write a JSON object, e.g. {"count": 3}.')
            else:
                facts.update(extra)
    for spec in facts_spec or []:
        key = f"fact.{spec['name']}"
        if spec["type"] == "boolean":
            if form.get(key):
                facts[spec["name"]] = True
        elif spec["enum"]:
            if form.get(key):
                facts[spec["name"]] = form[key]
        elif spec["type"] in ("integer", "number"):
            value = _number(form, key, errors, _, integer=spec["type"] == "integer")
            if value is not None:
                facts[spec["name"]] = value
        elif form.get(key, "").strip():
            facts[spec["name"]] = form[key].strip()
    case["facts"] = facts
    base = _number(form, "base_sentence_months", errors, _)
    if base is not None:
        case["base_sentence_months"] = base
    age = _number(form, "age_at_offense", errors, _, integer=True)
    if age is not None:
        case["defendant"] = {"age_at_offense": age}
    circumstances: list[dict[str, Any]] = [{"kind": kind} for kind in CIRCUMSTANCES if form.get(f"c_{kind}")]
    if form.get("c_plea_leniency"):
        stage = form.get("plea_stage", "")
        if stage not in PLEA_STAGES:
            errors["plea_stage"] = _("Choose the stage at which the plea was made.")
        circumstances.append({"kind": "plea_leniency", "stage": stage})
    case["circumstances"] = circumstances
    if with_recommendation:
        case["recommendation"] = _recommendation(form, errors, _)
    return case, errors


def _recommendation(form: dict[str, str], errors: dict[str, str], _: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {}
    ptype = form.get("rec_penalty_type", "")
    if ptype not in RECOMMENDATION_TYPES:
        errors["rec_penalty_type"] = _("Choose the recommended penalty.")
    rec["penalty_type"] = ptype
    months = _number(form, "rec_months", errors, _)
    lo = _number(form, "rec_months_min", errors, _)
    hi = _number(form, "rec_months_max", errors, _)
    if months is not None:
        rec["months"] = months
    elif lo is not None or hi is not None:
        if lo is None or hi is None:
            errors["rec_months"] = _("A range needs both the lower and the upper bound.")
        else:
            rec["months"] = {"min": lo, "max": hi}
    if form.get("rec_probation"):
        months_p = _number(form, "rec_probation_months", errors, _)
        rec["probation"] = months_p if months_p is not None else True
    fine = _number(form, "rec_fine_yuan", errors, _)
    if fine is not None:
        rec["fine_yuan"] = fine
    if form.get("plea_stage") in PLEA_STAGES and form.get("c_plea_leniency"):
        rec["stage"] = form["plea_stage"]
    return rec


def _page(
    request: Request,
    template: str,
    form: dict[str, str],
    errors: dict[str, str],
    result: dict[str, Any] | None,
    status: int = 200,
) -> Response:
    law = request.app.state.law
    return render(
        request,
        template,
        {
            "form": form,
            "errors": errors,
            "result": result,
            "steps": trace_view(result.get("trace") or (result.get("sentence") or {}).get("trace")) if result else [],
            "result_json": pretty_json(result) if result else "",
            "crimes": crime_options(request),
            "provinces": sorted(law.provinces),
            "fact_fields": fact_fields(request, form.get("crime", "")),
            "action": "/sentencing/review" if template.endswith("review.html") else "/sentencing",
            "circumstances": CIRCUMSTANCES,
            "stages": PLEA_STAGES,
            "recommendation_types": {k: PENALTY_TYPES[k] for k in RECOMMENDATION_TYPES},
            **review_view(result),
        },
        status_code=status,
    )


def review_view(result: dict[str, Any] | None) -> dict[str, Any]:
    """The review's headline facts and its points to argue, for the page (presentation only)."""
    if not result:
        return {"summary": [], "points": []}
    points = [p for p in result.get("points", []) or [] if isinstance(p, dict)]
    return {"summary": [], "points": points}


def _run(request: Request, form: dict[str, str], *, review: bool) -> tuple[dict[str, Any] | None, dict[str, str]]:
    _ = translator(request).gettext
    spec = fact_fields(request, form.get("crime", ""))
    case, errors = build_case(form, _, with_recommendation=review, facts_spec=spec)
    if errors:
        return None, errors
    try:
        law = request.app.state.law
        result = sentencing_service.review(case, law) if review else sentencing_service.sentence(case, law)
    except InputError as exc:
        where = error_field(exc.field, ERROR_FIELDS)
        if exc.field and exc.field.startswith("facts.") and exc.field[6:] in {f["name"] for f in spec}:
            where = "fact." + exc.field[6:]
        allowed = _("allowed")
        reason = in_language(exc.reason, translator(request).lang) + (
            f"（{allowed}: {exc.allowed}）" if exc.allowed else ""
        )
        if where == "_form" and exc.field:
            reason = f"{exc.field}: {reason}"
        return None, {where: reason}
    return result, {}


def _defaults(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if k != "lang"}


@router.get("/sentencing")
def calculator(request: Request, user: PageUser) -> Response:
    return _page(request, "sentencing/calculator.html", _defaults(request), {}, None)


@router.post("/sentencing", dependencies=[CsrfChecked])
def calculate(request: Request, user: PageUser, form: FormData) -> Response:
    result, errors = _run(request, form, review=False)
    return _page(request, "sentencing/calculator.html", form, errors, result, 422 if errors else 200)


@router.get("/sentencing/review")
def review_form(request: Request, user: PageUser) -> Response:
    return _page(request, "sentencing/review.html", _defaults(request), {}, None)


@router.post("/sentencing/review", dependencies=[CsrfChecked])
def review(request: Request, user: PageUser, form: FormData) -> Response:
    result, errors = _run(request, form, review=True)
    return _page(request, "sentencing/review.html", form, errors, result, 422 if errors else 200)

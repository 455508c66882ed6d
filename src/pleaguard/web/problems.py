"""Errors as problem documents (RFC 9457, `application/problem+json`) for the API, HTML pages for the browser.

Every API error has the same shape::

    {"type": "urn:pleaguard:problem:invalid-input", "title": "…", "status": 422, "detail": "…",
     "errors": [{"field": "offense_date", "reason": "…", "allowed": "YYYY-MM-DD"}]}

A case that does not exist and a case the user may not see give the same 404 with the same text, so that the
answer leaks neither ids, counts nor names. Unexpected errors give a 500 that says nothing about the internals.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from pleaguard.errors import InputError, LawError, LawNotInForce, NotFound
from pleaguard.services.access import AuthenticationFailed, PermissionDenied, RateLimited

log = logging.getLogger("pleaguard.web")

PROBLEM_JSON = "application/problem+json"

_TITLES: dict[int, tuple[str, str]] = {
    400: ("bad-request", "Bad request"),
    401: ("unauthenticated", "Sign-in required"),
    403: ("forbidden", "Not allowed"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    413: ("too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("invalid-input", "Invalid input"),
    429: ("too-many-requests", "Too many attempts"),
    500: ("server-error", "Server error"),
}


class FieldError(BaseModel):
    """What is wrong with one input field."""

    field: str | None = Field(description="Dotted path of the field at fault, e.g. `facts.amount_yuan`")
    reason: str = Field(description="Why the value is rejected")
    allowed: str | None = Field(default=None, description="What would be accepted")


class Problem(BaseModel):
    """An error, in the format of RFC 9457."""

    type: str = Field(examples=["urn:pleaguard:problem:invalid-input"])
    title: str = Field(examples=["Invalid input"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["offense_date: '2024-13-01' is not a date; allowed: YYYY-MM-DD"])
    errors: list[FieldError] = Field(default_factory=list)


class AuthRequired(Exception):
    """The request needs a signed-in user (pages redirect to the sign-in page, the API answers 401)."""


class Forbidden(Exception):
    """The signed-in user's role does not allow this action (403)."""

    def __init__(self, detail: str = "Your role does not allow this action.") -> None:
        super().__init__(detail)
        self.detail = detail


class CsrfError(Exception):
    """A form was posted without the session's CSRF token (403, nothing written)."""


def problem(
    status: int, detail: str, errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A problem+json response with a title and type derived from the status."""
    slug, title = _TITLES.get(status, ("error", "Error"))
    body = Problem(
        type=f"urn:pleaguard:problem:{slug}",
        title=title,
        status=status,
        detail=detail,
        errors=[FieldError(**e) for e in errors or []],
    )
    return JSONResponse(body.model_dump(), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _validation_errors(exc: RequestValidationError) -> tuple[int, list[dict[str, Any]]]:
    status = 422
    errors: list[dict[str, Any]] = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        if err.get("type") == "json_invalid":
            status = 400
            ctx = err.get("ctx") or {}
            errors.append({"field": None, "reason": f"malformed JSON: {ctx.get('error', err.get('msg'))}"})
            continue
        reason = str(err.get("msg", "invalid value"))
        if err.get("type") == "extra_forbidden":
            reason = "unknown field"
        errors.append({"field": ".".join(loc) or None, "reason": reason})
    return status, errors


def _summary(errors: list[dict[str, Any]]) -> str:
    return "; ".join(f"{e['field']}: {e['reason']}" if e.get("field") else str(e["reason"]) for e in errors)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document (API) or an error page (pages)."""
    from pleaguard.web.templating import render_error

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        status, errors = _validation_errors(exc)
        if is_api(request):
            return problem(status, _summary(errors) or "invalid input", errors)
        return render_error(request, status, _summary(errors))

    async def on_input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InputError)
        errors = [exc.to_dict()]
        if is_api(request):
            return problem(422, str(exc), errors)
        return render_error(request, 422, str(exc))

    async def on_law(request: Request, exc: Exception) -> Response:
        log.error("law data error on %s: %s", request.url.path, exc)
        if is_api(request):
            return problem(500, "The law data could not answer this request.")
        return render_error(request, 500, "")

    async def on_not_found(request: Request, exc: Exception) -> Response:
        # One answer for "does not exist" and "not yours": nothing about the record leaks.
        if is_api(request):
            return problem(404, "No such record, or you are not allowed to see it.")
        return render_error(request, 404, "")

    async def on_auth(request: Request, exc: Exception) -> Response:
        if is_api(request):
            return problem(
                401,
                "Sign in: send 'Authorization: Bearer <token>' (POST /api/v1/auth/token).",
                headers={"WWW-Authenticate": "Bearer"},
            )
        from urllib.parse import quote

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    async def on_forbidden(request: Request, exc: Exception) -> Response:
        detail = exc.detail if isinstance(exc, Forbidden) else "Not allowed."
        if is_api(request):
            return problem(403, detail)
        return render_error(request, 403, "")

    async def on_denied(request: Request, exc: Exception) -> Response:
        # The service says the user may see the record but not do this (e.g. a reviewer writing).
        if is_api(request):
            return problem(403, str(exc))
        return render_error(request, 403, "")

    async def on_auth_failed(request: Request, exc: Exception) -> Response:
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after_seconds)}
            if is_api(request):
                return problem(429, str(exc), headers=headers)
            response = render_error(request, 429, str(exc))
            response.headers.update(headers)
            return response
        if is_api(request):
            return problem(
                401,
                "Wrong username or password, or an expired or revoked token.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return await on_auth(request, exc)

    async def on_csrf(request: Request, exc: Exception) -> Response:
        if is_api(request):
            return problem(403, "Missing or wrong CSRF token; nothing was saved.")
        return render_error(request, 403, "csrf")

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if is_api(request):
            detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, ("", "Error"))[1]
            return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))
        return render_error(request, exc.status_code, "")

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if is_api(request):
            return problem(500, "Unexpected server error; it has been logged.")
        return render_error(request, 500, "")

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(LawNotInForce, on_input)  # a user's date before the rule existed
    app.add_exception_handler(LawError, on_law)
    app.add_exception_handler(NotFound, on_not_found)
    app.add_exception_handler(AuthRequired, on_auth)
    app.add_exception_handler(Forbidden, on_forbidden)
    app.add_exception_handler(CsrfError, on_csrf)
    app.add_exception_handler(PermissionDenied, on_denied)
    app.add_exception_handler(AuthenticationFailed, on_auth_failed)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)

"""Errors as problem documents (RFC 9457, `application/problem+json`) for the API, HTML pages for the browser.

Every API error has the same shape::

    {"type": "urn:pleaguard:problem:invalid-input", "title": "…", "status": 422, "detail": "…",
     "errors": [{"field": "offense_date", "reason": "…", "allowed": "YYYY-MM-DD"}]}

A case that does not exist and a case the user may not see give the same 404 with the same text, so that the
answer leaks neither ids, counts nor names. Unexpected errors give a 500 that says nothing about the internals.

Titles, details and reasons are written Chinese first, "中文说明 / English text", like the services' messages;
a reason from request validation keeps the validator's English text after the Chinese summary of its kind.
"""

from __future__ import annotations

import http
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

#: The one answer for a record that does not exist and for one the user may not see.
NOT_FOUND_DETAIL = "记录不存在或您无权查看 / No such record, or you are not allowed to see it."

PROBLEM_JSON = "application/problem+json"

_TITLES: dict[int, tuple[str, str]] = {
    400: ("bad-request", "请求有误 / Bad request"),
    401: ("unauthenticated", "需要登录 / Sign-in required"),
    403: ("forbidden", "不允许此操作 / Not allowed"),
    404: ("not-found", "未找到 / Not found"),
    405: ("method-not-allowed", "不支持该请求方法 / Method not allowed"),
    406: ("not-acceptable", "无法提供所要求的格式 / Not acceptable"),
    409: ("conflict", "冲突 / Conflict"),
    413: ("too-large", "请求内容过大 / Request body too large"),
    415: ("unsupported-media-type", "不支持的内容类型 / Unsupported media type"),
    422: ("invalid-input", "输入无效 / Invalid input"),
    429: ("too-many-requests", "尝试次数过多 / Too many attempts"),
    500: ("server-error", "服务器错误 / Server error"),
}
_OTHER = ("error", "错误 / Error")

#: The Chinese summary of a request-validation error, by pydantic's error type; pydantic's own English message
#: (which names the limit or the expected type) follows it.
_VALIDATION_ZH: dict[str, str] = {
    "missing": "缺少此字段",
    "extra_forbidden": "未知字段",
    "string_type": "应为字符串",
    "string_too_short": "过短",
    "string_too_long": "过长",
    "too_short": "过短",
    "too_long": "过长",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
    "date_parsing": "不是有效的日期",
    "date_from_datetime_parsing": "不是有效的日期",
    "date_type": "不是有效的日期",
    "datetime_parsing": "不是有效的日期时间",
    "datetime_from_date_parsing": "不是有效的日期时间",
    "datetime_type": "不是有效的日期时间",
    "timezone_aware": "必须带 UTC 偏移",
    "literal_error": "不是可选的值之一",
    "enum": "不是可选的值之一",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "string_pattern_mismatch": "格式不符",
}


class FieldError(BaseModel):
    """What is wrong with one input field."""

    field: str | None = Field(description="Dotted path of the field at fault, e.g. `facts.amount_yuan`")
    reason: str = Field(description="Why the value is rejected")
    allowed: str | None = Field(default=None, description="What would be accepted")


class Problem(BaseModel):
    """An error, in the format of RFC 9457."""

    type: str = Field(examples=["urn:pleaguard:problem:invalid-input"])
    title: str = Field(examples=["输入无效 / Invalid input"])
    status: int = Field(examples=[422])
    detail: str = Field(
        examples=["offense_date: '2024-13-01' 不是日期 / '2024-13-01' is not a date; 可接受 / allowed: YYYY-MM-DD"]
    )
    errors: list[FieldError] = Field(default_factory=list)


class AuthRequired(Exception):
    """The request needs a signed-in user (pages redirect to the sign-in page, the API answers 401)."""


class Forbidden(Exception):
    """The signed-in user's role does not allow this action (403)."""

    def __init__(self, detail: str = "您的角色不允许此操作 / Your role does not allow this action.") -> None:
        super().__init__(detail)
        self.detail = detail


class CsrfError(Exception):
    """A form was posted without the session's CSRF token (403, nothing written)."""


def problem(
    status: int, detail: str, errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A problem+json response with a title and type derived from the status."""
    slug, title = _TITLES.get(status, _OTHER)
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
            errors.append(
                {"field": None, "reason": f"JSON 格式错误 / malformed JSON: {ctx.get('error', err.get('msg'))}"}
            )
            continue
        kind = str(err.get("type", ""))
        if kind == "extra_forbidden":
            reason = "未知字段 / unknown field"
        else:
            reason = f"{_VALIDATION_ZH.get(kind, '取值无效')} / {err.get('msg', 'invalid value')}"
        errors.append({"field": ".".join(loc) or None, "reason": reason})
    return status, errors


def _http_detail(exc: StarletteHTTPException) -> str:
    """The detail of an HTTP error: the raiser's text, except Starlette's bare English status phrase (e.g. "Not
    Found" for an unknown path), which becomes the bilingual title of the status."""
    title = _TITLES.get(exc.status_code, _OTHER)[1]
    if not isinstance(exc.detail, str):
        return title
    try:
        phrase = http.HTTPStatus(exc.status_code).phrase
    except ValueError:
        phrase = None
    return title if exc.detail == phrase else exc.detail


def _summary(errors: list[dict[str, Any]]) -> str:
    return "; ".join(f"{e['field']}: {e['reason']}" if e.get("field") else str(e["reason"]) for e in errors)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document (API) or an error page (pages)."""
    from pleaguard.web.templating import render_error

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        status, errors = _validation_errors(exc)
        if is_api(request):
            return problem(status, _summary(errors) or "输入无效 / invalid input", errors)
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
            return problem(500, "法律数据无法回答此请求 / The law data could not answer this request.")
        return render_error(request, 500, "")

    async def on_not_found(request: Request, exc: Exception) -> Response:
        # One answer for "does not exist" and "not yours": nothing about the record leaks.
        if is_api(request):
            return problem(404, NOT_FOUND_DETAIL)
        return render_error(request, 404, "")

    async def on_auth(request: Request, exc: Exception) -> Response:
        if is_api(request):
            return problem(
                401,
                "请先登录：发送 'Authorization: Bearer <token>'（POST /api/v1/auth/token 取得令牌）"
                " / Sign in: send 'Authorization: Bearer <token>' (POST /api/v1/auth/token).",
                headers={"WWW-Authenticate": "Bearer"},
            )
        from urllib.parse import quote

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    async def on_forbidden(request: Request, exc: Exception) -> Response:
        detail = exc.detail if isinstance(exc, Forbidden) else "不允许此操作 / Not allowed."
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
                "用户名或密码错误，或令牌已过期或被撤销 / Wrong username or password, or an expired or revoked token.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return await on_auth(request, exc)

    async def on_csrf(request: Request, exc: Exception) -> Response:
        if is_api(request):
            return problem(403, "CSRF 令牌缺失或错误，未保存任何内容 / Missing or wrong CSRF token; nothing was saved.")
        return render_error(request, 403, "csrf")

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if is_api(request):
            detail = _http_detail(exc)
            return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))
        return render_error(request, exc.status_code, "")

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if is_api(request):
            return problem(500, "服务器发生意外错误，已记录 / Unexpected server error; it has been logged.")
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

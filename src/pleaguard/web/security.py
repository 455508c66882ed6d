"""Security at the HTTP edge: signed session cookies, CSRF tokens, bearer tokens, headers and a body size limit.

* **Session cookie** (`pleaguard_session`): a value signed with the secret key (itsdangerous, timed). It holds
  the server-side session token issued by the accounts service at sign-in and its id (so that signing out
  revokes it, and deactivating the account ends it), the user id, and the session's CSRF token.
  HttpOnly, SameSite=Lax, and Secure outside demo/test mode. A cookie older than `SESSION_MAX_AGE` is refused,
  as is any cookie whose signature does not verify.
* **CSRF**: every form carries the session's token in a hidden field `csrf_token`; every form POST is checked
  against the cookie with a constant-time comparison before anything else runs. Anonymous visitors get a
  session too (for the sign-in form); signing in replaces it with a fresh one (no session fixation).
* **API**: `Authorization: Bearer <token>` only; the API ignores cookies, so CSRF cannot reach it.
* **Headers**: a strict Content-Security-Policy (only our own stylesheet and script; no inline code), no
  framing, no sniffing, no referrer, `Cache-Control: no-store` (case data must not linger in caches), and HSTS
  outside demo/test mode.
* **Body size**: requests larger than `MAX_BODY_BYTES` are refused with 413 before they are read in full.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "pleaguard_session"
SESSION_MAX_AGE = 12 * 3600  # a working day; then sign in again
MAX_BODY_BYTES = 1024 * 1024
CSRF_FIELD = "csrf_token"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


@dataclass(slots=True)
class BrowserSession:
    """What the session cookie carries. `token` and `user_id` are empty for an anonymous visitor."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    token: str | None = None
    token_id: int | None = None
    user_id: int | None = None
    expired: bool = False  # set when a cookie was presented but had expired (the sign-in page says so)
    fresh: bool = True  # created now, not read from a valid cookie: it must be stored

    def to_payload(self) -> dict[str, Any]:
        return {"c": self.csrf, "t": self.token, "k": self.token_id, "u": self.user_id}


class SessionSigner:
    """Signs and verifies session cookies with the secret key."""

    def __init__(self, secret_key: str, *, max_age: int = SESSION_MAX_AGE) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="pleaguard.session")
        self.max_age = max_age

    def dumps(self, session: BrowserSession) -> str:
        return str(self._serializer.dumps(session.to_payload()))

    def loads(self, raw: str | None) -> BrowserSession:
        """The session in a cookie; a missing, forged or expired cookie gives a fresh anonymous session."""
        if not raw:
            return BrowserSession()
        try:
            data = self._serializer.loads(raw, max_age=self.max_age)
        except SignatureExpired:
            return BrowserSession(expired=True)
        except BadSignature:
            return BrowserSession()
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return BrowserSession()
        token, token_id, user_id = data.get("t"), data.get("k"), data.get("u")
        return BrowserSession(
            csrf=data["c"],
            token=token if isinstance(token, str) else None,
            token_id=token_id if isinstance(token_id, int) else None,
            user_id=user_id if isinstance(user_id, int) else None,
            fresh=False,
        )


def csrf_matches(expected: str, presented: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the one a form sent."""
    if not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer …` header, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


class SecurityHeadersMiddleware:
    """Adds the security headers to every response (pure ASGI, so streaming responses keep working)."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers: list[tuple[bytes, bytes]] = [
            (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
        ]
        if hsts:
            self.headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control" or is_static]
                headers.extend(self.headers)
                if not is_static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimitMiddleware:
    """Refuses request bodies over `max_bytes` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, scope: Scope, send: Send) -> None:
        path = str(scope.get("path", ""))
        detail = f"The request body is larger than {self.max_bytes // 1024} KiB."
        if path.startswith("/api/"):
            body = json.dumps(
                {
                    "type": "urn:pleaguard:problem:too-large",
                    "title": "Request body too large",
                    "status": 413,
                    "detail": detail,
                    "errors": [],
                }
            ).encode()
            ctype = b"application/problem+json"
        else:
            body = detail.encode()
            ctype = b"text/plain; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", ctype),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = True
                if too_big:
                    await self._reject(scope, send)
                    return
        received = 0
        overflow = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, overflow
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    overflow = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if overflow:  # whatever the app answers to the aborted read, the client gets the 413 below
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(_BodyTooLarge):
            await self.app(scope, limited_receive, guarded_send)
        if overflow and not started:
            await self._reject(scope, send)


class _BodyTooLarge(Exception):
    """Raised inside `receive` when a streamed body passes the limit."""

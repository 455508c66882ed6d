"""Dependencies of the routes: the unit of work, the browser session, and the signed-in user.

UowDep       a fresh unit of work on the app's engine for the request (the services open and commit its
             transactions; it keeps one connection for the whole request)
SessionDep   the browser session from the signed cookie (anonymous when absent, forged or expired)
ApiUser      the user of a bearer token (API); 401 without a valid one
PageUser     the user of the browser session (pages); redirect to the sign-in page without one
             (both look the token up in the database, or in the app's `TokenCache` when it was checked there at
             most a few seconds ago; a cache hit runs on the event loop, a lookup in the thread pool)
CsrfChecked  verifies the form's CSRF token against the session before the route runs (pages, POST)
FormData     the posted form's text fields, read once (so that routes can stay synchronous)

`run_read(request, fn, uow, ...)` calls a service that only reads and records audit entries, on the event loop:
its entries go to the app's `ReadAuditWriter` (group commit, `pleaguard.web.read_audit`), so the service itself
writes nothing and cannot wait for a lock. On PostgreSQL it holds the loop only for its round trips, which costs
less than handing it to a thread (measured: about half the CPU per case read); on SQLite its transactions are
deferred (BEGIN DEFERRED), which in WAL mode never wait for a writer. Without the writer (the app's lifespan not
run) the entries are inserted by the service: then on SQLite, where every such transaction takes the database's
write lock (BEGIN IMMEDIATE) and may wait for it, the call runs in the thread pool.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import accounts
from pleaguard.services.access import AuthenticationFailed
from pleaguard.services.records import User
from pleaguard.web.problems import AuthRequired, CsrfError
from pleaguard.web.security import CSRF_FIELD, BrowserSession, bearer_token, csrf_matches
from pleaguard.web.templating import browser_session
from pleaguard.web.token_cache import TokenCache

P = ParamSpec("P")
T = TypeVar("T")


def reads_inline(request: Request) -> bool:
    """Whether a read-only service that inserts its own audit entries may run on the event loop (PostgreSQL: it
    cannot wait for a lock) rather than in the thread pool (SQLite: BEGIN IMMEDIATE may wait)."""
    return bool(request.app.state.reads_inline)


async def run_read(
    request: Request,
    fn: Callable[Concatenate[SqlAlchemyUnitOfWork, P], T],
    uow: SqlAlchemyUnitOfWork,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Call a read-only service `fn(uow, ...)` where it costs least without stalling the loop (see the module
    docstring). On the loop, the audit entries the service writes are handed to the app's `ReadAuditWriter` and
    committed with those of other reads; this returns (or raises what the service raised) only once they are."""
    writer = getattr(request.app.state, "read_audit", None)
    if writer is None:  # the application's lifespan did not run (no writer): entries are inserted one by one
        if reads_inline(request):
            return fn(uow, *args, **kwargs)
        return await run_in_threadpool(fn, uow, *args, **kwargs)
    entries: list[dict[str, Any]] = []
    uow.deferred_audit = entries
    try:
        result = fn(uow, *args, **kwargs)
    except Exception:
        uow.deferred_audit = None
        if entries:  # a refusal's entry: written before the answer, which a failure to write must not change
            uow.close()
            with contextlib.suppress(SQLAlchemyError):  # logged by the writer (see access.record_refusal)
                await writer.write(entries)
        raise
    uow.deferred_audit = None
    if entries:  # a read's entry: nothing read is shown unless it is written
        uow.close()  # the connection goes back to the pool before this request waits for the commit
        await writer.write(entries)
    return result


async def get_uow(request: Request) -> AsyncIterator[SqlAlchemyUnitOfWork]:
    """One unit of work per request, keeping its connection between the services' transactions (token, then
    case): one pool checkout per request. The connection is idle between transactions, so returning it to the
    pool at the end does no database work. A GET or HEAD request only reads and appends audit entries of one
    statement each, so on PostgreSQL it runs in autocommit (no BEGIN / COMMIT round trips; see the unit of work)."""
    uow = SqlAlchemyUnitOfWork(
        request.app.state.engine, keep_connection=True, autocommit=request.method in ("GET", "HEAD")
    )
    try:
        yield uow
    finally:
        uow.close()


UowDep = Annotated[SqlAlchemyUnitOfWork, Depends(get_uow)]


async def get_browser_session(request: Request) -> BrowserSession:
    """The browser session (a few microseconds of CPU, no I/O: async, so that FastAPI does not hand it to a thread)."""
    return browser_session(request)


SessionDep = Annotated[BrowserSession, Depends(get_browser_session)]


def _resolve(uow: SqlAlchemyUnitOfWork, token: str) -> tuple[User, dt.datetime]:
    try:
        return accounts.resolve_token_until(uow, token=token)
    except AuthenticationFailed:
        raise AuthRequired from None


async def token_user(request: Request, uow: SqlAlchemyUnitOfWork, token: str) -> User:
    """The active user of a token (401 otherwise): from the app's token cache when the database vouched for the
    token a moment ago, else from the database."""
    cache: TokenCache = request.app.state.token_cache
    cached = cache.get(token)
    if cached is not None:
        request.state.user = cached
        return cached
    user, expires_at = await run_read(request, _resolve, uow, token)
    cache.put(token, user, expires_at)
    request.state.user = user
    return user


#: Declares the bearer scheme in the OpenAPI schema (the API reference's "Authorize" button); the header is read
#: by `api_user` itself, so a missing or malformed one gets this application's 401 problem document.
BEARER_SCHEME = HTTPBearer(
    auto_error=False, scheme_name="bearer", description="POST /api/v1/auth/token 取得令牌 / get a token"
)


async def api_user(
    request: Request, uow: UowDep, _scheme: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER_SCHEME)]
) -> User:
    """The user whose bearer token came with the request. The API never looks at cookies."""
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        raise AuthRequired
    return await token_user(request, uow, token)


ApiUser = Annotated[User, Depends(api_user)]


async def page_user(request: Request, uow: UowDep, session: SessionDep) -> User:
    """The user signed in with this browser; otherwise the page redirects to the sign-in page."""
    if not session.token:
        raise AuthRequired
    return await token_user(request, uow, session.token)


PageUser = Annotated[User, Depends(page_user)]


def forget_tokens(request: Request) -> None:
    """After a revocation, a sign-out or a change to an account: this process trusts no token it has cached."""
    request.app.state.token_cache.clear()


async def optional_page_user(request: Request, uow: UowDep, session: SessionDep) -> User | None:
    try:
        return await page_user(request, uow, session)
    except AuthRequired:
        return None


OptionalPageUser = Annotated[User | None, Depends(optional_page_user)]


async def check_csrf(request: Request, session: SessionDep) -> None:
    """Every form POST must carry the session's CSRF token; otherwise nothing runs (403)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = await request.form()
    presented = form.get(CSRF_FIELD)
    if session.fresh or not csrf_matches(session.csrf, presented if isinstance(presented, str) else None):
        raise CsrfError


CsrfChecked = Depends(check_csrf)


async def read_form(request: Request) -> dict[str, str]:
    """The posted form's text fields (files are not accepted anywhere)."""
    data = await request.form()
    return {k: v for k, v in data.items() if isinstance(v, str)}


FormData = Annotated[dict[str, str], Depends(read_form)]


class PostedForm:
    """A posted form: single values (`fields`) and every value of repeated names (`multi`, for checkboxes)."""

    def __init__(self, fields: dict[str, str], multi: dict[str, list[str]]) -> None:
        self.fields = fields
        self.multi = multi


async def read_posted_form(request: Request) -> PostedForm:
    data = await request.form()
    return PostedForm(
        {k: v for k, v in data.items() if isinstance(v, str)},
        {k: [v for v in data.getlist(k) if isinstance(v, str)] for k in data},
    )


PostedFormDep = Annotated[PostedForm, Depends(read_posted_form)]

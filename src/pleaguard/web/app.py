"""The web application: REST API under `/api/v1` and server-rendered pages, built by `create_app(settings)`.

    create_app(settings)
      ├── /api/v1/…        JSON API (bearer tokens), OpenAPI at /api/v1/openapi.json, Swagger UI at /api/v1/docs
      ├── /…               pages (session cookie + CSRF), Chinese by default, English with ?lang=en
      ├── /static/…        our own stylesheet
      └── /healthz         liveness (no database, no session): the benchmark's baseline

Routes are thin: they translate HTTP to calls of `pleaguard.services` (the same functions the CLI uses) and
back; legal logic and permission checks live in the services. In production mode the factory refuses to build
an app without a secret key (`ConfigError`).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from pleaguard import __version__
from pleaguard.adapters.db.engine import create_engine
from pleaguard.config import Settings, get_settings
from pleaguard.rules.parameters import load_law
from pleaguard.web import api_docs, problems, templating
from pleaguard.web.api import router as api_router
from pleaguard.web.i18n import LANGUAGES, translations
from pleaguard.web.pages import router as pages_router
from pleaguard.web.read_audit import ReadAuditWriter
from pleaguard.web.security import BodySizeLimitMiddleware, SecurityHeadersMiddleware, SessionSigner
from pleaguard.web.token_cache import TokenCache

API_DESCRIPTION = """\
PleaGuard 认罪认罚从宽辩护工具 API.

Authenticate with `POST /api/v1/auth/token` (username and password) and send
`Authorization: Bearer <token>` with every other request. Errors are `application/problem+json`
documents: `{type, title, status, detail, errors: [{field, reason, allowed}]}`.
A case you are not assigned to answers 404, exactly like a case that does not exist.
"""


def _warm_up() -> None:
    """Load what the pages would otherwise load on first use: the templates and the message catalogues."""
    env = templating.environment()
    for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
        env.get_template(name)
    for lang in LANGUAGES:
        translations(lang)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for `settings` (default: from the environment)."""
    settings = settings or get_settings()
    secret = settings.require_secret()
    engine = create_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[None]:
        # The law, the templates and the catalogues loaded at start-up live as long as the process: moved out of
        # the collector's reach, a full collection takes microseconds instead of ~70 ms (a pause every request
        # in flight would wait for).
        _warm_up()
        gc.collect()
        gc.freeze()
        # Reads commit their audit entries in groups, and run on the event loop: see pleaguard.web.read_audit.
        writer = ReadAuditWriter(engine)
        running.state.read_audit = writer
        try:
            yield
        finally:
            running.state.read_audit = None
            writer.close()
            engine.dispose()

    app = FastAPI(
        title="PleaGuard",
        version=__version__,
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served by pleaguard.web.api_docs, from this server, without inline scripts
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.law = load_law()
    app.state.signer = SessionSigner(secret)
    app.state.secure_cookies = settings.mode == "production"
    app.state.token_cache = TokenCache(settings.token_cache_seconds)
    app.state.reads_inline = engine.dialect.name == "postgresql"  # see pleaguard.web.deps.run_read

    problems.install(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    api_docs.install(app)
    app.mount("/static", StaticFiles(packages=[("pleaguard.web", "static")]), name="static")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.mode == "production")
    app.add_middleware(BodySizeLimitMiddleware)
    return app

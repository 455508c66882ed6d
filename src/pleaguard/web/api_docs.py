"""The interactive API reference (Swagger UI) at /api/v1/docs.

Swagger UI's files (version 5, which reads the OpenAPI 3.1 schema FastAPI writes) come from the `fastapi-offline`
package, installed with PleaGuard and served from this server: nothing is loaded from a third-party site, and
nothing of it is in this repository. The page starts it
with `static/api-docs.js`, so the Content-Security-Policy still forbids inline scripts. The schema itself is at
/api/v1/openapi.json; "Try it out" needs a bearer token (POST /api/v1/auth/token), which the page never stores.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from pleaguard.web.templating import content_context, environment, translator

DOCS_PATH = "/api/v1/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"

router = APIRouter()


@router.get(DOCS_PATH, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    context = content_context(request, translator(request))
    context.update({"assets": ASSETS_PATH, "openapi_url": request.app.openapi_url})
    return HTMLResponse(environment().get_template("api_docs.html").render(context))


def install(app: FastAPI) -> None:
    """Serve the reference page and Swagger UI's files."""
    app.include_router(router)
    app.mount(ASSETS_PATH, StaticFiles(packages=[("fastapi_offline", "static")]), name="api-docs-assets")

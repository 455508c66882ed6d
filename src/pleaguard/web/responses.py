"""JSON responses serialised once, by orjson, from the services' JSON documents.

The services already return JSON-ready documents (the same the CLI prints), so the hot API routes send them as they
are instead of validating them again against their response models (which stay declared on the routes, for the
OpenAPI schema). Values JSON lacks are written as the CLI writes them (`pleaguard.cli.common.json_default`:
decimals as numbers, dates in ISO 8601).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response

from pleaguard.cli.common import json_default

_OPTIONS = orjson.OPT_NON_STR_KEYS


class FastJSONResponse(Response):
    """`application/json`, UTF-8, serialised by orjson."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=json_default, option=_OPTIONS)


def json_response(content: Any, status_code: int = 200) -> FastJSONResponse:
    return FastJSONResponse(content, status_code=status_code)

"""The REST API, versioned under `/api/v1`."""

from __future__ import annotations

from fastapi import APIRouter

from pleaguard.web.api import auth, cases, law, sentencing, users

router = APIRouter(prefix="/api/v1")
for module in (auth, sentencing, law, cases, users):
    router.include_router(module.router)

__all__ = ["router"]

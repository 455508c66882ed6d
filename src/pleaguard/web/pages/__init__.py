"""Server-rendered pages. Every POST form is CSRF-checked; every page needs a signed-in user except sign-in."""

from __future__ import annotations

from fastapi import APIRouter

from pleaguard.web.pages import account, admin, auth, cases, law, sentencing

router = APIRouter(include_in_schema=False)
for module in (auth, cases, sentencing, law, admin, account):
    router.include_router(module.router)

__all__ = ["router"]

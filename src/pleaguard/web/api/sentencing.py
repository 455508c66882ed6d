"""`/api/v1/sentence` and `/api/v1/review`: the sentencing engine and the review of a recommendation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response

from pleaguard.rules.sentencing.case_input import SentencingCaseIn
from pleaguard.services import sentencing as sentencing_service
from pleaguard.web.api.schemas import REVIEW_EXAMPLE, SENTENCING_EXAMPLE, ReviewResult, SentencingResult
from pleaguard.web.deps import ApiUser
from pleaguard.web.problems import Problem
from pleaguard.web.responses import json_response

router = APIRouter(tags=["sentencing"])

# The two routes are `async`: the computation is pure CPU work of a few milliseconds, so it runs on the event
# loop, one request after another, instead of in threads that would only contend for the GIL (which made the
# slowest requests many times slower under load). The database work (the token, when the token cache cannot
# answer) stays in the thread pool. The result is the service's JSON document, sent as it is (`json_response`).

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Not signed in"},
    422: {"model": Problem, "description": "Invalid input, with the field and the reason"},
}


@router.post("/sentence", response_model=SentencingResult, responses=ERRORS, summary="Compute the lawful range")
async def sentence(
    case: Annotated[SentencingCaseIn, Body(examples=[SENTENCING_EXAMPLE])], user: ApiUser, request: Request
) -> Response:
    """The three-step method: starting point, base sentence, adjustment by circumstances; a range with its trace."""
    return json_response(sentencing_service.sentence(as_document(case), request.app.state.law))


@router.post("/review", response_model=ReviewResult, responses=ERRORS, summary="Review a recommendation")
async def review(
    case: Annotated[SentencingCaseIn, Body(examples=[REVIEW_EXAMPLE])], user: ApiUser, request: Request
) -> Response:
    """The prosecutor's recommendation against the lawful range and the plea discount; the points to argue."""
    return json_response(sentencing_service.review(as_document(case), request.app.state.law))


def as_document(case: SentencingCaseIn) -> dict[str, Any]:
    """The JSON document as the client sent it (only the fields it set), which the service validates again."""
    return case.model_dump(mode="json", exclude_unset=True)

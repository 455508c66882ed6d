"""`/api/v1/law`: the rules in force on a date, the instruments, and the text of a cited article."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from pleaguard.rules.citations import Citation
from pleaguard.services.law import in_force
from pleaguard.web.api.schemas import Cite
from pleaguard.web.deps import ApiUser
from pleaguard.web.lawtext import article_text

router = APIRouter(prefix="/law", tags=["law"])


class LawRow(BaseModel):
    """One parameter of the law data as in force on the date asked."""

    parameter: str = Field(examples=["sentencing.circumstances.plea_leniency.max_reduction"])
    value: Any
    effective_from: dt.date
    basis: str = Field(examples=["law"])
    cite: Cite | None
    citation: str | None = Field(examples=["《中华人民共和国刑事诉讼法》第一百七十四条第一款"])
    quote: str | None


class LawInForce(BaseModel):
    date: dt.date
    province: str | None
    parameters: list[LawRow]


class Instrument(BaseModel):
    id: str
    title: str
    kind: str
    short: str | None = None
    document_number: str | None = None
    in_force: dt.date | None = None
    repealed_on: dt.date | None = None
    in_force_on_date: bool | None = None


class ArticleText(BaseModel):
    cite: Cite
    citation: str = Field(examples=["《中华人民共和国刑事诉讼法》第一百七十四条第一款"])
    text: str | None = Field(description="The words of the provision, or null when its text is not shipped")


@router.get("", response_model=LawInForce, summary="Rules in force on a date")
def law_in_force(
    request: Request,
    user: ApiUser,
    date: Annotated[dt.date, Query(description="YYYY-MM-DD; rules never read the clock")],
    province: Annotated[str | None, Query(max_length=40, description="Province code, e.g. zhejiang")] = None,
    prefix: Annotated[str, Query(max_length=200, description="Only parameters whose name starts with this")] = "",
) -> LawInForce:
    """Every parameter of the law data in force on `date` (and in `province`), with its citation."""
    rows = in_force(request.app.state.law, date, province, prefix)
    return LawInForce(date=date, province=province, parameters=[LawRow.model_validate(r) for r in rows])


@router.get("/instruments", response_model=list[Instrument], summary="Instruments the law data cites")
def instruments(
    request: Request,
    user: ApiUser,
    date: Annotated[dt.date | None, Query(description="If given, say whether each was in force then")] = None,
) -> list[Instrument]:
    law = request.app.state.law
    out = []
    for inst in law.instruments.values():
        row = Instrument.model_validate(inst.to_dict())
        if date is not None:
            row.in_force_on_date = inst.in_force_on(date)
        out.append(row)
    return out


@router.get("/article", response_model=ArticleText, summary="The text of a cited provision")
def article(
    request: Request,
    user: ApiUser,
    instrument: Annotated[str, Query(min_length=1, max_length=64, examples=["cpl-2018"])],
    article: Annotated[str, Query(min_length=1, max_length=40, examples=["174"])],
    paragraph: Annotated[int | None, Query(ge=1, le=99)] = None,
    item: Annotated[int | None, Query(ge=1, le=99)] = None,
) -> ArticleText:
    """The words of `instrument` article `article` (paragraph `paragraph`), as cited in traces and findings."""
    law = request.app.state.law
    if instrument not in law.instruments:
        from pleaguard.errors import InputError

        raise InputError(
            f"未知的法律文件 {instrument!r} / unknown instrument {instrument!r}",
            field="instrument",
            allowed="an id of GET /api/v1/law/instruments",
        )
    citation = Citation(instrument, article, paragraph, item)
    return ArticleText(
        cite=Cite.model_validate(citation.to_dict()), citation=law.render(citation), text=article_text(law, citation)
    )

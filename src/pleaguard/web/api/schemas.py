"""Pydantic models of the API: what goes in (strict: unknown fields are rejected) and what comes out.

Inputs mirror the CLI's JSON contracts (product.md, "Stable contracts"); outputs are the services' JSON documents,
described here field by field where they are stable and left open (`extra="allow"`) where services may add
fields (contracts only ever grow).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Input model: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    """Output model: services may add fields; they pass through."""

    model_config = ConfigDict(extra="allow")


class Cite(Open):
    """A citation: an instrument id of the law registry and a place in it."""

    instrument: str = Field(examples=["cpl-2018"])
    article: str = Field(examples=["174"])
    paragraph: int | None = Field(default=None, examples=[1])
    item: int | None = None


class TraceStep(Open):
    """One step of an explanation: what was done, with which numbers, on whose authority."""

    step: str = Field(examples=["plea_leniency"])
    message: str
    values: dict[str, Any] = Field(default_factory=dict)
    cites: list[Cite] = Field(default_factory=list)
    basis: str = Field(default="law", examples=["law", "interpretation", "policy", "fitted"])


# ------------------------------------------------------------------------------------------ sentencing

#: The input model is the sentencing rules' own (`pleaguard.rules.sentencing.case_input.SentencingCaseIn`):
#: one definition of the contract, strict (unknown fields refused), shared with the CLI.
SENTENCING_EXAMPLE: dict[str, Any] = {
    "crime": "theft",
    "offense_date": "2024-03-01",
    "decided_on": "2024-06-01",
    "province": None,
    "facts": {"amount_yuan": 8000},
    "circumstances": [{"kind": "confession"}, {"kind": "plea_leniency", "stage": "prosecution_review"}],
    "defendant": {"age_at_offense": 30},
}
REVIEW_EXAMPLE: dict[str, Any] = {
    **SENTENCING_EXAMPLE,
    "recommendation": {"penalty_type": "fixed_term_imprisonment", "months": 8, "stage": "prosecution_review"},
}


class MonthRange(Open):
    min: Decimal | None = None
    max: Decimal | None = None


class Proposed(Open):
    penalty_type: str | None = Field(default=None, examples=["fixed_term_imprisonment"])
    months: MonthRange | None = None


class SentencingResult(Open):
    """The lawful range with its trace. Other fields of the engine's output pass through unchanged."""

    proposed: Proposed | None = None
    trace: list[TraceStep] = Field(default_factory=list)
    warnings: list[Any] = Field(default_factory=list)
    errors: list[Any] = Field(default_factory=list)


class ReviewResult(Open):
    """The review of a recommendation against the lawful range, with the points to argue."""

    trace: list[TraceStep] = Field(default_factory=list)

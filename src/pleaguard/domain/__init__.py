"""The plea case as a domain model: the case file (people, charges, event log) and the state derived from it."""

from pleaguard.domain.case_file import (
    EVENT_TYPES,
    CaseFile,
    Charge,
    Person,
    Recommendation,
    apply_corrections,
    case_file_schema,
    case_file_schema_json,
    validate_case_file,
)
from pleaguard.domain.state import CaseState, SuspectState, derive_state

__all__ = [
    "EVENT_TYPES",
    "CaseFile",
    "CaseState",
    "Charge",
    "Person",
    "Recommendation",
    "SuspectState",
    "apply_corrections",
    "case_file_schema",
    "case_file_schema_json",
    "derive_state",
    "validate_case_file",
]

"""PleaGuard: defense-side tools for China's plea leniency system (认罪认罚从宽).

The public surface is small; modules under `rules/` hold the legal logic, `law/` the legal data.
"""

from pleaguard.errors import (
    AmbiguousDate,
    ContradictoryFacts,
    InputError,
    LawError,
    LawNotInForce,
    MalformedLaw,
    NotFound,
    PleaGuardError,
    UnknownCrime,
)
from pleaguard.rules.citations import Citation, Step
from pleaguard.rules.parameters import Law, LawAt, load_law

__version__ = "0.1.0"

__all__ = [
    "AmbiguousDate",
    "Citation",
    "ContradictoryFacts",
    "InputError",
    "Law",
    "LawAt",
    "LawError",
    "LawNotInForce",
    "MalformedLaw",
    "NotFound",
    "PleaGuardError",
    "Step",
    "UnknownCrime",
    "__version__",
    "load_law",
]

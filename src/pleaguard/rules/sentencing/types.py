"""The shared vocabulary of the sentencing rules: month ranges, statutory tiers, base sentences, circumstances.

`crimes.py` turns a crime and its quantities into a `BaseSentence` (steps 1-2 of the method); `engine.py`
adjusts it by circumstances and the statutory limits (step 3). Both speak only these types.
All months are exact `Fraction`s; rounding happens once, at the end, in the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from pleaguard.rules.citations import Basis, Citation, Step

PenaltyType = Literal[
    "public_surveillance",  # 管制 (CL 38: 3 months - 2 years)
    "criminal_detention",  # 拘役 (CL 42: 1 - 6 months)
    "fixed_term_imprisonment",  # 有期徒刑 (CL 45: 6 months - 15 years)
    "life_imprisonment",  # 无期徒刑
    "death",  # 死刑
]
FineMode = Literal["none", "optional", "mandatory", "alone_possible"]
Direction = Literal["reduce", "increase"]


@dataclass(frozen=True, slots=True)
class Months:
    """A closed range of months, exact."""

    min: Fraction
    max: Fraction

    def __post_init__(self) -> None:
        if self.min > self.max:
            raise ValueError(f"empty month range {self.min}..{self.max}")

    @classmethod
    def point(cls, m: Fraction | int) -> Months:
        return cls(Fraction(m), Fraction(m))

    def scale(self, lo: Fraction, hi: Fraction) -> Months:
        """Multiply by a factor range [lo, hi] (both non-negative)."""
        return Months(self.min * lo, self.max * hi)

    def contains(self, m: Fraction | int) -> bool:
        return self.min <= m <= self.max


@dataclass(frozen=True, slots=True)
class Tier:
    """One statutory sentencing range (法定刑幅度) of a crime, as the Criminal Law writes it.

    `min_months`/`max_months` bound the custodial term of the tier (for a tier that allows 拘役 or 管制 the
    minimum is that of the lightest custodial penalty allowed); `max_months` is None when the tier reaches
    life imprisonment or death, in which case the highest fixed term is 15 years (CL 45) for computations.
    """

    crime: str
    index: int
    label: str
    min_months: Fraction
    max_months: Fraction | None
    penalty_types: tuple[PenaltyType, ...]
    fine: FineMode
    cite: Citation


@dataclass(frozen=True, slots=True)
class CircumstanceRule:
    """How one kind of circumstance adjusts the base sentence: a ratio range, its direction and its authority.

    `ratio_min`/`ratio_max` are fractions of the base sentence (0.30 = 30%). `first_tier` circumstances are
    applied first, multiplicatively (SG-2021 二(二)2). `mandatory` reflects 应当 (vs 可以). `exemption_possible`
    marks 犯罪较轻的…可以…免除处罚. `lighter_ratio_min` is the floor that applies "for lighter crimes" (e.g. 50%以上).
    """

    kind: str
    label_zh: str
    direction: Direction
    ratio_min: Fraction
    ratio_max: Fraction
    first_tier: bool
    mandatory: bool
    cite: Citation
    quote: str | None = None
    lighter_ratio_min: Fraction | None = None
    exemption_possible: bool = False
    min_months: Fraction | None = None  # e.g. recidivism: 一般不少于3个月
    basis: Basis = "law"
    # The Criminal Law's effect of the circumstance (subset of lighter / mitigate / exempt / heavier) and its
    # article, set for general and crime-specific circumstances alike where the statute itself gives an effect;
    # `mitigate` (减轻) lets the sentence go below the statutory minimum (CL 63(1)).
    statutory_effects: tuple[str, ...] = ()
    statutory_cite: Citation | None = None


@dataclass(frozen=True, slots=True)
class FineRule:
    """The fine a crime section sets: a yuan range, or only the factors when the guideline gives no numbers."""

    mode: FineMode
    min_yuan: Fraction | None
    max_yuan: Fraction | None
    cites: tuple[Citation, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class BaseSentence:
    """Steps 1-2 of the method for one crime: the tier, the starting point and the base sentence, explained.

    `direct` is set for crimes whose guideline fixes the declared sentence directly (dangerous driving:
    拘役 1-6 months), in which case the engine still applies the circumstances but within `direct`.
    `leniency_strict` is the guideline's 从严掌握 for serious violent, drug, gang and child-sex crimes
    (SG-2021 三 intro); `probation_strict` its 从严把握缓刑 in some crime sections.
    """

    crime: str
    crime_zh: str
    tier: Tier
    starting_point: Months
    base: Months
    steps: tuple[Step, ...]
    negligent: bool = False
    fine: FineRule | None = None
    extra_circumstances: tuple[CircumstanceRule, ...] = ()
    direct: Months | None = None
    leniency_strict: bool = False
    probation_strict: bool = False
    warnings: tuple[str, ...] = ()
    # Added by the crime rules: the guideline instrument the section came from (None when no guideline section
    # was in force and the result reasons from the statutory tier alone), and, where the tier depends on a
    # provincial threshold that was not supplied, the same computation under the other possible tier.
    guideline: str | None = None
    alternatives: tuple[BaseSentence, ...] = ()
    # Added by the crime rules: the next lower statutory tier of the same article, where mitigation (减轻,
    # CL 63(1)) takes the sentence; None for the lowest tier (the floor is then the lightest penalty allowed).
    lower_tier: Tier | None = None

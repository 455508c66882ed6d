"""Cross-validation inside the train part: how model choices are compared without looking at validation.

Run `python -m pleaguard.predict.crossval DATA.jsonl`. The train part of the fixed split (`data.split_of`) is cut
into `FOLDS` folds by the second byte of the SHA-256 of the fact text (the first byte decides the split), so the
folds too are fixed and need no seed. For each fold the whole fit (`fit.fit`'s phases) runs on the other folds and
the prediction (`model.reason`, then the same decision as `model.predict`) on the fold; the CAIL2018 term score
and the LawBench term metric are reported over all out-of-fold predictions. Validation records are never read.
"""

from __future__ import annotations

import hashlib
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from pleaguard.predict.data import Record, read_records
from pleaguard.predict.features import with_amount_tier
from pleaguard.predict.fit import _fit_reasoning, extract_records, law_with
from pleaguard.predict.model import Extracted, amount_cuts, cail_score, reason

FOLDS = 5
LN216 = math.log(216)


def fold_of(fact: str) -> int:
    """The fold of a train record: the second byte of SHA-256(fact) modulo `FOLDS`."""
    return hashlib.sha256(fact.encode("utf-8")).digest()[1] % FOLDS


@dataclass(frozen=True, slots=True)
class OutOfFold:
    """One out-of-fold prediction: the record and the decision made for it."""

    record: Record
    months: int
    life: bool
    death: bool


def cross_validate(records: list[Record]) -> list[OutOfFold]:
    """Fit on all folds but one, predict that one, for every fold; the train records' out-of-fold predictions."""
    every = extract_records(records)
    out: list[OutOfFold] = []
    for k in range(FOLDS):
        law = law_with(_fit_reasoning([c for c in every if fold_of(c[0].fact) != k]))
        for rec, fact, cases in (c for c in every if fold_of(c[0].fact) == k):
            placed = []
            for e in cases:
                cuts = amount_cuts(law, e.row.charge.key)
                placed.append(
                    Extracted(e.quantities, e.found, with_amount_tier(e.row, e.quantities, cuts)) if cuts else e
                )
            rz = reason(fact, [e.row.charge for e in placed], law, placed)
            months = 0 if (rz.life or rz.death) else max(1, round(rz.total))
            out.append(OutOfFold(rec, months, rz.life, rz.death))
    return out


def scores(oof: list[OutOfFold]) -> dict[str, float]:
    """CAIL2018 term score over all records and LawBench term metric over fixed-term records."""
    cail = sum(cail_score(o.months, o.life, o.death, o.record) for o in oof) / max(len(oof), 1)
    fixed = [o for o in oof if o.record.fixed_term]
    dist = sum(
        LN216 if (o.life or o.death) else abs(math.log1p(o.months) - math.log1p(o.record.months)) for o in fixed
    ) / max(len(fixed), 1)
    return {"n": len(oof), "cail_score": round(cail, 4), "lawbench": round(100 * (LN216 - dist) / LN216, 2)}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m pleaguard.predict.crossval DATA.jsonl", file=sys.stderr)
        raise SystemExit(2)
    records = [r for r in read_records(Path(args[0])) if isinstance(r, Record) and r.part == "train"]
    print(scores(cross_validate(records)))


if __name__ == "__main__":
    main()

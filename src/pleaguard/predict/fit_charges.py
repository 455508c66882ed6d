"""Fitting the text model of charges (`charge_model`) on the train part of the fixed split, reproducibly.

Run `python -m pleaguard.predict.fit_charges DATA.jsonl [OUT.json]` to write law/fitted/charges.json, or
`python -m pleaguard.predict.fit_charges --cv DATA.jsonl` to compare the choices by 5-fold cross-validation inside
the train part (the folds of `crossval.fold_of`). Validation records are never read. Method:

1. Classes: every charge of the train records, and every set of several charges judged together in at least
   `MIN_SET` train records (a record with a rarer set counts toward each of its charges); a set lists its most
   frequent charge first.
2. Vocabulary: the character bigrams (digits folded to 0) found in at least `MIN_DF` train records.
3. For each class, in how many of its records each bigram occurs; counts below `MIN_COUNT` are dropped (this keeps
   the file small) and bigrams left with no count leave the vocabulary. The model smooths the counts with
   `ALPHA` (multinomial naive Bayes over the set of bigrams of a text).

The choices (bigram sets rather than counts, `ALPHA`, `MIN_DF`, `MIN_COUNT`, `MIN_SET`, and that the model decides
even where the text states a charge it knows) were made by that cross-validation: see `cross_validate`.
The fit counts and sorts only, so the same data gives the same file.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pleaguard.predict.charge_model import MODEL_FILE, ChargeModel, bigrams
from pleaguard.predict.charges import STATED_CONSTRAINS, find_by_rules, find_charges, resolve, stated_charges
from pleaguard.predict.crossval import FOLDS, fold_of
from pleaguard.predict.data import Record, read_records
from pleaguard.predict.model import INSTRUMENT

ALPHA = 0.1
MIN_DF = 5
MIN_COUNT = 2
MIN_SET = 10
FIT_DATE = "2026-11-26"

Labelled = tuple[frozenset[str], set[str]]  # a record's charges (names without 罪) and its bigrams


def labelled(records: Sequence[Record]) -> list[Labelled]:
    """Each record's charges, as resolved names, with the bigram set of its fact text."""
    return [(frozenset(resolve(c).name for c in r.charges), bigrams(r.fact)) for r in records if r.charges]


def fit(
    data: Sequence[Labelled],
    alpha: float = ALPHA,
    min_df: int = MIN_DF,
    min_count: int = MIN_COUNT,
    min_set: int = MIN_SET,
) -> dict[str, Any]:
    """The model's data (see the module's docstring), as the JSON tree to store."""
    sets = Counter(gold for gold, _b in data)
    freq = Counter(name for gold, _b in data for name in gold)
    df: Counter[str] = Counter()
    for _gold, grams in data:
        df.update(grams)
    vocab = {b for b, n in df.items() if n >= min_df}
    counts: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    docs: Counter[tuple[str, ...]] = Counter()
    for gold, grams in data:
        if len(gold) > 1 and sets[gold] >= min_set:
            targets = [tuple(sorted(gold, key=lambda n: (-freq[n], n)))]
        else:
            targets = [(name,) for name in sorted(gold)]
        kept = grams & vocab
        for t in targets:
            docs[t] += 1
            counts[t].update(kept)
    classes = []
    for names in sorted(docs, key=lambda t: (-docs[t], t)):
        kept_grams = sorted(b for b, n in counts[names].items() if n >= min_count)
        classes.append(
            {
                "charges": list(names),
                "records": docs[names],
                "bigrams": "".join(kept_grams),
                "counts": [counts[names][b] for b in kept_grams],
            }
        )
    return {
        "description": "罪名文本模型（拟合，非法律）：事实文本的字二元组集合上的多项式朴素贝叶斯，"
        "类别为罪名及常见的罪名组合",
        "instrument": INSTRUMENT,
        "last_reviewed": FIT_DATE,
        "note": (
            f"Fitted by `python -m pleaguard.predict.fit_charges` on {len(data)} train records of CAIL2018 "
            f"dev.jsonl: classes are charges and sets of charges seen in at least {min_set} records; bigrams "
            f"(digits folded to 0) in at least {min_df} records; per class, the number of its records "
            f"containing each bigram, counts below {min_count} dropped; smoothing alpha {alpha}. Choices by "
            f"{FOLDS}-fold cross-validation inside the train part."
        ),
        "alpha": alpha,
        "min_df": min_df,
        "min_count": min_count,
        "min_set": min_set,
        "classes": classes,
    }


def cross_validate(records: Sequence[Record], variants: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Out-of-fold exact match of the found charges: the keyword rules alone, then each variant of the model.

    A variant gives `fit`'s keyword arguments and `stated_first` (the charges the text states, where it states
    any, before the model)."""
    rows = [r for r in records if r.charges]
    data = labelled(rows)
    folds = [fold_of(r.fact) for r in rows]

    def exact(pick: Callable[[int], set[str]]) -> float:
        return round(sum(pick(i) == set(data[i][0]) for i in range(len(rows))) / max(len(rows), 1), 4)

    out = {"keyword rules (stated names first)": exact(lambda i: {c.name for c in find_by_rules(rows[i].fact)[0]})}
    for label, variant in variants.items():
        options = {k: v for k, v in variant.items() if k not in ("stated_first", "constrain")}
        found: dict[int, set[str]] = {}
        constrain = variant.get("constrain", STATED_CONSTRAINS)
        for k in range(FOLDS):
            model = ChargeModel(fit([d for d, f in zip(data, folds, strict=True) if f != k], **options))
            for i in (i for i in range(len(rows)) if folds[i] == k):
                stated = stated_charges(rows[i].fact) if variant.get("stated_first") else []
                infos = stated if stated else find_charges(rows[i].fact, model, constrain)[0]
                found[i] = {c.name for c in infos}
        out[label] = exact(found.__getitem__)
    return out


VARIANTS: dict[str, dict[str, Any]] = {
    "chosen": {},
    "stated names first": {"stated_first": True},
    "stated names constrain the model": {"constrain": True},
    "alpha 0.05": {"alpha": 0.05},
    "alpha 0.2": {"alpha": 0.2},
    "min_df 2": {"min_df": 2},
    "min_df 20": {"min_df": 20},
    "min_count 1 (all counts kept)": {"min_count": 1},
    "min_count 3": {"min_count": 3},
    "single charges only (no sets)": {"min_set": 10**9},
    "sets seen 5 times": {"min_set": 5},
    "sets seen 20 times": {"min_set": 20},
}


def write(tree: dict[str, Any], out: Path) -> None:
    """The tree as JSON, one class a line, so the file diffs readably."""
    head = {k: v for k, v in tree.items() if k != "classes"}
    lines = [json.dumps(c, ensure_ascii=False) for c in tree["classes"]]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "classes": [\n' + ",\n".join(lines) + "\n]}\n"
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    cv = bool(args) and args[0] == "--cv"
    args = args[1:] if cv else args
    if not args:
        print("usage: python -m pleaguard.predict.fit_charges [--cv] DATA.jsonl [OUT.json]", file=sys.stderr)
        raise SystemExit(2)
    records = [r for r in read_records(Path(args[0])) if isinstance(r, Record) and r.part == "train"]
    if cv:
        for label, value in cross_validate(records, VARIANTS).items():
            print(f"{value:.4f}  {label}")
        return
    out = Path(args[1]) if len(args) > 1 else MODEL_FILE
    write(fit(labelled(records)), out)
    print(f"fitted {len(records)} train records → {out} ({out.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Fitting the numbers the law leaves open, on the train part of the fixed split, reproducibly.

Run `python -m pleaguard.predict.fit DATA.jsonl [OUT.yaml]`. The fit is deterministic (no random numbers): the
same data gives the same file. Method, in the log scale the evaluation uses (ln(months + 1)):

0. Money thresholds the law leaves open: for a charge whose graver tiers are 数额巨大 / 数额特别巨大 with no national
   threshold (`features.MONEY_TIERS_OPEN`: 合同诈骗) and which the sentencing engine does not cover, the amount
   on `AMOUNT_GRID` that best separates the terms at or above each graver tier's minimum (`_fit_amount_cuts`); the
   tier so chosen is marked fitted in the trace (`features.with_amount_tier`).
1. For each charge with at least `MIN_RECORDS` single-charge train records, a median (least-absolute-deviation)
   regression of the term on the charge's quantities (the starting point is the intercept at the basic tier, the
   increments are the slopes: months per extra amount, per gram, per injury grade), on the sentencing engine's
   guideline computation where it covers the charge (how practice sits relative to the guideline's base and
   range) and on the circumstances (the share each takes off or adds in practice), with a light ridge penalty
   that pulls quantity slopes toward 0 and circumstance effects toward the pooled effect of step 2.
2. A generic (pooled) model for every other charge of the Criminal Law: the same regression, fitted on all
   single-charge records, on the statutory frame (log minimum and maximum of the tier the facts fall in) instead of a
   charge-specific intercept — where in its statutory range a court places a case.
3. From the in-sample residuals: provincial offsets (shrunk median residual per province, then per charge and
   province where at least 15 records allow); the 10th and 90th percentiles per charge (the predicted range);
   the levels of the fitted scale above which courts impose life imprisonment or death, where the tier allows.
4. With those in place, through the prediction itself: the share of the lesser terms added to the greatest when
   several charges are combined (数罪并罚), and an offset for combinations seen at least 15 times.
5. Through the prediction so far: where the text reports the prosecution's sentencing recommendation (量刑建议,
   `recommendation.py`), how courts placed the term between the reasoned estimate and the recommended term (a
   least-absolute-deviation regression per kind of recommendation: a range, or an upper bound only), with the
   10th and 90th percentiles of its residuals as the range.

Choices of method (which features, which stages, the penalties and minimum counts) are made by 5-fold
cross-validation inside the train part (`python -m pleaguard.predict.crossval DATA.jsonl`), never on validation.

Validation records are never read by the fit.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from pleaguard.predict.charges import resolve
from pleaguard.predict.data import Record, read_records
from pleaguard.predict.features import (
    CIRCUMSTANCE_FEATURES,
    FRAME_FEATURES,
    GUIDELINE_FEATURES,
    QUANTITY_FEATURES,
    amount_tiered,
    tier_amount,
    with_amount_tier,
)
from pleaguard.predict.model import FITTED_FILE, INSTRUMENT, Extracted, cail_score, clean, combine, extract_case
from pleaguard.predict.place import province_of
from pleaguard.rules.parameters import LawAt

MIN_RECORDS = 40
MIN_PROVINCE = 15
SHRINK = 20
RIDGE = 1.0
FIT_DATE = "2026-11-26"
AMOUNT_GRID = (10_000, 20_000, 30_000, 50_000, 100_000, 200_000, 300_000, 500_000, 1_000_000, 2_000_000, 5_000_000,
               10_000_000, 20_000_000, 50_000_000)


def lad_fit(x: np.ndarray, y: np.ndarray, ridge: np.ndarray, iterations: int = 60) -> np.ndarray:
    """Least absolute deviations with a ridge penalty, by iteratively reweighted least squares."""
    beta = np.linalg.solve(x.T @ x + np.diag(ridge) + 1e-9 * np.eye(x.shape[1]), x.T @ y)
    for _ in range(iterations):
        r = np.abs(y - x @ beta)
        w = 1.0 / np.maximum(r, 0.05)
        xw = x * w[:, None]
        new = np.linalg.solve(x.T @ xw + np.diag(ridge) * w.mean() + 1e-9 * np.eye(x.shape[1]), xw.T @ y)
        if np.max(np.abs(new - beta)) < 1e-7:
            beta = new
            break
        beta = new
    return np.asarray(beta)


def _design(rows: Sequence[dict[str, float]], columns: Sequence[str]) -> np.ndarray:
    return np.array([[1.0] + [r.get(c, 0.0) for c in columns] for r in rows])


def _target(rec: Record) -> float:
    return math.log1p(rec.target_months)


def _fit_block(rows: list[dict[str, float]], y: np.ndarray, columns: Sequence[str],
               prior: dict[str, float] | None = None) -> dict[str, float]:
    """LAD fit of `columns`; with `prior`, the ridge pulls each slope toward the prior's (pooled) value, not 0."""
    x = _design(rows, columns)
    names = ["intercept", *columns]
    active = [i for i in range(x.shape[1]) if i == 0 or np.any(x[:, i] != 0)]
    p = np.array([0.0 if i == 0 else (prior or {}).get(names[i], 0.0) for i in active])
    ridge = np.array([0.0] + [RIDGE] * (len(active) - 1))
    xa = x[:, active]
    beta = lad_fit(xa, y - xa @ p, ridge) + p
    return {names[i]: float(b) for i, b in zip(active, beta, strict=True)}


def _predict_log(coef: dict[str, float], row: dict[str, float]) -> float:
    return coef.get("intercept", 0.0) + sum(coef.get(k, 0.0) * v for k, v in row.items())


Case = tuple[Record, str, list[Extracted]]  # a record, its cleaned fact text, one extraction per charge


def extract_records(records: list[Record]) -> list[Case]:
    """Each record with its cleaned fact text and one extraction per charge (records without a charge left out)."""
    every: list[Case] = []
    for rec in records:
        fact = clean(rec.fact)
        cases = [extract_case(fact, resolve(c)) for c in rec.charges]
        if cases:
            every.append((rec, fact, cases))
    return every


def fit(records: list[Record]) -> dict[str, Any]:
    """Fit every parameter on `records` (the train part) and return them as the YAML tree to store."""
    return _fit_reasoning(extract_records(records))


def _with_cuts(every: list[Case], cuts: dict[str, list[Decimal]]) -> list[Case]:
    """The extractions with the fitted amount thresholds applied to the charges that have them."""
    out = []
    for rec, fact, cases in every:
        if any(e.row.charge.key in cuts for e in cases):
            cases = [Extracted(e.quantities, e.found, with_amount_tier(e.row, e.quantities, cuts[e.row.charge.key]))
                     if e.row.charge.key in cuts else e for e in cases]
        out.append((rec, fact, cases))
    return out


def _fit_reasoning(every0: list[Case]) -> dict[str, Any]:
    """Phases 0-2: the numbers the law's reasoning uses (thresholds, coefficients, offsets, bands, combination)."""
    singles: dict[str, list[tuple[Record, Extracted]]] = defaultdict(list)
    multi: list[tuple[Record, list[Extracted]]] = []
    all_single: list[tuple[Record, Extracted]] = []
    cuts, cut_sizes = _fit_amount_cuts(every0)
    every = _with_cuts(every0, cuts)
    for rec, _fact, cases in every:
        if len(cases) == 1:
            singles[cases[0].row.charge.key].append((rec, cases[0]))
            all_single.append((rec, cases[0]))
        elif cases:
            multi.append((rec, cases))
    crime_cols = (*GUIDELINE_FEATURES, *QUANTITY_FEATURES, *CIRCUMSTANCE_FEATURES)
    generic_cols = (*FRAME_FEATURES, *QUANTITY_FEATURES, *CIRCUMSTANCE_FEATURES)
    tree: dict[str, Any] = {}
    coefs: dict[str, dict[str, float]] = {}
    generic = _fit_block([e.row.values for _r, e in all_single], np.array([_target(r) for r, _e in all_single]),
                         generic_cols)
    coefs["generic"] = generic
    sizes = {"generic": len(all_single)}
    for key, items in sorted(singles.items()):
        if len(items) < MIN_RECORDS:
            continue
        coefs[key] = _fit_block([e.row.values for _r, e in items], np.array([_target(r) for r, _e in items]),
                                crime_cols, {k: generic[k] for k in CIRCUMSTANCE_FEATURES if k in generic})
        sizes[key] = len(items)
    resid: dict[str, list[float]] = defaultdict(list)
    # provincial practice: the shrunk median residual per province (all charges), then per charge and province
    by_prov: dict[str, list[float]] = defaultdict(list)
    by_crime_prov: dict[tuple[str, str], list[float]] = defaultdict(list)
    prov_of: list[str | None] = [province_of(clean(rec.fact)) for rec, _e in all_single]
    keys = [e.row.charge.key if e.row.charge.key in coefs else "generic" for _r, e in all_single]
    flat = [_target(rec) - _predict_log(coefs[k], e.row.values) for (rec, e), k in zip(all_single, keys, strict=True)]
    for p, r in zip(prov_of, flat, strict=True):
        if p:
            by_prov[p].append(r)
    prov_offset = {p: float(np.median(v)) * len(v) / (len(v) + SHRINK) for p, v in by_prov.items()
                   if len(v) >= MIN_PROVINCE}
    for p, k, r in zip(prov_of, keys, flat, strict=True):
        if p:
            by_crime_prov[(k, p)].append(r - prov_offset.get(p, 0.0))
    crime_prov: dict[str, dict[str, float]] = defaultdict(dict)
    for (k, p), v in by_crime_prov.items():
        if len(v) >= MIN_PROVINCE:
            crime_prov[k][p] = float(np.median(v)) * len(v) / (len(v) + SHRINK)
    resid = defaultdict(list)
    for p, k, r in zip(prov_of, keys, flat, strict=True):
        resid[k].append(r - (prov_offset.get(p, 0.0) + crime_prov[k].get(p, 0.0) if p else 0.0))
    bands = {k: (float(np.percentile(v, 10)), float(np.percentile(v, 90))) for k, v in resid.items() if v}
    # life / death levels: over train records whose tier allows them, maximise the CAIL score
    def level(rec_e: tuple[Record, Extracted]) -> float:
        _rec, e = rec_e
        key = e.row.charge.key if e.row.charge.key in coefs else "generic"
        return _predict_log(coefs[key], e.row.values)
    capable = [(r, level((r, e)), e) for r, e in all_single if e.row.tier is not None and
               (e.row.tier.life or e.row.tier.death)]
    best = _life_death_levels(capable)
    day = dt.date(2013, 1, 1)

    def param(description: str, value: Any, article: str, note: str) -> dict[str, Any]:
        return {"description": description, "unit": "table", "last_reviewed": dt.date.fromisoformat(FIT_DATE),
                "values": {day: {"value": value, "cite": {"instrument": INSTRUMENT, "article": article},
                                 "note": note}}}

    def fmt(x: float) -> str:
        return f"{x:.4f}"

    for key, c in coefs.items():
        lo, hi = bands.get(key, (-0.5, 0.5))
        if crime_prov.get(key):
            extra = {"province": param(f"地区调整（{key}）：该罪在各省的实践相对全国拟合值的对数偏移（收缩中位数）",
                                       {p: fmt(v) for p, v in sorted(crime_prov[key].items())}, key,
                                       f"median residual per province, shrunk by n/(n+{SHRINK}), n >= {MIN_PROVINCE}")}
        else:
            extra = {}
        tree[key] = {**extra,
            "coefficients": param(f"刑期预测系数（{key}）：ln(月数+1) 刻度上的起点（intercept）、数量增量与情节影响",
                                  {k: fmt(v) for k, v in c.items()}, key,
                                  f"LAD regression with ridge {RIDGE}, n={sizes[key]} single-charge train records"),
            "band": param(f"预测区间（{key}）：训练部分残差的第10与第90百分位", {"low": fmt(lo), "high": fmt(hi)}, key,
                          f"in-sample residual percentiles, n={len(resid.get(key, []))}"),
        }
    for key, cs in sorted(cuts.items()):
        tree.setdefault(key, {})["amount_tiers"] = param(
            f"数额标准（{key}）：该罪加重法定刑幅度（数额巨大、数额特别巨大）的拟合数额起点（元）；法律与司法解释未规定，"
            "仅在量刑引擎未覆盖该罪时使用", {"cuts": [str(c) for c in cs]}, key,
            f"per graver money tier, the threshold from {', '.join(str(g) for g in AMOUNT_GRID[:3])} ... "
            f"{AMOUNT_GRID[-1]} yuan that best separates terms at or above the tier's minimum, over "
            f"{cut_sizes[key]} single-charge fixed-term train records with a sum and no guideline computation")
    tree["province"] = param("地区调整（各罪共同）：各省实践相对全国拟合值的对数偏移（收缩中位数）",
                             {p: fmt(v) for p, v in sorted(prov_offset.items())}, "province",
                             f"median residual per province over all charges, shrunk by n/(n+{SHRINK})")
    tree["life_death"] = param("判处无期徒刑、死刑的拟合刻度阈值（仅在法定刑幅度包含无期徒刑、死刑时适用）",
                               {"life_level": fmt(best[1]), "death_level": fmt(best[2])}, "life_death",
                               f"grid search maximising the CAIL term score on {len(capable)} train records")
    tree["combination"] = _fit_combination(tree, multi, param, fmt)
    recommended = _fit_recommendation(tree, every, param, fmt)
    if recommended is not None:
        tree["recommendation"] = recommended
    return tree


def _life_death_levels(capable: list[tuple[Record, float, Extracted]]) -> tuple[float, float, float]:
    """The levels of the fitted scale at or above which life imprisonment, then death, maximise the CAIL score of
    `capable` (records whose tier allows them, with their fitted level); (score, life level, death level)."""
    grid = [x / 20 for x in range(96, 131)]
    pairs = [(a, b) for a in grid for b in [g for g in grid if g >= a] + [99.0]]
    best = (-1.0, 99.0, 99.0)
    for cut_life, cut_death in pairs:
        score = 0.0
        for cr, lv, e in capable:
            death_ok = e.row.tier is not None and e.row.tier.death
            kind = "death" if lv >= cut_death and death_ok else "life" if lv >= cut_life else "term"
            months = min(180, max(0, round(math.expm1(lv))))
            score += cail_score(months, kind == "life", kind == "death", cr)
        if score > best[0]:
            best = (score, cut_life, cut_death)
    return best


def _fit_amount_cuts(every: list[tuple[Record, str, list[Extracted]]]
                     ) -> tuple[dict[str, list[Decimal]], dict[str, int]]:
    """Phase 0: for charges whose graver tiers are set by a sum of money the law leaves open here (the sentencing
    engine does not cover them), the threshold of each such tier: the amount on `AMOUNT_GRID` that best separates
    the single-charge fixed-term train records sentenced at or above the tier's minimum from the others (most
    records on the right side), kept only when it separates better than no threshold and is above the previous
    tier's threshold. A charge needs `MIN_RECORDS` such records."""
    from pleaguard.predict.charges import ladder_for

    data: dict[str, list[tuple[Decimal, int]]] = defaultdict(list)
    for rec, _fact, cases in every:
        if len(cases) != 1 or not rec.fixed_term:
            continue
        e = cases[0]
        amount = tier_amount(ladder_for(e.row.charge), e.quantities, e.row.charge.key)
        if e.row.guideline is None and amount is not None:
            data[e.row.charge.key].append((amount, rec.months))
    cuts: dict[str, list[Decimal]] = {}
    sizes: dict[str, int] = {}
    for key, items in sorted(data.items()):
        if len(items) < MIN_RECORDS:
            continue
        ladder = ladder_for(resolve_key(every, key))
        assert ladder is not None
        found: list[Decimal] = []
        for k in amount_tiered(ladder, key):
            floor = ladder.ladder[k].min_months
            labels = [(a, m >= floor) for a, m in items]
            # no threshold: nobody in the graver tier
            best: tuple[int, Decimal | None] = (sum(not y for _a, y in labels), None)
            for g in AMOUNT_GRID:
                c = Decimal(g)
                if found and c <= found[-1]:
                    continue
                right = sum((a >= c) == y for a, y in labels)
                if right > best[0]:
                    best = (right, c)
            if best[1] is None:
                break
            found.append(best[1])
        if found:
            cuts[key] = found
            sizes[key] = len(items)
    return cuts, sizes


def resolve_key(every: list[tuple[Record, str, list[Extracted]]], key: str) -> Any:
    """The ChargeInfo of a model key, as met in the records."""
    return next(e.row.charge for _r, _f, cases in every for e in cases if e.row.charge.key == key)


def law_with(tree: dict[str, Any]) -> LawAt:
    """The shipped law data with `tree` in place of the fitted prediction parameters, as of the default date."""
    import shutil
    import tempfile

    from pleaguard.predict.data import AS_OF
    from pleaguard.rules.parameters import default_root, load_law_from

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "law"
        shutil.copytree(default_root(), root)
        (root / "fitted" / "predict.yaml").write_text(
            yaml.dump(tree, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return load_law_from(root).at(AS_OF)


def combination_key(keys: Sequence[str]) -> str:
    """The name of a combination of charges in the fitted data: their model keys, sorted, joined by '+'."""
    return "+".join(sorted(keys))


def _fit_combination(tree: dict[str, Any], multi: list[tuple[Record, list[Extracted]]], param: Any, fmt: Any
                     ) -> dict[str, Any]:
    """Phase 2: with the per-charge parameters in place, the share of the lesser terms (数罪并罚) and, for
    combinations seen at least MIN_PROVINCE times, the shrunk median offset of courts' practice for them.

    The per-charge terms come from `model.predict_charge` itself, run on a temporary copy of the law data
    holding the parameters just fitted, so the combination is fitted on exactly what prediction computes.
    """
    from pleaguard.predict.model import predict_charge

    law = law_with(tree)
    rows = []
    for rec, cases in multi:
        if not rec.fixed_term:
            continue
        results = [predict_charge(e, law, clean(rec.fact)) for e in cases]
        if any(r.life or r.death for r in results):
            continue
        rows.append((rec, [r.months for r in results], combination_key([e.row.charge.key for e in cases])))
    best = (math.inf, 0.5)
    for phi in [x / 20 for x in range(0, 21)]:
        err = sum(abs(math.log1p(combine(t, phi)) - math.log1p(rec.months)) for rec, t, _k in rows)
        if err < best[0]:
            best = (err, phi)
    share = best[1]
    by_combo: dict[str, list[float]] = defaultdict(list)
    for rec, t, k in rows:
        by_combo[k].append(math.log1p(rec.months) - math.log1p(combine(t, share)))
    offsets = {k: float(np.median(v)) * len(v) / (len(v) + SHRINK) for k, v in sorted(by_combo.items())
               if len(v) >= MIN_PROVINCE}
    out: dict[str, Any] = param("数罪并罚：其余各罪计入总和刑期的拟合比例，及常见罪名组合的实践偏移",
                 {"share": fmt(share), "offsets": {k: fmt(v) for k, v in offsets.items()}}, "combination",
                 f"grid search minimising log error on {len(rows)} multi-charge train records; offsets: shrunk "
                 f"median residual per combination seen at least {MIN_PROVINCE} times")
    return out


def _fit_recommendation(tree: dict[str, Any], every: list[Case], param: Any, fmt: Any) -> dict[str, Any] | None:
    """Phase 5: where the text reports the prosecution's sentencing recommendation, how courts placed their term
    between the reasoned estimate (everything fitted so far, through `model.reason` itself) and the recommended
    term: per kind of recommendation with at least `MIN_RECORDS` fixed-term train records, a least-absolute-
    deviation regression of ln(months + 1) on the estimate and the recommended term (both on that scale), and the
    10th and 90th percentiles of its residuals (the predicted range)."""
    from pleaguard.predict import recommendation as rec_mod
    from pleaguard.predict.model import reason, recommended_log

    law = law_with(tree)
    data: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for rec, fact, cases in every:
        found = rec_mod.find(fact)
        if found is None or not rec.fixed_term:
            continue
        rz = reason(fact, [e.row.charge for e in cases], law, cases)
        if rz.life or rz.death:
            continue
        data[found.kind].append((math.log1p(rz.total), recommended_log(found), math.log1p(rec.months)))
    value: dict[str, dict[str, str]] = {}
    sizes = []
    for kind, rows in sorted(data.items()):
        if len(rows) < MIN_RECORDS:
            continue
        x = np.array([[1.0, a, b] for a, b, _y in rows])
        y = np.array([t for _a, _b, t in rows])
        beta = lad_fit(x, y, np.zeros(3))
        resid = y - x @ beta
        value[kind] = {"intercept": fmt(beta[0]), "estimate": fmt(beta[1]), "recommended": fmt(beta[2]),
                       "band_low": fmt(float(np.percentile(resid, 10))),
                       "band_high": fmt(float(np.percentile(resid, 90)))}
        sizes.append(f"{kind} n={len(rows)}")
    if not value:
        return None
    out: dict[str, Any] = param(
        "公诉机关量刑建议：法院刑期在推理估计与建议刑期之间的拟合位置（ln(月数+1) 刻度：截距、估计权重、建议权重；"
        "区间为残差第10与第90百分位），按建议的形式（幅度、仅上限、仅下限）分别拟合", value, "recommendation",
        "LAD regression of ln(months+1) on the reasoned estimate and the recommended term, per kind with at least "
        f"{MIN_RECORDS} fixed-term train records stating a recommendation ({', '.join(sizes)})")
    return out


class _NoAliasDumper(yaml.SafeDumper):
    """Writes every value in full (no YAML anchors), so the file reads like the hand-written law data."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m pleaguard.predict.fit DATA.jsonl [OUT.yaml]", file=sys.stderr)
        raise SystemExit(2)
    records = [r for r in read_records(Path(args[0])) if isinstance(r, Record) and r.part == "train"]
    tree = fit(records)
    out = Path(args[1]) if len(args) > 1 else FITTED_FILE
    header = ("# Fitted on the train part (80%, by SHA-256 of the fact text) of CAIL2018 dev.jsonl by\n"
              "# `python -m pleaguard.predict.fit`; not law. See instrument `" + INSTRUMENT + "` in sources.yaml.\n")
    text = yaml.dump(tree, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=120)
    out.write_text(header + text, encoding="utf-8")
    print(f"fitted {len(records)} train records → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()

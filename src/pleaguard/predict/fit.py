"""Fitting the numbers the law leaves open, on the train part of the fixed split, reproducibly.

Run `python -m pleaguard.predict.fit DATA.jsonl [OUT.yaml]`. The fit is deterministic (no random numbers): the
same data gives the same file. Method, in the log scale the evaluation uses (ln(months + 1)):

1. For each charge with at least `MIN_RECORDS` single-charge train records, a median (least-absolute-deviation)
   regression of the term on the charge's quantities (the starting point is the intercept at the basic tier, the
   increments are the slopes: months per extra amount, per gram, per injury grade) and on the circumstances (the
   share each takes off or adds in practice), with a light ridge penalty on every slope.
2. A generic model for every other charge of the Criminal Law: the same regression, fitted on all single-charge
   records, on the statutory frame (log minimum and maximum of the tier the facts fall in) instead of a
   charge-specific intercept — where in its statutory range a court places a case.
3. From the in-sample residuals: the 10th and 90th percentiles per charge (the predicted range); the share of the
   lesser terms added to the greatest when several charges are combined (数罪并罚); the levels of the fitted
   scale above which courts impose life imprisonment or death, where the tier allows them.

Validation records are never read by the fit.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from pleaguard.predict.charges import resolve
from pleaguard.predict.data import Record, read_records
from pleaguard.predict.features import CIRCUMSTANCE_FEATURES, FRAME_FEATURES, GUIDELINE_FEATURES, QUANTITY_FEATURES
from pleaguard.predict.model import FITTED_FILE, INSTRUMENT, Extracted, cail_score, combine, extract_case
from pleaguard.predict.place import province_of

MIN_RECORDS = 40
MIN_PROVINCE = 15
SHRINK = 20
RIDGE = 2.0
FIT_DATE = "2026-11-26"


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


def _fit_block(rows: list[dict[str, float]], y: np.ndarray, columns: Sequence[str]) -> dict[str, float]:
    x = _design(rows, columns)
    active = [i for i in range(x.shape[1]) if i == 0 or np.any(x[:, i] != 0)]
    ridge = np.array([0.0] + [RIDGE] * (len(active) - 1))
    beta = lad_fit(x[:, active], y, ridge)
    names = ["intercept", *columns]
    return {names[i]: float(b) for i, b in zip(active, beta, strict=True)}


def _predict_log(coef: dict[str, float], row: dict[str, float]) -> float:
    return coef.get("intercept", 0.0) + sum(coef.get(k, 0.0) * v for k, v in row.items())


def fit(records: list[Record]) -> dict[str, Any]:
    """Fit every parameter on `records` (the train part) and return them as the YAML tree to store."""
    singles: dict[str, list[tuple[Record, Extracted]]] = defaultdict(list)
    multi: list[tuple[Record, list[Extracted]]] = []
    all_single: list[tuple[Record, Extracted]] = []
    for rec in records:
        cases = [extract_case(rec.fact, resolve(c)) for c in rec.charges]
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
                                crime_cols)
        sizes[key] = len(items)
    resid: dict[str, list[float]] = defaultdict(list)
    # provincial practice: the shrunk median residual per province (all charges), then per charge and province
    by_prov: dict[str, list[float]] = defaultdict(list)
    by_crime_prov: dict[tuple[str, str], list[float]] = defaultdict(list)
    prov_of: list[str | None] = [province_of(rec.fact) for rec, _e in all_single]
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
    best = (-1.0, 99.0, 99.0)
    grid = [x / 20 for x in range(96, 131)]
    for cut_life in grid:
        for cut_death in [g for g in grid if g >= cut_life] + [99.0]:
            score = 0.0
            for cr, lv, e in capable:
                death_ok = e.row.tier is not None and e.row.tier.death
                kind = "death" if lv >= cut_death and death_ok else "life" if lv >= cut_life else "term"
                months = min(180, max(0, round(math.expm1(lv))))
                score += cail_score(months, kind == "life", kind == "death", cr)
            if score > best[0]:
                best = (score, cut_life, cut_death)
    # combination share for several charges
    best_phi = (math.inf, 0.5)
    for phi in [x / 20 for x in range(0, 21)]:
        err = 0.0
        for rec, cases in multi:
            if not rec.fixed_term:
                continue
            terms = []
            for e in cases:
                key = e.row.charge.key if e.row.charge.key in coefs else "generic"
                terms.append(min(180.0, math.expm1(_predict_log(coefs[key], e.row.values))))
            err += abs(math.log1p(combine(terms, phi)) - math.log1p(rec.months))
        if err < best_phi[0]:
            best_phi = (err, phi)
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
    tree["province"] = param("地区调整（各罪共同）：各省实践相对全国拟合值的对数偏移（收缩中位数）",
                             {p: fmt(v) for p, v in sorted(prov_offset.items())}, "province",
                             f"median residual per province over all charges, shrunk by n/(n+{SHRINK})")
    tree["life_death"] = param("判处无期徒刑、死刑的拟合刻度阈值（仅在法定刑幅度包含无期徒刑、死刑时适用）",
                               {"life_level": fmt(best[1]), "death_level": fmt(best[2])}, "life_death",
                               f"grid search maximising the CAIL term score on {len(capable)} train records")
    tree["combination"] = param("数罪并罚：其余各罪刑期计入总和刑期的拟合比例（在最高刑期与总和刑期之间）",
                                {"share": fmt(best_phi[1])}, "combination",
                                f"grid search minimising log error on {len(multi)} multi-charge train records")
    return tree


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

"""Research statistics over an extracted corpus (`pleaguard judgments stats OUT.jsonl -o DIR`).

Definitions (one row per defendant unless said otherwise; see `tables.rows`):

- plea rate: share of defendants with 认罪认罚 found by the court or a signed affidavit (`plea`), overall and by year;
- procedure mix: judgments by procedure (speedy / simplified / ordinary / unknown);
- defense rate by counsel type: defendants by counsel type; the defense rate is the share with a defender
  (retained or legal aid), overall and for plea / no plea;
- recommendation: share of judgments mentioning a sentencing recommendation, and the adoption rate among those
  whose adoption could be read (adopted not null);
- sentences: for custodial penalties (fixed-term, criminal detention, public surveillance) of single-charge
  defendants, the term in months per charge and plea / no plea: n, mean, median, quartiles, probation share.

Writes summary.json, sentences.csv / .parquet (the per-charge table), defendants.csv / .parquet (all rows), and
plots as PNG and SVG (matplotlib, Agg). Plot labels are Chinese when a CJK font is installed, else English.
"""

from __future__ import annotations

import csv
import json
import statistics
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from pleaguard.judgments.evaluate import read_jsonl
from pleaguard.judgments.tables import rows, write_csv, write_parquet

CUSTODIAL = ("fixed_term_imprisonment", "criminal_detention", "public_surveillance")

# English names of frequent charges for plots drawn without a CJK font
CHARGE_EN = {
    "危险驾驶罪": "dangerous driving", "盗窃罪": "theft", "交通肇事罪": "traffic accident", "诈骗罪": "fraud",
    "贩卖毒品罪": "drug selling", "故意伤害罪": "intentional injury", "容留他人吸毒罪": "harbouring drug use",
    "开设赌场罪": "running a casino", "强奸罪": "rape", "寻衅滋事罪": "picking quarrels", "抢劫罪": "robbery",
    "赌博罪": "gambling", "非法持有毒品罪": "drug possession", "走私、贩卖、运输、制造毒品罪": "drug trafficking",
    "妨害公务罪": "obstructing official duty", "合同诈骗罪": "contract fraud", "职务侵占罪": "embezzlement",
    "掩饰、隐瞒犯罪所得罪": "concealing criminal proceeds", "非法吸收公众存款罪": "illegal deposit taking",
    "聚众斗殴罪": "affray", "信用卡诈骗罪": "credit card fraud", "故意毁坏财物罪": "property damage",
    "受贿罪": "bribery (taking)", "贪污罪": "graft", "滥伐林木罪": "illegal logging",
}


def cjk_font() -> str | None:
    """The name of an installed font that covers Chinese, or None."""
    from matplotlib import font_manager

    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    for key in ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi", "Noto Sans CJK", "Source Han Sans",
                "SimHei", "Microsoft YaHei", "PingFang", "Heiti", "Noto Serif CJK", "AR PL", "Droid Sans Fallback"):
        for name in names:
            if key in name:
                return name
    return None


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


def _describe(values: list[int]) -> dict[str, Any]:
    if not values:
        return {"n": 0}
    q = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else [values[0]] * 3
    return {"n": len(values), "mean": round(statistics.fmean(values), 2), "median": statistics.median(values),
            "p25": q[0], "p75": q[2], "min": min(values), "max": max(values)}


def compute(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The summary statistics and the per-charge sentence table of an extraction output."""
    judgments = errors = 0
    procedure: Counter[str] = Counter()
    rec_mentioned = rec_decided = rec_adopted = 0
    defendants = plea = 0
    counsel: Counter[str] = Counter()
    counsel_by_plea: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    plea_by_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    terms: dict[tuple[str, bool], list[int]] = defaultdict(list)
    probation: dict[tuple[str, bool], int] = defaultdict(int)
    penalty_types: Counter[str] = Counter()
    for rec in read_jsonl(path):
        if "error" in rec:
            errors += 1
            continue
        judgments += 1
        procedure[rec.get("procedure") or "unknown"] += 1
        r = rec.get("recommendation") or {}
        if r.get("mentioned"):
            rec_mentioned += 1
            if r.get("adopted") is not None:
                rec_decided += 1
                rec_adopted += bool(r.get("adopted"))
        for row in rows([rec]):
            if row["defendant_index"] is None:
                continue
            defendants += 1
            p = bool(row["plea"])
            plea += p
            c = row["counsel"] or "none"
            counsel[c] += 1
            counsel_by_plea[p][c] += 1
            penalty_types[row["penalty_type"] or "unknown"] += 1
            if row["year"] is not None:
                plea_by_year[row["year"]][0] += p
                plea_by_year[row["year"]][1] += 1
            if row["penalty_type"] in CUSTODIAL and row["months"] is not None and row["n_charges"] == 1:
                key = (row["first_charge"], p)
                terms[key].append(row["months"])
                probation[key] += row["probation_months"] is not None

    def defended(c: Counter[str]) -> float | None:
        total = sum(c.values())
        return _share(c["retained"] + c["legal_aid"], total)

    summary = {
        "judgments": judgments,
        "error_lines": errors,
        "defendants": defendants,
        "plea_rate": _share(plea, defendants),
        "plea_rate_by_year": {str(y): _share(a, b) for y, (a, b) in sorted(plea_by_year.items())},
        "procedure_mix": {k: {"n": procedure[k], "share": _share(procedure[k], judgments)}
                          for k in ("speedy", "simplified", "ordinary", "unknown")},
        "counsel": {k: {"n": counsel[k], "share": _share(counsel[k], defendants)}
                    for k in ("retained", "legal_aid", "duty_lawyer", "none")},
        "defense_rate": defended(counsel),
        "defense_rate_plea": defended(counsel_by_plea[True]),
        "defense_rate_no_plea": defended(counsel_by_plea[False]),
        "recommendation_mentioned_rate": _share(rec_mentioned, judgments),
        "recommendation_adoption_rate": _share(rec_adopted, rec_decided),
        "recommendation_adoption_decided": rec_decided,
        "penalty_types": dict(penalty_types),
    }
    table = []
    for (charge, p), vals in sorted(terms.items(), key=lambda kv: (-len(kv[1]), kv[0][0] or "", kv[0][1])):
        d = _describe(vals)
        table.append({"charge": charge, "plea": p, **d,
                      "probation_share": _share(probation[(charge, p)], len(vals))})
    return summary, table


def _label(charge: str, cjk: bool) -> str:
    if cjk:
        return charge
    return CHARGE_EN.get(charge, f"charge #{zlib.crc32(charge.encode('utf-8')) % 1000:03d}")


def plot(path: Path, summary: dict[str, Any], out_dir: Path, top: int = 8) -> list[Path]:
    """Draw the plots (PNG and SVG) and return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
        plt.rcParams["axes.unicode_minus"] = False
    zh = font is not None
    written: list[Path] = []

    def save(fig: Any, stem: str) -> None:
        for ext in ("png", "svg"):
            p = out_dir / f"{stem}.{ext}"
            fig.savefig(p, dpi=120, bbox_inches="tight")
            written.append(p)
        plt.close(fig)

    mix = summary["procedure_mix"]
    fig, ax = plt.subplots(figsize=(5, 3))
    labels = list(mix)
    names = {"speedy": "速裁", "simplified": "简易", "ordinary": "普通", "unknown": "未知"}
    ax.bar([names[k] if zh else k for k in labels], [mix[k]["n"] for k in labels], color="#4C72B0")
    ax.set_title("审理程序" if zh else "Procedure mix")
    ax.set_ylabel("判决数" if zh else "judgments")
    save(fig, "procedure_mix")

    c = summary["counsel"]
    fig, ax = plt.subplots(figsize=(5, 3))
    cn = {"retained": "委托辩护", "legal_aid": "法律援助", "duty_lawyer": "值班律师", "none": "无"}
    ax.bar([cn[k] if zh else k for k in c], [c[k]["n"] for k in c], color="#55A868")
    ax.set_title("辩护类型" if zh else "Counsel type")
    ax.set_ylabel("被告人数" if zh else "defendants")
    save(fig, "counsel")

    # sentence distributions of the most frequent single charges, plea vs no plea
    terms: dict[tuple[str, bool], list[int]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for rec in read_jsonl(path):
        for row in rows([rec]):
            if row["penalty_type"] in CUSTODIAL and row["months"] is not None and row["n_charges"] == 1:
                terms[(row["first_charge"], bool(row["plea"]))].append(row["months"])
                counts[row["first_charge"]] += 1
    charges = [ch for ch, _ in counts.most_common(top)]
    if charges:
        fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(charges)), 4))
        data: list[list[float]] = []
        positions: list[int] = []
        colors: list[str] = []
        for i, ch in enumerate(charges):
            for j, p in enumerate((False, True)):
                vals: list[float] = [float(v) for v in terms.get((ch, p), [])] or [float("nan")]
                data.append(vals)
                positions.append(i * 3 + j)
                colors.append("#C44E52" if p else "#8172B2")
        bp = ax.boxplot(data, positions=positions, widths=0.8, patch_artist=True, showfliers=False)
        for patch, col in zip(bp["boxes"], colors, strict=True):
            patch.set_facecolor(col)
        ax.set_xticks([i * 3 + 0.5 for i in range(len(charges))])
        ax.set_xticklabels([_label(ch, zh) for ch in charges], rotation=30, ha="right")
        ax.set_ylabel("刑期（月）" if zh else "term (months)")
        ax.set_title("刑期分布：认罪认罚（红）与否（紫）" if zh else "Terms by charge: plea (red) vs no plea (purple)")
        save(fig, "sentences_by_charge_plea")

    years = summary["plea_rate_by_year"]
    if years:
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.plot([int(y) for y in years], [v or 0 for v in years.values()], marker="o")
        ax.set_title("认罪认罚率（按年）" if zh else "Plea rate by year")
        ax.set_ylim(0, 1)
        save(fig, "plea_rate_by_year")
    return written


def write_stats(path: Path, out_dir: Path, *, plots: bool = True) -> dict[str, Any]:
    """Compute the statistics of `path` and write them into `out_dir` (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    summary, table = compute(path)
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    cols = ["charge", "plea", "n", "mean", "median", "p25", "p75", "min", "max", "probation_share"]

    with open(out_dir / "sentences.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for r in table:
            w.writerow({k: r.get(k, "") for k in cols})
    pq.write_table(pa.Table.from_pylist([{k: r.get(k) for k in cols} for r in table],
                                        schema=pa.schema([("charge", pa.string()), ("plea", pa.bool_()),
                                                          ("n", pa.int64()), ("mean", pa.float64()),
                                                          ("median", pa.float64()), ("p25", pa.float64()),
                                                          ("p75", pa.float64()), ("min", pa.int64()),
                                                          ("max", pa.int64()), ("probation_share", pa.float64())])),
                   str(out_dir / "sentences.parquet"))
    write_csv(read_jsonl(path), out_dir / "defendants.csv")
    write_parquet(read_jsonl(path), out_dir / "defendants.parquet")
    files = ["summary.json", "sentences.csv", "sentences.parquet", "defendants.csv", "defendants.parquet"]
    if plots:
        files += [p.name for p in plot(path, summary, out_dir)]
    summary["files"] = files
    summary["plot_labels"] = "zh" if cjk_font() else "en"
    return summary

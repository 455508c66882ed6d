"""Flat tables of extracted judgments, one row per defendant, as CSV and Parquet (pandas, R and Stata read both).

A judgment without defendants, and an input line that gave an error, still give one row (with `error` set), so a
table has a row for every input line and nothing disappears between the JSONL and the table.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pleaguard.judgments.extract import CIRCUMSTANCES

COLUMNS: tuple[tuple[str, str], ...] = (
    ("line", "int"),
    ("id", "str"),
    ("error", "str"),
    ("court", "str"),
    ("year", "int"),
    ("case_number", "str"),
    ("procedure", "str"),
    ("recommendation_mentioned", "bool"),
    ("recommendation_adopted", "bool"),
    ("defendant_index", "int"),
    ("name", "str"),
    ("charges", "str"),
    ("first_charge", "str"),
    ("n_charges", "int"),
    ("penalty_type", "str"),
    ("months", "int"),
    ("probation_months", "int"),
    ("fine_yuan", "int"),
    ("counsel", "str"),
    ("plea_affidavit", "bool"),
    ("plea", "bool"),
    *((f"c_{k}", "bool") for k in CIRCUMSTANCES),
)
COLUMN_NAMES = tuple(c for c, _ in COLUMNS)


def rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One row per defendant (see the module docstring). `plea` = 认罪认罚 found or affidavit signed."""
    for rec in records:
        base: dict[str, Any] = dict.fromkeys(COLUMN_NAMES)
        base["line"] = rec.get("line")
        base["id"] = None if rec.get("id") is None else str(rec.get("id"))
        if "error" in rec:
            base["error"] = rec["error"]
            yield base
            continue
        rec_ = rec.get("recommendation") or {}
        base.update(court=rec.get("court"), year=rec.get("year"), case_number=rec.get("case_number"),
                    procedure=rec.get("procedure"), recommendation_mentioned=rec_.get("mentioned"),
                    recommendation_adopted=rec_.get("adopted"))
        defs = rec.get("defendants") or []
        if not defs:
            base["error"] = "no_defendant"
            yield base
            continue
        for i, d in enumerate(defs):
            row = dict(base)
            pen = d.get("penalty") or {}
            circ = d.get("circumstances") or {}
            charges = d.get("charges") or []
            row.update(defendant_index=i, name=d.get("name"), charges="；".join(charges),
                       first_charge=charges[0] if charges else None, n_charges=len(charges),
                       penalty_type=pen.get("type"), months=pen.get("months"),
                       probation_months=pen.get("probation_months"), fine_yuan=pen.get("fine_yuan"),
                       counsel=d.get("counsel"), plea_affidavit=d.get("plea_affidavit"),
                       plea=bool(circ.get("plea_leniency") or d.get("plea_affidavit")))
            for k in CIRCUMSTANCES:
                row[f"c_{k}"] = circ.get(k)
            yield row


def write_csv(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write the rows as UTF-8 CSV with a BOM-free header; returns the number of rows."""
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMN_NAMES))
        w.writeheader()
        for row in rows(records):
            w.writerow({k: ("" if v is None else v) for k, v in row.items()})
            n += 1
    return n


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {"int": pa.int64(), "str": pa.string(), "bool": pa.bool_()}
    return pa.schema([(c, types[t]) for c, t in COLUMNS])


def write_parquet(records: Iterable[dict[str, Any]], path: Path, batch_rows: int = 50_000) -> int:
    """Write the rows as Parquet in batches (constant memory); returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    buf: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), schema) as writer:
        for row in rows(records):
            buf.append(row)
            if len(buf) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                n += len(buf)
                buf = []
        if buf or n == 0:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
            n += len(buf)
    return n

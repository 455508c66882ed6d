"""Extraction over a corpus: streaming JSONL in and out (gzip too), constant memory, resumable.

Every input line gives exactly one output line, in input order: the extraction record, or `{"error": code,
"message": ..., "line": n}` for a line that is not JSON, not an object, has no text, or is not a criminal judgment.
Nothing is dropped silently; the run returns the counts.

Resuming: output is written in chunks; after each chunk the output is flushed to disk and a checkpoint
(`OUT.ckpt`, replaced atomically) records the number of input lines done and the output's size in bytes. A re-run
with `resume=True` truncates the output to the checkpointed size (dropping a chunk half-written when the run was
interrupted), skips the lines already done and appends the rest, so the final output equals a clean run's. A gzip
output is written as one gzip member per chunk, which keeps the truncation point a valid gzip stream. Without a
checkpoint, a plain-text output is resumed by counting its complete lines.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pleaguard.errors import InputError
from pleaguard.judgments.extract import extract

TEXT_FIELDS = ("fd", "full_text", "text")
ID_FIELDS = ("text_id", "id", "doc_id", "case_id")
CHUNK_LINES = 500


@dataclass
class RunSummary:
    """Counts of a run: lines read, records extracted, errors by code, records with unknown fields."""

    lines: int = 0
    extracted: int = 0
    skipped_resumed: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    with_unknown: int = 0
    defendants: int = 0

    def add(self, record: dict[str, Any]) -> None:
        self.lines += 1
        if "error" in record:
            self.errors[str(record["error"])] += 1
            return
        self.extracted += 1
        self.defendants += len(record.get("defendants") or [])
        if record.get("unknown"):
            self.with_unknown += 1

    def merge(self, other: RunSummary) -> None:
        self.lines += other.lines
        self.extracted += other.extracted
        self.errors.update(other.errors)
        self.with_unknown += other.with_unknown
        self.defendants += other.defendants

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "extracted": self.extracted,
            "errors": dict(self.errors),
            "error_total": sum(self.errors.values()),
            "with_unknown_fields": self.with_unknown,
            "defendants": self.defendants,
            "resumed_after_lines": self.skipped_resumed,
        }


def process_line(raw: bytes | str, lineno: int, field_name: str | None = None) -> dict[str, Any]:
    """One input line → one output record (never raises for bad data)."""
    try:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return {"error": "bad_encoding", "message": "该行不是 UTF-8 文本 / line is not UTF-8", "line": lineno}
    if not line.strip():
        return {"error": "empty_line", "message": "空行 / empty line", "line": lineno}
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": "bad_json", "message": f"JSON 格式错误 / malformed JSON: {exc.msg} (column {exc.colno})",
                "line": lineno}
    if not isinstance(obj, dict):
        return {"error": "not_an_object", "message": "该行不是 JSON 对象 / line is not a JSON object", "line": lineno}
    rec_id = next((obj[k] for k in ID_FIELDS if k in obj), None)
    names = (field_name,) if field_name else TEXT_FIELDS
    text = next((obj[k] for k in names if k in obj), None)
    head: dict[str, Any] = {"line": lineno}
    if rec_id is not None:
        head["id"] = rec_id
    if text is None:
        return {**head, "error": "no_text_field",
                "message": f"缺少文本字段 / no text field (tried {', '.join(names)})"}
    if not isinstance(text, str):
        return {**head, "error": "text_not_string", "message": "文本字段不是字符串 / text field is not a string"}
    try:
        result = extract(text)
    except Exception as exc:  # a defect in the extractor must not stop a corpus run; it is reported per record
        return {**head, "error": "extractor_failure", "message": f"{type(exc).__name__}: {exc}"}
    return {**head, **result}


BatchResult = tuple[list[str], RunSummary]


def process_batch(lines: list[bytes], first_lineno: int, field_name: str | None) -> BatchResult:
    """Process consecutive lines; returns the serialised output lines and their counts (locally and on Dask)."""
    out: list[str] = []
    counts = RunSummary()
    for i, raw in enumerate(lines):
        rec = process_line(raw, first_lineno + i, field_name)
        counts.add(rec)
        out.append(dumps_line(rec))
    return out, counts


def dumps_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def open_input(path: Path) -> IO[bytes]:
    """Open a .jsonl or .jsonl.gz input as bytes; a missing file is an InputError."""
    if not path.exists():
        raise InputError(f"文件不存在：{path} / no such file: {path}", field="FILE")
    if path.is_dir():
        raise InputError(f"{path} 是目录 / {path} is a directory", field="FILE")
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_lines(path: Path, skip: int = 0) -> Iterator[bytes]:
    """Lines of the input (without the newline), skipping the first `skip`."""
    with open_input(path) as fh:
        for i, raw in enumerate(fh):
            if i < skip:
                continue
            yield raw.rstrip(b"\r\n")


def batches(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for raw in lines:
        batch.append(raw)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class ResumableWriter:
    """Appends chunks of output lines and checkpoints after each (see the module docstring)."""

    def __init__(self, out: Path, *, resume: bool, input_path: Path, field_name: str | None) -> None:
        self.out = out
        self.ckpt = out.with_name(out.name + ".ckpt")
        self.gz = out.suffix == ".gz"
        self.meta = {"input": str(input_path), "field": field_name}
        self.lines_done = 0
        if resume and out.exists():
            self.lines_done = self._recover()
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(b"")
            self._checkpoint()

    def _recover(self) -> int:
        if self.ckpt.exists():
            data = json.loads(self.ckpt.read_text(encoding="utf-8"))
            if data.get("input") != self.meta["input"]:
                raise InputError(f"检查点 {self.ckpt} 属于另一输入 {data.get('input')}"
                                 f" / checkpoint {self.ckpt} belongs to input {data.get('input')}", field="--resume")
            with open(self.out, "r+b") as fh:
                fh.truncate(int(data["bytes"]))
            return int(data["lines"])
        if self.gz:
            raise InputError(f"无法续跑 {self.out}：没有检查点 {self.ckpt} / cannot resume {self.out}: no checkpoint "
                             f"{self.ckpt}", field="--resume")
        # no checkpoint: keep the complete lines of a plain output
        count = 0
        keep = 0
        with open(self.out, "rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break
                count += 1
                keep += len(raw)
        with open(self.out, "r+b") as fh:
            fh.truncate(keep)
        self._checkpoint(count)
        return count

    def _checkpoint(self, lines: int | None = None) -> None:
        if lines is not None:
            self.lines_done = lines
        data = {**self.meta, "lines": self.lines_done, "bytes": self.out.stat().st_size}
        tmp = self.ckpt.with_name(self.ckpt.name + ".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.ckpt)

    def write_chunk(self, lines: list[str]) -> None:
        payload = "".join(lines).encode("utf-8")
        if self.gz:
            with gzip.open(self.out, "ab") as gz:
                gz.write(payload)
        else:
            with open(self.out, "ab") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
        self.lines_done += len(lines)
        self._checkpoint()

    def finish(self) -> None:
        """The run is complete: the checkpoint is no longer needed."""
        self.ckpt.unlink(missing_ok=True)


def _progress(total_hint: int | None, initial: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total_hint, initial=initial, unit="doc", file=sys.stderr, disable=not enabled,
                desc="extract", dynamic_ncols=True, mininterval=0.5)


def count_lines(path: Path) -> int | None:
    """Lines of a plain input (fast, for the progress bar); None for gzip inputs."""
    if path.suffix == ".gz":
        return None
    n = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            n += chunk.count(b"\n")
    return n


def run(
    input_path: Path,
    out: Path | None,
    *,
    field_name: str | None = None,
    resume: bool = False,
    progress: bool = True,
    chunk_lines: int = CHUNK_LINES,
    map_batches: Callable[[Iterator[tuple[int, list[bytes]]]], Iterator[BatchResult]] | None = None,
) -> RunSummary:
    """Extract every line of `input_path` into `out` (stdout when None). `map_batches` replaces the local loop,
    e.g. by a Dask cluster; it must yield the output lines of each batch in input order."""
    summary = RunSummary()
    writer = ResumableWriter(out, resume=resume, input_path=input_path, field_name=field_name) if out else None
    skip = writer.lines_done if writer else 0
    summary.skipped_resumed = skip
    total = count_lines(input_path) if progress else None
    bar = _progress(total, skip, progress)

    def numbered() -> Iterator[tuple[int, list[bytes]]]:
        lineno = skip + 1
        for batch in batches(read_lines(input_path, skip), chunk_lines):
            yield lineno, batch
            lineno += len(batch)

    if map_batches is None:
        results: Iterator[BatchResult] = (process_batch(b, n, field_name) for n, b in numbered())
    else:
        results = map_batches(numbered())
    try:
        for out_lines, counts in results:
            summary.merge(counts)
            if writer:
                writer.write_chunk(out_lines)
            else:
                sys.stdout.write("".join(out_lines))
            bar.update(len(out_lines))
    finally:
        bar.close()
    if writer:
        writer.finish()
    return summary

"""The same extraction on a local Dask cluster of 2 processes gives exactly the single-process output."""

from __future__ import annotations

from pathlib import Path

import pytest

from pleaguard.judgments.dask_runner import run_dask
from pleaguard.judgments.pipeline import run


@pytest.mark.slow
def test_a_local_cluster_of_two_processes_writes_the_single_process_output(shared_data: Path, tmp_path: Path) -> None:
    judge = (shared_data / "judge" / "dev.jsonl").read_bytes().splitlines()
    traffic = []
    with open(shared_data / "traffic" / "dev.jsonl", "rb") as fh:
        for i, line in enumerate(fh):
            if i >= 250:
                break
            traffic.append(line.rstrip(b"\n"))
    src = tmp_path / "corpus.jsonl"
    src.write_bytes(b"\n".join([*judge[:60], b"garbage {", b"", *traffic, *judge[60:]]) + b"\n")
    n = len(judge) + len(traffic) + 2

    single = run(src, tmp_path / "single.jsonl", progress=False)
    dask = run_dask(src, tmp_path / "dask.jsonl", progress=False, workers=2, chunk_lines=37)

    assert single.lines == dask.lines == n
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "single.jsonl").read_bytes()
    assert dask.errors == single.errors
    assert sum(dask.errors.values()) == 2


@pytest.mark.slow
def test_the_command_line_default_runs_on_local_dask_processes_with_the_same_output(
    shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pleaguard.cli import main

    src = tmp_path / "judge.jsonl"
    src.write_bytes((shared_data / "judge" / "dev.jsonl").read_bytes())
    for args in (["-o", str(tmp_path / "default.jsonl"), "--workers", "2"],
                 ["-o", str(tmp_path / "none.jsonl"), "--scheduler", "none"]):
        with pytest.raises(SystemExit) as exc:
            main(["judgments", "extract", str(src), "--no-progress", *args])
        assert exc.value.code == 0
    capsys.readouterr()
    assert (tmp_path / "default.jsonl").read_bytes() == (tmp_path / "none.jsonl").read_bytes()

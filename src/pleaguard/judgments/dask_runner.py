"""The same extraction on a Dask cluster.

The input is cut into line ranges (batches of consecutive lines); each batch is a task run by
`pipeline.process_batch` on a worker. The driver reads the input as a stream, keeps a bounded number of batches in
flight (so memory stays constant whatever the corpus size), and writes the results strictly in input order through
the same resumable writer as a single-process run, so the output is byte-for-byte the single-process output.

`scheduler`: a scheduler address (`tcp://host:8786`) to use an existing cluster, or `local` for a LocalCluster of
worker processes on this machine (`workers` processes, one thread each: extraction is pure Python and holds the GIL).
Batches are shipped to the workers, so a remote cluster needs no shared file system.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pleaguard.judgments.pipeline import BatchResult, RunSummary, process_batch, run


@contextmanager
def dask_client(scheduler: str = "local", workers: int = 2) -> Iterator[Any]:
    """A distributed Client: connected to `scheduler`, or to a new LocalCluster of `workers` processes."""
    import distributed

    dist: Any = distributed  # the distributed package is not typed
    if scheduler in ("local", "", None):
        cluster = dist.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    dashboard_address=None, silence_logs=40)
        client = dist.Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
    else:
        client = dist.Client(scheduler)
        try:
            yield client
        finally:
            client.close()


def ordered_map(client: Any, field_name: str | None, in_flight: int) -> Any:
    """A `map_batches` for `pipeline.run`: submits batches to the cluster, yields results in input order."""

    def mapper(numbered: Iterator[tuple[int, list[bytes]]]) -> Iterator[BatchResult]:
        pending: deque[Any] = deque()
        for first_lineno, batch in numbered:
            pending.append(client.submit(process_batch, batch, first_lineno, field_name, pure=False))
            while len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    return mapper


def run_dask(
    input_path: Path,
    out: Path | None,
    *,
    field_name: str | None = None,
    resume: bool = False,
    progress: bool = True,
    scheduler: str = "local",
    workers: int = 2,
    chunk_lines: int = 500,
) -> RunSummary:
    """`pipeline.run` with the batches executed on a Dask cluster (see the module docstring)."""
    with dask_client(scheduler, workers) as client:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        return run(input_path, out, field_name=field_name, resume=resume, progress=progress,
                   chunk_lines=chunk_lines, map_batches=ordered_map(client, field_name, in_flight=4 * n_workers))

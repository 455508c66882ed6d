"""Run the `pleaguard` command line in-process, as the tests of its exit codes and messages do."""

from __future__ import annotations

import pytest

from pleaguard.cli import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of `pleaguard ARGS`."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err

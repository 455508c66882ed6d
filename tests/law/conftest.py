"""Golden legal test cases as data: every `tests/law/**/*.yaml` file is collected by pytest.

A file is a list of cases::

    - name: A plea alone is capped at thirty percent of the base sentence   # a sentence saying what the law does
      source: "sg-2021 三（十四）"                                            # instrument id + article
      input: {crime: ..., offense_date: ..., base_sentence_months: 12, circumstances: [...]}   # a sentencing case
      expect: {proposed.months.min: 8, plea.group.max: "3/10"}             # dotted paths into the output
    - name: ...
      input: {...}
      expect_error: {field: "circumstances[0].stage"}                     # an InputError naming this field

`command: review` runs `pleaguard review` instead of `pleaguard sentence`. Numbers compare exactly: an expected
`"3/10"` equals an output `"3/10"` or `0.3`; an expected 8 equals 8 or `"8"`. Dotted paths index lists by number
(`trace.0.step`). `expect_contains: {path: value}` checks that a list at `path` contains `value` (for lists of
dicts, a dict containing the given items). The source's instrument must exist in the law registry.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from pleaguard.errors import InputError
from pleaguard.rules.parameters import load_law
from pleaguard.services import sentencing as service

_CASE_KEYS = {"name", "source", "input", "expect", "expect_error", "expect_contains", "command", "note"}


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and file_path.name != "conftest.yaml":
        return GoldenFile.from_parent(parent, path=file_path)
    return None


class GoldenFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise GoldenFormatError(f"{self.path}: a golden file is a list of cases")
        names: set[str] = set()
        for i, case in enumerate(data):
            if not isinstance(case, dict) or "name" not in case:
                raise GoldenFormatError(f"{self.path}: case {i} has no name")
            unknown = set(case) - _CASE_KEYS
            if unknown:
                raise GoldenFormatError(f"{self.path}: case {case['name']!r}: unknown keys {sorted(unknown)}")
            name = str(case["name"])
            if name in names:
                raise GoldenFormatError(f"{self.path}: duplicate case name {name!r}")
            names.add(name)
            yield GoldenItem.from_parent(self, name=name, case=case)


class GoldenFormatError(Exception):
    """A golden file that does not follow the format."""


class GoldenMismatch(AssertionError):
    pass


def _get(doc: Any, path: str) -> Any:
    cur = doc
    for part in path.split("."):
        if isinstance(cur, list) and part.lstrip("-").isdigit():
            cur = cur[int(part)]
        elif isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            raise KeyError(path)
    return cur


def _as_fraction(x: Any) -> Fraction | None:
    if isinstance(x, bool) or x is None:
        return None
    if isinstance(x, int | Fraction):
        return Fraction(x)
    if isinstance(x, float):
        return Fraction(repr(x))
    if isinstance(x, str):
        try:
            return Fraction(x)
        except ValueError:
            return None
    return None


def same(expected: Any, actual: Any) -> bool:
    """Exact comparison; numbers written as ints, decimals or fraction strings compare by value."""
    fe, fa = _as_fraction(expected), _as_fraction(actual)
    if fe is not None and fa is not None:
        return fe == fa
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and same(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(same(e, a) for e, a in zip(expected, actual, strict=True))
    return bool(expected == actual)


class GoldenItem(pytest.Item):
    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        case = self.case
        source = str(case.get("source") or "")
        if not source:
            raise GoldenMismatch("every golden case needs `source:` naming the instrument and article")
        instrument = source.split()[0]
        law = load_law()
        if instrument not in law.instruments:
            raise GoldenMismatch(f"source {source!r} names an unknown instrument {instrument!r}")
        run = service.review if case.get("command") == "review" else service.sentence
        if "expect_error" in case:
            try:
                run(case["input"], law)
            except InputError as exc:
                want = case["expect_error"] or {}
                if "field" in want and exc.field != want["field"]:
                    raise GoldenMismatch(
                        f"error names field {exc.field!r}, expected {want['field']!r}: {exc}") from None
                if "contains" in want and str(want["contains"]) not in str(exc):
                    raise GoldenMismatch(f"error {exc} does not contain {want['contains']!r}") from None
                return
            raise GoldenMismatch("expected an input error, got a result")
        out = run(case["input"], law)
        problems: list[str] = []
        for path, want in (case.get("expect") or {}).items():
            try:
                got = _get(out, str(path))
            except (KeyError, IndexError):
                problems.append(f"{path}: missing in the output")
                continue
            if not same(want, got):
                problems.append(f"{path}: expected {want!r}, got {got!r}")
        for path, want in (case.get("expect_contains") or {}).items():
            try:
                got = _get(out, str(path))
            except (KeyError, IndexError):
                problems.append(f"{path}: missing in the output")
                continue
            if not isinstance(got, list) or not any(same(want, g) for g in got):
                problems.append(f"{path}: {want!r} not found in {got!r}")
        if problems:
            raise GoldenMismatch("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, GoldenMismatch | GoldenFormatError):
            return f"{self.path}: {self.name}\n  source: {self.case.get('source')}\n  {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"golden: {self.name}"

"""The law as dated, cited data: loading, validation and `as of` lookups.

Layout of the data (package folder `pleaguard/law/`):

* `sources.yaml` — the registry of instruments: id → title, kind, issuer, document number, dates.
* `parameters/**.yaml` — dated parameters. The folder tree and the nested keys of a file form the name
  (`parameters/sentencing/circumstances.yaml`, key `surrender: {max_reduction: …}` →
  `sentencing.circumstances.surrender.max_reduction`). A node that has a `values` key is a parameter.
* `provinces/<code>/parameters/**.yaml` — provincial overlays (实施细则) with the same layout; a lookup made
  for a province sees the province's value first and the national value otherwise.
* `fitted/**.yaml` — parameters fitted on real judgments where the law leaves a number open (namespace
  `fitted.`); their values cite an instrument of kind `fitted` that says what data and method produced them.
* `policy/**.yaml` — documented policy choices that are not law (e.g. the plea-stage ladder); same layout,
  namespace `policy.`; their values cite an instrument of kind `policy`.

A parameter looks like::

    description: 认罪认罚 — ceiling on the reduction of the base sentence
    unit: fraction            # fraction | months | yuan | days | grams | count | text | flag | table
    last_reviewed: 2026-11-26
    values:
      2017-04-01: {value: null, cite: …}          # not yet in force before 2021, or repealed: null
      2021-07-01:
        value: "0.30"                           # numbers as strings are read as exact Decimals
        cite: {instrument: sg-2021, article: 三（十四）}
        quote: 可以减少基准刑的30%以下
      2027-01-01: expected                      # an announced change whose value is not known yet

Lookups take an explicit date and never read the clock. Before a parameter's first value, or while it is
repealed (`value: null`), the lookup raises `LawNotInForce`; it never returns a quiet default.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from pleaguard.errors import LawNotInForce, MalformedLaw
from pleaguard.rules.citations import Basis, Citation

INSTRUMENT_KINDS = ("statute", "interpretation", "guideline", "provincial_rule", "calendar", "policy", "fitted")
UNITS = ("fraction", "months", "yuan", "days", "grams", "count", "text", "flag", "table", "years", "ml")
_PARAM_KEYS = {"description", "unit", "last_reviewed", "values", "basis", "note"}
_VALUE_KEYS = {"value", "cite", "quote", "note"}
_INSTRUMENT_KEYS = {
    "title", "short", "kind", "issuer", "document_number", "promulgated", "in_force", "repealed_on",
    "superseded_by", "text", "source", "note", "province",
}


# ---------------------------------------------------------------------------------------------- YAML


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that rejects duplicate keys (a silent overwrite would hide an error in the law).

    Built on libyaml's C parser when PyYAML has it (several times faster to load the law), else the pure one.
    """


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise MalformedLaw(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """Read one YAML file of law data, rejecting duplicate keys, with the file named in any error."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_StrictLoader)
    except MalformedLaw as exc:
        raise MalformedLaw(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise MalformedLaw(f"{path}: not valid YAML: {exc}") from None
    except ValueError as exc:  # e.g. a date key such as 2021-13-01 that YAML reads as a timestamp
        raise MalformedLaw(f"{path}: not a date in the form YYYY-MM-DD: {exc}") from None


# ---------------------------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class Instrument:
    """One legal instrument (or policy document) that values may cite."""

    id: str
    title: str
    kind: str
    short: str | None = None
    issuer: str | None = None
    document_number: str | None = None
    promulgated: dt.date | None = None
    in_force: dt.date | None = None
    repealed_on: dt.date | None = None
    superseded_by: str | None = None
    province: str | None = None
    text: str | None = None
    source: str | None = None
    note: str | None = None

    def in_force_on(self, day: dt.date) -> bool:
        if self.in_force and day < self.in_force:
            return False
        return not (self.repealed_on and day >= self.repealed_on)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is not None:
                out[f.name] = v.isoformat() if isinstance(v, dt.date) else v
        return out


@dataclass(frozen=True, slots=True)
class DatedValue:
    """The value a parameter takes from `effective_from` on, with its citation and a short quotation."""

    parameter: str
    effective_from: dt.date
    value: Any
    cite: Citation | None
    quote: str | None = None
    basis: Basis = "law"
    expected: bool = False
    note: str | None = None

    @property
    def in_force(self) -> bool:
        return self.value is not None and not self.expected

    def decimal(self) -> Decimal:
        return to_decimal(self.value, self.parameter)


@dataclass(slots=True)
class Parameter:
    """A named, dated legal parameter: values sorted by the date they take effect."""

    name: str
    description: str
    unit: str
    values: list[DatedValue]
    last_reviewed: dt.date | None = None
    source_file: str = ""
    _dates: list[dt.date] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.values.sort(key=lambda v: v.effective_from)
        self._dates = [v.effective_from for v in self.values if not v.expected]

    def at(self, day: dt.date) -> DatedValue:
        """The value in force on `day`; raises `LawNotInForce` before the first value or while repealed."""
        real = [v for v in self.values if not v.expected]
        i = bisect.bisect_right(self._dates, day) - 1
        if i < 0:
            first = self._dates[0].isoformat() if self._dates else "never"
            since = f"最早于 {first} 施行" if self._dates else "从未施行"
            raise LawNotInForce(
                f"规则 {self.name} 在 {day.isoformat()} 尚未施行（{since}） / "
                f"no rule {self.name} was in force on {day.isoformat()} (first in force {first})",
                field="date", allowed=f"on or after {first}",
            )
        found = real[i]
        if found.value is None:
            since = found.effective_from.isoformat()
            raise LawNotInForce(f"规则 {self.name} 在 {day.isoformat()} 不在施行期间（自 {since} 起已废止或尚未施行）"
                                f" / rule {self.name} was not in force on {day.isoformat()} (repealed or not yet "
                                f"enacted as of {since})", field="date")
        return found

    @property
    def expected(self) -> list[DatedValue]:
        return [v for v in self.values if v.expected]


def to_decimal(value: Any, name: str = "value") -> Decimal:
    """Read a law number exactly: strings and ints become Decimals; floats are refused (they are inexact)."""
    if isinstance(value, bool):
        raise MalformedLaw(f"{name}: expected a number, got a boolean")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            raise MalformedLaw(f"{name}: {value!r} is not a number") from None
    raise MalformedLaw(f"{name}: write numbers as strings or integers for exact arithmetic, got {value!r}")


# ---------------------------------------------------------------------------------------------- loading


def _as_date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        raise MalformedLaw(f"{where}: {raw!r} must be a date (YYYY-MM-DD), not a date-time")
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise MalformedLaw(f"{where}: {raw!r} is not a date in the form YYYY-MM-DD")


def parse_instruments(data: Any, where: str) -> dict[str, Instrument]:
    if not isinstance(data, dict):
        raise MalformedLaw(f"{where}: expected a mapping of instrument id → fields")
    out: dict[str, Instrument] = {}
    for iid, entry in data.items():
        w = f"{where}: instrument {iid!r}"
        if not isinstance(entry, dict):
            raise MalformedLaw(f"{w}: expected a mapping")
        unknown = set(entry) - _INSTRUMENT_KEYS
        if unknown:
            raise MalformedLaw(f"{w}: unknown fields {sorted(unknown)}; allowed: {sorted(_INSTRUMENT_KEYS)}")
        for req in ("title", "kind"):
            if not entry.get(req):
                raise MalformedLaw(f"{w}: missing {req!r}")
        if entry["kind"] not in INSTRUMENT_KINDS:
            raise MalformedLaw(f"{w}: kind {entry['kind']!r} is not one of {INSTRUMENT_KINDS}")
        dates = {k: _as_date(entry[k], f"{w}.{k}") for k in ("promulgated", "in_force", "repealed_on")
                 if entry.get(k) is not None}
        out[str(iid)] = Instrument(
            id=str(iid), title=str(entry["title"]), kind=str(entry["kind"]), short=entry.get("short"),
            issuer=entry.get("issuer"), document_number=entry.get("document_number"),
            superseded_by=entry.get("superseded_by"), province=entry.get("province"), text=entry.get("text"),
            source=entry.get("source"), note=entry.get("note"), **dates,
        )
    return out


_BASIS_BY_KIND: dict[str, Basis] = {"policy": "policy", "fitted": "fitted"}


def _parse_parameter(name: str, node: dict[str, Any], where: str, instruments: Mapping[str, Instrument]) -> Parameter:
    unknown = set(node) - _PARAM_KEYS
    if unknown:
        raise MalformedLaw(f"{where}: parameter {name}: unknown keys {sorted(unknown)}; allowed: {sorted(_PARAM_KEYS)}")
    unit = node.get("unit", "text")
    if unit not in UNITS:
        raise MalformedLaw(f"{where}: parameter {name}: unit {unit!r} is not one of {UNITS}")
    raw_values = node["values"]
    if not isinstance(raw_values, dict) or not raw_values:
        raise MalformedLaw(f"{where}: parameter {name}: `values` must be a non-empty mapping date → value")
    values: list[DatedValue] = []
    for raw_day, entry in raw_values.items():
        day = _as_date(raw_day, f"{where}: parameter {name}")
        w = f"{where}: parameter {name} @ {day.isoformat()}"
        if entry == "expected":
            values.append(DatedValue(name, day, None, None, expected=True))
            continue
        if not isinstance(entry, dict) or "value" not in entry:
            raise MalformedLaw(f"{w}: expected `expected` or a mapping with `value` and `cite`")
        unknown_v = set(entry) - _VALUE_KEYS
        if unknown_v:
            raise MalformedLaw(f"{w}: unknown keys {sorted(unknown_v)}; allowed: {sorted(_VALUE_KEYS)}")
        c = entry.get("cite")
        if not isinstance(c, dict) or "instrument" not in c or "article" not in c:
            raise MalformedLaw(f"{w}: every value needs `cite: {{instrument, article}}`")
        if c["instrument"] not in instruments:
            raise MalformedLaw(f"{w}: cites unknown instrument {c['instrument']!r}; known: {sorted(instruments)}")
        citation = Citation.from_dict(c)
        value = entry["value"]
        if isinstance(value, float):
            raise MalformedLaw(f"{w}: write {value!r} as a string (\"{value}\") so it is read exactly")
        if unit in ("fraction", "months", "yuan", "days", "grams", "count", "years", "ml") and value is not None:
            _check_numbers(value, w)
        kind = instruments[c["instrument"]].kind
        basis: Basis = node.get("basis") or _BASIS_BY_KIND.get(kind, "law")
        values.append(DatedValue(name, day, value, citation, entry.get("quote"), basis, False, entry.get("note")))
    reviewed = node.get("last_reviewed")
    return Parameter(
        name=name, description=str(node.get("description", "")), unit=unit, values=values,
        last_reviewed=_as_date(reviewed, f"{where}: {name}.last_reviewed") if reviewed is not None else None,
        source_file=where,
    )


def _check_numbers(value: Any, where: str) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _check_numbers(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_numbers(v, f"{where}[{i}]")
    elif value is not None:
        to_decimal(value, where)


def _walk(prefix: str, node: Any, where: str, instruments: Mapping[str, Instrument]) -> Iterator[Parameter]:
    if isinstance(node, dict) and "values" in node:
        yield _parse_parameter(prefix, node, where, instruments)
        return
    if not isinstance(node, dict):
        raise MalformedLaw(f"{where}: {prefix}: expected a parameter (with `values`) or a mapping of parameters")
    for key, child in node.items():
        if key in ("description", "metadata"):
            continue
        if not isinstance(key, str) or not key.replace("_", "").isalnum() or not key.isascii():
            raise MalformedLaw(f"{where}: {prefix}: key {key!r} must be an ASCII identifier")
        yield from _walk(f"{prefix}.{key}" if prefix else key, child, where, instruments)


def load_parameter_tree(root: Path, namespace: str, instruments: Mapping[str, Instrument]) -> dict[str, Parameter]:
    """Load every YAML file under `root` as parameters named `namespace.folder.file.key…`."""
    params: dict[str, Parameter] = {}
    if not root.is_dir():
        return params
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).with_suffix("")
        parts = [p for p in rel.parts if p != "index"]
        prefix = ".".join([namespace, *parts]) if namespace else ".".join(parts)
        for p in _walk(prefix, load_yaml(path), str(path), instruments):
            if p.name in params:
                raise MalformedLaw(f"{path}: parameter {p.name} is also defined in {params[p.name].source_file}")
            params[p.name] = p
    return params


# ---------------------------------------------------------------------------------------------- the law


class Law:
    """All instruments and parameters, national and provincial, loaded once; ask it `at(date, province)`."""

    def __init__(self, instruments: dict[str, Instrument], national: dict[str, Parameter],
                 provinces: dict[str, dict[str, Parameter]], root: Path) -> None:
        self.instruments = instruments
        self.parameters = national
        self.provinces = provinces
        self.root = root
        self._views: dict[tuple[dt.date, str | None], LawAt] = {}
        self._spans: dict[tuple[int, str | None], LawAt] = {}
        self._changes: list[dt.date] | None = None

    def change_dates(self) -> list[dt.date]:
        """Every date on which some value of the law data (national or provincial) takes effect, sorted.

        Between two consecutive dates of this list no parameter changes, so every lookup gives the same answer on
        every day of such a span (`LawAt.span`).
        """
        if self._changes is None:
            self._changes = sorted({v.effective_from for _, p in self.iter_parameters() for v in p.values})
        return self._changes

    def at(self, day: dt.date, province: str | None = None) -> LawAt:
        """A view of the law as in force on `day` (and in `province`, if given). Views are cached."""
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise TypeError("Law.at needs a datetime.date")
        if province is not None and province not in self.provinces:
            from pleaguard.errors import InputError

            raise InputError(f"没有 {province!r} 的省级实施细则 / no provincial rules for {province!r}",
                             field="province", allowed=", ".join(sorted(self.provinces)) or "none loaded")
        key = (day, province)
        view = self._views.get(key)
        if view is None:
            if len(self._views) > 4096:
                self._views.clear()
            span_key = (bisect.bisect_right(self.change_dates(), day), province)
            span = self._spans.get(span_key)
            view = self._views[key] = LawAt(self, day, province, span)
            if span is None:
                self._spans[span_key] = view
        return view

    def parameter(self, name: str, province: str | None = None) -> Parameter:
        if province and name in self.provinces.get(province, {}):
            return self.provinces[province][name]
        try:
            return self.parameters[name]
        except KeyError:
            raise MalformedLaw(f"no parameter named {name!r} in the law data") from None

    def iter_parameters(self) -> Iterator[tuple[str | None, Parameter]]:
        for p in self.parameters.values():
            yield None, p
        for prov, params in self.provinces.items():
            for p in params.values():
                yield prov, p

    def instrument(self, iid: str) -> Instrument:
        try:
            return self.instruments[iid]
        except KeyError:
            raise MalformedLaw(f"unknown instrument {iid!r}") from None

    def render(self, citation: Citation) -> str:
        """A citation as lawyers write it: 《中华人民共和国刑事诉讼法》第一百七十四条第一款."""
        inst = self.instruments.get(citation.instrument)
        title = inst.title if inst else citation.instrument
        if inst and inst.kind in ("policy", "fitted"):
            return f"{title}（非法律规定）{citation.article}"
        return f"《{title}》{citation.place_zh()}"


class LawAt:
    """The law in force on one date (optionally in one province). Lookups are memoized.

    `span` is the first view made of the span of days (between two consecutive `Law.change_dates`) this view's
    date falls in, for the same province: every value in force is the same on all days of a span, so the views of
    a span share their memo of lookups, and what is derived from the values alone (not from the date itself) can be
    built once per span by keying it on `view.span`. Errors (`LawNotInForce`) still name this view's own date.
    """

    __slots__ = ("_cache", "day", "law", "province", "span")

    def __init__(self, law: Law, day: dt.date, province: str | None, span: LawAt | None = None) -> None:
        self.law = law
        self.day = day
        self.province = province
        self.span: LawAt = span if span is not None else self
        self._cache: dict[str, DatedValue] = span._cache if span is not None else {}

    def get(self, name: str) -> DatedValue:
        """The dated value of parameter `name` in force on this view's date; raises `LawNotInForce`."""
        hit = self._cache.get(name)
        if hit is None:
            hit = self._cache[name] = self.law.parameter(name, self.province).at(self.day)
        return hit

    def value(self, name: str) -> Any:
        return self.get(name).value

    def decimal(self, name: str) -> Decimal:
        return self.get(name).decimal()

    def has(self, name: str) -> bool:
        """True when `name` exists and is in force on this date."""
        try:
            self.get(name)
        except LawNotInForce:
            return False
        except MalformedLaw:
            return False
        return True

    def render(self, citation: Citation) -> str:
        return self.law.render(citation)


def default_root() -> Path:
    return Path(str(resources.files("pleaguard") / "law"))


def load_law_from(root: Path, extra_policy: Path | None = None) -> Law:
    """Load and validate all law data under `root`; `extra_policy` is a folder of local policy overlays."""
    instruments = parse_instruments(load_yaml(root / "sources.yaml"), str(root / "sources.yaml"))
    national = load_parameter_tree(root / "parameters", "", instruments)
    policy = load_parameter_tree(root / "policy", "policy", instruments)
    overlap = set(national) & set(policy)
    if overlap:
        raise MalformedLaw(f"policy parameters shadow law parameters: {sorted(overlap)}")
    national.update(policy)
    fitted = load_parameter_tree(root / "fitted", "fitted", instruments)
    national.update(fitted)
    if extra_policy is not None:
        local = load_parameter_tree(extra_policy, "policy", instruments)
        for name in local:
            if name not in policy:
                raise MalformedLaw(f"{extra_policy}: local policy {name} does not override a known policy parameter")
        national.update(local)
    provinces: dict[str, dict[str, Parameter]] = {}
    prov_root = root / "provinces"
    if prov_root.is_dir():
        for pdir in sorted(p for p in prov_root.iterdir() if p.is_dir()):
            pinst_file = pdir / "sources.yaml"
            if pinst_file.exists():
                extra = parse_instruments(load_yaml(pinst_file), str(pinst_file))
                clash = set(extra) & set(instruments)
                if clash:
                    raise MalformedLaw(f"{pinst_file}: instrument ids already used: {sorted(clash)}")
                instruments.update(extra)
            provinces[pdir.name] = load_parameter_tree(pdir / "parameters", "", instruments)
    return Law(instruments, national, provinces, root)


@lru_cache(maxsize=4)
def _load_cached(root: str, extra_policy: str | None) -> Law:
    return load_law_from(Path(root), Path(extra_policy) if extra_policy else None)


def load_law(root: Path | None = None, extra_policy: Path | None = None) -> Law:
    """The law data shipped with the package (or under `root`), loaded once per process and cached.

    A local policy folder can be given by `extra_policy` or the environment variable PLEAGUARD_POLICY_DIR.
    """
    import os

    pol = extra_policy or (Path(os.environ["PLEAGUARD_POLICY_DIR"]) if os.environ.get("PLEAGUARD_POLICY_DIR") else None)
    return _load_cached(str(root or default_root()), str(pol) if pol else None)

"""The one place where the case record meets the procedure domain: validating a case file, deriving state,
running the safeguard checks. The storage layer calls only these functions.

Validation happens in two layers:
1. `check_header` / `check_event` (always): what the storage itself needs: a case id, people with unique ids,
   events that are objects with a unique `id`, a known `type` and an `at` in ISO 8601 with an offset. Without
   the procedure domain they also check references to people and the prerequisites no procedure can skip (no
   trial or judgment before an indictment, no appeal before a judgment, no conversion of procedure before the
   court accepted the case). The event's own `at` decides the order, not the order of recording: a meeting
   entered a week late is fine.
2. The procedure domain (`pleaguard.domain.case_file.validate_case_file`, `pleaguard.domain.state.derive_state`,
   `pleaguard.rules.safeguards.check_case`), used whenever those modules are installed: it validates the whole
   case file (every field of every event type, references, the legal order per suspect, impossible dates); its
   errors are InputErrors as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pleaguard.errors import InputError

#: Event types of the case-file format (glossary names), used when the procedure domain is not installed.
FALLBACK_EVENT_TYPES = (
    "detained", "arrested", "bail", "residential_surveillance", "rights_notice", "lawyer_assigned", "meeting",
    "file_access", "opinions_heard", "recommendation_proposed", "plea_affidavit_signed", "indicted",
    "trial_accepted", "procedure_converted", "judgment", "plea_withdrawn", "appeal",
)
FALLBACK_PERSON_ROLES = ("suspect", "victim", "defender", "duty_lawyer", "legal_representative", "victim_agent")

#: An event of the key type needs an earlier event of one of the listed types (CPL 2018: a court tries and
#: judges only an indicted case, Arts. 176, 186; an appeal lies against a first-instance judgment, Art. 227;
#: a procedure is converted during a trial, Art. 226).
PREREQUISITES: dict[str, tuple[str, ...]] = {
    "trial_accepted": ("indicted",),
    "judgment": ("indicted",),
    "procedure_converted": ("trial_accepted",),
    "appeal": ("judgment",),
}
PERSON_LIST_FIELDS = ("present", "persons", "people", "heard_from")
ID_PATTERN = re.compile(r"^[^\x00-\x1f\x7f]{1,128}$")
MAX_EVENTS = 10_000
#: What an event time must look like (the `allowed` of every error about one).
ISO_WITH_OFFSET = "带 UTC 偏移的 ISO 8601 时间，例如 2024-03-01T09:30:00+08:00 / ISO 8601 with a UTC offset"


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function of the procedure domain, or None while that module does not exist yet."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    fn = getattr(mod, name, None)
    return fn if callable(fn) else None


def domain_installed() -> bool:
    return _optional("pleaguard.domain.case_file", "validate_case_file") is not None


def event_types() -> tuple[str, ...]:
    """The event types the installed procedure domain accepts (or the case-file format's list)."""
    try:
        from pleaguard.domain.case_file import EVENT_TYPES
    except ImportError:
        return FALLBACK_EVENT_TYPES
    return tuple(EVENT_TYPES)


def parse_at(value: Any, field: str) -> dt.datetime:
    """An event time: ISO 8601 with a UTC offset (e.g. 2024-03-01T09:30:00+08:00)."""
    if not isinstance(value, str):
        raise InputError("缺失或不是字符串 / missing or not a string", field=field, allowed=ISO_WITH_OFFSET)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} 不是有效的日期时间 / {value!r} is not a valid date and time", field=field,
                         allowed=ISO_WITH_OFFSET) from None
    if parsed.tzinfo is None:
        raise InputError(f"{value!r} 没有 UTC 偏移 / {value!r} has no UTC offset", field=field,
                         allowed=ISO_WITH_OFFSET)
    return parsed


def check_json_value(value: Any, field: str, depth: int = 0) -> None:
    """Only what JSON can carry and the hash chain can reproduce: finite numbers, string keys, bounded depth."""
    if depth > 32:
        raise InputError("嵌套层级过深 / nested too deeply", field=field, allowed="至多 32 层 / at most 32 levels")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError("不是有限数值 / not a finite number", field=field)
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise InputError(f"键 {k!r} 不是字符串 / key {k!r} is not a string", field=field)
            check_json_value(v, f"{field}.{k}", depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_json_value(v, f"{field}[{i}]", depth + 1)
    elif not (value is None or isinstance(value, str | int | float | bool)):
        raise InputError(f"{type(value).__name__} 不是 JSON 值 / a {type(value).__name__} is not a JSON value",
                         field=field)


def _unknown_person(ref: Any) -> str:
    return f"未知人员 {ref!r} / unknown person {ref!r}"


def _check_id(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip() or not ID_PATTERN.match(value):
        raise InputError("缺失、为空、过长或含控制字符 / missing, empty, too long or contains control characters",
                         field=field,
                         allowed="不超过 128 个字符的非空字符串 / a non-empty string of at most 128 characters")
    return value


def check_header(case_file: Any) -> tuple[str, dict[str, Any]]:
    """The case id and the header (the case file without `case_id` and `events`); InputError if malformed."""
    if not isinstance(case_file, dict):
        raise InputError("案件文件必须是 JSON 对象 / a case file must be a JSON object", field="case_file",
                         allowed='{"case_id", "people", "charges", "events"}')
    full = not domain_installed()
    check_json_value({k: v for k, v in case_file.items() if k != "events"}, "case_file")
    case_id = _check_id(case_file.get("case_id"), "case_id")
    people = case_file.get("people", [])
    if not isinstance(people, list):
        raise InputError("必须是列表 / must be a list", field="people")
    seen: set[str] = set()
    for i, person in enumerate(people):
        if not isinstance(person, dict):
            raise InputError("必须是对象 / must be an object", field=f"people[{i}]")
        pid = _check_id(person.get("id"), f"people[{i}].id")
        if pid in seen:
            raise InputError(f"人员编号 {pid!r} 重复 / duplicate person id {pid!r}", field=f"people[{i}].id")
        seen.add(pid)
        role = person.get("role")
        if not full:
            continue
        if role not in FALLBACK_PERSON_ROLES:
            raise InputError(f"未知角色 {role!r} / unknown role {role!r}", field=f"people[{i}].role",
                             allowed=", ".join(FALLBACK_PERSON_ROLES))
    charges = case_file.get("charges", [])
    if not isinstance(charges, list):
        raise InputError("必须是列表 / must be a list", field="charges")
    for i, charge in enumerate(charges):
        if not full:
            break
        if not isinstance(charge, dict):
            raise InputError("必须是对象 / must be an object", field=f"charges[{i}]")
        if charge.get("person") not in seen:
            raise InputError(_unknown_person(charge.get("person")), field=f"charges[{i}].person",
                             allowed=", ".join(sorted(seen)) or "（案件中没有人员）/ (no people in the case)")
    events = case_file.get("events", [])
    if not isinstance(events, list):
        raise InputError("必须是列表 / must be a list", field="events")
    header = {k: v for k, v in case_file.items() if k not in ("case_id", "events")}
    return case_id, header


def person_ids(header: Mapping[str, Any]) -> set[str]:
    return {p["id"] for p in header.get("people", []) if isinstance(p, dict) and "id" in p}


def check_event(header: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]], event: Any,
                field: str = "event") -> dict[str, Any]:
    """Check one new event against the case header and the events already in the log; return it unchanged."""
    if not isinstance(event, dict):
        raise InputError("事件必须是 JSON 对象 / an event must be a JSON object", field=field)
    check_json_value(event, field)
    event_id = _check_id(event.get("id"), f"{field}.id")
    if any(e.get("id") == event_id for e in earlier):
        raise InputError(f"事件编号 {event_id!r} 重复：日志中已有该编号的事件"
                         f" / duplicate event id {event_id!r}: the log already holds an event with this id",
                         field=f"{field}.id", allowed="本案尚未使用的编号 / an id not used before in this case")
    kind = event.get("type")
    types = event_types()
    if kind not in types:
        raise InputError(f"未知事件类型 {kind!r} / unknown event type {kind!r}", field=f"{field}.type",
                         allowed=", ".join(types))
    at = parse_at(event.get("at"), f"{field}.at")
    if domain_installed():
        return event  # references, fields and legal order: validate_case_file checks the whole file
    known = person_ids(header)
    refs: list[tuple[str, Any]] = []
    if "person" in event:
        refs.append((f"{field}.person", event["person"]))
    for key in PERSON_LIST_FIELDS:
        if key in event:
            value = event[key]
            if not isinstance(value, list):
                raise InputError("必须是人员编号列表 / must be a list of person ids", field=f"{field}.{key}")
            refs.extend((f"{field}.{key}[{i}]", v) for i, v in enumerate(value))
    for where, ref in refs:
        if ref not in known:
            raise InputError(_unknown_person(ref), field=where, allowed=", ".join(sorted(known)) or "（无）/ (none)")
    needs = PREREQUISITES.get(kind)
    if needs:
        prior = [e for e in earlier if e.get("type") in needs and parse_at(e.get("at"), "at") <= at]
        if not prior:
            zh, en = "或".join(needs), " or ".join(needs)
            raise InputError(
                f"{kind} 事件之前须有 {zh} 事件，{event['at']} 之前没有记录"
                f" / a {kind} event needs an earlier {en} event; none is recorded before {event['at']}",
                field=f"{field}.type", allowed=f"先记录 {zh} 事件 / record the {en} event first",
            )
    return event


def validate_case_file(case_id: str, header: Mapping[str, Any], events: Sequence[Mapping[str, Any]]) -> None:
    """Run the procedure domain's validation of the whole case file, when that module is installed."""
    validate = _optional("pleaguard.domain.case_file", "validate_case_file")
    if validate is None:
        return
    try:
        validate({"case_id": case_id, **header, "events": list(events)})
    except InputError:
        raise
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        raise InputError("案件文件校验未通过 / the case file is invalid: " + _describe_validation_error(exc),
                         field="case_file") from None


def _describe_validation_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            loc = ".".join(str(p) for p in first.get("loc", ()))
            return f"{loc}: {first.get('msg')}"
        except Exception:
            pass
    return str(exc).splitlines()[0]


def evaluate(case_id: str, header: Mapping[str, Any], events: Sequence[Mapping[str, Any]],
             as_of: dt.datetime) -> dict[str, Any]:
    """Derived state, findings, deadlines and procedure of a case as it stood at `as_of` (an aware datetime),
    from the procedure domain.

    Returns {"state", "findings", "deadlines", "procedure", "available": [...]}; parts whose module is not
    installed are None and absent from "available".
    """
    return evaluate_model(load_model(case_id, header, events), as_of)


def load_model(case_id: str, header: Mapping[str, Any], events: Sequence[Mapping[str, Any]]) -> Any:
    """The case file as the procedure domain's validated model (or the plain dict when that module is not
    installed). It depends only on the stored content, so a reader may keep it for as long as the log's head
    hash stays the same; the model must then be treated as read-only."""
    case_file = {"case_id": case_id, **header, "events": list(events)}
    load = _optional("pleaguard.domain.case_file", "validate_case_file")
    return load(case_file) if load is not None else case_file


def evaluate_model(model: Any, as_of: dt.datetime) -> dict[str, Any]:
    """`evaluate` on a model from `load_model`."""
    out: dict[str, Any] = {"state": None, "findings": None, "deadlines": None, "procedure": None, "available": []}
    check = _optional("pleaguard.rules.safeguards", "check_case")
    if check is not None:
        report = _plain(check(model, as_of))
        if isinstance(report, dict):
            out["findings"] = report.get("findings")
            out["deadlines"] = report.get("deadlines")
            out["procedure"] = report.get("procedure")
            out["state"] = report.get("state")
        else:
            out["findings"] = report
        out["available"].append("checks")
    derive = _optional("pleaguard.domain.state", "derive_state")
    if derive is not None:
        if out["state"] is None:
            out["state"] = _plain(derive(model))
        out["available"].append("state")
    return out


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """JSON-ready data from a pydantic model, dataclass or object with to_dict() (plain containers are looked at
    first, by their exact type before any isinstance: the checks' reports are mostly dicts and lists already)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {k if type(k) is str else str(k): _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    for attr in ("to_dict", "model_dump"):
        fn = getattr(value, attr, None)
        if callable(fn):
            return _plain(fn(mode="json")) if attr == "model_dump" else _plain(fn())
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    return str(value)

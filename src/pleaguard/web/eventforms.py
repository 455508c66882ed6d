"""Forms for adding an event to a case, generated from the case-file JSON Schema (the procedure domain's contract).

One form per event type: a field per property of the event's schema, typed by the schema (select for enums,
checkboxes for lists of enums and for the people present, a person picker for references to people, date and
time for instants, a nested group for a recommendation). Posting the form gives back the event JSON that
`services.cases.add_event` takes; the service validates it and its errors are shown next to the field.
Instants are entered as a date and a time in China (UTC+8), the time zone of the courts and deadlines.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

CHINA_OFFSET = "+08:00"
#: Properties that name one person of the case, and which roles may be named there.
PERSON_REFS: dict[str, tuple[str, ...]] = {
    "person": ("suspect",),
    "lawyer": ("defender", "duty_lawyer"),
    "from_person": (),
    "by_person": (),
}
#: Properties that list people of the case.
PERSON_LISTS = ("present", "persons", "people", "heard_from")
SKIP = ("id", "type", "at")
MAX_TEXT = 5000
_PLAIN_NUMBER = re.compile(r"^-?\d{1,13}(\.\d{1,6})?$")


@dataclass(frozen=True)
class FormField:
    """One input of an event form. `kind`: person, people, select, multi, bool, tribool, int, number, datetime,
    text, textarea, json, group (with `children`)."""

    name: str
    kind: str
    required: bool = False
    options: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    default: Any = None
    description: str = ""
    children: tuple[FormField, ...] = field(default_factory=tuple)


def _schema() -> dict[str, Any]:
    from pleaguard.domain.case_file import case_file_schema

    return case_file_schema()


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def event_types() -> tuple[str, ...]:
    """The event types of the case-file schema, in the schema's order of the procedure."""
    mapping = _schema()["properties"]["events"]["items"]["discriminator"]["mapping"]
    from pleaguard.domain.case_file import EVENT_TYPES

    return tuple(t for t in EVENT_TYPES if t in mapping)


def _resolve(prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The property's schema without the `null` alternative, and whether null was allowed."""
    options = prop.get("anyOf")
    if not options:
        return prop, False
    non_null = [o for o in options if o.get("type") != "null"]
    nullable = len(non_null) < len(options)
    merged = {**{k: v for k, v in prop.items() if k != "anyOf"}, **(non_null[0] if non_null else {})}
    return merged, nullable


def _field(name: str, prop: dict[str, Any], required: bool, defs: dict[str, Any]) -> FormField:
    schema, nullable = _resolve(prop)
    desc = str(prop.get("description", ""))
    default = prop.get("default")
    if "$ref" in schema:
        target = defs[schema["$ref"].split("/")[-1]]
        children = _fields(target, defs)
        return FormField(name, "group", required=required and not nullable, description=desc, children=children)
    ptype = schema.get("type")
    if name in PERSON_REFS and ptype == "string":
        return FormField(name, "person", required=required, roles=PERSON_REFS[name], description=desc)
    if ptype == "array":
        items = schema.get("items", {})
        if "enum" in items:
            return FormField(name, "multi", required=required, options=tuple(items["enum"]), description=desc)
        if name in PERSON_LISTS:
            return FormField(name, "people", required=required, description=desc)
        return FormField(name, "json", required=required, description=desc)
    if "enum" in schema:
        return FormField(
            name,
            "select",
            required=required and not nullable,
            options=tuple(schema["enum"]),
            default=default,
            description=desc,
        )
    if ptype == "boolean":
        return FormField(name, "tribool" if nullable else "bool", default=default, description=desc)
    if ptype == "integer":
        return FormField(name, "int", required=required and not nullable, default=default, description=desc)
    if ptype == "number":
        return FormField(name, "number", required=required and not nullable, default=default, description=desc)
    if ptype == "string" and schema.get("format") == "date-time":
        return FormField(name, "datetime", required=required and not nullable, description=desc)
    if ptype == "object":
        return FormField(name, "json", required=required, description=desc)
    kind = "textarea" if name in ("note", "opinion", "reason") else "text"
    return FormField(name, kind, required=required and not nullable, description=desc)


def _fields(definition: dict[str, Any], defs: dict[str, Any]) -> tuple[FormField, ...]:
    required = set(definition.get("required", []))
    return tuple(
        _field(name, prop, name in required, defs)
        for name, prop in definition.get("properties", {}).items()
        if name not in SKIP
    )


@lru_cache(maxsize=64)
def form_for(event_type: str) -> tuple[FormField, ...]:
    """The fields of the form for `event_type` (KeyError for a type the schema does not define)."""
    schema = _schema()
    mapping = schema["properties"]["events"]["items"]["discriminator"]["mapping"]
    definition = schema["$defs"][mapping[event_type].split("/")[-1]]
    return _fields(definition, schema["$defs"])


def field_keys(event_type: str) -> set[str]:
    """Every input name of the form (nested groups as `group.field`), where errors can be shown."""
    keys = {"at"}

    def walk(fields: tuple[FormField, ...], prefix: str) -> None:
        for f in fields:
            keys.add(prefix + f.name)
            if f.kind == "group":
                walk(f.children, f"{prefix}{f.name}.")

    walk(form_for(event_type), "")
    return keys


def new_event_id() -> str:
    return "ev-" + secrets.token_hex(6)


def _instant(form: dict[str, str], key: str, errors: dict[str, str], _: Any, required: bool) -> str | None:
    day = form.get(f"{key}.date", "").strip()
    time = form.get(f"{key}.time", "").strip() or "00:00"
    if not day:
        if required:
            errors[key] = _("Enter the date.")
        return None
    try:
        parsed = dt.datetime.fromisoformat(f"{day}T{time}")
    except ValueError:
        errors[key] = _("Enter a date (YYYY-MM-DD) and a time (HH:MM).")
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M:00") + CHINA_OFFSET


def _parse_fields(
    fields: tuple[FormField, ...],
    form: dict[str, str],
    multi: dict[str, list[str]],
    prefix: str,
    errors: dict[str, str],
    _: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        key = prefix + f.name
        raw = form.get(key, "").strip()
        if f.kind == "group":
            if f.required or form.get(f"{key}.__present"):
                out[f.name] = _parse_fields(f.children, form, multi, key + ".", errors, _)
            continue
        if f.kind in ("people", "multi"):
            chosen = multi.get(key, [])
            if chosen or f.required:
                out[f.name] = chosen
            continue
        if f.kind == "bool":
            out[f.name] = bool(form.get(key))
            continue
        if f.kind == "tribool":
            if raw in ("true", "false"):
                out[f.name] = raw == "true"
            continue
        if f.kind == "datetime":
            value = _instant(form, key, errors, _, f.required)
            if value is not None:
                out[f.name] = value
            continue
        if not raw:
            if f.required:
                errors[key] = _("This field is required.")
            continue
        if len(raw) > MAX_TEXT:
            errors[key] = _("Too long.")
            continue
        if f.kind in ("int", "number"):
            if not _PLAIN_NUMBER.match(raw) or (f.kind == "int" and "." in raw):
                errors[key] = _("Enter a whole number.") if f.kind == "int" else _("Enter a number.")
                continue
            number = Decimal(raw)
            out[f.name] = int(number) if number == number.to_integral_value() else float(number)
        elif f.kind == "json":
            try:
                out[f.name] = json.loads(raw)
            except json.JSONDecodeError:
                errors[key] = _("Not valid JSON.")
        else:
            out[f.name] = raw
    return out


def parse_event(
    event_type: str, form: dict[str, str], multi: dict[str, list[str]], _: Any
) -> tuple[dict[str, Any], dict[str, str]]:
    """The event JSON from a posted form, and the errors found before asking the service."""
    errors: dict[str, str] = {}
    event: dict[str, Any] = {"id": form.get("event_id", "").strip() or new_event_id(), "type": event_type}
    at = _instant(form, "at", errors, _, True)
    if at:
        event["at"] = at
    event.update(_parse_fields(form_for(event_type), form, multi, "", errors, _))
    return event, errors


_EVENT_PREFIX = re.compile(r"^(?:event|events\[\d+\](?:\(id=[^)]*\))?)\.?")


def form_field_of(path: str | None) -> str:
    """Where a service error about `path` (`event.minutes`, `events[3](id=e4).recommendation.months`) goes."""
    if not path:
        return "_form"
    rest = _EVENT_PREFIX.sub("", path)
    rest = re.sub(r"\[\d+\]", "", rest)
    return rest or "_form"

"""Plain records the services return and the repositories build from rows (no ORM objects leave the adapters)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """What a user may do (glossary: 律师 / 值班律师 / 法律援助管理员 / 审阅人).

    lawyer, duty_lawyer   see and change only the cases they are assigned to
    legal_aid_admin       sees and changes every case; creates users; assigns and unassigns
    reviewer              read-only, and only on the cases an admin has assigned to them
    """

    LAWYER = "lawyer"
    DUTY_LAWYER = "duty_lawyer"
    LEGAL_AID_ADMIN = "legal_aid_admin"
    REVIEWER = "reviewer"

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS_ZH[self]


ROLE_LABELS_ZH = {
    Role.LAWYER: "律师",
    Role.DUTY_LAWYER: "值班律师",
    Role.LEGAL_AID_ADMIN: "法律援助管理员",
    Role.REVIEWER: "审阅人（只读）",
}


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: dt.datetime

    @property
    def is_admin(self) -> bool:
        return self.role is Role.LEGAL_AID_ADMIN

    @property
    def can_write(self) -> bool:
        return self.role is not Role.REVIEWER

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "username": self.username, "display_name": self.display_name, "role": self.role.value,
            "active": self.active, "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class CaseRecord:
    """A stored case: its id, header (everything in the case file except `events`) and the header's hash."""

    pk: int
    case_id: str
    created_at: dt.datetime
    created_by: str
    header: dict[str, Any]
    header_hash: str


@dataclass(frozen=True)
class StoredEvent:
    """One event of a case's log as stored: the event itself (`payload`) plus its place in the hash chain."""

    seq: int
    event_id: str
    type: str
    at: dt.datetime
    payload: dict[str, Any]
    recorded_at: dt.datetime
    recorded_by: str
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "event_id": self.event_id, "type": self.type, "at": self.payload.get("at"),
            "event": self.payload, "recorded_at": self.recorded_at.isoformat(), "recorded_by": self.recorded_by,
            "prev_hash": self.prev_hash, "hash": self.hash,
        }


@dataclass(frozen=True)
class AuditEntry:
    id: int
    case_id: str | None
    actor: str
    action: str
    at: dt.datetime
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "case_id": self.case_id, "actor": self.actor, "action": self.action,
            "at": self.at.isoformat(), "detail": self.detail,
        }


@dataclass(frozen=True)
class ApiToken:
    id: int
    user_id: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }

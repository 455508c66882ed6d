"""Who may do what to which case. Every service that touches a case goes through `open_case`.

The actor is a `User`, or None for the local operator: someone running the `pleaguard` command on a machine
with direct access to the database. The local operator has every right (whoever can open the database file or
URL can read every table anyway) and is recorded in the audit trail as `local:<operating-system user>`.

    role               sees                               changes (add events, import)   assigns
    legal_aid_admin    every case                         every case                     yes
    lawyer             cases assigned to them             those cases                    no
    duty_lawyer        cases assigned to them             those cases                    no
    reviewer           cases an admin assigned to them    nothing (read-only)            no
    inactive user      nothing                            nothing                        no

A case the actor may not see is reported exactly like a case that does not exist (NotFound with the same
message), so nobody learns that a case id is in use. A reviewer asking to change a case they can see gets
PermissionDenied: they already know the case exists.
"""

from __future__ import annotations

import getpass

from pleaguard.adapters.db.repository import CaseForRead
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import NotFound, PleaGuardError
from pleaguard.services.records import CaseRecord, Role, User


class PermissionDenied(PleaGuardError):
    """The actor is known and may see the object, but may not do this (HTTP 403)."""


class AuthenticationFailed(PleaGuardError):
    """Wrong username or password, an inactive account, or an unknown/expired/revoked token (HTTP 401)."""


class RateLimited(AuthenticationFailed):
    """Too many failed logins for this username from this address; try again later (HTTP 429)."""

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


def local_operator() -> str:
    try:
        name = getpass.getuser()
    except Exception:
        name = "operator"
    return f"local:{name}"


def actor_name(actor: User | None) -> str:
    return local_operator() if actor is None else actor.username


def actor_id(actor: User | None) -> int | None:
    return None if actor is None else actor.id


def not_found(case_id: str) -> NotFound:
    return NotFound(f"案件 {case_id} 不存在或您无权访问 / case {case_id} does not exist or you may not access it")


def require_active(actor: User | None) -> None:
    if actor is not None and not actor.active:
        raise PermissionDenied("账户已停用 / this account is deactivated")


def can_see_all(actor: User | None) -> bool:
    return actor is None or (actor.active and actor.role is Role.LEGAL_AID_ADMIN)


def require_admin(actor: User | None) -> None:
    require_active(actor)
    if not can_see_all(actor):
        raise PermissionDenied("只有法律援助管理员可以执行此操作 / only a legal-aid admin may do this")


def require_can_create(actor: User | None) -> None:
    require_active(actor)
    if actor is not None and not actor.can_write:
        raise PermissionDenied("审阅人为只读账户，不能新建或导入案件 / a reviewer is read-only")


def open_case(uow: SqlAlchemyUnitOfWork, actor: User | None, case_id: str, *, write: bool = False,
              lock: bool = False) -> CaseRecord:
    """The case if the actor may see it (and change it, when `write`), else NotFound / PermissionDenied.

    `lock` takes the case's row lock (PostgreSQL) for an append; SQLite is already serialized by BEGIN IMMEDIATE.
    """
    if not isinstance(case_id, str) or not case_id:
        raise not_found(str(case_id))
    case = uow.cases.get(case_id, for_update=lock)
    if case is None:
        raise not_found(case_id)
    if actor is not None:
        if not actor.active:
            raise not_found(case_id)
        if actor.role is not Role.LEGAL_AID_ADMIN and not uow.users.is_assigned(case_pk=case.pk, user_id=actor.id):
            raise not_found(case_id)
        if write and not actor.can_write:
            raise PermissionDenied("审阅人为只读账户，不能修改案件 / a reviewer may read but not change a case")
    return case


def open_case_for_read(uow: SqlAlchemyUnitOfWork, actor: User | None, case_id: str) -> CaseForRead:
    """`open_case` for a read, in one query: the case the actor may see, with the (seq, hash) of its last event
    ((0, header hash) for an empty log) and its assignees. The same rules and the same NotFound as `open_case`."""
    if not isinstance(case_id, str) or not case_id:
        raise not_found(str(case_id))
    found = uow.cases.get_for_read(case_id, user_id=None if actor is None else actor.id)
    if found is None:
        raise not_found(case_id)
    if actor is not None:
        if not actor.active:
            raise not_found(case_id)
        if actor.role is not Role.LEGAL_AID_ADMIN and not found.assigned:
            raise not_found(case_id)
    return found

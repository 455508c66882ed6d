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

Refusals are audited. When the case exists and the actor is refused (not assigned, deactivated, a reviewer
asking to change it, or anyone but an admin asking to assign or unassign), one entry is written to that case's
audit trail: action "refused", detail {"attempted": what was asked (e.g. "read", "add_event"), "reason":
"not_assigned" | "inactive" | "read_only" | "not_admin"}. The entry is committed apart from the refused request's
work: the transaction of the refused request is rolled back first (it was about to be rolled back anyway, since
the refusal ends it), so nothing it did survives but the entry. (A read served on the web application's event
loop hands the entry to the group commit of reads, `pleaguard.web.read_audit`, which writes it before the
answer.) The caller gets exactly the answer it would have got without the entry; if the entry cannot be written,
that is logged and the answer is still the same.

A signed-in user asking for a case that does not exist leaves the same kind of entry, attached to no case
(case_pk NULL; detail {"attempted", "reason": "no_such_case", "case_id": the id asked for, cut to 128
characters}): an administrator sees probes for case ids, and a refusal and a missing case cost the caller the
same committed insert, so the time of the answer does not tell them apart either.
"""

from __future__ import annotations

import contextlib
import getpass
import logging

from sqlalchemy.exc import SQLAlchemyError

from pleaguard.adapters.db.repository import CaseForRead
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import NotFound, PleaGuardError
from pleaguard.services.records import CaseRecord, Role, User

log = logging.getLogger("pleaguard.access")

#: The audit action of a refused attempt (on an existing case, or on a case id that does not exist).
REFUSED = "refused"
#: A case id asked for that does not exist is kept in the entry up to this many characters.
MAX_REQUESTED_ID = 128
READ_ONLY = "审阅人为只读账户，不能修改案件 / a reviewer may read but not change a case"
ADMIN_ONLY = "只有法律援助管理员可以执行此操作 / only a legal-aid admin may do this"
DEACTIVATED = "账户已停用 / this account is deactivated"


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
        raise PermissionDenied(DEACTIVATED)


def can_see_all(actor: User | None) -> bool:
    return actor is None or (actor.active and actor.role is Role.LEGAL_AID_ADMIN)


def require_admin(actor: User | None) -> None:
    require_active(actor)
    if not can_see_all(actor):
        raise PermissionDenied(ADMIN_ONLY)


def require_can_create(actor: User | None) -> None:
    require_active(actor)
    if actor is not None and not actor.can_write:
        raise PermissionDenied("审阅人为只读账户，不能新建或导入案件 / a reviewer is read-only")


def record_refusal(uow: SqlAlchemyUnitOfWork, actor: User | None, case_pk: int | None, *, attempted: str,
                   reason: str, requested: str | None = None) -> None:
    """Write one "refused" entry to the case's audit trail, in a transaction of its own, inside `with uow:`.

    The request's transaction is rolled back first: the refusal ends it, so whatever it read or locked is of no
    further use, and the entry must not depend on it. A failure to write is logged, never raised: the caller's
    answer must stay the one it would get for a case that does not exist.
    """
    try:
        uow.rollback()
        detail = {"attempted": attempted, "reason": reason}
        if requested is not None:
            detail["case_id"] = requested[:MAX_REQUESTED_ID]
        uow.audit.record(case_pk=case_pk, actor_id=actor_id(actor), actor=actor_name(actor), action=REFUSED,
                         at=uow.now(), detail=detail)
        uow.commit()
    except SQLAlchemyError:
        log.exception("could not record the refused %s by %s on case #%s", attempted, actor_name(actor), case_pk)
        with contextlib.suppress(SQLAlchemyError):
            uow.rollback()


def refuse_outside(uow: SqlAlchemyUnitOfWork, actor: User | None, case_id: str, *, attempted: str,
                   reason: str) -> None:
    """`record_refusal` for a check made before the service opened its transaction (a deactivated account, a
    non-admin assigning): records the attempt on the case, or as a probe for a missing id (see `_record_missing`)."""
    if not isinstance(case_id, str) or not case_id:
        return
    try:
        with uow:
            case = uow.cases.get(case_id)
            if case is not None:
                record_refusal(uow, actor, case.pk, attempted=attempted, reason=reason)
            else:
                _record_missing(uow, actor, case_id, attempted)
    except SQLAlchemyError:
        log.exception("could not look up case %r to record a refused %s", case_id, attempted)


def _record_missing(uow: SqlAlchemyUnitOfWork, actor: User | None, case_id: str, attempted: str) -> None:
    """A signed-in user asked for a case id that does not exist: an entry attached to no case (module docstring).
    The local operator (actor None) sees every case, so nothing is refused and nothing is recorded."""
    if actor is not None:
        record_refusal(uow, actor, None, attempted=attempted, reason="no_such_case", requested=case_id)


def _refusal(actor: User, assigned: bool, write: bool) -> str | None:
    """Why the actor may not do this to a case that exists, or None when they may."""
    if not actor.active:
        return "inactive"
    if actor.role is not Role.LEGAL_AID_ADMIN and not assigned:
        return "not_assigned"
    if write and not actor.can_write:
        return "read_only"
    return None


def open_case(uow: SqlAlchemyUnitOfWork, actor: User | None, case_id: str, *, write: bool = False,
              lock: bool = False, attempted: str = "read") -> CaseRecord:
    """The case if the actor may see it (and change it, when `write`), else NotFound / PermissionDenied.

    `lock` takes the case's row lock (PostgreSQL) for an append; SQLite is already serialized by BEGIN IMMEDIATE.
    `attempted` names the request in the audit entry of a refusal (see the module docstring).
    """
    if not isinstance(case_id, str) or not case_id:
        raise not_found(str(case_id))
    case = uow.cases.get(case_id, for_update=lock)
    if case is None:
        _record_missing(uow, actor, case_id, attempted)
        raise not_found(case_id)
    if actor is not None:
        assigned = actor.role is Role.LEGAL_AID_ADMIN or uow.users.is_assigned(case_pk=case.pk, user_id=actor.id)
        reason = _refusal(actor, assigned, write)
        if reason is not None:
            record_refusal(uow, actor, case.pk, attempted=attempted, reason=reason)
            if reason == "read_only":
                raise PermissionDenied(READ_ONLY)
            raise not_found(case_id)
    return case


def open_case_for_read(uow: SqlAlchemyUnitOfWork, actor: User | None, case_id: str,
                       *, attempted: str = "read") -> CaseForRead:
    """`open_case` for a read, in one query: the case the actor may see, with the (seq, hash) of its last event
    ((0, header hash) for an empty log) and its assignees. The same rules, the same NotFound and the same audit
    entry of a refusal as `open_case`."""
    if not isinstance(case_id, str) or not case_id:
        raise not_found(str(case_id))
    found = uow.cases.get_for_read(case_id, user_id=None if actor is None else actor.id)
    if found is None:
        _record_missing(uow, actor, case_id, attempted)
        raise not_found(case_id)
    if actor is not None:
        reason = _refusal(actor, actor.role is Role.LEGAL_AID_ADMIN or found.assigned, write=False)
        if reason is not None:
            record_refusal(uow, actor, found.case.pk, attempted=attempted, reason=reason)
            raise not_found(case_id)
    return found

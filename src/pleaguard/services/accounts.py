"""Accounts: users, passwords, sign-in with a rate limit, API tokens, case assignments.

    create_user(uow, *, actor, username, password, role, display_name=None) -> User       admin / local operator
    list_users(uow, *, actor) -> [User]                                                    admin / local operator
    set_active(uow, *, actor, username, active) -> User                                    admin / local operator
    set_password(uow, *, actor, username, password) -> int        admin, local operator, or oneself; signs the
                                                                  user out everywhere (returns the tokens revoked)
    change_password(uow, *, actor, current_password, new_password, ip, keep_token=None) -> int
                                                                  oneself, knowing the current password; signs out
                                                                  every other session and token
    authenticate(uow, *, username, password, ip) -> User        AuthenticationFailed / RateLimited
    prune_login_attempts(uow, *, actor) -> int                  admin / local operator: drop attempts now useless
    load_user(uow, *, user_id) -> User | None                   for a session cookie; None if gone or inactive
    issue_token(uow, *, actor, name, ttl=30 days) -> (token, ApiToken)   the token text is shown once, stored hashed
    resolve_token(uow, *, token) -> User                        AuthenticationFailed if unknown/expired/revoked
    resolve_token_until(uow, *, token) -> (User, expires_at)
    revoke_token(uow, *, actor, token_id) -> None
    assign(uow, *, actor, case_id, username) / unassign(...)     admin / local operator; audited on the case
    assignees(uow, *, actor, case_id) -> [User]

Passwords are hashed with argon2id (argon2-cffi defaults). Sign-in takes the same time whether or not the user
exists (a dummy hash is verified for unknown names). After LOGIN_MAX_FAILURES failed attempts for one username
from one address within LOGIN_WINDOW, further attempts are refused with RateLimited until the window has passed
(a successful sign-in resets the count). Every attempt, refused ones included, is recorded in login_attempts,
and that record is committed even though the sign-in fails.

login_attempts does not grow forever. The limiter never looks further back than LOGIN_WINDOW, so an attempt
older than that is of no use, and every LOGIN_PRUNE_EVERY-th attempt (by row id) deletes all of them, in a
small transaction of its own after the attempt is committed (a failed prune is logged; the sign-in is not
affected). The table thus holds the attempts of the last LOGIN_WINDOW plus at most LOGIN_PRUNE_EVERY more;
`pleaguard user prune-logins` (`prune_login_attempts`) does the same at once, e.g. after a burst of attempts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import InputError, NotFound
from pleaguard.services.access import (
    AuthenticationFailed,
    PermissionDenied,
    RateLimited,
    actor_id,
    actor_name,
    can_see_all,
    open_case,
    refuse_outside,
    require_active,
    require_admin,
)
from pleaguard.services.records import ApiToken, Role, User

#: The longest stretch of time the rate limiter looks back over; older attempts are pruned.
LOGIN_WINDOW = dt.timedelta(minutes=15)
LOGIN_MAX_FAILURES = 5
#: Every this-many-th login attempt (by row id) prunes the attempts older than LOGIN_WINDOW.
LOGIN_PRUNE_EVERY = 1000
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
DEFAULT_TOKEN_TTL = dt.timedelta(days=30)
MAX_TOKEN_TTL = dt.timedelta(days=366)
TOKEN_PREFIX = "pgt_"
USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{1,63}")

log = logging.getLogger("pleaguard.accounts")
_hasher = PasswordHasher()
_dummy_hash: list[str] = []


def _dummy() -> str:
    """A real argon2 hash to verify against when the username is unknown, so both paths take the same time."""
    if not _dummy_hash:
        _dummy_hash.append(_hasher.hash(secrets.token_urlsafe(16)))
    return _dummy_hash[0]

SIGN_IN_FAILED = "用户名或密码错误 / wrong username or password"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password_text(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"密码过短（至少 {MIN_PASSWORD_LENGTH} 个字符）"
                         f" / password too short (at least {MIN_PASSWORD_LENGTH} characters)", field="password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(f"密码过长（至多 {MAX_PASSWORD_LENGTH} 个字符）"
                         f" / password too long (at most {MAX_PASSWORD_LENGTH} characters)", field="password")
    return password


def _check_username(username: object) -> str:
    if not isinstance(username, str) or not USERNAME.fullmatch(username):
        raise InputError("用户名格式不正确 / invalid username", field="username",
                         allowed="2-64 个字符：小写字母、数字、'_'、'.'、'-'，以字母或数字开头"
                                 " / 2-64 characters: lowercase letters, digits, '_', '.', '-'; "
                                 "starting with a letter or digit")
    return username


def _taken(name: str) -> str:
    return f"用户名 {name!r} 已被占用 / username {name!r} is already taken"


def _check_role(role: object) -> Role:
    try:
        return Role(str(role))
    except ValueError:
        raise InputError(f"未知角色 {role!r} / unknown role {role!r}", field="role",
                         allowed=", ".join(r.value for r in Role)) from None


def create_user(uow: SqlAlchemyUnitOfWork, *, actor: User | None, username: str, password: str, role: Role | str,
                display_name: str | None = None) -> User:
    """A new active user. Only a legal-aid admin (or the local operator) may create users."""
    require_admin(actor)
    name = _check_username(username)
    pw = _check_password_text(password)
    the_role = _check_role(role)
    shown = (display_name or name).strip()
    if not shown or len(shown) > 200:
        raise InputError("显示名称须为 1-200 个字符 / display name must be 1-200 characters", field="display_name")
    pw_hash = hash_password(pw)
    with uow:
        if uow.users.get_by_username(name) is not None:
            raise InputError(_taken(name), field="username")
        try:
            user = uow.users.add(username=name, display_name=shown, password_hash=pw_hash, role=the_role,
                                 created_at=uow.now())
        except IntegrityError:
            raise InputError(_taken(name), field="username") from None
        uow.commit()
    return user


def list_users(uow: SqlAlchemyUnitOfWork, *, actor: User | None) -> list[User]:
    require_admin(actor)
    with uow:
        return uow.users.all()


def get_user(uow: SqlAlchemyUnitOfWork, *, actor: User | None, username: str) -> User:
    require_admin(actor)
    with uow:
        user = uow.users.get_by_username(username)
    if user is None:
        raise NotFound(f"用户 {username} 不存在 / no user {username}")
    return user


def set_active(uow: SqlAlchemyUnitOfWork, *, actor: User | None, username: str, active: bool) -> User:
    """Deactivate (or reactivate) an account. A deactivated user cannot sign in, and their tokens stop working."""
    require_admin(actor)
    with uow:
        user = uow.users.get_by_username(username)
        if user is None:
            raise NotFound(f"用户 {username} 不存在 / no user {username}")
        uow.users.set_active(user.id, active)
        uow.commit()
    return User(id=user.id, username=user.username, display_name=user.display_name, role=user.role, active=active,
                created_at=user.created_at)


def set_password(uow: SqlAlchemyUnitOfWork, *, actor: User | None, username: str, password: str) -> int:
    """Give the user a new password (an administrator's reset, or the local operator's). Every session and API
    token of the user is revoked with it, so whoever held the old password is signed out; the number revoked."""
    require_active(actor)
    if actor is not None and actor.username != username and not actor.is_admin:
        raise PermissionDenied("只能修改自己的密码 / you may change only your own password")
    pw_hash = hash_password(_check_password_text(password))
    with uow:
        user = uow.users.get_by_username(username)
        if user is None:
            raise NotFound(f"用户 {username} 不存在 / no user {username}")
        uow.users.set_password_hash(user.id, pw_hash)
        revoked = uow.tokens.revoke_all(user_id=user.id, at=uow.now())
        uow.commit()
    return revoked


def change_password(uow: SqlAlchemyUnitOfWork, *, actor: User, current_password: str, new_password: str, ip: str,
                    keep_token: str | None = None) -> int:
    """The signed-in user changes their own password, proving the current one first.

    A wrong current password counts as a failed sign-in for the rate limit (a stolen session cannot be used to
    guess it), and RateLimited follows as for sign-in. On success every other session and API token of the user
    is revoked (`keep_token`, the one making the request, stays); the number revoked."""
    if actor is None:
        raise PermissionDenied("只有登录用户可以修改自己的密码 / only a signed-in user changes their own password")
    require_active(actor)
    new = _check_password_text(new_password)
    if not isinstance(current_password, str) or not current_password:
        raise InputError("请输入当前密码 / enter the current password", field="current_password")
    if new == current_password:
        raise InputError("新密码不能与当前密码相同 / the new password must differ from the current one",
                         field="new_password")
    address = (ip or "unknown")[:64]
    with uow:
        now = uow.now()
        if uow.logins.failures_since(username=actor.username, ip=address, since=now - LOGIN_WINDOW) \
                >= LOGIN_MAX_FAILURES:
            raise RateLimited(
                f"密码错误次数过多，请 {int(LOGIN_WINDOW.total_seconds() // 60)} 分钟后再试"
                " / too many wrong passwords; try again later",
                retry_after_seconds=int(LOGIN_WINDOW.total_seconds()),
            )
        stored = uow.users.password_hash(actor.id)
    try:
        ok: bool = _hasher.verify(stored, current_password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok:
        with uow:
            uow.logins.record(username=actor.username, ip=address, at=uow.now(), ok=False)
            uow.commit()
        raise InputError("当前密码不正确 / the current password is wrong", field="current_password")
    pw_hash = hash_password(new)
    with uow:
        uow.users.set_password_hash(actor.id, pw_hash)
        revoked = uow.tokens.revoke_all(user_id=actor.id, at=uow.now(),
                                        keep_hash=_token_hash(keep_token) if keep_token else None)
        uow.commit()
    return revoked


def authenticate(uow: SqlAlchemyUnitOfWork, *, username: str, password: str, ip: str) -> User:
    """The user with this username and password, or AuthenticationFailed (RateLimited after too many failures).

    The failure message never says whether the username exists.
    """
    name = username.strip().lower() if isinstance(username, str) else ""
    name = name[:64]
    address = (ip or "unknown")[:64]
    with uow:
        now = uow.now()
        failures = uow.logins.failures_since(username=name, ip=address, since=now - LOGIN_WINDOW)
        limited = failures >= LOGIN_MAX_FAILURES
        if limited:
            attempt = uow.logins.record(username=name, ip=address, at=now, ok=False)
            uow.commit()
        else:
            user = uow.users.get_by_username(name)
            stored = uow.users.password_hash(user.id) if user is not None else _dummy()
    if limited:
        _prune_now_and_then(uow, attempt)
        raise RateLimited(
            f"登录失败次数过多，请 {int(LOGIN_WINDOW.total_seconds() // 60)} 分钟后再试"
            " / too many failed sign-ins; try again later",
            retry_after_seconds=int(LOGIN_WINDOW.total_seconds()),
        )
    # The slow hash runs outside the transaction, so it never holds a lock.
    try:
        ok: bool = _hasher.verify(stored, password if isinstance(password, str) else "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    ok = ok and user is not None and user.active
    rehash = hash_password(password) if ok and _hasher.check_needs_rehash(stored) else None
    with uow:
        attempt = uow.logins.record(username=name, ip=address, at=now, ok=ok)
        if rehash is not None and user is not None:
            uow.users.set_password_hash(user.id, rehash)
        uow.commit()
    _prune_now_and_then(uow, attempt)
    if not ok or user is None:
        raise AuthenticationFailed(SIGN_IN_FAILED)
    return user


def _prune_now_and_then(uow: SqlAlchemyUnitOfWork, attempt_id: int) -> None:
    """On every LOGIN_PRUNE_EVERY-th attempt, delete the attempts the limiter no longer looks at. Never raises:
    the attempt is already recorded, and a prune that fails (e.g. a busy database) waits for the next turn."""
    if attempt_id % LOGIN_PRUNE_EVERY:
        return
    try:
        with uow:
            pruned = uow.logins.prune(before=uow.now() - LOGIN_WINDOW)
            uow.commit()
    except SQLAlchemyError:
        log.exception("could not prune old login attempts")
        return
    log.info("pruned %d login attempts older than %s", pruned, LOGIN_WINDOW)


def prune_login_attempts(uow: SqlAlchemyUnitOfWork, *, actor: User | None) -> int:
    """Delete every login attempt older than LOGIN_WINDOW (the rate limiter never looks at them again); the
    number deleted. Sign-in does this by itself every LOGIN_PRUNE_EVERY attempts; this does it now."""
    require_admin(actor)
    with uow:
        pruned = uow.logins.prune(before=uow.now() - LOGIN_WINDOW)
        uow.commit()
    return pruned


def load_user(uow: SqlAlchemyUnitOfWork, *, user_id: int) -> User | None:
    """The user a session refers to; None when the account no longer exists or is deactivated."""
    with uow:
        user = uow.users.get(user_id)
    return user if user is not None and user.active else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(uow: SqlAlchemyUnitOfWork, *, actor: User, name: str = "api",
                ttl: dt.timedelta = DEFAULT_TOKEN_TTL) -> tuple[str, ApiToken]:
    """A new API token for the actor. The token text is returned once; only its SHA-256 hash is stored."""
    if actor is None:
        raise PermissionDenied("API 令牌必须属于某个用户 / a token belongs to a user")
    require_active(actor)
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 100:
        raise InputError("令牌名称须为 1-100 个字符 / token name must be 1-100 characters", field="name")
    if ttl <= dt.timedelta(0) or ttl > MAX_TOKEN_TTL:
        raise InputError("令牌有效期超出范围 / token lifetime out of range", field="ttl",
                         allowed=f"大于 0 且不超过 {MAX_TOKEN_TTL.days} 天"
                                 f" / more than 0 and at most {MAX_TOKEN_TTL.days} days")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow:
        now = uow.now()
        record = uow.tokens.add(user_id=actor.id, token_hash=_token_hash(token), name=name.strip(), created_at=now,
                                expires_at=now + ttl)
        uow.commit()
    return token, record


def resolve_token(uow: SqlAlchemyUnitOfWork, *, token: str) -> User:
    """The active user an API token belongs to; AuthenticationFailed if it is unknown, expired or revoked."""
    return resolve_token_until(uow, token=token)[0]


def resolve_token_until(uow: SqlAlchemyUnitOfWork, *, token: str) -> tuple[User, dt.datetime]:
    """`resolve_token`, with the instant (UTC) the token expires."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise AuthenticationFailed("无效的令牌 / invalid token")
    with uow:
        found = uow.tokens.user_of_valid_token(_token_hash(token), uow.now())
    if found is None or not found[0].active:
        raise AuthenticationFailed("无效、过期或已撤销的令牌 / invalid, expired or revoked token")
    return found


def list_tokens(uow: SqlAlchemyUnitOfWork, *, actor: User) -> list[ApiToken]:
    with uow:
        return uow.tokens.for_user(actor.id)


def revoke_token(uow: SqlAlchemyUnitOfWork, *, actor: User, token_id: int) -> None:
    """Revoke one of the actor's own tokens (NotFound for someone else's or an already revoked one)."""
    with uow:
        if not uow.tokens.revoke(token_id=token_id, user_id=actor.id, at=uow.now()):
            raise NotFound(f"令牌 {token_id} 不存在 / no such token")
        uow.commit()


def _require_admin_for(uow: SqlAlchemyUnitOfWork, actor: User | None, case_id: str, attempted: str) -> None:
    """`require_admin`, recording a refusal in the case's audit trail when the case exists."""
    if actor is not None and not can_see_all(actor):
        reason = "inactive" if not actor.active else "not_admin"
        refuse_outside(uow, actor, case_id, attempted=attempted, reason=reason)
    require_admin(actor)


def assign(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str, username: str) -> None:
    """Give a user access to a case (admin only). Recorded in the case's audit trail, and so is a refused try."""
    _require_admin_for(uow, actor, case_id, "assign")
    with uow:
        case = open_case(uow, actor, case_id, attempted="assign")
        user = uow.users.get_by_username(username)
        if user is None:
            raise InputError(f"用户 {username!r} 不存在 / no user {username!r}", field="username")
        if uow.users.is_assigned(case_pk=case.pk, user_id=user.id):
            raise InputError(f"{username} 已分配到案件 {case_id} / {username} is already assigned to case {case_id}",
                             field="username")
        uow.users.assign(case_pk=case.pk, user_id=user.id, assigned_by=actor_name(actor), at=uow.now())
        uow.audit.record(case_pk=case.pk, actor_id=actor_id(actor), actor=actor_name(actor), action="assign",
                         at=uow.now(), detail={"user": user.username, "role": user.role.value})
        uow.commit()


def unassign(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str, username: str) -> None:
    """Take a user's access to a case away (admin only). Recorded in the case's audit trail, and so is a refused
    try."""
    _require_admin_for(uow, actor, case_id, "unassign")
    with uow:
        case = open_case(uow, actor, case_id, attempted="unassign")
        user = uow.users.get_by_username(username)
        if user is None or not uow.users.unassign(case_pk=case.pk, user_id=user.id):
            raise InputError(f"{username} 未分配到案件 {case_id} / {username} is not assigned to case {case_id}",
                             field="username")
        uow.audit.record(case_pk=case.pk, actor_id=actor_id(actor), actor=actor_name(actor), action="unassign",
                         at=uow.now(), detail={"user": user.username})
        uow.commit()


def assignees(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str) -> list[User]:
    """The users assigned to a case (anyone who may see the case may see who works on it)."""
    with uow:
        case = open_case(uow, actor, case_id, attempted="assignees")
        return uow.users.assignees(case.pk)

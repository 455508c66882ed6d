"""Errors PleaGuard raises on purpose.

Every error a user can cause is an `InputError`: the command line turns it into a one-line message on
stderr and exit code 2; the API turns it into a 4xx problem document. Nothing here is a crash.

Messages are written for the user, Chinese first: "中文说明 / English text" (e.g. "案件编号 'A-1' 已被使用 /
case id 'A-1' is already in use"). Tests and callers match on the English half or on the `field`.

    PleaGuardError
    ├── InputError              bad input from a user (exit 2; HTTP 400/422)
    │   ├── UnknownCrime        a crime code name the law data does not define
    │   ├── ContradictoryFacts  facts that cannot all be true (e.g. attempt and abandonment together)
    │   └── AmbiguousDate       date arithmetic with more than one reasonable answer
    ├── LawError
    │   ├── LawNotInForce       no rule was in force on the date asked (before the first value, or repealed)
    │   └── MalformedLaw        the law data itself is invalid (a packaging error, not a user error)
    └── NotFound                a record that does not exist or that the user may not see
"""

from __future__ import annotations


class PleaGuardError(Exception):
    """Base class of every error PleaGuard raises on purpose."""


class InputError(PleaGuardError, ValueError):
    """The user's input is wrong. `field` names where, `allowed` says what would be accepted."""

    def __init__(self, message: str, *, field: str | None = None, allowed: str | None = None) -> None:
        self.field = field
        self.allowed = allowed
        self.reason = message
        parts = [f"{field}: {message}" if field else message]
        if allowed:
            parts.append(f"可接受 / allowed: {allowed}")
        super().__init__("; ".join(parts))

    def to_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "reason": self.reason, "allowed": self.allowed}


class UnknownCrime(InputError):
    """A crime code name that the law data does not define."""


class ContradictoryFacts(InputError):
    """Facts that cannot all be true at once."""


class AmbiguousDate(InputError):
    """Date arithmetic that has more than one reasonable answer; the caller must decide."""


class LawError(PleaGuardError):
    """Something about the law data or its application in time."""


class LawNotInForce(LawError, InputError):
    """No value of a rule was in force on the date asked.

    It is also an InputError because the usual cause is a user's date before the rule existed.
    """

    def __init__(self, message: str, *, field: str | None = None, allowed: str | None = None) -> None:
        InputError.__init__(self, message, field=field, allowed=allowed)


class MalformedLaw(LawError):
    """The law data is invalid. Raised when loading, with the file and key at fault."""


class NotFound(PleaGuardError):
    """A record that does not exist, or that the current user is not allowed to see."""

"""Trace entries: the JSON form of one explained step, `{step, message, values, cites, basis}`.

The result of `pleaguard sentence` carries its whole reasoning as a list of these entries (product.md, "Stable
contracts"). The engine writes per-case steps straight in this form (`entry`) and turns the `Step`s of the crime
rules and of the per-law-view tables into it (`from_step`), the same content `Step.to_dict` gives.

Parts of a result that do not depend on the case — the JSON form of a citation, the entry of a step the law data
fixes (a statutory tier, a starting point, a circumstance's ratio) — are built once and shared between results, as
read-only containers (`ReadOnlyDict`, `ReadOnlyList`: a `dict`/`list` for every reader, JSON encoder and `==`,
but changing one raises `TypeError` instead of changing every later result; `dict(x)`, `list(x)`, `copy` and
`pickle` give ordinary, changeable copies). Everything that depends on the case is built fresh per result.
"""

from __future__ import annotations

from typing import Any, NoReturn, SupportsIndex

from pleaguard.rules.citations import Basis, Citation, Step

Entry = dict[str, Any]

_MESSAGE = "this part of a sentencing result is shared between results and read-only; change a copy (dict(x))"


class ReadOnlyDict(dict[str, Any]):
    """A dict that refuses changes (a shared, precomputed part of a result)."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(_MESSAGE)

    def __setitem__(self, key: str, value: Any) -> NoReturn:
        self._refuse()

    def __delitem__(self, key: str) -> NoReturn:
        self._refuse()

    def __ior__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))  # copies and pickles are ordinary dicts


class ReadOnlyList(list[Any]):
    """A list that refuses changes (a shared, precomputed part of a result)."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(_MESSAGE)

    def __setitem__(self, index: SupportsIndex | slice, value: Any) -> NoReturn:
        self._refuse()

    def __delitem__(self, index: SupportsIndex | slice) -> NoReturn:
        self._refuse()

    def __iadd__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    def __imul__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))


_CITES: dict[int, tuple[Citation, ReadOnlyDict]] = {}
_STEPS: dict[int, tuple[Step, ReadOnlyDict]] = {}
_LIMIT = 65536
_STEP_LIMIT = 16384  # steps include those of the crime rules' per-case results: a smaller bound keeps the heap small


def cite_dict(c: Citation) -> ReadOnlyDict:
    """The JSON form of a citation (`Citation.to_dict`), built once per citation object and shared."""
    hit = _CITES.get(id(c))
    if hit is not None and hit[0] is c:
        return hit[1]
    d = ReadOnlyDict(c.to_dict())
    if len(_CITES) > _LIMIT:
        _CITES.clear()
    _CITES[id(c)] = (c, d)  # the citation is kept alive with its entry, so its id cannot be reused meanwhile
    return d


def cites(cs: tuple[Citation, ...]) -> list[dict[str, Any]]:
    """The JSON citations of an entry (a fresh list of the shared citation dicts)."""
    return [cite_dict(c) for c in cs]


_ONE: dict[int, tuple[Citation, ReadOnlyList]] = {}


def one_cite(c: Citation) -> ReadOnlyList:
    """The JSON citations of an entry with the single citation `c`, built once per citation object and shared."""
    hit = _ONE.get(id(c))
    if hit is not None and hit[0] is c:
        return hit[1]
    out = ReadOnlyList((cite_dict(c),))
    if len(_ONE) > _LIMIT:
        _ONE.clear()
    _ONE[id(c)] = (c, out)
    return out


def entry(code: str, message: str, values: dict[str, Any], cs: tuple[Citation, ...], basis: Basis = "law") -> Entry:
    """A trace entry made for one result; `values` must be a dict made for it (it is not copied). Its citations
    (the same for every result that cites the same) are shared read-only when there is one."""
    return {"step": code, "message": message, "values": values,
            "cites": one_cite(cs[0]) if len(cs) == 1 else [cite_dict(c) for c in cs], "basis": basis}


def from_step(s: Step) -> Entry:
    """A long-lived `Step` as a trace entry, built once per step and shared (read-only) between results.

    Only for steps that are kept (by the crime rules, the circumstance tables, module constants): the cache holds a
    reference to each step it has seen, so a step made per case would only fill it.
    """
    hit = _STEPS.get(id(s))
    if hit is not None and hit[0] is s:
        return hit[1]
    e = frozen_entry(s)
    if len(_STEPS) > _STEP_LIMIT:
        _STEPS.clear()
    _STEPS[id(s)] = (s, e)
    return e


def frozen_entry(s: Step) -> ReadOnlyDict:
    """The read-only trace entry of a step (values are a read-only copy; nested values are the step's own)."""
    return ReadOnlyDict(step=s.code, message=s.message, values=ReadOnlyDict(s.values),
                        cites=ReadOnlyList(cite_dict(c) for c in s.cites), basis=s.basis)

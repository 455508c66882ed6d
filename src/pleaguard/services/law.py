"""What the law says on a date: every parameter in force, with its value, citation and quotation.

Shared by `pleaguard law show` and the web's law page and API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pleaguard.errors import LawNotInForce
from pleaguard.rules.parameters import Law


def in_force(law: Law, day: dt.date, province: str | None = None, prefix: str = "") -> list[dict[str, Any]]:
    """Every parameter in force on `day`, with value, citation (rendered) and quotation."""
    view = law.at(day, province)
    names = sorted({p.name for prov, p in law.iter_parameters() if prov in (None, province)})
    rows: list[dict[str, Any]] = []
    for name in names:
        if prefix and not name.startswith(prefix):
            continue
        try:
            v = view.get(name)
        except LawNotInForce:
            continue
        rows.append(
            {
                "parameter": name,
                "value": v.value,
                "effective_from": v.effective_from.isoformat(),
                "basis": v.basis,
                "cite": v.cite.to_dict() if v.cite else None,
                "citation": law.render(v.cite) if v.cite else None,
                "quote": v.quote,
            }
        )
    return rows

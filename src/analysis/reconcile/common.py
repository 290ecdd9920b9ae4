"""Small helpers the rule modules share: guards for absent tables, combining column verdicts."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from decimal import Decimal

from .frames import Inputs, Row
from .registry import CheckSpec, Finding
from .verdict import STATUS_RANK, Outcome


def table_guard(inp: Inputs, *tables: str) -> Finding | None:
    """A finding when a table the check needs was printed empty or not found, else None.

    Empty (本部门当年无…) makes the check `not_applicable`; missing makes it `insufficient_data`.
    """
    for table in tables:
        status = inp.status(table)
        if status == "missing":
            return Finding(None, Outcome("insufficient_data", detail=f"table {table} not found in the PDF"))
    for table in tables:
        if inp.status(table) == "empty":
            return Finding(None, Outcome("not_applicable", detail=f"table {table} is printed empty"))
    return None


def guarded(rule: Callable[[Inputs, "CheckSpec"], Iterator[Finding]]) -> Callable[[Inputs, "CheckSpec"], Iterator[Finding]]:
    """Run a rule only when its tables (params["table"], else spec.tables) are printed with figures.

    Otherwise the rule yields one finding saying why (not_applicable / insufficient_data), so an
    empty 政府性基金 table never reads as a pass.
    """
    @functools.wraps(rule)
    def run(inp: Inputs, spec: "CheckSpec") -> Iterator[Finding]:
        tables = (spec.params["table"],) if "table" in spec.params else spec.tables
        if (guard := table_guard(inp, *dict.fromkeys(tables))) is not None:
            yield guard
            return
        yield from rule(inp, spec)
    return run


def combine(outcomes: dict[str, Outcome]) -> Outcome:
    """One verdict for a row checked in several columns: the worst column, the others in detail."""
    if not outcomes:
        return Outcome("insufficient_data", detail="no values to compare")
    worst_col = max(outcomes, key=lambda c: STATUS_RANK[outcomes[c].status])
    o = outcomes[worst_col]
    others = [f"{c}: {v.status}" + (f" ({v.detail})" if v.detail else "")
              for c, v in outcomes.items() if c != worst_col and v.status != "pass"]
    detail = f"column {worst_col}" + (f": {o.detail}" if o.detail else "")
    if others:
        detail += "; " + "; ".join(others)
    return Outcome(o.status, o.expected, o.actual, o.tolerance, detail)


def row_pages(*rows: Row | None) -> str:
    return ";".join(str(p) for p in sorted({p for r in rows if r for p in r.pages}))


def columns_of(*rows: Row) -> list[str]:
    """Columns printed in any of the rows, in first-seen order."""
    seen: dict[str, None] = {}
    for r in rows:
        for c in r.values:
            seen.setdefault(c, None)
    return list(seen)


def zero_if_blank(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)

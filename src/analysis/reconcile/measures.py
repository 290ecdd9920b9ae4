"""Measure before comparing: does a table print the measure (预算数 or 决算数) a sentence speaks of?

The 三公 table prints 预算数 beside 决算数, and some departments fill in only the 预算数: every
决算数 blank. A blank cell in a printed row is usually nothing spent, but a column the table leaves
blank in every row is a measure it does not print; a sentence about spending (决算, 支出) is then
neither confirmed nor contradicted by it — `not_applicable` with this reason, never a `fail` on a
budget figure or on a 0 the table never printed.
"""

from __future__ import annotations

from .frames import Inputs

# Tables printing 预算数 beside 决算数: the column-key prefix of each measure.
MEASURE_COLUMNS = {"three_public": {"budget": "budget_", "actual": "actual_"}}
MEASURE_ZH = {"budget": "预算数", "actual": "决算数"}


def printed_columns(inp: Inputs, table: str) -> set[str]:
    """The columns of a table that print a figure in at least one row."""
    return {c for r in inp.rows(table) for c, v in r.values.items() if v is not None}


def unprinted_measure(inp: Inputs, table: str, measure: str) -> str | None:
    """Why `table` cannot answer for `measure` (it prints figures, none of them that measure's),
    or None when it can (or prints nothing at all: an empty table is its own statement)."""
    prefix = MEASURE_COLUMNS.get(table, {}).get(measure)
    printed = printed_columns(inp, table)
    if not prefix or not printed or any(c.startswith(prefix) for c in printed):
        return None
    return (f"{table} prints no {MEASURE_ZH[measure]} ({measure}), only {', '.join(sorted(printed))}: "
            f"a statement about its {MEASURE_ZH[measure]} is not compared with another measure")

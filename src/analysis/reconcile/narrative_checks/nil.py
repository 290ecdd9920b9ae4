"""Nil statements: 本部门当年无政府性基金… against the table printed empty (the rule `narrative.none`)."""

from __future__ import annotations

from collections.abc import Iterator

from ..frames import Inputs
from ..registry import CheckSpec, Finding
from ..verdict import ZERO, Outcome
from .facts import facts_of, noted

# The nil statement fact keys and the table each says is empty.
NONE_STATEMENTS = {"gov_fund_none": "gov_fund", "soe_capital_none": "soe_capital",
                   "three_public_none": "three_public"}


def rule_none_statements(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """本部门当年无政府性基金… ↔ the table is printed empty (or all zero)."""
    fs = facts_of(inp)
    for key, table in NONE_STATEMENTS.items():
        stated = [f for f in fs if f.key == key]
        if not stated:
            continue
        noted(stated[0])
        status = inp.status(table)
        figures = [v for r in inp.rows(table) for c in r.values if (v := r.get(c))]  # read: the evidence
        if status == "missing":
            o = Outcome("insufficient_data", detail=f"table {table} not found")
        elif figures:
            o = Outcome("fail", ZERO, sum(figures, ZERO), detail=f"the text says none, but {table} prints figures")
        else:
            o = Outcome("pass", ZERO, ZERO, detail=f"{table} is {'printed empty' if status == 'empty' else 'all zero'}")
        yield Finding(key, o, stated[0].page, key)

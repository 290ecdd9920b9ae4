"""Nil statements: 本部门当年无政府性基金… against the table printed empty (the rule `narrative.none`).

Measured before compared: 无“三公”经费财政拨款支出 speaks of 决算 (spending), so where the 三公 table
prints 预算数 only (every 决算数 blank) it neither confirms nor contradicts the sentence — that is
`not_applicable` with the reason, never a `fail` on a budget figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..frames import Inputs
from ..registry import CheckSpec, Finding
from ..verdict import ZERO, Outcome
from .facts import facts_of, noted
from ..measures import MEASURE_COLUMNS, MEASURE_ZH, unprinted_measure

# The nil statement fact keys and the table each says is empty.
NONE_STATEMENTS = {"gov_fund_none": "gov_fund", "soe_capital_none": "soe_capital",
                   "three_public_none": "three_public"}

# Fund names that contain 预算 without speaking of a budget (政府性基金预算财政拨款 is a kind of money).
FUND_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|部门预算|预决算")
CLAUSE_END = re.compile(r"[，。；,;！!]")
NIL_WORD = re.compile(r"无|没有")


def nil_measure(sentence: str, cue: str) -> str:
    """Which measure a nil statement speaks of, from its own clause: 支出 / 决算 → actual
    (无“三公”经费财政拨款支出), 预算 alone → budget (未安排“三公”经费预算), neither → "" (both)."""
    start = sentence.find(cue) if cue else -1
    if start < 0:  # a frame without the cue (a hand-written or reloaded narrative): the first 无 / 没有
        found = NIL_WORD.search(sentence)
        start = found.start() if found else 0
    clause = sentence[start:]
    end = CLAUSE_END.search(clause)
    clause = FUND_NAMES.sub("", clause[: end.start()] if end else clause)
    if "决算" in clause or "支出" in clause:
        return "actual"
    return "budget" if "预算" in clause else ""


def rule_none_statements(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """本部门当年无政府性基金… ↔ the table is printed empty (or all zero), in the columns of the
    measure the statement speaks of; a table that prints only the other measure is no evidence."""
    fs = facts_of(inp)
    for key, table in NONE_STATEMENTS.items():
        stated = [f for f in fs if f.key == key]
        if not stated:
            continue
        noted(stated[0])
        status = inp.status(table)
        measure = nil_measure(stated[0].sentence, stated[0].text)
        prefix = MEASURE_COLUMNS.get(table, {}).get(measure, "")
        rows = inp.rows(table)
        figures = [v for r in rows for c in sorted(r.values) if c.startswith(prefix) and (v := r.get(c))]  # the evidence
        unprinted = unprinted_measure(inp, table, measure) if prefix else None
        if status == "missing":
            o = Outcome("insufficient_data", detail=f"table {table} not found")
        elif unprinted:
            o = Outcome("not_applicable", detail=f"the text says there is none; {unprinted}")
        elif figures:
            o = Outcome("fail", ZERO, sum(figures, ZERO), detail=f"the text says none, but {table} prints figures"
                        + (f" in its {MEASURE_ZH[measure]} columns" if prefix else ""))
        else:
            o = Outcome("pass", ZERO, ZERO, detail=f"{table} is {'printed empty' if status == 'empty' else 'all zero'}"
                        + (f" in its {MEASURE_ZH[measure]} columns" if prefix and status != "empty" else ""))
        yield Finding(key, o, stated[0].page, key)

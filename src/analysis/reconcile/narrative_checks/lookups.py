"""A subject's figures as a rule needs them: its amount (the table's, else the text's), its budgets
(the denominators a rate may be measured against), and the kindest of several legitimate readings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ...domain import TABLE_KEYS
from ..frames import Inputs
from ..verdict import HALF_UNIT, STATUS_RANK, Outcome
from .facts import Fact, text_value
from .figures import BY_STEM, candidates
from .identity import budget_measure, same_budget

def table_half(inp: Inputs, table: str) -> Decimal:
    return inp.half_unit(table) if table in TABLE_KEYS else HALF_UNIT


def table_printing(inp: Inputs, stem: str, name: str) -> tuple[str, Decimal] | None:
    """The table and figure of a subject's first printing (None when absent or ambiguous)."""
    fig = BY_STEM.get(stem)
    if not fig or not fig.actual:
        return None
    found = candidates(fig.actual[1](inp, name))
    return (fig.actual[0], found[0]) if len(found) == 1 else None  # ambiguous: the text's own figure stands in


def amount_with_half(inp: Inputs, fs: list[Fact], stem: str, name: str,
                     before: int | None = None) -> tuple[Decimal, Decimal] | None:
    """A subject's amount and its half printing unit: the table's figure, else what the text states."""
    found = table_printing(inp, stem, name)
    if found is not None:
        return found[1], table_half(inp, found[0])
    f = text_value(fs, stem, ("amount",), name, before)
    return (f.value, f.half) if f and f.value is not None else None


def amount_of(inp: Inputs, fs: list[Fact], stem: str, name: str, before: int | None = None) -> Decimal | None:
    """A subject's amount: the table's figure, else what the text states."""
    found = amount_with_half(inp, fs, stem, name, before)
    return found[0] if found else None


def budget_of(inp: Inputs, fs: list[Fact], stem: str, name: str, before: int | None = None) -> Decimal | None:
    fig = BY_STEM.get(stem)
    found = candidates(fig.budget(inp, name)) if fig and fig.budget else []
    if len(found) == 1:
        return found[0]
    f = text_value(fs, stem, ("budget", "full_year_budget"), name, before)
    return f.value if f else None


@dataclass(frozen=True)
class Denominator:
    """A budget a completion rate may be measured against: its measure, figure and source."""

    measure: str
    value: Decimal
    half: Decimal
    source: str


def denominators(inp: Inputs, fs: list[Fact], f: Fact) -> list[Denominator]:
    """Every budget of the fact's subject: the nearest text statement of each measure (年初, 全年,
    调整, unspecified) before it, else the table's (三公 and 自评表 print the 全年预算数)."""
    out: dict[str, Denominator] = {}
    for g in fs:
        if g.index > f.index or g.stem != f.stem or g.name != f.name or g.value is None:
            continue
        if g.suffix in ("budget", "full_year_budget"):
            m = budget_measure(g)
            out[m] = Denominator(m, g.value, g.half, f"the text's {m} {g.value}")
    fig = BY_STEM.get(f.stem)
    found = candidates(fig.budget(inp, f.name)) if fig and fig.budget else []
    if len(found) == 1:  # the table's figure stands for the text's (which its own check compares)
        table = Denominator("全年预算", found[0], HALF_UNIT, f"the table's 预算数 {found[0]}")
        for m in [m for m in out if same_budget(m, "全年预算")] or ["全年预算"]:
            out[m] = Denominator(m, table.value, table.half, table.source)
    return list(out.values())


def best(outcomes: Iterable[Outcome]) -> Outcome:
    """The kindest verdict among equally legitimate readings (the first on a tie).

    Regions quote a 类 from the 一般公共预算 table or the 支出 table and take shares of either
    total; a figure that agrees with one legitimate reading is not an error.
    """
    outcomes = list(outcomes)
    judged = [o for o in outcomes if o.status in ("pass", "warn", "fail")]
    return min(judged, key=lambda o: STATUS_RANK[o.status]) if judged else outcomes[0]

"""Stated rates of change (增长/下降p%, against last year or the budget): |change| over its base."""

from __future__ import annotations

from decimal import Decimal

from ..frames import Inputs
from ..verdict import ZERO, Outcome, quote_outcome
from .facts import Fact, text_value
from .lookups import amount_with_half

def judge_change(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome | None:
    """change % = |change| / base, base = last year's (or the budget): current − signed change.

    A base of zero (current − change ≈ 0: a unit new this year) has no growth rate; one printed
    anyway (增长100%) is a `warn` naming the zero base.
    """
    kind = f.suffix.replace("_pct", "")
    amount = text_value(fs, f.stem, (f"{kind}_amount",), f.name, f.index)
    if amount is None:
        return None
    direction = text_value(fs, f.stem, (f"{kind}_direction",), f.name, f.index + 1)
    sign = Decimal(-1) if (direction and direction.value is not None and direction.value < 0) or amount.value < 0 \
        else Decimal(1)
    change = abs(amount.value)
    h_change = amount.half
    if kind == "budget_change" and (b := text_value(fs, f.stem, ("budget", "full_year_budget"), f.name)) is not None:
        base, h_base = b.value, b.half
    else:
        # the text's own current figure (机关运行经费 may be less than the 公用经费 it is checked
        # against); the table's where the text states none
        stated = text_value(fs, f.stem, ("amount",), f.name, f.index)
        current = (stated.value, stated.half) if stated else amount_with_half(inp, fs, f.stem, f.name, f.index)
        if current is None:
            return Outcome("insufficient_data", None, f.value, detail="the current figure was not found")
        base, h_base = current[0] - sign * change, current[1] + h_change
    if base - h_base <= 0:
        if kind == "yoy_change" and f.value != 0:
            return Outcome("warn", None, f.value, h_base,
                           f"last year's figure = current − change = {base}, nothing to grow from: a rate from a "
                           f"zero base is undefined, yet {f.value}% is printed")
        return Outcome("not_applicable", None, f.value, detail="the base is 0")
    lo = max(ZERO, change - h_change) / (base + h_base) * 100
    hi = (change + h_change) / (base - h_base) * 100
    return quote_outcome(f.value, lo, hi, f"{change}/{base}", f.decimals, mid=change / base * 100)

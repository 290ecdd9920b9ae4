"""Stated completion rates (完成X预算的p%): the actual over the budget the text names."""

from __future__ import annotations

from ..frames import Inputs
from ..verdict import Outcome, ratio_outcome
from .facts import Fact
from .identity import BUDGET_MEASURES, same_budget, stated_measure
from .lookups import Denominator, amount_with_half, best, denominators

def judge_completion(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome:
    """完成X预算的 p%: actual / the budget the text names (年初, 全年, 调整; 预算 alone names any).

    A rate of a zero budget is undefined: printed anyway over a non-zero actual, it `fail`s (0 of 0
    printed 100% is the forms' convention: not_applicable). A rate that misses the budget it names
    but fits another stated budget `fail`s with both shown: the text names the wrong budget.
    """
    actual = amount_with_half(inp, fs, f.stem, f.name, f.index + 1)
    dens = denominators(inp, fs, f)
    if actual is None or not dens:
        return Outcome("insufficient_data", None, f.value, detail="completion: the actual or budget figure was not found")
    claimed = stated_measure(f)
    claimed = claimed if claimed in BUDGET_MEASURES and claimed != "项目预算金额" else "预算数"
    named = [d for d in dens if same_budget(claimed, d.measure)]
    others = [d for d in dens if d not in named]

    def fit(d: Denominator) -> Outcome | None:
        return ratio_outcome(f.value, actual[0], d.value, f"completion {actual[0]}/{d.value} ({d.measure})",
                             actual[1], d.half, f.decimals)

    fits_other = [(d, o) for d in others if (o := fit(d)) is not None and o.status in ("pass", "warn")]
    also = "; ".join(f"it is the rate of {d.source} ({o.expected}%)" for d, o in fits_other)
    if not named:
        return Outcome("insufficient_data", None, f.value,
                       detail=f"the text states no {claimed} to measure “{f.text}” against" + (f"; {also}" if also else ""))
    results = [(d, fit(d)) for d in named]
    judged = [o for _, o in results if o is not None]
    if judged and (ok := best(judged)).status in ("pass", "warn"):
        return ok
    zero = [d for d, o in results if o is None]
    if zero:
        d = zero[0]
        if actual[0] == 0:
            return Outcome("not_applicable", None, f.value,
                           detail=f"0 of a zero {d.measure}: the rate is undefined (printed {f.value}% by convention)")
        detail = (f"a rate of a zero {d.measure} ({d.source}): {actual[0]}/{d.value} is undefined, yet "
                  f"{f.value}% is printed")
        return Outcome("fail", None, f.value, None, f"{detail}; {also}" if also else detail)
    o = best(judged)
    if fits_other:
        return Outcome("fail", o.expected, o.actual, o.tolerance,
                       f"{o.detail}; the text says {claimed} but {also}")
    return o

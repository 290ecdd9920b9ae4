"""Stated amounts: against every table printing them (once measure and period match), and the
stated relation of actual to budget (比预算减少X, 决算数小于预算数)."""

from __future__ import annotations

from decimal import Decimal

from ..frames import Inputs
from ..verdict import HALF_UNIT, STATUS_RANK, Outcome, part_le_whole, quote_amount, quote_outcome
from .facts import Fact
from .figures import BY_STEM, Figure, candidates
from .identity import BUDGET_MEASURES, other_period, same_budget, stated_measure
from .lookups import amount_of, best, denominators, table_half

def judge_budget(inp: Inputs, f: Fact, fig: Figure) -> Outcome:
    """A stated budget against the table's (any of its candidates)."""
    values = candidates(fig.budget(inp, f.name)) if fig.budget else []
    if not values:
        return Outcome("insufficient_data", None, f.value, detail="the budget figure was not found")
    return best(quote_amount(f.value, v, HALF_UNIT, "text quotes the budget", f.half) for v in values)


def against_budget(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome | None:
    """比预算减少X / 决算数小于预算数: against the budget the words name (年初, 全年, 调整; 预算 alone: any)."""
    dens = denominators(inp, fs, f)
    fig = BY_STEM.get(f.stem)
    if not dens:  # a table prints this subject's budget, but it was not found: say so; else nothing proves it
        return Outcome("insufficient_data", None, f.value, detail="the budget figure was not found") \
            if fig is not None and fig.budget is not None else None
    actual = amount_of(inp, fs, f.stem, f.name, f.index + 1)
    claimed = stated_measure(f)
    claimed = claimed if claimed in BUDGET_MEASURES and claimed != "项目预算金额" else "预算数"
    named = [d for d in dens if same_budget(claimed, d.measure)]
    if actual is None or not named:
        return Outcome("insufficient_data", None, f.value,
                       detail=f"the actual figure or the {claimed} was not found")
    words = {1: "大于", 0: "等于", -1: "小于"}
    outcomes = []
    for d in named:
        if f.suffix == "budget_change_amount":
            diff = abs(d.value - actual)
            outcomes.append(quote_outcome(f.value, diff - 2 * HALF_UNIT, diff + 2 * HALF_UNIT,
                                          f"{d.measure} − actual", f.decimals, mid=diff))
            continue
        sign = (actual > d.value) - (actual < d.value)
        claimed_sign = int(f.value)  # type: ignore[arg-type]
        outcomes.append(Outcome("pass" if claimed_sign == sign else "fail", Decimal(sign), f.value, None,
                                f"actual {actual} {words[sign]} {d.measure} {d.value}; "
                                f"the text says {words.get(claimed_sign, claimed_sign)}"))
    return best(outcomes)


def judge_amount(inp: Inputs, f: Fact, fig: Figure) -> Outcome:
    """A stated amount against every table printing it, once its measure and period match theirs."""
    measure = stated_measure(f)
    if measure in BUDGET_MEASURES and fig.measure not in BUDGET_MEASURES:
        if fig.budget is not None and measure != "项目预算金额":
            values = candidates(fig.budget(inp, f.name))
            if values:
                return best(quote_amount(f.value, v, HALF_UNIT, "text quotes the budget", f.half) for v in values)
        return Outcome("not_applicable", None, f.value,
                       detail=f"the text states a {measure} (“{f.text}”); the tables print the {fig.measure}: "
                              "not the same figure, so not compared")
    if (period := other_period(f, inp.year)) is not None:
        return Outcome("not_applicable", None, f.value,
                       detail=f"the text states the figure of {period}; the tables are of {inp.year}: not compared")
    outcomes: list[Outcome] = []
    for reading in fig.readings(f.section):
        printed: list[tuple[str, Decimal]] = []
        ambiguous = False
        for table, resolver in reading:
            found = resolver(inp, f.name)
            ambiguous |= isinstance(found, list)
            printed += [(table, v) for v in candidates(found)]
        if not printed:
            continue
        if fig.compare == "le":
            outcomes.append(best(part_le_whole(f.value, v, HALF_UNIT, f"a part of {t}'s figure") for t, v in printed))
            continue
        judged = [(t, v, quote_amount(f.value, v, table_half(inp, t), f"text quotes {t}", f.half)) for t, v in printed]
        if ambiguous:  # one name, several rows (行政运行 under several 款): any of them may be meant
            outcomes.append(best(o for _, _, o in judged))
            continue
        agree = [(t, v, o) for t, v, o in judged if o.status != "fail"]
        differ = [(t, v, o) for t, v, o in judged if o.status == "fail"]
        if agree and differ:
            shown = "; ".join(f"{t} prints {v}" for t, v, _ in judged)
            outcomes.insert(0, Outcome("warn", agree[0][1], f.value, agree[0][2].tolerance,
                                    f"the text quotes {', '.join(t for t, _, _ in agree)}; the tables disagree "
                                    f"among themselves ({shown}): the discrepancy is theirs (see the cross-table checks)"))
        elif agree:
            outcomes.append(max((o for _, _, o in agree), key=lambda o: STATUS_RANK[o.status]))
        else:
            outcomes.append(best(o for _, _, o in differ))
    if not outcomes:
        return Outcome("insufficient_data", None, f.value, detail="the table figure was not found")
    o = best(outcomes)  # a disagreement between printings comes first: on a tie it is the one named
    if o.status == "fail" and not fig.measure_stated and measure is None:
        return Outcome("warn", o.expected, o.actual, o.tolerance,
                       f"{o.detail}; the text (“{f.text}”) does not say whether it states a budget or spending")
    return o

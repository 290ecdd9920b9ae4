"""One stated figure → its verdict, by kind (amount, budget, share, completion, change), and the rule
`narrative.fact` that judges every fact with a counterpart and lists the rest."""

from __future__ import annotations

from collections.abc import Iterator

from ...domain import TABLE_KEYS
from ..frames import Inputs
from ..registry import CheckSpec, Finding
from ..verdict import Outcome
from .amounts import against_budget, judge_amount, judge_budget
from .changes import judge_change
from .completion import judge_completion
from .facts import Fact, facts_of, noted
from .figures import BY_STEM
from .nil import NONE_STATEMENTS
from .shares import judge_share
from .sums import BOUNDS, SUMS

TEXT_ONLY = ("reason", "placeholder", "template_instruction")

# What kind of statement a fact is, for its description (zh, en).
KIND_WORDS = {
    "amount": ("说明中的金额 = 表中数", "an amount stated in the text = the table's"),
    "budget": ("说明中的预算数 = 表中预算数", "a budget stated in the text = the table's"),
    "full_year_budget": ("说明中的全年预算数 = 表中数", "a full-year budget stated = the table's"),
    "share_pct": ("说明中的占比 = 按表重算", "a share stated in the text = recomputed from the tables"),
    "completion_pct": ("完成预算% = 决算数 / 预算数", "completion % = actual / budget"),
    "yoy_change_pct": ("增减% = 增减额 / 上年数", "year-on-year % = change / last year's figure"),
    "budget_change_pct": ("比预算增减% = 增减额 / 预算数", "% against budget = change / budget"),
    "budget_change_amount": ("比预算增减额 = 预算数 − 决算数", "change against budget = budget − actual"),
    "actual_vs_budget": ("决算数大于/小于/等于预算数的说法 = 表中数", "the stated 大于/小于/等于 budget = the figures"),
    "budget_change_direction": ("比预算增加/减少的说法 = 表中数", "the stated increase/decrease on budget = the figures"),
}


def judge(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome | None:
    """The verdict on one stated figure, or None when nothing can prove it."""
    fig = BY_STEM.get(f.stem)
    if f.value is None or (fig is not None and f.name and not fig.named):
        return None  # a list item (project_amount:…) is judged by its list's sum
    if f.suffix == "amount":
        if fig is None or fig.actual is None:
            return None
        return judge_amount(inp, f, fig)
    if f.suffix in ("budget", "full_year_budget"):
        if fig is None or fig.budget is None:
            return None
        return judge_budget(inp, f, fig)
    if f.suffix == "share_pct":
        if fig is None or fig.share_of is None:
            return None
        return judge_share(inp, fs, f, fig)
    if f.suffix == "completion_pct":
        return judge_completion(inp, fs, f)
    if f.suffix in ("yoy_change_pct", "budget_change_pct"):
        return judge_change(inp, fs, f)
    if f.suffix in ("budget_change_amount", "actual_vs_budget", "budget_change_direction"):
        return against_budget(inp, fs, f)
    return None


def fact_tables(f: Fact) -> str:
    """The tables a fact's verdict reads (its figure's printings and its share's base)."""
    fig = BY_STEM.get(f.stem)
    if fig is None:
        return ""
    figs = [fig] + ([BY_STEM[b] for b in (fig.share_of, *fig.share_also) if b in BY_STEM]
                    if f.suffix == "share_pct" else [])
    tables = [t for g in figs for reading in g.readings() for t, _ in reading if t in TABLE_KEYS]
    if fig.budget is not None and fig.actual and f.suffix not in ("amount", "share_pct"):
        tables.append(fig.actual[0])
    return ";".join(dict.fromkeys(tables))


def rule_facts(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Every fact with a counterpart, one finding each; the rest listed in narrative.unchecked."""
    fs = facts_of(inp)
    if not fs:
        yield Finding(None, Outcome("insufficient_data", detail="no narrative facts extracted"),
                      check_id="narrative.facts")
        return
    consumed = {k for _, total, parts in SUMS for k in (total, *parts)} | {k for _, p, w in BOUNDS for k in (p, w)}
    consumed.add("project_amount:")
    unchecked: list[str] = []
    for f in fs:
        noted(f)
        o = judge(inp, fs, f)
        if o is None:
            base = f.key.split(":", 1)[0]
            if not (f.suffix in TEXT_ONLY or f.key in TEXT_ONLY or f.key in NONE_STATEMENTS or base in consumed
                    or f"{base}:" in consumed or f.key in consumed or f.suffix.endswith("_direction")
                    or f.suffix.endswith("change_amount")):
                unchecked.append(f.key)
            continue
        quoted = f"“{f.sentence[:80]}”" if f.sentence else ""
        o = Outcome(o.status, o.expected, o.actual, o.tolerance, "; ".join(x for x in (quoted, o.detail) if x))
        zh, en = KIND_WORDS.get(f.suffix, (spec.zh, spec.en))
        yield Finding(None, o, f.page, f.key, check_id=f.check_id, description=f"{zh}（{f.key}） / {en} ({f.key})",
                      tables=fact_tables(f), label_zh=f"{zh}（{f.name}）" if f.name else zh)
    if unchecked:
        yield Finding(None, Outcome("not_applicable", detail="no table or text counterpart: " +
                                    ", ".join(dict.fromkeys(unchecked))), check_id="narrative.unchecked")

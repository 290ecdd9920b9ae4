"""What a stated figure measures (决算数, 年初/全年/调整预算, 项目预算金额) and of which period: a
figure is compared with a table's only when both measure the same thing of the same year."""

from __future__ import annotations

import re

from .facts import Fact, printing_of

# The measure a cue names, most specific first (完成全年预算数的 → 全年预算; 涉及预算金额 → 项目预算金额).
MEASURE_WORDS: tuple[tuple[str, str], ...] = (
    ("调整预算", "调整预算"), ("调整后预算", "调整预算"), ("全年预算", "全年预算"), ("年初预算", "年初预算"),
    ("预算金额", "项目预算金额"), ("预算", "预算数"), ("决算", "决算数"), ("执行", "决算数"),
)
BUDGET_MEASURES = ("年初预算", "全年预算", "调整预算", "预算数", "项目预算金额")


def stated_measure(f: Fact) -> str | None:
    """The measure the fact's cue names (None: the cue names none, a bare amount)."""
    return next((m for word, m in MEASURE_WORDS if word in f.text), None)


def budget_measure(f: Fact) -> str:
    """The budget a budget fact states: 年初预算为 → 年初预算; 全年预算为 → 全年预算; 预算为 → 预算数."""
    measure = stated_measure(f)
    if measure in BUDGET_MEASURES and measure != "项目预算金额":
        return measure
    return "全年预算" if f.suffix == "full_year_budget" else "预算数"


def same_budget(a: str, b: str) -> bool:
    """Two budget measures that may be the same figure: equal, or one unspecified (预算数)."""
    return a == b or "预算数" in (a, b)


_YEAR_IN_CLAUSE = re.compile(r"((?:19|20)\d{2})\s*年")
_PRIOR_WORDS = re.compile(r"上年|上一年|去年|上年度")


def other_period(f: Fact, year: int | None) -> str | None:
    """The period the clause of a stated amount names when it is not the report's year.

    “2023年度收入合计为X万元” in a 2024 report states last year's figure: the tables cannot
    prove it. Changes (与2023年度相比…增加) are not amounts, so only amount facts are asked.
    """
    m = printing_of(f.sentence, f.raw) if f.raw is not None else None
    if m is None:
        return None
    clause = re.split(r"[，。；,;]", f.sentence[:m.start()])[-1]
    if prior := _PRIOR_WORDS.search(clause):
        return prior.group(0)
    years = [int(y) for y in _YEAR_IN_CLAUSE.findall(clause)]
    if year is not None and years and years[-1] != year:
        return f"{years[-1]}年"
    return None

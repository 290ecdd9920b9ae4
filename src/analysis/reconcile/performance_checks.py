"""Checks on the 绩效自评表: the header arithmetic, the total score, and money against the tables.

The performance frame holds strings as printed (≥30, 100%, 中心城区第二), so figures are parsed
here. The header rows (预算数 A, 执行数 B, 执行率, 得分, 总分) are rows with level1 预算执行情况 /
总分, as the data dictionary lays them out; the indicator words decide which is which.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .cross_checks import TOTAL, Ref
from .evidence import Ref as Read
from .evidence import note
from .frames import SPEND_TOTAL, Inputs
from .registry import CheckSpec, Finding, register
from .verdict import HALF_UNIT, Outcome, dec, quote_outcome, ratio_interval, sum_outcome

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
HEADER_LEVELS = ("预算执行情况", "总分")
DEFAULT_WEIGHT = Decimal(20)


def number(text: object) -> Decimal | None:
    """The first number printed in a cell (100% → 100, ≥30 → 30), None when there is none."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return dec(text)
    m = _NUMBER.search(str(text or ""))
    return Decimal(m.group(0)) if m else None


def _cell_number(row: pd.Series) -> Decimal | None:
    for col in ("actual", "score", "target"):
        if col in row and (v := number(row[col])) is not None:
            return v
    return None


@dataclass(frozen=True)
class Header:
    """One 自评表's header figures: 预算数 A, 执行数 B, 执行率 (%), 得分 and its weight, 总分."""

    scope: str
    a: Decimal | None
    b: Decimal | None
    rate: Decimal | None
    score: Decimal | None
    weight: Decimal
    total: Decimal | None
    indicator_scores: list[Decimal]
    pages: str
    weight_printed: bool = False


def _kind(label: str) -> str | None:
    if "得分" in label:  # before 执行率: the 得分 header reads 得分（20分*执行率）
        return "score"
    if "执行率" in label:
        return "rate"
    if "执行数" in label or "（B）" in label or "(B)" in label:
        return "b"
    if "预算数" in label or "（A）" in label or "(A)" in label:
        return "a"
    return None


def headers(performance: pd.DataFrame) -> list[Header]:
    """The header figures of every 自评表 (scope) in the performance frame, in printed order."""
    if performance is None or not len(performance) or "scope" not in performance:
        return []
    out: list[Header] = []
    for scope, g in performance.groupby("scope", sort=False):
        figures: dict[str, Decimal | None] = {"a": None, "b": None, "rate": None, "score": None}
        weight, weight_printed, total, scores = DEFAULT_WEIGHT, False, None, []
        for _, row in g.iterrows():
            level1 = str(row.get("level1") or "")
            label = f"{row.get('level2') or ''}{row.get('indicator') or ''}"
            if level1.startswith("预算执行"):
                kind = _kind(label)
                if kind == "score":
                    figures["score"] = number(row.get("score")) if number(row.get("score")) is not None \
                        else _cell_number(row)
                    if m := re.search(r"(\d+)\s*分", label + level1):
                        weight, weight_printed = Decimal(m.group(1)), True
                elif kind:
                    figures[kind] = _cell_number(row)
            elif level1.startswith("总分") or str(row.get("indicator") or "").startswith("总分"):
                total = number(row.get("score")) if number(row.get("score")) is not None else _cell_number(row)
            elif (s := number(row.get("score"))) is not None:
                scores.append(s)
        pages = ";".join(str(int(p)) for p in pd.to_numeric(g["page"], errors="coerce").dropna().unique())
        out.append(Header(str(scope), figures["a"], figures["b"], figures["rate"], figures["score"], weight,
                          total, scores, pages, weight_printed))
    return out


def headers_of(inp: Inputs) -> list[Header]:
    """headers_of(inp), computed once per run."""
    if "perf_headers" not in inp.cache:
        inp.cache["perf_headers"] = headers(inp.performance)
    return inp.cache["perf_headers"]  # type: ignore[return-value]


def is_department_scope(scope: str, department: str | None) -> bool:
    return "部门整体" in scope or "整体支出" in scope or (bool(department) and scope == department)


def noted(pages: str, *figures: Decimal | None) -> None:
    """The 自评表 figures a finding compares, as evidence: found again on its pages by their
    printed form (the form's cells have no boxes in performance.csv)."""
    for figure in figures:
        if figure is not None:
            for page in re.findall(r"\d+", str(pages or "")):
                note(Read("form", page=int(page), needle=str(figure)))


# -- rules --------------------------------------------------------------------------------------
def _no_tables(inp: Inputs) -> Finding | None:
    if not headers_of(inp):
        return Finding(None, Outcome("insufficient_data", detail="no 绩效自评表 extracted"))
    return None


def rule_total_score(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """总分 = Σ indicator scores + 预算执行 score."""
    if (guard := _no_tables(inp)) is not None:
        yield guard
        return
    for h in headers_of(inp):
        noted(h.pages, h.total, h.score)  # not each indicator's score: small integers print everywhere
        o = sum_outcome(h.total, [*h.indicator_scores, h.score], HALF_UNIT,
                        f"{len(h.indicator_scores)} indicators + 预算执行")
        if o.status == "fail" and h.score is not None:  # some forms total the indicators alone
            alone = sum_outcome(h.total, h.indicator_scores, HALF_UNIT,
                                f"{len(h.indicator_scores)} indicators (总分 without 预算执行)")
            o = alone if alone.status in ("pass", "warn") else o
        yield Finding(h.scope, o, h.pages, h.scope)


def rule_execution_rate(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """执行率 = B / A (a printed percentage: rounding passes, truncation warns)."""
    if (guard := _no_tables(inp)) is not None:
        yield guard
        return
    for h in headers_of(inp):
        if h.a is None or h.b is None or h.rate is None:
            yield Finding(h.scope, Outcome("insufficient_data", detail="A, B or 执行率 not extracted"), h.pages, h.scope)
            continue
        noted(h.pages, h.a, h.b, h.rate)
        interval = ratio_interval(h.b, h.a)
        if interval is None:
            yield Finding(h.scope, Outcome("not_applicable", detail="预算数 A is 0"), h.pages, h.scope)
            continue
        lo, hi = interval
        mid = h.b / h.a * 100
        if h.rate == 100 and h.b >= h.a:  # forms cap the rate at 100%
            lo, mid = min(lo, Decimal(100)), Decimal(100)
        yield Finding(h.scope, quote_outcome(h.rate, lo, hi, mid=mid), h.pages, h.scope)


def rule_execution_score(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """预算执行得分 = weight (20) × 执行率, capped at the weight."""
    if (guard := _no_tables(inp)) is not None:
        yield guard
        return
    for h in headers_of(inp):
        if h.score is None or (h.rate is None and (h.a is None or h.b is None)):
            yield Finding(h.scope, Outcome("insufficient_data", detail="得分 or 执行率 not extracted"), h.pages, h.scope)
            continue
        noted(h.pages, h.score, h.rate)
        if h.rate is not None:  # the printed rate is what the form multiplies
            step = Decimal("0.5") * Decimal(1).scaleb(-_places(h.rate))
            lo, hi, rate = h.rate - step, h.rate + step, h.rate
        else:
            interval = ratio_interval(h.b, h.a)  # type: ignore[arg-type]
            if interval is None:
                yield Finding(h.scope, Outcome("not_applicable", detail="预算数 A is 0"), h.pages, h.scope)
                continue
            (lo, hi), rate = interval, h.b / h.a * 100  # type: ignore[operator]
        # the weight is printed in the header (20分); where it was not read, forms use 20 or 10
        weights = [h.weight] if h.weight_printed else [DEFAULT_WEIGHT, Decimal(10)]
        outcomes = [quote_outcome(h.score, *(min(w, w * x / 100) for x in (lo, hi)), f"weight {w}",
                                  mid=min(w, w * rate / 100)) for w in weights]
        o = next((o for o in outcomes if o.status == "pass"), outcomes[0])
        yield Finding(h.scope, o, h.pages, h.scope)


def _places(d: Decimal) -> int:
    exp = d.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def rule_indicator_scores(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Positive (≥X: weight × B/A) and negative (≤X: weight × A/B) indicators, where weights print."""
    if (guard := _no_tables(inp)) is not None:
        yield guard
        return
    perf = inp.performance
    if "weight" not in perf or perf["weight"].isna().all():
        yield Finding(None, Outcome("not_applicable", detail="the 自评表 prints no indicator weights (分值), "
                                                             "so scores cannot be recomputed"))
        return
    for i, row in perf.iterrows():
        target, actual, weight, score = (str(row.get("target") or ""), row.get("actual"),
                                         number(row.get("weight")), number(row.get("score")))
        a, b = number(target), number(actual)
        if None in (a, b, weight, score) or not re.match(r"^[≥≤]", target):
            continue
        if target.startswith("≥"):
            value = weight * b / a if a else weight  # type: ignore[operator]
        else:
            value = weight * a / b if b else weight  # type: ignore[operator]
        value = min(weight, value)  # type: ignore[type-var]
        o = quote_outcome(score, value, value)
        yield Finding(f"{row['scope']}:{row['indicator']}", o, str(row.get("page") or ""), str(row["indicator"]))


def rule_project_total(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Σ 执行数 of the project 自评表 = 项目支出 (less only if some projects were not evaluated)."""
    hs = [h for h in headers_of(inp) if not is_department_scope(h.scope, inp.department)]
    project = Ref("general_budget_expenditure", "project", TOTAL).get(inp)
    if project is None:
        project = Ref("expenditure", "project", TOTAL).get(inp)
    if not hs or project is None:
        yield Finding(None, Outcome("insufficient_data", project, None,
                                    detail="no project 自评表 or no 项目支出 figure"))
        return
    parts = [h.b for h in hs]
    for h in hs:
        noted(h.pages, h.b)
    o = sum_outcome(project, parts, HALF_UNIT, f"{len(hs)} project tables")
    if o.status == "fail" and o.expected is not None and o.expected < project:
        o = Outcome("warn", o.expected, o.actual, o.tolerance,
                    f"{o.detail}; the self-evaluated projects cover less than 项目支出 (涉密 or unevaluated projects?)")
    yield Finding(None, o, ";".join(h.pages for h in hs))


def rule_department_total(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """部门整体 执行数 = the department's fiscal (or total) expenditure; definitions vary, so warn only."""
    hs = [h for h in headers_of(inp) if is_department_scope(h.scope, inp.department)]
    fiscal = Ref("fiscal_summary", "total", SPEND_TOTAL, side="expenditure").get(inp)
    total = Ref("expenditure", "total", TOTAL).get(inp)
    if not hs or hs[0].b is None or (fiscal is None and total is None):
        yield Finding(None, Outcome("insufficient_data", detail="no 部门整体 自评表 or no expenditure total"))
        return
    b = hs[0].b
    noted(hs[0].pages, b)
    candidates = [(v, name) for v, name in ((fiscal, "财政拨款支出"), (total, "本年支出合计")) if v is not None]
    best = min(candidates, key=lambda c: abs(c[0] - b))
    o = sum_outcome(b, [best[0]], HALF_UNIT, f"vs {best[1]}")
    if o.status == "fail":
        o = Outcome("warn", o.expected, o.actual, o.tolerance,
                    f"{o.detail}; regions define 部门整体 执行数 differently, so this is not an error by itself")
    yield Finding(None, o, hs[0].pages)


def _spec(id_: str, category: str, zh: str, en: str, tables: tuple[str, ...], rule) -> None:
    register(CheckSpec(id_, category, zh, en, tables, rule))


_spec("performance.total_score", "performance", "总分 = 各指标得分之和 + 预算执行得分",
      "total score = indicator scores + budget-execution score", (), rule_total_score)
_spec("performance.execution_rate", "performance", "执行率 = 执行数 B / 预算数 A",
      "execution rate = B / A", (), rule_execution_rate)
_spec("performance.execution_score", "performance", "预算执行得分 = 20分 × 执行率",
      "budget-execution score = 20 × execution rate", (), rule_execution_score)
_spec("performance.indicator_scores", "performance", "定量指标得分按权重重算（正向 权重×B/A，反向 权重×A/B）",
      "quantitative indicator scores recomputed from weights", (), rule_indicator_scores)
_spec("cross.performance_project_total", "cross_table", "项目自评表执行数之和 = 项目支出",
      "project self-evaluation 执行数 = project expenditure", ("general_budget_expenditure",), rule_project_total)
_spec("cross.performance_department_total", "cross_table", "部门整体自评表执行数 = 部门支出",
      "department self-evaluation 执行数 = department expenditure", ("fiscal_summary", "expenditure"),
      rule_department_total)

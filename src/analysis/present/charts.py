"""Charts for a department report: pure functions, tidy frame in → matplotlib Figure out.

One chart per section of the report (spending by function, 基本 vs 项目, 人员经费 vs 公用经费,
“三公”经费, the 绩效自评 tables, the reconciliation verdicts); what they stand on (font, figure,
layout, PNG) is chart_kit's, shared with the corpus charts.
"""

from __future__ import annotations

import math
import re

import pandas as pd
from matplotlib.figure import Figure

from . import loader
from ..domain import ECONOMIC_GROUP_NAMES
from .chart_kit import (UNIT, PALETTE, bar_labels, bars, category_ticks, empty, figure, fmt, laid_out, legend_below, stacked_barh,
                        titled, verdict_rows, wrap)

CATEGORY_LABELS = {"table": "表内", "hierarchy": "类款项", "cross_table": "表间", "narrative": "文字说明",
                   "performance": "绩效", "text": "文本", "year_on_year": "跨年"}
BASIC_PROJECT = (("基本支出", "#1f5fa8"), ("项目支出", "#e07b24"))  # (label, colour), in stacking order


# ---------------------------------------------------------------- expenditure


@laid_out
def expenditure_structure(cells: pd.DataFrame, department: str = "") -> Figure:
    """Spending by function, 类 → 款 → 项 as nested bars, and 基本 vs 项目 for each 类.

    Nested bars rather than a treemap: 科目名称 are long Chinese phrases that fit beside a bar
    but not inside a small rectangle, and the reader can compare lengths at every level.
    """
    rows = loader.expenditure_rows(cells)
    height = max(3.5, 0.32 * len(rows) + 1.5)
    fig, (ax, ax2) = figure(12, height, ncols=2, gridspec_kw={"width_ratios": [3, 2]})
    fig.suptitle(f"{department} 支出结构（按功能分类）".strip(), fontsize=13)
    if rows.empty:
        empty(fig, ax2, "")
        return empty(fig, ax, "本部门未列示支出决算表")
    classes = rows["code"].str[:3]
    colors = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(dict.fromkeys(classes))}
    alpha = {"类": 1.0, "款": 0.7, "项": 0.45}
    style = {"类": (9, "#000000"), "款": (8, "#33414d"), "项": (7.5, "#6b7780")}  # CJK fonts often lack bold
    labels = [f"{code} {wrap(item, 16)}" for code, item in zip(rows["code"], rows["item"])]
    y = list(range(len(rows)))[::-1]
    values = rows["total"].fillna(0).tolist()
    drawn = bars(ax, y, values, color=[colors[c] for c in classes], alpha=[alpha[lv] for lv in rows["level"]],
                 thickness=0.75)
    bar_labels(ax, drawn, values)
    for tick, lv in zip(category_ticks(ax, y, labels), rows["level"]):
        size, color = style[lv]  # 类 large and dark, 项 small and grey: the hierarchy at a glance
        tick.set_fontsize(size)
        tick.set_color(color)
    ax.set_xlabel(f"支出合计（{UNIT}）")
    ax.set_title("类 → 款 → 项", fontsize=11)
    ax.margins(x=0.18)

    top = rows[rows["level"] == "类"].reset_index(drop=True)
    yy = list(range(len(top)))[::-1]
    basic = top["basic"].fillna(0).tolist()
    project = top["project"].fillna(0).tolist()
    stacked_barh(ax2, yy, [(name, color, v) for (name, color), v in zip(BASIC_PROJECT, (basic, project))])
    for yi, b, p in zip(yy, basic, project):
        ax2.annotate(f"{fmt(b)} / {fmt(p)}", (b + p, yi), xytext=(3, 0), textcoords="offset points",
                     va="center", fontsize=8)
    category_ticks(ax2, yy, [wrap(t, 10) for t in top["item"]], fontsize=8)
    ax2.set_xlabel(f"金额（{UNIT}）")
    ax2.set_title("基本支出与项目支出（按类）", fontsize=11)
    ax2.legend(loc="lower right", fontsize=8, frameon=False)
    ax2.margins(x=0.35)
    return fig


@laid_out
def basic_vs_project(cells: pd.DataFrame, department: str = "") -> Figure:
    """基本支出 vs 项目支出 for the whole department, as one stacked bar with shares."""
    basic = loader.total_row_value(cells, "expenditure", "basic")
    project = loader.total_row_value(cells, "expenditure", "project")
    fig, ax = titled(8, 2.2, f"{department} 基本支出与项目支出".strip())
    if math.isnan(basic) and math.isnan(project):
        return empty(fig, ax, "本部门未列示基本支出与项目支出")
    basic, project = (0.0 if math.isnan(basic) else basic), (0.0 if math.isnan(project) else project)
    total = basic + project or 1.0
    stacked_barh(ax, [0], [(name, color, [v]) for (name, color), v in zip(BASIC_PROJECT, (basic, project))])
    for start, value, name in ((0, basic, "基本支出"), (basic, project, "项目支出")):
        text = f"{name}\n{fmt(value)}（{100 * value / total:.1f}%）"
        if value / total > 0.2:  # wide enough to hold its label
            ax.text(start + value / 2, 0, text, ha="center", va="center", color="white", fontsize=9)
        elif value > 0:
            ax.annotate(text, (start + value, 0), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=9, color="#1d2730")
    ax.margins(x=0.12)
    ax.set_yticks([])
    ax.set_xlabel(f"支出合计（{UNIT}）")
    legend_below(fig, ax, 2)
    ax.spines["left"].set_visible(False)
    return fig


# ---------------------------------------------------------------- personnel vs public


@laid_out
def personnel_public(cells: pd.DataFrame, department: str = "") -> Figure:
    """人员经费 vs 公用经费, and the economic items inside them largest first."""
    items = loader.economic_items(cells)
    totals = loader.personnel_public(cells)
    height = max(3.5, 0.28 * len(items) + 1.5)
    fig, (ax, ax2) = figure(12, height, ncols=2, gridspec_kw={"width_ratios": [1, 3]})
    fig.suptitle(f"{department} 基本支出：人员经费与公用经费".strip(), fontsize=13)
    colors = {"personnel": "#1f5fa8", "public": "#e07b24"}
    names = ECONOMIC_GROUP_NAMES
    vals = [0.0 if math.isnan(totals[k]) else totals[k] for k in ("personnel", "public")]
    if not any(vals) and items.empty:
        empty(fig, ax2, "")
        return empty(fig, ax, "本部门未列示基本支出明细")
    drawn = bars(ax, [0, 1], vals, color=[colors["personnel"], colors["public"]], vertical=True)
    for bar, v in zip(drawn, vals):
        ax.annotate(fmt(v), (bar.x + bar.width / 2, bar.height), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize=9)
    category_ticks(ax, [0, 1], [names["personnel"], names["public"]], axis="x")
    ax.set_ylabel(f"金额（{UNIT}）")
    ax.margins(y=0.12)

    y = list(range(len(items)))[::-1]
    values = items["value"].tolist()
    bar_labels(ax2, bars(ax2, y, values, color=[colors.get(g, "#9a9a9a") for g in items["group"]]), values)
    category_ticks(ax2, y, [f"{c} {wrap(i, 16)}" for c, i in zip(items["code"], items["item"])], fontsize=8)
    ax2.set_xlabel(f"决算数（{UNIT}）")
    ax2.set_title("经济分类款级科目（从大到小；蓝=人员经费，橙=公用经费）", fontsize=10)
    ax2.margins(x=0.15)
    return fig


# ---------------------------------------------------------------- 三公


@laid_out
def three_public(cells: pd.DataFrame, department: str = "") -> Figure:
    """“三公”经费 budget vs actual, part by part, with the execution rate."""
    parts = loader.three_public(cells)
    fig, ax = titled(10, 4, f"{department} “三公”经费：预算数与决算数".strip())
    if parts[["budget", "actual"]].isna().all().all():
        return empty(fig, ax, "本部门未列示“三公”经费支出决算表")
    x = list(range(len(parts)))
    width = 0.38
    budget = parts["budget"].fillna(0).tolist()
    actual = parts["actual"].fillna(0).tolist()
    b1 = bars(ax, [i - width / 2 for i in x], budget, thickness=width, color="#b0b7bd", label="预算数", vertical=True)
    b2 = bars(ax, [i + width / 2 for i in x], actual, thickness=width, color="#1f5fa8", label="决算数", vertical=True)
    for drawn, vals in ((b1, budget), (b2, actual)):
        for bar, v in zip(drawn, vals):
            ax.annotate(fmt(v), (bar.x + bar.width / 2, bar.height), xytext=(0, 2),
                        textcoords="offset points", ha="center", fontsize=8)
    for i, (b, a) in enumerate(zip(budget, actual)):
        if b:
            ax.annotate(f"执行率 {100 * a / b:.1f}%", (i, max(a, b)), xytext=(0, 14), textcoords="offset points",
                        ha="center", fontsize=8, color="#5f6b73")
    category_ticks(ax, x, [wrap(t, 7) for t in parts["label"]], fontsize=9, axis="x")
    ax.set_ylabel(f"金额（{UNIT}）")
    ax.margins(y=0.25)
    ax.legend(fontsize=8, frameon=False)
    return fig


# ---------------------------------------------------------------- performance


@laid_out
def performance(perf: pd.DataFrame, scope: str | None = None) -> Figure:
    """One self-evaluation table: each indicator's score (vs its maximum when known), target → actual.

    Targets and results are printed text (≥30, 争先进位, 100%), so they are shown as text beside
    the bar rather than plotted; the bar is the score, the grey bar behind it the maximum. The
    title carries the 总分.
    """
    scopes = list(dict.fromkeys(perf["scope"])) if len(perf) else []
    scope = scope if scope is not None else (scopes[0] if scopes else "")
    table = perf[perf["scope"] == scope] if len(perf) else perf
    indicators = table[~table["level1"].isin(["总分", "预算执行情况"])].reset_index(drop=True)
    total = table.loc[table["level1"] == "总分", "score"]
    total_text = f"总分 {total.iloc[0]:g} / 100" if len(total) and not math.isnan(total.iloc[0]) else "总分未列示"
    budget = table[(table["level1"] == "预算执行情况") & pd.to_numeric(table["score"], errors="coerce").notna()]
    if len(budget):
        weight = re.search(r"(\d+)\s*分", str(budget["indicator"].iloc[0]))  # 得分（20分*执行率）
        budget_max = float(weight.group(1)) if weight else 20.0
        got = float(budget["score"].iloc[0])
        total_text += f"；预算执行 {got:g} / {budget_max:g}；指标 {indicators['score'].sum():g} / {100 - budget_max:g}"
    height = max(3.0, 0.3 * len(indicators) + 1.6)
    fig, ax = titled(12, height, f"绩效自评：{scope}（{total_text}）")
    if indicators.empty:
        return empty(fig, ax, "未列示绩效自评指标")
    y = list(range(len(indicators)))[::-1]
    scores = pd.to_numeric(indicators["score"], errors="coerce").fillna(0).tolist()
    maxima_col = next((c for c in ("max_score", "weight", "full_score") if c in indicators.columns), None)
    if maxima_col is not None:
        maxima = pd.to_numeric(indicators[maxima_col], errors="coerce").fillna(0).tolist()
        bars(ax, y, maxima, color="#e3e7ea", thickness=0.75, label="满分")
    bar_labels(ax, bars(ax, y, scores, color="#3a9a4a", thickness=0.5, label="得分"), scores)
    labels = [wrap(t, 18) for t in indicators["indicator"]]
    category_ticks(ax, y, labels, fontsize=8)
    xmax = max(scores + ([max(maxima)] if maxima_col is not None else [])) or 1
    ax.set_xlim(0, xmax * 2.6)
    for yi, tgt, act in zip(y, indicators["target"], indicators["actual"]):
        ax.text(xmax * 1.35, yi, f"目标 {wrap(tgt, 10)} → 实际 {wrap(act, 10)}", va="center", fontsize=8,
                color="#33414d")
    ax.set_xlabel("得分（分）")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig


@laid_out
def performance_overview(perf: pd.DataFrame) -> Figure:
    """总分 of every self-evaluation table against 100, so tables compare at a glance."""
    summary = loader.performance_summary(perf)
    fig, ax = titled(9, max(2.2, 0.5 * len(summary) + 1.2), "绩效自评总分（满分100）")
    if summary.empty:
        return empty(fig, ax, "未列示绩效自评表")
    y = list(range(len(summary)))[::-1]
    bars(ax, y, [100] * len(summary), color="#e3e7ea", thickness=0.6, label="满分")
    scores = summary["total_score"].fillna(0).tolist()
    bar_labels(ax, bars(ax, y, scores, color="#3a9a4a", thickness=0.4, label="总分"), scores)
    category_ticks(ax, y, [wrap(s, 20) for s in summary["scope"]], fontsize=9)
    ax.set_xlim(0, 110)
    ax.set_xlabel("分")
    return fig


# ---------------------------------------------------------------- reconciliation


@laid_out
def reconciliation(checks: pd.DataFrame) -> Figure:
    """Verdicts by category: one stacked bar per category, counts by status."""
    fig, ax = titled(9, 3.2, "勾稽核对结果（按类别）")
    if checks.empty:
        return empty(fig, ax, "未运行勾稽核对")
    counts = checks.groupby(["category", "status"]).size().unstack(fill_value=0)
    labels = [CATEGORY_LABELS.get(c, c) for c in counts.index]
    for drawn, vals, _left in verdict_rows(ax, counts, labels, top_down=True, fontsize=9):
        for bar, v in zip(drawn, vals):
            if v:
                ax.text(bar.x + v / 2, bar.y + bar.height / 2, str(v), ha="center", va="center",
                        fontsize=8, color="white")
    legend_below(fig, ax, 5)
    return fig

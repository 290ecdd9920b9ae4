"""Charts across departments (the compare notebook): frames from `corpus` or `loader.panel` in, Figures out.

They stand on chart_kit like the department charts (Chinese labels, 万元, no pyplot state, labels
laid out from their strings); kept apart because they read many departments' frames, not one's.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .chart_kit import (PALETTE, UNIT, bar_labels, bars, category_ticks, empty, laid_out, legend_below, stacked_barh, titled, verdict_rows,
                        wrap)

OTHER = "其他"


@laid_out
def class_shares(shares: pd.DataFrame, top: int = 7) -> Figure:
    """Each report's spending by 类 as a 100% bar: the corpus's largest classes coloured, the rest 其他."""
    fig, ax = titled(10, max(2.6, 0.45 * len(shares) + 1.6), "支出结构：各类支出占本年支出的比重")
    if shares.empty:
        return empty(fig, ax, "无数据")
    order = shares.mean().sort_values(ascending=False).index.tolist()
    keep = order[:top]
    data = shares[keep].copy()
    if len(order) > top:
        data[OTHER] = shares[order[top:]].sum(axis=1)
    data = data.fillna(0)
    y = list(range(len(data)))
    stacked_barh(ax, y, [(name, PALETTE[i % len(PALETTE)] if name != OTHER else "#d5d9dc", data[name].tolist())
                         for i, name in enumerate(data.columns)])
    category_ticks(ax, y, [wrap(r, 22) for r in data.index], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("占本年支出（%）")
    legend_below(fig, ax, 4)
    return fig


@laid_out
def share_distribution(values: pd.Series, label: str, bin_width: float = 5.0) -> Figure:
    """How a percentage is spread over the reports: a histogram in bins of bin_width points."""
    data = pd.to_numeric(values, errors="coerce").dropna()
    fig, ax = titled(9, 3.4, f"{label}的分布（{len(data)} 份报告）")
    if data.empty:
        return empty(fig, ax, "无数据")
    bins = [i * bin_width for i in range(int(100 / bin_width) + 1)]
    ax.hist(data.clip(0, 100), bins=bins, color="#1f5fa8", edgecolor="white")
    ax.axvline(float(data.median()), color="#e07b24", linewidth=1.5, label=f"中位数 {data.median():.1f}%")
    ax.set_xlim(0, 100)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"{label}（%）")
    ax.set_ylabel("报告数（份）")
    ax.legend(fontsize=8, frameon=False)
    return fig


@laid_out
def three_public_years(by_year: pd.DataFrame) -> Figure:
    """三公 决算数 over the years, one line per department (a single year is a dot)."""
    fig, ax = titled(10, 4, "“三公”经费决算数的逐年变化")
    if by_year.empty:
        return empty(fig, ax, "无数据")
    years = [int(y) for y in by_year.columns]
    for i, (department, row) in enumerate(by_year.iterrows()):
        ax.plot(years, row.tolist(), marker="o", color=PALETTE[i % len(PALETTE)], label=wrap(department, 18))
    ax.set_xticks(years, [f"{y}年" for y in years])
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(f"决算数（{UNIT}）")
    legend_below(fig, ax, 3)
    return fig


@laid_out
def check_outcomes(counts: pd.DataFrame) -> Figure:
    """Every report's checks by verdict: one stacked bar per report (部门 年度)."""
    fig, ax = titled(10, max(2.6, 0.45 * len(counts) + 1.6), "勾稽核对结论（按部门）")
    if counts.empty:
        return empty(fig, ax, "无数据")
    verdict_rows(ax, counts, [wrap(r, 22) for r in counts.index], keep_absent=True)
    legend_below(fig, ax, 5)
    return fig


# ---------------------------------------------------------------- the panel: one row per department folder


@laid_out
def panel_bars(panel: pd.DataFrame, column: str, label: str, unit: str = UNIT) -> Figure:
    """One figure per panel column: departments sorted by the value, largest at the top."""
    data = panel[["department", column]].dropna().sort_values(column)
    fig, ax = titled(10, max(2.5, 0.35 * len(data) + 1.2), label)
    if data.empty:
        return empty(fig, ax, "无数据")
    values = data[column].tolist()
    bar_labels(ax, bars(ax, range(len(data)), values, color="#1f5fa8"), values)
    category_ticks(ax, list(range(len(data))), [wrap(d, 20) for d in data["department"]], fontsize=8)
    ax.set_xlabel(f"{label}（{unit}）")
    ax.margins(x=0.15)
    return fig


@laid_out
def panel_split(panel: pd.DataFrame) -> Figure:
    """基本/项目 split and 人员经费 share per department, as percentages side by side."""
    data = panel[["department", "basic_share_pct", "personnel_share_pct"]].sort_values("basic_share_pct")
    fig, ax = titled(10, max(2.5, 0.4 * len(data) + 1.4), "基本支出占比与人员经费占比")
    if data.empty:
        return empty(fig, ax, "无数据")
    y = list(range(len(data)))
    bars(ax, [i + 0.2 for i in y], data["basic_share_pct"].fillna(0).tolist(), thickness=0.4, color="#1f5fa8",
         label="基本支出占支出合计")
    bars(ax, [i - 0.2 for i in y], data["personnel_share_pct"].fillna(0).tolist(), thickness=0.4, color="#e07b24",
         label="人员经费占基本支出")
    category_ticks(ax, y, [wrap(d, 20) for d in data["department"]], fontsize=8)
    ax.set_xlim(0, 105)
    ax.set_xlabel("占比（%）")
    legend_below(fig, ax, 2)
    return fig


@laid_out
def panel_three_public(panel: pd.DataFrame) -> Figure:
    """三公 budget vs actual per department."""
    data = panel[["department", "three_public_budget", "three_public_actual"]].fillna(0)
    fig, ax = titled(10, max(2.5, 0.45 * len(data) + 1.4), "“三公”经费：预算数与决算数")
    if data.empty:
        return empty(fig, ax, "无数据")
    y = list(range(len(data)))
    bars(ax, [i + 0.2 for i in y], data["three_public_budget"].tolist(), thickness=0.4, color="#b0b7bd", label="预算数")
    bars(ax, [i - 0.2 for i in y], data["three_public_actual"].tolist(), thickness=0.4, color="#1f5fa8", label="决算数")
    category_ticks(ax, y, [wrap(d, 20) for d in data["department"]], fontsize=8)
    ax.set_xlabel(f"金额（{UNIT}）")
    ax.legend(fontsize=8, frameon=False)
    return fig


@laid_out
def panel_checks(panel: pd.DataFrame) -> Figure:
    """Reconciliation health per department: counts of pass / warn / fail."""
    fig, ax = titled(10, max(2.5, 0.4 * len(panel) + 1.4), "勾稽核对：各部门通过、警告与不符项数")
    if panel.empty:
        return empty(fig, ax, "无数据")
    counts = pd.DataFrame({s: panel[f"checks_{s}"].fillna(0) for s in ("pass", "warn", "fail")})
    verdict_rows(ax, counts, [wrap(d, 20) for d in panel["department"]])
    ax.legend(fontsize=8, frameon=False)
    return fig

"""Charts across the corpus (the compare notebook): frames from `corpus` in, Figures out.

Same conventions as `charts` (Chinese labels, 万元, no pyplot state, labels laid out from their
strings); kept apart because they read the corpus dataset's frames, not one department's.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .charts import PALETTE, STATUS_COLORS, STATUS_LABELS, UNIT, _empty, _figure, _laid_out, _legend_below, _wrap

OTHER = "其他"


@_laid_out
def class_shares(shares: pd.DataFrame, top: int = 7) -> Figure:
    """Each report's spending by 类 as a 100% bar: the corpus's largest classes coloured, the rest 其他."""
    fig, ax = _figure(10, max(2.6, 0.45 * len(shares) + 1.6))
    ax.set_title("支出结构：各类支出占本年支出的比重", fontsize=12)
    if shares.empty:
        return _empty(fig, ax, "无数据")
    order = shares.mean().sort_values(ascending=False).index.tolist()
    keep = order[:top]
    data = shares[keep].copy()
    if len(order) > top:
        data[OTHER] = shares[order[top:]].sum(axis=1)
    data = data.fillna(0)
    y = list(range(len(data)))
    left = [0.0] * len(data)
    for i, name in enumerate(data.columns):
        vals = data[name].tolist()
        ax.barh(y, vals, left=left, color=PALETTE[i % len(PALETTE)] if name != OTHER else "#d5d9dc", label=name)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [_wrap(r, 22) for r in data.index], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("占本年支出（%）")
    _legend_below(fig, ax, 4)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_laid_out
def share_distribution(values: pd.Series, label: str, bin_width: float = 5.0) -> Figure:
    """How a percentage is spread over the reports: a histogram in bins of bin_width points."""
    data = pd.to_numeric(values, errors="coerce").dropna()
    fig, ax = _figure(9, 3.4)
    ax.set_title(f"{label}的分布（{len(data)} 份报告）", fontsize=12)
    if data.empty:
        return _empty(fig, ax, "无数据")
    bins = [i * bin_width for i in range(int(100 / bin_width) + 1)]
    ax.hist(data.clip(0, 100), bins=bins, color="#1f5fa8", edgecolor="white")
    ax.axvline(float(data.median()), color="#e07b24", linewidth=1.5, label=f"中位数 {data.median():.1f}%")
    ax.set_xlim(0, 100)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"{label}（%）")
    ax.set_ylabel("报告数（份）")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_laid_out
def three_public_years(by_year: pd.DataFrame) -> Figure:
    """三公 决算数 over the years, one line per department (a single year is a dot)."""
    fig, ax = _figure(10, 4)
    ax.set_title("“三公”经费决算数的逐年变化", fontsize=12)
    if by_year.empty:
        return _empty(fig, ax, "无数据")
    years = [int(y) for y in by_year.columns]
    for i, (department, row) in enumerate(by_year.iterrows()):
        ax.plot(years, row.tolist(), marker="o", color=PALETTE[i % len(PALETTE)], label=_wrap(department, 18))
    ax.set_xticks(years, [f"{y}年" for y in years])
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(f"决算数（{UNIT}）")
    _legend_below(fig, ax, 3)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_laid_out
def check_outcomes(counts: pd.DataFrame) -> Figure:
    """Every report's checks by verdict: one stacked bar per report (部门 年度)."""
    fig, ax = _figure(10, max(2.6, 0.45 * len(counts) + 1.6))
    ax.set_title("勾稽核对结论（按部门）", fontsize=12)
    if counts.empty:
        return _empty(fig, ax, "无数据")
    y = list(range(len(counts)))
    left = [0] * len(counts)
    for status, color in STATUS_COLORS.items():
        vals = counts[status].tolist() if status in counts.columns else [0] * len(counts)
        ax.barh(y, vals, left=left, color=color, label=STATUS_LABELS[status])
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [_wrap(r, 22) for r in counts.index], fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("核对项数（项）")
    _legend_below(fig, ax, 5)
    ax.spines[["top", "right"]].set_visible(False)
    return fig

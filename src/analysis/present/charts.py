"""Charts for a department report: pure functions, tidy frame in → matplotlib Figure out.

Figures are built with `matplotlib.figure.Figure` rather than pyplot, so a chart holds no global
state (a warm kernel runs many reports in a row) and tests can render them headless. Every label
is Chinese, so the CJK font is registered once on import; a glyph the font lacks would draw an
empty box, which matplotlib reports as a "Glyph … missing" UserWarning — the tests turn that
warning into a failure. Amounts are 万元 and every value axis says so.
"""

from __future__ import annotations

import functools
import io
import math
import re
import textwrap
import unicodedata
from functools import lru_cache

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import loader
from ..domain import ECONOMIC_GROUP_NAMES
from ..fonts import cjk_font

UNIT = "万元"
PALETTE = ["#1f5fa8", "#e07b24", "#3a9a4a", "#c0392b", "#7d5ba6", "#8c6d31", "#d35d9b", "#5f6b73"]
STATUS_COLORS = {"pass": "#3a9a4a", "warn": "#e0a100", "fail": "#c0392b",
                 "not_applicable": "#b0b7bd", "insufficient_data": "#7d8c99"}
STATUS_LABELS = {"pass": "通过", "warn": "警告", "fail": "不符", "not_applicable": "不适用",
                 "insufficient_data": "数据不足"}
CATEGORY_LABELS = {"table": "表内", "hierarchy": "类款项", "cross_table": "表间", "narrative": "文字说明",
                   "performance": "绩效", "text": "文本"}


@lru_cache(maxsize=1)
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default; returns its family name.

    DejaVu Sans stays as a fallback for the few symbols a CJK font may lack (matplotlib ≥ 3.6
    falls back glyph by glyph along font.family).
    """
    path = cjk_font()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # U+2212 is missing from some CJK fonts
    # FreeType's hinting of CJK glyphs was a sixth of a chart's rendering time; at 100 dpi the
    # unhinted text reads the same (compared side by side)
    matplotlib.rcParams["text.hinting"] = "no_hinting"
    return name


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _register_notebook_display() -> None:
    """Show a bare Figure as PNG in a Jupyter kernel.

    Our figures bypass pyplot (no global state), so the inline backend never hears of them and
    IPython would print only "<Figure size …>". Registering a PNG formatter for Figure lets a
    notebook cell end with the chart call and nothing else.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, _png)


_register_notebook_display()


def _figure(width: float, height: float, ncols: int = 1, **kw) -> tuple[Figure, object]:
    use_cjk_font()
    fig = Figure(figsize=(width, height), dpi=100)
    axes = fig.subplots(1, ncols, **kw)
    return fig, axes


# ---------------------------------------------------------------- layout without a layout engine
#
# matplotlib's constrained layout measures every text with a full extra draw pass: 40 % of a chart's
# rendering time, and charts were the largest stage of a department's run. Our charts have simple
# shapes (one row of axes, labels on the left and bottom), so margins are computed from the label
# strings: a CJK character is about 1 em wide, other characters about 0.6 em.


def _text_size(text: str, size: float) -> tuple[float, float]:
    """(width, height) in inches of a label, from its characters; no renderer needed."""
    lines = str(text).split("\n")
    # 1.08 em, not 1: hinting rounds each CJK advance up to whole pixels
    width = max(sum(1.08 if unicodedata.east_asian_width(ch) in "WF" else 0.62 for ch in line) for line in lines)
    return width * size / 72, len(lines) * size * 1.25 / 72


def _tick_labels(axis) -> tuple[list[str], float]:
    """The tick label strings an axis will draw, and their font size."""
    texts = axis.get_ticklabels()
    size = texts[0].get_fontsize() if texts else matplotlib.rcParams["font.size"]
    try:
        labels = [str(t) for t in axis.get_major_formatter().format_ticks(axis.get_majorticklocs())]
    except Exception:  # noqa: BLE001 - an odd formatter: fall back to what is set
        labels = [t.get_text() for t in texts]
    return labels, float(size)


def _margins(ax) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) in inches that one axes needs around its plotting area."""
    if not ax.axison:
        title = ax.title.get_text()
        return 0.1, 0.1, 0.1, (_text_size(title, ax.title.get_fontsize())[1] + 0.1) if title else 0.1
    labels, size = _tick_labels(ax.yaxis)
    left = max((_text_size(t, size)[0] for t in labels), default=0.0) + 0.18
    if ax.get_ylabel():
        left += _text_size("字", ax.yaxis.label.get_fontsize())[1] + 0.08
    xlabels, xsize = _tick_labels(ax.xaxis)
    bottom = max((_text_size(t, xsize)[1] for t in xlabels), default=0.0) + 0.12
    if ax.get_xlabel():
        bottom += _text_size("字", ax.xaxis.label.get_fontsize())[1] + 0.06
    title = ax.title.get_text()
    top = (_text_size(title, ax.title.get_fontsize())[1] + 0.12) if title else 0.1
    return left, 0.2, bottom, top


def _fit(fig: Figure) -> Figure:
    """Place the figure's row of axes so every label fits, honouring the grid's width ratios."""
    axes = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    width, height = fig.get_size_inches()
    margins = [_margins(ax) for ax in axes]
    bottom = max(m[2] for m in margins) + getattr(fig, "_legend_rows", 0) * 0.3
    top = max(m[3] for m in margins) + (0.42 if fig._suptitle is not None else 0.05)
    grid = axes[0].get_subplotspec().get_gridspec()
    ratios = grid.get_width_ratios() or [1] * len(axes)
    free = width - sum(m[0] + m[1] for m in margins)
    x = 0.0
    plot_h = max(0.3, height - top - bottom)
    for ax, (left, right, _b, _t), ratio in zip(axes, margins, ratios):
        w = max(0.3, free * ratio / sum(ratios))
        ax.set_position([(x + left) / width, bottom / height, w / width, plot_h / height])
        x += left + w + right
    return fig


def _legend_below(fig: Figure, ax, ncols: int) -> None:
    """A legend centred under the figure, with room reserved for it by _fit."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.01), ncols=ncols, fontsize=8,
               frameon=False)
    fig._legend_rows = math.ceil(len(labels) / ncols)


def _laid_out(chart):
    """Decorator: every public chart returns a figure whose axes are already placed."""
    @functools.wraps(chart)
    def wrapper(*args, **kwargs) -> Figure:
        return _fit(chart(*args, **kwargs))

    return wrapper


def _wrap(label: str, width: int = 14) -> str:
    """Chinese has no spaces, so wrap by characters to keep long 科目名称 readable."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _fmt(value: float) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.2f}"


def _empty(fig: Figure, ax, message: str) -> Figure:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#5f6b73", transform=ax.transAxes)
    return fig


def _bar_labels(ax, bars, values) -> None:
    for bar, value in zip(bars, values):
        if value and not math.isnan(value):
            ax.annotate(_fmt(value), (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)


# ---------------------------------------------------------------- expenditure


@_laid_out
def expenditure_structure(cells: pd.DataFrame, department: str = "") -> Figure:
    """Spending by function, 类 → 款 → 项 as nested bars, and 基本 vs 项目 for each 类.

    Nested bars rather than a treemap: 科目名称 are long Chinese phrases that fit beside a bar
    but not inside a small rectangle, and the reader can compare lengths at every level.
    """
    rows = loader.expenditure_rows(cells)
    height = max(3.5, 0.32 * len(rows) + 1.5)
    fig, (ax, ax2) = _figure(12, height, ncols=2, gridspec_kw={"width_ratios": [3, 2]})
    fig.suptitle(f"{department} 支出结构（按功能分类）".strip(), fontsize=13)
    if rows.empty:
        _empty(fig, ax2, "")
        return _empty(fig, ax, "本部门未列示支出决算表")
    classes = rows["code"].str[:3]
    colors = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(dict.fromkeys(classes))}
    alpha = {"类": 1.0, "款": 0.7, "项": 0.45}
    style = {"类": (9, "#000000"), "款": (8, "#33414d"), "项": (7.5, "#6b7780")}  # CJK fonts often lack bold
    labels = [f"{code} {_wrap(item, 16)}" for code, item in zip(rows["code"], rows["item"])]
    y = list(range(len(rows)))[::-1]
    values = rows["total"].fillna(0).tolist()
    bars = ax.barh(y, values, color=[colors[c] for c in classes],
                   alpha=None, height=0.75)
    for bar, lv in zip(bars, rows["level"]):
        bar.set_alpha(alpha[lv])
    _bar_labels(ax, bars, values)
    ax.set_yticks(y, labels, fontsize=8)
    for tick, lv in zip(ax.get_yticklabels(), rows["level"]):
        size, color = style[lv]  # 类 large and dark, 项 small and grey: the hierarchy at a glance
        tick.set_fontsize(size)
        tick.set_color(color)
    ax.set_xlabel(f"支出合计（{UNIT}）")
    ax.set_title("类 → 款 → 项", fontsize=11)
    ax.margins(x=0.18)
    ax.spines[["top", "right"]].set_visible(False)

    top = rows[rows["level"] == "类"].reset_index(drop=True)
    yy = list(range(len(top)))[::-1]
    basic = top["basic"].fillna(0).tolist()
    project = top["project"].fillna(0).tolist()
    ax2.barh(yy, basic, color="#1f5fa8", label="基本支出")
    ax2.barh(yy, project, left=basic, color="#e07b24", label="项目支出")
    for yi, b, p in zip(yy, basic, project):
        ax2.annotate(f"{_fmt(b)} / {_fmt(p)}", (b + p, yi), xytext=(3, 0), textcoords="offset points",
                     va="center", fontsize=8)
    ax2.set_yticks(yy, [_wrap(t, 10) for t in top["item"]], fontsize=8)
    ax2.set_xlabel(f"金额（{UNIT}）")
    ax2.set_title("基本支出与项目支出（按类）", fontsize=11)
    ax2.legend(loc="lower right", fontsize=8, frameon=False)
    ax2.margins(x=0.35)
    ax2.spines[["top", "right"]].set_visible(False)
    return fig


@_laid_out
def basic_vs_project(cells: pd.DataFrame, department: str = "") -> Figure:
    """基本支出 vs 项目支出 for the whole department, as one stacked bar with shares."""
    basic = loader.total_row_value(cells, "expenditure", "basic")
    project = loader.total_row_value(cells, "expenditure", "project")
    fig, ax = _figure(8, 2.2)
    ax.set_title(f"{department} 基本支出与项目支出".strip(), fontsize=12)
    if math.isnan(basic) and math.isnan(project):
        return _empty(fig, ax, "本部门未列示基本支出与项目支出")
    basic, project = (0.0 if math.isnan(basic) else basic), (0.0 if math.isnan(project) else project)
    total = basic + project or 1.0
    ax.barh([0], [basic], color="#1f5fa8", label="基本支出")
    ax.barh([0], [project], left=[basic], color="#e07b24", label="项目支出")
    for start, value, name in ((0, basic, "基本支出"), (basic, project, "项目支出")):
        text = f"{name}\n{_fmt(value)}（{100 * value / total:.1f}%）"
        if value / total > 0.2:  # wide enough to hold its label
            ax.text(start + value / 2, 0, text, ha="center", va="center", color="white", fontsize=9)
        elif value > 0:
            ax.annotate(text, (start + value, 0), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=9, color="#1d2730")
    ax.margins(x=0.12)
    ax.set_yticks([])
    ax.set_xlabel(f"支出合计（{UNIT}）")
    _legend_below(fig, ax, 2)
    ax.spines[["top", "right", "left"]].set_visible(False)
    return fig


# ---------------------------------------------------------------- personnel vs public


@_laid_out
def personnel_public(cells: pd.DataFrame, department: str = "") -> Figure:
    """人员经费 vs 公用经费, and the economic items inside them largest first."""
    items = loader.economic_items(cells)
    totals = loader.personnel_public(cells)
    height = max(3.5, 0.28 * len(items) + 1.5)
    fig, (ax, ax2) = _figure(12, height, ncols=2, gridspec_kw={"width_ratios": [1, 3]})
    fig.suptitle(f"{department} 基本支出：人员经费与公用经费".strip(), fontsize=13)
    colors = {"personnel": "#1f5fa8", "public": "#e07b24"}
    names = ECONOMIC_GROUP_NAMES
    vals = [0.0 if math.isnan(totals[k]) else totals[k] for k in ("personnel", "public")]
    if not any(vals) and items.empty:
        _empty(fig, ax2, "")
        return _empty(fig, ax, "本部门未列示基本支出明细")
    bars = ax.bar([names["personnel"], names["public"]], vals, color=[colors["personnel"], colors["public"]])
    for bar, v in zip(bars, vals):
        ax.annotate(_fmt(v), (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize=9)
    ax.set_ylabel(f"金额（{UNIT}）")
    ax.margins(y=0.12)
    ax.spines[["top", "right"]].set_visible(False)

    y = list(range(len(items)))[::-1]
    values = items["value"].tolist()
    bars2 = ax2.barh(y, values, color=[colors.get(g, "#9a9a9a") for g in items["group"]])
    _bar_labels(ax2, bars2, values)
    ax2.set_yticks(y, [f"{c} {_wrap(i, 16)}" for c, i in zip(items["code"], items["item"])], fontsize=8)
    ax2.set_xlabel(f"决算数（{UNIT}）")
    ax2.set_title("经济分类款级科目（从大到小；蓝=人员经费，橙=公用经费）", fontsize=10)
    ax2.margins(x=0.15)
    ax2.spines[["top", "right"]].set_visible(False)
    return fig


# ---------------------------------------------------------------- 三公


@_laid_out
def three_public(cells: pd.DataFrame, department: str = "") -> Figure:
    """“三公”经费 budget vs actual, part by part, with the execution rate."""
    parts = loader.three_public(cells)
    fig, ax = _figure(10, 4)
    ax.set_title(f"{department} “三公”经费：预算数与决算数".strip(), fontsize=12)
    if parts[["budget", "actual"]].isna().all().all():
        return _empty(fig, ax, "本部门未列示“三公”经费支出决算表")
    x = list(range(len(parts)))
    width = 0.38
    budget = parts["budget"].fillna(0).tolist()
    actual = parts["actual"].fillna(0).tolist()
    b1 = ax.bar([i - width / 2 for i in x], budget, width, color="#b0b7bd", label="预算数")
    b2 = ax.bar([i + width / 2 for i in x], actual, width, color="#1f5fa8", label="决算数")
    for bars, vals in ((b1, budget), (b2, actual)):
        for bar, v in zip(bars, vals):
            ax.annotate(_fmt(v), (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                        textcoords="offset points", ha="center", fontsize=8)
    for i, (b, a) in enumerate(zip(budget, actual)):
        if b:
            ax.annotate(f"执行率 {100 * a / b:.1f}%", (i, max(a, b)), xytext=(0, 14), textcoords="offset points",
                        ha="center", fontsize=8, color="#5f6b73")
    ax.set_xticks(x, [_wrap(t, 7) for t in parts["label"]], fontsize=9)
    ax.set_ylabel(f"金额（{UNIT}）")
    ax.margins(y=0.25)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


# ---------------------------------------------------------------- performance


@_laid_out
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
    fig, ax = _figure(12, height)
    ax.set_title(f"绩效自评：{scope}（{total_text}）", fontsize=12)
    if indicators.empty:
        return _empty(fig, ax, "未列示绩效自评指标")
    y = list(range(len(indicators)))[::-1]
    scores = pd.to_numeric(indicators["score"], errors="coerce").fillna(0).tolist()
    maxima_col = next((c for c in ("max_score", "weight", "full_score") if c in indicators.columns), None)
    if maxima_col is not None:
        maxima = pd.to_numeric(indicators[maxima_col], errors="coerce").fillna(0).tolist()
        ax.barh(y, maxima, color="#e3e7ea", height=0.75, label="满分")
    bars = ax.barh(y, scores, color="#3a9a4a", height=0.5, label="得分")
    _bar_labels(ax, bars, scores)
    labels = [_wrap(t, 18) for t in indicators["indicator"]]
    ax.set_yticks(y, labels, fontsize=8)
    xmax = max(scores + ([max(maxima)] if maxima_col is not None else [])) or 1
    ax.set_xlim(0, xmax * 2.6)
    for yi, tgt, act in zip(y, indicators["target"], indicators["actual"]):
        ax.text(xmax * 1.35, yi, f"目标 {_wrap(tgt, 10)} → 实际 {_wrap(act, 10)}", va="center", fontsize=8,
                color="#33414d")
    ax.set_xlabel("得分（分）")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_laid_out
def performance_overview(perf: pd.DataFrame) -> Figure:
    """总分 of every self-evaluation table against 100, so tables compare at a glance."""
    summary = loader.performance_summary(perf)
    fig, ax = _figure(9, max(2.2, 0.5 * len(summary) + 1.2))
    ax.set_title("绩效自评总分（满分100）", fontsize=12)
    if summary.empty:
        return _empty(fig, ax, "未列示绩效自评表")
    y = list(range(len(summary)))[::-1]
    ax.barh(y, [100] * len(summary), color="#e3e7ea", height=0.6, label="满分")
    scores = summary["total_score"].fillna(0).tolist()
    bars = ax.barh(y, scores, color="#3a9a4a", height=0.4, label="总分")
    _bar_labels(ax, bars, scores)
    ax.set_yticks(y, [_wrap(s, 20) for s in summary["scope"]], fontsize=9)
    ax.set_xlim(0, 110)
    ax.set_xlabel("分")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


# ---------------------------------------------------------------- reconciliation


@_laid_out
def reconciliation(checks: pd.DataFrame) -> Figure:
    """Verdicts by category: one stacked bar per category, counts by status."""
    fig, ax = _figure(9, 3.2)
    ax.set_title("勾稽核对结果（按类别）", fontsize=12)
    if checks.empty:
        return _empty(fig, ax, "未运行勾稽核对")
    counts = checks.groupby(["category", "status"]).size().unstack(fill_value=0)
    cats = list(counts.index)
    y = list(range(len(cats)))[::-1]
    left = [0] * len(cats)
    for status, color in STATUS_COLORS.items():
        if status not in counts.columns:
            continue
        vals = counts[status].tolist()
        bars = ax.barh(y, vals, left=left, color=color, label=STATUS_LABELS[status])
        for bar, v, lft in zip(bars, vals, left):
            if v:
                ax.text(lft + v / 2, bar.get_y() + bar.get_height() / 2, str(v), ha="center", va="center",
                        fontsize=8, color="white")
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [CATEGORY_LABELS.get(c, c) for c in cats], fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("核对项数（项）")
    _legend_below(fig, ax, 5)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


# ---------------------------------------------------------------- panel (compare notebook)


@_laid_out
def panel_bars(panel: pd.DataFrame, column: str, label: str, unit: str = UNIT) -> Figure:
    """One figure per panel column: departments sorted by the value, largest at the top."""
    data = panel[["department", column]].dropna().sort_values(column)
    fig, ax = _figure(10, max(2.5, 0.35 * len(data) + 1.2))
    ax.set_title(label, fontsize=12)
    if data.empty:
        return _empty(fig, ax, "无数据")
    bars = ax.barh(range(len(data)), data[column].tolist(), color="#1f5fa8")
    _bar_labels(ax, bars, data[column].tolist())
    ax.set_yticks(range(len(data)), [_wrap(d, 20) for d in data["department"]], fontsize=8)
    ax.set_xlabel(f"{label}（{unit}）")
    ax.margins(x=0.15)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_laid_out
def panel_split(panel: pd.DataFrame) -> Figure:
    """基本/项目 split and 人员经费 share per department, as percentages side by side."""
    data = panel[["department", "basic_share_pct", "personnel_share_pct"]].sort_values("basic_share_pct")
    fig, ax = _figure(10, max(2.5, 0.4 * len(data) + 1.4))
    ax.set_title("基本支出占比与人员经费占比", fontsize=12)
    if data.empty:
        return _empty(fig, ax, "无数据")
    y = list(range(len(data)))
    ax.barh([i + 0.2 for i in y], data["basic_share_pct"].fillna(0), 0.4, color="#1f5fa8",
            label="基本支出占支出合计")
    ax.barh([i - 0.2 for i in y], data["personnel_share_pct"].fillna(0), 0.4, color="#e07b24",
            label="人员经费占基本支出")
    ax.set_yticks(y, [_wrap(d, 20) for d in data["department"]], fontsize=8)
    ax.set_xlim(0, 105)
    ax.set_xlabel("占比（%）")
    _legend_below(fig, ax, 2)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_laid_out
def panel_three_public(panel: pd.DataFrame) -> Figure:
    """三公 budget vs actual per department."""
    data = panel[["department", "three_public_budget", "three_public_actual"]].fillna(0)
    fig, ax = _figure(10, max(2.5, 0.45 * len(data) + 1.4))
    ax.set_title("“三公”经费：预算数与决算数", fontsize=12)
    if data.empty:
        return _empty(fig, ax, "无数据")
    y = list(range(len(data)))
    ax.barh([i + 0.2 for i in y], data["three_public_budget"], 0.4, color="#b0b7bd", label="预算数")
    ax.barh([i - 0.2 for i in y], data["three_public_actual"], 0.4, color="#1f5fa8", label="决算数")
    ax.set_yticks(y, [_wrap(d, 20) for d in data["department"]], fontsize=8)
    ax.set_xlabel(f"金额（{UNIT}）")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_laid_out
def panel_checks(panel: pd.DataFrame) -> Figure:
    """Reconciliation health per department: counts of pass / warn / fail."""
    fig, ax = _figure(10, max(2.5, 0.4 * len(panel) + 1.4))
    ax.set_title("勾稽核对：各部门通过、警告与不符项数", fontsize=12)
    if panel.empty:
        return _empty(fig, ax, "无数据")
    y = list(range(len(panel)))
    left = [0] * len(panel)
    for col, status in (("checks_pass", "pass"), ("checks_warn", "warn"), ("checks_fail", "fail")):
        vals = panel[col].fillna(0).tolist()
        ax.barh(y, vals, left=left, color=STATUS_COLORS[status], label=STATUS_LABELS[status])
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [_wrap(d, 20) for d in panel["department"]], fontsize=8)
    ax.set_xlabel("核对项数（项）")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig

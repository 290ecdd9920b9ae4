"""What every chart stands on, for one department's report and across the corpus alike.

The CJK font, the colours, a figure with its axes, the laid-out decorator, and the few drawing
moves the charts share (a bar's value beside it, a legend under the figure, bars stacked by
verdict, the message of an empty chart). Figures are `matplotlib.figure.Figure` on our own canvas
(chart_render), never pyplot, so a chart holds no global state (a warm kernel runs many reports in
a row) and tests render them headless. Every label is Chinese: a glyph the font lacks would draw
an empty box, which matplotlib reports as a "Glyph … missing" UserWarning, and the tests turn that
warning into a failure. Amounts are 万元 and every value axis says so.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba_array
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, TICKLEFT
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from ..fonts import cjk_font
from .chart_layout import CATEGORY_TEXTS, fit
from .chart_render import new_figure, register_notebook_display

UNIT = "万元"
PALETTE = ["#1f5fa8", "#e07b24", "#3a9a4a", "#c0392b", "#7d5ba6", "#8c6d31", "#d35d9b", "#5f6b73"]
STATUS_COLORS = {"pass": "#3a9a4a", "warn": "#e0a100", "fail": "#c0392b",
                 "not_applicable": "#b0b7bd", "insufficient_data": "#7d8c99"}
STATUS_LABELS = {"pass": "通过", "warn": "警告", "fail": "不符", "not_applicable": "不适用",
                 "insufficient_data": "数据不足"}


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
    # a title sits just above its axes (no chart has ticks on top); left to matplotlib, every
    # draw measured the axes' decorations to see whether the title must move up
    matplotlib.rcParams["axes.titley"] = 1.0
    return name


register_notebook_display()


def figure(width: float, height: float, ncols: int = 1, **kw) -> tuple[Figure, object]:
    """A figure of one row of axes, top and right spines hidden (no chart draws on them)."""
    use_cjk_font()
    fig = new_figure(width, height)
    axes = fig.subplots(1, ncols, **kw)
    for ax in fig.axes:
        ax.spines[["top", "right"]].set_visible(False)
    return fig, axes


def titled(width: float, height: float, title: str) -> tuple[Figure, object]:
    """A figure of one axes under a title (fontsize 12), the shape of most charts."""
    fig, ax = figure(width, height)
    ax.set_title(title, fontsize=12)
    return fig, ax


def laid_out(chart: Callable[..., Figure]) -> Callable[..., Figure]:
    """Decorator: every public chart returns a figure whose axes and labels are already placed."""
    @functools.wraps(chart)
    def wrapper(*args, **kwargs) -> Figure:
        return fit(chart(*args, **kwargs))

    return wrapper


def wrap(label: str, width: int = 14) -> str:
    """Chinese has no spaces, so wrap by characters to keep long 科目名称 readable."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def fmt(value: float) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.2f}"


def empty(fig: Figure, ax, message: str) -> Figure:
    """The chart of nothing: its axes hidden, a grey sentence saying what is missing."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#5f6b73", transform=ax.transAxes)
    return fig


class Bar(NamedTuple):
    """One drawn bar in data coordinates, (x, y) its lower left corner: what a label is placed by."""

    x: float
    y: float
    width: float
    height: float


def bars(ax, positions: Sequence[float], lengths: Sequence[float], *, start: float | Sequence[float] = 0.0,
         thickness: float = 0.8, color, alpha: Sequence[float] | None = None, label: str | None = None,
         vertical: bool = False) -> list[Bar]:
    """Bars centred on their positions (horizontal unless vertical), drawn as one PolyCollection.

    What ax.bar / ax.barh draw, without their cost: they add each bar as its own patch and update
    the axes' data limits patch by patch (Bézier extrema computed in Python), which was an eighth of
    a department's chart time; one collection updates them once. As with bar/barh, a bar's base is
    sticky (no margin opens below 0), and the colours are one, or one per bar (with alpha, one per bar).
    """
    starts = list(start) if isinstance(start, Sequence) else [start] * len(positions)
    drawn = [Bar(p - thickness / 2, s, thickness, n) if vertical else Bar(s, p - thickness / 2, n, thickness)
             for p, n, s in zip(positions, lengths, starts)]
    colors = to_rgba_array(color, alpha)  # alpha one per colour
    boxes = [[(b.x, b.y), (b.x + b.width, b.y), (b.x + b.width, b.y + b.height), (b.x, b.y + b.height)] for b in drawn]
    collection = PolyCollection(boxes, facecolors=colors, edgecolors="none", linewidths=0, label=label)
    (collection.sticky_edges.y if vertical else collection.sticky_edges.x).extend(starts)
    ax.add_collection(collection)
    ax.autoscale_view()  # matplotlib < 3.11 does not rescale on add_collection
    return drawn


def category_ticks(ax, positions: Sequence[float], labels: Sequence[str], *, fontsize: float | None = None,
                   axis: str = "y") -> list[Text]:
    """Label each position on the category axis as ax.set_yticks(positions, labels) would, and
    return the labels (a chart may restyle them).

    Drawn as matplotlib draws ticks — the marks as its tick lines are (markers of the rc size,
    width and colour at the spine), the labels at its tick-label transform — but as one line and
    one text per label: a matplotlib Tick is three lines and two texts with their transforms, and
    a department's ~130 category ticks were a fifth of its chart time. The axis keeps no ticks of
    its own; chart_layout.fit measures these labels for the margin.
    """
    rc = matplotlib.rcParams
    size, pad = rc[f"{axis}tick.major.size"], rc[f"{axis}tick.major.pad"]
    color = rc[f"{axis}tick.color"]
    label_color = color if rc[f"{axis}tick.labelcolor"] == "inherit" else rc[f"{axis}tick.labelcolor"]
    if axis == "y":
        ax.set_yticks([])
        transform, va, ha = ax.get_yaxis_text1_transform(size + pad)
        marks = Line2D([0] * len(positions), positions, transform=ax.get_yaxis_transform(), marker=TICKLEFT)
    else:
        ax.set_xticks([])
        transform, va, ha = ax.get_xaxis_text1_transform(size + pad)
        marks = Line2D(positions, [0] * len(positions), transform=ax.get_xaxis_transform(), marker=TICKDOWN)
    marks.set(linestyle="none", markersize=size, markeredgewidth=rc[f"{axis}tick.major.width"],
              color=color, clip_on=False, zorder=2.5)
    ax.add_artist(marks)  # not add_line: the marks stand at the spine, outside the data limits
    texts = [ax.text(*((0, p) if axis == "y" else (p, 0)), label, transform=transform, va=va, ha=ha,
                     fontsize=fontsize or rc[f"{axis}tick.labelsize"], color=label_color, clip_on=False)
             for p, label in zip(positions, labels)]
    ax.__dict__.setdefault(CATEGORY_TEXTS, {})[axis] = texts
    return texts


def bar_labels(ax, drawn: Sequence[Bar], values) -> None:
    """Each horizontal bar's amount just beyond its end."""
    for bar, value in zip(drawn, values):
        if value and not math.isnan(value):
            ax.annotate(fmt(value), (bar.x + bar.width, bar.y + bar.height / 2),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)


def legend_below(fig: Figure, ax, ncols: int) -> None:
    """A legend centred under the figure, with room reserved for it by chart_layout.fit."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.01), ncols=ncols, fontsize=8,
               frameon=False)
    fig._legend_rows = math.ceil(len(labels) / ncols)


def stacked_barh(ax, y: Sequence[float], segments: Iterable[tuple[str, str, list[float]]]) -> list[tuple]:
    """Horizontal bars stacked left to right, one segment per (label, colour, values).

    Returns (bars, values, lefts) per segment, for charts that write a count inside each piece.
    """
    left = [0.0] * len(y)
    drawn = []
    for label, color, values in segments:
        drawn.append((bars(ax, y, values, start=left, color=color, label=label), values, left))
        left = [a + b for a, b in zip(left, values)]
    return drawn


def status_segments(counts: pd.DataFrame, keep_absent: bool = False) -> list[tuple[str, str, list[float]]]:
    """(label, colour, counts) per verdict in the fixed order 通过 → 数据不足, from a frame with one
    column per status; a status with no column is left out, or counted 0 when keep_absent (so a
    legend shows every verdict)."""
    zeros = [0] * len(counts)
    return [(STATUS_LABELS[status], color, counts[status].tolist() if status in counts.columns else zeros)
            for status, color in STATUS_COLORS.items() if keep_absent or status in counts.columns]


def verdict_rows(ax, counts: pd.DataFrame, labels: Sequence[str], *, keep_absent: bool = False,
                 top_down: bool = False, fontsize: float = 8) -> list[tuple]:
    """One row per label of bars stacked by verdict (status_segments), the x axis counted in 项.

    The reconciliation chart (rows = categories, first on top) and the corpus charts (rows =
    reports or departments) are this one picture. Returns stacked_barh's (bars, values, lefts).
    """
    y = list(range(len(labels)))[::-1] if top_down else list(range(len(labels)))
    drawn = stacked_barh(ax, y, status_segments(counts, keep_absent))
    category_ticks(ax, y, list(labels), fontsize=fontsize)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("核对项数（项）")
    return drawn

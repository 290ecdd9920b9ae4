"""Placing a chart's axes and axis labels from its label strings, without a layout engine.

matplotlib's constrained layout measures every text with a full extra draw pass (40 % of a
chart's rendering time when charts were the largest stage of a department's run), and even
without it, each draw places every axis label and title by measuring the tick labels beside
them (a sixth of the drawing in the profile). Our charts have simple shapes (one row of axes,
labels on the left and bottom), so margins and label positions are computed from the label
strings: a CJK character is about 1 em wide, other characters about 0.6 em. The estimates err
on the generous side, so a label never overlaps its ticks.
"""

from __future__ import annotations

import unicodedata

import matplotlib
from matplotlib.figure import Figure

LEGEND_ROW = 0.3  # inches a row of a legend under the figure takes
CATEGORY_TEXTS = "_category_texts"  # the Axes attribute where chart_kit.category_ticks keeps its labels


def text_size(text: str, size: float) -> tuple[float, float]:
    """(width, height) in inches of a label, from its characters; no renderer needed."""
    lines = str(text).split("\n")
    # 1.08 em, not 1: hinting rounds each CJK advance up to whole pixels
    width = max(sum(1.08 if unicodedata.east_asian_width(ch) in "WF" else 0.62 for ch in line) for line in lines)
    return width * size / 72, len(lines) * size * 1.25 / 72


def _tick_labels(ax, name: str) -> list[tuple[str, float]]:
    """(label, font size) of each tick label the axes' x or y axis will draw: its category labels
    (chart_kit.category_ticks) or its ticks'."""
    categories = getattr(ax, CATEGORY_TEXTS, {}).get(name)
    if categories is not None:
        return [(t.get_text(), float(t.get_fontsize())) for t in categories]
    axis = ax.xaxis if name == "x" else ax.yaxis
    texts = axis.get_ticklabels()
    size = float(texts[0].get_fontsize() if texts else matplotlib.rcParams["font.size"])
    try:
        labels = [str(t) for t in axis.get_major_formatter().format_ticks(axis.get_majorticklocs())]
    except Exception:  # noqa: BLE001 - an odd formatter: fall back to what is set
        labels = [t.get_text() for t in texts]
    return [(label, size) for label in labels]


def _tick_room(axis, name: str) -> float:
    """Inches from the spine to the tick labels' near edge: tick length and padding (rc defaults)."""
    rc = matplotlib.rcParams
    return (rc[f"{name}.major.size"] + rc[f"{name}.major.pad"]) / 72


def _margins(ax) -> tuple[float, float, float, float, float, float]:
    """(left, right, bottom, top) in inches that one axes needs, and its tick labels' width and height."""
    if not ax.axison:
        title = ax.title.get_text()
        return 0.1, 0.1, 0.1, (text_size(title, ax.title.get_fontsize())[1] + 0.1) if title else 0.1, 0.0, 0.0
    tick_w = max((text_size(t, size)[0] for t, size in _tick_labels(ax, "y")), default=0.0)
    left = tick_w + 0.18
    if ax.get_ylabel():
        left += text_size("字", ax.yaxis.label.get_fontsize())[1] + 0.08
    tick_h = max((text_size(t, size)[1] for t, size in _tick_labels(ax, "x")), default=0.0)
    bottom = tick_h + 0.12
    if ax.get_xlabel():
        bottom += text_size("字", ax.xaxis.label.get_fontsize())[1] + 0.06
    title = ax.title.get_text()
    top = (text_size(title, ax.title.get_fontsize())[1] + 0.12) if title else 0.1
    return left, 0.2, bottom, top, tick_w, tick_h


def _place_axis_labels(ax, width: float, height: float, tick_w: float, tick_h: float) -> None:
    """Put the axis labels just beyond the estimated tick labels, so drawing need not measure them.

    The coordinates are matplotlib's own rule (tick labels' far edge + labelpad), only with the
    estimated extent instead of the measured one.
    """
    pad = matplotlib.rcParams["axes.labelpad"] / 72
    if ax.get_ylabel():
        ax.yaxis.set_label_coords(-(tick_w + _tick_room(ax.yaxis, "ytick") + pad) / width, 0.5)
    if ax.get_xlabel():
        ax.xaxis.set_label_coords(0.5, -(tick_h + _tick_room(ax.xaxis, "xtick") + pad) / height)


def fit(fig: Figure) -> Figure:
    """Place the figure's row of axes so every label fits, honouring the grid's width ratios."""
    axes = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    width, height = fig.get_size_inches()
    margins = [_margins(ax) for ax in axes]
    bottom = max(m[2] for m in margins) + getattr(fig, "_legend_rows", 0) * LEGEND_ROW
    top = max(m[3] for m in margins) + (0.42 if fig._suptitle is not None else 0.05)
    grid = axes[0].get_subplotspec().get_gridspec()
    ratios = grid.get_width_ratios() or [1] * len(axes)
    free = width - sum(m[0] + m[1] for m in margins)
    x = 0.0
    plot_h = max(0.3, height - top - bottom)
    for ax, (left, right, _b, _t, tick_w, tick_h), ratio in zip(axes, margins, ratios):
        w = max(0.3, free * ratio / sum(ratios))
        ax.set_position([(x + left) / width, bottom / height, w / width, plot_h / height])
        if ax.axison:
            _place_axis_labels(ax, w, plot_h, tick_w, tick_h)
        x += left + w + right
    return fig

"""The fast chart canvas draws what matplotlib's own Agg canvas draws, and bars() what ax.barh draws.

The oracle is matplotlib itself: the same figure laid out and drawn on a plain FigureCanvasAgg.
Text must be measured to the same pixel box (so every label lands where matplotlib would put it)
and its ink must cover the same pixels within a pixel (glyphs may round differently by under one);
bars as one collection must be pixel for pixel the bars of ax.barh.
"""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from analysis.present import chart_kit  # noqa: E402
from analysis.present.chart_layout import fit  # noqa: E402
from analysis.present.chart_render import ChartCanvas, new_figure, png  # noqa: E402

LABELS = ["2013199 其他党委办公厅（室）及相关机构事务支出", "“三公”经费：预算数与决算数", "执行率 52.2%",
          "目标 ≥5 → 实际 ≥10", "支出合计（万元）\n第二行"]


def _labelled(fig: Figure) -> Figure:
    ax = fig.subplots()
    for i, text in enumerate(LABELS):
        ax.text(0.05, 0.1 + 0.17 * i, text, fontsize=8 + i, transform=ax.transAxes)
    ax.set_title("类 → 款 → 项")
    return fig


def _pixels(canvas) -> np.ndarray:
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)


def test_text_measured_as_matplotlib_measures_it():
    chart_kit.use_cjk_font()
    ours, theirs = _labelled(new_figure(6, 4)), _labelled(Figure(figsize=(6, 4), dpi=100))
    FigureCanvasAgg(theirs)
    mine_r, their_r = ours.canvas.get_renderer(), theirs.canvas.get_renderer()
    for a, b in zip(ours.axes[0].texts + [ours.axes[0].title], theirs.axes[0].texts + [theirs.axes[0].title]):
        assert a.get_window_extent(mine_r).bounds == pytest.approx(b.get_window_extent(their_r).bounds, abs=1e-6)


def test_text_ink_where_matplotlib_puts_it():
    chart_kit.use_cjk_font()
    ours, theirs = _labelled(new_figure(6, 4)), _labelled(Figure(figsize=(6, 4), dpi=100))
    a, b = _pixels(ours.canvas), _pixels(FigureCanvasAgg(theirs))
    ink_a, ink_b = (a < 128).all(axis=2), (b < 128).all(axis=2)
    assert ink_a.sum() == pytest.approx(ink_b.sum(), rel=0.03)  # the same glyphs, as much ink
    for axis in (0, 1):  # every row and column with ink in one has ink within a pixel in the other
        rows_a, rows_b = np.flatnonzero(ink_a.any(axis=axis)), np.flatnonzero(ink_b.any(axis=axis))
        assert np.abs(rows_a[:, None] - rows_b[None, :]).min(axis=1).max() <= 1
        assert np.abs(rows_b[:, None] - rows_a[None, :]).min(axis=1).max() <= 1


def test_png_is_the_canvas_in_rgb():
    fig = _labelled(new_figure(3, 2))
    image = Image.open(io.BytesIO(png(fig)))
    assert image.format == "PNG" and image.mode == "RGB" and image.size == (300, 200)
    assert isinstance(fig.canvas, ChartCanvas)
    assert (np.asarray(image).astype(int) == _pixels(fig.canvas)).all()


@pytest.mark.parametrize("vertical", [False, True])
def test_bars_draw_what_barh_draws(vertical):
    """Colours per bar, alpha per bar, stacked starts, margins: the same pixels as ax.barh / ax.bar."""
    y, widths, lefts = [2, 1, 0], [939.82, 124.24, 0.0], [0.0, 10.0, 5.0]
    colors, alphas = ["#1f5fa8", "#e07b24", "#3a9a4a"], [1.0, 0.7, 0.45]
    ours, theirs = new_figure(4, 3), Figure(figsize=(4, 3), dpi=100)
    ChartCanvas(theirs)
    ax, ax2 = ours.subplots(), theirs.subplots()
    chart_kit.bars(ax, y, widths, start=lefts, color=colors, alpha=alphas, thickness=0.75, vertical=vertical)
    if vertical:
        drawn = ax2.bar(y, widths, bottom=lefts, color=colors, width=0.75)
    else:
        drawn = ax2.barh(y, widths, left=lefts, color=colors, height=0.75)
    for bar, a in zip(drawn, alphas):
        bar.set_alpha(a)
    for axes in (ax, ax2):
        axes.margins(0.1)
    assert ax.get_xlim() == pytest.approx(ax2.get_xlim()) and ax.get_ylim() == pytest.approx(ax2.get_ylim())
    assert (_pixels(ours.canvas) == _pixels(theirs.canvas)).all()


def test_bench_times_the_notebooks_own_chart_cells():
    """`juesuan bench charts` draws what the report notebook draws: its cells that call charts."""
    from juesuan_dev.bench_charts import chart_cells

    cells = chart_cells()
    for chart in ("expenditure_structure", "basic_vs_project", "personnel_public", "three_public",
                  "performance_overview", "performance(", "reconciliation"):
        assert any(f"charts.{chart}" in c for c in cells), chart


@pytest.mark.parametrize("axis", ["y", "x"])
def test_category_ticks_draw_what_set_ticks_draws(axis):
    """Marks and labels (one line, two lines, a CJK font size of their own) on the same pixels as
    matplotlib's ticks; and the layout measures them as it measured the tick labels."""
    positions, labels = [0, 1, 2], ["201 一般公共服务支出", "20131 党委办公厅\n（室）及相关机构事务", "2013101 行政运行"]
    ours, theirs = new_figure(6, 4), new_figure(6, 4)
    ax, ax2 = ours.subplots(), theirs.subplots()
    for axes in (ax, ax2):
        chart_kit.bars(axes, positions, [3, 2, 1], color="#1f5fa8", vertical=axis == "x")
    drawn = chart_kit.category_ticks(ax, positions, labels, fontsize=8, axis=axis)
    (ax2.set_yticks if axis == "y" else ax2.set_xticks)(positions, labels, fontsize=8)
    assert [t.get_text() for t in drawn] == labels
    assert (_pixels(ours.canvas) == _pixels(theirs.canvas)).all()
    fit(ours), fit(theirs)
    assert ax.get_position().bounds == pytest.approx(ax2.get_position().bounds)


def test_strings_kept_across_figures_are_kept_per_font_and_size():
    """The process keeps each string's bitmap for later figures; a later figure with the same text in
    another size or weight must get its own, measured as matplotlib measures it."""
    chart_kit.use_cjk_font()
    for size, weight in [(8, "normal"), (12, "normal"), (8, "bold"), (8, "normal")]:
        ours, theirs = new_figure(3, 2), Figure(figsize=(3, 2), dpi=100)
        FigureCanvasAgg(theirs)
        a = ours.text(0.1, 0.5, "支出合计 939.82", fontsize=size, weight=weight)
        b = theirs.text(0.1, 0.5, "支出合计 939.82", fontsize=size, weight=weight)
        assert (a.get_window_extent(ours.canvas.get_renderer()).bounds ==
                pytest.approx(b.get_window_extent(theirs.canvas.get_renderer()).bounds, abs=1e-6)), (size, weight)


def test_a_missing_glyph_warns_in_every_figure_that_draws_it():
    """The warning the tests turn into failures; the strings kept for the process must not swallow it."""
    for _ in range(2):
        fig = new_figure(2, 1)
        fig.subplots().set_title("合计 \U0001F9FF")
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)
            with pytest.raises(UserWarning, match="[Gg]lyph"):
                png(fig)

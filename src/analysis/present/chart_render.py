"""Turning a chart Figure into PNG bytes quickly: the canvas every chart is drawn on, and the encoder.

Profiling a department's charts (cProfile, warm process) put most of their time in text: Chinese
labels are many glyphs, and matplotlib 3.11's Agg renderer draws a string glyph by glyph from
Python (per glyph: a size reset, a transform built with numpy, the outline loaded and rendered,
one blit), after laying it out a second time. FreeType can render a whole laid-out string into
one bitmap in a single call (`FT2Font.set_text` + `draw_glyphs_to_bitmap`, matplotlib's public
font API and what its Agg renderer did up to 3.10), which is what `_TextRenderer.draw_text` does:
one call into C and one blit per string. The pixels of a glyph are FreeType's either way; only
its position may round differently, by under a pixel. A string's bitmap is kept for the process:
a batch worker draws the same axis words, 类 names and tick values in every department, so only a
department's own names and amounts are new to it.

The PNG is encoded by Pillow directly: RGB (a chart's background is opaque white, so the alpha
channel carried nothing) at zlib level 1, which makes smaller files of these flat-coloured images
than matplotlib's default level 6 does, in half the time.
"""

from __future__ import annotations

import io
import math

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from PIL import Image

PNG_COMPRESS_LEVEL = 1


def _font_key(prop, dpi: float) -> tuple:
    """All a string's pixels depend on besides its text: the font properties (whole, not their
    hash: two fonts must never share a bitmap), the rcParams a family name resolves through, dpi
    and FreeType's load flags."""
    return (tuple(prop.get_family()), prop.get_slant(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size(), prop.get_file(), dpi, get_hinting_flag(),
            tuple(matplotlib.rcParams["font.family"]), tuple(matplotlib.rcParams["font.sans-serif"]))


# (font key, text) → _render's tuple. A department draws ~300 strings, some 150 of them new (its
# names and amounts); the rest (axis words, 类 names, ticks) recur in every department. A string's
# bitmap is a few KiB: emptied when it holds MAX_STRINGS, it stays under some tens of MiB.
_STRINGS: dict[tuple, tuple] = {}
MAX_STRINGS = 10_000
_LINE_METRICS: dict[tuple, tuple[float, float, float]] = {}


class _TextRenderer(RendererAgg):
    """Agg with each plain string rendered in one bitmap (see the module's docstring).

    matplotlib measures every string before drawing it, and loading a string's glyphs is most of
    either: so the measuring renders the string's bitmap too, and drawing it is one blit. Strings
    are kept for the process (a batch worker draws the same labels, ticks and names in department
    after department).
    """

    def __init__(self, width, height, dpi) -> None:
        super().__init__(width, height, dpi)
        self._own: dict[tuple, tuple] = {}

    def _get_font_height_metrics(self, prop) -> tuple[float, float, float]:
        """(ascent, descent, line gap) in pixels of the font of prop, once per font, size and dpi.

        matplotlib 3.11's Text._get_layout asks the renderer for these where it offers them (a
        hook its PDF and PS backends implement) and otherwise looks the font up and reads its
        OS/2 or hhea table on every layout of every text: a twentieth of a department's chart
        time. These are the same numbers, by the same rule, read once.
        """
        key = _font_key(prop, self.dpi)
        if key not in _LINE_METRICS:
            font = self._prepare_font(prop)
            scale = prop.get_size_in_points() * self.dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
            for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                                     ("hhea", "lineGap", "ascent", "descent")):
                table = font.get_sfnt_table(table_name)
                if table is not None:
                    _LINE_METRICS[key] = (table[ascent] * scale, -table[descent] * scale, table[gap] * scale)
                    break
            else:  # no such table: matplotlib measures "lp" instead
                return None, None, None
        return _LINE_METRICS[key]

    def _render(self, s: str, prop) -> tuple[np.ndarray, float, float, float, tuple[float, float]]:
        """(bitmap, x offset, y offset, descent, (width, height)) of a string, in pixels."""
        key = (_font_key(prop, self.dpi), s)
        found = _STRINGS.get(key) or self._own.get(key)
        if found is not None:
            return found
        font = self._prepare_font(prop)
        font.set_text(s, 0, flags=get_hinting_flag())
        font.draw_glyphs_to_bitmap(antialiased=True)
        xo, _yo = font.get_bitmap_offset()
        width, height = font.get_width_height()
        drawn = (np.array(font.get_image()), xo / 64, 0.0, font.get_descent() / 64, (width / 64, height / 64))
        if all(font.get_char_index(ord(char)) for char in s):
            if len(_STRINGS) >= MAX_STRINGS:
                _STRINGS.clear()
            _STRINGS[key] = drawn
            return drawn
        # a glyph from a fallback font, or none (matplotlib warns of a missing glyph): kept for
        # this figure only, so that every figure that draws it warns
        self._own[key] = drawn
        return drawn

    def get_text_width_height_descent(self, s, prop, ismath):  # noqa: D102 - matplotlib's API
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        _image, _xo, _yo, descent, (width, height) = self._render(s, prop)
        return width, height, descent

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # noqa: D102 - matplotlib's API
        if ismath or not gc.get_antialiased():  # mathtext, TeX and aliased text: matplotlib's own path
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        image, xo, yo, descent, _size = self._render(s, prop)
        xd, yd = descent * math.sin(math.radians(angle)), descent * math.cos(math.radians(angle))
        self._renderer.draw_text_image(image, round(x + xo + xd), round(y + yo + yd) + 1, angle, gc)


class ChartCanvas(FigureCanvasAgg):
    """The Agg canvas, drawing with `_TextRenderer`; everything else is matplotlib's."""

    def get_renderer(self) -> RendererAgg:
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = _TextRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def new_figure(width: float, height: float, dpi: float = 100) -> Figure:
    """A Figure on a ChartCanvas (not pyplot: a chart holds no global state)."""
    fig = Figure(figsize=(width, height), dpi=dpi)
    ChartCanvas(fig)
    return fig


def png(fig: Figure) -> bytes:
    """The chart as PNG bytes (RGB, zlib level 1), drawn on its ChartCanvas."""
    canvas = fig.canvas if isinstance(fig.canvas, ChartCanvas) else ChartCanvas(fig)
    canvas.draw()
    size = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()


def register_notebook_display() -> None:
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
        shell.display_formatter.formatters["image/png"].for_type(Figure, png)

"""Glyph boxes that do not depend on a glyph's own shape or its font's metrics.

Why: lines, words, numbers and cells are all built from character boxes (`lines`, PageText's
cells, the accounting of printed numbers), and they hold together only if every glyph of a line
has the line's box: one em tall, from the font's descent line, its advance wide. PDFium's "loose"
box is that where it knows the font's ascent and descent, but:

* a glyph PDFium takes from a marked-content /ActualText span has no character code, and its
  loose box is only its ink. Chromium's print-to-PDF (Skia) writes every glyph its font shares
  with a CJK radical that way (一, 入, 金, 门 …): 一 is then a bar 1.2 pt tall, sorts above its
  line and 一、一般公共预算财政拨款收入 reads 一一入、般公共预算财政拨款收; a digit's ink is narrower
  than its advance and opens a gap inside its number;
* PDFium widens the loose box to the ink where the ink reaches below the descent line (（ ， g),
  so such a glyph sits lower than its neighbours.

So a glyph whose loose box is its ink is boxed anew here from its origin, its matrix, its advance
(up to the next printed glyph on its baseline, else the font's width, else the ink's far edge)
and its font's descent (else the descent of the page's other glyphs); and the bottom of every
other glyph is its font's descent line, not its ink. tests/test_glyph_boxes.py writes PDFs the
way those producers do.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

from .normalise import spellings

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF user space (y up)
Matrix = tuple[float, float, float, float, float, float]  # a glyph's matrix, as PDFium gives it
INK_TOLERANCE = 0.01
"""Points within which PDFium's loose box equals the ink: its box where it has no metrics."""
MAX_DESCENT = 0.5  # em: a font's descent line further below the baseline is its FontBBox, not a descent
PLAUSIBLE_DESCENT = -0.2  # em: between the CJK faces' (Noto Sans SC −0.12, SimSun −0.14) and Latin ones' (−0.22)


@dataclass
class _InkOnly:
    char: dict  # its entry in the page's characters, boxed in place
    index: int  # its index in PDFium's text page
    size: float  # font size (text space)
    ink: Box


@dataclass
class GlyphBoxes:
    """One page's glyph boxes: the descent line of each glyph, and the glyphs to box anew."""

    raw: object  # the FPDF_TEXTPAGE
    to_page: Callable[[float, float, float, float], tuple[float, float, float, float]]  # PageFrame.box
    count: int = 0
    _fonts: dict = field(default_factory=dict)  # FPDF_FONT address → descent (share of the em) or None
    _objects: dict = field(default_factory=dict)  # text object address → its font's descent, or None
    _descents: list[float] = field(default_factory=list)  # of the page's glyphs boxed by their metrics
    _pending: list[_InkOnly] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.count = pdfium_c.FPDFText_CountChars(self.raw)

    def descent_line(self, index: int, size: float, matrix: Matrix, loose_bottom: float) -> float:
        """The bottom of a glyph's box where PDFium's box follows its ink below the descent line:
        the font's descent line (upright text; elsewhere, or without metrics, PDFium's own)."""
        if _unturned(matrix):
            descent = self._descent(index)
            if descent is not None:
                return max(loose_bottom, self._origin(index)[1] + descent * size * matrix[3])
        return loose_bottom

    def within_reason(self, index: int, size: float, matrix: Matrix, bottom: float) -> float:
        """The bottom of a glyph's box where its font's descent is not a descent: pdftocairo writes
        a rewritten font's /Ascent and /Descent from its FontBBox (Noto Sans SC: 1808, −1048), so
        the one-em box hung from that "descent" lies wholly below the baseline, under the line its
        neighbours in other fonts share; 公务员医疗补助 became a line of its own below its code and
        figures. Such a glyph is boxed from PLAUSIBLE_DESCENT instead."""
        descent = self._descent(index)
        if descent is None or descent >= -MAX_DESCENT or not _unturned(matrix):
            return bottom
        return self._origin(index)[1] + PLAUSIBLE_DESCENT * size * matrix[3]

    def defer(self, char: dict, index: int, size: float, ink: Box) -> None:
        """A glyph whose box is its ink alone (`is_ink_only`): `box_anew` boxes it."""
        self._pending.append(_InkOnly(char, index, size, ink))

    def note_descent(self, size: float, matrix, bottom: float) -> None:
        """A glyph boxed by its font's metrics (its PDFium FS_MATRIX): where its descent line is,
        for the glyphs whose font has none."""
        if size > 0 and matrix.b == 0 and matrix.c == 0 and matrix.a > 0 and matrix.d > 0:
            self._descents.append((bottom - matrix.f) / (matrix.d * size))

    def box_anew(self) -> None:
        """Every ink-only glyph: one em tall from the descent line, its advance wide."""
        descents = sorted(self._descents)
        page_descent = descents[len(descents) // 2] if descents else 0.0  # pdfminer's when none has one
        for glyph in self._pending:
            m = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFText_GetMatrix(self.raw, glyph.index, m)
            a, b, c, d = m.a, m.b, m.c, m.d
            e, f = self._origin(glyph.index)
            descent = self._descent(glyph.index)
            low = (page_descent if descent is None else descent) * glyph.size
            advance = self._advance(glyph, (a, b, c, d), (e, f))
            corners = [(e + u * a + v * c, f + u * b + v * d) for u in (0.0, advance) for v in (low, low + glyph.size)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            x0, top, x1, bottom = self.to_page(min(xs), min(ys), max(xs), max(ys))
            glyph.char.update(x0=x0, x1=x1, top=top, bottom=bottom, doctop=top)

    def _origin(self, index: int) -> tuple[float, float]:
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(self.raw, index, x, y)
        return x.value, y.value

    def _font(self, index: int):
        return pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(self.raw, index))

    def _descent(self, index: int) -> float | None:
        """The glyph's font's descent as a share of the em (where PDFium and pdfminer put a box's
        bottom), or None where the font has no metrics (its ascent not above its descent).

        Asked for every glyph of a page: kept by the glyph's text object (its address, one call;
        a text object has one font), the font looked up once per text object (two calls and a
        cast per glyph were an eighth of reading a page's characters)."""
        obj = _text_object_address(self.raw, index)
        if obj not in self._objects:
            self._objects[obj] = self._font_descent(index)
        return self._objects[obj]

    def _font_descent(self, index: int) -> float | None:
        font = self._font(index)
        if not font:
            return None
        key = ctypes.cast(font, ctypes.c_void_p).value
        if key not in self._fonts:
            ascent, descent = ctypes.c_float(), ctypes.c_float()
            ok = pdfium_c.FPDFFont_GetAscent(font, 1000.0, ascent) and pdfium_c.FPDFFont_GetDescent(font, 1000.0, descent)
            self._fonts[key] = descent.value / 1000 if ok and ascent.value > descent.value else None
        return self._fonts[key]

    def _advance(self, glyph: _InkOnly, linear: tuple[float, float, float, float], origin: tuple[float, float]) -> float:
        """The glyph's advance width in text space.

        Up to the next printed glyph when it is on the same baseline within an em and a half: an
        ActualText glyph has no character code, and PDFium finds the font's width only by the
        character the font's ToUnicode map names (⼀ where the ActualText says 一). Else that
        width, else the ink's far edge.
        """
        a, b, c, d = linear
        det = a * d - b * c
        size = glyph.size
        following = next((j for j in range(glyph.index + 1, min(glyph.index + 4, self.count))
                          if not pdfium_c.FPDFText_IsGenerated(self.raw, j)), None)  # PDFium ends a span with \r\n
        if following is not None and abs(det) > 1e-9:
            nx, ny = self._origin(following)
            dx, dy = nx - origin[0], ny - origin[1]
            u, v = (d * dx - c * dy) / det, (a * dy - b * dx) / det  # the step in the glyph's text space
            if abs(v) < 0.05 * size and 0 < u <= 1.5 * size:
                return u
        font = self._font(glyph.index)
        width = ctypes.c_float()
        char = chr(pdfium_c.FPDFText_GetUnicode(self.raw, glyph.index))
        for spelled in (*spellings(char), char) if font else ():  # the font's map may name ⼀ for 一
            if pdfium_c.FPDFFont_GetGlyphWidth(font, ord(spelled), size, width) and 0 < width.value <= 1.5 * size:
                return width.value
        right = glyph.ink[2]
        return max((right - origin[0]) / a, 0.0) if abs(a) > 1e-6 and abs(b) < 1e-6 else size


def _address_function(function):
    """A PDFium function that returns a pointer, declared to return it as an int (an address to
    key a dict by); PDFium's own declaration (pypdfium2.raw) is left as it is."""
    declared = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    declared.argtypes, declared.restype = function.argtypes, ctypes.c_void_p
    return declared


_text_object_address = _address_function(pdfium_c.FPDFText_GetTextObject)


def is_ink_only(loose: Box, ink: Box) -> bool:
    """Whether PDFium's loose box is the glyph's ink alone (it knows no metrics for it)."""
    return all(abs(u - v) < INK_TOLERANCE for u, v in zip(loose, ink))


def _unturned(matrix: Matrix) -> bool:
    """Upright in user space: the case PDFium's loose box and the descent line are defined for."""
    a, b, c, d = matrix[:4]
    return a > 0 and d > 0 and abs(b) < 1e-6 and abs(c) < 1e-6

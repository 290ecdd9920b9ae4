"""A page's characters, lines, rects and curves, read with PDFium, in pdfplumber's coordinates.

Why not pdfplumber's own reading: its pure-Python content-stream interpreter (pdfminer) took
about 0.1 s a page, 90 % of a department's extraction, and a batch reads thousands of pages.
PDFium (C++, through pypdfium2, which pdfplumber already ships with) reads the same characters
ten to twenty times faster. Everything downstream was built on pdfplumber's frame (origin at the
top left, the page's /Rotate applied, the MediaBox offset pdfplumber keeps), and the grid engines
(tabula, pdfplumber's table finder) report boxes in that frame, so the characters are mapped into
it here and stay interchangeable with pdfplumber's: same characters, same boxes (a character's
box is its advance width by one em, as pdfminer draws it), and the same lines, rects and curves,
so pdfplumber's table finder runs on them unparsed (tests/test_textlayer.py compares both ways).

Where they differ, on purpose: PDFium leaves out a few printed spaces (in the sample, 12 of 326,
such as the ones in 类 款 项), replacing them with its own zero-width word breaks, which are
dropped here (no reader depends on printed spaces: a cell's text is read without them, and lines
and sentences are spaced by the gaps on the page). A glyph whose font gives no box (an ActualText
glyph, a font without metrics) is boxed from its origin and advance (`glyphs`), where pdfminer
places it by whatever its font says. And each character is the one a reader sees (`normalise`:
⾦ is 金), the PDF's own code point kept as ``printed``.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import cached_property

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .glyphs import INK_TOLERANCE, GlyphBoxes, is_ink_only
from .normalise import normalisation

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True)
class PageFrame:
    """How a point in PDF user space maps to pdfplumber's (x, top) for one page.

    pdfminer moves the MediaBox origin to (0, 0) and applies /Rotate; pdfplumber then flips y and
    adds the MediaBox offset back. Both steps are reproduced, so a page with a shifted MediaBox or
    a /Rotate gives the coordinates pdfplumber (and the grid engines aligned with it) would.
    """

    mediabox: tuple[float, float, float, float]  # x0, y0, x1, y1 as stored in the PDF (inherited)
    rotation: int  # 0, 90, 180, 270

    # cached: a page maps tens of thousands of points through the same frame (a third of a
    # department's extraction went to rebuilding these per point); frozen fields, so never stale
    @cached_property
    def _ctm(self) -> tuple[float, float, float, float, float, float]:
        x0, y0, x1, y1 = self.mediabox
        return {
            90: (0, -1, 1, 0, -y0, x1),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0),
        }.get(self.rotation, (1, 0, 0, 1, -x0, -y0))

    @cached_property
    def _normalised(self) -> tuple[float, float, float, float]:
        """pdfplumber's MediaBox: corners sorted (any two opposite corners are valid), turned."""
        (x0, x1), (y0, y1) = sorted(self.mediabox[0::2]), sorted(self.mediabox[1::2])
        return (y0, x0, y1, x1) if self.rotation in (90, 270) else (x0, y0, x1, y1)

    @property
    def width(self) -> float:
        b = self._normalised
        return b[2] - b[0]

    @cached_property
    def height(self) -> float:
        b = self._normalised
        return b[3] - b[1]

    @cached_property
    def _affine(self) -> tuple[float, ...]:
        """What `point` computes with, as one tuple: the matrix, pdfminer's MediaBox corner, the height."""
        nx0, ny0, _, _ = self._normalised
        return (*self._ctm, nx0, ny0, self.height)

    def turn(self, a: float, b: float, c: float, d: float) -> tuple[float, float, float, float]:
        """A character's matrix (its linear part) as the page is displayed, /Rotate applied."""
        A, B, C, D = self._ctm[:4]
        return a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point as pdfplumber's (x, top)."""
        a, b, c, d, e, f = self._ctm
        nx0, ny0, _, _ = self._normalised
        # pdfminer's coordinates, then pdfplumber's flip; -ny0 is its inverted MediaBox top
        return a * x + c * y + e + nx0, self.height - (b * x + d * y + f) - ny0

    def box(self, left: float, bottom: float, right: float, top: float) -> Rule:
        """A user-space rectangle as pdfplumber's (x0, top, x1, bottom).

        The four corners are `point`'s, its arithmetic written out term for term (the same
        floats): this runs for every character of every page, and the four calls were a fifth of
        reading the characters."""
        a, b, c, d, e, f, nx0, ny0, height = self._affine
        x1, y1 = a * left + c * bottom + e + nx0, height - (b * left + d * bottom + f) - ny0
        x2, y2 = a * right + c * top + e + nx0, height - (b * right + d * top + f) - ny0
        x3, y3 = a * left + c * top + e + nx0, height - (b * left + d * top + f) - ny0
        x4, y4 = a * right + c * bottom + e + nx0, height - (b * right + d * bottom + f) - ny0
        return min(x1, x2, x3, x4), min(y1, y2, y3, y4), max(x1, x2, x3, x4), max(y1, y2, y3, y4)


def page_chars(textpage: pdfium.PdfTextPage, frame: PageFrame) -> list[dict]:
    """The printed characters of a page (spaces included, PDFium's inferred ones not; see above).

    Each is a dict with pdfplumber's keys (text, x0, x1, top, bottom, doctop, upright, size), so
    pdfplumber's word and line grouping run on them unchanged. ``text`` is the character as a
    reader sees it (`normalise`); where the PDF spells it otherwise (⾦ for 金, ９ for 9), the
    PDF's own character is kept under ``printed``.

    A box is one em tall on its font's descent line whatever the glyph's own shape (`glyphs`):
    PDFium's loose box where it has the font's metrics, built anew where PDFium gives the ink
    alone (a glyph from an ActualText span, as Chromium writes 一 and 入).
    """
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    ink_left, ink_right, ink_bottom, ink_top = (ctypes.c_double() for _ in range(4))  # passed by reference
    turn_a, turn_b, turn_c, turn_d = frame._ctm[:4]  # frame.turn, written out below
    out: list[dict] = []
    glyphs = GlyphBoxes(raw, frame.box)
    seen_as = normalisation()
    for i in range(glyphs.count):
        if pdfium_c.FPDFText_IsGenerated(raw, i):
            continue  # a space or line break PDFium inferred from the layout; pdfminer has none
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        printed = chr(code)
        text = seen_as.get(code, printed)
        if not text:
            continue  # a zero-width space or joiner: nothing is printed
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
        pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        ma, mb, mc, md = matrix.a, matrix.b, matrix.c, matrix.d
        a, b, c, d = (ma * turn_a + mb * turn_c, ma * turn_b + mb * turn_d,  # as displayed (y up)
                      mc * turn_a + md * turn_c, mc * turn_b + md * turn_d)
        upright = a * d > 0 and b * c <= 0  # pdfminer's definition, which pdfplumber reports
        pdfium_c.FPDFText_GetCharBox(raw, i, ink_left, ink_right, ink_bottom, ink_top)
        low = box.bottom
        inked: tuple[float, float, float, float] | None = None
        if size > 0 and abs(low - ink_bottom.value) < INK_TOLERANCE:  # PDFium's box reaches as low as the ink
            placed = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            inked = (ink_left.value, ink_bottom.value, ink_right.value, ink_top.value)
            if not is_ink_only((box.left, box.bottom, box.right, box.top), inked):
                low, inked = glyphs.descent_line(i, size, placed, low), None
        if inked is None and size > 0:
            low = glyphs.within_reason(i, size, (ma, mb, mc, md, matrix.e, matrix.f), low)
        x0, top, x1, bottom = frame.box(box.left, low, box.right, box.top)
        char = {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                "upright": upright, "size": size}
        if text != printed:
            char["printed"] = printed
        out.append(char)
        if inked is not None:
            glyphs.defer(char, i, size, inked)  # boxed anew once the page's descent line is known
            continue
        glyphs.note_descent(size, matrix, low)
        if upright and abs(b) < 1e-6 and abs(c) < 1e-6:
            # pdfminer's box is one em tall above the descent line; PDFium's loose box uses the
            # font's own ascent, which differs by a few points for some fonts and would shift
            # line grouping
            if d > 0:
                char["top"] = char["doctop"] = bottom - size * d
            else:  # printed upside down: the descent line is the displayed top
                char["bottom"] = top - size * d
    glyphs.box_anew()
    return out


def _matrix(obj) -> tuple[float, float, float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner, outer):
    """inner then outer, as PDF matrices (row vectors)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _subpaths(path, matrix) -> list[tuple[str, list[tuple[float, float]]]]:
    """A path object's subpaths as pdfminer builds them: a shape such as "mlllh" and one
    user-space point per operator (a Bézier's end point; for "h", the subpath's start)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    pending_bezier = 0  # PDFium lists a cubic Bézier as three points: two controls, then the end
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        seg = pdfium_c.FPDFPath_GetPathSegment(path, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(("m", [point]))
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO and (pending_bezier := (pending_bezier + 1) % 3):
            continue  # a control point (its Close flag, if any, is on the end point)
        else:
            shape, points = subpaths[-1]
            subpaths[-1] = (shape + ("c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else "l"), [*points, point])
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            shape, points = subpaths[-1]
            subpaths[-1] = (shape + "h", [*points, points[0]])
    return subpaths


LEVEL = 1e-3  # pt: further apart than PDFium's single precision, far closer than any drawn step


def _classify(shape: str, points: list[tuple[float, float]]) -> tuple[str, list[tuple[float, float]]]:
    """"line", "rect" or "curve" and the points pdfminer keeps, by pdfminer's own rules."""
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", [*points[:-2], points[-1]]  # a redundant "l" before "h"
    if shape in ("ml", "mlh"):
        return "line", points
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
        def eq(u: float, v: float) -> bool:  # level to single precision (see _level): a turned page's
            return abs(u - v) < LEVEL  # rectangles (Word draws borders as thin ones) stay rectangles

        square = (eq(x0, x1) and eq(y1, y2) and eq(x2, x3) and eq(y3, y0)) or (eq(y0, y1) and eq(x1, x2) and eq(y2, y3) and eq(x3, x0))
        if eq(points[0][0], last[0]) and eq(points[0][1], last[1]) and square:
            return "rect", points
    return "curve", points


def _level(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Each point's x or y set to its predecessor's where they differ by less than LEVEL.

    PDFium gives single-precision points; through a rotating matrix (a table drawn turned under a
    /Rotate 90, displayed upright) the two ends of one ruled line differ in the 5th digit, and
    pdfplumber's table finder calls a segment horizontal or vertical only if its ends are exactly
    level: every rule of the grid was lost.
    """
    out = pts[:1]
    for x, y in pts[1:]:
        px, py = out[-1]
        out.append((px if abs(x - px) < LEVEL else x, py if abs(y - py) < LEVEL else y))
    return out


def _shape_object(kind: str, points: list[tuple[float, float]], frame: PageFrame) -> dict:
    """One line, rect or curve as the dict pdfplumber's table finder reads (its edges)."""
    if kind == "line":
        points = points[:2]
    elif kind == "rect":
        points = [points[0], points[2]]
    pts = _level([frame.point(x, y) for x, y in points])
    xs, tops = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    obj = {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
           "width": x1 - x0, "height": bottom - top, "y0": frame.height - bottom, "y1": frame.height - top}
    if kind != "rect":
        obj["pts"] = pts
    return obj


def page_shapes(page: pdfium.PdfPage, frame: PageFrame) -> dict[str, list[dict]]:
    """The page's lines, rects and curves (Form XObjects included), as pdfplumber lists them."""
    shapes: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}

    def walk(objects, outer) -> None:
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = _compose(_matrix(obj), outer)
                walk((pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))),
                     inner)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                for shape, points in _subpaths(obj, _compose(_matrix(obj), outer)):
                    what, points = _classify(shape, points)
                    shapes[what].append(_shape_object(what, points, frame))

    raw = page.raw
    walk((pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))),
         (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return shapes


def rules_of(shapes: dict[str, list[dict]]) -> list[Rule]:
    """Ruled lines and rectangles (table borders, cell shading) as boxes."""
    return [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in (*shapes["line"], *shapes["rect"])]

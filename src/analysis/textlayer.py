"""A page's characters and ruled lines, read with PDFium, in pdfplumber's coordinates.

Why not pdfplumber's own reading: its pure-Python content-stream interpreter (pdfminer) took
about 0.1 s a page, 90 % of a department's extraction, and a batch reads thousands of pages.
PDFium (C++, through pypdfium2, which pdfplumber already ships with) reads the same characters
ten to twenty times faster. Everything downstream was built on pdfplumber's frame (origin at the
top left, the page's /Rotate applied, the MediaBox offset pdfplumber keeps), and the grid engines
(tabula, pdfplumber's table finder) report boxes in that frame, so the characters are mapped into
it here and stay interchangeable with pdfplumber's: same text, same boxes (a character's box is
its advance width by one em, as pdfminer draws it).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

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

    @property
    def _ctm(self) -> tuple[float, float, float, float, float, float]:
        x0, y0, x1, y1 = self.mediabox
        return {
            90: (0, -1, 1, 0, -y0, x1),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0),
        }.get(self.rotation, (1, 0, 0, 1, -x0, -y0))

    @property
    def _normalised(self) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.mediabox
        return (y0, x0, y1, x1) if self.rotation in (90, 270) else (x0, y0, x1, y1)

    @property
    def width(self) -> float:
        b = self._normalised
        return b[2] - b[0]

    @property
    def height(self) -> float:
        b = self._normalised
        return b[3] - b[1]

    def turn(self, a: float, b: float, c: float, d: float) -> tuple[float, float, float, float]:
        """A character's matrix (its linear part) as the page is displayed, /Rotate applied."""
        A, B, C, D = self._ctm[:4]
        return a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D

    def box(self, left: float, bottom: float, right: float, top: float) -> Rule:
        """A user-space rectangle as pdfplumber's (x0, top, x1, bottom)."""
        a, b, c, d, e, f = self._ctm
        xs, ys = [], []
        for x, y in ((left, bottom), (right, top), (left, top), (right, bottom)):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
        nx0, ny0, nx1, ny1 = self._normalised
        mb_top = -ny0  # pdfplumber's inverted MediaBox top: height - y1 of the normalised box
        return (min(xs) + nx0, self.height - max(ys) + mb_top, max(xs) + nx0, self.height - min(ys) + mb_top)


def page_chars(textpage: pdfium.PdfTextPage, frame: PageFrame) -> list[dict]:
    """The printed characters of a page (spaces included, PDFium's inferred ones not).

    Each is a dict with pdfplumber's keys (text, x0, x1, top, bottom, doctop, upright, size), so
    pdfplumber's word and line grouping run on them unchanged.
    """
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    out = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, i):
            continue  # a space or line break PDFium inferred from the layout; pdfminer has none
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
        pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        a, b, c, d = frame.turn(matrix.a, matrix.b, matrix.c, matrix.d)  # as displayed (y up)
        upright = a * d > 0 and b * c <= 0  # pdfminer's definition, which pdfplumber reports
        x0, top, x1, bottom = frame.box(box.left, box.bottom, box.right, box.top)
        if upright and abs(b) < 1e-6 and abs(c) < 1e-6:
            # pdfminer's box is one em tall above the descent line; PDFium's loose box uses the
            # font's own ascent, which differs by a few points for some fonts and would shift
            # line grouping
            if d > 0:
                top = bottom - size * d
            else:  # printed upside down: the descent line is the displayed top
                bottom = top - size * d
        out.append({"text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                    "upright": upright, "size": size})
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
    """A path object's subpaths as (pdfminer-style shape such as "mlllh", user-space points)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        seg = pdfium_c.FPDFPath_GetPathSegment(path, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(("m", [point]))
        else:
            shape, points = subpaths[-1]
            subpaths[-1] = (shape + ("c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else "l"), [*points, point])
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            shape, points = subpaths[-1]
            subpaths[-1] = (shape + "h", [*points, points[0]])
    return subpaths


def _rule(shape: str, points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """A straight line or an axis-aligned rectangle, by pdfminer's rules (else a curve: None)."""
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", [*points[:-2], points[-1]]  # a redundant "l" before "h"
    if shape in ("ml", "mlh"):
        (x0, y0), (x1, y1) = points[:2]
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if points[0] == last and square:
            return min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2)
    return None


def page_rules(page: pdfium.PdfPage, frame: PageFrame) -> list[Rule]:
    """Ruled lines and rectangles (table borders and cell shading), Form XObjects included."""
    rules: list[Rule] = []

    def walk(objects, outer) -> None:
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = _compose(_matrix(obj), outer)
                walk((pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))),
                     inner)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                for shape, points in _subpaths(obj, _compose(_matrix(obj), outer)):
                    rule = _rule(shape, points)
                    if rule is not None:
                        rules.append(frame.box(*rule))

    raw = page.raw
    walk((pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))),
         (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return rules

"""The embedded CJK font and the paragraph styles of a report.

reportlab's built-in fonts have no Chinese glyphs: without a registered TrueType font the PDF
would show boxes and, worse, carry no usable text layer. We register the TrueType copy of the
project's one font (`analysis.fonts`) once (reportlab embeds it as a subset) and derive every style from it, with
CJK line breaking so long item names wrap inside table cells.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from analysis.fonts import cjk_truetype

FONT_NAME = "JuesuanCJK"


@lru_cache(maxsize=1)
def register_font() -> str:
    """Register the CJK font with reportlab (once per process) and return its name."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(cjk_truetype())))
    return FONT_NAME


def style(name: str, size: float = 11, align: int = TA_LEFT, leading: float | None = None,
          indent: float = 0, space_before: float = 0, space_after: float = 0) -> ParagraphStyle:
    """A paragraph style in the CJK font, wrapping between any two Chinese characters."""
    return ParagraphStyle(
        name, fontName=register_font(), fontSize=size, leading=leading or size * 1.3,
        alignment=align, firstLineIndent=indent, spaceBefore=space_before, spaceAfter=space_after,
        wordWrap="CJK",
    )


def markup(text: str) -> str:
    """Escape text for a Paragraph (the 重要事项 table prints “<党组>” literally)."""
    return escape(text)


class Styles:
    """The handful of styles a report uses, sized once per body font size."""

    def __init__(self, cell_size: float = 8.0) -> None:
        self.cover_dept = style("cover_dept", 24, TA_CENTER, leading=36)
        self.cover_title = style("cover_title", 30, TA_CENTER, leading=44)
        self.cover_line = style("cover_line", 14, TA_CENTER, leading=24)
        self.cover_label = style("cover_label", 18, TA_CENTER, leading=28)
        self.part = style("part", 16, TA_CENTER, leading=24, space_before=6, space_after=14)
        self.h = style("h", 12.5, leading=22, space_before=6, space_after=2)
        self.h2 = style("h2", 11.5, leading=20, indent=23, space_before=2)
        self.body = style("body", 11, leading=20, indent=22)
        self.toc = style("toc", 13, leading=28)
        self.table_title = style("table_title", 15, TA_CENTER, leading=20, space_after=2)
        self.table_number = style("table_number", 9, TA_RIGHT, leading=12)
        self.meta_left = style("meta_left", 9, TA_LEFT, leading=12)
        self.meta_right = style("meta_right", 9, TA_RIGHT, leading=12)
        self.note = style("note", 8.5, leading=12)
        self.cell = style("cell", cell_size, leading=cell_size * 1.25)
        self.cell_center = style("cell_center", cell_size, TA_CENTER, leading=cell_size * 1.25)
        self.cell_right = style("cell_right", cell_size, TA_RIGHT, leading=cell_size * 1.25)
        self.perf_cell = style("perf_cell", 8.5, leading=11)
        self.perf_center = style("perf_center", 8.5, TA_CENTER, leading=11)

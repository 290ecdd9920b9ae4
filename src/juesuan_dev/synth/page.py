"""Page templates: A4 portrait and landscape, cover without footer, `— n —` page numbers.

Published 部门决算 reports print wide tables (收入决算表, 支出决算表, 三公) on landscape pages
and number every page after the cover with a centred `— 3 —`; extraction has to live with both,
so the sample does the same. Dates and ids are fixed (invariant) so a re-render gives the same
bytes and the committed sample PDF only changes when its content does.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .styles import register_font

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN_X = {"portrait": 56.0, "landscape": 42.0}
MARGIN_TOP = {"portrait": 56.0, "landscape": 32.0}
MARGIN_BOTTOM = {"portrait": 62.0, "landscape": 46.0}


def frame_width(orientation: str) -> float:
    size = LANDSCAPE if orientation == "landscape" else PORTRAIT
    return size[0] - 2 * MARGIN_X[orientation]


def _footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(register_font(), 10.5)
    width = canvas._pagesize[0]
    canvas.drawCentredString(width / 2, 26, f"— {canvas.getPageNumber()} —")
    canvas.restoreState()


def _no_footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """The cover carries no page number."""


def _template(name: str, orientation: str, footer: bool) -> PageTemplate:
    size = LANDSCAPE if orientation == "landscape" else PORTRAIT
    frame = Frame(
        MARGIN_X[orientation], MARGIN_BOTTOM[orientation], frame_width(orientation),
        size[1] - MARGIN_TOP[orientation] - MARGIN_BOTTOM[orientation],
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"{name}-frame",
    )
    return PageTemplate(id=name, frames=[frame], pagesize=size, onPage=_footer if footer else _no_footer)


def report_doc(path: Path, title: str, author: str) -> BaseDocTemplate:
    """A document with the templates `cover`, `portrait`, `landscape` (first page: cover)."""
    doc = BaseDocTemplate(
        str(path), pagesize=PORTRAIT, invariant=1, title=title, author=author,
        subject="部门决算", creator="juesuan synth", producer="juesuan synth (reportlab)",
    )
    doc.addPageTemplates([
        _template("cover", "portrait", footer=False),
        _template("portrait", "portrait", footer=True),
        _template("landscape", "landscape", footer=True),
    ])
    return doc

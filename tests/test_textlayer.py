"""The PDFium text layer must place every character where pdfplumber (the reference) places it.

Everything downstream (table location, cell text by position, the grid engines' boxes) works in
pdfplumber's frame. These tests read the same pages both ways — also after turning a page with
/Rotate and shifting its MediaBox, which move the frame — and compare character by character.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

from analysis.config import SAMPLE_PDF
from analysis.document.pdfdoc import open_report
from analysis.document.textlayer import PageFrame, _classify, page_chars, page_shapes, rules_of
from fixtures.documents import REAL_DIR as REAL

TABLE_PAGE = 6  # the sample's 支出决算表 (landscape, ruled)


def _both(pdf: Path, number: int) -> tuple[list[dict], list[dict], dict, dict]:
    """(our chars, pdfplumber's chars, our shapes, pdfplumber's shapes) of one page."""
    with pdfplumber.open(pdf) as plumber:
        page = plumber.pages[number - 1]
        frame = PageFrame(tuple(float(v) for v in page.page_obj.mediabox), page.rotation)
        doc = pdfium.PdfDocument(pdf)
        try:
            ours = page_chars(doc[number - 1].get_textpage(), frame)
            shapes = page_shapes(doc[number - 1], frame)
        finally:
            doc.close()
        theirs = list(page.chars)
        their_shapes = {"line": list(page.lines), "rect": list(page.rects), "curve": list(page.curves)}
    return ours, theirs, shapes, their_shapes


def _assert_same_chars(ours: list[dict], theirs: list[dict]) -> None:
    ours = [c for c in ours if not c["text"].isspace()]
    theirs = [c for c in theirs if not c["text"].isspace()]
    assert sorted(c["text"] for c in ours) == sorted(c["text"] for c in theirs)
    assert len(ours) > 100
    assert sum(c["upright"] for c in ours) == sum(c["upright"] for c in theirs)
    by_text: dict[str, np.ndarray] = {}
    for c in theirs:
        by_text.setdefault(c["text"], []).append((c["x0"], c["top"], c["x1"], c["bottom"]))
    by_text = {t: np.array(v) for t, v in by_text.items()}
    for c in ours:
        boxes = by_text[c["text"]]
        nearest = np.abs(boxes - np.array([c["x0"], c["top"], c["x1"], c["bottom"]])).max(axis=1).min()
        # a character turned on the page keeps PDFium's font-ascent box (pdfminer: one em), up
        # to a point wider; upright text, all that tables and prose are, matches exactly
        assert nearest < (0.6 if c["upright"] else 1.5), (c, nearest)


def _assert_same_shapes(ours: dict, theirs: dict) -> None:
    """Lines, rects and curves as pdfplumber lists them, to PDFium's single precision."""
    for kind in ("line", "rect", "curve"):
        assert len(ours[kind]) == len(theirs[kind]), kind
        boxes = np.array([(o["x0"], o["top"], o["x1"], o["bottom"]) for o in theirs[kind]]).reshape(-1, 4)
        for o in ours[kind]:
            distance = np.abs(boxes - np.array([o["x0"], o["top"], o["x1"], o["bottom"]])).max(axis=1).min()
            assert distance < 0.2, (kind, o)
    assert len(rules_of(ours)) > 10


def _turned(source: Path, target: Path, number: int, rotate: int, shift: tuple[float, float]) -> Path:
    """The page alone, turned by /Rotate and with its MediaBox (and content) moved by shift."""
    writer = PdfWriter()
    writer.add_page(PdfReader(source).pages[number - 1])
    page = writer.pages[0]
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    dx, dy = shift
    page.mediabox = RectangleObject((x0 + dx, y0 + dy, x1 + dx, y1 + dy))
    if "/CropBox" in page:
        del page["/CropBox"]
    page.add_transformation((1, 0, 0, 1, dx, dy))  # the content moves with its box
    if rotate:
        page.rotate(rotate)
    with target.open("wb") as fh:
        writer.write(fh)
    return target


def _stored_sideways(source: Path, target: Path, number: int) -> Path:
    """The page as some producers store a landscape page: content drawn turned a quarter to the
    left on a portrait MediaBox, with /Rotate 90 so that viewers show it upright."""
    writer = PdfWriter()
    writer.add_page(PdfReader(source).pages[number - 1])
    page = writer.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    page.add_transformation((0, 1, -1, 0, height, 0))  # (x, y) → (height − y, x)
    page.mediabox = RectangleObject((0, 0, height, width))
    if "/CropBox" in page:
        del page["/CropBox"]
    page.rotate(90)
    with target.open("wb") as fh:
        writer.write(fh)
    return target


def test_sample_table_page_matches_pdfplumber() -> None:
    ours, theirs, shapes, their_shapes = _both(SAMPLE_PDF, TABLE_PAGE)
    _assert_same_chars(ours, theirs)
    _assert_same_shapes(shapes, their_shapes)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_rotated_and_shifted_pages_keep_pdfplumbers_frame(tmp_path: Path, rotate: int) -> None:
    pdf = _turned(SAMPLE_PDF, tmp_path / f"turned-{rotate}.pdf", TABLE_PAGE, rotate, (30.0, 45.0))
    ours, theirs, shapes, their_shapes = _both(pdf, 1)
    _assert_same_chars(ours, theirs)
    _assert_same_shapes(shapes, their_shapes)


def test_a_page_stored_sideways_reads_as_displayed(tmp_path: Path) -> None:
    """The same table, stored turned with /Rotate 90, gives the same lines as the upright page."""
    pdf = _stored_sideways(SAMPLE_PDF, tmp_path / "sideways.pdf", TABLE_PAGE)
    with open_report(SAMPLE_PDF) as doc:
        upright = doc.pages[TABLE_PAGE - 1]
    with open_report(pdf) as doc:
        sideways = doc.pages[0]
    assert (sideways.width, sideways.height) == pytest.approx((upright.width, upright.height), abs=0.01)
    assert sideways.visual_text == upright.visual_text
    assert "2023年度支出决算表" in sideways.visual_text  # its title, printed on the page


@pytest.mark.real
@pytest.mark.parametrize("name", ["putuo-social-work-2024.pdf", "shanghai-template-2024.pdf"])
def test_real_reports_match_pdfplumber_on_every_page(name: str) -> None:
    pdf = REAL / name
    with pdfplumber.open(pdf) as plumber:
        count = len(plumber.pages)
    compared = 0
    for number in range(1, count + 1):
        ours, theirs, shapes, their_shapes = _both(pdf, number)
        if len([c for c in theirs if not c["text"].isspace()]) > 100:
            _assert_same_chars(ours, theirs)
            compared += 1
        for kind in ("line", "rect", "curve"):
            assert len(shapes[kind]) == len(their_shapes[kind]), (number, kind)
    assert compared > 10


def _table_cells(page) -> list[tuple[float, ...]]:
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    return sorted(tuple(round(v, 1) for v in cell) for t in page.find_tables(settings) for cell in t.cells)


@pytest.mark.parametrize("number", [TABLE_PAGE, 20, 22])  # 支出决算表; the two 绩效自评表 pages
def test_served_pdfplumber_page_finds_the_same_tables(number: int) -> None:
    """pdfplumber's table finder on a page served from the text layer (no pdfminer parse) sees
    the grid and the cell texts pdfplumber's own parse gives."""
    with open_report(SAMPLE_PDF) as doc:
        served = doc.plumber_page(number)
        assert served.objects is doc.pages[number - 1].objects  # the text layer's, not parsed again
        cells = _table_cells(served)
        texts = _squeezed(served.find_tables())
    with pdfplumber.open(SAMPLE_PDF) as plumber:
        page = plumber.pages[number - 1]
        assert cells == _table_cells(page) and len(cells) > 20
        assert texts == _squeezed(page.find_tables())


def test_a_page_stored_sideways_keeps_its_grid(tmp_path: Path) -> None:
    """The table stored turned under /Rotate 90 (displayed upright): pdfplumber's table finder on
    the served page finds the grid of the upright page. Its ruled lines went through a rotating
    matrix in single precision; a line whose two ends are not exactly level was taken for a
    vertical one, and the grid was lost (8 of the sample's 186 cells read)."""
    pdf = _stored_sideways(SAMPLE_PDF, tmp_path / "sideways.pdf", TABLE_PAGE)
    with open_report(SAMPLE_PDF) as doc:
        upright = _table_cells(doc.plumber_page(TABLE_PAGE))
    with open_report(pdf) as doc:
        sideways = _table_cells(doc.plumber_page(1))
    assert len(upright) > 20 and sideways == upright


def _squeezed(tables) -> list:
    """Cell texts without whitespace: PDFium leaves out a few printed spaces (类 款 项)."""
    return [[[None if c is None else "".join(c.split()) for c in row] for row in t.extract()] for t in tables]


def test_glyphs_pdfium_boxes_by_their_ink_get_pdfplumbers_box(tmp_path: Path) -> None:
    """Where the new boxes deliberately differ from PDFium's (tests/test_glyph_boxes.py): a glyph
    PDFium takes from an /ActualText span (Chromium writes 一 and 入 so) has only its ink as box;
    it gets the box pdfminer draws, one em tall from the descent line and its advance wide.

    The text deliberately differs too: pdfminer reads the span's glyph by the ToUnicode map, which
    says ⼀ (KANGXI RADICAL ONE) or ７ (FULLWIDTH DIGIT SEVEN); the page shows 一 and 7, which
    PDFium's ActualText and juesuan's normalisation both give.
    """
    from analysis.document.normalise import normalise_text
    from fixtures.glyph_pdfs import actualtext_pdf

    pdf = actualtext_pdf(tmp_path / "actualtext.pdf")
    ours, theirs, _, _ = _both(pdf, 1)
    ours = [c for c in ours if not c["text"].isspace()]
    assert [c["text"] for c in theirs].count("⼀") == 3 and "７" in [c["text"] for c in theirs]
    assert [c["text"] for c in ours] == [normalise_text(c["text"]) for c in theirs]
    for o, t in zip(ours, theirs):
        assert all(abs(o[k] - t[k]) < 0.01 for k in ("x0", "top", "x1", "bottom")), (o, t)


def test_a_rectangle_drawn_turned_stays_a_rectangle() -> None:
    """A cell border drawn as a thin rectangle (as Word does) on a page stored turned: its corners
    come through the rotating matrix in single precision, a few 1e-5 pt off level; pdfminer,
    in double precision, calls it a rect, and so must we (rules are built from lines and rects)."""
    corners = [(42.0, 83.00003), (799.88977, 82.99997), (799.88977, 83.50001), (42.00002, 83.5), (42.0, 83.00003)]
    assert _classify("mlllh", corners)[0] == "rect"
    assert _classify("mlllh", [(42.0, 83.0), (799.9, 90.0), (799.9, 95.0), (42.0, 88.0), (42.0, 83.0)])[0] == "curve"

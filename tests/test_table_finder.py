"""The grid readers made faster read the same grids: pdfplumber's table finder with its cell search
indexed (document.table_finder) and tabula's Page built without its text (grids.RulingsPage) give
the cells pdfplumber's `find_tables` and tabula's ObjectExtractor give, in the same order, on every
page of the committed PDFs (real reports, producers' rewrites, documents that are not 决算)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfplumber.table import intersections_to_cells as plumbers_cells

from analysis.config import SAMPLE_PDF
from analysis.document.pdfdoc import GRID_SETTINGS, open_report
from analysis.document.table_finder import find_tables, intersections_to_cells
from fixtures.documents import PDFS

# all but the one whose garbled pages are read by OCR on opening (40 s; its pages then have no
# pdfplumber objects of their own to compare on)
COMMITTED = sorted(p for p in PDFS.glob("*/*.pdf") if p.name != "qingshan-party-office-2023-ghostscript.pdf") + (
    [SAMPLE_PDF] if SAMPLE_PDF.exists() else [])
REPORTS = [SAMPLE_PDF, *sorted(PDFS.glob("real/*.pdf"))]
# the grid engine's settings; on the reports also pdfplumber's defaults (the 自评表 reader) and an
# extra ruling it adds (pdfplumber's own finder takes half a minute so on a producer's glyph outlines)
SETTINGS = (GRID_SETTINGS, None, {"explicit_horizontal_lines": [120.0, 300.5]})
# tabula read twice over: the reports, and the producers whose rules tabula was taught to sort out
TABULA_PDFS = [*REPORTS, *(PDFS / "producers" / f"{name}.pdf" for name in (
    "qingshan-party-office-2023-chromium", "qingshan-party-office-2023-chromium-ghostscript-old",
    "putuo-social-work-2024-ghostscript-old", "qingshan-party-office-2023-libreoffice-calc"))]


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def test_cells_of_a_grid_with_a_merged_cell_and_a_rule_cut_short() -> None:
    # a 3 × 2 grid whose middle rule stops at x = 50 (a cell spanning two columns below it), and
    # a stray vertical that touches only the top rule
    h = [_edge(0, 0, 100, 0), _edge(0, 10, 50, 10), _edge(0, 20, 100, 20)]
    v = [_edge(0, 0, 0, 20), _edge(50, 0, 50, 20), _edge(100, 0, 100, 20), _edge(70, 0, 70, 5)]
    points: dict = {}
    for e in v:
        for r in h:
            if e["top"] <= r["top"] <= e["bottom"] and r["x0"] <= e["x0"] <= r["x1"]:
                sides = points.setdefault((e["x0"], r["top"]), {"v": [], "h": []})
                sides["v"].append(e)
                sides["h"].append(r)
    expected = [(0, 0, 50, 10), (0, 10, 50, 20), (50, 0, 100, 20)]
    assert plumbers_cells(points) == expected
    assert intersections_to_cells(points) == expected


@pytest.mark.parametrize("pdf", COMMITTED, ids=lambda p: p.name)
def test_the_table_finder_finds_pdfplumbers_tables(pdf: Path) -> None:
    with open_report(pdf) as doc:
        for number in range(1, doc.page_count + 1):
            page = doc.plumber_page(number)
            for settings in SETTINGS if pdf in REPORTS else SETTINGS[:1]:
                theirs = [t.cells for t in page.find_tables(table_settings=settings)]
                assert [t.cells for t in find_tables(page, settings)] == theirs, (number, settings)


@pytest.mark.slow
def test_tabula_reads_the_same_cells_without_its_text() -> None:
    from analysis.tables.grids import RulingsPage, TabulaEngine, WholePage

    engines = TabulaEngine(), TabulaEngine()
    engines[0]._java()
    engines[0]._pages = WholePage()  # tabula's own ObjectExtractor.extract, text and all
    assert isinstance(engines[1]._page_builder(), RulingsPage)
    pages = 0
    for pdf in TABULA_PDFS:
        with open_report(pdf) as doc:
            for engine in engines:
                engine._glyphs = lambda n, doc=doc: [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in doc.pages[n - 1].chars]
            for number in range(1, doc.page_count + 1):
                whole, rulings = (engine.cells(pdf, number) for engine in engines)
                assert rulings == whole, (pdf.name, number)
                pages += bool(whole)
    for engine in engines:
        engine.close()
    assert pages > 50  # pages with a grid among them


def _is_rule_one_at_a_time(x1: float, y1: float, x2: float, y2: float, glyphs) -> bool:
    """grids.is_rule as it was written before `rules_among`: one segment, in Python."""
    import numpy as np

    length = abs(x2 - x1) + abs(y2 - y1)
    if length < 0.01 or (abs(x2 - x1) > 0.01 and abs(y2 - y1) > 0.01):
        return False
    if len(glyphs) == 0:
        return True
    boxes = np.asarray(glyphs, dtype=float).reshape(-1, 4)
    xm, ym = (x1 + x2) / 2, (y1 + y2) / 2
    size = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) + 2
    on_glyph = (boxes[:, 0] - 1 <= xm) & (xm <= boxes[:, 2] + 1) & (boxes[:, 1] - 1 <= ym) & (ym <= boxes[:, 3] + 1)
    return not (on_glyph & (length <= size)).any()


def test_rulings_sorted_all_at_once_as_one_at_a_time() -> None:
    import random

    from analysis.tables.grids import RULES_AT_ONCE, rules_among

    rng = random.Random(7)
    glyphs = [(x, y, x + rng.choice((5.25, 10.5)), y + 10.5) for x, y in
              ((rng.uniform(0, 500), rng.uniform(0, 700)) for _ in range(400))]
    segments = []
    for _ in range(3 * RULES_AT_ONCE + 17):  # more than one batch
        x, y, n = rng.uniform(0, 500), rng.uniform(0, 700), rng.choice((0.0, 0.005, 3.0, 8.0, 40.0, 400.0))
        segments.append(rng.choice(((x, y, x + n, y), (x, y, x, y + n), (x, y, x + n, y + n))))
    for boxes in (glyphs, [], __import__("numpy").asarray(glyphs)):
        expected = [_is_rule_one_at_a_time(*s, boxes) for s in segments]
        assert rules_among(segments, boxes) == expected
        assert True in expected and False in expected
    assert rules_among([], glyphs) == []

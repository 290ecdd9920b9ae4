"""A glyph's box is one em tall on its line and its advance wide, whatever its font says.

Chromium's print-to-PDF read 一、一般公共预算财政拨款收入 as 一一入、般公共预算财政拨款收 and tore
923.27 apart: PDFium's box for a glyph taken from an /ActualText span (no character code) is its
ink only, and 一 is a bar 0.36 pt tall at 9 pt. The PDFs here are written the way those producers
write them (tests/fixtures/glyph_pdfs.py); the expected texts are the lines they print (LINES).
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from analysis.document.pdfdoc import PageText, ReportDoc, open_report
from analysis.document.textlayer import PageFrame, page_chars
from analysis.fonts import cjk_font
from fixtures.glyph_pdfs import AMOUNT_X, ITEM_X, LEADING, LINES, SIZE, TOP_LINE_Y, actualtext_pdf, zero_metrics_pdf

PAGE = PageFrame((0.0, 0.0, 595.0, 842.0), 0)


def _chars(pdf: Path) -> list[dict]:
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[0].get_textpage()
        return [c for c in page_chars(textpage, PAGE) if not c["text"].isspace()]
    finally:
        doc.close()


def _pdfium_boxes(pdf: Path, char: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """PDFium's loose box and ink box (left, bottom, right, top) of the first `char` on the page."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[0].get_textpage()
        raw = textpage.raw
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            if chr(pdfium_c.FPDFText_GetUnicode(raw, i)) == char:
                loose = pdfium_c.FS_RECTF()
                pdfium_c.FPDFText_GetLooseCharBox(raw, i, loose)
                l, r, b, t = (ctypes.c_double() for _ in range(4))
                pdfium_c.FPDFText_GetCharBox(raw, i, l, r, b, t)
                return (loose.left, loose.bottom, loose.right, loose.top), (l.value, b.value, r.value, t.value)
    finally:
        doc.close()
    raise AssertionError(f"{char} not on the page")


@pytest.fixture(scope="module")
def actualtext(tmp_path_factory) -> Path:
    return actualtext_pdf(tmp_path_factory.mktemp("glyphs") / "actualtext.pdf")


@pytest.fixture(scope="module")
def zero_metrics(tmp_path_factory) -> Path:
    return zero_metrics_pdf(tmp_path_factory.mktemp("glyphs") / "zero-metrics.pdf")


def test_the_fixture_gives_pdfium_only_the_ink(actualtext: Path) -> None:
    """What the boxes below repair: PDFium's loose box of the ActualText 一 is its ink bar."""
    loose, ink = _pdfium_boxes(actualtext, "一")
    assert loose == pytest.approx(ink, abs=0.01)
    assert ink[3] - ink[1] == pytest.approx(0.04 * SIZE, abs=0.01)  # the bar: 40/1000 em


@pytest.mark.parametrize("which", ["actualtext", "zero_metrics"])
def test_every_glyph_is_one_em_tall_on_its_line(which: str, request) -> None:
    chars = _chars(request.getfixturevalue(which))
    assert "".join(c["text"] for c in chars) == "".join(item + amount for item, amount in LINES)
    for n, (item, amount) in enumerate(LINES):
        line = chars[:len(item + amount)]
        chars = chars[len(item + amount):]
        baseline = 842.0 - (TOP_LINE_Y - n * LEADING)  # from the top of the page
        for c in line:
            assert c["bottom"] - c["top"] == pytest.approx(SIZE, abs=0.01), c
            # the descent line is at most a fifth of an em below the baseline, never above it
            assert baseline <= c["bottom"] <= baseline + 0.2 * SIZE, c
        assert max(c["bottom"] for c in line) - min(c["bottom"] for c in line) < 0.01, line


def test_a_glyph_boxed_anew_is_its_advance_wide(actualtext: Path) -> None:
    """一 and 入 (1000/1000 em) from their origins; the 7 of 923.27 (556/1000 em) too, so its
    number has no gap a reader would take for a space."""
    chars = _chars(actualtext)
    first = chars[:3]  # 一入收 from ITEM_X, each one em wide
    assert [v for c in first for v in (c["x0"], c["x1"])] == pytest.approx(
        [ITEM_X, ITEM_X + SIZE, ITEM_X + SIZE, ITEM_X + 2 * SIZE, ITEM_X + 2 * SIZE, ITEM_X + 3 * SIZE], abs=0.01)
    last = chars[-6:]  # 923.27
    assert "".join(c["text"] for c in last) == "923.27"
    assert all(b["x0"] - a["x1"] == pytest.approx(0, abs=0.01) for a, b in zip(last, last[1:]))
    assert last[0]["x0"] == pytest.approx(AMOUNT_X, abs=0.01)


@pytest.mark.parametrize("which", ["actualtext", "zero_metrics"])
def test_lines_and_cells_read_what_the_page_prints(which: str, request, monkeypatch) -> None:
    pdf = request.getfixturevalue(which)
    # these fixtures draw every glyph as a black box: their picture shows no digits, so the check of
    # the text layer against the page's picture rightly calls the layer a lie and OCR would read the
    # page; what is tested here is the text layer's own boxes, so that check is left out
    monkeypatch.setattr(ReportDoc, "_disagreeing_pages", lambda self, samples, pages: {})
    with open_report(pdf) as doc:
        page = doc.pages[0]
        assert page.visual_text.splitlines() == [f"{item} {amount}" for item, amount in LINES]
        # the second reading sees the same numbers (PDFium's own text of the zero-metrics page
        # runs 40.19 on into the next line's 一, so only there may a neighbour differ)
        assert page.agreement is not None and not (page.agreement.missing or page.agreement.extra), page.agreement
        assert page.agreement.agrees or which == "zero_metrics"
    chars = _chars(pdf)
    cells = PageText(1, 595.0, 842.0, chars, [], [(0.0, 0.0, 1.0, 1.0)])
    for n, (item, amount) in enumerate(LINES):
        top = 842.0 - (TOP_LINE_Y - n * LEADING) - LEADING + 2  # the band of line n
        # 收一入: a glyph boxed by its ink sorted above its line and read 一入收
        assert cells.text_in(ITEM_X - 5, top, AMOUNT_X - 5, top + LEADING) == item
        assert cells.text_in(AMOUNT_X - 5, top, AMOUNT_X + 100, top + LEADING) == amount


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

_HTML = """<html><head><meta charset="utf-8"><style>
body { font-family: 'Noto Sans SC'; font-size: 9pt }
table { border-collapse: collapse } td { border: 1px solid #000; padding: 2px 6px }
</style></head><body>
<table>
<tr><td>项目</td><td>行次</td><td>金额</td></tr>
<tr><td>一、一般公共预算财政拨款收入</td><td>1</td><td>1132.98</td></tr>
<tr><td>工资福利支出</td><td>2</td><td>923.27</td></tr>
<tr><td>商品和服务支出</td><td>3</td><td>40.19</td></tr>
</table>
<p>人员经费923.27万元，公用经费40.19万元。</p>
</body></html>"""
_FONTCONFIG = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>"""


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_chromium_print_to_pdf_reads_whole(tmp_path: Path) -> None:
    """Chromium's own PDF (Skia, Type 3 glyphs, ActualText spans) in the packaged Noto Sans SC."""
    html = tmp_path / "table.html"
    html.write_text(_HTML, encoding="utf-8")
    config = tmp_path / "fonts.conf"
    config.write_text(_FONTCONFIG.format(fonts=cjk_font().parent, cache=tmp_path / "fc"), encoding="utf-8")
    pdf = tmp_path / "table.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()], check=True, capture_output=True, timeout=120,
                   env={"FONTCONFIG_FILE": str(config), "HOME": str(tmp_path)})
    _, ink = _pdfium_boxes(pdf, "一")
    assert ink[3] - ink[1] < 2  # the ink-only glyph is there: 一 is a bar
    with open_report(pdf) as doc:
        page = doc.pages[0]
        rows = [[page.text_in(*cell) if cell else "" for cell in row.cells]
                for table in doc.plumber_page(1).find_tables() for row in table.rows]
        assert page.agreement is not None and page.agreement.agrees, page.agreement
        assert "人员经费923.27万元，公用经费40.19万元。" in page.visual_text
    assert rows == [["项目", "行次", "金额"], ["一、一般公共预算财政拨款收入", "1", "1132.98"],
                    ["工资福利支出", "2", "923.27"], ["商品和服务支出", "3", "40.19"]]

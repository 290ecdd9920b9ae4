"""The picture habits of `juesuan render` (juesuan_dev.synth.pictures) on a two-page PDF: a page
of text and a page with a ruled table. `scanned` leaves no text layer and is the same file each
time for the same seed; `pictured-tables` turns the table page into a picture and keeps the text
page's text."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from analysis.document.ocr_triage import image_share
from juesuan_dev.synth.options import RenderOptions
from juesuan_dev.synth.pictures import apply_picture_habit


def _two_pages(path):
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 760, "Final accounts 2023: text page")
    c.showPage()
    for k in range(8):  # a ruled grid: 8 rows, 4 columns
        c.line(72, 700 - 30 * k, 472, 700 - 30 * k)
    for k in range(5):
        c.line(72 + 100 * k, 700, 72 + 100 * k, 490)
    c.drawString(80, 680, "1132.98")
    c.showPage()
    c.save()
    return path


def _pages(path) -> list[tuple[int, float]]:
    """(characters, share covered by pictures) of each page."""
    doc = pdfium.PdfDocument(str(path))
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            text = page.get_textpage()
            width, height = page.get_size()
            out.append((text.count_chars(), round(image_share(page, width, height), 2)))
            text.close()
            page.close()
    finally:
        doc.close()
    return out


def test_scanned_has_no_text_layer_and_is_deterministic(tmp_path):
    src = _two_pages(tmp_path / "plain.pdf")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    apply_picture_habit(src, a, "scanned", dpi=100, seed=3)
    apply_picture_habit(src, b, "scanned", dpi=100, seed=3)
    assert [chars for chars, _ in _pages(a)] == [0, 0]
    assert all(share >= 0.99 for _, share in _pages(a))  # each page one picture, edge to edge
    assert a.read_bytes() == b.read_bytes()


def test_pictured_tables_keeps_the_text_page(tmp_path):
    src = _two_pages(tmp_path / "plain.pdf")
    out = tmp_path / "pictured.pdf"
    apply_picture_habit(src, out, "pictured-tables", dpi=100)
    (text_chars, text_share), (table_chars, table_share) = _pages(out)
    assert text_chars > 20 and text_share == 0.0
    assert table_chars == 0 and table_share >= 0.99


def test_habits_are_checked_when_named():
    assert RenderOptions(text_habits=("scanned",), scan_dpi=150).scan_dpi == 150
    with pytest.raises(ValueError, match="one picture habit at a time"):
        RenderOptions(text_habits=("scanned", "pictured-tables"))
    with pytest.raises(ValueError, match="unknown text habit"):
        RenderOptions(text_habits=("photocopied",))


def test_bench_counts_a_cell_exact_only_with_its_value():
    import pandas as pd

    from juesuan_dev.bench_ocr import exact_share

    row = {"table": "summary", "side": "income", "code": "", "item": "合计", "column": "amount"}
    expected = pd.DataFrame([{**row, "value": 1132.98}, {**row, "item": "其他收入", "value": 0.5}])
    got = pd.DataFrame([{**row, "value": 1132.98}, {**row, "item": "其他收入", "value": 0.6}])
    assert exact_share(got, expected) == (0.5, 1, 2)


def test_bench_counts_a_misreading_shown_as_such_after_the_arithmetic():
    import pandas as pd

    from juesuan_dev.bench_ocr import after_arithmetic

    row = {"table": "summary", "side": "income", "code": "", "item": "合计", "column": "amount"}
    expected = pd.DataFrame([{**row, "value": 1132.98}, {**row, "item": "其他收入", "value": 0.5},
                             {**row, "item": "事业收入", "value": 7.0}])
    got = pd.DataFrame([{**row, "value": 1132.98, "ocr_check": "confirmed"},
                        {**row, "item": "其他收入", "value": 0.6, "ocr_check": "possible_misreading"},  # shown
                        {**row, "item": "事业收入", "value": 1.0, "ocr_check": ""}])  # silently wrong
    assert after_arithmetic(got, expected) == (2, 3)

"""A report whose pages are displayed sideways (text running down the page, as `qpdf --rotate=+90`
leaves the sample) has a text layer: its refusal says the text runs sideways and how to turn the
pages back, not "check that this is a report with a text layer" (F's finding, issue 18)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from analysis.config import SAMPLE_PDF
from analysis.document.lines import turn_to_read
from analysis.document.pdfdoc import open_report
from analysis.errors import NotFinalAccountsError
from analysis.tables.read import read_tables


def _column(text: str, step: float, upright: bool = False) -> list[dict]:
    """Characters one under another (step > 0: running down the page), as a turned page gives them."""
    return [{"text": ch, "x0": 100.0, "x1": 110.0, "top": 200.0 + i * step, "bottom": 210.0 + i * step, "upright": upright}
            for i, ch in enumerate(text)]


def test_the_turn_that_sets_the_text_upright():
    upright = [{"text": ch, "x0": 10.0 * i, "x1": 10.0 * i + 10, "top": 0.0, "bottom": 10.0, "upright": True}
               for i, ch in enumerate("中共武汉市青山区委办公室")]
    assert turn_to_read(upright) == 0
    assert turn_to_read(_column("中共武汉市青山区委办公室", 24.0)) == -90  # runs down: turned clockwise
    assert turn_to_read(_column("中共武汉市青山区委办公室", -24.0)) == 90  # runs up: turned the other way
    assert turn_to_read(upright + _column("公开01表", 24.0)) == 0  # a few turned characters (a side note)
    assert turn_to_read([]) == 0


def test_a_report_displayed_sideways_is_refused_saying_so(tmp_path):
    turned = tmp_path / "turned.pdf"
    pdf = pdfium.PdfDocument(SAMPLE_PDF)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            page.set_rotation((page.get_rotation() + 90) % 360)  # what qpdf --rotate=+90 does
            page.close()
        pdf.save(turned)
    finally:
        pdf.close()
    with open_report(turned) as doc, pytest.raises(NotFinalAccountsError) as refused:
        read_tables(doc)
    message = str(refused.value)
    assert "turned.pdf" in message and "runs sideways on 23 of its 23 pages" in message
    assert 'qpdf --rotate=-90 "turned.pdf"' in message

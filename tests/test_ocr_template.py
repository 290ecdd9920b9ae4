"""The blank Shanghai template (tests/pdfs/real/shanghai-template-2024.pdf) with its tables pasted in
as pictures, read by OCR, against its own text layer's reading.

It prints no figures (XX placeholders, empty tables), so it has no transcription of values and its
data check fails by design (tests/test_faults_run.py); what it can show is that OCR invents nothing:
the numbers it prints are its tables' codes and one year, found by OCR where the text layer has
them, and none is read as a value. The pictured habit only (about 15 s of CPU): the scanned habit's
noise is judged on the Putuo scan, whose empty cells must stay empty too.
"""

from __future__ import annotations

import pytest

from analysis import read_pdf
from fixtures.documents import SHANGHAI_TEMPLATE
from juesuan_dev.synth.pictures import apply_picture_habit

pytestmark = pytest.mark.slow


def _printed(ex) -> set[tuple[str, str, str]]:
    return set(zip(ex.unread["table"], ex.unread["text"], ex.unread["reason"]))


def test_pictured_template_reads_as_its_text_layer_and_invents_no_value(tmp_path):
    text = read_pdf(SHANGHAI_TEMPLATE, "pdfplumber")
    pdf = tmp_path / "shanghai-template-2024.pdf"
    apply_picture_habit(SHANGHAI_TEMPLATE, pdf, "pictured-tables")
    ocr = read_pdf(pdf, "pdfplumber")
    assert ocr.ocr_pages and set(ocr.ocr_pages.values()) == {"pictured"}
    assert ocr.cells.empty and ocr.numbers.read == 0 and ocr.numbers.unexplained == 0
    assert ocr.numbers.printed == text.numbers.printed
    assert _printed(ocr) == _printed(text)  # the same codes under the same tables, and the year
    assert (ocr.department, ocr.year) == (text.department, text.year) == ("上海市XX局", 2024)

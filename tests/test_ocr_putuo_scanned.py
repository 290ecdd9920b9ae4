"""The real Putuo report scanned (the habit's defaults: every page rasterised at 200 dpi, turned by a seeded skew, blurred, given
scanner noise, a red seal stamped over the department's name on the cover and the last page, stored
as JPEG: no text layer at all), read by OCR: every hand-transcribed cell, its department and year,
the narrative's figures, and no fail but the one the document prints (tests/fixtures/putuo_ocr.py).

Read once for the module (about a minute of CPU); the other habit is its own file, so the two run
side by side under pytest-xdist.
"""

from __future__ import annotations

import pytest

from fixtures import putuo_ocr

pytestmark = pytest.mark.slow
HABIT = "scanned"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return putuo_ocr.read(HABIT, tmp_path_factory.mktemp("scanned"))


def test_every_cell_as_transcribed(result):
    bad = putuo_ocr.wrong_cells(result)
    assert bad.empty, bad.to_string()
    assert len(result.cells) == 205  # the transcription's rows


def test_every_printed_number_is_a_cell_or_explained(result):
    # nothing invented from the scan's specks or the empty cells, nothing printed left unread
    assert (result.numbers.read, result.numbers.unexplained) == (205, 0)


def test_the_table_cells_were_read_by_ocr(result):
    assert set(result.cells["source"]) == {"ocr"}
    assert set(result.cells["page"]) <= putuo_ocr.TABLE_PAGES


def test_department_and_year(result):
    assert (result.department, result.year) == (putuo_ocr.DEPARTMENT, putuo_ocr.YEAR)


def test_no_fail_but_the_documents_own(result):
    fails = putuo_ocr.unexpected_fails(result)
    assert fails.empty, fails[["check_id", "detail"]].to_string()


def test_the_pages_read_by_ocr_and_why(result):
    assert result.ocr_pages == putuo_ocr.PAGES[HABIT]


def test_the_narratives_figures(result):
    missing = putuo_ocr.facts_not_read(result)
    assert len(missing) <= 0.05 * len(putuo_ocr.FACTS), missing  # the target: 95 % of the figures

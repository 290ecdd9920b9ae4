"""The real Putuo report with its ruled table pages (5–16) pasted in as clean pictures, its text pages
keeping their text layer, read by OCR: every hand-transcribed cell, its department and year,
the narrative's figures, and no fail but the one the document prints (tests/fixtures/putuo_ocr.py).

Read once for the module (about a minute of CPU); the other habit is its own file, so the two run
side by side under pytest-xdist.
"""

from __future__ import annotations

import pytest

from fixtures import putuo_ocr

pytestmark = pytest.mark.slow
HABIT = "pictured-tables"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return putuo_ocr.read(HABIT, tmp_path_factory.mktemp("pictured"))


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
    assert not missing, missing  # its text pages keep their text layer

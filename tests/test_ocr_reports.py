"""The bundled sample scanned (200 dpi, skew, noise, blur, JPEG, a red seal) and with its tables
pasted in as pictures: read by OCR, it must give the hand-transcribed cells
(tests/fixtures/sample_cells.py, typed from the seed text), the seed's narrative facts, its
department and year, and no fail.

Each habit is rendered and checked once per module (OCR of a whole report costs minutes of CPU);
every test below reads that one result.
"""

from __future__ import annotations

import pytest

from analysis.config import SAMPLE_DESCRIPTION
from analysis.pipeline import check_department
from juesuan_dev.synth import RenderOptions, load_description, render_pdf

from fixtures.sample_cells import DEPARTMENT, YEAR, sample_narrative
from test_extract_sample import _mismatches  # the cells against the hand transcription

pytestmark = pytest.mark.slow

# the rendered sample's ruled pages: the nine tables on pages 4–11 (公开03表 on page 6), the
# 绩效自评表 on 17, 20 and 22; the cover, contents and narrative pages keep their text layer
TABLE_PAGES = {4, 5, 6, 7, 8, 9, 10, 11, 17, 20, 22}


def _checked(tmp_path_factory, habit: str):
    folder = tmp_path_factory.mktemp(habit)
    pdf = folder / f"{DEPARTMENT}.pdf"
    render_pdf(load_description(SAMPLE_DESCRIPTION), pdf, RenderOptions(text_habits=(habit,)))
    return check_department(pdf, out_root=folder / "out", engine="tabula")  # OCR pages go to pdfplumber


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    return _checked(tmp_path_factory, "scanned")


@pytest.fixture(scope="module")
def pictured(tmp_path_factory):
    return _checked(tmp_path_factory, "pictured-tables")


# the clean pictures of pictured-tables read worse than the scan: the shaded 合计 row of the
# sample's tables is recognised as △口让い (its crop looks clean: under investigation, issue 19)
PICTURED_OPEN = pytest.mark.xfail(reason="pictured-tables: the shaded 合计 row is misread (issue 19, open)", strict=False)


@pytest.fixture(params=["scanned", pytest.param("pictured", marks=PICTURED_OPEN)])
def result(request):
    return request.getfixturevalue(request.param)


def test_every_cell_as_transcribed(result):
    bad = _mismatches(result.cells)
    assert bad.empty, bad.to_string()


def test_cells_say_they_were_read_by_ocr(result):
    assert set(result.cells["source"]) == {"ocr"}
    assert result.cells["confidence"].between(0.5, 1.0).all()


def test_department_and_year(result):
    assert (result.department, result.year) == (DEPARTMENT, YEAR)


def test_the_seeds_facts(result):
    expected = sample_narrative()
    got = {(f, round(float(v), 4)) for f, v in zip(result.narrative["fact"], result.narrative["value"])}
    missing = [(f, v) for f, v in zip(expected["fact"], expected["value"]) if (f, round(float(v), 4)) not in got]
    assert len(missing) <= 0.05 * len(expected), missing  # the target: 95 % of the narrative's figures


def test_no_fail(result):
    fails = result.checks[result.checks["status"] == "fail"]
    assert fails.empty, fails[["check_id", "expected", "actual"]].to_string()


def test_scanned_pages_are_named_with_their_reason(scanned):
    assert scanned.ocr_pages == {n: "no_text_layer" for n in range(1, 24)}


@PICTURED_OPEN
def test_pictured_tables_only_the_table_pages(pictured):
    assert set(pictured.ocr_pages) == TABLE_PAGES
    assert set(pictured.ocr_pages.values()) == {"pictured"}

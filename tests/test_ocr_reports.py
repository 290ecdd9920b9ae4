"""The bundled sample scanned (200 dpi, skew, noise, blur, JPEG, a red seal) and with its tables
pasted in as pictures: read by OCR, it must give the hand-transcribed cells
(tests/fixtures/sample_cells.py, typed from the seed text), the seed's narrative facts, its
department and year, and no fail.

Each habit is applied to the bundled sample PDF (the rendered description: `render_pdf` with a
picture habit applies the same step to the same pages, so rendering again only cost time) and
read by OCR once per module (minutes of CPU); every test of the reading shares that one result.
Which pages go to OCR, and why, is decided before any OCR: those tests read the triage alone.
"""

from __future__ import annotations

import pytest

from analysis.config import SAMPLE_PDF
from analysis.pipeline import check_department
from juesuan_dev.synth.pictures import apply_picture_habit

from fixtures.sample_cells import DEPARTMENT, YEAR, sample_narrative
from test_extract_sample import _mismatches  # the cells against the hand transcription
from test_ocr import _reasons  # the triage's pages and reasons, no OCR run

pytestmark = pytest.mark.slow

HABITS = {"scanned": "scanned", "pictured": "pictured-tables"}
# the sample's ruled pages: the nine tables on pages 4–11 (公开03表 on page 6), the 绩效自评表 on
# 17, 20 and 22; the cover, contents and narrative pages keep their text layer
TABLE_PAGES = {4, 5, 6, 7, 8, 9, 10, 11, 17, 20, 22}
OCR_PAGES = {  # the pages read by OCR, and why: a scan has no text layer; pasted tables are pictures in a report of text
    "scanned": {n: "no_text_layer" for n in range(1, 24)},
    "pictured": {n: "pictured" for n in TABLE_PAGES},
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Each habit's PDF, written on first use (the scan costs seconds of drawing noise and JPEG)."""
    made = {}

    def pdf(name: str):
        if name not in made:
            made[name] = tmp_path_factory.mktemp(name) / f"{DEPARTMENT}.pdf"
            apply_picture_habit(SAMPLE_PDF, made[name], HABITS[name])
        return made[name]

    return pdf


@pytest.fixture(scope="module")
def readings(pdfs):
    """Each habit's checked department, read by OCR once for the module."""
    done = {}

    def reading(name: str):
        if name not in done:
            pdf = pdfs(name)
            done[name] = check_department(pdf, out_root=pdf.parent / "out", engine="tabula")  # OCR pages go to pdfplumber
        return done[name]

    return reading


@pytest.fixture(params=list(HABITS))
def habit(request) -> str:
    return request.param


@pytest.fixture
def result(habit, readings):
    return readings(habit)


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


def test_the_pages_read_by_ocr_are_those_the_triage_named(habit, result):
    assert result.ocr_pages == OCR_PAGES[habit]


def test_pages_are_named_with_their_reason(habit, pdfs, monkeypatch):
    # decided before any OCR: the scan's every page, and of the pasted habit only the table pages
    assert _reasons(pdfs(habit), monkeypatch) == OCR_PAGES[habit]

"""Producers' text-layer habits (`juesuan render --habit …`): the same report, written the way
ONLYOFFICE, Word, WPS or a PDF printer write their text, must read the same.

Each rendering is first shown to really have its habit (its text layer is looked at through
PDFium), then read: the same cells as the hand transcription of the seed, the same narrative
facts as the plain rendering (a few checked against the seed by hand), the same 自评表 rows, the
year read, and every printed number accounted for (PDFium's text agrees on every page; no
amount or percentage of the narrative is left unread).
"""

from __future__ import annotations

import pandas as pd
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from analysis.config import SAMPLE_DESCRIPTION
from analysis.document.second_reading import backward_moves
from analysis.document.textlayer import PageFrame, page_chars
from analysis.pipeline import check_department
from juesuan_dev.synth import RenderOptions, load_description, render_pdf

from fixtures.sample_cells import sample_cells
from test_extract_sample import _mismatches

HABITS = {
    "digit-font": ("digit-font",),
    "char-by-char": ("char-by-char",),
    "shuffled-stream": ("shuffled-stream",),
    "justified": ("justified",),
    "word-printer": ("digit-font", "char-by-char"),  # a Latin font, and every glyph placed on its own
}
NARRATIVE_PAGE = 13  # 六、一般公共预算财政拨款基本支出决算情况说明 … (the seed's page 13)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, object]:
    """The sample rendered plain and with each habit, and each run through the pipeline once."""
    root = tmp_path_factory.mktemp("habits")
    dept = load_description(SAMPLE_DESCRIPTION)
    out = {}
    for name, habits in {"plain": (), **HABITS}.items():
        pdf = render_pdf(dept, root / f"{name}.pdf", RenderOptions(text_habits=habits))
        out[name] = (pdf, check_department(pdf, root / "processed" / name))
    return out


def _chars(pdf, page_no: int) -> list[dict]:
    """A page's characters in content-stream order, with their boxes (the text layer as read)."""
    doc = pdfium.PdfDocument(pdf)
    page = doc[page_no - 1]
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        return page_chars(textpage, PageFrame((0.0, 0.0, width, height), 0))
    finally:
        textpage.close()
        doc.close()


# ---------------------------------------------------------------- the habits are really there


@pytest.mark.slow
def test_digit_font_digits_are_in_a_second_font_on_a_lower_baseline(rendered) -> None:
    """全年预算为 43.66万元: the digits' boxes sit more than 3 pt below the Chinese beside them,
    which is what tore them from their words when lines were grouped by equal tops."""
    pdf, _ = rendered["digit-font"]
    doc = pdfium.PdfDocument(pdf)
    textpage = doc[NARRATIVE_PAGE - 1].get_textpage()
    fonts = set()
    buf = pdfium_c.ctypes.create_string_buffer(128)
    flags = pdfium_c.ctypes.c_int()
    for i in range(textpage.count_chars()):
        ch = textpage.get_text_range(i, 1)
        if ch.isdigit() or "\u4e00" <= ch <= "\u9fff":
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buf, 128, flags)
            fonts.add(("digit" if ch.isdigit() else "cjk", buf.value.decode("latin1")))
    digit_fonts = {f for k, f in fonts if k == "digit"}
    cjk_fonts = {f for k, f in fonts if k == "cjk"}
    assert digit_fonts and not digit_fonts & cjk_fonts, fonts
    chars = _chars(pdf, NARRATIVE_PAGE)
    shifts = [b["top"] - a["top"] for a, b in zip(chars, chars[1:])
              if "\u4e00" <= a["text"] <= "\u9fff" and b["text"].isdigit() and abs(b["x0"] - a["x1"]) < 3]
    assert shifts and min(shifts) > 3.0, shifts


@pytest.mark.slow
def test_char_by_char_places_every_glyph_on_its_own(rendered) -> None:
    pdf, _ = rendered["char-by-char"]
    doc = pdfium.PdfDocument(pdf)
    page = doc[NARRATIVE_PAGE - 1]
    texts = [o for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_TEXT]
    glyphs = [c for c in _chars(pdf, NARRATIVE_PAGE) if not c["text"].isspace()]
    assert len(texts) >= len(glyphs) > 300  # one text object (one matrix) per printed character


@pytest.mark.slow
def test_shuffled_stream_draws_text_out_of_reading_order(rendered) -> None:
    plain = backward_moves(_chars(rendered["plain"][0], NARRATIVE_PAGE))
    shuffled = backward_moves(_chars(rendered["shuffled-stream"][0], NARRATIVE_PAGE))
    assert plain <= 3 and shuffled > 50, (plain, shuffled)


@pytest.mark.slow
def test_justified_opens_a_gap_after_every_character(rendered) -> None:
    """Between two Chinese characters of a line: none in the plain rendering, 0.15 em justified."""
    def gaps(name: str) -> list[float]:
        chars = [c for c in _chars(rendered[name][0], NARRATIVE_PAGE) if not c["text"].isspace()]
        return sorted((b["x0"] - a["x1"]) / (a["bottom"] - a["top"]) for a, b in zip(chars, chars[1:])
                      if "\u4e00" <= a["text"] <= "\u9fff" and "\u4e00" <= b["text"] <= "\u9fff" and 0 <= b["x0"] - a["x1"] < 5)
    plain, justified = gaps("plain"), gaps("justified")
    assert abs(plain[len(plain) // 2]) < 0.02 and 0.12 < justified[len(justified) // 2] < 0.18


# ---------------------------------------------------------------- and the report reads the same


@pytest.mark.slow
@pytest.mark.parametrize("habit", sorted(HABITS))
def test_a_habit_reads_the_same_cells_facts_and_rows(rendered, habit) -> None:
    _, plain = rendered["plain"]
    _, got = rendered[habit]
    assert got.year == 2023 and got.department == "中共武汉市青山区委办公室"
    assert _mismatches(got.cells).empty, _mismatches(got.cells).to_string()
    assert len(got.cells) == len(sample_cells())
    facts = got.narrative.drop_duplicates("fact").set_index("fact")["value"]
    # from the seed text, by hand: 本年收入合计1132.98万元; 基本支出1004.99万元; 人员经费964.8万元;
    # 公用经费40.19万元; 社会保障和就业（类）支出 年初预算为43.66万元
    assert facts["total_income"] == 1132.98
    assert facts["basic_expenditure"] == 1004.99
    assert facts["personnel_expenditure"] == 964.8
    assert facts["public_expenditure"] == 40.19
    assert facts["class_budget:社会保障和就业"] == 43.66
    cols = ["fact", "value", "unit", "page"]
    pd.testing.assert_frame_equal(got.narrative[cols].reset_index(drop=True), plain.narrative[cols].reset_index(drop=True))
    pd.testing.assert_frame_equal(got.performance.reset_index(drop=True), plain.performance.reset_index(drop=True))


@pytest.mark.slow
@pytest.mark.parametrize("habit", sorted(HABITS))
def test_a_habit_leaves_no_number_unaccounted(rendered, habit) -> None:
    _, got = rendered[habit]
    assert len(got.reading) == 23 and got.reading["agrees"].all(), got.reading[~got.reading["agrees"]].to_string()
    assert got.coverage.unexplained.empty, got.coverage.unexplained.to_string()
    assert got.coverage.figures == rendered["plain"][1].coverage.figures
    # and on the table pages, every printed number is a cell or explained in unread.csv, as plain
    plain = rendered["plain"][1].numbers
    assert got.numbers.unexplained == 0, got.unread[got.unread["reason"] == "unexplained"].to_string()
    assert (got.numbers.printed, got.numbers.read) == (plain.printed, plain.read)
    assert got.review == []
    checks = got.checks.set_index("check_id")["status"]
    assert checks["text.second_reading"] == "pass" and checks["narrative.coverage"] == "pass"

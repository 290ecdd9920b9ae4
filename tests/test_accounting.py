"""Every printed number on a table page is a cell of cells.csv or a row of unread.csv with a reason.

Expected counts are read off the PDFs' pages (the sample's page 8, the Putuo report's tables) and
the hand transcriptions, not from the extractor's output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.config import SAMPLE_PDF
from analysis.document.pdfdoc import PageText
from analysis.present import report
from analysis.present.loader import DepartmentData, key_figures
from analysis.catalogue import CHECKS_COLUMNS, TABLES_COLUMNS, UNREAD_COLUMNS, conform
from analysis.tables.accounting import PageTables, account_page, number_tokens
from analysis.tables.grids import CellBox
from analysis.tables.normalise import UNPLACED, VALUE, TextCell
from analysis import read_pdf

from fixtures.sample_cells import sample_cells


def _chars(text: str, x0: float, top: float, size: float = 8.0) -> list[dict]:
    """One line of characters, each half as wide as it is tall (digits), a character after another."""
    out, x = [], x0
    for ch in text:
        w = size if ord(ch) > 0x2E80 else size / 2
        out.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size})
        x += w
    return out


def _page(chars: list[dict], rules: list[tuple[float, float, float, float]]) -> PageText:
    return PageText(number=3, width=595.0, height=842.0, chars=chars, lines=[], rules=rules, char_count=len(chars))


GRID = [(50.0, 100.0, 550.0, 100.5), (50.0, 300.0, 550.0, 300.5), (300.0, 100.0, 300.5, 300.0)]


def test_tokens_split_at_gaps_and_rules_and_keep_separators():
    chars = _chars("1,132.98", 250, 120) + _chars("939.82", 302, 120) + _chars("合计", 60, 120) + _chars("12", 120, 120)
    assert sorted(t.text for t in number_tokens(_page(chars, GRID))) == ["1,132.98", "12", "939.82"]


def test_a_number_no_row_took_is_unexplained():
    # 307.82 printed in a cell the reader saw but placed in no row (a row lost in a header band)
    chars = _chars("307.82", 310, 150)
    cell = TextCell(CellBox(3, 300.5, 140, 550, 165), "307.82", UNPLACED)
    pt = PageTables(_page(chars, GRID), [("income", 90, 320)], [("income", 100, 300.5)], [("income", cell)], {})
    rows = account_page(pt, pd.DataFrame(columns=["page", "x0", "top", "x1", "bottom", "printed"]))
    assert [(r["table"], r["text"], r["reason"]) for r in rows] == [("income", "307.82", "unexplained")]


def test_a_value_missing_from_the_cells_is_unexplained_and_one_present_is_read():
    chars = _chars("307.82", 310, 150) + _chars("6.18", 310, 200)
    a = TextCell(CellBox(3, 300.5, 140, 550, 165), "307.82", VALUE)
    b = TextCell(CellBox(3, 300.5, 190, 550, 215), "6.18", VALUE)
    records = pd.DataFrame([{"page": 3, "x0": 300.5, "top": 190, "x1": 550, "bottom": 215, "printed": "6.18"}])
    pt = PageTables(_page(chars, GRID), [("income", 90, 320)], [("income", 100, 300.5)], [("income", a), ("income", b)], {})
    reasons = {r["text"]: r["reason"] for r in account_page(pt, records)}
    assert reasons == {"307.82": "unexplained", "6.18": ""}


def test_numbers_off_the_grid_get_their_reason_from_their_line():
    chars = (_chars("2024年度收入决算表", 200, 60) + _chars("公开02表", 480, 80) + _chars("— 7 —", 280, 800)
             + _chars("注：1栏各行＝（2＋3）栏各行。", 50, 320) + _chars("88.5", 150, 250))
    pt = PageTables(_page(chars, GRID), [("income", 55, 700)], [("income", 100, 300.5)], [], {})
    got = sorted((r["text"], r["reason"]) for r in account_page(pt, pd.DataFrame(columns=["page"])))
    assert got == [("02", "table_number"), ("1", "note"), ("2", "note"), ("2024", "date"), ("3", "note"),
                   ("7", "page_number"), ("88.5", "unexplained")]  # 88.5 inside the ruled grid, in no cell


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["tabula", "pdfplumber"])
def test_sample_every_printed_number_accounted_for(engine):
    ex = read_pdf(SAMPLE_PDF, engine)
    assert ex.numbers.unexplained == 0, ex.unread[ex.unread["reason"] == "unexplained"].to_string()
    assert ex.numbers.read == len(sample_cells()) == len(ex.cells)
    u = ex.unread
    reasons = u["reason"].value_counts().to_dict()
    assert reasons["page_number"] == 8  # — 4 — … — 11 — on the table pages
    assert reasons["table_number"] == 9  # 公开01表 … 公开09表
    assert reasons["date"] == 10  # 2023 in the nine titles and in 第二部分2023年度部门决算表
    # page 8, the 一般公共预算财政拨款支出决算表: 45 values, 18 codes (201 … 2210202), 栏次 1 2 3, the note
    # 1栏各行＝（2＋3）栏各行 (1, 2, 3), 2023 in the title, 05 of 公开05表, — 8 —
    page8 = u[u["page"] == 8]["reason"].value_counts().to_dict()
    assert page8 == {"code": 18, "column_no": 3, "note": 3, "date": 1, "table_number": 1, "page_number": 1}
    counts = ex.tables.set_index("table")
    assert counts.loc["general_budget_expenditure", "numbers_read"] == 45
    assert counts.loc["general_budget_expenditure", "numbers_printed"] == 45 + 18 + 3 + 3 + 1 + 1 + 1
    # the 三公 table prints its 栏次 row as bare 1 … 12
    assert (u[(u["table"] == "three_public") & (u["reason"] == "column_no")]["text"].tolist()
            == [str(i) for i in range(1, 13)])
    assert ex.numbers.line().startswith(f"186 of {186 + len(u)} printed numbers read")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["tabula", "pdfplumber"])
def test_putuo_every_printed_number_accounted_for(putuo_pdf, putuo_expected_cells, engine):
    transcription = pd.read_csv(putuo_expected_cells, dtype=str, keep_default_na=False)
    ex = read_pdf(putuo_pdf, engine)
    assert ex.numbers.unexplained == 0, ex.unread[ex.unread["reason"] == "unexplained"].to_string()
    assert ex.numbers.read == len(transcription) == 205
    reasons = ex.unread["reason"].value_counts().to_dict()
    # each coded row prints its code once; the only other number is 2024 in the part heading
    assert reasons == {"code": transcription.loc[transcription["code"] != "", ["table", "code"]].drop_duplicates().shape[0],
                       "date": 1}


@pytest.mark.slow
def test_shanghai_template_prints_codes_and_no_values(shanghai_template_pdf):
    ex = read_pdf(shanghai_template_pdf, "pdfplumber")
    assert ex.numbers.read == 0 and ex.numbers.unexplained == 0
    assert set(ex.unread["reason"]) == {"code", "date"}


def _department(unread: pd.DataFrame) -> DepartmentData:
    tables = conform(pd.DataFrame([{"table": "income", "status": "extracted", "numbers_printed": 10,
                                    "numbers_read": 8, "numbers_unexplained": int((unread["reason"] == "unexplained").sum())}]),
                     TABLES_COLUMNS)
    empty = pd.DataFrame()
    checks = conform(pd.DataFrame([{"check_id": "t", "category": "table", "status": "pass"}]), CHECKS_COLUMNS)
    return DepartmentData("某部门", 2024, "x", None, sample_cells(), tables, empty, empty, checks,
                          unread=conform(unread, UNREAD_COLUMNS))


def test_an_unexplained_number_marks_the_department_for_review():
    unread = pd.DataFrame([{"table": "income", "page": 6, "text": "307.82", "reason": "unexplained"},
                           {"table": "income", "page": 6, "text": "201", "reason": "code"}])
    figures = key_figures(_department(unread))
    assert figures["review"] and figures["numbers_unexplained"] == 1
    assert figures["verdict"] == "review"  # no check failed, yet not a success
    assert (figures["numbers_printed"], figures["numbers_read"]) == (10, 8)
    html = report.render_index([report.IndexEntry("某部门", 2024, "x", "ok", figures=figures)])
    assert "待复核" in html and "读出 8 / 印有 10" in html
    assert "需人工复核" in report.figures_table(figures).markup
    assert "1 个印刷数字未能解释" in report.findings(figures, pd.DataFrame(columns=["status"])).markup


def test_a_fully_accounted_department_is_not_marked():
    figures = key_figures(_department(pd.DataFrame([{"table": "income", "page": 6, "text": "201", "reason": "code"}])))
    assert not figures["review"] and figures["verdict"] == "pass"
    assert "待复核" not in report.render_index([report.IndexEntry("某部门", 2024, "x", "ok", figures=figures)])


def test_figures_without_words_below_the_grid_are_unexplained_and_sentences_beside_tables_are_text():
    chars = (_chars("307.82", 310, 330)  # a row of figures printed below the ruling, inside the table's span
             + _chars("说明：本年度增加12.5万元。", 50, 350)
             + _chars("二、收入决算情况：本年收入合计2946.25万元。", 50, 760))  # after the table's span
    pt = PageTables(_page(chars, GRID), [("income", 55, 700)], [("income", 100, 300.5)], [], {})
    got = {(r["text"], r["table"]): r["reason"] for r in account_page(pt, pd.DataFrame(columns=["page"]))}
    assert got == {("307.82", "income"): "unexplained", ("12.5", "income"): "note", ("2946.25", ""): "text"}


def test_a_bare_number_in_the_name_column_is_unexplained():
    chars = _chars("939.82", 60, 150) + _chars("201一般公共服务支出", 60, 200)
    a = TextCell(CellBox(3, 50, 140, 300, 165), "939.82", "item")
    b = TextCell(CellBox(3, 50, 190, 300, 215), "201一般公共服务支出", "item")
    pt = PageTables(_page(chars, GRID), [("income", 90, 320)], [("income", 100, 300.5)], [("income", a), ("income", b)], {})
    got = {r["text"]: r["reason"] for r in account_page(pt, pd.DataFrame(columns=["page"]))}
    assert got == {"939.82": "unexplained", "201": "code"}


def test_a_cell_and_a_number_share_one_centre() -> None:
    # one box type serves both: a number whose box is the cell's has the cell's centre
    cell = CellBox(3, 50.0, 100.0, 300.0, 120.0)
    token = number_tokens(_page(_chars("1132.98", 50.0, 100.0), []))[0]
    assert (cell.xc, cell.yc) == (175.0, 110.0)
    assert (token.xc, token.yc) == (50.0 + 7 * 4.0 / 2, 104.0)  # seven half-width characters of 8 pt

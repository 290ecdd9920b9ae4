"""Two table readers, one verdict (issue 18, item 3): tabula's and pdfplumber's cells compared cell by
cell; a cell they read differently is marked in cells.csv, names the department for review and makes a
check that reads it insufficient_data. Values are the seed report's (tests/pdfs/seed/…txt), by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.catalogue import CELLS_COLUMNS, conform
from analysis.pipeline import Report
from analysis.reconcile import run_checks
from analysis.tables.agreement import compare, disputed_cells

# the seed's 一般公共预算财政拨款基本支出决算表 (公开06表, page 9 of the bundled sample): 301 工资福利支出 923.27,
# 30101 基本工资 158.19
_301 = {"table": "basic_expenditure", "side": "", "code": "301", "item": "工资福利支出", "row_no": "",
        "column": "amount", "value": 923.27, "printed": "923.27", "page": 9,
        "x0": 100.0, "top": 200.0, "x1": 160.0, "bottom": 214.0}
_30101 = dict(_301, code="30101", item="基本工资", value=158.19, printed="158.19", top=214.0, bottom=228.0)


def _by_code(records: list[dict]) -> dict[str, dict]:
    return {r["code"] + ("*" if not r["printed"] else ""): r for r in records}


def test_two_readings_that_say_the_same_agree() -> None:
    out = compare([_301, _30101], [dict(_301), dict(_30101)], "tabula", "pdfplumber")
    assert [(r["code"], r["agreement"], r["other"]) for r in out] == [("301", "agree", ""), ("30101", "agree", "")]
    assert out[0]["value"] == 923.27 and out[0]["printed"] == "923.27"


def test_a_value_read_otherwise_differs_and_keeps_the_reported_engines_value() -> None:
    # the Chromium PDF: 923.27 split into 923.2 and 7 by one reader
    split = dict(_301, value=923.2, printed="923.2")
    out = _by_code(compare([_301, _30101], [split, dict(_30101)], "tabula", "pdfplumber"))
    assert (out["301"]["agreement"], out["301"]["printed"], out["301"]["other"]) == ("differ", "923.27", "923.2")
    assert out["30101"]["agreement"] == "agree"


def test_a_cell_only_one_engine_read_is_marked_with_that_engine() -> None:
    mine = _by_code(compare([_301, _30101], [dict(_301)], "tabula", "pdfplumber"))
    assert (mine["30101"]["agreement"], mine["30101"]["printed"], mine["30101"]["other"]) == \
        ("only_tabula", "158.19", "")
    theirs = _by_code(compare([_301], [dict(_301), dict(_30101)], "tabula", "pdfplumber"))
    # the other engine's cell is added with no value: the reported engine read nothing there
    only = theirs["30101*"]
    assert (only["agreement"], only["printed"], only["other"], only["value"]) == ("only_pdfplumber", "", "158.19", None)
    assert len(theirs) == 2


def test_the_same_box_under_another_row_is_moved_and_says_where() -> None:
    elsewhere = dict(_30101, code="30102", item="津贴补贴")  # same box and figure, another row
    out = _by_code(compare([_301, _30101], [dict(_301), elsewhere], "tabula", "pdfplumber"))
    assert len(out) == 2
    assert (out["30101"]["agreement"], out["30101"]["other"], out["30101"]["other_at"]) == \
        ("moved", "158.19", "30102 津贴补贴 / amount")
    # under another row with another figure: differ, and where
    other_figure = dict(elsewhere, printed="158.1", value=158.1)
    out = _by_code(compare([_30101], [other_figure], "pdfplumber", "tabula"))
    assert (out["30101"]["agreement"], out["30101"]["other"], out["30101"]["other_at"]) == \
        ("differ", "158.1", "30102 津贴补贴 / amount")


def test_ocr_pages_and_pages_the_reported_engine_could_not_grid_are_not_agreement() -> None:
    out = compare([_301], [], "pdfplumber", "tabula", ocr_pages=frozenset({9}))
    assert out[0]["agreement"] == "ocr"  # read by one engine by design: no disagreement
    out = compare([_301], [dict(_301)], "tabula", "pdfplumber", unread_pages=frozenset({9}))
    assert [r["agreement"] for r in out] == ["only_pdfplumber"]  # tabula saw no grid: pdfplumber's cell
    out = compare([_301], [], "pdfplumber", "tabula", unchecked_pages=frozenset({9}))
    assert [r["agreement"] for r in out] == ["unchecked"]  # tabula failed on the page: not checked, not disputed


def _cells(records: list[dict]) -> pd.DataFrame:
    return conform(pd.DataFrame(records).assign(department="中共武汉市青山区委办公室", year=2023), CELLS_COLUMNS)


# the seed's 人员经费合计 964.80 = 301 923.27 + 303 41.53
_303 = dict(_301, code="303", item="对个人和家庭的补助", value=41.53, printed="41.53", top=228.0, bottom=242.0)
_TOTAL = dict(_301, code="", item="人员经费合计", value=964.80, printed="964.80", top=242.0, bottom=256.0)


def test_a_check_reading_a_disputed_cell_says_insufficient_data_never_fail() -> None:
    check = "basic_expenditure.personnel_total"
    # the reported 923.2 (a split number) would make 人员经费合计 fail …
    misread = dict(_301, value=923.2, printed="923.2")
    agreed = compare([misread, _303, _TOTAL], [dict(misread), dict(_303), dict(_TOTAL)], "tabula", "pdfplumber")
    row = run_checks(_cells(agreed), pd.DataFrame()).set_index("check_id").loc[check]
    assert row["status"] == "fail"
    # … but the other engine read 923.27 there: the check cannot judge, and says why
    disputed = compare([misread, _303, _TOTAL], [dict(_301), dict(_303), dict(_TOTAL)], "tabula", "pdfplumber")
    row = run_checks(_cells(disputed), pd.DataFrame()).set_index("check_id").loc[check]
    assert row["status"] == "insufficient_data"
    assert "two table readers disagree" in row["detail"] and "923.2/923.27" in row["detail"]
    assert "would say fail" in row["detail"]


def test_a_cell_only_the_other_engine_read_makes_the_check_insufficient() -> None:
    # the reported engine lost 303 41.53: as a blank it would make 人员经费合计 fail (923.27 ≠ 964.80)
    out = compare([_301, _TOTAL], [dict(_301), dict(_303), dict(_TOTAL)], "tabula", "pdfplumber")
    row = run_checks(_cells(out), pd.DataFrame()).set_index("check_id").loc["basic_expenditure.personnel_total"]
    assert row["status"] == "insufficient_data" and "“303”" not in row["detail"] and "（空）/41.53" in row["detail"]


def test_disputed_cells_put_the_department_up_for_review_naming_them() -> None:
    out = _cells(compare([dict(_301, value=923.2, printed="923.2"), _30101], [dict(_301), dict(_30101)],
                         "tabula", "pdfplumber"))
    report = Report(pdf=None, department="中共武汉市青山区委办公室", year=2023, cells=out, tables=pd.DataFrame(),
                    engines=("tabula", "pdfplumber"))
    assert list(disputed_cells(out)["code"]) == ["301"]
    line = next(r for r in report.review if "两种表格读法" in r)
    assert "1 个单元格" in line and "一般公共预算财政拨款基本支出决算表第9页“工资福利支出”金额" in line and "923.2／923.27" in line
    assert "tables: tabula and pdfplumber read 1 cells differently" in report.engines_summary()
    agreed = Report(pdf=None, department="x", year=2023, cells=_cells(compare([_301], [dict(_301)], "tabula",
                                                                              "pdfplumber")),
                    tables=pd.DataFrame(), engines=("tabula", "pdfplumber"))
    assert not any("表格读法" in r for r in agreed.review)
    assert agreed.engines_summary() == "tables: tabula and pdfplumber agree on all 1 cells"


# -- a planted disagreement, end to end on the bundled sample ----------------------------------------
class _SplittingEngine:
    """pdfplumber's grid with one cell cut in two where a glyph starts: the issue's Chromium misreading
    (923.27 read as 923.2 and 7), standing in for tabula without starting a JVM."""

    name = "tabula"

    def __init__(self, page_of, page: int, x: float, y: float) -> None:
        from analysis.tables.grids import PdfplumberEngine

        self._inner, self._at = PdfplumberEngine(page_of), (page, x, y)

    def cells(self, pdf_path, page: int):
        from analysis.tables.grids import CellBox

        out = []
        for b in self._inner.cells(pdf_path, page):
            p, x, y = self._at
            if p == page and b.x0 < x < b.x1 and b.top < y < b.bottom:
                out += [CellBox(page, b.x0, b.top, x, b.bottom), CellBox(page, x, b.top, b.x1, b.bottom)]
            else:
                out.append(b)
        return out

    def close(self) -> None:
        self._inner.close()


def test_a_planted_disagreement_marks_the_cell_the_review_and_the_checks(tmp_path, monkeypatch) -> None:
    import json

    import pdfplumber

    from analysis.config import SAMPLE_PDF
    from analysis.pipeline import check_department
    from analysis.tables import read

    with pdfplumber.open(SAMPLE_PDF) as pdf:  # the seed's 301 工资福利支出 923.27, page 9
        seven = pdf.pages[8].search("923.27")[0]["chars"][-1]
    real = read.make_engine
    monkeypatch.setattr(read, "make_engine", lambda name, page_of, glyphs=None: _SplittingEngine(
        page_of, 9, seven["x0"] - 0.1, (seven["top"] + seven["bottom"]) / 2) if name == "tabula" else real(name, page_of))
    result = check_department(SAMPLE_PDF, tmp_path, engine="pdfplumber")
    cells = result.cells
    basic = cells[(cells["table"] == "basic_expenditure") & (cells["code"] == "301")]
    assert list(basic["agreement"]) == ["differ", "only_tabula"]
    assert list(basic["printed"]) == ["923.27", ""] and list(basic["other"]) == ["923.2", "7"]
    assert basic["value"].iloc[0] == 923.27  # pdfplumber's reading is reported
    assert (cells["agreement"] == "agree").sum() == 185  # the sample's other 185 printed numbers
    checks = result.checks.set_index("check_id")
    for check in ("basic_expenditure.personnel_total", "basic_expenditure.class_sum[301]"):
        assert checks.loc[check, "status"] == "insufficient_data", check
        assert "two table readers disagree" in checks.loc[check, "detail"]
    assert "fail" not in set(checks["status"])
    meta = json.loads((result.out_dir / "meta.json").read_text(encoding="utf-8"))
    assert meta["cells_disputed"] == 2 and meta["engines"] == ["pdfplumber", "tabula"]
    assert any("2 个单元格读得不同" in r and "“工资福利支出”金额：923.27／923.2" in r for r in meta["review"])
    # a recheck of the folder reads the marks from cells.csv: the same verdict
    from analysis.reconcile.folder import recheck_folder

    again = recheck_folder(result.out_dir).set_index("check_id")
    assert again.loc["basic_expenditure.personnel_total", "status"] == "insufficient_data"
    # the tidy folder read back: the key figures put the department up for review, the tables show the cells
    from analysis.catalogue import load_department
    from analysis.present import report
    from analysis.present.loader import key_figures

    data = load_department(result.out_dir)
    figures = key_figures(data)
    assert figures["cells_disputed"] == 2 and figures["review"] and figures["verdict"] == "warn"
    html = report.tables_read(data)._repr_html_()
    assert '923.27<span class="jz-other">⚠ tabula 读作 923.2；仅 tabula 读出 7（所报读法此处为空）</span>' in html


def test_the_tables_read_show_each_disagreement_in_chinese() -> None:
    from pathlib import Path

    from analysis.catalogue import DepartmentData
    from analysis.present import report

    records = compare([dict(_301, value=923.2, printed="923.2"), _30101], [dict(_301), dict(_30101), dict(_303)],
                      "pdfplumber", "tabula")
    tables = pd.DataFrame([{"table": "basic_expenditure", "title": "一般公共预算财政拨款基本支出决算表", "pages": "9",
                            "unit": "万元", "status": "extracted", "note": ""}])
    data = DepartmentData(department="中共武汉市青山区委办公室", year=2023, slug="s", out_dir=Path("/tmp/s"),
                          cells=_cells(records), tables=tables, narrative=pd.DataFrame(), performance=pd.DataFrame(),
                          checks=pd.DataFrame(), meta={"engines": ["pdfplumber", "tabula"]})
    html = report.tables_read(data)._repr_html_()
    assert "读出数字 2 个；两种表格读法有 2 处不同，请对照原页复核" in html  # 301 read otherwise, 303 read by tabula only
    assert '<td class="num jz-differ">923.2<span class="jz-other">⚠ tabula 读作 923.27</span></td>' in html
    assert "⚠ 仅 tabula 读出 41.53（所报读法此处为空）" in html
    assert html.count("jz-differ\"") == 2 and "158.19</td>" in html


# -- the two real readers on the documents -------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("name", ["sample", "putuo"])
def test_tabula_and_pdfplumber_agree_on_every_cell_of_the_sample_and_putuo(name) -> None:
    from analysis import read_pdf
    from analysis.config import SAMPLE_PDF
    from fixtures.documents import PUTUO_CELLS, PUTUO_PDF
    from fixtures.sample_cells import sample_cells

    pdf, expected = (SAMPLE_PDF, len(sample_cells())) if name == "sample" else \
        (PUTUO_PDF, len(pd.read_csv(PUTUO_CELLS, dtype=str)))
    report = read_pdf(pdf)
    assert report.engines == ("pdfplumber", "tabula")
    assert len(report.cells) == expected  # the hand transcription's cells, no cell added by either reader
    assert set(report.cells["agreement"]) == {"agree"}
    assert not any("表格读法" in r for r in report.review)


# Putuo's report rewritten by Ghostscript (issue 18's producers; tests/pdfs/producers, engineer B1's corpus):
# Ghostscript redraws the rules as stroked paths in a tenth-of-a-point space; pdfplumber sees the same
# rules as in the original, tabula's lattice no longer closes the last row of three tables. The hand
# transcription's 购房补贴 11.72 (收入 and 支出决算表) and 财政拨款收支总表's 总计 307.82 are those cells.
GS_PUTUO = Path(__file__).resolve().parent / "pdfs" / "producers" / "putuo-social-work-2024-ghostscript.pdf"


@pytest.mark.slow
@pytest.mark.skipif(not GS_PUTUO.exists(), reason="the producers' corpus (tests/pdfs/producers) is not in this tree")
def test_putuo_through_ghostscript_names_the_seven_cells_tabula_loses(tmp_path) -> None:
    from analysis.pipeline import check_department

    result = check_department(GS_PUTUO, tmp_path)
    cells = result.cells
    lost = cells[cells["agreement"] != "agree"]
    assert set(lost["agreement"]) == {"only_pdfplumber"}
    assert sorted(zip(lost["table"], lost["code"].fillna(""), lost["item"], lost["printed"])) == sorted(
        [("income", "2210203", "购房补贴", "11.72")] * 2 + [("expenditure", "2210203", "购房补贴", "11.72")] * 2 +
        [("fiscal_summary", "", "总计", "307.82")] * 3)
    assert len(cells) == 205 and cells["value"].notna().all()  # pdfplumber's reading: every cell of the transcription
    assert any("7 个单元格读得不同" in r for r in result.review)
    checks = result.checks.set_index("check_id")
    fails = checks[checks["status"] == "fail"]
    assert set(fails["category"]) <= {"narrative"}  # no table figure judged on a cell one reader lost
    assert checks.loc["income.hierarchy[22102]", "status"] == "insufficient_data"  # 17.70 + 11.72 = 29.42
    assert "two table readers disagree" in checks.loc["income.hierarchy[22102]", "detail"]


def test_pages_read_from_their_image_are_read_by_pdfplumber_alone_and_are_no_disagreement() -> None:
    # OCR pages (issue 19: PageText.source == "ocr"): tabula reads the file, which has no text there, so
    # neither reading engine may be tabula's; the sample stands in with every page so marked
    from analysis.config import SAMPLE_PDF
    from analysis.document.pdfdoc import open_report
    from analysis.tables.read import read_tables

    with open_report(SAMPLE_PDF) as doc:
        for page in doc.pages:
            page.source = "ocr"
        ex = read_tables(doc, "tabula")  # asked for tabula: the OCR pages still go to pdfplumber's finder
    assert len(ex.cells) == 186 and set(ex.cells["agreement"]) == {"ocr"}
    assert ex.engines == ("tabula", "pdfplumber") and not ex.second_error


def test_a_glyphs_strokes_are_no_rules_for_tabula() -> None:
    from analysis.tables.grids import is_rule

    # the Chromium print of the sample, page 9: 工 of 工资福利支出 at (94.14, 113.71)–(102.39, 121.71), and
    # the strokes tabula found on it, one of them joined past the glyph's box (118.36–123.51)
    work = [(94.14, 113.71, 102.39, 121.71), (102.39, 113.71, 110.38, 121.71)]
    assert not is_rule(94.76, 118.36, 94.76, 123.51, work)
    assert not is_rule(98.11, 112.72, 98.11, 118.36, work)
    # the table's own rules on that page: the left edge, a row's rule under the glyphs
    assert is_rule(46.0, 85.87, 46.0, 378.51, work)
    assert is_rule(46.0, 124.0, 330.0, 124.0, work)
    assert is_rule(20.0, 30.0, 20.0, 35.0, [])  # no characters known: every straight rule kept
    # a rule of no length, or a slanted one: tabula stops on it ("lines must be orthogonal")
    assert not is_rule(50.0, 60.0, 50.0, 60.0, [])
    assert not is_rule(50.0, 60.0, 55.0, 65.0, [])


def test_the_two_edges_of_a_drawn_line_are_one_rule_for_tabula() -> None:
    from analysis.tables.grids import twin_rule

    # the Chromium print rewritten by Ghostscript's old pdfwrite, page 5: each border comes as two
    # rules 0.75 pt apart (a thin filled rectangle), and tabula made a row of the sliver between them
    assert twin_rule((46.0, 85.5, 796.2, 85.5), (46.0, 86.25, 796.2, 86.25))
    assert twin_rule((131.05, 98.25, 131.05, 124.5), (131.8, 98.25, 131.8, 124.5))
    # rules of two rows (12.75 pt apart), across and down, or side by side along one line: not twins
    assert not twin_rule((46.0, 123.75, 796.2, 123.75), (46.0, 136.5, 796.2, 136.5))
    assert not twin_rule((46.0, 85.5, 796.2, 85.5), (131.05, 85.5, 131.05, 378.8))
    assert not twin_rule((46.0, 98.25, 339.5, 98.25), (404.8, 98.75, 796.2, 98.75))
    # a rule running on past the other is kept: dropping it would lose a stretch of the grid
    assert not twin_rule((46.0, 86.25, 796.2, 86.25), (46.0, 85.5, 339.5, 85.5))
    assert twin_rule((46.0, 86.25, 339.5, 86.25), (46.0, 85.5, 796.2, 85.5))


CHROMIUM = Path(__file__).resolve().parent / "pdfs" / "producers" / "qingshan-party-office-2023-chromium.pdf"


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="the producers' corpus (tests/pdfs/producers) is not in this tree")
def test_the_sample_printed_by_chromium_is_read_alike_by_both_readers() -> None:
    # Chromium draws some glyphs as paths: tabula took their strokes for rules and misnamed 49 rows
    from analysis import read_pdf
    from fixtures.sample_cells import sample_cells

    report = read_pdf(CHROMIUM)
    cells = report.cells
    assert len(cells) == len(sample_cells()) and cells["value"].notna().all()  # pdfplumber's: the transcription's
    # one stroke of 置 tabula still takes for a rule cuts the 三公 header 公务用车购置及运行维护费: its
    # 预算数 21 is pdfplumber's alone, and named for review
    differ = cells[cells["agreement"] != "agree"]
    assert set(zip(differ["table"], differ["column"], differ["agreement"])) <= {
        ("three_public", "budget_vehicle", "only_pdfplumber")}
    assert len(differ) == 0 or any("21／空" in r for r in report.review)


# the seed's 三公 table (公开09表): 决算 公务用车运行维护费 10.96 (its place on the page made up: one cell alone)
_VEHICLES = {"table": "three_public", "side": "", "code": "", "item": "", "row_no": "",
              "column": "actual_vehicle_operation", "value": 10.96, "printed": "10.96", "page": 11,
              "x0": 400.0, "top": 300.0, "x1": 440.0, "bottom": 314.0}


def test_a_minus_sign_only_one_reader_saw_is_not_a_negative_三公_figure() -> None:
    check = "three_public.non_negative"
    minus = dict(_VEHICLES, value=-10.96, printed="-10.96")
    both = compare([minus], [dict(minus)], "pdfplumber", "tabula")  # both readers saw the minus: a printed negative
    assert run_checks(_cells(both), pd.DataFrame()).set_index("check_id").loc[check, "status"] == "fail"
    one = compare([minus], [dict(_VEHICLES)], "pdfplumber", "tabula")  # a rule or a dash taken for a minus
    row = run_checks(_cells(one), pd.DataFrame()).set_index("check_id").loc[check]
    assert row["status"] == "insufficient_data" and "two grid readers disagree" in row["detail"], row["detail"]
    clean = compare([_VEHICLES], [dict(_VEHICLES)], "pdfplumber", "tabula")
    assert run_checks(_cells(clean), pd.DataFrame()).set_index("check_id").loc[check, "status"] == "pass"

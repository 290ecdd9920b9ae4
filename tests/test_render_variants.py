"""Producer habits rendered with `juesuan render`: each variant gives the cells of the hand
transcription (tests/fixtures/sample_cells.py) — minus the cells a variant leaves unprinted — with
every printed number accounted for (no `unexplained` row in unread.csv)."""

from __future__ import annotations

import pandas as pd
import pytest
from pypdf import PdfReader, PdfWriter

from analysis.config import SAMPLE_DESCRIPTION, SAMPLE_PDF
from analysis import read_pdf
from juesuan_dev.synth import RenderOptions, load_description, render_pdf
from juesuan_dev.synth.edit import apply_changes
from juesuan_dev.synth.grid import build_grid, format_value

from fixtures.sample_cells import sample_cells

KEY = ["table", "side", "code", "item", "column"]

VARIANTS = {
    "thousands": RenderOptions(thousands=True),
    "total_in_header": RenderOptions(total_in_header=True),
    "total_in_header_split": RenderOptions(total_in_header=True, split_codes=True),
    "budget_only_three_public": RenderOptions(blank_columns={"three_public": ("actual_*",)}),
    # the real failure: no rule between the header words and the 合计 figures, 类 款 项 in the band
    "total_under_header_words": RenderOptions(total_under_header_words=True),
    "total_under_header_words_split": RenderOptions(total_under_header_words=True, split_codes=True),
    # the 三公 title of the real failure with its quote marks lost, and another region's 总表 title
    "titles": RenderOptions(title_variants={"three_public": "财政拨款三公经费支出决算表", "summary": "部门收支决算总表"}),
    # other regions' titles (云南 耿马 2022, 陕西 柞水 2020 and others, see tests/test_specs.py), no 公开NN表
    "other_regions_titles": RenderOptions(table_numbers=False, title_variants={
        "summary": "收入支出决算表", "income": "收入决算总表", "expenditure": "支出决算总表",
        "fiscal_summary": "财政拨款收入支出决算表",
        "general_budget_expenditure": "一般公共预算财政拨款支出决算表（按功能分类）",
        "basic_expenditure": "一般公共预算财政拨款基本支出决算表（按经济分类）",
        "gov_fund": "政府性基金预算支出决算表",
        "soe_capital": "国有资本经营预算财政拨款收入支出决算表",
        "three_public": "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表"}),
    # 云南's 三公 table: 项目 | 预算数 | 决算数, one row per part, under its own title, in 元
    "turned_three_public": RenderOptions(turned_tables=("three_public",), unit="元",
                                         title_variants={"three_public": "“三公”经费、行政参公单位机关运行经费情况表"}),
    # 元 on portrait pages: the widest figures touch their neighbours across the ruling
    "crowded": RenderOptions(total_in_header=True, split_codes=True, landscape=False, unit="元", thousands=True),
}


def _mismatches(got: pd.DataFrame, expected: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for df in (expected, got):
        d = df[KEY + ["value"]].copy()
        d[KEY] = d[KEY].fillna("").astype(str)
        d["value"] = d["value"].astype(float).round(6)
        frames.append(d)
    m = frames[0].merge(frames[1], on=KEY, how="outer", indicator=True, suffixes=("_expected", "_got"))
    return m[(m["_merge"] != "both") | (m["value_expected"] != m["value_got"])]


def _render(tmp_path, name: str, options: RenderOptions):
    pdf = tmp_path / f"{name}.pdf"
    render_pdf(load_description(SAMPLE_DESCRIPTION), pdf, options)
    return pdf


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_gives_the_printed_cells_and_accounts_for_every_number(tmp_path, variant):
    ex = read_pdf(_render(tmp_path, variant, VARIANTS[variant]), "pdfplumber")
    expected = sample_cells()
    if variant == "budget_only_three_public":  # the 决算数 columns are printed blank: missing, not 0
        expected = expected[~((expected["table"] == "three_public") & expected["column"].str.startswith("actual_"))]
        assert len(expected) == len(sample_cells()) - 3  # 决算数 合计, 公务用车 小计, 运行维护费 (10.96 each)
    bad = _mismatches(ex.cells, expected)
    assert bad.empty, bad.to_string()
    assert ex.numbers.unexplained == 0, ex.unread[ex.unread["reason"] == "unexplained"].to_string()
    assert ex.numbers.read == len(expected)


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["total_in_header_split", "total_under_header_words_split"])
def test_total_in_header_band_with_tabula(tmp_path, variant):
    ex = read_pdf(_render(tmp_path, variant, VARIANTS[variant]), "tabula")
    assert _mismatches(ex.cells, sample_cells()).empty
    assert ex.numbers.unexplained == 0
    total = ex.cells[(ex.cells["table"] == "expenditure") & (ex.cells["code"] == "")]
    assert set(total["item"]) == {"合计"}  # not 类款项合计: the header words in its band are not its name
    assert sorted(total["value"]) == [127.99, 1004.99, 1132.98]


@pytest.mark.slow
def test_thousands_separators_are_kept_as_printed(tmp_path):
    cells = read_pdf(_render(tmp_path, "thousands", VARIANTS["thousands"]), "pdfplumber").cells
    total = cells[(cells["table"] == "income") & (cells["item"] == "合计") & (cells["column"] == "total")].iloc[0]
    assert total["printed"] == "1,132.98" and total["value"] == 1132.98


def test_band_layout_puts_the_total_in_the_code_header_row():
    table = load_description(SAMPLE_DESCRIPTION).table("expenditure")
    grid = build_grid(table, split_codes=True, total_in_header=True)
    band = grid.header[grid.band_row]
    assert band[:4] == ["类", "款", "项", "合计"]
    assert band[4:7] == ["1132.98", "1004.99", "127.99"]
    assert grid.body[0][:4] == ["201", "", "", "一般公共服务支出"]
    assert "栏次" not in sum(grid.header, [])
    assert format_value("11329800.00", "万元", thousands=True) == "11,329,800.00"
    assert format_value("-1234.5", "万元", thousands=True) == "-1,234.5"


def _append_page(base, extra, page: int, out):
    """base with page `page` (1-based) of `extra` appended: a table printed a second time."""
    writer = PdfWriter(clone_from=str(base))
    writer.add_page(PdfReader(str(extra)).pages[page - 1])
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


THREE_PUBLIC_PAGE = 11  # the sample's 三公 table (公开09表)


@pytest.mark.slow
def test_a_table_printed_twice_with_the_same_figures(tmp_path):
    pdf = _append_page(SAMPLE_PDF, SAMPLE_PDF, THREE_PUBLIC_PAGE, tmp_path / "twice.pdf")
    ex = read_pdf(pdf, "pdfplumber")
    note = dict(zip(ex.tables["table"], ex.tables["note"]))["three_public"]
    assert "printed again on page 24 with the same figures" in note  # the sample has 23 pages
    assert _mismatches(ex.cells, sample_cells()).empty  # read once
    assert ex.numbers.unexplained == 0
    again = ex.unread[(ex.unread["page"] == 24) & (ex.unread["reason"] == "printed_again")]
    # the six printed figures of the 三公 table: 预算数 21 (合计, 公务用车, 运行维护费), 决算数 10.96 ×3
    assert sorted(again["text"]) == ["10.96"] * 3 + ["21"] * 3


@pytest.mark.slow
def test_a_second_table_under_the_same_title_with_other_figures_is_for_review(tmp_path):
    dept = apply_changes(load_description(SAMPLE_DESCRIPTION),
                         [{"table": "three_public", "code": "", "column": "actual_total", "value": "99.99"}])
    other = tmp_path / "other.pdf"
    render_pdf(dept, other)
    pdf = _append_page(SAMPLE_PDF, other, THREE_PUBLIC_PAGE, tmp_path / "two-tables.pdf")
    ex = read_pdf(pdf, "pdfplumber")
    note = dict(zip(ex.tables["table"], ex.tables["note"]))["three_public"]
    assert "prints other figures" in note
    assert ex.numbers.unexplained > 0
    assert "99.99" in set(ex.unread.loc[ex.unread["reason"] == "unexplained", "text"])
    from typer.testing import CliRunner

    from analysis.cli import app

    res = CliRunner().invoke(app, ["check", str(pdf), "--out", str(tmp_path / "out"), "--engine", "pdfplumber"])
    assert res.exit_code == 1 and "UNEXPLAINED: review unread.csv" in res.output  # not a silent success


@pytest.mark.slow
def test_a_reader_that_drops_the_band_is_caught_by_the_accounting(tmp_path, monkeypatch):
    """The safety net: read without cutting the shared band (the old reader), the six 合计 figures of the
    支出决算表 and 一般公共预算表 and the two of the 收入决算表 are not cells — and are `unexplained`."""
    import analysis.tables.read as read

    pdf = _render(tmp_path, "merged", VARIANTS["total_under_header_words"])
    monkeypatch.setattr(read, "split_shared_bands", lambda cells: cells)
    ex = read_pdf(pdf, "pdfplumber")
    lost = ex.unread[ex.unread["reason"] == "unexplained"]
    assert sorted(zip(lost["table"], lost["text"])) == sorted(
        [("income", "1132.98")] * 2
        + [(t, v) for t in ("expenditure", "general_budget_expenditure") for v in ("1132.98", "1004.99", "127.99")])
    assert len(ex.cells) == len(sample_cells()) - 8


@pytest.mark.slow
def test_render_command_takes_the_variants(tmp_path):
    from typer.testing import CliRunner

    from analysis.cli import app

    out = tmp_path / "v.pdf"
    res = CliRunner().invoke(app, ["render", str(SAMPLE_DESCRIPTION), "--out", str(out), "--thousands",
                                   "--total-under-header-words", "--blank", "three_public:actual_*"])
    assert res.exit_code == 0, res.output
    cells = read_pdf(out, "pdfplumber").cells
    total = cells[(cells["table"] == "income") & (cells["item"] == "合计")]
    assert set(total["printed"]) == {"1,132.98"}  # separators, and read from under its header words
    assert set(cells.loc[cells["table"] == "three_public", "column"]) == {"budget_total", "budget_vehicle",
                                                                         "budget_vehicle_operation"}
    bad = CliRunner().invoke(app, ["render", str(SAMPLE_DESCRIPTION), "--out", str(out), "--blank", "three_public"])
    assert bad.exit_code == 2 and "TABLE:COLUMN" in bad.output


@pytest.mark.slow
def test_the_three_public_title_without_quotes_is_not_a_second_expenditure_table(tmp_path):
    ex = read_pdf(_render(tmp_path, "titles", VARIANTS["titles"]), "pdfplumber")
    tables = ex.tables.set_index("table")
    assert tables.loc["three_public", "title"] == "2023年度财政拨款三公经费支出决算表"
    assert tables.loc["three_public", "status"] == "extracted"
    assert "printed again" not in tables.loc["expenditure", "note"]
    assert tables.loc["summary", "title"] == "2023年度部门收支决算总表"


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["other_regions_titles", "turned_three_public"])
def test_other_regions_layouts_are_checked_without_a_fail(tmp_path, variant):
    """The sample's figures under other regions' titles and 三公 layout: read and checked as the sample
    is (the same cells above), and no check fails on them."""
    from analysis.pipeline import check_department

    result = check_department(_render(tmp_path, variant, VARIANTS[variant]), tmp_path / "out", "pdfplumber")
    assert len(result.checks) > 200  # the sample's checks were run (288 of them)
    assert result.checks["status"].isin(["pass", "warn", "not_applicable", "insufficient_data"]).all(), \
        result.checks[result.checks["status"] == "fail"].to_string()
    assert set(result.tables["status"]) == {"extracted", "empty"}  # all nine found
    three = result.cells[result.cells["table"] == "three_public"]
    # 公开09表: 预算数 21, 决算数 10.96, each for 合计, 公务用车购置及运行维护费 and its 运行维护费 (元 → 万元)
    assert dict(zip(three["column"], three["value"])) == {
        "budget_total": 21.0, "budget_vehicle": 21.0, "budget_vehicle_operation": 21.0,
        "actual_total": 10.96, "actual_vehicle": 10.96, "actual_vehicle_operation": 10.96}

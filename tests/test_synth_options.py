"""Layout pieces without rendering: options parsing, value formatting, header merges; and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from analysis.cli import app
from analysis.config import SAMPLE_DESCRIPTION
from juesuan_dev.synth import PageBreakSpec, RenderOptions, load_description
from juesuan_dev.synth.edit import parse_change
from juesuan_dev.synth.grid import build_grid, format_value


def test_format_value_units() -> None:
    assert format_value("1132.98", "元") == "11329800.00"
    assert format_value("2", "元") == "20000.00"
    assert format_value("4.3", "万元") == "4.3"
    assert format_value("", "元") == ""


def test_options_from_yaml_mapping() -> None:
    opts = RenderOptions.from_dict({"split_codes": True, "unit": "元", "omit_tables": ["gov_fund"],
                                    "page_break_inside": ["income:10:norepeat", {"table": "summary", "after_row": 5}]})
    assert opts.split_codes and opts.unit == "元" and opts.omit_tables == ("gov_fund",)
    assert opts.break_for("income") == PageBreakSpec("income", 10, repeat_header=False)
    assert opts.break_for("summary") == PageBreakSpec("summary", 5)
    with pytest.raises(ValueError):
        RenderOptions.from_dict({"unit": "千元"})
    with pytest.raises(ValueError):
        RenderOptions.from_dict({"splitcodes": True})


def test_parse_change() -> None:
    assert parse_change("income:201:total=939.83") == {"table": "income", "code": "201", "column": "total", "value": "939.83"}
    assert parse_change("income:item=合计:total=1") == {"table": "income", "item": "合计", "column": "total", "value": "1"}
    assert parse_change("下降 18.6 %=>下降 8.6 %") == {"replace": "下降 18.6 %", "with": "下降 8.6 %"}


def test_income_header_merges_as_printed() -> None:
    dept = load_description(SAMPLE_DESCRIPTION)
    grid = build_grid(dept.table("income"))
    assert grid.header[0][:3] == ["项目", "", "本年收入合计"]
    assert grid.header[1][:2] == ["功能分类科目编码", "科目名称"]
    assert grid.header[2][0] == "类 款 项"
    assert grid.header[3][:3] == ["栏次", "", "1"]
    assert (0, 0, 1, 0) in grid.header_spans  # 项目 over code and item
    assert (2, 0, 2, 2) in grid.header_spans  # 本年收入合计 down the header rows
    assert (0, 3, 1, 3) in grid.header_spans  # 栏次 over code and item
    assert grid.body[0][:3] == ["合计", "", "1132.98"] and (0, 0, 1, 0) in grid.body_spans
    split = build_grid(dept.table("income"), split_codes=True, unit="元")
    assert split.header[2][:3] == ["类", "款", "项"]
    assert split.body[12][:4] == ["210", "11", "01", "行政单位医疗"]
    assert split.body[12][4] == "223400.00"


def test_basic_expenditure_totals_row() -> None:
    grid = build_grid(load_description(SAMPLE_DESCRIPTION).table("basic_expenditure"))
    last = grid.body[-1]
    assert last[0] == "人员经费合计" and last[2] == "964.80"
    assert last[3] == "公用经费合计" and last[-1] == "40.19"
    assert (3, len(grid.body) - 1, 7, len(grid.body) - 1) in grid.body_spans


def test_cli_render(tmp_path: Path) -> None:
    out = tmp_path / "cli.pdf"
    result = CliRunner().invoke(app, ["render", str(SAMPLE_DESCRIPTION), "--out", str(out), "--unit", "元",
                                      "--omit", "three_public", "--change", "income:201:total=939.83"])
    assert result.exit_code == 0, result.output
    text = "".join(p.extract_text() or "" for p in PdfReader(out).pages)
    assert "金额单位：元" in text and "9398300.00" in text
    bad = CliRunner().invoke(app, ["render", str(SAMPLE_DESCRIPTION), "--out", str(out), "--change", "income:999:total=1"])
    assert bad.exit_code == 2


def test_expected_cells_and_tables_of_the_sample(tmp_path: Path) -> None:
    """Counts from the seed by hand: 总表 3 income + 6 expenditure numbers, 三公 6, 基本支出 28 (16 人员 + 12 公用)."""
    from juesuan_dev.synth import dump_description, expected_cells, expected_tables
    from juesuan_dev.synth.model import department_to_dict

    dept = load_description(SAMPLE_DESCRIPTION)
    cells = expected_cells(dept)
    sizes = cells.groupby("table").size().to_dict()
    assert (sizes["summary"], sizes["three_public"], sizes["basic_expenditure"]) == (9, 6, 28)
    assert "gov_fund" not in sizes
    row = cells[(cells.table == "basic_expenditure") & (cells.code == "30108")].iloc[0]
    assert (row["value"], row["group"], row["column"]) == (82.56, "personnel", "amount")
    assert set(cells[cells.table == "summary"].side) == {"income", "expenditure"}
    tables = expected_tables(dept, RenderOptions(omit_tables=("income",), unit="元")).set_index("table")
    assert tables.loc["income", "status"] == "missing" and tables.loc["gov_fund", "status"] == "empty"
    assert tables.loc["summary", "status"] == "extracted" and tables.loc["summary", "unit"] == "元"
    assert tables.loc["soe_capital", "note"] == "本部门当年无国有资本经营预算财政拨款支出。"
    again = load_description(dump_description(dept, tmp_path / "copy.yml"))
    assert department_to_dict(again) == department_to_dict(dept)


def test_expected_cells_printed_text_follows_the_unit() -> None:
    from juesuan_dev.synth import expected_cells

    cells = expected_cells(load_description(SAMPLE_DESCRIPTION), RenderOptions(unit="元"))
    row = cells[(cells["table"] == "basic_expenditure") & (cells["item"] == "人员经费合计")].iloc[0]
    assert (row["value"], row["printed"]) == (964.8, "9648000.00")


def test_the_three_public_table_turned_keeps_its_figures() -> None:
    """--turned three_public: 项目 | 预算数 | 决算数, a row per part, the sample's 21 and 10.96 in place."""
    from fixtures.sample_cells import THREE_PUBLIC_TURNED_ROWS
    from juesuan_dev.synth.turned import turned

    table = turned(load_description(SAMPLE_DESCRIPTION).table("three_public"))
    grid = build_grid(table)
    assert grid.header == [["项目", "预算数", "决算数"], ["栏次", "1", "2"]]
    assert grid.body == THREE_PUBLIC_TURNED_ROWS
    assert RenderOptions.from_dict({"turned_tables": ["three_public"]}).turned_tables == ("three_public",)
    with pytest.raises(ValueError, match="cannot be printed turned"):
        RenderOptions(turned_tables=("income",))

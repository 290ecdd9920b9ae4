"""Who and when, and what a document is: read from the report's own words, whatever the breaks.

Expected values are what the pages print (the issue's ONLYOFFICE cover); the real negatives are
refused by name in tests/test_errors_input.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.document.identity import report_identity
from analysis.document.kind import document_kind

TITLES = "2024年度收入支出决算总表\n部门：上海市普陀区财政局 单位：万元"


@pytest.mark.parametrize("cover", [
    "上海市普陀区财政局\n2024\n年度部门决算",
    "上海市普陀区\n财政局2024年度\n部门决算\n目录",
    "上海市普陀区财政局 2024 年度 部门决算",
])
def test_department_and_year_from_the_cover_whatever_the_breaks(cover) -> None:
    ident = report_identity([cover, "第一部分 概况"], Path("x.pdf"))
    assert (ident.department, ident.year) == ("上海市普陀区财政局", 2024)
    assert (ident.department_source, ident.year_source) == ("cover", "titles")
    assert ident.warning == ""


def test_the_tables_department_line_wins_over_the_cover() -> None:
    ident = report_identity(["某某单位\n2024年度部门决算", TITLES], Path("x.pdf"))
    assert (ident.department, ident.year, ident.department_source) == ("上海市普陀区财政局", 2024, "tables")


def test_year_from_the_folder_when_the_report_does_not_print_it() -> None:
    ident = report_identity(["上海市普陀区财政局\n部门决算"], Path("data/raw/2023/上海市普陀区财政局.pdf"))
    assert (ident.year, ident.year_source) == (2023, "folder")
    assert "year 2023 taken from the folder" in ident.warning


def test_year_and_department_from_the_file_name() -> None:
    ident = report_identity(["部门决算"], Path("downloads/上海市普陀区财政局2022年度部门决算.pdf"))
    assert (ident.department, ident.year) == ("上海市普陀区财政局", 2022)
    assert (ident.department_source, ident.year_source) == ("file name", "file name")


def test_a_year_nothing_gives_is_a_warning() -> None:
    ident = report_identity(["上海市普陀区财政局\n部门决算"], Path("downloads/report.pdf"))
    assert ident.year is None
    assert "unknown-year" in ident.warning


def test_a_budget_titled_only_by_its_tables_is_a_budget() -> None:
    """江苏 2018: 公开01表 收支预算总表 …, and no page says 部门预算."""
    kind = document_kind(["公开01表", "收支预算总表", "部门：江苏省政协办公厅 单位：万元", "公开02表", "收入预算总表"])
    assert kind.kind == "budget" and "收支预算总表" in kind.what


def test_a_final_accounts_report_saying_budget_is_still_final_accounts() -> None:
    kind = document_kind(["2023年度部门决算", "一般公共预算财政拨款支出决算表", "年初预算为939.82万元"])
    assert kind.kind == "final_accounts"


def test_an_unknown_year_is_a_review_reason_the_index_shows(tmp_path) -> None:
    """A report whose year nothing gives is filed under unknown-year/, and the index says so."""
    from analysis.document.identity import Identity
    from analysis.pipeline import DepartmentResult
    from analysis.present.report import IndexEntry, render_index
    from analysis.catalogue import TABLES_COLUMNS, empty_frame

    result = DepartmentResult(pdf=tmp_path / "x.pdf", department="上海市普陀区财政局", year=None, slug="s",
                              out_dir=tmp_path / "unknown-year" / "s", cells=empty_frame([]), tables=empty_frame(TABLES_COLUMNS),
                              identity=Identity("上海市普陀区财政局", None, "cover", ""))
    assert result.review == ["未能读出年度：输出放在 unknown-year/ 下"]
    assert "identity: year not read" in result.summary()
    html = render_index([IndexEntry(department="上海市普陀区财政局", year=None, slug="s", status="ok", review=result.review)])
    assert "待复核：未能读出年度" in html

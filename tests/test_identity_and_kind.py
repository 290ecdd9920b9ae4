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


def test_a_cover_read_by_ocr_one_glyph_off_takes_the_name_its_headings_print() -> None:
    # Putuo's cover scanned: its bold 工 read as ι; the table pages' headings print the name whole
    cover = "中共上海市普陀区委\n社会ι作部2024年度\n部门决算"
    heading = "中共上海市普陀区委社会工作部2024年度部门决算表\n收入支出决算总表"
    pages = [cover, "目录", heading, heading]
    ident = report_identity(pages, Path("x.pdf"), cover_by_ocr=True)
    assert (ident.department, ident.department_source) == ("中共上海市普陀区委社会工作部", "cover")
    twice = cover.replace("ι", "I.")  # 工 read as two characters on another scan of the same page
    assert report_identity([twice, "目录", heading, heading], Path("x.pdf"), cover_by_ocr=True).department == \
        "中共上海市普陀区委社会工作部"
    # on a text layer the cover's own slip is kept, for the department-name check to show
    assert report_identity(pages, Path("x.pdf")).department == "中共上海市普陀区委社会ι作部"
    # one heading is not enough to overrule the cover, nor is a name two characters off
    assert report_identity([cover, heading], Path("x.pdf"), cover_by_ocr=True).department == "中共上海市普陀区委社会ι作部"
    other = heading.replace("社会工作部", "社会事务局")
    assert report_identity([cover, other, other], Path("x.pdf"), cover_by_ocr=True).department == "中共上海市普陀区委社会ι作部"


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


# Other regions' covers, as their reports print them (湖北 武汉, 四川 泸州 2023, 云南 耿马, 陕西 柞水,
# 重庆 丰都 2024, 湖北 曾都 2021, 新疆 乌鲁木齐 2023): the name, the year, and final accounts.
@pytest.mark.parametrize(("cover", "department", "year"), [
    ("武汉市江岸区财政局2023年度部门决算", "武汉市江岸区财政局", 2023),
    ("2023年度泸州市中医医院单位决算", "泸州市中医医院", 2023),
    ("2023年度耿马县审计局决算公开", "耿马县审计局", 2023),
    ("柞水县审计局 2023年部门决算", "柞水县审计局", 2023),
    ("丰都县林业局(本级) 2024 年度决算公开说明", "丰都县林业局(本级)", 2024),
    ("曾都区河道堤防建设管理处 2021 年度决算公开说明", "曾都区河道堤防建设管理处", 2021),
    ("乌鲁木齐市政务服务中心2023年度部门决算公开说明", "乌鲁木齐市政务服务中心", 2023),
    # the title first, the name on the next line
    ("2023年度部门决算\n中共武汉市青山区委办公室\n2024年9月", "中共武汉市青山区委办公室", 2023),
])
def test_other_regions_covers(cover, department, year) -> None:
    ident = report_identity([cover, "第一部分 概况"], Path("x.pdf"))
    assert (ident.department, ident.year) == (department, year)
    assert ident.department_source == "cover" and ident.year_source in ("titles", "cover")
    assert ident.warning == ""  # both read from the report itself
    assert document_kind(cover.splitlines()).kind == "final_accounts"


@pytest.mark.parametrize(("lines", "kind"), [
    (["武汉市江岸区财政局2024年度部门预算"], "budget"),
    (["2024年度耿马县审计局预算公开"], "budget"),
    (["丰都县林业局2025年度预算公开说明"], "budget"),
    # 湖北's budget tables, titled without 预算表
    (["部门收支总表", "部门收入总表", "一般公共预算支出表", "政府性基金预算支出表"], "budget"),
    (["关于武汉市2023年市级决算的报告"], "other"),  # a government's final accounts, not a department's
    (["2023年度部门整体支出绩效自评报告"], "other"),
    (["2023年政府信息公开工作年度报告"], "information_report"),
])
def test_other_regions_negatives_are_still_refused(lines, kind) -> None:
    assert document_kind(lines).kind == kind


@pytest.mark.parametrize("line", ["填报单位：柞水县审计局 单位：万元", "编制单位：柞水县审计局 金额单位：元",
                                  "部门（单位）名称：柞水县审计局"])
def test_the_department_line_under_other_words(line) -> None:
    ident = report_identity(["某某\n2023年度部门决算", f"2023年度收入决算表\n{line}"], Path("x.pdf"))
    assert (ident.department, ident.department_source) == ("柞水县审计局", "tables")

"""Finding tables in page layouts the sample does not have: repeated (续) titles, running page
headers, blank pages, a table printed twice, another form right after a table."""

from __future__ import annotations

from analysis.tables.locate import locate_in_pages
from analysis.document.pdfdoc import PageText

GRID = [(50.0, 150.0, 550.0, 151.0), (50.0, 700.0, 550.0, 701.0)]


def _page(number: int, lines: list[tuple[float, str]], rules=GRID) -> PageText:
    return PageText(
        number=number,
        width=595.0,
        height=842.0,
        chars=[],
        lines=[{"text": t, "x0": 50.0, "top": y, "x1": 300.0, "bottom": y + 10.0} for y, t in lines],
        rules=list(rules),
        char_count=10 * len(lines),
    )


def test_repeated_title_with_xu_continues_the_table():
    pages = [
        _page(1, [(100, "2023年度收入决算表"), (120, "金额单位：万元")]),
        _page(2, [(100, "2023年度收入决算表（续）"), (120, "金额单位：万元"), (720, "注：本表反映部门本年度取得的各项收入情况。")]),
        _page(3, [(100, "2023年度支出决算表"), (720, "注：本表反映部门本年度各项支出情况。")]),
    ]
    loc = locate_in_pages(pages)
    assert loc["income"].pages == [1, 2]
    assert loc["income"].duplicates == []
    assert loc["income"].regions[1].top == 110.0  # below the repeated title
    assert loc["expenditure"].pages == [3]


def test_running_header_and_blank_page_inside_a_table():
    pages = [
        _page(1, [(100, "2023年度支出决算表"), (120, "单位：元")]),
        _page(2, [(20, "— 6 —")], rules=[]),  # blank but for its page number
        _page(3, [(30, "中共武汉市青山区委办公室2023年度部门决算"), (720, "注：本表反映部门本年度各项支出情况。")]),
    ]
    loc = locate_in_pages(pages)["expenditure"]
    assert loc.pages == [1, 3]
    assert (loc.unit, loc.unit_printed) == ("元", True)


def test_a_table_printed_twice_is_read_once_and_reported():
    pages = [
        _page(1, [(100, "财政拨款“三公”经费支出决算表"), (720, "注：本表反映“三公”经费支出预决算情况。")]),
        _page(2, [(100, "2023年度收入决算表"), (720, "注：本表反映部门本年度取得的各项收入情况。")]),
        _page(3, [(100, "财政拨款“三公”经费支出决算表"), (720, "注：本表反映“三公”经费支出预决算情况。")]),
    ]
    loc = locate_in_pages(pages)["three_public"]
    assert loc.pages == [1]
    assert loc.duplicates == [3]


def test_another_form_after_a_table_is_not_taken_as_its_continuation():
    pages = [
        _page(1, [(100, "2023年度财政拨款“三公”经费支出决算表")]),  # no 注 line under it
        _page(2, [(60, "2023 年度部门整体绩效项目自评表")]),
    ]
    assert locate_in_pages(pages)["three_public"].pages == [1]


def test_empty_table_note_is_read_without_page_number():
    pages = [
        _page(
            1,
            [
                (100, "2023年度政府性基金预算财政拨款收入支出决算表"),
                (720, "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"),
                (740, "说明：本部门当年无政府性基金预算财政拨款收入"),
                (755, "支出。"),
                (800, "— 9 —"),
            ],
        )
    ]
    assert locate_in_pages(pages)["gov_fund"].note == "本部门当年无政府性基金预算财政拨款收入支出。"


def _table_page(number: int, title: str, words: str) -> PageText:
    """A table page: its title, one line of header words inside the grid, a 注 below it."""
    return _page(number, [(100, title), (200, words), (720, "注：本表反映部门本年度支出情况。")])


def test_three_public_without_its_quotes_is_not_a_second_expenditure_table():
    # the real failure: 财政拨款“三公”经费支出决算表 whose quote marks the text layer put elsewhere
    pages = [
        _table_page(1, "2024年度支出决算表", "科目编码 科目名称 本年支出合计 基本支出 项目支出"),
        _table_page(2, "2024年度财政拨款三公经费支出决算表", "预算数 合计 因公出国（境）费 公务用车购置及运行维护费 公务接待费"),
    ]
    loc = locate_in_pages(pages)
    assert loc["expenditure"].pages == [1] and loc["expenditure"].duplicates == []
    assert loc["three_public"].pages == [2] and loc["three_public"].confirmed


def test_a_title_whose_table_prints_another_tables_header_words_is_that_table():
    # a known title over a table that is plainly the 三公 table (its words), 三公 titled nowhere else
    pages = [
        _table_page(1, "2024年度支出决算表", "科目编码 科目名称 本年支出合计 基本支出 项目支出"),
        _table_page(2, "2024年度一般公共预算财政拨款支出决算表", "预算数 合计 因公出国（境）费 公务接待费"),
    ]
    loc = locate_in_pages(pages)
    assert loc["three_public"].pages == [2]
    assert loc["three_public"].retitled == "general_budget_expenditure"
    assert loc["general_budget_expenditure"].pages == []


def test_header_words_that_do_not_confirm_the_title_are_noted():
    loc = locate_in_pages([_table_page(1, "2024年度支出决算表", "科目编码 科目名称 决算数")])["expenditure"]
    assert loc.pages == [1] and not loc.confirmed


def test_a_unit_on_the_title_line_is_read():
    loc = locate_in_pages([_page(1, [(100, "2024年度支出决算表  单位：元"), (720, "注：本表反映部门本年度各项支出情况。")])])
    assert loc["expenditure"].pages == [1]
    assert (loc["expenditure"].unit, loc["expenditure"].unit_printed) == ("元", True)


def test_a_unit_printed_inside_the_grid_is_read():
    # an Excel sheet printed to PDF: 单位 in a merged first row of the grid, or in the headers
    merged = [(100, "2024年度支出决算表"), (155, "部门：某局        单位：元"), (720, "注：本表反映部门本年度各项支出情况。")]
    headers = [(100, "2024年度支出决算表"), (160, "项目 本年支出合计（元） 基本支出（元）"), (720, "注：本表反映支出情况。")]
    for lines in (merged, headers):
        loc = locate_in_pages([_page(1, lines)])["expenditure"]
        assert (loc.unit, loc.unit_printed) == ("元", True)


def _empty_fund_page(*below: tuple[float, str]) -> list[PageText]:
    return [_page(1, [(100, "2023年度政府性基金预算财政拨款收入支出决算表"),
                      (720, "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"), *below])]


def test_an_empty_tables_explanation_under_another_word_is_its_note():
    """Other regions say why a table is empty in a 注 / 备注 or a plain line, not a 说明 (the issue's
    本单位无政府性基金…，故本表为空表); the 注 that describes the table is not taken for it."""
    pages = _empty_fund_page((740, "注：本单位无政府性基金预算财政拨款收入，也没有使用政府性基金预算财政"),
                             (755, "拨款安排的支出，故本表为空表。"), (800, "— 9 —"))
    assert locate_in_pages(pages)["gov_fund"].note == (
        "本单位无政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故本表为空表。")
    plain = _empty_fund_page((740, "本部门2023年度没有政府性基金预算财政拨款收支，故本表无数据。"))
    assert locate_in_pages(plain)["gov_fund"].note == "本部门2023年度没有政府性基金预算财政拨款收支，故本表无数据。"
    assert locate_in_pages(_empty_fund_page())["gov_fund"].note == ""  # the describing 注 alone says nothing

"""A table row that a page break splits, as Word, WPS and LibreOffice Writer print a long name:
the rest of the name opens the next page alone, and finishes the row it began (issue 18, found on
a Writer PDF made from a .docx: tests/pdfs/unseen/)."""

from __future__ import annotations

from analysis.tables.grids import CellBox
from analysis.tables.normalise import HEADER, ITEM_ROLE, TextCell, normalise_table
from analysis.tables.specs import SPECS_BY_KEY

SPEC = SPECS_BY_KEY["expenditure"]
# columns: code 40–110, name 110–200, 本年支出合计 200–260, 基本支出 260–320 (points)
COLUMNS = ((40, 110), (110, 200), (200, 260), (260, 320))


def _row(page: int, top: float, *texts: str) -> list[TextCell]:
    return [TextCell(CellBox(page, x0, top, x1, top + 20), text) for (x0, x1), text in zip(COLUMNS, texts) if text]


def _header(page: int) -> list[TextCell]:
    return _row(page, 60, "科目编码", "科目名称", "本年支出合计", "基本支出")


def _split(repeat_header: bool, rest: str) -> list[TextCell]:
    # the seed's 支出决算表: 2101199 其他行政事业单位医疗支出 2.00 | 2.00, then 221 住房保障支出 79.67 | 79.67
    cells = _header(6) + _row(6, 100, "2101103", "公务员医疗补助", "45.49", "45.49")
    cells += _row(6, 760, "2101199", "其他行政事业单位", "2.00", "2.00")
    if repeat_header:
        cells += _header(7)
    cells += _row(7, 100, "", rest) + _row(7, 130, "221", "住房保障支出", "79.67", "79.67")
    return cells


def test_the_rest_of_a_split_name_finishes_its_row() -> None:
    for repeat_header in (False, True):
        cells = _split(repeat_header, "医疗支出")
        records = normalise_table(SPEC, cells, "万元")
        got = {(r["code"], r["item"], r["column"], r["value"]) for r in records}
        assert got == {
            ("2101103", "公务员医疗补助", "total", 45.49), ("2101103", "公务员医疗补助", "basic", 45.49),
            ("2101199", "其他行政事业单位医疗支出", "total", 2.0), ("2101199", "其他行政事业单位医疗支出", "basic", 2.0),
            ("221", "住房保障支出", "total", 79.67), ("221", "住房保障支出", "basic", 79.67),
        }, repeat_header
        rest = next(c for c in cells if c.text == "医疗支出")
        assert rest.role == ITEM_ROLE


def test_a_repeated_header_word_is_not_taken_for_the_rest_of_a_name() -> None:
    cells = _split(True, "科目名称")  # the header's own word, alone under the name column
    records = normalise_table(SPEC, cells, "万元")
    assert {r["item"] for r in records if r["code"] == "2101199"} == {"其他行政事业单位"}
    assert next(c for c in cells if c.text == "科目名称" and c.box.page == 7 and c.box.top == 100).role == HEADER


def test_the_rest_of_a_row_without_figures_lends_its_name_to_no_other_row() -> None:
    # the seed's 财政拨款收入支出决算总表 as Writer broke it: 七、文化旅 | 游体育与传媒支出, a row with no
    # figure; the row read before it (一、一般公共服务支出 939.82) keeps its own name
    spec = SPECS_BY_KEY["expenditure"]
    cells = _header(12) + _row(12, 100, "201", "一般公共服务支出", "939.82", "939.82")
    cells += _row(12, 760, "207", "文化旅", "", "") + _row(13, 100, "", "游体育与传媒支出")
    cells += _row(13, 130, "208", "社会保障和就业支出", "43.66", "43.66")
    records = normalise_table(spec, cells, "万元")
    assert {(r["code"], r["item"]) for r in records} == {("201", "一般公共服务支出"), ("208", "社会保障和就业支出")}
    assert next(c for c in cells if c.text == "游体育与传媒支出").role == ITEM_ROLE

"""The 栏次 row labels a table's columns (栏次 1 2 3 …); it is never data, even when OCR reads its
label half right. Seen on the sample's 收入决算表 read from its picture (Ghostscript-garbled text
layer): 栏次 recognised as 仁次, the row taken for an item whose 1栏 = 2栏 + … + 7栏 failed (1 ≠ 27)."""

from __future__ import annotations

from analysis.tables.grids import CellBox
from analysis.tables.normalise import TextCell, normalise_table
from analysis.tables.specs import SPECS_BY_KEY

SPEC = SPECS_BY_KEY["expenditure"]
# columns: code, name, 本年支出合计, 基本支出, 项目支出 (points)
COLUMNS = ((40, 110), (110, 200), (200, 260), (260, 320), (320, 380))


def _row(top: float, *texts: str) -> list[TextCell]:
    return [TextCell(CellBox(6, x0, top, x1, top + 20), text) for (x0, x1), text in zip(COLUMNS, texts) if text]


def _items(label: str) -> set[tuple[str, str, float]]:
    cells = _row(60, "科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出")
    cells += _row(80, "", label, "1", "2", "3")
    cells += _row(100, "2101103", "公务员医疗补助", "45.49", "45.49", "")  # seed: 支出决算表
    return {(r["item"], r["column"], r["value"]) for r in normalise_table(SPEC, cells, "万元")}


def test_the_column_number_row_is_not_data_whatever_ocr_made_of_its_label() -> None:
    expected = {("公务员医疗补助", "total", 45.49), ("公务员医疗补助", "basic", 45.49)}
    for label in ("栏次", "仁次", "栏欠"):
        assert _items(label) == expected, label


def test_a_named_row_of_small_figures_stays_data() -> None:
    got = _items("其他")  # a real item whose figures happen to be 1, 2, 3
    assert ("其他", "total", 1.0) in got and ("其他", "project", 3.0) in got


def test_a_column_number_read_with_a_rule_s_stroke_is_still_a_column_number() -> None:
    """The 三公 table of the sample rendered with every habit and rewritten by Ghostscript, read by
    OCR: its 栏次 row came back 1 2L 3 … 12, and was taken for data (12 fails on 1, 3, …, 12)."""
    expected = {("公务员医疗补助", "total", 45.49), ("公务员医疗补助", "basic", 45.49)}
    cells = _row(60, "科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出")
    cells += _row(80, "", "栏次", "1", "2L", "3")
    cells += _row(100, "2101103", "公务员医疗补助", "45.49", "45.49", "")
    assert {(r["item"], r["column"], r["value"]) for r in normalise_table(SPEC, cells, "万元")} == expected
    bare = _row(60, "科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出")
    bare += _row(80, "", "", "1", "2L", "3") + _row(100, "2101103", "公务员医疗补助", "45.49", "45.49", "")
    assert {(r["item"], r["column"], r["value"]) for r in normalise_table(SPEC, bare, "万元")} == expected

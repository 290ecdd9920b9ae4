"""A header word with a stray mark in it still names its column (a header read from a picture).

A Ghostscript rewrite of the sample has a garbage text layer, so its pages are read by OCR; the
财政拨款收支总表 prints 行次 as 行 above 次 in a narrow cell, and the recogniser read the 支出 side's
as 行1-次. Its column then had no key, and its row numbers 33–64 were 32 numbers no reading explained.
"""

from __future__ import annotations

from analysis.tables.grids import CellBox
from analysis.tables.normalise import TextCell, _leaves
from analysis.tables.specs import ROW_NO, SPECS_BY_KEY


def _header(*columns: tuple[float, float, str]) -> list[TextCell]:
    return [TextCell(CellBox(7, x0, 100, x1, 130), text) for x0, x1, text in columns]


def test_stray_marks_in_a_header_word_are_not_part_of_it() -> None:
    spec = SPECS_BY_KEY["fiscal_summary"]
    leaves = _leaves(_header((56, 178, "项目"), (178, 197, "行1-次"), (197, 237, "决算数")), spec, [])
    assert [leaf.key for leaf in leaves][:2] == ["item", ROW_NO]
    assert leaves[1].label == "行1-次"  # the label as read: only the key looks past the marks


def test_a_header_that_names_its_column_as_printed_keeps_that_name() -> None:
    spec = SPECS_BY_KEY["fiscal_summary"]
    printed = _leaves(_header((56, 178, "项目"), (178, 197, "行次"), (197, 237, "决算数")), spec, [])
    assert [leaf.key for leaf in printed] == ["item", ROW_NO, "amount"]
    # marks and no words: no column is made up from nothing
    assert _leaves(_header((178, 197, "1-")), spec, [])[0].key is None

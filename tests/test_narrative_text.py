"""Reading order, sentence joining and number normalisation (analysis.document.lines, analysis.prose.sentences): pure functions fed
with hand-written text, so they run without any PDF."""

from __future__ import annotations

import pytest

from analysis.document.lines import group_lines, line_text
from analysis.prose.sentences import (
    normalise_spaces,
    parse_number,
    sentences,
    split_dump_pages,
    to_wanyuan,
)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("1,132.98", 1132.98), ("1132.98", 1132.98), ("0.3", 0.3), ("１００", 100.0), ("18.63", 18.63)],
)
def test_parse_number(printed: str, expected: float) -> None:
    assert parse_number(printed) == pytest.approx(expected)


def test_parse_number_rejects_words() -> None:
    with pytest.raises(ValueError):
        parse_number("XXX")


def test_to_wanyuan_folds_yuan_and_keeps_other_units() -> None:
    assert to_wanyuan(3000.0, "元") == (0.3, "万元")
    assert to_wanyuan(1.5, "亿元") == (15000.0, "万元")
    assert to_wanyuan(18.6, "%") == (18.6, "%")
    assert to_wanyuan(8.0, "辆") == (8.0, "辆")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("下降 18.6 %。", "下降18.6%。"),
        ("2023 年 12月 31日", "2023年12月31日"),
        ("收入合计 1132.98 万元", "收入合计1132.98万元"),
        ("下降１８.６％", "下降18.6%"),
        ("10 11", "10 11"),  # two numbers never merge
    ],
)
def test_normalise_spaces(raw: str, expected: str) -> None:
    assert normalise_spaces(raw) == expected


def test_sentence_joined_across_lines_and_pages_keeps_the_page_of_each_part() -> None:
    pages = [
        (17, "一般公共预算财政拨款支出 307.82 万元，占本年支出合计的"),
        (18, "100.00%。与 2023 年度相比，一般公共预算财政拨款支出增加 307.82\n万元，增长 100.00%。"),
    ]
    got = sentences(pages)
    assert [s.text for s in got] == [
        "一般公共预算财政拨款支出307.82万元，占本年支出合计的100.00%。",
        "与2023年度相比，一般公共预算财政拨款支出增加307.82万元，增长100.00%。",
    ]
    first = got[0]
    assert first.page == 17
    assert first.page_at(first.text.index("307.82")) == 17
    assert first.page_at(first.text.index("100.00")) == 18
    assert got[1].page == 18


def test_headings_and_numbered_items_split_sentences_and_set_context() -> None:
    text = "\n".join([
        "九、财政拨款“三公”经费支出决算情况说明",
        "（二）“三公”经费财政拨款支出决算具体情况说明",
        "1. 因公出国（境）费预算为 0 万元，支出决算为 0 万元，",
        "主要原因是本年度未执行因公出国（境）计划",
        "2. 公务用车购置及运行费支出决算为 10.96万元",
        "— 23 —",
    ])
    got = sentences([(14, text)])
    assert [s.is_heading for s in got] == [True, True, False, False]
    assert got[2].text == "1.因公出国（境）费预算为0万元，支出决算为0万元，主要原因是本年度未执行因公出国（境）计划"
    assert got[3].text == "2.公务用车购置及运行费支出决算为10.96万元"  # the running page number is dropped
    assert got[3].section == "九、财政拨款“三公”经费支出决算情况说明"
    assert got[3].subsection.startswith("（二）")


def test_wrapped_number_line_is_not_a_list_item() -> None:
    """A line starting 1132.98… continues the sentence; only 1. / 1、 / （1） open an item."""
    got = sentences([(10, "其中：财政拨款收入\n1132.98万元，占本年收入 100%。")])
    assert [s.text for s in got] == ["其中：财政拨款收入1132.98万元，占本年收入100%。"]


def test_split_dump_pages_breaks_at_lines_starting_with_a_space() -> None:
    dump = " 第一部分 概况\n正文\n 第二部分 表\n行\n"
    assert split_dump_pages(dump) == [(1, " 第一部分 概况\n正文"), (2, " 第二部分 表\n行")]


def _chars(text: str, x0: float, top: float, size: float = 10.0, gap: float = 0.0) -> list[dict]:
    """A run of characters as a text layer gives them: one box per character, one em tall."""
    out = []
    for i, ch in enumerate(text):
        left = x0 + i * (size + gap)
        out.append({"text": ch, "x0": left, "x1": left + size, "top": top, "bottom": top + size})
    return out


def test_lines_are_read_in_visual_order_even_when_emitted_out_of_order() -> None:
    """WPS/Word can emit the second line (or the right half of a line) first."""
    chars = [*_chars("第二行", 50, 30.0), *_chars("万元。", 90, 10.4), *_chars("总计1132.98", 0, 10.0)]
    lines = [line_text(line) for line in group_lines(chars)]
    assert lines == ["总计1132.98万元。", "第二行"]


def test_digits_on_a_lower_baseline_in_a_larger_font_stay_on_their_line() -> None:
    """ONLYOFFICE: the Latin font's digits sit 3.5 pt lower and are a size larger than the
    Chinese; grouping by equal tops tore them off into a line of their own."""
    chars = [*_chars("本年收入合计", 0, 100.0, 11), *_chars("2946.25", 66, 103.5, 11.5),
             *_chars("万元，", 146.5, 100.0, 11), *_chars("下一行", 0, 120.0, 11)]
    assert [line_text(line) for line in group_lines(chars)] == ["本年收入合计2946.25万元，", "下一行"]


def test_justified_spacing_does_not_split_a_number() -> None:
    """Justified text spreads every character by the same extra space (here 3 pt at 10 pt):
    1132.98 stays one number, and a real word gap (an extra 6 pt) still reads as a space."""
    chars = [*_chars("收入合计1132.98", 0, 0.0, gap=3.0)]
    chars += _chars("10", chars[-1]["x1"] + 9.0, 0.0, gap=3.0)
    assert line_text(group_lines(chars)[0]) == "收入合计1132.98 10"


def test_numbers_in_neighbouring_cells_keep_their_space() -> None:
    """栏次 1 2 3: digits far apart in their own cells are separate numbers."""
    chars = [*_chars("栏次", 0, 0.0), *_chars("1", 60, 0.0), *_chars("2", 100, 0.0), *_chars("3", 140, 0.0)]
    assert line_text(group_lines(chars)[0]) == "栏次 1 2 3"


def test_real_wps_pdf_reads_in_page_order() -> None:
    """The Putuo report (WPS): page 17 opens with its part heading, page 18 with the wrapped 100.00%."""
    from analysis.prose.sentences import read_pages
    from fixtures.documents import PUTUO_PDF as pdf

    pages = dict(read_pages(pdf))
    assert len(pages) == 24
    assert normalise_spaces(pages[17].splitlines()[0]).startswith("第三部分中共上海市普陀区委社会工作部2024年度")
    assert normalise_spaces(pages[18].splitlines()[0]).startswith("100.00%。与2023年度相比")


def test_page_numbers_dropped_but_a_wrapped_bare_figure_kept() -> None:
    pages = [(3, "5\n支出决算为\n21\n万元。\n第 3 页"), (4, "— 4 —\n完成预算的 100%。\n4")]
    assert [s.text for s in sentences(pages)] == ["支出决算为21万元。", "完成预算的100%。"]


def test_the_quarter_em_between_chinese_and_latin_is_not_a_space() -> None:
    """上海市XX局 with Word's auto-spacing (3 pt at 10 pt) around XX reads as printed; a cell gap does not."""
    chars = [*_chars("上海市", 0, 0.0), *_chars("XX", 33, 0.0), *_chars("局", 56, 0.0), *_chars("合计", 100, 0.0)]
    assert line_text(group_lines(chars)[0]) == "上海市XX局 合计"

"""The second opinion on every page's numbers: juesuan's lines against PDFium's own text.

The strings are the failure seen on a real ONLYOFFICE report (issue 12): the digits, on another
baseline, were read as lines of their own. The multiset and even the order of the numbers are
unchanged there; only their neighbours give it away.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.document import pdfdoc
from analysis.document.second_reading import backward_moves, coherence, compare_page
from analysis.pipeline import check_department
from juesuan_dev.synth import RenderOptions, load_description, render_pdf
from analysis.config import SAMPLE_DESCRIPTION

PDFIUM = "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；\r\n其他收入6.2万元，占0.21%。"
TORN = "本年收入合计万元，其中：财政拨款收入万元，占；其他\n2946.25 2940.05 99.79%\n收入万元，占；\n6.2 0.21%"
RIGHT = "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；\n其他收入6.2万元，占0.21%。"


def _line(text: str, top: float, x0: float = 0.0) -> list[dict]:
    return [{"text": ch, "x0": x0 + 10 * i, "x1": x0 + 10 * i + 10, "top": top, "bottom": top + 10}
            for i, ch in enumerate(text)]


def test_numbers_torn_from_their_words_are_reported() -> None:
    chars = _line("本年收入合计", 0) + _line("其他收入", 20)  # drawn in reading order
    page = compare_page(5, TORN, PDFIUM, chars, running_text=True)
    assert not page.missing and not page.extra  # the same numbers …
    assert page.order_checked and not page.agrees  # … but not beside their words
    assert "|2946.25|" in page.evidence() and page.evidence().startswith("p.5:")


def test_the_right_reading_agrees() -> None:
    chars = _line("本年收入合计", 0) + _line("其他收入", 20)
    assert compare_page(5, RIGHT, PDFIUM, chars, running_text=True).agrees


def test_a_split_number_is_reported_on_any_page() -> None:
    page = compare_page(7, "合计 29 46.25", "合计 2946.25", [], running_text=False)
    assert page.missing == ["2946.25"] and page.extra == ["29", "46.25"]
    assert not page.order_checked  # a table page: numbers compared, neighbours not


def test_a_shuffled_stream_compares_numbers_not_neighbours() -> None:
    """Lines drawn bottom first: PDFium's text runs in stream order, so only the multiset counts."""
    chars = _line("第二行", 40) + _line("第一行", 20) + _line("第三行", 60) + _line("第〇行", 0)
    assert backward_moves(chars) > 0
    pdfium = "其他收入6.2万元\r\n本年收入合计2946.25万元，财政拨款收入2940.05万元，占99.79%；占0.21%。"
    chars = chars * 2  # more back-and-forth than a header drawn first explains
    page = compare_page(3, RIGHT, pdfium, chars, running_text=True)
    assert not page.order_checked and page.agrees


def test_glyphs_scrambled_one_by_one_compare_digits() -> None:
    """A stream whose consecutive glyphs are never neighbours has no whole numbers to compare."""
    chars = [{"text": str(i % 10), "x0": 37.0 * i % 400, "x1": 37.0 * i % 400 + 5, "top": 13.0 * i % 300,
              "bottom": 13.0 * i % 300 + 10} for i in range(40)]
    assert coherence(chars) < 0.5
    page = compare_page(4, "合计 2946.25", "4\r\n2 6\r\n9 2.5", chars, running_text=True)
    assert page.compared == "digits" and page.agrees


@pytest.mark.slow
def test_a_misreading_line_builder_is_caught_and_reported(tmp_path, monkeypatch, capsys) -> None:
    """Lines grouped by equal tops (the old reader) on a digit-font rendering: the check warns,
    names the pages, and the department is marked for review."""
    pdf = render_pdf(load_description(SAMPLE_DESCRIPTION), tmp_path / "onlyoffice.pdf",
                     RenderOptions(text_habits=("digit-font",)))
    real = pdfdoc.page_lines

    def by_equal_tops(chars):
        lines = real(chars)
        for line in lines:  # tear the digits of prose off onto a line of their own, as the old reader did
            if "，" not in line.text or "万元" not in line.text:
                continue
            digits = "".join(c["text"] for c in line.chars if c["text"] in "0123456789.%")
            line.text = "".join(c["text"] for c in line.chars if c["text"] not in "0123456789.%") + (
                "\n" + digits if digits else "")
        return lines

    monkeypatch.setattr(pdfdoc, "page_lines", by_equal_tops)
    result = check_department(pdf, tmp_path / "out")
    checks = result.checks.set_index("check_id")
    assert checks.loc["text.second_reading", "status"] == "warn"
    assert "13" in checks.loc["text.second_reading", "pages"].split(";")
    assert any("PDFium" in r for r in result.review)
    assert "differ from PDFium's text" in result.summary()
    meta = (Path(result.out_dir) / "meta.json").read_text(encoding="utf-8")
    assert '"pages_differing_from_pdfium": [' in meta and '"review": [\n    "' in meta


@pytest.mark.real
@pytest.mark.slow
def test_real_reports_agree_with_pdfium_on_every_page(putuo_pdf, tmp_path) -> None:
    """Putuo 2024 (WPS, digits on a baseline 1.7 pt off the Chinese): every page's numbers agree,
    and every amount and percentage of its narrative is a fact."""
    result = check_department(putuo_pdf, tmp_path)
    assert len(result.reading) == 24 and result.reading["agrees"].all(), result.reading.to_string()
    assert result.coverage.unexplained.empty and result.coverage.figures > 80
    assert (result.department, result.year) == ("中共上海市普陀区委社会工作部", 2024)
    assert result.review == []


def test_pdfium_text_broken_after_every_glyph_compares_digits() -> None:
    """PDFium sometimes puts each glyph of a glyph-by-glyph page on a line of its own: its text
    then has no whole numbers, and only the digits can be compared."""
    ours = "合计 11867.53 11867.53 信息化建设 252.76"
    theirs = "\r\n".join(ch for ch in ours if not ch.isspace())
    chars = _line(ours.replace(" ", ""), 0)
    page = compare_page(5, ours, theirs, chars, running_text=False)
    assert page.compared == "digits" and page.agrees

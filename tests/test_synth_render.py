"""The rendered PDF: text layer, ruled grids, page layout, and what each layout option changes.

Expected strings are the seed's own figures (1132.98 万元 = 11329800.00 元), written by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from analysis.config import SAMPLE_DESCRIPTION, SAMPLE_PDF
from juesuan_dev.synth import Department, PageBreakSpec, RenderOptions, load_description, render_pdf
from juesuan_dev.synth.edit import replace_text, set_cell

TITLES = [
    "2023年度收入支出决算总表", "2023年度收入决算表", "2023年度支出决算表", "2023年度财政拨款收入支出决算总表",
    "2023年度一般公共预算财政拨款支出决算表", "2023年度一般公共预算财政拨款基本支出决算明细表",
    "2023年度政府性基金预算财政拨款收入支出决算表", "2023年度国有资本经营预算财政拨款支出决算表",
    "2023年度财政拨款“三公”经费支出决算表",
]
ONLY_INCOME = RenderOptions(omit_tables=("summary", "expenditure", "fiscal_summary", "general_budget_expenditure",
                                         "basic_expenditure", "gov_fund", "soe_capital", "three_public"))


@pytest.fixture(scope="module")
def dept() -> Department:
    return load_description(SAMPLE_DESCRIPTION)


@pytest.fixture(scope="module")
def sample_pdf(dept: Department, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_pdf(dept, tmp_path_factory.mktemp("synth") / "sample.pdf")


def _pages(pdf: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(pdf).pages]


def _page_of(pages: list[str], needle: str) -> int:
    return next(i for i, t in enumerate(pages) if needle in t)


def _render(dept: Department, tmp_path: Path, options: RenderOptions, name: str = "v.pdf") -> list[str]:
    return _pages(render_pdf(dept, tmp_path / name, options))


def test_text_layer_has_titles_numbers_and_footers(sample_pdf: Path) -> None:
    pages = _pages(sample_pdf)
    text = "\n".join(pages)
    for title in TITLES:
        assert title in text
    for token in ("公开01表", "公开09表", "部门：中共武汉市青山区委办公室", "金额单位：万元", "964.80", "82.56",
                  "机关事业单位基本养老保险缴费", "1004.99", "说明：本部门当年无国有资本经营预算财政拨款支出。",
                  "部门名称政府采购支出总额17.93万元", "总分", "第五部分 名词解释"):
        assert token in text, token
    assert "— 4 —" in pages[3]
    assert "— " not in pages[0]  # the cover has no page number


def test_wide_tables_on_landscape_pages(sample_pdf: Path) -> None:
    reader = PdfReader(sample_pdf)
    pages = [p.extract_text() or "" for p in reader.pages]
    for title, landscape in (("2023年度收入决算表", True), ("2023年度三", None), ("2023年度收入支出决算总表", False)):
        if landscape is None:
            continue
        box = reader.pages[_page_of(pages, title)].mediabox
        assert (box.width > box.height) is landscape, title
    box = reader.pages[_page_of(pages, "“三公”经费支出决算表")].mediabox
    assert box.width > box.height


def test_grids_are_ruled(sample_pdf: Path) -> None:
    """pdfplumber's lines strategy finds each table with its printed rows x columns."""
    pages = _pages(sample_pdf)
    expected = {  # header rows + 栏次 row + body rows, printed columns (counted on the seed)
        "2023年度收入支出决算总表": (2 + 1 + 31, 6),
        "2023年度收入决算表": (3 + 1 + 19, 9),
        "2023年度财政拨款收入支出决算总表": (3 + 1 + 32, 9),
        "2023年度一般公共预算财政拨款基本支出决算明细表": (2 + 29, 9),
        "“三公”经费支出决算表": (3 + 1 + 1, 12),
    }
    with pdfplumber.open(sample_pdf) as pdf:
        for title, shape in expected.items():
            tables = pdf.pages[_page_of(pages, title)].find_tables()
            assert [(len(t.rows), len(t.rows[0].cells)) for t in tables] == [shape], title


def test_rendering_is_deterministic(dept: Department, sample_pdf: Path, tmp_path: Path) -> None:
    again = render_pdf(dept, tmp_path / "again.pdf")
    assert again.read_bytes() == sample_pdf.read_bytes()


def test_committed_sample_pdf_is_current(sample_pdf: Path) -> None:
    """data/raw holds the render of data/sample: re-run `juesuan render` when this fails."""
    assert _pages(SAMPLE_PDF) == _pages(sample_pdf)


def test_split_codes_prints_three_code_columns(dept: Department, tmp_path: Path) -> None:
    pdf = render_pdf(dept, tmp_path / "split.pdf", RenderOptions(split_codes=True, omit_tables=ONLY_INCOME.omit_tables))
    with pdfplumber.open(pdf) as doc:
        page = next(p for p in doc.pages if "收入决算表" in (p.extract_text() or ""))
        words = [w["text"] for w in page.extract_words()]
    assert {"210", "11", "01", "类", "款", "项"} <= set(words)
    assert "2101101" not in words


def test_unit_yuan_multiplies_and_says_so(dept: Department, tmp_path: Path) -> None:
    text = "\n".join(_render(dept, tmp_path, RenderOptions(unit="元")))
    assert "11329800.00" in text and "金额单位：元" in text and "9648000.00" in text
    assert "金额单位：万元" not in text


def test_titles_numbers_omission_and_order(dept: Department, tmp_path: Path) -> None:
    opts = RenderOptions(title_variants={"summary": "部门收支决算总表"}, table_numbers=False,
                         omit_tables=("three_public",), table_order=("income", "summary"))
    pages = _render(dept, tmp_path, opts)
    text = "\n".join(pages)
    assert "2023年度部门收支决算总表" in text and "2023年度收入支出决算总表" not in text
    assert "公开0" not in text
    assert "“三公”经费支出决算表" not in text.split("第三部分")[0].split("第二部分")[-1]
    assert _page_of(pages, "2023年度收入决算表") < _page_of(pages, "2023年度部门收支决算总表")


def test_page_break_inside_a_table(dept: Department, tmp_path: Path) -> None:
    plain = _render(dept, tmp_path, ONLY_INCOME, "plain.pdf")
    repeat = _render(dept, tmp_path, RenderOptions(omit_tables=ONLY_INCOME.omit_tables,
                                                   page_break_inside=(PageBreakSpec("income", 8),)), "repeat.pdf")
    blank = _render(dept, tmp_path, RenderOptions(omit_tables=ONLY_INCOME.omit_tables,
                                                  page_break_inside=(PageBreakSpec.parse("income:8:norepeat:blank"),)), "blank.pdf")
    start = _page_of(repeat, "2023年度收入决算表")
    assert len(repeat) == len(plain) + 1 and len(blank) == len(plain) + 2
    # after_row counts body rows from the 合计 line: 合计, 201, 20131, 4 项, 208 | 20805 …
    assert "208" in re.findall(r"\d+", repeat[start]) and "20805" not in repeat[start]
    assert "本年收入合计" in repeat[start + 1] and "2023年度收入决算表" not in repeat[start + 1]
    assert "20805" in repeat[start + 1]
    assert re.sub(r"\s", "", blank[start + 1]) == f"—{start + 2}—"  # the blank page keeps its number
    assert "20805" in blank[start + 2] and "本年收入合计" not in blank[start + 2]


def test_no_landscape_keeps_every_page_portrait(dept: Department, tmp_path: Path) -> None:
    pdf = render_pdf(dept, tmp_path / "portrait.pdf", RenderOptions(landscape=False))
    assert all(p.mediabox.height > p.mediabox.width for p in PdfReader(pdf).pages)


def test_planted_changes_reach_the_pdf_and_leave_the_original(dept: Department, tmp_path: Path) -> None:
    changed = set_cell(dept, "income", "total", "939.83", code="201")
    changed = replace_text(changed, "下降 18.6 %", "下降 28.6 %")
    text = "\n".join(_render(changed, tmp_path, RenderOptions()))
    assert "939.83" in text and "下降 28.6 %" in text
    income_201 = next(r for r in dept.table("income").panels[0].rows if r.code == "201")
    assert income_201.values["total"] == "939.82"
    with pytest.raises(LookupError):
        replace_text(dept, "no such sentence", "x")
    with pytest.raises(LookupError):
        set_cell(dept, "income", "total", "1", code="999")


def test_long_numbers_widen_their_columns_instead_of_spilling(dept: Department, tmp_path: Path) -> None:
    """In 元 the narrow 决算数 columns of the portrait 04表 must still hold 11329800.00 whole in one cell."""
    pdf = render_pdf(dept, tmp_path / "yuan.pdf", RenderOptions(unit="元", landscape=False, omit_tables=(
        "summary", "income", "expenditure", "general_budget_expenditure", "basic_expenditure", "gov_fund",
        "soe_capital", "three_public")))
    with pdfplumber.open(pdf) as doc:
        page = next(p for p in doc.pages if "财政拨款收入支出决算总表" in (p.extract_text() or ""))
        rows = page.find_tables()[0].extract()
    total = next(r for r in rows if r[0] == "总计")
    assert total[2] == "11329800.00" and total[-4:] == ["11329800.00", "11329800.00", "", ""]


@pytest.mark.slow
def test_tabula_lattice_reads_the_grids(sample_pdf: Path) -> None:
    """tabula's lattice mode (ruling lines) sees each grid with its printed rows x columns."""
    tabula = pytest.importorskip("tabula")
    pages = _pages(sample_pdf)
    expected = {"2023年度收入支出决算总表": (34, 6), "2023年度收入决算表": (23, 9),
                "2023年度一般公共预算财政拨款基本支出决算明细表": (31, 9), "“三公”经费支出决算表": (5, 12)}
    for title, shape in expected.items():
        frames = tabula.read_pdf(str(sample_pdf), pages=_page_of(pages, title) + 1, lattice=True, silent=True,
                                 pandas_options={"header": None})
        assert [f.shape for f in frames] == [shape], title

"""What the producers are given (juesuan_dev.synth.html, .workbook) and, once per program, that the
producers' own software still makes the corpus (tests/pdfs/producers): skipped, saying which
program, only where that program is not installed.

Expected values are the seed's (the sample's 公开01表 … 09表): 1132.98 is 本年支出合计, 964.80 人员经费合计
printed with its trailing zero, nine titles, two tables printed empty with their 说明.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.config import SAMPLE_DESCRIPTION, SAMPLE_PDF
from juesuan_dev.synth import RenderOptions, load_description
from juesuan_dev.synth.html import grid_rows, report_html
from juesuan_dev.synth.producers import ProducerMissing, produce, program
from juesuan_dev.synth.workbook import tables_workbook

NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "一般公共预算财政拨款基本支出决算明细表", "政府性基金预算财政拨款收入支出决算表",
          "国有资本经营预算财政拨款支出决算表", "财政拨款“三公”经费支出决算表"]


@pytest.fixture(scope="module")
def sample():
    return load_description(SAMPLE_DESCRIPTION)


def test_merged_cells_are_spans_and_the_covered_cells_left_out():
    rows = grid_rows([["收入", "", "支出"], ["项目", "金额", "金额"]], [(0, 0, 1, 0), (2, 0, 2, 1)], "th")
    assert rows[0] == '<tr><th colspan="2">收入</th><th rowspan="2">支出</th></tr>'
    assert rows[1] == "<tr><th>项目</th><th>金额</th></tr>"


def test_the_html_report_holds_the_text_tables_and_self_evaluation(sample):
    html = report_html(sample)
    for title in TITLES:
        assert f"2023年度{title}</p>" in html, title
    assert "964.80" in html and "1132.98" in html
    assert "本部门当年无政府性基金预算财政拨款收入支出。" in html
    assert "第三部分 2023年度部门决算情况说明</h1>" in html and "2023 年度部门整体绩效项目自评表" in html
    # every part and table starts a page, for browsers and for Writer alike
    assert html.count("style='page-break-before: always'") == html.count("class='page") > 9


def test_the_html_honours_render_options(sample):
    html = report_html(sample, RenderOptions(blank_columns={"three_public": ("actual_*",)}, table_numbers=False))
    assert "10.96</td>" not in html.split("“三公”经费支出决算表")[-1]  # 决算数 blank in the table
    assert "公开01表" not in html


def test_the_workbook_is_one_sheet_per_table_with_numbers_as_numbers(sample):
    root = ET.fromstring(tables_workbook(sample))
    sheets = root.findall(".//table:table", NS)
    assert [s.get(f"{{{NS['table']}}}name") for s in sheets] == [f"公开0{i}表" for i in range(1, 10)]
    titles = ["".join(s.find(".//text:p", NS).itertext()) for s in sheets]
    assert titles == [f"2023年度{t}" for t in TITLES]
    value = f"{{{NS['office']}}}value"
    numbers = {(c.get(value), "".join(c.itertext())) for c in root.iter(f"{{{NS['table']}}}table-cell") if c.get(value)}
    assert ("964.80", "964.80") in numbers and ("1132.98", "1132.98") in numbers
    assert "情况说明" not in ET.tostring(root, encoding="unicode")  # the tables alone
    for sheet in sheets:  # every row spans the same columns (spans and covered cells agree)
        width = len(sheet.findall("table:table-column", NS))
        for row in sheet.findall("table:table-row", NS):
            cells = [c for c in row if c.tag.endswith("table-cell") or c.tag.endswith("covered-table-cell")]
            assert len(cells) == width


def _regenerate(producer: str, tmp_path, **kwargs):
    try:
        program(producer)
    except ProducerMissing as exc:
        pytest.skip(str(exc))
    return produce(producer, tmp_path / f"{producer}.pdf", **kwargs)


def _pdf(path):
    doc = pdfium.PdfDocument(path)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return doc.get_metadata_dict().get("Producer", ""), len(doc), text


@pytest.mark.slow
def test_chromium_still_prints_the_report(tmp_path, sample):
    producer, pages, text = _pdf(_regenerate("chromium", tmp_path, dept=sample))
    assert producer.startswith("Skia/PDF") and pages > 15
    assert "中共武汉市青山区委办公室" in text and "1132.98" in text


@pytest.mark.slow
def test_libreoffice_calc_still_prints_the_tables_alone(tmp_path, sample):
    producer, pages, text = _pdf(_regenerate("libreoffice-calc", tmp_path, dept=sample))
    assert producer.startswith("LibreOffice") and 9 <= pages <= 12
    assert "964.80" in text and "情况说明" not in text


@pytest.mark.slow
def test_ghostscript_still_rewrites_a_pdf(tmp_path):
    producer, pages, text = _pdf(_regenerate("ghostscript-old", tmp_path, source_pdf=SAMPLE_PDF))
    assert producer.startswith("GPL Ghostscript") and pages == len(pdfium.PdfDocument(SAMPLE_PDF))
    assert "1132.98" in text


def test_render_names_the_producers_it_knows(tmp_path):
    out = tmp_path / "x.pdf"
    done = CliRunner().invoke(app, ["render", str(SAMPLE_DESCRIPTION), "--out", str(out), "--producer", "word"])
    assert done.exit_code == 2 and not out.exists()
    assert "unknown producer 'word'" in done.output and "libreoffice-calc" in done.output

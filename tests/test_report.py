"""HTML escapes everything that came from a PDF, and the exported report shows no code."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pandas as pd

from analysis.present import report
from analysis.present.loader import DepartmentData
from analysis.catalogue import CHECKS_COLUMNS, conform

EVIL = "<script>alert(1)</script>"


def _entry(**kw) -> report.IndexEntry:
    base = dict(department=EVIL, year=2023, slug="script-alert-1-script", status="ok", report="2023/x.html",
                figures={"total_expenditure": 1132.98, "verdict": "fail", "checks_fail": 1},
                failures=[{"check_id": "c<1>", "status": "fail", "description": "a check / English",
                           "label_zh": "<img src=x onerror=alert(2)>", "category": "table",
                           "expected": 1.0, "actual": 2.0, "pages": "3", "detail": '“"quoted" & {braces}”'}])
    base.update(kw)
    return report.IndexEntry(**base)


def test_index_escapes_department_and_failures(tmp_path: Path):
    failed = _entry(department="坏<b>部门</b>", slug="bad", status="failed", reason="NotAPdfError: <html> is not a PDF",
                    report="", notebook="2023/bad.ipynb")
    path = report.write_index([_entry(), failed], tmp_path / "index.html")
    text = path.read_text(encoding="utf-8")
    assert EVIL not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img" not in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "<b>部门</b>" not in text and "坏&lt;b&gt;部门&lt;/b&gt;" in text
    assert "NotAPdfError: &lt;html&gt; is not a PDF" in text
    assert "不是可读的 PDF 文件" in text  # the reason's gist in Chinese, the reason itself beside it
    assert 'href="2023/bad.ipynb"' in text and 'href="2023/x.html"' in text
    assert "1,132.98" in text and "失败 1" in text


def test_fragments_escape():
    data = DepartmentData(department=EVIL, year=2023, slug="s", out_dir=Path("/tmp/s"), cells=pd.DataFrame(),
                          tables=pd.DataFrame(), narrative=pd.DataFrame(), performance=pd.DataFrame(),
                          checks=pd.DataFrame())
    assert EVIL not in report.heading(data)._repr_html_()
    checks = conform(pd.DataFrame([{"check_id": "x", "category": "table", "status": "fail", "description": EVIL,
                                    "label_zh": EVIL, "expected": 1, "actual": 2, "pages": "4"}]), CHECKS_COLUMNS)
    html = report.failures_table(checks)._repr_html_()
    assert EVIL not in html and "&lt;script&gt;" in html and "应为" in html
    assert "没有不符" in report.failures_table(checks.iloc[0:0])._repr_html_()
    assert EVIL not in report.figures_table({"verdict": EVIL})._repr_html_()
    found = report.findings({"total_expenditure": 10.0, "basic": 6.0, "project": 4.0, "basic_share_pct": 60.0}, checks)
    assert EVIL not in found._repr_html_() and "本年支出合计 10.00 万元" in found._repr_html_()
    assert "不符 1 项" in found._repr_html_()


def test_notebook_html_hides_code_and_keeps_escaping():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("secret_code_marker = 1\nreport.heading(data)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<h1>&lt;script&gt;</h1>",
                                                                 "text/plain": "<HTML fragment>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# 标题"), cell]
    html = report.notebook_to_html(nb, title="slug")
    assert "secret_code_marker" not in html
    assert "<h1>&lt;script&gt;</h1>" in html and "<script>alert" not in html
    assert "标题" in html


def test_exported_page_is_nbconvert_s_own_without_its_second_pass():
    """report_exporter skips HTMLExporter's BeautifulSoup pass for speed: parsed the same way, the
    page must be exactly the page nbconvert's own exporter writes (same template and settings)."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    png = base64.b64encode(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                         "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()
    cell = nbformat.v4.new_code_cell("charts.three_public(data.cells, data.department)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
                    nbformat.v4.new_output("stream", name="stdout", text="读出 186 个数 & <未解释> 0\n"),
                    nbformat.v4.new_output("execute_result", data={"text/html": "<table><tr><td>一般公共服务支出</td></tr></table>",
                                                                   "text/plain": "x"}, execution_count=1)]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 中共武汉市青山区委办公室\n\n**“三公”经费** ¶ — 𠀀 & <b>粗</b>"), cell]
    ours = report.notebook_to_html(nb, title="slug")
    theirs = HTMLExporter(template_name="lab", extra_template_paths=[str(report.TEMPLATES_DIR)],
                          template_file="report.html.j2", language_code="zh")
    theirs.exclude_input = theirs.exclude_input_prompt = theirs.exclude_output_prompt = True
    expected, _ = theirs.from_notebook_node(nb, resources={"metadata": {"name": "slug"}})
    assert str(BeautifulSoup(ours, features="html.parser")) == expected
    assert "中共武汉市青山区委办公室" in ours and "&#20013;" not in ours  # as characters, as nbconvert's page has them
    assert ours.count('tabindex="0"') == expected.count('tabindex="0"') == 4  # the markdown cell and the 3 outputs
    assert 'alt="“三公”经费预算数与决算数对比图' in ours


def test_fmt_number():
    assert report.fmt_number(1132.98, "万元") == "1,132.98 万元"
    assert report.fmt_number(float("nan"), "万元") == "—"
    assert report.fmt_number(None) == "—"
    assert report.fmt_number(88.68, "%") == "88.7 %"

"""Issue 20 (and 21): the department report needs nothing from outside. nbconvert's lab template
loads require.js, MathJax and mermaid from public CDNs; the report must carry no script or
stylesheet from the network, and each chart carries Chinese alt text, not nbconvert's none.
"""

from __future__ import annotations

import base64
import io
import re

import nbformat
from PIL import Image

from analysis.present.report import notebook_to_html


def _png() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _executed_notebook() -> nbformat.NotebookNode:
    """A report notebook as papermill leaves it: headings, chart cells with their PNG outputs."""
    nb = nbformat.v4.new_notebook()
    png = {"image/png": _png(), "text/plain": "<Figure size 900x500 with 1 Axes>"}
    chart = nbformat.v4.new_code_cell("charts.three_public(data.cells, data.department)")
    chart.outputs = [nbformat.v4.new_output("display_data", data=png)]
    loop = nbformat.v4.new_code_cell('for scope in dict.fromkeys(data.performance["scope"]):\n'
                                     '    display(charts.performance(data.performance, scope))')
    loop.outputs = [nbformat.v4.new_output("display_data", data=png) for _ in range(2)]
    unknown = nbformat.v4.new_code_cell("fig")
    unknown.outputs = [nbformat.v4.new_output("execute_result", data=png, execution_count=1)]
    nb.cells = [nbformat.v4.new_markdown_cell("## “三公”经费\n\n预算数与决算数。"), chart,
                nbformat.v4.new_markdown_cell("## 绩效自评"), loop,
                nbformat.v4.new_markdown_cell("## 勾稽核对"), unknown]
    return nb


def test_the_report_loads_no_script_or_stylesheet_from_the_network():
    page = notebook_to_html(_executed_notebook(), "某局")
    assert not re.search(r"""<script[^>]*\ssrc\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"""<link[^>]*\shref\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"""import\(\s*["'](https?:)?//""", page)  # no module loaded from a CDN either
    assert not re.search(r"""url\(\s*["']?(https?:)?//""", page) and "@import" not in page  # fonts, images: inline
    assert '<html lang="zh">' in page
    assert "require.js" not in page and "MathJax" not in page and "mermaid" not in page.lower()


def test_each_chart_has_chinese_alt_text():
    page = notebook_to_html(_executed_notebook(), "某局")
    images = re.findall(r"<img\b[^>]*>", page)
    assert all('src="data:image/png;base64,' in img for img in images)  # embedded, not linked
    alts = [re.search(r'\salt="([^"]*)"', img).group(1) for img in images]
    assert alts == ["“三公”经费预算数与决算数对比图",
                    "绩效自评指标得分图：各项三级指标的得分（第 1 幅）", "绩效自评指标得分图：各项三级指标的得分（第 2 幅）",
                    "勾稽核对图表"]  # a chart the table does not know: named by its section

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


def test_the_report_and_the_index_carry_a_chinese_font_for_a_machine_without_one(tmp_path):
    """A browser draws a page with the reader's fonts, and a machine without a Chinese one (a fresh
    Linux, a container's Chromium) drew every character blank. Each page names the font the report
    carries, beside it in assets/, after the readers' usual Chinese fonts; the font has every
    character the pages print."""
    from fontTools.ttLib import TTFont

    from analysis.present import report

    page = report.export_html(_write(tmp_path / "nb.ipynb", _executed_notebook()), tmp_path / "2023" / "甲局.html")
    index = report.write_index([report.IndexEntry(department="中共武汉市青山区委办公室", year=2023, slug="a",
                                                  status="ok", report="2023/甲局.html",
                                                  figures={"verdict": "pass", "total_expenditure": 1132.98})],
                               tmp_path / "index.html")
    for html_path in (page, index):
        text = html_path.read_text(encoding="utf-8")
        face = re.search(r'@font-face \{ font-family: "juesuan CJK"; src: url\("([^"]+)"\)', text)
        assert face, html_path
        font_file = html_path.parent / face.group(1)
        assert font_file.is_file()
        stacks = re.findall(r"font-family: ([^;}]+)", text)
        assert any('"Microsoft YaHei", "juesuan CJK"' in s for s in stacks)  # theirs first, ours after
        cmap = dict(TTFont(str(font_file)).getBestCmap())
        for carried in re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", text):  # rarer characters
            cmap.update(TTFont(io.BytesIO(base64.b64decode(carried))).getBestCmap())
        shown = set(re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>|data:[^\"']+", "", text, flags=re.S))
        missing = {c for c in shown if ord(c) > 0x7F and ord(c) not in cmap and not c.isspace()}
        assert not missing, sorted(missing)
        assert sum("\u4e00" <= c <= "\u9fff" for c in shown) >= 10  # the page prints Chinese to check


def _write(path, nb):
    nbformat.write(nb, str(path))
    return path


def test_a_character_outside_the_reports_font_comes_with_the_page(tmp_path):
    """埇 (宿州市埇桥区) is not in GB 2312, so not in assets/juesuan-cjk.woff: the page carries a font
    for it (and only it) under the same family, and a page without such a character carries none."""
    from fontTools.ttLib import TTFont

    from analysis.present import report

    def index(name: str) -> str:
        entry = report.IndexEntry(department=name, year=2023, slug="a", status="ok", report="2023/a.html",
                                  figures={"verdict": "pass", "total_expenditure": 1.0})
        return report.write_index([entry], tmp_path / "index.html").read_text(encoding="utf-8")

    assert "unicode-range" not in index("中共武汉市青山区委办公室")
    page = index("宿州市埇桥区财政局")
    assert ord("埇") not in TTFont(str(tmp_path / "assets" / "juesuan-cjk.woff")).getBestCmap()
    face = re.search(r'font-family: "juesuan CJK"; src: url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\) '
                     r'format\("woff"\); unicode-range: ([^;]+);', page)
    assert face and face.group(2) == "U+57C7"
    carried = TTFont(io.BytesIO(base64.b64decode(face.group(1)))).getBestCmap()
    assert ord("埇") in carried

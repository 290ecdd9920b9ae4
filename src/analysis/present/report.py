"""HTML for readers: the report notebook's escaped fragments, the notebook → HTML export, the index.

Every string that came out of a PDF (department names, 科目名称, check details, error messages)
is untrusted: a department called `<script>…` must show as text. Fragments shown inside the
notebook are built with `html.escape`/pandas' escaping; the index is rendered by a jinja2
environment with autoescape on; the exported report hides code (readers want the findings).
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..labels import CATEGORY_ZH, STATUS_ZH, failure_zh, reading_zh
from ..fonts import WEBFONT_NAME, cjk_webfont, webfont_supplement
from ..outputs import write_atomic, write_text_atomic
from .loader import DepartmentData, failures

if TYPE_CHECKING:
    from .evidence import DepartmentEvidence

TEMPLATES_DIR = Path(__file__).with_name("templates")

FIGURE_LABELS = [
    ("total_income", "本年收入合计", "万元"),
    ("total_expenditure", "本年支出合计", "万元"),
    ("basic", "基本支出", "万元"),
    ("project", "项目支出", "万元"),
    ("basic_share_pct", "基本支出占比", "%"),
    ("personnel", "人员经费", "万元"),
    ("public", "公用经费", "万元"),
    ("three_public_budget", "“三公”经费预算数", "万元"),
    ("three_public_actual", "“三公”经费决算数", "万元"),
    ("performance_score", "部门整体绩效自评总分", "分"),
]
VERDICT_LABELS = {"pass": "全部通过", "review": "待复核", "warn": "有警告", "fail": "有不符", "unchecked": "未核对",
                  "failed": "运行失败", "missing": "未运行"}


class Html:
    """A ready, escaped HTML fragment that Jupyter displays as HTML (and nbconvert keeps as is)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain fallback must not echo raw markup either
        return "<HTML fragment>"


# the index line a report's findings publish for the batch runner (batch/index.py reads it back)
INDEX_LINE_MIME = "application/vnd.juesuan.index-line+json"


class Published(Html):
    """An HTML fragment that also carries data for the batch, under a type no reader's view shows.

    The batch's index line needs the key figures and the failed checks the findings cell has just
    computed; reading them from the executed notebook saves the worker reading the whole tidy
    folder back and computing them again (0.066 s CPU a department, a third of a worker's share).
    nbconvert renders the HTML; a custom type is in no template's list, so the page is unchanged.
    """

    def __init__(self, markup: str, data: Mapping[str, object]) -> None:
        super().__init__(markup)
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle: dict = {"text/html": self.markup}
        try:  # JSON inside JSON: figures hold NaN (a figure not printed), which JSON proper cannot
            bundle[INDEX_LINE_MIME] = {"line": json.dumps(self.data, ensure_ascii=False, allow_nan=True, default=_native)}
        except (TypeError, ValueError):
            pass  # a value JSON cannot hold: the batch reads the tidy folder instead, as it can always
        return bundle


def _native(value: object) -> object:
    """A numpy scalar as the Python number it holds (the same value, JSON-able)."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not published")


def fmt_number(value: object, unit: str = "") -> str:
    """1,132.98 万元; '—' for a figure the report does not print."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "—"
    if math.isnan(v):
        return "—"
    text = f"{v:,.1f}" if unit == "%" else (f"{v:g}" if unit in {"分", "项"} else f"{v:,.2f}")
    return f"{text} {unit}".strip()


def heading(data: DepartmentData) -> Html:
    """The report's title, carrying the department's name and year (escaped: it is PDF text)."""
    year = f"{data.year} 年度" if data.year else ""
    return Html(f"<h1>{html.escape(data.department)} {year}部门决算分析</h1>"
                f"<p>数据目录：<code>{html.escape(str(data.out_dir.name))}</code></p>")


def figures_table(figures: Mapping[str, object]) -> Html:
    """Key figures as a two-column table."""
    rows = "".join(f"<tr><th>{html.escape(label)}</th><td>{html.escape(fmt_number(figures.get(key), unit))}</td></tr>"
                   for key, label, unit in FIGURE_LABELS)
    verdict = VERDICT_LABELS.get(str(figures.get("verdict")), str(figures.get("verdict")))
    rows += f"<tr><th>勾稽核对</th><td>{html.escape(verdict)}（通过 {figures.get('checks_pass', 0)}，" \
            f"警告 {figures.get('checks_warn', 0)}，不符 {figures.get('checks_fail', 0)}）</td></tr>"
    rows += f"<tr><th>表格数字读取</th><td>{html.escape(numbers_text(figures))}</td></tr>"
    if figures.get("ocr_values") or figures.get("ocr_pages"):
        rows += f"<tr><th>OCR 识别</th><td>{html.escape(ocr_text(figures))}</td></tr>"
    return Html(f'<table class="key-figures">{rows}</table>')


def ocr_text(figures: Mapping[str, object]) -> str:
    """OCR 识别 N 个数值，勾稽核实 M 个，可能误读 K 个 (and the pages, with why)."""
    text = (f"{figures.get('ocr_pages') or '部分页面'}由图像识别：表格数值 {int(figures.get('ocr_values') or 0)} 个，"
            f"经勾稽关系核实 {int(figures.get('ocr_confirmed') or 0)} 个")
    doubted = int(figures.get("ocr_possible_misreading") or 0)
    return text + (f"，可能误读 {doubted} 个，需对照原图复核（见“OCR 识别与算术核实”）" if doubted else "，无可能误读的数值")


def numbers_text(figures: Mapping[str, object]) -> str:
    """The table figures read and the numbers unexplained (then the report needs review), and what
    the other printed numbers are."""
    printed, read = int(figures.get("numbers_printed") or 0), int(figures.get("numbers_read") or 0)
    unexplained = int(figures.get("numbers_unexplained") or 0)
    text = reading_zh(figures) + ("，需人工复核" if unexplained else "")
    others = printed - read - unexplained
    if others > 0:
        text += f"；另有 {others} 个印刷数字是编码、行次/栏次、日期、页码等（见 unread.csv）"
    return text


def findings(figures: Mapping[str, object], checks: pd.DataFrame) -> Published:
    """The report's findings in plain sentences, from the key figures and the failed checks.

    Written from numbers, not from PDF text, except the check descriptions, which are escaped.
    Published with them: the figures and failed checks, the batch's index line (Published).
    """
    def f(key: str, unit: str = "万元") -> str:
        return fmt_number(figures.get(key), unit)

    def ok(key: str) -> bool:
        try:
            return not math.isnan(float(figures.get(key)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False

    items = []
    if ok("total_expenditure"):
        text = f"本年支出合计 {f('total_expenditure')}"
        if ok("basic") and ok("project"):
            text += f"，其中基本支出 {f('basic')}（{f('basic_share_pct', '%')}），项目支出 {f('project')}"
        items.append(text + "。")
    if ok("personnel") and ok("public"):
        items.append(f"一般公共预算财政拨款基本支出中，人员经费 {f('personnel')}，公用经费 {f('public')}；"
                     f"人员经费占 {f('personnel_share_pct', '%')}。")
    if ok("three_public_budget"):
        budget, actual = float(figures["three_public_budget"]), float(figures.get("three_public_actual") or 0)
        rate = f"，执行率 {100 * actual / budget:.1f}%" if budget else ""
        items.append(f"“三公”经费预算 {f('three_public_budget')}，决算 {f('three_public_actual')}{rate}。")
    if ok("performance_score"):
        items.append(f"部门整体绩效自评总分 {f('performance_score', '分')}。")
    if figures.get("explanatory_text") is False:
        items.append("本报告只印有表格，没有情况说明文字：文字与表格之间的核对不适用。")
    if figures.get("review") and int(figures.get("numbers_unexplained") or 0):
        items.append(f"表格页上有 {int(figures.get('numbers_unexplained') or 0)} 个印刷数字未能解释（未读为表格数据，"
                     "也不是编码、行次、日期或页码），相关核对结果不可全信，需人工复核（见 unread.csv）。")
    if int(figures.get("cells_disputed") or 0):
        items.append(f"两种表格读法有 {int(figures['cells_disputed'])} 个单元格读得不同（见下方“读出的九张表”中标 ⚠ 者），"
                     "用到这些单元格的核对结果为“数据不足”，需对照原页复核。")
    if int(figures.get("ocr_possible_misreading") or 0):
        items.append(f"{int(figures['ocr_possible_misreading'])} 个由图像识别（OCR）的数值可能误读：换一种读法即可使相关勾稽关系"
                     "相符，相关核对不判为不符，需对照原图复核。")
    bad = failures(checks)
    n_fail, n_warn = int((bad["status"] == "fail").sum()), int((bad["status"] == "warn").sum())
    if len(checks):
        verdict = f"自动勾稽核对 {len(checks)} 项：不符 {n_fail} 项，警告 {n_warn} 项。"
        if n_fail:
            verdict += " 不符项：" + "；".join(str(d) for d in _labels(bad.loc[bad["status"] == "fail"]).head(5))
        items.append(verdict)
    else:
        items.append("未能运行勾稽核对。")
    return Published("<ul class=\"findings\">" + "".join(f"<li>{html.escape(t)}</li>" for t in items) + "</ul>",
                     {"figures": dict(figures), "failures": bad.to_dict("records")})


def _labels(checks: pd.DataFrame) -> pd.Series:
    """Each check's Chinese label (older checks.csv files have none: their id stands in)."""
    if "label_zh" in checks:
        return checks["label_zh"].where(checks["label_zh"].astype(str).str.len() > 0, checks["check_id"])
    return checks["check_id"]


def frame_html(df: pd.DataFrame, empty_text: str = "无") -> Html:
    """A DataFrame as an escaped HTML table (pandas escapes cell text by default; we insist)."""
    if df.empty:
        return Html(f"<p>{html.escape(empty_text)}</p>")
    return Html(df.to_html(index=False, escape=True, na_rep="", border=0, classes="dataframe"))


def failures_table(checks: pd.DataFrame) -> Html:
    """Failed and warned checks, with printed values and pages, in Chinese."""
    from .findings_zh import explain

    bad = failures(checks)
    out = pd.DataFrame({
        "结果": bad["status"].map(STATUS_ZH), "类别": bad["category"].map(CATEGORY_ZH), "核对": _labels(bad).values,
        "说明": [explain(r) for r in bad.to_dict("records")], "页码": bad["pages"]})
    return frame_html(out, "没有不符或警告的核对项。")


# ---------------------------------------------------------------- evidence from the PDF


def evidence_of(data: DepartmentData, pdf_path: str | Path | None) -> DepartmentEvidence:
    """The PDF around every fail and warn, and the tables' page thumbnails (one opening of the PDF)."""
    from .evidence import collect

    return collect(data.checks, data.evidence, data.tables, pdf_path)


def _sides(crops: list) -> list[tuple[str, list]]:
    """Crops grouped by side (表格, 文字说明), shown as two columns beside each other."""
    sides: dict[str, list] = {}
    for c in crops:
        sides.setdefault(c.side, []).append(c)
    return list(sides.items())


def findings_evidence(evidence: DepartmentEvidence) -> Html:
    """Each fail and warn in Chinese, with its crops: the table cells and the sentence, boxed."""
    from .findings_zh import view

    findings = [{**view(f.check), "sides": _sides(f.crops)} for f in evidence.findings]
    return Html(_environment().get_template("findings.html.j2").render(findings=findings, problem=evidence.problem))


def tables_read(data: DepartmentData, evidence: DepartmentEvidence | None = None) -> Html:
    """The nine tables as read, collapsed: cells, page thumbnails, numbers printed and read."""
    from .tables_view import table_views

    views = table_views(data, evidence.thumbnails if evidence else {})
    return Html(_environment().get_template("tables_read.html.j2").render(tables=views))


# ---------------------------------------------------------------- notebook → HTML


@lru_cache(maxsize=1)
def _exporter():
    """One HTML exporter per process: building it loads templates and CSS (about a second)."""
    from .report_exporter import ReportExporter  # nbconvert: a second to import, only for exports

    # report.html.j2: the lab template without its CDN scripts, with alt text on the charts
    exporter = ReportExporter(template_name="lab", extra_template_paths=[str(TEMPLATES_DIR)],
                            template_file="report.html.j2", language_code="zh")
    # the notebook is validated once, after the last preprocessor, not after each of the 12 (a few ms)
    exporter.optimistic_validation = True
    exporter.exclude_input = True  # readers see findings, not code (nbconvert --no-input)
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def notebook_to_html(notebook: Path | dict, title: str) -> str:
    """HTML of an executed notebook without its code cells; title is a safe slug, not PDF text."""
    # nbformat is imported here, not with the module: it imports jsonschema, whose format checkers
    # build a grammar (0.8 s), and the report's kernel imports this module for its sections
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4) if isinstance(notebook, Path) else notebook
    heading = ""
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # papermill gives its injected cell a random id: same input, same HTML
        if cell.cell_type == "markdown" and (found := re.search(r"^#+\s*(.+)$", cell.source, re.M)):
            heading = found.group(1).strip()
        elif cell.cell_type == "code":
            _alt_text(cell, heading)
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return with_rare_characters(body)


def with_rare_characters(page: str) -> str:
    """The page with a font for the characters its Chinese web font lacks (fonts.webfont_supplement),
    embedded in it under the same family name for just those characters."""
    found = webfont_supplement(re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", "", page, flags=re.S))
    if found is None:
        return page
    woff, codes = found
    face = ('<style>@font-face { font-family: "juesuan CJK"; src: url(data:font/woff;base64,'
            f'{base64.b64encode(woff).decode("ascii")}) format("woff"); '
            f'unicode-range: {", ".join(f"U+{c:04X}" for c in codes)}; }}</style>\n')
    return page.replace("</head>", face + "</head>", 1)


# what each chart of the report shows, for readers who cannot see it (the img's alt text)
CHART_ALT = {
    "expenditure_structure": "支出结构图：按功能分类科目从类到款到项展开，以及各类中的基本支出与项目支出",
    "basic_vs_project": "基本支出与项目支出对比图（按类）",
    "personnel_public": "人员经费与公用经费构成图，以及经济分类款级科目",
    "three_public": "“三公”经费预算数与决算数对比图",
    "performance_overview": "绩效自评总分图",
    "performance": "绩效自评指标得分图：各项三级指标的得分",
    "reconciliation": "勾稽核对结果图（按类别）",
}


def _alt_text(cell, heading: str) -> None:
    """Chinese alt text on each chart a code cell shows (nbconvert writes none of its own): what the
    chart function draws, else the section it is under."""
    called = re.search(r"charts\.(\w+)\(", cell.source)
    alt = CHART_ALT.get(called.group(1), "") if called else ""
    alt = alt or (f"{heading}图表" if heading else "图表")
    pngs = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    for n, output in enumerate(pngs, start=1):
        meta = output.setdefault("metadata", {}).setdefault("image/png", {})
        meta.setdefault("alt", alt if len(pngs) == 1 else f"{alt}（第 {n} 幅）")


def export_html(notebook: Path, html_path: Path, title: str | None = None) -> Path:
    """Write the report HTML atomically (a half file would look finished), its web font beside it."""
    place_webfont(html_path.parent)
    return write_text_atomic(html_path, notebook_to_html(notebook, title or html_path.stem))


def place_webfont(folder: Path) -> Path:
    """The reports' Chinese web font in folder/assets/, where the pages' CSS names it (fonts.py says
    why), written once per folder and atomically (two workers may place it at once)."""
    source, target = cjk_webfont(), folder / "assets" / WEBFONT_NAME
    if not (target.is_file() and target.stat().st_size == source.stat().st_size):
        write_atomic(target, lambda temporary: shutil.copyfile(source, temporary))
    return target


# ---------------------------------------------------------------- the index


@dataclass
class IndexEntry:
    """One department's line in reports/index.html."""

    department: str
    year: int | str | None
    slug: str
    status: str  # ok / failed / skipped
    report: str = ""  # link relative to the index
    notebook: str = ""
    pdf: str = ""
    annotated: str = ""  # the PDF with the findings highlighted, relative to the index
    reason: str = ""
    figures: dict = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)
    seconds: float | None = None
    rerun: bool = False  # an earlier attempt died (worker lost, run stopped) before this one
    review: list[str] = field(default_factory=list)  # meta.json's reasons to look again (unread numbers, identity)


@lru_cache(maxsize=1)
def _environment():
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True))
    env.filters["num"] = fmt_number
    env.filters["verdict"] = lambda v: VERDICT_LABELS.get(str(v), str(v))
    env.filters["failure_zh"] = failure_zh
    env.filters["reading"] = reading_zh
    return env


INDEX_VERDICTS = [("fail", "有不符"), ("warn", "有警告"), ("review", "待复核"), ("pass", "全部通过"), ("unchecked", "未核对"),
                  ("failed", "运行失败")]
_VERDICT_RANK = {"failed": 5, "fail": 4, "warn": 3, "review": 2, "unchecked": 1, "pass": 0}


def _raw(value: object) -> str:
    """A figure as a data attribute for sorting: plain digits, '' where the report prints none."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(v) else repr(v)


def index_row(e: IndexEntry, labels: list[tuple[str, str, str]]) -> dict:
    """One department's line, with what the page sorts and filters on."""
    from .findings_zh import view

    verdict = "failed" if e.status == "failed" else str(e.figures.get("verdict") or "unchecked")
    return {"entry": e, "verdict": verdict, "rank": _VERDICT_RANK.get(verdict, 1),
            "raw": {key: _raw(e.figures.get(key)) for key, _, _ in labels},
            "findings": [view(f) for f in e.failures] if e.status != "failed" else []}


def render_index(entries: Iterable[IndexEntry], title: str = "部门决算分析报告索引") -> str:
    """The index page: every department, key figures, reconciliation status, failures and reasons;
    sortable and filterable in the page (a few lines of plain JavaScript, no network)."""
    items = sorted(entries, key=lambda e: (str(e.year), e.slug))
    counts = {s: sum(1 for e in items if e.status == s) for s in ("ok", "failed", "skipped")}
    labels = FIGURE_LABELS[:2] + FIGURE_LABELS[2:4] + FIGURE_LABELS[5:7] + FIGURE_LABELS[8:10]
    rows = [index_row(e, labels) for e in items]
    verdict_counts = {k: sum(1 for r in rows if r["verdict"] == k) for k, _ in INDEX_VERDICTS}
    return with_rare_characters(_environment().get_template("index.html.j2").render(
        title=title, rows=rows, counts=counts, labels=labels, verdicts=INDEX_VERDICTS, verdict_counts=verdict_counts))


def write_index(entries: Iterable[IndexEntry], path: Path, title: str = "部门决算分析报告索引") -> Path:
    place_webfont(path.parent)
    return write_text_atomic(path, render_index(entries, title))

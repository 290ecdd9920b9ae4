"""与上年对比: the report's section comparing a department with its own report of the year before.

A reader of the 2024 report wants the change against 2023 at a glance, and whether the text's
与上年相比 sentences agree with last year's report (the year_on_year checks). The previous report
is the one the checks used (meta.json `previous`), so the section and the verdicts speak of the
same PDF. Self-contained: one function the report notebook calls, whatever the rest looks like.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import pandas as pd

from .loader import DepartmentData, key_figures, load_department
from .report import Html, fmt_number

FIGURES = [
    ("total_income", "本年收入合计"),
    ("total_expenditure", "本年支出合计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
    ("three_public_actual", "“三公”经费决算数"),
]
STATUS_WORDS = {"pass": "一致", "warn": "舍入差异", "fail": "不符", "insufficient_data": "数据不足",
                "not_applicable": "不适用"}


def previous_data(data: DepartmentData) -> DepartmentData | None:
    """The previous year's report the checks used, read back from its tidy folder (None if none)."""
    prior = data.meta.get("previous")
    if not prior:
        return None
    folder = Path(data.out_dir).parent.parent / str(prior.get("year")) / str(prior.get("slug"))
    if not (folder / "meta.json").exists():
        return None
    previous = load_department(folder)
    return previous if previous.meta.get("pdf_sha256") == prior.get("pdf_sha256") else None


def change_table(current: dict, previous: dict) -> pd.DataFrame:
    """Key figures of both years, the change and the change in % of last year's (万元)."""
    rows = []
    for key, label in FIGURES:
        now, before = _num(current.get(key)), _num(previous.get(key))
        change = now - before
        pct = 100 * change / before if before else math.nan
        rows.append({"项目": label, "上年": before, "本年": now, "增减": change, "增减%": pct})
    return pd.DataFrame(rows)


def _num(x: object) -> float:
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def section(data: DepartmentData, previous: DepartmentData | None) -> Html:
    """The change against the previous year, and what became of the text's 与上年相比 figures."""
    if previous is None:
        year = f"{data.year - 1} 年度" if data.year else "上一年度"
        return Html(f"<p>没有读到本部门 {html.escape(year)}的决算报告，不作跨年对比；"
                    "说明中“与上年相比”的增减数无从核对（核对结果为“不适用”）。</p>")
    table = change_table(key_figures(data), key_figures(previous))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in ("项目", f"{previous.year} 年度", f"{data.year} 年度", "增减", "增减%"))
    body = "".join(
        "<tr>" + f"<th>{html.escape(r['项目'])}</th>"
        + "".join(f"<td>{html.escape(fmt_number(r[c], '万元'))}</td>" for c in ("上年", "本年", "增减"))
        + f"<td>{html.escape(fmt_number(r['增减%'], '%'))}</td></tr>"
        for r in table.to_dict("records"))
    checks = data.checks[data.checks["category"] == "year_on_year"] if len(data.checks) else data.checks
    stated = [f"<li>{html.escape(STATUS_WORDS.get(r.status, r.status))}：{html.escape(str(r.detail))}</li>"
              for r in checks.itertuples() if r.status != "not_applicable"]
    verdicts = (f"<p>说明中与上年相比的增减数，按 {previous.year} 年度报告的数字重算：</p><ul>{''.join(stated)}</ul>"
                if stated else "<p>说明中没有可按上年报告核对的增减数。</p>")
    source = html.escape(f"{previous.department} {previous.year} 年度（{previous.meta.get('pdf', '')}）")
    return Html(f'<table class="year-on-year"><tr>{head}</tr>{body}</table>'
                f"<p>上年数取自 {source} 的报表。</p>{verdicts}")

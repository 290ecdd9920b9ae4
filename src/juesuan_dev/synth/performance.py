"""绩效自评表 (部门整体 and 项目) as ruled grids with merged label and 一级指标 cells.

The layout follows the published form: header facts, the 预算执行情况 block (预算数 A, 执行数 B,
执行率, 得分), the year goal, one row per indicator with 一级指标 merged down its group, 总分, and
the analysis/improvement rows; 备注 below. Seven grid columns throughout so every ruling line
runs the full height and the lines strategy of pdfplumber sees one table.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from .model import PerformanceTable
from .styles import Styles, markup, register_font
from .tables import meta_line

WEIGHTS = [1.3, 1.05, 1.4, 2.8, 1.3, 1.4, 1.05]


def _runs(values: list[str]) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal neighbouring values."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i - 1))
            start = i
    return runs


def performance_grid(pt: PerformanceTable) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Rows of 7 strings and the SPANs, top to bottom (pure, for tests and drawing)."""
    rows: list[list[str]] = []
    spans: list[tuple[int, int, int, int]] = []

    def add(cells: list[str], *row_spans: tuple[int, int]) -> int:
        r = len(rows)
        rows.append(cells + [""] * (7 - len(cells)))
        spans.extend((c0, r, c1, r) for c0, c1 in row_spans)
        return r

    for info in pt.info_rows:
        if len(info) == 4:
            add([info[0], info[1], "", info[2], info[3]], (1, 2), (4, 6))
        else:
            add([info[0], " ".join(info[1:])], (1, 6))
    top = add([pt.budget.label, "", "", *pt.budget.columns], (1, 2))
    for b in pt.budget.rows:
        add(["", b[0], "", *b[1:]], (1, 2))
    spans.append((0, top, 0, len(rows) - 1))
    if pt.goal:
        add([pt.goal.get("label", ""), pt.goal.get("text", "")], (1, 6))
    top = add([pt.indicators_label, *pt.indicator_columns])
    first = len(rows)
    for ind in pt.indicators:
        add(["", ind.level1, ind.level2, ind.indicator, ind.target, ind.actual, ind.score])
    for a, b in _runs([i.level1 for i in pt.indicators]):
        if b > a:
            spans.append((1, first + a, 1, first + b))
        for r in range(first + a + 1, first + b + 1):
            rows[r][1] = ""
    spans.append((0, top, 0, len(rows) - 1))
    add([pt.total.get("label", "总分"), "", "", "", "", "", pt.total.get("score", "")], (0, 5))
    for tr in pt.text_rows:
        add([tr.label, "\n".join(tr.lines)], (1, 6))
    return rows, spans


def performance_flowables(pt: PerformanceTable, styles: Styles, width: float) -> list[Flowable]:
    """Title, 部门名称/填报日期 line, the grid and the 备注 lines."""
    rows, spans = performance_grid(pt)
    data = [[Paragraph(markup(c).replace("\n", "<br/>"), styles.perf_center if i != 1 or len(c) < 12 else styles.perf_cell)
             if c else "" for i, c in enumerate(r)] for r in rows]
    scale = width / sum(WEIGHTS)
    grid = RLTable(data, colWidths=[w * scale for w in WEIGHTS], style=TableStyle([
        ("FONT", (0, 0), (-1, -1), register_font(), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *[("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans],
    ]))
    meta = meta_line(pt.header_left, pt.header_right, styles, width, split=0.6)
    out: list[Flowable] = [Paragraph(markup(pt.title), styles.table_title), Spacer(1, 4), meta, grid, Spacer(1, 4)]
    out += [Paragraph(markup(r), styles.note) for r in pt.remarks]
    return out

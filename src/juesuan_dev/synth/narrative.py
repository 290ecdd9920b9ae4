"""Cover, contents and the text parts (部门概况, 情况说明, 重点工作, 名词解释) as flowables.

The narrative is where reports state their figures in words (收支总计 1132.98万元, 占 83%);
the reconciliation compares those sentences with the tables, so paragraphs are printed whole,
exactly as described, with a real text layer.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from .model import Department, Part, SmallTable
from .styles import Styles, markup, register_font


def cover_flowables(dept: Department, styles: Styles) -> list[Flowable]:
    """Cover page: department, title, optional lines and the synthetic label."""
    out: list[Flowable] = [Spacer(1, 170), Paragraph(markup(dept.department), styles.cover_dept), Spacer(1, 18),
                           Paragraph(markup(dept.cover.title), styles.cover_title), Spacer(1, 40)]
    out += [Paragraph(markup(line), styles.cover_line) for line in dept.cover.lines]
    if dept.cover.label:
        out += [Spacer(1, 60), Paragraph(f'<font color="#b00000">{markup(dept.cover.label)}</font>', styles.cover_label)]
    return out


def contents_flowables(dept: Department, styles: Styles) -> list[Flowable]:
    """A 目录 page listing the parts (no page numbers: a single pass keeps rendering simple)."""
    out: list[Flowable] = [Paragraph("目  录", styles.part), Spacer(1, 12)]
    out += [Paragraph(markup(p.title), styles.toc) for p in dept.parts]
    return out


def small_table(t: SmallTable, styles: Styles, width: float) -> RLTable:
    """A ruled table in running text (重要事项): header row plus wrapped cells."""
    weights = t.widths or [1.0] * len(t.header)
    scale = width / sum(weights)
    data = [[Paragraph(markup(h), styles.perf_center) for h in t.header]]
    data += [[Paragraph(markup(c), styles.perf_center if i == 0 else styles.perf_cell) for i, c in enumerate(r)] for r in t.rows]
    return RLTable(data, colWidths=[w * scale for w in weights], repeatRows=1, style=TableStyle([
        ("FONT", (0, 0), (-1, -1), register_font(), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))


def part_flowables(part: Part, styles: Styles, width: float) -> list[Flowable]:
    """A part's title and blocks, in order."""
    out: list[Flowable] = [Paragraph(markup(part.title), styles.part)]
    for b in part.blocks:
        if b.kind == "table" and b.table is not None:
            out += [Spacer(1, 8), small_table(b.table, styles, width), Spacer(1, 8)]
        else:
            out.append(Paragraph(markup(b.text), getattr(styles, {"h": "h", "h2": "h2"}.get(b.kind, "body"))))
    return out

"""Render a Department description to a PDF that reads like a published 部门决算 report.

Order: cover, 目录, then the parts in order; the part keyed `tables` carries the standard tables
(each from a fresh page, short empty tables sharing one), the part keyed `appendix` the 绩效自评表.
The page template switches to landscape for wide tables when the options allow it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer

from analysis.outputs import write_atomic

from .edit import blank_columns
from .habits import HABITS, apply_habits
from .lying import lie_about_punctuation
from .model import Department, Table
from .narrative import contents_flowables, cover_flowables, part_flowables
from .options import LYING, RenderOptions
from .pictures import PICTURE_HABITS, apply_picture_habit
from .page import frame_width, report_doc
from .performance import performance_flowables
from .styles import Styles, markup
from .tables import table_flowables

SMALL_TABLE_ROWS = 3  # tables this short (the empty 07/08) may share a page with the one before


def ordered_tables(dept: Department, options: RenderOptions) -> list[Table]:
    """The tables to print, in the requested order, without the omitted ones."""
    tables = [t for t in dept.tables if t.key not in options.omit_tables]
    rank = {k: i for i, k in enumerate(options.table_order)}
    return sorted(tables, key=lambda t: rank.get(t.key, len(rank)))  # stable: the rest keep their order


def effective_options(dept: Department, options: RenderOptions | None) -> RenderOptions:
    """Options given in Python win; otherwise the description's own `render:` mapping."""
    if options is not None:
        return options
    return RenderOptions.from_dict(dept.render)


class _Flow:
    """Collects flowables while tracking the current page orientation."""

    def __init__(self) -> None:
        self.items: list[Flowable] = []
        self.orientation = "portrait"

    def new_page(self, orientation: str) -> None:
        self.items += [NextPageTemplate(orientation), PageBreak()]
        self.orientation = orientation


def story(dept: Department, options: RenderOptions) -> list[Flowable]:
    """All flowables of the report, in order."""
    styles = Styles(options.font_size)
    flow = _Flow()
    flow.items += cover_flowables(dept, styles)
    flow.new_page("portrait")
    flow.items += contents_flowables(dept, styles)
    for part in dept.parts:
        if part.key == "tables":
            _tables_part(dept, part.title, options, styles, flow)
        elif part.key == "appendix":
            flow.new_page("portrait")
            flow.items.append(Paragraph(markup(part.title), styles.part))
            flow.items += part_flowables(part, styles, frame_width("portrait"))[1:]
            for i, pt in enumerate(dept.performance):
                if i:
                    flow.new_page("portrait")
                flow.items += performance_flowables(pt, styles, frame_width("portrait"))
        else:
            flow.new_page("portrait")
            flow.items += part_flowables(part, styles, frame_width("portrait"))
    return flow.items


def _tables_part(dept: Department, title: str, options: RenderOptions, styles: Styles, flow: _Flow) -> None:
    tables = ordered_tables(dept, options)
    for i, table in enumerate(tables):
        orientation = table.orientation if options.landscape else "portrait"
        n_rows = max((len(p.rows) for p in table.panels), default=0)
        if i and n_rows <= SMALL_TABLE_ROWS and orientation == flow.orientation:
            flow.items += [CondPageBreak(220), Spacer(1, 18)]
        else:
            flow.new_page(orientation)
        if i == 0:
            flow.items.append(Paragraph(markup(title), styles.part))
        flow.items += table_flowables(table, dept, options, styles, frame_width(orientation))
    if not tables:
        flow.new_page("portrait")
        flow.items.append(Paragraph(markup(title), styles.part))


def render_pdf(dept: Department, out_path: str | Path, options: RenderOptions | None = None) -> Path:
    """Render dept to out_path (written atomically) and return the path.

    options=None uses the description's own `render:` settings (the plain layout when it has none).
    """
    opts = effective_options(dept, options)
    dept = blank_columns(dept, opts)
    out_path = Path(out_path)
    title = f"{dept.department}{dept.year}年度部门决算"

    def write(tmp: Path) -> None:
        if not opts.text_habits:
            report_doc(tmp, title, dept.department).build(story(dept, opts))
            return
        # each step rewrites the previous step's file: text habits, the lie, then the picture
        steps = [lambda a, b: apply_habits(a, b, tuple(h for h in opts.text_habits if h in HABITS))]
        steps = steps if set(opts.text_habits) & set(HABITS) else []
        if LYING in opts.text_habits:
            steps.append(lie_about_punctuation)
        for habit in (h for h in opts.text_habits if h in PICTURE_HABITS):
            steps.append(lambda a, b, habit=habit: apply_picture_habit(a, b, habit, dpi=opts.scan_dpi))
        plain = tmp.with_name(tmp.name + ".plain")
        try:
            report_doc(plain, title, dept.department).build(story(dept, opts))
            for k, step in enumerate(steps):
                done = tmp.with_name(f"{tmp.name}.{k}")
                step(plain, done)  # the same pages, their text written (or pictured) another way
                done.replace(plain)
            plain.replace(tmp)
        finally:
            plain.unlink(missing_ok=True)

    return write_atomic(out_path, write)

"""Standard tables as reportlab flowables: title block, ruled grid, 注 and 说明 lines.

Every cell is bordered (GRID) because extraction reads these tables with tabula's lattice mode
and pdfplumber's lines strategy, which both find cells from the ruling lines. Item names are
Paragraphs so long names wrap inside their cell as in published reports.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from .grid import Grid, Span, build_grid
from .model import Department, Table
from .options import RenderOptions
from .styles import Styles, markup, register_font
from .turned import turned


class BlankPageMarker(Flowable):
    """Draws nothing but occupies the frame, so a page of its own is really emitted."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, 1

    def draw(self) -> None:  # pragma: no cover - nothing to draw
        pass


def printed_title(table: Table, dept: Department, options: RenderOptions) -> str:
    """The title line, with an optional regional variant (部门收支决算总表) under the same year."""
    variant = options.title_variants.get(table.key)
    if not variant:
        return table.title
    return variant if variant[:4].isdigit() else f"{dept.year}年度{variant}"


def meta_line(left: str, right: str, styles: Styles, width: float, split: float = 0.7) -> RLTable:
    """The unruled line above a grid: 部门：… at the left, 金额单位 / 填报日期 at the right."""
    meta = RLTable([[Paragraph(markup(left), styles.meta_left), Paragraph(markup(right), styles.meta_right)]],
                   colWidths=[width * split, width * (1 - split)])
    meta.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), register_font(), 9),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return meta


def title_block(table: Table, dept: Department, options: RenderOptions, styles: Styles, width: float) -> list[Flowable]:
    """Title, 公开NN表 at the right, then 部门：… | 金额单位：… above the grid."""
    out: list[Flowable] = [Paragraph(markup(printed_title(table, dept, options)), styles.table_title)]
    if options.table_numbers and table.number:
        out.append(Paragraph(markup(table.number), styles.table_number))
    out.append(meta_line(f"部门：{dept.department}", f"金额单位：{options.unit}", styles, width))
    return out


def _shift(spans: list[Span], dr: int, lo: int = 0, hi: int | None = None) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """SPAN commands for the body spans in rows [lo, hi), moved by dr rows."""
    out = []
    for c0, r0, c1, r1 in spans:
        if r0 >= lo and (hi is None or r1 < hi):
            out.append(("SPAN", (c0, r0 - lo + dr), (c1, r1 - lo + dr)))
    return out


PADDING = 2.5  # left and right cell padding, points


def fit_widths(grid: Grid, font: str, size: float, width: float) -> list[float]:
    """Column widths in points: the relative widths scaled to the frame, then widened wherever a
    number, code or 行次 would not fit on one line (11329800.00 in 元 is long), taking the room
    from columns that can give it — item names wrap, other columns keep what their numbers need.
    Numbers never wrap or spill over a ruling line, or extraction would read them cut."""
    scale = width / sum(grid.widths)
    widths = [w * scale for w in grid.widths]
    need = [0.0] * len(widths)
    for line in grid.body:
        for i, (gc, text) in enumerate(zip(grid.columns, line)):
            if text and gc.kind in ("value", "row_no", "code") and text.replace(".", "").replace(",", "").isdigit():
                need[i] = max(need[i], stringWidth(text, font, size) + 2 * PADDING + 1)
    deficit = sum(max(0.0, n - w) for n, w in zip(need, widths))
    if deficit <= 0:
        return widths
    floors = [n if n else (max(36.0, 0.35 * w) if gc.kind == "item" else 0.6 * w)
              for n, w, gc in zip(need, widths, grid.columns)]
    slack = [max(0.0, w - f) for w, f in zip(widths, floors)]
    widths = [max(w, n) for w, n in zip(widths, need)]
    total_slack = sum(slack)
    if total_slack > 0:
        take = min(1.0, deficit / total_slack)
        widths = [w - s * take for w, s in zip(widths, slack)]
    return [w * width / sum(widths) for w in widths]  # if slack ran out, shrink all alike


def grid_table(grid: Grid, styles: Styles, width: float, body_lo: int = 0, body_hi: int | None = None,
               with_header: bool = True) -> RLTable:
    """One ruled reportlab Table for body rows [body_lo, body_hi), with or without the header."""
    font = register_font()
    size = styles.cell.fontSize
    header = grid.header if with_header else []
    header_spans = grid.header_spans
    if grid.band_row is not None and body_lo > 0:  # the band carries the 合计 row: printed once
        header = header[: grid.band_row]
        header_spans = [s for s in header_spans if s[3] < grid.band_row]
    h = len(header)
    body = grid.body[body_lo:body_hi]
    kinds = [c.kind for c in grid.columns]
    data: list[list[object]] = [[Paragraph(markup(t).replace("\n", "<br/>"), styles.cell_center) if t else "" for t in row]
                                for row in header]
    band = grid.band_row if grid.band_row is not None and grid.band_row < h else None
    if band is not None:  # 类 款 项 as header words, then the total's name and its figures
        data[band] = [Paragraph(markup(t), styles.cell_center if k == "code" else styles.cell) if t and k != "value" else t
                      for k, t in zip(kinds, grid.header[band])]
    for line in body:
        cells: list[object] = []
        for k, text in zip(kinds, line):
            if text and k == "item" or (k == "code" and text and not text.isdigit()):
                cells.append(Paragraph(markup(text), styles.cell))
            else:
                cells.append(text)
        data.append(cells)
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), font, size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ]
    if h:
        cmds += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in header_spans]
    # a header cell that runs on over the 合计 band prints its figure at the foot, on the band's line
    cmds += [("VALIGN", (c, r), (c, r), "BOTTOM") for r, row in enumerate(header) for c, t in enumerate(row) if "\n" in t]
    cmds += _shift(grid.body_spans, h, body_lo, body_hi)
    first = band if band is not None else h
    for i, k in enumerate(kinds):
        align = {"value": "RIGHT", "row_no": "CENTER", "code": "LEFT"}.get(k)
        if align and (k != "code" or first == h):
            cmds.append(("ALIGN", (i, first), (i, -1), align))
    for r in grid.total_rows:
        if body_lo <= r < (body_hi if body_hi is not None else len(grid.body)):
            cmds.append(("BACKGROUND", (0, h + r - body_lo), (-1, h + r - body_lo), colors.Color(0.95, 0.95, 0.95)))
    t = RLTable(data, colWidths=fit_widths(grid, font, size, width), repeatRows=band if band is not None else h,
                style=TableStyle(cmds))
    return t


def table_flowables(table: Table, dept: Department, options: RenderOptions, styles: Styles, width: float) -> list[Flowable]:
    """Everything printed for one standard table, honouring a forced page break inside it."""
    if table.key in options.turned_tables:
        table = turned(table)
    grid = build_grid(table, options.split_codes, options.unit, dept.unit, options.thousands,
                      options.total_in_header, options.total_under_header_words)
    out = title_block(table, dept, options, styles, width)
    breaks = [b for b in options.breaks_for(table.key) if 0 < b.after_row < len(grid.body)]
    start, with_header = 0, True
    for brk in breaks:  # each break ends one part of the grid and starts the next on a new page
        out.append(grid_table(grid, styles, width, start, brk.after_row, with_header=with_header))
        out.append(PageBreak())
        if brk.blank_page:
            out += [BlankPageMarker(), PageBreak()]
        start, with_header = brk.after_row, brk.repeat_header
    out.append(grid_table(grid, styles, width, start, None, with_header=with_header))
    tail: list[Flowable] = [Spacer(1, 3)]
    tail += [Paragraph(markup(n), styles.note) for n in table.notes]
    if table.explanation:
        tail += [Spacer(1, 4), Paragraph(markup(table.explanation), styles.note)]
    out.append(KeepTogether(tail))
    return out

"""Lay a standard table out as a grid of strings with merged cells (no drawing here).

Kept apart from reportlab so the layout rules can be reasoned about and tested alone:
- the header is built from each column's header path: neighbours with the same path prefix merge
  horizontally (收入 over 项目/行次/金额), a path shorter than the deepest one merges down
  (本年收入合计 spans all header rows);
- a 栏次 row follows when any column has a 栏次 label; equal neighbouring labels merge;
- panels sit side by side and their rows line up by position (收入 | 支出);
- a row without a code spans the code and item columns (合计), a `span_panels` total runs on into
  the next panels with its value in the last column (公用经费合计);
- with split codes the 类 款 项 column becomes three (210 | 11 | 01).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .model import Column, Panel, Row, Table

CODE_SLICES = ((0, 3), (3, 5), (5, 7))


@dataclass(frozen=True)
class GridColumn:
    """A printed column: the model column, the panel it belongs to and, for split codes, which part."""

    column: Column
    panel: int
    code_part: int | None = None  # 0/1/2 = 类/款/项 when codes are split
    header: tuple[str, ...] = ()
    width: float = 1.0

    @property
    def kind(self) -> str:
        return self.column.key if self.column.key in ("code", "item", "row_no") else "value"


Span = tuple[int, int, int, int]  # (col0, row0, col1, row1), inclusive, reportlab's SPAN order


@dataclass
class Grid:
    columns: list[GridColumn]
    header: list[list[str]]  # header rows, 栏次 row included
    header_spans: list[Span]
    body: list[list[str]]
    body_spans: list[Span]  # rows counted from the first body row
    total_rows: set[int] = field(default_factory=set)
    band_row: int | None = None  # a header row that also carries the first body row (合计)
    merged_band: bool = False  # the band's name and figures sit in the header cells above, unruled

    @property
    def widths(self) -> list[float]:
        return [c.width for c in self.columns]


def format_value(text: str, unit: str, source_unit: str = "万元", thousands: bool = False) -> str:
    """The printed form of a value in the requested unit (万元 as given; 元 ×10000, two decimals),
    with thousands separators (1,132.98) when asked, as Excel and WPS number formats print them."""
    if not text:
        return text
    if unit != source_unit:
        factor = Decimal(10000) if (source_unit, unit) == ("万元", "元") else Decimal(1) / Decimal(10000)
        text = f"{(Decimal(text) * factor).quantize(Decimal('0.01')):f}"
    if thousands:
        whole, dot, frac = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        text = f"{sign}{int(whole.lstrip('-') or 0):,}{dot}{frac}"
    return text


def expand_columns(table: Table, split_codes: bool) -> list[GridColumn]:
    """The printed columns, panel by panel, with the code column split into 类/款/项 if asked."""
    out: list[GridColumn] = []
    for pi, panel in enumerate(table.panels):
        for col in panel.columns:
            parts = col.header[-1].split() if col.header else []
            if split_codes and col.key == "code" and len(parts) == 3:
                for i, label in enumerate(parts):
                    out.append(GridColumn(col, pi, i, tuple(col.header[:-1]) + (label,), col.width / 2.4))
            else:
                out.append(GridColumn(col, pi, None, tuple(col.header), col.width))
    return out


def build_header(columns: list[GridColumn]) -> tuple[list[list[str]], list[Span]]:
    """Header rows and their merges from the columns' header paths (see module doc)."""
    n = len(columns)
    depth = max(len(c.header) for c in columns)
    rows = [[""] * n for _ in range(depth)]
    spans: list[Span] = []

    def ident(c: int, r: int) -> tuple[tuple[str, ...], bool] | None:
        h = columns[c].header
        return (h[: r + 1], r + 1 == len(h)) if r < len(h) else None

    for r in range(depth):
        c = 0
        while c < n:
            me = ident(c, r)
            if me is None:
                c += 1
                continue
            c2 = c
            while c2 + 1 < n and ident(c2 + 1, r) == me and columns[c2 + 1].header[r]:
                c2 += 1
            rows[r][c] = columns[c].header[r]
            r2 = depth - 1 if me[1] else r
            if c2 > c or r2 > r:
                spans.append((c, r, c2, r2))
            c = c2 + 1
    labels = [c.column.lanci for c in columns]
    if any(labels):
        r = depth
        rows.append(list(labels))
        c = 0
        while c < n:
            c2 = c
            while labels[c] == "栏次" and c2 + 1 < n and labels[c2 + 1] == labels[c]:
                c2 += 1
            if c2 > c:
                spans.append((c, r, c2, r))
                for k in range(c + 1, c2 + 1):
                    rows[r][k] = ""
            c = c2 + 1
    return rows, spans


def _cell(gc: GridColumn, row: Row, unit: str, source_unit: str, thousands: bool = False) -> str:
    key = gc.column.key
    if key == "code":
        if gc.code_part is None:
            return row.code
        a, b = CODE_SLICES[gc.code_part]
        return row.code[a:b]
    if key == "item":
        return row.item
    if key == "row_no":
        return row.row_no
    return format_value(row.values.get(key, ""), unit, source_unit, thousands)


def build_body(table: Table, columns: list[GridColumn], unit: str, source_unit: str = "万元", thousands: bool = False
               ) -> tuple[list[list[str]], list[Span], set[int]]:
    """Body rows (panels side by side) with the merges of code-less and cross-panel totals."""
    n_rows = max((len(p.rows) for p in table.panels), default=0)
    by_panel: dict[int, list[int]] = {}
    for i, gc in enumerate(columns):
        by_panel.setdefault(gc.panel, []).append(i)
    body: list[list[str]] = []
    spans: list[Span] = []
    totals: set[int] = set()
    for r in range(n_rows):
        line = [""] * len(columns)
        covered: set[int] = set()
        for pi, panel in enumerate(table.panels):
            if pi in covered or r >= len(panel.rows):
                continue
            row = panel.rows[r]
            cols = by_panel[pi]
            if row.total:
                totals.add(r)
            if row.span_panels > 1:
                last_cols = by_panel[pi + row.span_panels - 1]
                covered.update(range(pi + 1, pi + row.span_panels))
                line[cols[0]] = row.item
                spans.append((cols[0], r, last_cols[-1] - 1, r))
                value = next(iter(row.values.values()), "")
                line[last_cols[-1]] = format_value(value, unit, source_unit, thousands)
                continue
            for i in cols:
                line[i] = _cell(columns[i], row, unit, source_unit, thousands)
            code_cols = [i for i in cols if columns[i].kind == "code"]
            item_cols = [i for i in cols if columns[i].kind == "item"]
            if code_cols and item_cols and not row.code and row.item:
                line[code_cols[0]] = row.item
                line[item_cols[0]] = ""
                spans.append((code_cols[0], r, item_cols[0], r))
        body.append(line)
    return body, spans, totals


def build_grid(table: Table, split_codes: bool = False, unit: str = "万元", source_unit: str = "万元",
               thousands: bool = False, total_in_header: bool = False, under_header_words: bool = False) -> Grid:
    """The whole printed grid of one standard table."""
    columns = expand_columns(table, split_codes)
    header, header_spans = build_header(columns)
    body, body_spans, totals = build_body(table, columns, unit, source_unit, thousands)
    grid = Grid(columns, header, header_spans, body, body_spans, totals)
    return total_into_header(grid, under_header_words) if total_in_header or under_header_words else grid


def total_into_header(grid: Grid, under_header_words: bool = False) -> Grid:
    """The first body row (合计) printed in the band of the header row that holds 类 款 项.

    Some producers' templates (ONLYOFFICE, seen on a Shanghai report) rule no line between the
    code columns' last header row and the 合计 row: the code columns print 类 / 款 / 项 in that
    band, the name column 合计 and the value columns its figures. There is no 栏次 row then.
    Applies where the code column has the deepest header and the first body row is a total;
    other tables are returned unchanged. `under_header_words`: the header cells of the name and
    value columns run on down over the band with no rule, so each holds its header words and,
    on a last line, the total's name or figure (本年收入合计 / 1132.98).
    """
    depth = max(len(c.header) for c in grid.columns)
    codes = [i for i, c in enumerate(grid.columns) if c.kind == "code"]
    items = [i for i, c in enumerate(grid.columns) if c.kind == "item"]
    if (depth < 2 or not codes or not items or 0 not in grid.total_rows or not grid.body
            or any(len(grid.columns[i].header) != depth for i in codes)
            or any(len(c.header) >= depth for i, c in enumerate(grid.columns) if i not in codes)):
        return grid
    last = depth - 1
    band = list(grid.header[last])
    total = grid.body[0]
    label = total[codes[0]] or total[items[0]]
    for i in range(len(band)):
        if i not in codes:
            band[i] = total[i]
    band[items[0]] = label
    header = [list(row) for row in grid.header[:last]]
    spans = []
    for c0, r0, c1, r1 in grid.header_spans:
        if r0 >= depth:
            continue  # the 栏次 row is not printed
        if r1 == last and not any(c in codes for c in range(c0, c1 + 1)):
            if under_header_words and c0 == c1 and band[c0]:
                header[r0][c0] = f"{header[r0][c0]}\n{band[c0]}"  # one unruled cell: words, then the figure
                band[c0] = ""
            elif not under_header_words or c0 != c1:
                r1 = last - 1
        if (c0, r0) != (c1, r1):
            spans.append((c0, r0, c1, r1))
    body_spans = [(c0, r0 - 1, c1, r1 - 1) for c0, r0, c1, r1 in grid.body_spans if r0 > 0]
    return Grid(grid.columns, [*header, band], spans, grid.body[1:], body_spans,
                {r - 1 for r in grid.total_rows if r > 0}, band_row=last, merged_band=under_header_words)


def panel_of(table: Table, key: str) -> Panel:
    """The first panel holding a column `key` (used by edits and synthetic builders)."""
    return next(p for p in table.panels if any(c.key == key for c in p.columns))

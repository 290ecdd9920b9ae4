"""A description as one HTML page: the whole report the way a web site or a word processor lays it out.

Real reports are not typeset by juesuan's renderer: many are HTML pages printed to PDF by a browser,
or documents converted by LibreOffice. To test juesuan on those producers' PDFs, the same content
(cover, 目录, text, the nine tables with ruled borders, the 绩效自评表) is written as HTML here and
handed to the producers' own software (`producers.py`). The grids come from the same layout rules
as the reportlab renderer (`grid.build_grid`, `performance.performance_grid`), so merged header
cells, 栏次 rows and two-sided tables are the same; only the typesetting differs.
"""

from __future__ import annotations

import re
from html import escape

from .edit import blank_columns
from .grid import Grid, build_grid
from .model import Department, Part, PerformanceTable, SmallTable, Table
from .options import RenderOptions
from .performance import WEIGHTS, performance_grid
from .render import effective_options, ordered_tables
from .tables import printed_title
from .turned import turned

FONT_FAMILY = "Noto Sans SC"  # the packaged font; producers see it through a fontconfig file of their own
# the rules as attributes as well as CSS: LibreOffice Writer's HTML import ignores CSS borders on cells
RULED = " border='1' cellspacing='0' cellpadding='2'"

CSS = """
@page { size: A4 portrait; margin: 20mm 18mm; }
@page wide { size: A4 landscape; margin: 12mm 14mm; }
body { font-family: "%(font)s"; font-size: 11pt; line-height: 1.6; }
.page { page-break-before: always; break-before: page; }
.wide { page: wide; }
.cover { text-align: center; padding-top: 60mm; }
.cover .dept { font-size: 22pt; }
.cover .title { font-size: 28pt; margin-top: 10mm; }
.cover .label { font-size: 16pt; color: #b00000; margin-top: 25mm; }
h1 { font-size: 16pt; text-align: center; font-weight: normal; }
h2 { font-size: 12.5pt; font-weight: normal; margin: 6pt 0 2pt 0; }
h3 { font-size: 11.5pt; font-weight: normal; margin: 2pt 0 0 2em; }
p { text-indent: 2em; margin: 0; }
.toc p { text-indent: 0; font-size: 13pt; line-height: 2.1; }
table { border-collapse: collapse; width: 100%%; }
td, th { border: 0.75pt solid #000; padding: 1pt 2.5pt; font-size: %(cell)spt; line-height: 1.25;
         font-weight: normal; vertical-align: middle; }
th { text-align: center; }
td.value { text-align: right; white-space: nowrap; }
td.row_no { text-align: center; white-space: nowrap; }
td.code { white-space: nowrap; }
tr.total td { background: #f2f2f2; }
.table-title { font-size: 15pt; text-align: center; margin: 0; }
.table-number { font-size: 9pt; text-align: right; margin: 0; }
table.meta td { border: none; font-size: 9pt; padding: 0 0 2pt 0; }
table.meta td.right { text-align: right; }
.note { font-size: 8.5pt; text-indent: 0; line-height: 1.4; }
table.small td, table.small th, table.perf td { font-size: %(cell)spt; }
table.perf td { text-align: center; }
table.perf td.left { text-align: left; }
"""


def _cell(tag: str, text: str, cls: str = "", colspan: int = 1, rowspan: int = 1) -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' colspan="{colspan}"' if colspan > 1 else ""
    attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return f"<{tag}{attrs}>{escape(text).replace(chr(10), '<br>')}</{tag}>"


def grid_rows(rows: list[list[str]], spans: list[tuple[int, int, int, int]], tag: str = "td",
              classes: list[str] | None = None, row_classes: dict[int, str] | None = None) -> list[str]:
    """`<tr>` lines for a grid of strings with (col0, row0, col1, row1) merges: the first cell of
    a merge carries colspan/rowspan, the cells it covers are left out (HTML's model, not reportlab's)."""
    start = {(c0, r0): (c1 - c0 + 1, r1 - r0 + 1) for c0, r0, c1, r1 in spans}
    covered = {(c, r) for c0, r0, c1, r1 in spans for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)} - set(start)
    out = []
    for r, row in enumerate(rows):
        cells = [_cell(tag, text, (classes or [""] * len(row))[c], *start.get((c, r), (1, 1)))
                 for c, text in enumerate(row) if (c, r) not in covered]
        cls = (row_classes or {}).get(r, "")
        out.append(f"<tr{f' class={chr(34)}{cls}{chr(34)}' if cls else ''}>{''.join(cells)}</tr>")
    return out


def _colgroup(widths: list[float]) -> str:
    total = sum(widths) or 1.0
    return "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths) + "</colgroup>"


def grid_html(grid: Grid) -> str:
    """One standard table's ruled grid: header rows as <th>, body cells classed by their kind."""
    kinds = [c.kind for c in grid.columns]
    lines = [f"<table class='grid'{RULED}>{_colgroup(grid.widths)}<thead>"]
    lines += grid_rows(grid.header, grid.header_spans, "th")
    lines.append("</thead><tbody>")
    lines += grid_rows(grid.body, grid.body_spans, "td", kinds, {r: "total" for r in grid.total_rows})
    lines.append("</tbody></table>")
    return "\n".join(lines)


def meta_html(left: str, right: str) -> str:
    """The unruled line above a grid: 部门：… at the left, 金额单位 at the right."""
    return f"<table class='meta'><tr><td>{escape(left)}</td><td class='right'>{escape(right)}</td></tr></table>"


def standard_table_html(table: Table, dept: Department, options: RenderOptions) -> str:
    """Title, 公开NN表, 部门/单位 line, grid, 注 and 说明 lines of one standard table."""
    if table.key in options.turned_tables:
        table = turned(table)
    grid = build_grid(table, options.split_codes, options.unit, dept.unit, options.thousands,
                      options.total_in_header, options.total_under_header_words)
    out = [f"<p class='table-title'>{escape(printed_title(table, dept, options))}</p>"]
    if options.table_numbers and table.number:
        out.append(f"<p class='table-number'>{escape(table.number)}</p>")
    out.append(meta_html(f"部门：{dept.department}", f"金额单位：{options.unit}"))
    out.append(grid_html(grid))
    out += [f"<p class='note'>{escape(n)}</p>" for n in table.notes]
    if table.explanation:
        out.append(f"<p class='note'>{escape(table.explanation)}</p>")
    return "\n".join(out)


def small_table_html(t: SmallTable) -> str:
    """A ruled table inside the running text (重要事项)."""
    widths = t.widths or [1.0] * len(t.header)
    lines = [f"<table class='small'{RULED}>{_colgroup(widths)}"]
    lines += grid_rows([t.header], [], "th")
    lines += grid_rows(t.rows, [], "td")
    return "\n".join([*lines, "</table>"])


def performance_html(pt: PerformanceTable) -> str:
    """A 绩效自评表: title, 单位/日期 line, the seven-column grid with its merges, 备注 lines."""
    rows, spans = performance_grid(pt)
    classes = ["", "left", "", "left", "", "", ""]
    out = [f"<p class='table-title'>{escape(pt.title)}</p>", meta_html(pt.header_left, pt.header_right),
           f"<table class='perf'{RULED}>{_colgroup(WEIGHTS)}", *grid_rows(rows, spans, "td", classes), "</table>"]
    out += [f"<p class='note'>{escape(r)}</p>" for r in pt.remarks]
    return "\n".join(out)


def _section(html: str, wide: bool = False, first: bool = False) -> str:
    """A part of the report starting a page: the <div> for browsers (its page name makes wide
    tables landscape), the same break on its first element for Writer, whose HTML import reads
    page-break-before on paragraphs, headings and tables only (adjoining breaks make one)."""
    cls = " ".join(c for c in ("" if first else "page", "wide" if wide else "") if c)
    if not first:
        html = re.sub(r"^<(\w+)", r"<\1 style='page-break-before: always'", html, count=1)
    return f"<div class='{cls}'>\n{html}\n</div>"


def report_html(dept: Department, options: RenderOptions | None = None, cell_pt: float = 8.0) -> str:
    """The whole report as one HTML document; each part and each table starts a page (wide
    tables on landscape pages where the options allow it), as the reportlab renderer lays it out.
    cell_pt: the tables' type size; a large one runs tables over pages, their header rows repeated."""
    opts = effective_options(dept, options)
    dept = blank_columns(dept, opts)
    sections = [_cover(dept), _section("<h1>目  录</h1><div class='toc'>"
                                       + "".join(f"<p>{escape(p.title)}</p>" for p in dept.parts) + "</div>")]
    for part in dept.parts:
        if part.key == "tables":
            tables = ordered_tables(dept, opts)
            for i, table in enumerate(tables):
                head = f"<h1>{escape(part.title)}</h1>\n" if i == 0 else ""
                wide = table.orientation == "landscape" and opts.landscape
                sections.append(_section(head + standard_table_html(table, dept, opts), wide))
            if not tables:
                sections.append(_section(f"<h1>{escape(part.title)}</h1>"))
            continue
        body = _part_html(part)
        sections.append(_section(body))
        if part.key == "appendix":
            sections += [_section(performance_html(pt)) for pt in dept.performance]
    title = escape(f"{dept.department}{dept.year}年度部门决算")
    return (f"<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{CSS % {'font': FONT_FAMILY, 'cell': cell_pt}}</style></head>\n<body>\n" + "\n".join(sections) + "\n</body></html>\n")


def _cover(dept: Department) -> str:
    lines = "".join(f"<p>{escape(x)}</p>" for x in dept.cover.lines)
    label = f"<div class='label'>{escape(dept.cover.label)}</div>" if dept.cover.label else ""
    return _section(f"<div class='cover'><div class='dept'>{escape(dept.department)}</div>"
                    f"<div class='title'>{escape(dept.cover.title)}</div>{lines}{label}</div>", first=True)


TAGS = {"h": "h2", "h2": "h3", "p": "p"}  # block kind → HTML element (h1 is the part's title)


def _part_html(part: Part) -> str:
    out = [f"<h1>{escape(part.title)}</h1>"]
    for b in part.blocks:
        if b.kind == "table" and b.table is not None:
            out.append(small_table_html(b.table))
        else:
            out.append(f"<{TAGS[b.kind]}>{escape(b.text)}</{TAGS[b.kind]}>")
    return "\n".join(out)

"""The nine tables alone as a spreadsheet workbook (flat ODF, .fods), one sheet per table.

Many departments keep their 决算 tables in Excel or WPS and publish the workbook printed to PDF:
tables only, no explanatory text around them, numbers stored as numbers and shown through a
number format. LibreOffice Calc prints this workbook (`producers.py`) the way such a PDF is made.
The grids come from `grid.build_grid`, as for the other renderers; merged cells are ODF spans
(the covered cells written as covered), every cell ruled, wide tables on landscape pages.
Flat ODF is plain XML that Calc reads natively, so no spreadsheet library is needed to write it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .edit import blank_columns
from .grid import Grid, build_grid
from .html import FONT_FAMILY
from .model import Department, Table
from .options import RenderOptions
from .render import effective_options, ordered_tables
from .tables import printed_title
from .turned import turned

PRINT_WIDTH_CM = {"landscape": 26.5, "portrait": 17.5}  # A4 less the page layouts' margins below
BORDER = 'fo:border="0.75pt solid #000000"'
TEXT = f'style:font-name={quoteattr(FONT_FAMILY)} style:font-name-asian={quoteattr(FONT_FAMILY)}'

NAMESPACES = " ".join(f'xmlns:{k}="urn:oasis:names:tc:opendocument:xmlns:{v}"' for k, v in {
    "office": "office:1.0", "style": "style:1.0", "text": "text:1.0", "table": "table:1.0",
    "fo": "xsl-fo-compatible:1.0", "number": "datastyle:1.0", "svg": "svg-compatible:1.0"}.items())


def _text_style(size: float) -> str:
    return f'<style:text-properties {TEXT} fo:font-size="{size}pt" style:font-size-asian="{size}pt"/>'


def _cell_style(name: str, size: float, align: str, ruled: bool, wrap: bool = True, data: str = "",
                background: str = "") -> str:
    props = f'style:vertical-align="middle" fo:wrap-option="{"wrap" if wrap else "no-wrap"}"'
    props += f" {BORDER}" if ruled else ""
    props += f' fo:background-color="{background}"' if background else ""
    data_attr = f' style:data-style-name="{data}"' if data else ""
    return (f'<style:style style:name="{name}" style:family="table-cell"{data_attr}>'
            f"<style:table-cell-properties {props}/>"
            f'<style:paragraph-properties fo:text-align="{align}"/>{_text_style(size)}</style:style>')


def _number_style(decimals: int, grouping: bool) -> str:
    return (f'<number:number-style style:name="N{decimals}{"g" if grouping else ""}">'
            f'<number:number number:decimal-places="{decimals}" number:min-decimal-places="{decimals}" '
            f'number:min-integer-digits="1" number:grouping="{str(grouping).lower()}"/></number:number-style>')


def _styles() -> str:
    """Page layouts (A4 landscape / portrait, no header or footer), number formats, cell styles."""
    out = []
    for name, (w, h) in {"landscape": ("29.7cm", "21cm"), "portrait": ("21cm", "29.7cm")}.items():
        out.append(f'<style:page-layout style:name="pm-{name}"><style:page-layout-properties fo:page-width="{w}" '
                   f'fo:page-height="{h}" style:print-orientation="{name}" fo:margin-top="1.2cm" '
                   f'fo:margin-bottom="1.2cm" fo:margin-left="1.5cm" fo:margin-right="1.5cm"/></style:page-layout>')
        out.append(f'<style:style style:name="ta-{name}" style:family="table" style:master-page-name="{name}">'
                   '<style:table-properties table:display="true"/></style:style>')
    out += [_number_style(d, g) for d in range(4) for g in (False, True)]
    out.append('<style:style style:name="ro" style:family="table-row">'
               '<style:table-row-properties style:use-optimal-row-height="true"/></style:style>')
    out += [
        _cell_style("title", 15, "center", ruled=False),
        _cell_style("meta-left", 9, "start", ruled=False),
        _cell_style("meta-right", 9, "end", ruled=False),
        _cell_style("note", 8.5, "start", ruled=False),
        _cell_style("head", 8, "center", ruled=True),
        _cell_style("text", 8, "start", ruled=True),
        _cell_style("center", 8, "center", ruled=True, wrap=False),
        _cell_style("text-total", 8, "start", ruled=True, background="#f2f2f2"),
        _cell_style("center-total", 8, "center", ruled=True, wrap=False, background="#f2f2f2"),
    ]
    for d in range(4):
        for g in (False, True):
            for total in (False, True):
                out.append(_cell_style(f"n{d}{'g' if g else ''}{'-total' if total else ''}", 8, "end", ruled=True,
                                       wrap=False, data=f"N{d}{'g' if g else ''}",
                                       background="#f2f2f2" if total else ""))
    return "".join(out)


def _masters() -> str:
    return "".join(f'<style:master-page style:name="{n}" style:page-layout-name="pm-{n}">'
                   '<style:header style:display="false"/><style:footer style:display="false"/></style:master-page>'
                   for n in ("landscape", "portrait"))


def _paragraphs(text: str) -> str:
    return "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))


def value_cell(text: str, total: bool, span: str = "") -> str:
    """A number stored as a number, shown with the printed decimals (and separators) by its format."""
    plain = text.replace(",", "")
    decimals = len(plain.partition(".")[2])
    style = f"n{decimals}{'g' if ',' in text else ''}{'-total' if total else ''}"
    return (f'<table:table-cell table:style-name="{style}"{span} office:value-type="float" '
            f'office:value="{plain}"><text:p>{escape(text)}</text:p></table:table-cell>')


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def _grid_rows(rows: list[list[str]], spans: list[tuple[int, int, int, int]], styles: list[str],
               numbers: list[bool], totals: set[int]) -> list[str]:
    """Table rows with ODF merges: the first cell spans, the cells it covers are written covered."""
    start = {(c0, r0): (c1 - c0 + 1, r1 - r0 + 1) for c0, r0, c1, r1 in spans}
    covered = {(c, r) for c0, r0, c1, r1 in spans for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)} - set(start)
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (c, r) in covered:
                cells.append(f'<table:covered-table-cell table:style-name="{styles[c]}"/>')
                continue
            cols, rws = start.get((c, r), (1, 1))
            span = (f' table:number-columns-spanned="{cols}"' if cols > 1 else "") + \
                   (f' table:number-rows-spanned="{rws}"' if rws > 1 else "")
            total = r in totals
            if numbers[c] and _is_number(text):
                cells.append(value_cell(text, total, span))
            else:
                style = styles[c] + ("-total" if total and styles[c] in ("text", "center") else "")
                cells.append(f'<table:table-cell table:style-name="{style}"{span} office:value-type="string">'
                             f"{_paragraphs(text)}</table:table-cell>" if text else
                             f'<table:table-cell table:style-name="{style}"{span}/>')
        out.append(f'<table:table-row table:style-name="ro">{"".join(cells)}</table:table-row>')
    return out


def _line(n: int, style: str, text: str) -> str:
    """One unruled row whose text runs across all n columns."""
    covered = "<table:covered-table-cell/>" * (n - 1)
    return (f'<table:table-row table:style-name="ro"><table:table-cell table:style-name="{style}" '
            f'table:number-columns-spanned="{n}" office:value-type="string">{_paragraphs(text)}'
            f"</table:table-cell>{covered}</table:table-row>")


def _meta_row(n: int, left: str, right: str) -> str:
    """部门：… at the left (most of the width), 金额单位 at the right."""
    a = max(1, round(n * 0.7)) if n > 1 else 1
    b = n - a
    cells = (f'<table:table-cell table:style-name="meta-left" table:number-columns-spanned="{a}" '
             f'office:value-type="string"><text:p>{escape(left)}</text:p></table:table-cell>'
             + "<table:covered-table-cell/>" * (a - 1))
    if b:
        cells += (f'<table:table-cell table:style-name="meta-right" table:number-columns-spanned="{b}" '
                  f'office:value-type="string"><text:p>{escape(right)}</text:p></table:table-cell>'
                  + "<table:covered-table-cell/>" * (b - 1))
    return f'<table:table-row table:style-name="ro">{cells}</table:table-row>'


def sheet_name(table: Table, index: int) -> str:
    """A sheet's tab name: its 公开NN表 number, else its place and key (Calc forbids []*?:/\\)."""
    return table.number or f"{index + 1:02d}-{table.key}"


def table_sheet(table: Table, dept: Department, options: RenderOptions, index: int) -> tuple[str, str]:
    """One standard table as a sheet (title, number, 部门/单位 line, ruled grid, 注 and 说明) and
    the styles of its columns, whose widths are the description's, scaled to the printed page."""
    if table.key in options.turned_tables:
        table = turned(table)
    grid: Grid = build_grid(table, options.split_codes, options.unit, dept.unit, options.thousands,
                            options.total_in_header, options.total_under_header_words)
    orientation = table.orientation if options.landscape else "portrait"
    n = len(grid.columns)
    scale = PRINT_WIDTH_CM[orientation] / sum(grid.widths)
    kinds = [c.kind for c in grid.columns]
    body_styles = [{"value": "center", "row_no": "center", "code": "center"}.get(k, "text") for k in kinds]
    rows = [_line(n, "title", printed_title(table, dept, options))]
    if options.table_numbers and table.number:
        rows.append(_line(n, "meta-right", table.number))
    rows.append(_meta_row(n, f"部门：{dept.department}", f"金额单位：{options.unit}"))
    rows += _grid_rows(grid.header, grid.header_spans, ["head"] * n, [False] * n, set())
    rows += _grid_rows(grid.body, grid.body_spans, body_styles, [k == "value" for k in kinds], grid.total_rows)
    rows += [_line(n, "note", note) for note in table.notes]
    if table.explanation:
        rows.append(_line(n, "note", table.explanation))
    columns = "".join(f'<table:table-column table:style-name="co{index}-{i}"/>' for i in range(n))
    return (f"<table:table table:name={quoteattr(sheet_name(table, index))} table:style-name=\"ta-{orientation}\">"
            f"{columns}{''.join(rows)}</table:table>",
            "".join(f'<style:style style:name="co{index}-{i}" style:family="table-column">'
                    f'<style:table-column-properties style:column-width="{w * scale:.3f}cm"/></style:style>'
                    for i, w in enumerate(grid.widths)))


def tables_workbook(dept: Department, options: RenderOptions | None = None) -> str:
    """The flat ODF spreadsheet of the nine tables (in print order), nothing else of the report."""
    opts = effective_options(dept, options)
    dept = blank_columns(dept, opts)
    sheets, column_styles = [], []
    for i, table in enumerate(ordered_tables(dept, opts)):
        sheet, cols = table_sheet(table, dept, opts, i)
        sheets.append(sheet)
        column_styles.append(cols)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NAMESPACES} office:version="1.2" '
            'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
            f'<office:font-face-decls><style:font-face style:name={quoteattr(FONT_FAMILY)} '
            f'svg:font-family={quoteattr(FONT_FAMILY)}/></office:font-face-decls>'
            f"<office:automatic-styles>{_styles()}{''.join(column_styles)}</office:automatic-styles>"
            f"<office:master-styles>{_masters()}</office:master-styles>"
            f"<office:body><office:spreadsheet>{''.join(sheets)}</office:spreadsheet></office:body></office:document>\n")

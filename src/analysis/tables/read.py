"""A report PDF → the tidy cells and tables frames of the nine standard tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import NotFinalAccountsError
from .accounting import UNEXPLAINED, NumberCount, account_numbers, counts_by_table
from .grids import GridEngine, PdfplumberEngine, make_engine
from .locate import Region, TableLocation, locate_tables
from .normalise import TextCell, normalise_table, split_shared_bands
from ..document.identity import Identity, report_identity
from ..document.kind import document_kind
from ..document.pdfdoc import ReportDoc
from ..catalogue import CELLS_COLUMNS, TABLES_COLUMNS, UNREAD_COLUMNS, conform
from .sources import mark_sources
from .specs import SPECS_BY_KEY


@dataclass
class Extraction:
    department: str
    year: int | None
    cells: pd.DataFrame
    tables: pd.DataFrame
    pages: list[tuple[int, str]]  # the text layer, for narrative and text checks
    # numbers printed on the table pages that are not cells, with the reason (unread.csv)
    unread: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=UNREAD_COLUMNS))
    numbers: NumberCount = field(default_factory=NumberCount)  # printed / read / unexplained
    identity: Identity | None = None  # where the department and year were read


def _region_cells(doc: ReportDoc, engine: GridEngine, regions: list[Region], cache: dict[int, list]) -> list[TextCell]:
    out: list[TextCell] = []
    for region in regions:
        if region.page not in cache:
            # a page read by OCR has no text in the file for tabula to read: its ruling lines and
            # characters are served to pdfplumber's table finder (document.ocr_page)
            ocr = doc.pages[region.page - 1].source == "ocr"
            boxes = [] if ocr else engine.cells(doc.path, region.page)
            if not boxes and (ocr or engine.name != "pdfplumber"):
                # tabula saw no grid where ruled lines are (rotated pages, odd producers):
                # take pdfplumber's reading of that page rather than lose the table
                boxes = PdfplumberEngine(doc.plumber_page).cells(doc.path, region.page)
            cache[region.page] = boxes
        page = doc.pages[region.page - 1]
        seen: set[tuple] = set()
        for box in cache[region.page]:
            if not (region.top - 1 <= box.yc <= region.bottom + 1):
                continue
            key = (round(box.x0), round(box.top), round(box.x1), round(box.bottom))
            if key in seen:
                continue  # tabula can report a grid twice
            seen.add(key)
            lines = tuple(page.text_lines_in(box.x0, box.top, box.x1, box.bottom))
            out.append(TextCell(box, "".join(t for t, _, _ in lines), lines=lines))
    return split_shared_bands(out)


def read_tables(doc: ReportDoc, engine_name: str = "tabula") -> Extraction:
    """The nine tables of an open report, with its identity and text layer."""
    kind = document_kind([ln["text"] for page in doc.pages for ln in page.lines])
    if kind.kind in ("budget", "information_report"):  # named by its own titles: refused whatever it holds
        raise NotFinalAccountsError(doc.path, f"this is {kind.what}", "juesuan reads 决算 reports only")
    locations = locate_tables(doc)
    if not any(loc.regions for loc in locations.values()):
        raise NotFinalAccountsError(
            doc.path,
            "none of the nine standard final-accounts tables (收入支出决算总表 …) was found"
            + (f": {kind.what}" if kind.kind == "other" else ""),
            "check that this is a 部门决算 report with a text layer",
        )
    identity = report_identity([p.visual_text for p in doc.pages], doc.path)
    department, year = identity.department, identity.year
    engine = make_engine(engine_name, doc.plumber_page)
    try:
        cells, tables, accounted = _extract_with(doc, engine, locations, department, year)
    finally:
        engine.close()
    unread = accounted[accounted["reason"] != ""].copy()
    unread.insert(0, "department", department)
    unread.insert(1, "year", year)
    return Extraction(department, year, cells, tables, doc.page_texts, conform(unread, UNREAD_COLUMNS).reset_index(drop=True),
                      NumberCount.of(accounted), identity)


def _figures(records: list[dict]) -> list[tuple]:
    """A printing's content, to tell a second printing of a table from another table."""
    return sorted((r["side"], r["code"], r["item"], r["column"], r["value"]) for r in records)


def _extract_with(doc: ReportDoc, engine: GridEngine, locations: dict[str, TableLocation], department: str,
                  year: int | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    cache: dict[int, list] = {}
    records: list[dict] = []
    table_rows: list[dict] = []
    text_cells: dict[str, list[TextCell]] = {}
    reprint_cells: dict[str, list[tuple[list[TextCell], str]]] = {}
    for key, spec in SPECS_BY_KEY.items():
        loc = locations[key]
        if not loc.regions:
            table_rows.append({"table": key, "title": "", "pages": "", "unit": "", "status": "missing", "note": "not found in the PDF"})
            continue
        text_cells[key] = _region_cells(doc, engine, loc.regions, cache)
        recs = normalise_table(spec, text_cells[key], loc.unit)
        records.extend(recs)
        notes = [loc.note]
        for regions in loc.reprints:
            again = _region_cells(doc, engine, regions, cache)
            same = _figures(normalise_table(spec, again, loc.unit)) == _figures(recs)
            reprint_cells.setdefault(key, []).append((again, "printed_again" if same else UNEXPLAINED))
            pages = ", ".join(map(str, sorted({r.page for r in regions})))
            notes.append(f"printed again on page {pages} with the same figures" if same else
                         f"a second table under this title on page {pages} prints other figures (first printing used; check its title)")
        if loc.retitled:
            notes.append(f"its title reads like the {loc.retitled} table, its header words are this table's")
        elif not loc.confirmed:
            notes.append("the header words of this table were not found under its title")
        notes.append("" if loc.unit_printed else "no 单位 line found; 万元 assumed")
        table_rows.append(
            {
                "table": key,
                "title": loc.title,
                "pages": ";".join(map(str, loc.pages)),
                "unit": loc.unit,
                "status": "extracted" if recs else "empty",
                "note": "；".join(n for n in notes if n),
            }
        )
    frame = pd.DataFrame(records)
    accounted = account_numbers(doc.pages, locations, text_cells, frame, reprint_cells)
    counts = counts_by_table(accounted)
    for row in table_rows:
        printed, read, unexplained = counts.get(row["table"], (0, 0, 0))
        row.update(numbers_printed=printed, numbers_read=read, numbers_unexplained=unexplained)
    cells = frame
    if not cells.empty:
        cells.insert(0, "department", department)
        cells.insert(1, "year", year)
    cells = conform(mark_sources(cells, doc.pages), CELLS_COLUMNS)
    tables = conform(pd.DataFrame(table_rows), TABLES_COLUMNS)
    return cells, tables, accounted

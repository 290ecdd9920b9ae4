"""A report PDF → the tidy cells and tables frames of the nine standard tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import NotFinalAccountsError
from .grids import GridEngine, PdfplumberEngine, make_engine
from .locate import TableLocation, locate_tables, report_identity
from .normalise import TextCell, normalise_table
from ..document.pdfdoc import ReportDoc
from ..catalogue import CELLS_COLUMNS, TABLES_COLUMNS, conform
from .specs import SPECS_BY_KEY


@dataclass
class Extraction:
    department: str
    year: int | None
    cells: pd.DataFrame
    tables: pd.DataFrame
    pages: list[tuple[int, str]]  # the text layer, for narrative and text checks


def _region_cells(doc: ReportDoc, engine: GridEngine, loc: TableLocation, cache: dict[int, list]) -> list[TextCell]:
    out: list[TextCell] = []
    for region in loc.regions:
        if region.page not in cache:
            boxes = engine.cells(doc.path, region.page)
            if not boxes and engine.name != "pdfplumber":
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
            out.append(TextCell(box, page.text_in(box.x0, box.top, box.x1, box.bottom)))
    return out


def read_tables(doc: ReportDoc, engine_name: str = "tabula") -> Extraction:
    """The nine tables of an open report, with its identity and text layer."""
    locations = locate_tables(doc)
    if not any(loc.regions for loc in locations.values()):
        _refuse(doc)
    department, year = report_identity(doc)
    engine = make_engine(engine_name, doc.plumber_page)
    try:
        cells, tables = _extract_with(doc, engine, locations, department, year)
    finally:
        engine.close()
    return Extraction(department, year, cells, tables, doc.page_texts)


def _extract_with(doc: ReportDoc, engine: GridEngine, locations: dict[str, TableLocation], department: str, year: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    cache: dict[int, list] = {}
    records: list[dict] = []
    table_rows: list[dict] = []
    for key, spec in SPECS_BY_KEY.items():
        loc = locations[key]
        if not loc.regions:
            table_rows.append({"table": key, "title": "", "pages": "", "unit": "", "status": "missing", "note": "not found in the PDF"})
            continue
        recs = normalise_table(spec, _region_cells(doc, engine, loc, cache), loc.unit)
        records.extend(recs)
        notes = [
            loc.note,
            f"printed again on page {', '.join(map(str, loc.duplicates))} (first printing used)" if loc.duplicates else "",
            "" if loc.unit_printed else "no 单位 line found; 万元 assumed",
        ]
        note = "；".join(n for n in notes if n)
        table_rows.append(
            {
                "table": key,
                "title": loc.title,
                "pages": ";".join(map(str, loc.pages)),
                "unit": loc.unit,
                "status": "extracted" if recs else "empty",
                "note": note,
            }
        )
    cells = pd.DataFrame(records)
    if not cells.empty:
        cells.insert(0, "department", department)
        cells.insert(1, "year", year)
    cells = conform(cells, CELLS_COLUMNS)
    tables = conform(pd.DataFrame(table_rows), TABLES_COLUMNS)
    return cells, tables


def _refuse(doc: ReportDoc) -> None:
    """No standard table at all: say what the document seems to be instead."""
    text = doc.full_text.replace(" ", "")
    if "预算" in text and "决算" not in text:
        raise NotFinalAccountsError(
            doc.path, "this is a budget report (部门预算), not final accounts (部门决算)", "juesuan reads 决算 reports only"
        )
    raise NotFinalAccountsError(
        doc.path,
        "none of the nine standard final-accounts tables (收入支出决算总表 …) was found",
        "check that this is a 部门决算 report with a text layer",
    )


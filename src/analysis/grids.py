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

import shutil
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .errors import JavaMissingError, TableStructureError


@dataclass(frozen=True)
class CellBox:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


class GridEngine(Protocol):
    name: str

    def cells(self, pdf_path: Path, page: int) -> list[CellBox]: ...


class PdfplumberEngine:
    name = "pdfplumber"

    def __init__(self, pdf) -> None:  # a pdfplumber.PDF already open
        self._pdf = pdf

    def cells(self, pdf_path: Path, page: int) -> list[CellBox]:
        p = self._pdf.pages[page - 1]
        settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3, "intersection_tolerance": 3}
        out: list[CellBox] = []
        for table in p.find_tables(table_settings=settings):
            out.extend(CellBox(page, *map(float, c)) for c in table.cells)
        return out


def java_available() -> bool:
    return bool(shutil.which("java") or os.environ.get("JAVA_HOME"))


class TabulaEngine:
    name = "tabula"

    def __init__(self) -> None:
        if not java_available():
            raise JavaMissingError(
                None,
                "Java is not installed; the tabula engine needs it",
                "install a Java runtime (apt-get install default-jre-headless / brew install openjdk), or use --engine pdfplumber",
            )

    def cells(self, pdf_path: Path, page: int) -> list[CellBox]:
        import tabula  # imported here: starting the JVM is costly and not every run needs it

        try:
            tables = tabula.read_pdf(
                str(pdf_path), pages=page, lattice=True, output_format="json", silent=True, force_subprocess=False
            )
        except Exception as exc:  # tabula wraps Java failures in several exception types
            if "java" in type(exc).__name__.lower() and "NotFound" in type(exc).__name__:
                raise JavaMissingError(pdf_path, "Java is not installed; the tabula engine needs it", "install a Java runtime or use --engine pdfplumber") from exc
            raise TableStructureError(pdf_path, f"tabula could not read page {page} ({type(exc).__name__}: {exc})", "try --engine pdfplumber") from exc
        out: list[CellBox] = []
        for table in tables:
            for row in table.get("data", []):
                for c in row:
                    w, h = float(c.get("width", 0)), float(c.get("height", 0))
                    if w <= 0.5 or h <= 0.5:
                        continue  # placeholder of a merged span
                    x0, top = float(c["left"]), float(c["top"])
                    out.append(CellBox(page, x0, top, x0 + w, top + h))
        return out


ENGINES = ("tabula", "pdfplumber")


def make_engine(name: str, pdf) -> GridEngine:
    if name == "tabula":
        return TabulaEngine()
    if name == "pdfplumber":
        return PdfplumberEngine(pdf)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")

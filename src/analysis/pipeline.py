"""One department, end to end: PDF → tidy files (and, with checks, checks.csv) in its own folder.

The single entry point the CLI, the notebooks and the batch runner share, so a department's
outputs are the same whichever way it was run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import PROCESSED_DIR
from .extract import extract_pdf
from .outputs import department_dir, slugify, write_table, write_text_atomic
from .schema import (
    CHECKS_COLUMNS,
    NARRATIVE_COLUMNS,
    PERFORMANCE_COLUMNS,
    conform,
    empty_frame,
)


@dataclass
class DepartmentResult:
    pdf: Path
    department: str
    year: int | None
    slug: str
    out_dir: Path
    cells: pd.DataFrame
    tables: pd.DataFrame
    narrative: pd.DataFrame = field(default_factory=lambda: empty_frame(NARRATIVE_COLUMNS))
    performance: pd.DataFrame = field(default_factory=lambda: empty_frame(PERFORMANCE_COLUMNS))
    checks: pd.DataFrame = field(default_factory=lambda: empty_frame(CHECKS_COLUMNS))
    uncovered: pd.DataFrame = field(default_factory=pd.DataFrame)
    pages: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        counts = self.tables["status"].value_counts().to_dict()
        parts = ", ".join(f"{n} {s}" for s, n in counts.items())
        return (
            f"{self.department} {self.year}: {len(self.cells)} cells from 9 tables ({parts}); "
            f"{len(self.narrative)} narrative facts, {len(self.performance)} performance rows → {self.out_dir}"
        )


def _read_words(pdf: Path, pages: list[tuple[int, str]]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Narrative facts and uncovered sentences from the text already read, and the 绩效自评表."""
    from .narrative import extract_narrative

    narrative, uncovered = extract_narrative(pages)
    performance = _read_performance(pdf, pages)
    return narrative, uncovered, performance


def _read_performance(pdf: Path, pages: list[tuple[int, str]]) -> pd.DataFrame:
    """Parse again only the pages that can hold a 绩效自评表 (its title's page and the next two);
    the text pass already told us where they are."""
    import pdfplumber

    from .performance import TITLE, extract_performance

    last = len(pages)
    hits = [n for n, text in pages if TITLE.search(text.replace(" ", ""))]
    wanted = sorted({m for n in hits for m in range(n, min(n + 2, last) + 1)})
    if not wanted:
        return extract_performance([])
    with pdfplumber.open(pdf) as doc:
        return extract_performance([doc.pages[n - 1] for n in wanted])


def extract_department(pdf: str | Path, out_root: Path = PROCESSED_DIR, engine: str = "tabula") -> DepartmentResult:
    """Extract everything a report states and write it under <out_root>/<year>/<slug>/."""
    pdf = Path(pdf)
    ex = extract_pdf(pdf, engine)
    department = ex.department or pdf.stem
    year = ex.year
    out_dir = department_dir(out_root, year or "unknown-year", department)
    narrative, uncovered, performance = _read_words(pdf, ex.pages)
    result = DepartmentResult(
        pdf=pdf,
        department=department,
        year=year,
        slug=slugify(department),
        out_dir=out_dir,
        cells=ex.cells,
        tables=ex.tables,
        narrative=conform(narrative, list(dict.fromkeys([*NARRATIVE_COLUMNS, *narrative.columns]))),
        performance=conform(performance, list(dict.fromkeys([*PERFORMANCE_COLUMNS, *performance.columns]))),
        uncovered=uncovered,
        pages=ex.pages,
    )
    _write(result, ("cells", "tables", "narrative", "performance"))
    if not uncovered.empty:
        write_table(uncovered, out_dir, "uncovered", parquet=False)
    return result


def check_department(pdf: str | Path, out_root: Path = PROCESSED_DIR, engine: str = "tabula") -> DepartmentResult:
    """extract_department, then reconcile: writes checks.csv beside the tidy files."""
    from .reconcile import run_checks

    result = extract_department(pdf, out_root, engine)
    checks = run_checks(result.cells, result.tables, result.narrative, result.performance, text_pages=result.pages)
    result.checks = conform(checks, CHECKS_COLUMNS)
    _write(result, ("checks",))
    return result


def _write(result: DepartmentResult, stems: tuple[str, ...]) -> None:
    for stem in stems:
        write_table(getattr(result, stem), result.out_dir, stem)
    meta = {
        "department": result.department,
        "year": result.year,
        "slug": result.slug,
        "pdf": result.pdf.name,
        "files": sorted(p.name for p in result.out_dir.glob("*.csv")),
    }
    write_text_atomic(result.out_dir / "meta.json", json.dumps(meta, ensure_ascii=False, indent=2))

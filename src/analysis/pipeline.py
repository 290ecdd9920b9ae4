"""One department, end to end: PDF → tidy files (and, with checks, checks.csv) in its own folder.

The single entry point the CLI, the notebooks and the batch runner share, so a department's
outputs are the same whichever way it was run.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import PROCESSED_DIR
from .tables.read import Extraction, extract_doc
from .outputs import department_dir, write_table, write_text_atomic
from .document.pdfdoc import open_report
from .prose.narrative import extract_narrative
from .prose.performance import performance_of
from .reconcile import run_checks
from .reconcile.evidence import resolve
from .catalogue import (
    CATALOGUE,
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
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)  # what each finding read (evidence.csv)
    pages: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        counts = self.tables["status"].value_counts().to_dict()
        parts = ", ".join(f"{n} {s}" for s, n in counts.items())
        return (
            f"{self.department} {self.year}: {len(self.cells)} cells from 9 tables ({parts}); "
            f"{len(self.narrative)} narrative facts, {len(self.performance)} performance rows → {self.out_dir}"
        )


def _read_report(pdf: Path, engine: str) -> tuple[Extraction, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Tables, narrative facts (and coverage) and performance rows from one opening of the PDF."""
    with open_report(pdf) as doc:
        ex = extract_doc(doc, engine)
        performance = performance_of(doc)
    narrative, uncovered = extract_narrative(ex.pages)
    return ex, narrative, uncovered, performance


def extract_department(pdf: str | Path, out_root: Path = PROCESSED_DIR, engine: str = "tabula") -> DepartmentResult:
    """Extract everything a report states and write it under <out_root>/<year>/<slug>/."""
    pdf = Path(pdf)
    ex, narrative, uncovered, performance = _read_report(pdf, engine)
    department = ex.department or pdf.stem
    year = ex.year
    out_dir = own_folder(department_dir(out_root, year or "unknown-year", department), pdf)
    result = DepartmentResult(
        pdf=pdf,
        department=department,
        year=year,
        slug=out_dir.name,
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
        write_table(uncovered, out_dir, "uncovered", parquet=CATALOGUE["uncovered"].parquet)
    return result


def check_department(pdf: str | Path, out_root: Path = PROCESSED_DIR, engine: str = "tabula") -> DepartmentResult:
    """extract_department, then reconcile: writes checks.csv beside the tidy files."""
    result = extract_department(pdf, out_root, engine)
    reads: list = []
    checks = run_checks(result.cells, result.tables, result.narrative, result.performance, text_pages=result.pages,
                        evidence=reads)
    result.checks = conform(checks, CHECKS_COLUMNS)
    result.evidence = resolve(reads, result.cells, result.narrative)
    _write(result, ("checks", "evidence"))
    return result


def pdf_sha256(pdf: Path) -> str:
    """The PDF's identity: two files for one department and year are told apart by content."""
    digest = hashlib.sha256()
    with pdf.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def own_folder(base: Path, pdf: Path) -> Path:
    """base, unless it already holds another PDF's outputs: then base-2, base-3 …

    Two PDFs that print the same department and year (a re-publication, a corrected copy) would
    otherwise overwrite each other's tidy files silently. The same PDF (same bytes) reuses its
    folder, so a re-run replaces its own outputs.
    """
    digest = pdf_sha256(pdf)
    for n in range(1, 1000):
        target = base if n == 1 else base.with_name(f"{base.name}-{n}")
        try:
            info = json.loads((target / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return target  # free (or a damaged meta.json left by a crash: rewritten)
        same = info.get("pdf_sha256") == digest if "pdf_sha256" in info else info.get("pdf") == pdf.name
        if same:
            return target
    raise ValueError(f"{pdf.name}: more than 999 different PDFs print the department {base.name}")


def _write(result: DepartmentResult, stems: tuple[str, ...]) -> None:
    for stem in stems:
        write_table(getattr(result, stem), result.out_dir, stem, parquet=CATALOGUE[stem].parquet)
    meta = {
        "department": result.department,
        "year": result.year,
        "slug": result.slug,
        "pdf": result.pdf.name,
        "pdf_sha256": pdf_sha256(result.pdf),
        "files": sorted(p.name for p in result.out_dir.glob("*.csv")),
    }
    write_text_atomic(result.out_dir / "meta.json", json.dumps(meta, ensure_ascii=False, indent=2))

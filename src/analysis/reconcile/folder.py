"""Re-check a tidy folder: a reviewer corrects cells.csv by hand, then asks whether it now agrees.

Reads the folder through the catalogue (the files are the contract, not the extractor's
objects). The CSV is the copy a user edits: when it is newer than its Parquet copy it is the one
read, and the Parquet copy is rewritten from it, so every later reader sees the correction too.
Then every check runs and checks.csv is rewritten beside the other files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..catalogue import TABLE_FILES, edited_copy_is_newer, load_department
from ..outputs import write_atomic, write_table, write_text_atomic
from ..prose.sentences import read_pages
from . import run_checks
from .evidence import resolve
from .ocr_proof import with_verdicts
from .ocr_review import pages_of, replace_review
from .year_on_year import previous_report


def recheck_folder(out_dir: str | Path, pdf: str | Path | None = None) -> pd.DataFrame:
    """Checks of the tidy files in out_dir (text checks only when the PDF is given); writes checks.csv."""
    folder = Path(out_dir)
    stale = [name for name in TABLE_FILES if edited_copy_is_newer(folder, name)]
    data = load_department(folder)
    for name in stale:  # the typed copy follows the hand correction
        frame = getattr(data, name)
        write_atomic(folder / f"{name}.parquet", lambda tmp, frame=frame: frame.to_parquet(tmp, index=False))
    pages = None
    if pdf is not None:
        pages = read_pages(pdf)
    # the year-on-year checks: the previous year's folder beside this one, as the pipeline finds it
    prior = previous_report(data.out_dir.parent.parent, data.department, data.year)
    reads: list = []
    proof: list = []
    checks = run_checks(data.cells, data.tables, data.narrative, data.performance, pages, unread=data.unread,
                        reading=_optional(data.out_dir / "reading.csv"), uncovered=_optional(data.out_dir / "uncovered.csv"),
                        evidence=reads, previous=prior[1] if prior else None,
                        ocr_pages=pages_of(data.meta.get("ocr_pages")), proof=proof)
    if proof:  # the corrected readings proved anew: cells.csv's ocr_check and the review reason follow
        _rewrite_ocr(data, with_verdicts(data.cells, proof[0]), with_verdicts(data.narrative, proof[0], "fact"),
                     checks)
    write_table(checks, data.out_dir, "checks")
    write_table(resolve(reads, data.cells, data.narrative), data.out_dir, "evidence", parquet=False)
    return checks


def _rewrite_ocr(data, cells: pd.DataFrame, narrative: pd.DataFrame, checks: pd.DataFrame) -> None:
    """cells and narrative (both copies, so neither is stale) and meta.json's review after the OCR
    readings were proved again."""
    write_table(cells, data.out_dir, "cells")
    write_table(narrative, data.out_dir, "narrative")
    if data.meta:
        meta = {**data.meta, "review": replace_review(data.meta.get("review") or [], cells, narrative, checks)}
        write_text_atomic(data.out_dir / "meta.json", json.dumps(meta, ensure_ascii=False, indent=2))


def _optional(path: Path) -> pd.DataFrame | None:
    """A file the extraction writes beside the tidy tables, or None where an older run left none."""
    return pd.read_csv(path, encoding="utf-8-sig") if path.exists() else None


def fail_lines(checks: pd.DataFrame) -> list[str]:
    """One line per failed check, as the command line prints them."""
    fails = checks[checks["status"] == "fail"]
    return [f"FAIL {r.check_id}: {r.description} expected={r.expected} actual={r.actual} (pages {r.pages}) {r.detail}"
            for r in fails.itertuples()]

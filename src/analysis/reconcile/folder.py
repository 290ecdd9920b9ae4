"""Re-check a tidy folder: a reviewer corrects cells.csv by hand, then asks whether it now agrees.

Reads the folder through analysis.loader (the files are the contract, not the extractor's
objects), runs every check and rewrites checks.csv beside the other files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..present.loader import load_department
from ..outputs import write_table
from ..prose.sentences import read_pages
from . import run_checks
from .evidence import resolve


def recheck_folder(out_dir: str | Path, pdf: str | Path | None = None) -> pd.DataFrame:
    """Checks of the tidy files in out_dir (text checks only when the PDF is given); writes checks.csv."""
    data = load_department(out_dir)
    pages = None
    if pdf is not None:
        pages = read_pages(pdf)
    reads: list = []
    checks = run_checks(data.cells, data.tables, data.narrative, data.performance, pages, evidence=reads)
    write_table(checks, data.out_dir, "checks")
    write_table(resolve(reads, data.cells, data.narrative), data.out_dir, "evidence", parquet=False)
    return checks


def fail_lines(checks: pd.DataFrame) -> list[str]:
    """One line per failed check, as the command line prints them."""
    fails = checks[checks["status"] == "fail"]
    return [f"FAIL {r.check_id}: {r.description} expected={r.expected} actual={r.actual} (pages {r.pages}) {r.detail}"
            for r in fails.itertuples()]

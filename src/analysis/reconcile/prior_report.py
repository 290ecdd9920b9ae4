"""The same department's report of the year before, found among the tidy folders.

A report's 与上年相比 sentences are checked against the previous year's own report (its tidy
folder under the same processed root), so a reviewer's two PDFs side by side become one check.
The department is matched by the name printed in both reports (NFKC, spaces ignored), the year
by the accounts year each prints; the folder's meta.json says both.

What was used is recorded in the later report's meta.json (`previous`: year, slug, sha256), so a
batch can tell when a report was checked against a previous year that has since appeared or
changed, and check it again.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd

from ..catalogue import read_frame


def same_department(a: object, b: object) -> bool:
    def norm(x: object) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(x or "")))
    return bool(norm(a)) and norm(a) == norm(b)


def _meta(folder: Path) -> dict:
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def previous_folder(out_root: Path, department: str, year: int | None) -> Path | None:
    """The tidy folder of `department`'s report for year − 1 under out_root, if one was read.

    Two PDFs of that department and year (a re-publication: folders 某局, 某局-2) leave it
    ambiguous which one is the prior; the first folder in name order is taken, and its sha256 is
    in the evidence.
    """
    if year is None:
        return None
    base = Path(out_root) / str(year - 1)
    if not base.is_dir():
        return None
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        info = _meta(folder)
        if info.get("year") == year - 1 and same_department(info.get("department"), department) \
                and (folder / "cells.csv").exists():
            return folder
    return None


def identity(folder: Path | None) -> dict | None:
    """What meta.json records as the previous report used: year, slug and the PDF's sha256."""
    if folder is None:
        return None
    info = _meta(folder)
    return {"year": info.get("year"), "slug": folder.name, "pdf_sha256": info.get("pdf_sha256", "")}


def read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """The tidy frames the checks need, read as every reader reads them (a corrected CSV wins)."""
    return {name: read_frame(folder, name) for name in ("cells", "tables", "narrative", "performance")}


def label(folder: Path) -> str:
    """How the evidence names the previous report: its year, folder and the start of its sha256."""
    info = _meta(folder)
    return f"{info.get('year')} 年度 {folder.name} (PDF sha256 {str(info.get('pdf_sha256', ''))[:12]})"


def prior_changed(folder: Path) -> bool:
    """True when the previous year's report its checks used is not the one there is now: one has
    appeared (it ran later, or under another file name), changed, or gone.

    A folder checked before the year-on-year checks existed (no `previous` in meta.json) counts as
    checked without one: it is stale only once a report of the year before is there.
    """
    info = _meta(folder)
    year = info.get("year")
    now = identity(previous_folder(folder.parent.parent, str(info.get("department") or ""),
                                   year if isinstance(year, int) else None))
    return now != info.get("previous")

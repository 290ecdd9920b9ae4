"""Where each cell's figure was read: the text layer, or OCR of the page's picture, and how sure.

Why a column and not a note: a figure read by OCR is a reading, not a printing; the checks and
the report need to tell the two apart (a misread must not become an accusation), and a reviewer
sorting cells.csv by `confidence` finds the doubtful readings first. The confidence of a cell is
its least confident character's (`document.ocr_page`): one doubtful digit is enough to doubt it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..document.pdfdoc import PageText


def mark_sources(cells: pd.DataFrame, pages: list[PageText]) -> pd.DataFrame:
    """cells with `source` ("text" | "ocr") and `confidence` (empty for text cells) filled in."""
    out = cells.copy()
    out["source"] = "text"
    out["confidence"] = np.nan
    if out.empty:
        return out
    by_number = {p.number: p for p in pages if p.source == "ocr"}
    for i, row in out.iterrows():
        page = by_number.get(int(row["page"])) if pd.notna(row["page"]) else None
        if page is None:
            continue
        out.at[i, "source"] = "ocr"
        out.at[i, "confidence"] = lowest_confidence(page.chars, row["x0"], row["top"], row["x1"], row["bottom"])
    return out


def lowest_confidence(chars: list[dict], x0: float, top: float, x1: float, bottom: float) -> float:
    """The least confidence among the characters whose centre lies in the box (1.0 if none)."""
    inside = [c.get("confidence", 1.0) for c in chars
              if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1 and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1]
    return float(min(inside, default=1.0))

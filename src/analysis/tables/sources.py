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


def settle_ocr_items(cells: pd.DataFrame, ocr_pages: set[int]) -> pd.DataFrame:
    """Each code's item name on the OCR pages made the same wherever the report prints that code.

    Why: the same 科目 (201 一般公共服务支出) stands in three or four tables, and the recogniser now and
    then loses a character at a line's end — a leading 一 on a noisy scan (般公共服务支出 in two tables,
    一般公共服务支出 in the third), so the cell's key named no item the report prints. When one reading
    of a code's name contains every other reading of it, the others are that name cut short, and
    the OCR cells take it; names that differ otherwise are left as read (the report may print them so).
    """
    if cells.empty or not ocr_pages or "code" not in cells:
        return cells
    coded = cells["code"].fillna("").astype(str).ne("") & cells["item"].notna()
    names = cells[coded].groupby(cells.loc[coded, "code"].astype(str))["item"].agg(lambda s: set(map(str, s)))
    out = cells.copy()
    on_ocr = out["page"].isin(ocr_pages) & coded
    for code, readings in names.items():
        if len(readings) < 2:
            continue
        whole = max(readings, key=len)
        if all(name in whole for name in readings):
            out.loc[on_ocr & (out["code"].astype(str) == code), "item"] = whole
    return out

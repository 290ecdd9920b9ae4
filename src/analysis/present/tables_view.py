"""The nine tables as juesuan read them, laid out for a reader: rows × columns of printed text.

A reviewer who doubts a finding (or a silence) opens the table and compares it with the page
thumbnail beside it: every number is shown as printed, under its column's Chinese name. The
counts say how many numbers were read and, where the extractor counted them (tables.csv's
numbers_printed / numbers_read, unread.csv), how many the page prints and which were not read.
A cell the two table readers read differently (cells.csv agreement) is shown with what the other
reader saw, so the reviewer knows which figures to compare with the page first.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ..labels import STATUS_ZH, SIDE_ZH, column_zh, reading_zh, table_zh
from ..tables.agreement import DIFFER, MOVED, disputed
from .loader import DepartmentData

TABLE_STATUS_ZH = {"extracted": "已读出", "empty": "表中无数（已说明）", "missing": "未找到"}


def _int(value: object) -> int | None:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else int(v)


def _pages(value: object) -> list[int]:
    return [int(p) for p in re.findall(r"\d+", str(value or ""))]


def counts_text(table_row: dict, n_cells: int) -> str:
    """The table's figures read and its numbers unexplained, with the extractor's counts (tables.csv
    numbers_*); without them (an older folder), the cells read (never a guess where it did not count)."""
    printed, read = _int(table_row.get("numbers_printed")), _int(table_row.get("numbers_read"))
    unexplained = _int(table_row.get("numbers_unexplained")) or 0
    if printed is not None and read is not None:
        text = reading_zh(table_row) + ("，请复核" if unexplained else "")
        others = printed - read - unexplained
        return text + (f"（另有 {others} 个行次、栏次、编码、页码等）" if others > 0 else "")
    return f"读出数字 {n_cells} 个"


def _unread(unread: pd.DataFrame, table: str) -> list[str]:
    """The numbers of this table's pages that nothing explains (unread.csv, reason unexplained)."""
    if unread is None or unread.empty or "table" not in unread:
        return []
    rows = unread[unread["table"].astype(str) == table]
    if "reason" in rows:
        rows = rows[rows["reason"].astype(str) == "unexplained"]
    col = next((c for c in ("text", "printed", "value") if c in rows), None)
    if col is None:
        return []
    pages = rows["page"] if "page" in rows else pd.Series([""] * len(rows), index=rows.index)
    return [f"{v}（第 {_int(p)} 页）" if _int(p) is not None else str(v) for v, p in zip(rows[col].astype(str), pages)]


def _cell_text(rec: dict) -> str:
    printed = rec.get("printed")
    if isinstance(printed, str) and printed:
        return printed
    value = rec.get("value")
    try:
        return "" if value is None or math.isnan(float(value)) else f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


def _other_zh(rec: dict, engines: dict[str, str]) -> str:
    """What the other reader saw in a disputed cell, in Chinese ("" where the two agree)."""
    agreement = rec.get("agreement")
    if not disputed(agreement):
        return ""
    other = rec.get("other") if isinstance(rec.get("other"), str) else ""
    at = rec.get("other_at") if isinstance(rec.get("other_at"), str) else ""
    who = engines.get("other") or "另一读法"
    if agreement == DIFFER:
        return f"{who} 读作 {other}" + (f"（在 {at}）" if at else "")
    if agreement == MOVED:
        return f"{who} 读在 {at}"
    if _cell_text(rec):  # only the reported reader read it
        return f"{who} 未读出此数"
    return f"仅 {str(agreement).removeprefix('only_')} 读出 {other}（所报读法此处为空）"


def table_view(key: str, table_row: dict, cells: list[dict], thumbnails: dict[int, str],
               unread: pd.DataFrame, engines: dict[str, str] | None = None) -> dict:
    """One table: its rows (side, code, item, 行次) × its columns, values as printed.

    Plain Python over the table's records: a few hundred cells, and pandas' per-row work cost
    more than the rest of the report's evidence together."""
    columns = list(dict.fromkeys(str(c.get("column") or "") for c in cells))
    label_cols = [c for c in ("side", "code", "item", "row_no") if any(str(r.get(c) or "") for r in cells)]
    rows: dict[tuple, dict[str, str]] = {}
    notes: dict[tuple, dict[str, str]] = {}
    for rec in cells:
        labels = tuple(str(rec.get(c) or "") for c in label_cols)
        column = str(rec.get("column") or "")
        rows.setdefault(labels, {})
        if (note := _other_zh(rec, engines or {})):  # a cell read twice over (923.2 and 7): every note
            row_notes = notes.setdefault(labels, {})
            row_notes[column] = f"{row_notes[column]}；{note}" if column in row_notes else note
        if _cell_text(rec) or column not in rows[labels]:
            rows[labels][column] = _cell_text(rec)
    body = [[SIDE_ZH.get(v, v) if c == "side" else v for c, v in zip(label_cols, labels)] +
            [values.get(c, "") for c in columns] for labels, values in rows.items()]
    marks = [[""] * len(label_cols) + [notes.get(labels, {}).get(c, "") for c in columns] for labels in rows]
    n_disputed = sum(1 for rec in cells if disputed(rec.get("agreement")))
    read = [rec for rec in cells if _cell_text(rec)]
    header = [{"side": "收/支", "code": "科目编码", "item": "项目", "row_no": "行次"}[c] for c in label_cols] + \
        [column_zh(c) for c in columns]
    pages = _pages(table_row.get("pages"))
    status = str(table_row.get("status") or "missing")
    return {
        "key": key,
        "title": str(table_row.get("title") or table_zh(key)),
        "status_zh": TABLE_STATUS_ZH.get(status, STATUS_ZH.get(status, status)),
        "pages": "、".join(map(str, pages)),
        "note": str(table_row.get("note") or ""),
        "counts": counts_text(table_row, len(read)) +
        (f"；两种表格读法有 {n_disputed} 处不同，请对照原页复核" if n_disputed else ""),
        "thumbs": [(p, thumbnails[p]) for p in pages if p in thumbnails],
        "unread": _unread(unread, key),
        "header": header,
        "rows": body,
        "marks": marks,  # per cell: what the other reader saw where the two disagree ("" elsewhere)
        "label_columns": len(label_cols),
    }


def table_views(data: DepartmentData, thumbnails: dict[int, str]) -> list[dict]:
    tables = data.tables.to_dict("records") if len(data.tables) else []
    by_table: dict[str, list[dict]] = {}
    for rec in data.cells.to_dict("records") if len(data.cells) else []:
        by_table.setdefault(str(rec.get("table")), []).append(rec)
    names = [e for e in (data.meta or {}).get("engines") or [] if e]
    engines = dict(zip(("reported", "other"), names))
    return [table_view(str(t["table"]), t, by_table.get(str(t["table"]), []), thumbnails, data.unread, engines)
            for t in tables]

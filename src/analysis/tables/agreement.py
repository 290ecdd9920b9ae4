"""Two grid engines' cells of the same tables → one verdict per cell (cells.csv `agreement`).

tabula's lattice and pdfplumber's ruled-line finder see the same ruled lines and read the one text
layer, so on a well-made PDF they give the same cells. Where they do not, one of them has misread
the grid (a rule it missed, a number split across two boxes, a value put under another row or
column) and nothing else says which: the cell is marked, the department goes to review with the
cell named, and a check that reads it says insufficient_data instead of building a verdict on it.

The comparison is by what a cell means (table, side, code, item, 行次, column) and, where that
differs, by where it is printed (the same box on the same page read under another row/column).
The reported engine's records keep their value; a cell only the other engine read is added with
no value, so the table shows the gap and a check that looks for it finds a disputed cell.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..labels import column_zh, table_zh

AGREE, DIFFER, MOVED, OCR, UNCHECKED = "agree", "differ", "moved", "ocr", "unchecked"
# where the two readings do not say the same: the cell cannot be trusted without a look at the page
SETTLED = frozenset({AGREE, OCR, UNCHECKED, ""})

KEY = ("table", "side", "code", "item", "row_no", "column")


def only(engine: str) -> str:
    """The agreement of a cell one engine read and the other did not."""
    return f"only_{engine.split('-')[0]}"


def disputed(agreement: object) -> bool:
    """True where the two engines read the cell differently (differ, moved, only_…)."""
    return isinstance(agreement, str) and agreement not in SETTLED


def _key(rec: dict) -> tuple[str, ...]:
    return tuple(str(rec.get(k) or "") for k in KEY)


def _printed(rec: dict) -> str:
    return "".join(str(rec.get("printed") or "").split())


def place(rec: dict) -> str:
    """Where a reading put a cell, for a reader: `income 一、一般公共预算财政拨款收入 / actual`."""
    row = " ".join(p for p in (str(rec.get("side") or ""), str(rec.get("code") or ""), str(rec.get("item") or "")) if p)
    if rec.get("row_no"):
        row += f" 行次{rec['row_no']}"
    return f"{row} / {rec.get('column') or ''}".strip()


def _same_place(a: dict, b: dict) -> bool:
    """The two boxes are the one printed cell: same page, each one's centre inside the other."""
    if a.get("page") != b.get("page"):
        return False

    def inside(p: dict, q: dict) -> bool:
        xc, yc = (p["x0"] + p["x1"]) / 2, (p["top"] + p["bottom"]) / 2
        return q["x0"] - 1 <= xc <= q["x1"] + 1 and q["top"] - 1 <= yc <= q["bottom"] + 1

    return inside(a, b) or inside(b, a)


def _numbered(records: Iterable[dict]) -> dict[tuple, dict]:
    """Records by meaning; a meaning printed twice (two 其中 rows of one label) numbered in order."""
    seen: dict[tuple, int] = {}
    out: dict[tuple, dict] = {}
    for rec in records:
        k = _key(rec)
        seen[k] = seen.get(k, 0) + 1
        out[(*k, seen[k])] = rec
    return out


def compare(reported: list[dict], other: list[dict], reported_engine: str, other_engine: str,
            ocr_pages: frozenset[int] = frozenset(), unread_pages: frozenset[int] = frozenset(),
            unchecked_pages: frozenset[int] = frozenset()) -> list[dict]:
    """The reported engine's records, each with agreement / other / other_at, then the cells only
    the other engine read (value and printed empty, `other` what it read).

    ocr_pages: pages whose text came from OCR, read by one engine only (agreement `ocr`);
    unread_pages: pages where the reported engine saw no grid and took the other's cells;
    unchecked_pages: pages the other engine failed on (their cells `unchecked`, the review says so).
    """
    mine, theirs = _numbered(reported), _numbered(other)
    out: list[dict] = []
    left: list[dict] = []
    matched: set[tuple] = set()
    for k, rec in mine.items():
        rec = dict(rec, agreement=AGREE, other="", other_at="")
        if rec.get("page") in ocr_pages:
            rec["agreement"] = OCR
        elif rec.get("page") in unchecked_pages:
            rec["agreement"] = UNCHECKED
        elif rec.get("page") in unread_pages:
            rec["agreement"] = only(other_engine)
        elif k in theirs:
            matched.add(k)
            if _printed(theirs[k]) != _printed(rec):
                rec.update(agreement=DIFFER, other=str(theirs[k].get("printed") or ""))
        else:
            left.append(rec)
            continue
        out.append(rec)
    rest = {k: r for k, r in theirs.items() if k not in matched and r.get("page") not in ocr_pages | unchecked_pages}
    for rec in left:  # the reported engine put it where the other did not: the same box elsewhere?
        hit = next((k for k, o in rest.items() if _same_place(rec, o)), None)
        if hit is None:
            rec["agreement"] = only(reported_engine)
        else:
            o = rest.pop(hit)
            rec.update(agreement=MOVED if _printed(o) == _printed(rec) else DIFFER,
                       other=str(o.get("printed") or ""), other_at=place(o))
        out.append(rec)
    for o in rest.values():
        if o.get("page") in unread_pages:
            continue  # already the reported cells of that page
        out.append(dict(o, value=None, printed="", agreement=only(other_engine), other=str(o.get("printed") or ""),
                        other_at=""))
    return out


def unchecked(records: list[dict]) -> list[dict]:
    """The records of a reading no second engine could check (it failed to run)."""
    return [dict(r, agreement=UNCHECKED, other="", other_at="") for r in records]


def disputed_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """The cells of a cells frame the two engines read differently, each with `named`: the cell
    said in Chinese for a reviewer (table, row / column, page, both readings)."""
    if cells is None or not len(cells) or "agreement" not in cells:
        return pd.DataFrame(columns=[*KEY, "named"])
    d = cells[cells["agreement"].map(disputed)].copy()
    d["named"] = [_named(r) for r in d.to_dict("records")]
    return d


def _named(rec: dict) -> str:
    def text(v: object) -> str:
        return "" if v is None or v != v else str(v).strip()

    row = text(rec.get("item")) or text(rec.get("code")) or f"行次{text(rec.get('row_no'))}"
    page = text(rec.get("page")).removesuffix(".0")
    mine, other = text(rec.get("printed")) or "空", text(rec.get("other")) or "空"
    where = f"，另一读法读在 {text(rec.get('other_at'))}" if text(rec.get("other_at")) else ""
    return f"{table_zh(text(rec.get('table')))}第{page}页“{row}”{column_zh(text(rec.get('column')))}：{mine}／{other}{where}"

"""The one catalogue of a department's tidy files: name, columns, types, and which copy a user edits.

The writer (pipeline), the reader (`load_department`, used by the reports, the index and the
cross-department panel) and `juesuan recheck` all take their file list from `CATALOGUE`, so a
file, a column or a column's type is declared once (the contract of docs/data-dictionary.md,
which says what each column means). Every frame is built through `empty_frame`/`conform`, so an
empty result still has the right columns and downstream code never meets a missing one.

Each table is written twice: a CSV (UTF-8 with BOM, what a reviewer opens in Excel and corrects
by hand, as the README tells them to) and a Parquet copy (typed, fast to load). The CSV is the
copy of record: the Parquet file is used only while it is at least as new as its CSV, so a hand
correction is never silently shadowed by the copy the user did not touch.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import EditedFileError


@dataclass(frozen=True)
class Dataset:
    """One tidy file of a department's folder."""

    name: str  # the file stem: <name>.csv (+ <name>.parquet)
    columns: tuple[str, ...]  # the contract's columns, in order (a reader may find more after them)
    numeric: frozenset[str] = field(default_factory=frozenset)  # loaded as numbers; the rest stays text
    parquet: bool = True  # a typed Parquet copy is written beside the CSV
    edited: str = "csv"  # the copy a user may correct by hand (the other is derived from it)
    about: str = ""

    @property
    def column_list(self) -> list[str]:
        return list(self.columns)


CATALOGUE: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("cells", ("department", "year", "table", "side", "code", "item", "row_no", "column", "value",
                          "page", "x0", "top", "x1", "bottom", "group", "printed", "agreement", "other", "other_at",
                          "source", "confidence", "alternative", "ocr_check"),
                frozenset({"year", "value", "page", "x0", "top", "x1", "bottom", "confidence"}),
                about="every printed number of the nine tables, with its page and box; group: personnel / "
                      "public for basic_expenditure rows; printed: the value's text as printed (before unit "
                      "conversion), so a reviewer can compare character for character; agreement: what the "
                      "second grid engine read there (agree, differ, moved, only_tabula, only_pdfplumber, "
                      "ocr, unchecked), other: its text where it differs, other_at: its row / column where "
                      "it put the figure elsewhere; source: text (the PDF's text layer) or ocr (recognised "
                      "from the page's picture); confidence: for OCR cells, the lowest confidence (0-1) of the "
                      "cell's characters, empty for text cells; ocr_check: what the report's arithmetic says of "
                      "an OCR reading (confirmed / possible_misreading / unconfirmed), alternative: the reading "
                      "that would close the identities it breaks"),
        Dataset("tables", ("table", "title", "pages", "unit", "status", "note", "numbers_printed", "numbers_read",
                           "numbers_unexplained"),
                frozenset({"numbers_printed", "numbers_read", "numbers_unexplained"}),
                about="one row per standard table: found where, in which unit, extracted / empty / missing; "
                      "numbers_*: how many numbers its span (title to 注) prints, how many are cells of "
                      "cells.csv, how many unread.csv calls unexplained (the table is then for review)"),
        Dataset("unread", ("department", "year", "table", "page", "x0", "top", "x1", "bottom", "text", "reason",
                           "context"),
                frozenset({"year", "page", "x0", "top", "x1", "bottom"}), edited="",
                about="every number printed on a table page that is not a cell, with its box and the reason: "
                      "row_no (行次), column_no (栏次), code, header, item, page_number, date, table_number "
                      "(公开NN表), title, heading, note (注/说明), printed_again, or unexplained; context is "
                      "the line it is printed on"),
        Dataset("narrative", ("fact", "value", "unit", "sentence", "page", "source", "alternative", "ocr_check"),
                frozenset({"value", "page"}),
                about="figures and facts the explanatory text states, each with its sentence and page; source: "
                      "text layer or OCR; ocr_check / alternative: what the arithmetic says of an OCR figure, "
                      "as in cells"),
        Dataset("performance", ("scope", "level1", "level2", "indicator", "target", "actual", "score", "page"),
                frozenset({"score", "page"}), about="the 绩效自评表 rows"),
        Dataset("checks", ("check_id", "category", "description", "expected", "actual", "difference", "tolerance",
                           "status", "tables", "pages", "detail", "label_zh"),
                frozenset({"expected", "actual", "difference", "tolerance"}), edited="",
                about="every reconciliation check with its verdict and evidence (rewritten by recheck); "
                      "description and detail in English for the data, label_zh what a reader is shown"),
        Dataset("uncovered", ("page", "number", "unit", "reason", "explained", "sentence", "section"),
                frozenset({"page"}), parquet=False, edited="",
                about="one row per printed figure of the narrative that is not a fact: its page, the number as "
                      "printed, why it is not read, and whether that is by design (explained: a count, a work "
                      "result, part of a stated reason) or a gap that puts the department up for review"),
        Dataset("reading", ("page", "numbers", "order_checked", "agrees", "evidence"),
                frozenset({"page", "numbers"}), parquet=False, edited="",
                about="one row per page: its numbers as juesuan's lines read them against PDFium's own text "
                      "(multiset always; neighbours on running-text pages drawn in reading order), and what "
                      "differs where they disagree"),
        Dataset("evidence", ("check_id", "kind", "table", "side", "code", "item", "row_no", "column", "value",
                             "printed", "page", "x0", "top", "x1", "bottom", "fact", "text", "needle"),
                frozenset({"value", "page", "x0", "top", "x1", "bottom", "fact"}), parquet=False, edited="",
                about="what each check read: kind cell (a printed number of cells.csv, with its page and box), "
                      "fact (a row of narrative.csv: its sentence and page), text (words on a page: the "
                      "context and the slip itself as needle), form (a 绩效自评表 figure on a page, as printed); the report and the annotated PDF draw from it "
                      "(rewritten by recheck)"),
    )
}
"""Every tidy file, in the order a folder is written and described."""
TABLE_FILES: tuple[str, ...] = ("cells", "tables", "unread", "narrative", "performance", "checks")
"""The tables every department folder has and a reader loads (uncovered.csv and reading.csv are
written beside them for the coverage checks, which read them on their own)."""

CELLS_COLUMNS = CATALOGUE["cells"].column_list
TABLES_COLUMNS = CATALOGUE["tables"].column_list
NARRATIVE_COLUMNS = CATALOGUE["narrative"].column_list
PERFORMANCE_COLUMNS = CATALOGUE["performance"].column_list
CHECKS_COLUMNS = CATALOGUE["checks"].column_list
EVIDENCE_COLUMNS = CATALOGUE["evidence"].column_list
UNREAD_COLUMNS = CATALOGUE["unread"].column_list

CHECK_STATUSES = ["pass", "warn", "fail", "not_applicable", "insufficient_data"]


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def conform(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Reorder to the contract's columns, adding any that are missing as empty."""
    out = df.copy()
    for c in columns:
        if c not in out.columns:
            out[c] = pd.NA
    return out[columns]


# ---------------------------------------------------------------- reading a folder back


def edited_copy_is_newer(folder: Path, name: str) -> bool:
    """The user-edited CSV was written after its Parquet copy (a hand correction): the CSV wins."""
    csv, parquet = folder / f"{name}.csv", folder / f"{name}.parquet"
    if CATALOGUE[name].edited != "csv" or not csv.exists() or not parquet.exists():
        return False
    return csv.stat().st_mtime_ns > parquet.stat().st_mtime_ns


def read_frame(folder: Path, name: str) -> pd.DataFrame:
    """One tidy file in its contract columns and types (an empty frame when absent).

    Parquet when present and current (it keeps types); the CSV, with text columns kept as text
    (codes like 2013101 or 001 are identifiers), when there is no Parquet copy or the CSV was
    corrected after it.
    """
    spec = CATALOGUE[name]
    parquet, text = folder / f"{name}.parquet", folder / f"{name}.csv"
    if parquet.exists() and not edited_copy_is_newer(folder, name):
        df = pd.read_parquet(parquet)
    elif text.exists() and spec.edited == "csv":
        return read_edited_csv(text, spec)  # perhaps saved by a person: read what they meant, or refuse
    elif text.exists():
        df = pd.read_csv(text, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    else:
        df = pd.DataFrame(columns=spec.column_list)
    extra = [c for c in df.columns if c not in spec.columns]
    out = conform(df, spec.column_list + extra)
    for col in out.columns:
        if col in spec.numeric:
            out[col] = pd.to_numeric(out[col].replace("", None), errors="coerce")
        else:
            out[col] = out[col].astype("string").fillna("").astype(object)
    return out


# ---------------------------------------------------------------- a CSV a person saved

# what the checks find a figure by: without one of these a corrected file cannot be checked
REQUIRED_WHEN_EDITED = {"cells": ("table", "side", "code", "item", "column", "value")}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")  # 1,132.98: Excel's number format
_SAY_NUMBER = "write it as a number (1132.98; 1,132.98 and full-width digits are read too), or leave the cell empty where the report prints none"


def typed_number(text: str) -> float | None:
    """What a person means by a figure typed in a spreadsheet: None for an empty cell, else a
    float; thousands separators and full-width digits (１１３２．９８) are read. Raises ValueError
    for anything else, never guesses (a NaN computed as 0 would be a misread accusation)."""
    plain = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not plain:
        return None
    if _GROUPED.fullmatch(plain):
        plain = plain.replace(",", "")
    if not _NUMBER.fullmatch(plain):
        raise ValueError(text)
    return float(plain)


def _decoded(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), or GBK, what Excel on Chinese Windows saves."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EditedFileError(path, "the file is neither UTF-8 nor GBK text", "save it from Excel as CSV (UTF-8)")


def read_edited_csv(path: Path, spec: Dataset) -> pd.DataFrame:
    """A tidy CSV a person may have corrected and saved, in its contract columns and types.

    Refused with EditedFileError, naming the file and the problem, when it is empty, not
    comma-separated, lacks a column the checks need, or holds a figure that is not a number.
    """
    text = _decoded(path)
    if not text.strip():
        raise EditedFileError(path, "the file is empty", f"write its header line ({','.join(spec.columns)}) and rows back, or delete the file and run the extraction again")
    header = next(csv.reader(io.StringIO(text)), [])
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED_WHEN_EDITED.get(spec.name, ()) if c not in df.columns]
    if missing or len(header) == 1 and len(spec.columns) > 1:
        for sep, said in ((";", "semicolons (;)"), ("\t", "tabs")):
            if sep in header[0]:
                raise EditedFileError(path, f"its columns are separated by {said}, not commas",
                                      "save it as CSV with comma separators (in Excel: 文件 → 另存为 → CSV UTF-8)")
        if missing:
            raise EditedFileError(path, f"the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                                        f"{'are' if len(missing) > 1 else 'is'} missing",
                                  f"its header line must name {', '.join(spec.columns)}")
    extra = [c for c in df.columns if c not in spec.columns]
    out = conform(df, spec.column_list + extra)
    bad: list[str] = []
    for col in out.columns:
        if col not in spec.numeric:
            out[col] = out[col].astype("string").fillna("").astype(object)
            continue
        values = []
        for i, cell in enumerate(out[col].fillna("").astype(str)):
            try:
                values.append(typed_number(cell))
            except ValueError:
                values.append(None)
                bad.append(f"row {i + 2} ({_where(df.iloc[i])}) {col} {cell!r}")
        out[col] = pd.to_numeric(pd.Series(values, index=out.index, dtype=object), errors="coerce")
    if bad:
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise EditedFileError(path, f"{len(bad)} value{'s are' if len(bad) > 1 else ' is'} not a number: "
                                    + "; ".join(bad[:5]) + more, _SAY_NUMBER)
    return out


def _where(row: pd.Series) -> str:
    """A row as a reviewer finds it again in the spreadsheet: its table, item and column."""
    return " ".join(str(row[c]) for c in ("table", "item", "column") if c in row.index and str(row[c]))


@dataclass
class DepartmentData:
    """The tidy files of one department, each in its contract columns (empty frame when absent)."""

    department: str
    year: int | None
    slug: str
    out_dir: Path
    cells: pd.DataFrame
    tables: pd.DataFrame
    narrative: pd.DataFrame
    performance: pd.DataFrame
    checks: pd.DataFrame
    unread: pd.DataFrame = field(default_factory=lambda: empty_frame(UNREAD_COLUMNS))
    evidence: pd.DataFrame = field(default_factory=lambda: empty_frame(EVIDENCE_COLUMNS))  # what each check read
    meta: dict = field(default_factory=dict)


def load_department(out_dir: str | Path) -> DepartmentData:
    """Load <out_dir>/{cells,tables,narrative,performance,checks}.{parquet,csv} and meta.json."""
    folder = Path(out_dir)
    meta: dict = {}
    if (folder / "meta.json").exists():
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    frames = {name: read_frame(folder, name) for name in TABLE_FILES}
    frames["evidence"] = read_frame(folder, "evidence")  # absent in folders older than evidence.csv: empty
    cells = frames["cells"]
    department = str(meta.get("department") or (cells["department"].iloc[0] if len(cells) else folder.name))
    year_raw = meta.get("year") or (cells["year"].iloc[0] if len(cells) else folder.parent.name)
    try:
        year: int | None = int(year_raw)
    except (TypeError, ValueError):
        year = None
    return DepartmentData(department=department, year=year, slug=str(meta.get("slug") or folder.name),
                          out_dir=folder, meta=meta, **frames)


def find_department_dirs(root: str | Path) -> list[Path]:
    """Every <root>/<year>/<slug>/ holding a cells file, sorted (stable panel order)."""
    base = Path(root)
    if not base.is_dir():
        return []
    hits = {p.parent for pattern in ("*/*/cells.csv", "*/*/cells.parquet") for p in base.glob(pattern)}
    return sorted(hits)

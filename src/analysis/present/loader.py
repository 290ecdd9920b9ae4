"""Read one department's tidy folder back, and boil it down to the figures reports and panels show.

Reports, the index and the cross-department notebook all start from the files in
data/processed/<year>/<slug>/ (the data contract), never from the extractor's objects: a report
can be rebuilt from the files alone, and a panel can be built from folders written by any version
of the extractor.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

# the folder is read through the catalogue; loader.load_department is what notebooks call
from ..catalogue import CHECK_STATUSES, DepartmentData, conform, find_department_dirs, load_department  # noqa: F401
from ..domain import THREE_PUBLIC_PARTS, economic_group
from ..tables.agreement import disputed_cells
from ..reconcile.ocr_review import misreadings, ocr_counts, pages_of, pages_text

# ---------------------------------------------------------------- figures from cells


def _num(x: object) -> float:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return v


def cell_value(cells: pd.DataFrame, table: str, column: str, *, item: str | None = None,
               code: str | None = None, side: str | None = None) -> float:
    """One printed number (NaN when the cell is blank or the table is missing)."""
    sel = (cells["table"] == table) & (cells["column"] == column)
    if item is not None:
        sel &= cells["item"].astype(str).str.replace(r"\s+", "", regex=True) == item
    if code is not None:
        sel &= cells["code"].astype(str) == code
    if side is not None:
        sel &= cells["side"].astype(str) == side
    hit = cells.loc[sel, "value"]
    return _num(hit.iloc[0]) if len(hit) else math.nan


def total_row_value(cells: pd.DataFrame, table: str, column: str) -> float:
    """The 合计 row of a coded table (its code is empty); falls back to Σ 类 rows."""
    rows = cells[(cells["table"] == table) & (cells["column"] == column)]
    total = rows[(rows["code"].astype(str) == "") & rows["item"].astype(str).str.contains("合计|总计")]
    if len(total):
        return float(total["value"].iloc[0])
    top = rows[rows["code"].astype(str).str.len() == 3]
    return float(top["value"].sum()) if len(top) else math.nan


def expenditure_rows(cells: pd.DataFrame) -> pd.DataFrame:
    """Function-classified spending, one row per code: code, item, level, total, basic, project.

    Uses the 支出决算表; when that table is missing, the 一般公共预算财政拨款支出决算表, which
    carries the same columns for fiscal money.
    """
    for table in ("expenditure", "general_budget_expenditure"):
        rows = cells[(cells["table"] == table) & cells["code"].astype(str).str.fullmatch(r"\d{3}(\d{2}){0,2}")]
        if len(rows):
            wide = rows.pivot_table(index=["code", "item"], columns="column", values="value", aggfunc="first")
            wide = wide.reset_index()
            for col in ("total", "basic", "project"):
                if col not in wide.columns:
                    wide[col] = math.nan
            wide["level"] = wide["code"].str.len().map({3: "类", 5: "款", 7: "项"})
            wide = wide.sort_values("code").reset_index(drop=True)
            wide["table"] = table
            return wide[["code", "item", "level", "total", "basic", "project", "table"]]
    return pd.DataFrame(columns=["code", "item", "level", "total", "basic", "project", "table"])


def economic_items(cells: pd.DataFrame) -> pd.DataFrame:
    """Basic spending by economic item (5-digit codes), with group, largest first."""
    rows = cells[(cells["table"] == "basic_expenditure") & (cells["code"].astype(str).str.len() == 5)]
    rows = rows[rows["value"].fillna(0) != 0]
    out = rows[["code", "item", "value"]].copy()
    if "group" in rows.columns and rows["group"].astype(str).str.len().gt(0).all():
        out["group"] = rows["group"].astype(str).values
    else:
        out["group"] = out["code"].map(economic_group)
    return out.sort_values("value", ascending=False).reset_index(drop=True)


def personnel_public(cells: pd.DataFrame) -> dict[str, float]:
    """人员经费 and 公用经费: the printed 合计 rows, else the sum of their 类 rows."""
    out = {}
    for key, label in (("personnel", "人员经费合计"), ("public", "公用经费合计")):
        printed = cell_value(cells, "basic_expenditure", "amount", item=label)
        if math.isnan(printed):
            rows = cells[(cells["table"] == "basic_expenditure") & (cells["code"].astype(str).str.len() == 3)]
            rows = rows[rows["code"].map(economic_group) == key]
            printed = float(rows["value"].sum()) if len(rows) else math.nan
        out[key] = printed
    return out


def three_public(cells: pd.DataFrame) -> pd.DataFrame:
    """三公 budget and actual part by part (a blank printed cell counts as 0 here: nothing spent)."""
    rows = cells[cells["table"] == "three_public"]
    present = not rows.empty
    data = []
    for key, label in THREE_PUBLIC_PARTS:
        vals = {}
        for kind in ("budget", "actual"):
            hit = rows.loc[rows["column"] == f"{kind}_{key}", "value"]
            vals[kind] = float(hit.iloc[0]) if len(hit) else (0.0 if present else math.nan)
        data.append({"part": key, "label": label, **vals})
    return pd.DataFrame(data)


def performance_summary(performance: pd.DataFrame) -> pd.DataFrame:
    """One row per self-evaluation table: scope, printed 总分, Σ indicator scores, indicator count."""
    if performance.empty:
        return pd.DataFrame(columns=["scope", "total_score", "indicator_sum", "indicators"])
    out = []
    for scope, grp in performance.groupby("scope", sort=False):
        total = grp.loc[grp["level1"] == "总分", "score"]
        indicators = grp[~grp["level1"].isin(["总分", "预算执行情况"])]
        budget = grp.loc[grp["level1"] == "预算执行情况", "score"]
        out.append({
            "scope": scope,
            "total_score": float(total.iloc[0]) if len(total) else math.nan,
            "indicator_sum": float(indicators["score"].sum() + (budget.max() if len(budget) else 0)),
            "indicators": int(len(indicators)),
        })
    return pd.DataFrame(out)


def check_counts(checks: pd.DataFrame) -> dict[str, int]:
    """How many checks ended in each status (every status present, zeros included)."""
    counts = checks["status"].value_counts() if len(checks) else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in CHECK_STATUSES}


def number_counts(tables: pd.DataFrame, unread: pd.DataFrame) -> dict[str, int]:
    """Printed numbers on the table pages: how many, how many read as cells, how many unexplained.

    From tables.csv (numbers_* columns) plus the unread numbers no table owns (page numbers);
    zeros from a folder written before these columns existed.
    """
    def total(col: str) -> int:
        if col not in tables or tables.empty:
            return 0
        return int(pd.to_numeric(tables[col], errors="coerce").fillna(0).sum())

    loose = unread[unread["table"].astype(str) == ""] if len(unread) else unread
    unexplained = int((unread["reason"] == "unexplained").sum()) if len(unread) else 0
    return {"numbers_printed": total("numbers_printed") + len(loose), "numbers_read": total("numbers_read"),
            "numbers_unexplained": unexplained}


def check_verdict(checks: pd.DataFrame) -> str:
    """One word for the index: fail beats warn beats pass; no checks at all is 'unchecked'."""
    counts = check_counts(checks)
    if not len(checks):
        return "unchecked"
    if counts["fail"]:
        return "fail"
    if counts["warn"] or counts["insufficient_data"]:
        return "warn"
    return "pass"


def failures(checks: pd.DataFrame) -> pd.DataFrame:
    """Failed and warned checks with the printed values and their pages (the list a reader needs)."""
    cols = ["check_id", "category", "status", "description", "expected", "actual", "difference", "pages", "detail",
            "tolerance", "label_zh"]
    if checks.empty:
        return pd.DataFrame(columns=cols)
    checks = conform(checks, list(dict.fromkeys([*checks.columns, *cols])))
    bad = checks[checks["status"].isin(["fail", "warn"])]
    order = {"fail": 0, "warn": 1}
    bad = bad.assign(_o=bad["status"].map(order)).sort_values(["_o", "check_id"]).drop(columns="_o")
    return bad[cols].reset_index(drop=True)


def key_figures(data: DepartmentData) -> dict[str, object]:
    """The figures the index and the panel show for one department (万元 unless named _pct)."""
    cells = data.cells
    income = cell_value(cells, "summary", "amount", item="本年收入合计", side="income")
    spend = cell_value(cells, "summary", "amount", item="本年支出合计", side="expenditure")
    if math.isnan(spend):
        spend = total_row_value(cells, "expenditure", "total")
    basic = total_row_value(cells, "expenditure", "basic")
    project = total_row_value(cells, "expenditure", "project")
    pp = personnel_public(cells)
    tp = three_public(cells).set_index("part")
    perf = performance_summary(data.performance)
    counts = check_counts(data.checks)
    numbers = number_counts(data.tables, data.unread)
    basic_total = (pp["personnel"] + pp["public"]) if not any(map(math.isnan, pp.values())) else math.nan
    disputed = len(disputed_cells(data.cells))  # cells the two table readers read differently
    ocr = ocr_counts(cells)
    ocr["ocr_possible_misreading"] = len(misreadings(cells, data.narrative))  # the text's figures too
    verdict = check_verdict(data.checks)
    if verdict != "fail" and (ocr["ocr_possible_misreading"] or ((numbers["numbers_unexplained"] or disputed) and verdict == "pass")):
        verdict = "review"  # an unexplained number, or an OCR reading the arithmetic doubts: never a silent success
    return {
        "department": data.department,
        "year": data.year,
        "slug": data.slug,
        "total_income": income,
        "total_expenditure": spend,
        "basic": basic,
        "project": project,
        "basic_share_pct": 100 * basic / spend if spend else math.nan,
        "personnel": pp["personnel"],
        "public": pp["public"],
        "personnel_share_pct": 100 * pp["personnel"] / basic_total if basic_total else math.nan,
        "three_public_budget": float(tp.loc["total", "budget"]),
        "three_public_actual": float(tp.loc["total", "actual"]),
        "performance_score": float(perf["total_score"].iloc[0]) if len(perf) else math.nan,
        "checks_pass": counts["pass"],
        "checks_warn": counts["warn"],
        "checks_fail": counts["fail"],
        "checks_insufficient": counts["insufficient_data"],
        "verdict": verdict,
        **numbers,
        "cells_disputed": disputed,
        # values read from page images, and what the report's arithmetic made of them; the pages and why
        **ocr,
        "ocr_pages": pages_text(pages_of(data.meta.get("ocr_pages"))),
        # a printed number the reader could not place: never a silent success
        "review": numbers["numbers_unexplained"] > 0 or disputed > 0,
        # false: the PDF prints the tables alone, no 情况说明 (meta.json; older folders say nothing)
        "explanatory_text": bool(data.meta.get("explanatory_text", True)),
    }


def panel(root: str | Path) -> pd.DataFrame:
    """Key figures of every department under root, one row each (the compare notebook's input)."""
    rows = [key_figures(load_department(folder)) for folder in find_department_dirs(root)]
    return pd.DataFrame(rows)

"""The corpus dataset read back for research: frames across departments and years.

The compare notebook and anyone's own analysis start here rather than from the tidy folders: one
read per table spans the corpus. Each function is DataFrame → DataFrame so a notebook stays a list
of calls.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..catalogue import CHECK_STATUSES
from .dataset import DATASET, DEPARTMENT_FIELDS, FACT_TABLES, FIELDS, build_dataset, typed


def current_dataset(processed_root: str | Path) -> Path:
    """The dataset under a processed root, brought up to date with its tidy folders first.

    `juesuan run` builds it; a notebook opened after a `juesuan check` or a hand correction
    would otherwise read yesterday's rows. Nothing is rewritten when nothing changed.
    """
    build_dataset(Path(processed_root))
    return Path(processed_root) / DATASET


def read_table(root: str | Path, table: str) -> pd.DataFrame:
    """One table of the dataset for every department and year (`year` as a plain integer).

    An empty corpus gives an empty frame with the table's columns, so a notebook on a fresh
    checkout still runs.
    """
    root = Path(root)
    if table == "departments":
        path = root / "departments.parquet"
        return pd.read_parquet(path) if path.exists() else typed(pd.DataFrame(), DEPARTMENT_FIELDS)
    if table not in FACT_TABLES:
        raise ValueError(f"unknown dataset table {table!r}; one of departments, {', '.join(FACT_TABLES)}")
    folder = root / table
    if not any(folder.glob("year=*/*.parquet")):
        return typed(pd.DataFrame(), FIELDS[table]).assign(year=pd.Series(dtype="Int64"))
    df = pd.read_parquet(folder)
    df["year"] = df["year"].astype("int64")  # hive partitions arrive as a categorical
    return df


def label(departments: pd.DataFrame) -> pd.Series:
    """'部门 2023' for charts: a department over several years is several bars."""
    return departments["department"].astype(str) + " " + departments["year"].astype(str)


def class_shares(cells: pd.DataFrame) -> pd.DataFrame:
    """Spending by 类 (function class) as % of each report's total: rows = reports, columns = 类.

    From the 一般公共预算财政拨款支出决算表 where a report prints it, else the 支出决算表: the 类
    rows (3-digit codes), column total.
    """
    rows = cells[cells["code"].str.fullmatch(r"\d{3}") & (cells["column"] == "total")
                 & cells["table"].isin(["expenditure", "general_budget_expenditure"])]
    if rows.empty:
        return pd.DataFrame()
    # one table per report: the 支出决算表 when printed (all money), else the fiscal one
    preferred = rows.assign(_rank=(rows["table"] != "expenditure").astype(int))
    best = preferred.groupby("pdf_sha256")["_rank"].transform("min")
    rows = preferred[preferred["_rank"] == best]
    rows = rows.assign(report=rows["department"] + " " + rows["year"].astype(str),
                       category=rows["item"].str.replace(r"[（(]类[)）]|支出$", "", regex=True).str.strip())
    wide = rows.pivot_table(index="report", columns="category", values="value", aggfunc="sum")
    return wide.div(wide.sum(axis=1), axis=0).mul(100).round(2)


def three_public_years(departments: pd.DataFrame) -> pd.DataFrame:
    """三公 决算数 by department (rows) and year (columns), 万元."""
    if departments.empty:
        return pd.DataFrame()
    return departments.pivot_table(index="department", columns="year", values="three_public_actual", aggfunc="sum")


def check_outcomes(checks: pd.DataFrame) -> pd.DataFrame:
    """How many checks of each status per report (rows '部门 年度'), every status a column."""
    statuses = list(CHECK_STATUSES)
    if checks.empty:
        return pd.DataFrame(columns=statuses)
    report = checks["department"] + " " + checks["year"].astype(str)
    return pd.crosstab(report, checks["status"]).reindex(columns=statuses, fill_value=0)

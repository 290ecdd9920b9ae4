"""Column lists of the tidy files (the contract of ../shared/spec/data-dictionary.md).

Every writer builds its frame through `empty_frame`/`conform` so an empty result still has the
right columns and downstream code (checks, notebooks, cross-department panels) never meets a
frame with a missing column.
"""

from __future__ import annotations

import pandas as pd

CELLS_COLUMNS = [
    "department", "year", "table", "side", "code", "item", "row_no", "column", "value",
    "page", "x0", "top", "x1", "bottom", "group", "printed",
]
# group: personnel / public for basic_expenditure rows (data dictionary); printed: the value's text
# as printed (before unit conversion), so a reviewer can compare character for character.
TABLES_COLUMNS = ["table", "title", "pages", "unit", "status", "note"]
PERFORMANCE_COLUMNS = ["scope", "level1", "level2", "indicator", "target", "actual", "score", "page"]
NARRATIVE_COLUMNS = ["fact", "value", "unit", "sentence", "page"]
CHECKS_COLUMNS = [
    "check_id", "category", "description", "expected", "actual", "difference", "tolerance",
    "status", "tables", "pages", "detail", "label_zh",
]
# label_zh: the finding in Chinese, as the report and the index show it (description keeps English)

TABLE_KEYS = [
    "summary", "income", "expenditure", "fiscal_summary", "general_budget_expenditure",
    "basic_expenditure", "gov_fund", "soe_capital", "three_public",
]

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

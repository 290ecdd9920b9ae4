"""The ground truth of a description in the tidy form extraction must produce.

A rendered PDF is only useful as a test fixture if we also know what should come out of it:
these frames follow docs/data-dictionary.md (cells.csv, tables.csv), minus the page
and box columns that only the renderer's layout could tell. Values are floats in 万元 whatever
unit the PDF prints, blank cells are absent, codes stay as printed (joined), as the spec says.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from analysis.catalogue import CELLS_COLUMNS, TABLES_COLUMNS, conform
from .grid import format_value
from .edit import blank_columns
from .model import Department
from .options import RenderOptions
from .tables import printed_title


def expected_cells(dept: Department, options: RenderOptions | None = None) -> pd.DataFrame:
    """One row per printed number: CELLS_COLUMNS, with `group` for basic_expenditure and `printed` as shown."""
    opts = options or RenderOptions.from_dict(dept.render)
    dept = blank_columns(dept, opts)
    to_wan = Decimal(1) if dept.unit == "万元" else Decimal(1) / Decimal(10000)
    records = []
    for table in dept.tables:
        if table.key in opts.omit_tables:
            continue
        for panel in table.panels:
            for row in panel.rows:
                for column, text in row.values.items():
                    records.append({
                        "department": dept.department, "year": dept.year, "table": table.key,
                        "side": panel.side, "code": row.code, "item": row.item, "row_no": row.row_no,
                        "column": column, "value": float(Decimal(text) * to_wan), "group": panel.group,
                        "printed": format_value(text, opts.unit, dept.unit, opts.thousands),
                    })
    columns = CELLS_COLUMNS if "group" in CELLS_COLUMNS else [*CELLS_COLUMNS, "group"]
    return conform(pd.DataFrame.from_records(records), columns)


def expected_tables(dept: Department, options: RenderOptions | None = None) -> pd.DataFrame:
    """One row per standard table: title as printed, unit, status extracted/empty/missing, 说明."""
    opts = options or RenderOptions.from_dict(dept.render)
    records = []
    for table in dept.tables:
        missing = table.key in opts.omit_tables
        records.append({
            "table": table.key, "title": "" if missing else printed_title(table, dept, opts), "unit": opts.unit,
            "status": "missing" if missing else ("empty" if table.is_empty() else "extracted"),
            "note": table.explanation.removeprefix("说明："),
        })
    return conform(pd.DataFrame.from_records(records), TABLES_COLUMNS)

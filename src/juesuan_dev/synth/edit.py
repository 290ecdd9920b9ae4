"""Targeted changes to a description before rendering, so tests can plant known errors.

A reconciliation test needs a report that is right everywhere except in one known place: one
cell off by 0.01, one narrative sentence that contradicts the tables. Every change returns a new
Department (the input is never mutated) and fails loudly when its target does not exist, because
a silently missed plant would make a failing check look like a passing one.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from .model import Department, Row
from .options import RenderOptions


def _find_row(dept: Department, table: str, code: str | None, item: str | None, row_no: str | None,
              side: str | None, column: str) -> Row:
    hits: list[Row] = []
    for panel in dept.table(table).panels:
        if side is not None and panel.side != side:
            continue
        if column not in {c.key for c in panel.columns}:
            continue
        for row in panel.rows:
            if code is not None and row.code != code:
                continue
            if item is not None and row.item != item:
                continue
            if row_no is not None and row.row_no != row_no:
                continue
            hits.append(row)
    if len(hits) != 1:
        raise LookupError(f"{table}: {len(hits)} rows match code={code!r} item={item!r} row_no={row_no!r} "
                          f"side={side!r} column={column!r}; make the target unique")
    return hits[0]


def set_cell(dept: Department, table: str, column: str, value: str | None, *, code: str | None = None,
             item: str | None = None, row_no: str | None = None, side: str | None = None) -> Department:
    """A copy with one printed cell replaced (value None or "" blanks it)."""
    out = copy.deepcopy(dept)
    row = _find_row(out, table, code, item, row_no, side, column)
    if value in (None, ""):
        row.values.pop(column, None)
    else:
        row.values[column] = str(value)
    return out


def replace_text(dept: Department, old: str, new: str, count: int = 1) -> Department:
    """A copy with `old` replaced by `new` in narrative paragraphs/headings (exactly `count` places)."""
    out = copy.deepcopy(dept)
    found = 0
    for part in out.parts:
        for block in part.blocks:
            if block.kind != "table" and old in block.text:
                found += block.text.count(old)
                block.text = block.text.replace(old, new)
    if found != count:
        raise LookupError(f"{old!r} occurs {found} times in the narrative, expected {count}")
    return out


def apply_changes(dept: Department, changes: Iterable[dict[str, Any]]) -> Department:
    """Apply changes given as data, e.g. from YAML:

    - {table: income, code: "201", column: total, value: "939.83"}
    - {replace: "下降 18.6 %", with: "下降 28.6 %"}
    """
    for ch in changes:
        ch = dict(ch)
        if "replace" in ch:
            dept = replace_text(dept, ch["replace"], ch["with"], int(ch.get("count", 1)))
        else:
            dept = set_cell(dept, ch.pop("table"), ch.pop("column"), ch.pop("value"),
                            **{k: (None if v is None else str(v)) for k, v in ch.items()})
    return dept


def parse_change(text: str) -> dict[str, Any]:
    """CLI form: 'income:201:total=939.83' (table:code:column=value; code may be empty for 合计 rows
    addressed as 'income:item=合计:total=1'), or 'OLD=>NEW' for a narrative replacement."""
    if "=>" in text:
        old, new = text.split("=>", 1)
        return {"replace": old, "with": new}
    target, value = text.rsplit("=", 1)
    table, key, column = target.split(":")
    if key.startswith("item="):
        return {"table": table, "item": key[5:], "column": column, "value": value}
    if key.startswith("row_no="):
        return {"table": table, "row_no": key[7:], "column": column, "value": value}
    return {"table": table, "code": key, "column": column, "value": value}


def blank_columns(dept: Department, options: RenderOptions) -> Department:
    """The department as printed under `options.blank_columns`: those columns' values left blank.

    A 三公 table with only its 预算数 filled is a real habit; the renderer prints the copy and the
    ground truth (`truth.expected_cells`) is built from the same copy, so the cells a test expects
    are exactly the printed ones.
    """
    if not options.blank_columns:
        return dept
    out = copy.deepcopy(dept)
    for table in out.tables:
        for panel in table.panels:
            for row in panel.rows:
                row.values = {k: v for k, v in row.values.items() if not options.is_blank(table.key, k)}
    return out

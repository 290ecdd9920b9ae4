"""A table printed turned: its columns' parts as rows, its stages as columns.

Some regions (云南's “三公”经费…情况表; 平凉, 岳阳, 桂林's 三公 tables) print the 三公 table as
项目 | 预算数 | 决算数, one row per part (合计, 因公出国（境）费, 公务用车购置及运行维护费 …), where
the national template prints one row of twelve columns. Rendering the same figures so lets a test
show juesuan reads them into the same cells.
"""

from __future__ import annotations

import copy

from .model import Column, Panel, Row, Table

# (part key, the row's printed name) in print order; the stages are the column prefixes.
THREE_PUBLIC_ROWS: tuple[tuple[str, str], ...] = (
    ("total", "合计"),
    ("abroad", "1.因公出国（境）费"),
    ("vehicle", "2.公务用车购置及运行维护费"),
    ("vehicle_purchase", "（1）公务用车购置费"),
    ("vehicle_operation", "（2）公务用车运行维护费"),
    ("reception", "3.公务接待费"),
)
STAGES: tuple[tuple[str, str], ...] = (("budget", "预算数"), ("actual", "决算数"))
TURNABLE = ("three_public",)


def turned(table: Table) -> Table:
    """The 三公 table with one row per part and the columns 项目 | 预算数 | 决算数.

    The value columns keep stage keys (budget / actual) that are no data-dictionary column: the
    reader must make budget_abroad … of them from the row's name, as it must for a real report.
    """
    if table.key not in TURNABLE:
        raise ValueError(f"only {TURNABLE} can be printed turned, not {table.key!r}")
    values = {k: v for panel in table.panels for row in panel.rows for k, v in row.values.items()}
    columns = [Column("item", ["项目"], "栏次", 2.5)] + [Column(stage, [label], str(i + 1)) for i, (stage, label) in enumerate(STAGES)]
    rows = [
        Row(item=name, values={stage: values[f"{stage}_{part}"] for stage, _ in STAGES if f"{stage}_{part}" in values},
            total=part == "total")
        for part, name in THREE_PUBLIC_ROWS
    ]
    out = copy.copy(table)
    out.panels = [Panel(columns, rows)]
    out.notes = [n for n in table.notes if "栏" not in n]  # the 栏次 sums name the wide layout's columns
    return out

"""The nine tables as read: each table's cells as printed, and its counts — the extractor's counts
of printed and read numbers where tables.csv has them, only the read count where it has not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from fixtures.sample_cells import sample_cells, sample_tables

from analysis.catalogue import DepartmentData
from analysis.present import report


def _data(tables: pd.DataFrame, unread: pd.DataFrame | None = None) -> DepartmentData:
    return DepartmentData(department="区委办公室", year=2023, slug="s", out_dir=Path("/tmp/s"), cells=sample_cells(),
                          tables=tables, narrative=pd.DataFrame(), performance=pd.DataFrame(), checks=pd.DataFrame(),
                          unread=unread if unread is not None else pd.DataFrame())


def _section(html: str, table: str) -> str:
    part = html[html.index(f'data-table="{table}"'):]
    return part[:part.index("</details>")]


def test_read_count_alone_when_the_extractor_did_not_count_printed_numbers() -> None:
    html = report.tables_read(_data(sample_tables()))._repr_html_()
    income = _section(html, "income")
    # seed, 收入决算表: 合计 and 18 coded rows, each with 本年收入合计 and 财政拨款收入
    assert "读出数字 38 个" in income and "表格数字" not in html
    assert "住房公积金" in income and "66.41" in income and "科目编码" in income
    assert html.count("<details") == 9 and "<details open" not in html


def test_printed_and_read_counts_and_the_numbers_not_read() -> None:
    # counts as the extractor gives them (its own tests check them against the page); one number unexplained
    tables = sample_tables().assign(numbers_printed="", numbers_read="", numbers_unexplained="")
    tables.loc[tables["table"] == "income", ["numbers_printed", "numbers_read", "numbers_unexplained"]] = \
        ["47", "38", "1"]
    unread = pd.DataFrame([{"table": "income", "page": 5, "text": "<b>12.34</b>", "reason": "unexplained"},
                           {"table": "income", "page": 5, "text": "3", "reason": "column_no"}])
    html = report.tables_read(_data(tables, unread))._repr_html_()
    income = _section(html, "income")
    # 38 read + 1 unexplained = 39 table figures; 47 − 39 = 8 行次, 栏次, codes
    assert "表格数字 39 个，读出 38 个，1 个无法解释，请复核（另有 8 个行次、栏次、编码、页码等）" in income
    assert "&lt;b&gt;12.34&lt;/b&gt;（第 5 页）" in income  # PDF text, escaped
    assert "3（第 5 页）" not in income  # a 栏次 is explained: not listed
    assert "表格数字" not in _section(html, "expenditure")  # not counted there: nothing claimed

"""Issue 20: `juesuan recheck` on a cells.csv as people save it. Excel on Chinese Windows saves CSV
in GBK without a BOM; a value may be typed as text (1,132.98, full-width digits, or a slip: abc).
What a person means is read; what cannot be read is refused (exit 2) naming the file and the row,
never computed as 0.

The figures are the seed report's 一般公共预算财政拨款基本支出决算表: 301 工资福利支出 923.27 +
303 对个人和家庭的补助 41.53 = 人员经费合计 964.80.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.catalogue import CATALOGUE, read_frame, typed_number
from analysis.cli import app

SEED_ROWS = [("301", "工资福利支出", "923.27"), ("303", "对个人和家庭的补助", "41.53"), ("", "人员经费合计", "964.80")]


def _folder(tmp_path: Path, values: list[str] | None = None, encoding: str = "gbk", columns=None,
            sep: str = ",") -> Path:
    """A tidy folder whose cells.csv and tables.csv a person saved (GBK: Excel on Chinese Windows)."""
    folder = tmp_path / "processed" / "2023" / "某局"
    folder.mkdir(parents=True)
    columns = columns or CATALOGUE["cells"].column_list
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, extrasaction="ignore", lineterminator="\r\n", delimiter=sep)
    writer.writeheader()
    for (code, item, printed), value in zip(SEED_ROWS, values or [v for _, _, v in SEED_ROWS]):
        writer.writerow({"department": "某局", "year": "2023", "table": "basic_expenditure", "side": "", "code": code,
                         "item": item, "column": "amount", "value": value, "page": "9", "group": "personnel",
                         "printed": printed})
    (folder / "cells.csv").write_bytes(buf.getvalue().encode(encoding))
    tables = io.StringIO()
    writer = csv.DictWriter(tables, CATALOGUE["tables"].column_list, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow({"table": "basic_expenditure", "title": "一般公共预算财政拨款基本支出决算表", "pages": "9",
                     "unit": "万元", "status": "extracted"})
    (folder / "tables.csv").write_bytes(tables.getvalue().encode(encoding))
    return folder


def _personnel_total(folder: Path) -> pd.Series:
    checks = pd.read_csv(folder / "checks.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return checks.loc[checks["check_id"] == "basic_expenditure.personnel_total"].iloc[0]


@pytest.mark.parametrize("typed, meant", [("1,132.98", 1132.98), ("１１３２．９８", 1132.98), ("１，１３２．９８", 1132.98),
                                          (" 41.53 ", 41.53), ("-0.5", -0.5), ("", None)])
def test_a_typed_figure_is_read_as_a_person_means_it(typed, meant):
    assert typed_number(typed) == meant


@pytest.mark.parametrize("typed", ["abc", "1,13", "1.132,98", "nan", "inf", "12元", "—"])
def test_a_figure_that_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        typed_number(typed)


def test_recheck_reads_a_gbk_csv_with_full_width_and_grouped_figures(tmp_path):
    folder = _folder(tmp_path, ["９２３．２７", "41.53", "964.80"])
    res = CliRunner().invoke(app, ["recheck", str(folder)])
    assert res.exit_code == 1, res.output  # this folder holds one table: the other eight are missing
    assert "FAIL table.present[summary]" in res.output and "FAIL basic_expenditure" not in res.output
    row = _personnel_total(folder)
    assert row["status"] == "pass" and float(row["expected"]) == 964.80 and float(row["actual"]) == 964.80
    assert read_frame(folder, "cells")["value"].tolist() == [923.27, 41.53, 964.80]


def test_a_value_typed_as_text_is_refused_naming_its_row(tmp_path):
    folder = _folder(tmp_path, ["923.27", "abc", "964.80"])
    res = CliRunner().invoke(app, ["recheck", str(folder)])
    assert res.exit_code == 2, res.output
    assert ("error: cells.csv: 1 value is not a number: row 3 (basic_expenditure 对个人和家庭的补助 amount) value 'abc'"
            in res.output)
    assert not (folder / "checks.csv").exists()  # no verdict computed from a figure that was not read


@pytest.mark.parametrize("columns, problem", [
    ([c for c in CATALOGUE["cells"].column_list if c != "value"], "the column value is missing"),
    ([c for c in CATALOGUE["cells"].column_list if c not in ("table", "value")], "the columns table, value are missing"),
])
def test_a_csv_without_a_column_the_checks_need_is_refused(tmp_path, columns, problem):
    res = CliRunner().invoke(app, ["recheck", str(_folder(tmp_path, columns=columns))])
    assert res.exit_code == 2 and f"error: cells.csv: {problem}" in res.output, res.output


def test_a_csv_separated_by_semicolons_is_refused(tmp_path):
    res = CliRunner().invoke(app, ["recheck", str(_folder(tmp_path, sep=";"))])
    assert res.exit_code == 2 and "error: cells.csv: its columns are separated by semicolons (;), not commas" in res.output


def test_an_empty_csv_is_refused(tmp_path):
    folder = _folder(tmp_path)
    (folder / "cells.csv").write_bytes(b"")
    res = CliRunner().invoke(app, ["recheck", str(folder)])
    assert res.exit_code == 2 and "error: cells.csv: the file is empty" in res.output, res.output

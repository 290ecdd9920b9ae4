"""`juesuan recheck` honours a hand correction to cells.csv, the copy the README tells a reviewer
to correct (catalogue: the CSV is the edited copy; the Parquet copy follows it).

Figures are the seed report's 一般公共预算财政拨款基本支出决算表 (公开06表): 301 工资福利支出
923.27 + 303 对个人和家庭的补助 41.53 = 人员经费合计 964.80.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.catalogue import CATALOGUE
from analysis.cli import app
from analysis.config import SAMPLE_PDF
from analysis.pipeline import check_department

CHECK = "basic_expenditure.personnel_total"


def _edit_cell(csv_path: Path, item: str, new_value: str) -> str:
    """What a reviewer does in a spreadsheet: change one value of cells.csv and save it."""
    text = csv_path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    t, i, c, v = (header.index(k) for k in ("table", "item", "column", "value"))
    hits = [r for r in rows[1:] if r[t] == "basic_expenditure" and r[i] == item and r[c] == "amount"]
    assert len(hits) == 1
    old, hits[0][v] = hits[0][v], new_value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    csv_path.write_text(out.getvalue(), encoding="utf-8-sig")
    return old


def _status(folder: Path) -> pd.Series:
    checks = pd.read_csv(folder / "checks.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return checks.loc[checks["check_id"] == CHECK].iloc[0]


def test_the_csv_is_the_copy_a_user_edits() -> None:
    assert CATALOGUE["cells"].edited == "csv" and CATALOGUE["cells"].parquet


@pytest.mark.slow
def test_recheck_sees_a_hand_correction_to_cells_csv(tmp_path: Path) -> None:
    folder = check_department(SAMPLE_PDF, tmp_path).out_dir
    assert _status(folder)["status"] == "pass"  # 923.27 + 41.53 = 964.80 as printed

    assert float(_edit_cell(folder / "cells.csv", "人员经费合计", "964.90")) == 964.80
    res = CliRunner().invoke(app, ["recheck", str(folder)])
    assert res.exit_code == 1, res.output
    row = _status(folder)
    assert row["status"] == "fail" and float(row["expected"]) == 964.80 and float(row["actual"]) == 964.90
    assert f"FAIL {CHECK}" in res.output
    # the typed copy followed the correction, so the reports read the same figure
    cells = pd.read_parquet(folder / "cells.parquet")
    total = cells[(cells["table"] == "basic_expenditure") & (cells["item"] == "人员经费合计")]
    assert float(total["value"].iloc[0]) == 964.90

    _edit_cell(folder / "cells.csv", "人员经费合计", "964.80")  # corrected back: it agrees again
    res = CliRunner().invoke(app, ["recheck", str(folder)])
    assert _status(folder)["status"] == "pass", res.output

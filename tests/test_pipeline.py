"""One department end to end through the CLI: files written where promised, raw never touched,
errors as one readable line with a non-zero exit."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.config import RAW_DIR, SAMPLE_PDF

runner = CliRunner()


def _raw_hashes() -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(RAW_DIR.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_extract_writes_the_tidy_files_and_leaves_raw_alone(tmp_path):
    before = _raw_hashes()
    result = runner.invoke(app, ["extract", str(SAMPLE_PDF), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "2023" / "中共武汉市青山区委办公室"
    for stem in ("cells", "tables", "unread", "narrative", "performance"):
        assert (folder / f"{stem}.csv").is_file() and (folder / f"{stem}.parquet").is_file()
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*"))
    cells = pd.read_csv(folder / "cells.csv", encoding="utf-8-sig", dtype={"code": str})
    row = cells[(cells["table"] == "expenditure") & (cells["code"] == "2101101") & (cells["column"] == "basic")]
    assert row["value"].tolist() == [21.83]  # 公开03表: 行政单位医疗 基本支出 21.83
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["department"] == "中共武汉市青山区委办公室" and meta["year"] == 2023
    assert "186 cells" in result.output
    unread = pd.read_csv(folder / "unread.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert "unexplained" not in set(unread["reason"])
    # 公开05表 on page 8 is numbering, not a value
    assert ((unread["page"] == "8") & (unread["text"] == "05") & (unread["reason"] == "table_number")).sum() == 1
    assert f"186 of {186 + len(unread)} printed numbers read" in result.output
    tables = pd.read_csv(folder / "tables.csv", encoding="utf-8-sig")
    assert tables["numbers_read"].sum() == 186 and tables["numbers_unexplained"].sum() == 0
    assert _raw_hashes() == before


@pytest.mark.slow
def test_check_prints_how_many_printed_numbers_were_read(tmp_path):
    result = runner.invoke(app, ["check", str(SAMPLE_PDF), "--out", str(tmp_path), "--engine", "pdfplumber"])
    assert "186 of " in result.output and "printed numbers read" in result.output
    assert result.exit_code == 0 and "UNEXPLAINED" not in result.output


def test_extract_reports_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "下载失败.pdf"
    bad.write_text("<html><body>502 Bad Gateway</body></html>", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "下载失败.pdf: the file is an HTML page, not a PDF" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()

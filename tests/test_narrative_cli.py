"""`juesuan words`: the report's words as a listing a reviewer can read."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from analysis.cli import app
from analysis.config import SAMPLE_PDF


def test_words_lists_facts_coverage_and_performance_rows() -> None:
    if not SAMPLE_PDF.exists():
        pytest.skip("the sample PDF has not been rendered")
    result = CliRunner().invoke(app, ["words", str(SAMPLE_PDF)])
    assert result.exit_code == 0, result.output
    assert "income_expenditure_total 1132.98" in " ".join(result.output.split())
    assert "printed numbers not read as facts" in result.output
    # the sample's narrative reads every amount and percentage: nothing is left for review
    assert "printed numbers read as facts" in result.output and "NOT READ" not in result.output
    # 部门整体: 4 budget figures + 23 indicators + 总分; 项目: 4 + 20 + 1
    assert "53 performance rows" in result.output


@pytest.mark.slow
def test_extract_prints_coverage_and_the_second_reading(tmp_path) -> None:
    if not SAMPLE_PDF.exists():
        pytest.skip("the sample PDF has not been rendered")
    result = CliRunner().invoke(app, ["extract", str(SAMPLE_PDF), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "printed numbers read as facts" in result.output and "NOT READ" not in result.output
    # the sample has 23 pages, and PDFium reads the same numbers on each
    assert "reading: the numbers of all 23 pages agree with PDFium's text" in result.output
    assert "identity:" not in result.output  # department and year both read from the report

"""A batch over two years of one department: the later year is checked against the earlier.

On Dask the two reports could run at once; the runner holds the later year back until the earlier
one has finished when their file names say they are one department (analysis.batch.order), and re-runs a
later year that was checked before its earlier year existed when only the printed names say so.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis import batch
from analysis.batch.order import lineage, next_ready
from analysis.config import SAMPLE_DEPARTMENT
from two_years import corpus


@dataclass(frozen=True)
class J:
    year: str
    slug: str


def test_lineage_takes_the_year_out_of_the_name() -> None:
    assert lineage(J("2024", "某局")) == lineage(J("2023", "某局")) == "某局"
    assert lineage(J("2024", "putuo-social-work-2024")) == lineage(J("2023", "putuo-social-work-2023"))
    assert lineage(J("2024", "2024年度某局")) == "某局"


def test_a_later_year_waits_for_its_earlier_year() -> None:
    a23, a24, b24 = J("2023", "甲局"), J("2024", "甲局"), J("2024", "乙局")
    pending = [a24, b24, a23]  # largest first: the 2024 report happens to be larger
    assert next_ready(pending, []) == 1  # 乙局 may start; 甲局 2024 waits for 甲局 2023 (still queued)
    assert next_ready([a24, a23], []) == 1
    assert next_ready([a24], [a23]) is None  # 2023 is running: wait
    assert next_ready([a24], [b24]) == 0  # another department running does not hold it back
    assert next_ready([J("unknown-year", "甲局")], [a23]) == 0


def _yoy_status(outcome: batch.Outcome) -> set[str]:
    checks = pd.read_parquet(Path(outcome.out_dir) / "checks.parquet")
    return set(checks.loc[checks["category"] == "year_on_year", "status"])


@pytest.mark.slow
def test_batch_checks_the_later_year_against_the_earlier(tmp_path: Path) -> None:
    pdfs = corpus(tmp_path / "pdfs")
    result = batch.run_batch(batch.plan(pdfs, tmp_path / "out"), workers=2, progress=False)
    assert not result.failed, [o.reason for o in result.failed]
    assert result.rechecked == []  # 2024 started after 2023 finished: nothing to run again
    by_year = {o.year: o for o in result.outcomes}
    assert _yoy_status(by_year["2023"]) == {"not_applicable"}
    assert _yoy_status(by_year["2024"]) == {"pass"}
    html = Path(by_year["2024"].html).read_text(encoding="utf-8")
    assert "与上年对比" in html and "2023 年度" in html and "1,132.98" in html and "2,265.96" in html
    summary = batch.summary(result)
    assert "dataset: 2 departments (2 rewritten, 0 removed)" in summary
    cells = pd.read_parquet(tmp_path / "out" / "data" / "processed" / "dataset" / "cells")
    assert sorted(cells["year"].astype(int).unique()) == [2023, 2024]


@pytest.mark.slow
def test_names_that_differ_between_years_are_matched_after_the_run(tmp_path: Path) -> None:
    """One worker, the larger 2024 PDF first, under a name the runner cannot pair with 2023's."""
    pdfs = corpus(tmp_path / "pdfs")
    shutil.move(pdfs / "2024" / f"{SAMPLE_DEPARTMENT}.pdf", pdfs / "2024" / "qingshan-office-report.pdf")
    result = batch.run_batch(batch.plan(pdfs, tmp_path / "out"), workers=1, progress=False)
    assert not result.failed, [o.reason for o in result.failed]
    assert result.rechecked == ["2024/qingshan-office-report"]
    later = next(o for o in result.outcomes if o.year == "2024")
    assert _yoy_status(later) == {"pass"}  # re-run once the 2023 folder existed
    assert "与上年对比" in Path(later.html).read_text(encoding="utf-8")
    again = batch.run_batch(batch.plan(pdfs, tmp_path / "out"), workers=1, progress=False)
    assert {o.status for o in again.outcomes} == {"skipped"}  # and nothing is stale afterwards
    assert "dataset: 2 departments (0 rewritten, 0 removed)" in batch.summary(again)

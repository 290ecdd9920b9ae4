"""Year on year across reports: the text's 与上年相比 figures against the previous year's own report.

Unit tests on the hand-transcribed sample (the seed states 与2022年度相比…减少259.4万元，下降18.6%:
its 2022 收支总计 must have been 1132.98 + 259.4 = 1392.38), then a two-year corpus rendered by
`juesuan render --next-year` (tests/two_years.py) through the pipeline, honest and with a planted
change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import SAMPLE_DEPARTMENT
from analysis.pipeline import check_department, pdf_sha256
from analysis.reconcile import REGISTRY, inputs_of, run_checks
from analysis.reconcile.year_on_year import SPEC
from fixtures.sample_cells import sample_cells, sample_narrative, sample_performance, sample_tables
from two_years import corpus

HEADLINE = "year_on_year.yoy_change_amount"
HEADLINE_PCT = "year_on_year.yoy_change_pct"


def _prior_with_total(total: float):
    """The sample's frames as if they were the year before, with another printed 收支总计 (summary 总计)."""
    cells = sample_cells()
    sel = (cells["table"] == "summary") & (cells["item"] == "总计")
    cells.loc[sel, "value"] = total
    return inputs_of(cells, sample_tables(), sample_narrative(), sample_performance(), label="test prior")


def _yoy(checks: pd.DataFrame) -> pd.DataFrame:
    return checks[checks["category"] == "year_on_year"].set_index("check_id")


def _run(previous) -> pd.DataFrame:
    return _yoy(run_checks(sample_cells(), sample_tables(), sample_narrative(), sample_performance(),
                           specs=[SPEC], previous=previous))


def test_the_check_is_registered_with_a_chinese_label() -> None:
    assert SPEC in REGISTRY
    assert SPEC.category == "year_on_year" and SPEC.label_zh == "跨年增减核对"


def test_without_the_previous_report_it_is_not_applicable() -> None:
    rows = _run(None)
    assert list(rows.index) == ["year_on_year"]
    assert rows.loc["year_on_year", "status"] == "not_applicable"


def test_the_seed_text_agrees_with_the_2022_total_it_implies() -> None:
    rows = _run(_prior_with_total(1392.38))  # 1132.98 + 259.4
    assert rows.loc[HEADLINE, "status"] == "pass"
    assert rows.loc[HEADLINE, "expected"] == pytest.approx(259.4)
    assert rows.loc[HEADLINE_PCT, "status"] == "pass"  # 259.4 / 1392.38 = 18.63 % → printed 18.6


def test_a_change_that_last_years_total_does_not_give_fails() -> None:
    rows = _run(_prior_with_total(1372.38))  # the change would be 239.4, not 259.4
    assert rows.loc[HEADLINE, "status"] == "fail"
    assert rows.loc[HEADLINE, "expected"] == pytest.approx(239.4)
    assert rows.loc[HEADLINE_PCT, "status"] == "fail"  # 239.4 / 1372.38 = 17.44 %, not 18.6


def test_the_wrong_direction_fails() -> None:
    rows = _run(_prior_with_total(900.0))  # 1132.98 − 900 is an increase; the text says 减少
    assert rows.loc[HEADLINE, "status"] == "fail"
    assert "减少" in rows.loc[HEADLINE, "detail"] and "增加" in rows.loc[HEADLINE, "detail"]


# ---------------------------------------------------------------- rendered two-year corpora


def _check_both(folder: Path) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    processed = folder / "processed"
    first = check_department(folder / "2023" / f"{SAMPLE_DEPARTMENT}.pdf", processed)
    second = check_department(folder / "2024" / f"{SAMPLE_DEPARTMENT}.pdf", processed)
    return processed, first.checks, second.checks


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    return _check_both(corpus(tmp_path_factory.mktemp("honest")))


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return _check_both(corpus(tmp_path_factory.mktemp("planted"), planted=True))


@pytest.mark.slow
def test_honest_pair_passes(honest) -> None:
    _, _, checks = honest
    rows = _yoy(checks)
    assert set(rows.index) == {
        "year_on_year.yoy_change_amount", "year_on_year.yoy_change_pct",
        "year_on_year.fiscal_yoy_change_amount", "year_on_year.fiscal_yoy_change_pct",
        "year_on_year.general_budget_income_yoy_change_amount",
        "year_on_year.general_budget_yoy_change_amount", "year_on_year.general_budget_yoy_change_pct",
    }
    assert (rows["status"] == "pass").all(), rows[["status", "detail"]]
    # 2265.96 printed in 2024 − 1132.98 printed in 2023; 100 % of 1132.98
    assert rows.loc[HEADLINE, "expected"] == pytest.approx(1132.98)
    assert rows.loc[HEADLINE_PCT, "expected"] == pytest.approx(100)


@pytest.mark.slow
def test_first_year_has_no_prior(honest) -> None:
    _, first, _ = honest
    assert _yoy(first)["status"].to_dict() == {"year_on_year": "not_applicable"}


@pytest.mark.slow
def test_planted_change_fails_only_against_the_previous_report(planted) -> None:
    _, _, checks = planted
    rows = _yoy(checks)
    assert rows.loc[HEADLINE, "status"] == "fail"
    assert rows.loc[HEADLINE, "actual"] == pytest.approx(1000) and rows.loc[HEADLINE, "expected"] == pytest.approx(1132.98)
    assert rows.loc[HEADLINE_PCT, "status"] == "fail" and rows.loc[HEADLINE_PCT, "actual"] == pytest.approx(79)
    others = rows.drop(index=[HEADLINE, HEADLINE_PCT])
    assert (others["status"] == "pass").all()
    # within its own report the planted sentence is consistent: 1000 / (2265.96 − 1000) = 79.0 %
    own = checks.set_index("check_id").loc["narrative.yoy_change_pct"]
    assert own["status"] == "pass"


@pytest.mark.slow
def test_meta_json_names_the_prior(honest) -> None:
    processed, _, _ = honest
    later = json.loads((processed / "2024" / SAMPLE_DEPARTMENT / "meta.json").read_text(encoding="utf-8"))
    earlier = json.loads((processed / "2023" / SAMPLE_DEPARTMENT / "meta.json").read_text(encoding="utf-8"))
    assert earlier["previous"] is None
    assert later["previous"] == {"year": 2023, "slug": SAMPLE_DEPARTMENT, "pdf_sha256": earlier["pdf_sha256"]}
    assert earlier["pdf_sha256"] == pdf_sha256(processed.parent / "2023" / f"{SAMPLE_DEPARTMENT}.pdf")

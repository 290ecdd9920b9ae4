"""Reconciliation on hand-built frames: the sample (transcribed from the seed) and Putuo's cells.

Expected verdicts are the document's own: the sample has no fail but its real slips (3.85%
printed 3.8%, 部门名称 left in, 于于) are caught; Putuo's 302 = 10.23 over items of 10.22 is a
warn. Planted errors change exactly the checks that involve the planted figure.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.documents import PUTUO_CELLS
from fixtures.sample_cells import (
    sample_cells,
    sample_narrative,
    sample_performance,
    sample_tables,
    sample_text_pages,
)

from analysis.reconcile import REGISTRY, catalogue, run_checks, summarise
from analysis.reconcile.narrative_checks.facts import split_key
from analysis.catalogue import CHECK_STATUSES, CHECKS_COLUMNS
from analysis.domain import TABLE_KEYS



def sample_checks(**overrides) -> pd.DataFrame:
    frames = {"cells": sample_cells(), "tables": sample_tables(), "narrative": sample_narrative(),
              "performance": sample_performance(), "text_pages": sample_text_pages()}
    frames.update(overrides)
    return run_checks(**frames)


@pytest.fixture(scope="module")
def checks() -> pd.DataFrame:
    return sample_checks()


def status(checks: pd.DataFrame) -> dict[str, str]:
    return dict(zip(checks["check_id"], checks["status"], strict=True))


def row(checks: pd.DataFrame, check_id: str) -> pd.Series:
    hit = checks[checks["check_id"] == check_id]
    assert len(hit) == 1, f"{check_id} not found"
    return hit.iloc[0]


# -- the contract -------------------------------------------------------------------------------
def test_checks_frame_follows_the_contract(checks) -> None:
    assert list(checks.columns) == CHECKS_COLUMNS
    assert checks["check_id"].is_unique
    assert set(checks["status"]) <= set(CHECK_STATUSES)
    assert checks["description"].str.contains(" / ").all()  # Chinese / English


def test_registry_ids_are_unique_and_categorised() -> None:
    ids = [s.id for s in REGISTRY]
    assert len(ids) == len(set(ids))
    assert {s.category for s in REGISTRY} == {"table", "hierarchy", "cross_table", "narrative", "performance", "text",
                                             "year_on_year"}


def test_every_finding_comes_from_a_catalogued_check(checks) -> None:
    ids = set(catalogue()["check_id"])
    assert not any("[" in i for i in ids)
    # narrative findings are named after their fact (narrative.basic_share_pct); the rest after their spec
    assert all(c.split("[")[0] in ids for c in checks["check_id"] if not c.startswith("narrative."))


def test_summarise_counts_every_check(checks) -> None:
    summary = summarise(checks)
    assert list(summary.columns) == ["category", *CHECK_STATUSES, "total"]
    total = summary.set_index("category").loc["all"]
    assert total["total"] == len(checks)
    assert total["fail"] == (checks["status"] == "fail").sum()


def test_nothing_passes_without_inputs() -> None:
    empty = run_checks(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), None)
    assert "pass" not in set(empty["status"])
    assert set(empty["status"]) <= {"insufficient_data", "not_applicable", "fail"}
    # the only fails say the nine tables are missing
    assert set(empty.loc[empty["status"] == "fail", "check_id"]) == {f"table.present[{t}]" for t in TABLE_KEYS}


# -- the sample ---------------------------------------------------------------------------------
def test_sample_has_no_fail(checks) -> None:
    fails = checks[checks["status"] == "fail"]
    assert fails.empty, fails[["check_id", "detail"]].to_string()


def test_sample_figures_checked_by_hand(checks) -> None:
    r = row(checks, "expenditure.row_identity[合计]")  # 1132.98 = 1004.99 + 127.99
    assert (r["status"], r["expected"], r["actual"]) == ("pass", 1132.98, 1132.98)
    r = row(checks, "expenditure.row_identity[210]")  # 69.83 = 66.08 + 3.75
    assert (r["status"], r["expected"]) == ("pass", 69.83)
    assert row(checks, "expenditure.hierarchy[210]")["status"] == "pass"
    r = row(checks, "basic_expenditure.personnel_total")  # 964.80 = 923.27 + 41.53
    assert (r["status"], r["expected"]) == ("pass", 964.80)
    assert row(checks, "basic_expenditure.public_total")["expected"] == 40.19  # 302 40.19 + 310 blank
    r = row(checks, "three_public.budget_total")  # 21 = 0 + 21 + 0
    assert (r["status"], r["actual"]) == ("pass", 21.0)
    assert row(checks, "three_public.actual_total")["actual"] == 10.96
    assert row(checks, "cross.basic_vs_three_public[30231]")["status"] == "pass"  # 10.96 ≤ 10.96
    assert row(checks, "cross.general_budget_basic_vs_basic_expenditure")["status"] == "pass"
    assert row(checks, "cross.expenditure_vs_general_budget[合计]")["status"] == "pass"
    assert row(checks, "performance.total_score[部门整体]")["actual"] == 97  # 20 + 77
    assert row(checks, "performance.total_score[区委办公室综合项目]")["status"] == "pass"  # 20 + 76
    assert row(checks, "cross.performance_project_total")["status"] == "pass"  # 127.99


def test_sample_slips_are_caught_as_they_are(checks) -> None:
    r = row(checks, "narrative.class_share_pct[社会保障和就业]")  # 43.66 / 1132.98 = 3.85%, printed 3.8
    assert r["status"] == "warn" and "truncated" in r["detail"]
    assert row(checks, "text.placeholder[部门名称]")["status"] == "warn"
    assert row(checks, "text.repeated_char[于于]")["status"] == "warn"
    # the labels 部门名称：… and the legitimate 件件/事事 are not flagged
    placeholders = checks[checks["check_id"].str.startswith("text.placeholder")]
    assert list(placeholders["check_id"]) == ["text.placeholder[部门名称]"]
    assert not checks["check_id"].str.contains("件件|事事").any()


def test_sample_narrative_against_tables(checks) -> None:
    assert row(checks, "narrative.basic_share_pct")["status"] == "pass"  # 88.7%
    assert row(checks, "narrative.yoy_change_pct")["status"] == "pass"  # 259.4 / 1392.38 = 18.6%
    assert row(checks, "narrative.general_budget_yoy_change_pct")["status"] == "pass"  # 18.63%
    assert row(checks, "narrative.three_public_completion_pct")["status"] == "pass"  # 10.96 / 21 = 52.2%
    assert row(checks, "narrative.three_public_actual_vs_budget")["status"] == "pass"  # 小于
    assert row(checks, "narrative.vehicle_operation_budget_change_amount")["status"] == "pass"  # 21 − 10.96
    assert row(checks, "narrative.agency_operating_cost_budget_change_pct")["status"] == "pass"  # 26.2%
    assert row(checks, "narrative.sum[project_list]")["status"] == "pass"  # eight projects = 127.99
    assert row(checks, "narrative.sum[vehicle_operation_parts]")["status"] == "pass"  # 6 + 2.91 + 1.87 + 0.18
    assert row(checks, "narrative.sum[vehicle_count_parts]")["status"] == "pass"  # 8 = 1 + 1 + 6
    assert row(checks, "narrative.sum[procurement_parts]")["status"] == "pass"  # 17.93
    # 0 spent of a 0 budget “完成预算的100%”: undefined, said so rather than passed
    assert row(checks, "narrative.vehicle_purchase_completion_pct")["status"] == "not_applicable"
    assert row(checks, "narrative.none[gov_fund_none]")["status"] == "pass"


def test_empty_tables_are_not_applicable(checks) -> None:
    assert row(checks, "gov_fund.hierarchy")["status"] == "not_applicable"
    assert row(checks, "table.present[soe_capital]")["status"] == "pass"
    assert row(checks, "cross.gov_fund_vs_fiscal_summary")["status"] == "pass"


def test_narrative_keys_split_into_stem_suffix_name() -> None:
    assert split_key("class_share_pct:卫生健康") == ("class", "share_pct", "卫生健康")
    assert split_key("basic_expenditure") == ("basic", "amount", "")
    assert split_key("three_public_actual") == ("three_public", "amount", "")
    assert split_key("vehicle_operation_budget_change_amount") == ("vehicle_operation", "budget_change_amount", "")
    assert split_key("yoy_change_pct") == ("", "yoy_change_pct", "")


# -- Putuo: a real report's hand-checked cells -------------------------------------------------
@pytest.mark.real
def test_putuo_cells_have_no_fail_and_the_302_gap_warns() -> None:
    cells = pd.read_csv(PUTUO_CELLS, dtype={"code": str}).fillna({"code": "", "side": "", "item": ""})
    tables = pd.DataFrame({"table": TABLE_KEYS, "unit": "万元",
                           "status": ["empty" if t in ("gov_fund", "soe_capital", "three_public") else "extracted"
                                      for t in TABLE_KEYS]})
    checks = run_checks(cells, tables, None, None, None)
    fails = checks[checks["status"] == "fail"]
    assert fails.empty, fails[["check_id", "detail"]].to_string()
    r = row(checks, "basic_expenditure.class_sum[302]")
    assert (r["status"], r["expected"], r["actual"]) == ("warn", 10.22, 10.23)
    # 105.59 vs 105.58 across tables is that same slip carried on: listed as its consequence, not a second warn
    cross = row(checks, "cross.general_budget_basic_vs_basic_expenditure")
    assert (cross["status"], cross["expected"], cross["actual"]) == ("not_applicable", 105.59, 105.58)
    assert cross["detail"].startswith("consequence of basic_expenditure.class_sum[302]")
    assert "cross.general_budget_basic_vs_basic_expenditure" in r["detail"]
    assert row(checks, "basic_expenditure.public_total")["status"] == "pass"  # 10.23 = 302 10.23 + 310 0
    assert row(checks, "cross.basic_vs_three_public[30231]")["status"] == "pass"  # 三公 printed empty
    warns = set(checks.loc[checks["status"] == "warn", "check_id"])
    assert warns == {"basic_expenditure.class_sum[302]"}


def test_a_region_variant_is_a_new_spec_and_silence_is_never_a_pass() -> None:
    from analysis.reconcile import CheckSpec
    from analysis.reconcile.table_checks import rule_row_identity

    # a region whose expenditure table prints only 合计 = 基本 + 项目: same rule, other params
    variant = CheckSpec("expenditure.row_identity_two", "table", "合计 = 基本 + 项目", "total = basic + project",
                        ("expenditure",), rule_row_identity,
                        {"table": "expenditure", "total": "total", "parts": ("basic", "project")})
    quiet = CheckSpec("demo.quiet", "table", "无可查", "nothing to check", ("expenditure",), lambda inp, spec: iter(()))
    out = run_checks(sample_cells(), sample_tables(), specs=[variant, quiet])
    assert (out.loc[out["check_id"].str.startswith("expenditure.row_identity_two["), "status"] == "pass").all()
    assert row(out, "demo.quiet")["status"] == "not_applicable"


def test_recheck_a_corrected_tidy_folder(tmp_path) -> None:
    from analysis.outputs import write_table
    from analysis.reconcile.folder import fail_lines, recheck_folder

    cells = sample_cells()
    cells.loc[(cells["table"] == "basic_expenditure") & (cells["code"] == "30226"), "value"] = 13.84  # a slip
    for stem, frame in (("cells", cells), ("tables", sample_tables()), ("narrative", sample_narrative()),
                        ("performance", sample_performance())):
        write_table(frame, tmp_path, stem, parquet=False)  # CSV only: codes and 行次 come back as text
    checks = recheck_folder(tmp_path)
    assert (tmp_path / "checks.csv").exists()
    assert set(checks.loc[checks["status"] == "fail", "check_id"]) == {"basic_expenditure.class_sum[302]"}
    assert fail_lines(checks)[0].startswith("FAIL basic_expenditure.class_sum[302]")
    assert row(checks, "text.placeholder")["status"] == "insufficient_data"  # no PDF given

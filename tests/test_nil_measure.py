"""Measure before comparing (issue 18, item 5): a nil statement about 决算 against a 三公 table that
prints only 预算数. The held-out report's case, typed by hand: its text says
`本部门2024年度无“三公”经费财政拨款支出`, its 三公 table prints a budget of 0.95 (公务接待费) and every
决算数 blank."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.catalogue import CELLS_COLUMNS, NARRATIVE_COLUMNS, conform
from analysis.reconcile import run_checks
from analysis.reconcile.narrative_checks.nil import nil_measure

NIL = "本部门2024年度无“三公”经费财政拨款支出。"


def three_public(values: dict[str, float]) -> pd.DataFrame:
    rows = [{"department": "某部门", "year": 2024, "table": "three_public", "side": "", "code": "", "item": "",
             "row_no": "", "column": column, "value": value, "page": 12} for column, value in values.items()]
    return conform(pd.DataFrame(rows), CELLS_COLUMNS)


def narrative(sentence: str) -> pd.DataFrame:
    return conform(pd.DataFrame([{"fact": "three_public_none", "value": 1.0, "unit": "", "sentence": sentence,
                                  "page": 9}]), NARRATIVE_COLUMNS)


def verdict(cells: pd.DataFrame, sentence: str = NIL) -> pd.Series:
    tables = pd.DataFrame({"table": ["three_public"], "unit": ["万元"], "status": ["extracted"]})
    checks = run_checks(cells, tables, narrative(sentence), None, None)
    hit = checks[checks["check_id"] == "narrative.none[three_public_none]"]
    assert len(hit) == 1
    return hit.iloc[0]


def test_spending_statement_against_a_budget_only_table_is_not_applicable():
    row = verdict(three_public({"budget_total": 0.95, "budget_reception": 0.95}))
    assert row["status"] == "not_applicable"
    assert "决算数" in row["detail"] and "budget_total" in row["detail"]


def test_spending_statement_against_printed_spending_is_compared():
    assert verdict(three_public({"budget_total": 0.95, "budget_reception": 0.95,
                                 "actual_total": 0.0, "actual_reception": 0.0}))["status"] == "pass"
    row = verdict(three_public({"budget_total": 0.95, "actual_total": 0.4, "actual_reception": 0.4}))
    assert (row["status"], row["actual"]) == ("fail", 0.8)  # 0.4 + 0.4: the 决算数 columns only


def test_budget_statement_is_compared_with_the_budget():
    row = verdict(three_public({"budget_total": 0.95, "budget_reception": 0.95}), "本部门2024年度没有“三公”经费预算。")
    assert row["status"] == "fail"


@pytest.mark.parametrize(("sentence", "measure"), [
    (NIL, "actual"),
    ("2024年度无“三公”经费决算数。", "actual"),
    ("本部门未安排也没有“三公”经费预算。", "budget"),
    ("本部门没有“三公”经费。", ""),
    ("本部门当年无政府性基金预算财政拨款收入支出。", "actual"),  # 政府性基金预算 names the fund, not a budget
    ("本单位无国有资本经营预算财政拨款，故本表无数据", ""),
])
def test_the_measure_is_read_from_the_statement_s_own_clause(sentence, measure):
    assert nil_measure(sentence, "") == measure


def test_spending_figures_against_a_budget_only_table_are_not_applicable_never_a_zero():
    """The sample's sentence (seed, 九、“三公”经费) against its 三公 table with the 决算数 left blank:
    10.96 spent is neither 0 nor a contradiction of a budget of 21."""
    sentence = "2023年度“三公”经费财政拨款支出预算为 21万元，支出决算为 10.96万元，完成预算的 52.2%。"
    facts = conform(pd.DataFrame([
        {"fact": "three_public_budget", "value": 21.0, "unit": "万元", "sentence": sentence, "page": 14},
        {"fact": "three_public_actual", "value": 10.96, "unit": "万元", "sentence": sentence, "page": 14},
        {"fact": "three_public_completion_pct", "value": 52.2, "unit": "%", "sentence": sentence, "page": 14},
    ]), NARRATIVE_COLUMNS)
    tables = pd.DataFrame({"table": ["three_public"], "unit": ["万元"], "status": ["extracted"]})
    budget_only = three_public({"budget_total": 21.0, "budget_vehicle": 21.0, "budget_vehicle_operation": 21.0})
    checks = run_checks(budget_only, tables, facts, None, None).set_index("check_id")
    for check_id in ("narrative.three_public_actual", "narrative.three_public_completion_pct"):
        assert checks.loc[check_id, "status"] == "not_applicable", check_id
        assert "prints no 决算数" in checks.loc[check_id, "detail"]
    assert checks.loc["narrative.three_public_budget", "status"] == "pass"  # the 预算数 is printed: compared
    both = three_public({"budget_total": 21.0, "actual_total": 10.96})
    checks = run_checks(both, tables, facts, None, None).set_index("check_id")
    assert checks.loc["narrative.three_public_actual", "status"] == "pass"
    assert checks.loc["narrative.three_public_completion_pct", "status"] == "pass"


def test_basic_expenditure_line_against_a_budget_only_three_public_table_is_not_applicable():
    """The sample's 30231 公务用车运行维护费 10.96 (基本支出表) is bounded by the 三公 table's 决算数;
    a 三公 table printing its 预算数 only bounds nothing."""
    from fixtures.sample_cells import sample_cells, sample_tables

    cells = sample_cells()
    cells = cells[~((cells["table"] == "three_public") & cells["column"].str.startswith("actual_"))]
    checks = run_checks(cells, sample_tables(), None, None, None).set_index("check_id")
    row = checks.loc["cross.basic_vs_three_public[30231]"]
    assert row["status"] == "not_applicable" and "prints no 决算数" in row["detail"]
    assert checks.loc["three_public.budget_total", "status"] == "pass"  # 21 = 0 + 21 + 0, still checked

"""Layouts other regions print, on tiny frames: legitimate differences must not read as errors."""

from __future__ import annotations

import pandas as pd

from analysis.reconcile import run_checks
from analysis.catalogue import CELLS_COLUMNS, conform


def cells(rows: list[tuple]) -> pd.DataFrame:
    """(table, side, code, item, column, value) tuples → a cells frame."""
    keys = ("table", "side", "code", "item", "column", "value")
    return conform(pd.DataFrame([dict(zip(keys, r, strict=True)) for r in rows]).assign(page=1), CELLS_COLUMNS)


def status(checks: pd.DataFrame, check_id: str) -> str:
    return checks.loc[checks["check_id"] == check_id, "status"].item()


def test_qizhong_rows_are_not_counted_twice() -> None:
    frame = cells([
        ("summary", "income", "", "一、一般公共预算财政拨款收入", "amount", 100.0),
        ("summary", "income", "", "五、事业收入", "amount", 50.0),
        ("summary", "income", "", "其中：教育收费", "amount", 20.0),
        ("summary", "income", "", "本年收入合计", "amount", 150.0),
    ])
    assert status(run_checks(frame, pd.DataFrame()), "summary.income_total") == "pass"


def test_three_public_without_a_vehicle_subtotal_column() -> None:
    frame = cells([("three_public", "", "", "", c, v) for c, v in (
        ("budget_total", 30.0), ("budget_abroad", 5.0), ("budget_vehicle_purchase", 10.0),
        ("budget_vehicle_operation", 15.0))])
    checks = run_checks(frame, pd.DataFrame())
    assert status(checks, "three_public.budget_total") == "pass"  # 30 = 5 + (10 + 15)
    assert status(checks, "three_public.budget_vehicle") == "insufficient_data"  # 小计 not printed


def test_an_item_name_shared_by_two_rows_matches_either() -> None:
    frame = cells([
        ("general_budget_expenditure", "", "2013101", "行政运行", "total", 50.0),
        ("general_budget_expenditure", "", "2080101", "行政运行", "total", 20.0),
    ])
    narrative = pd.DataFrame({"fact": ["item_actual:行政运行"], "value": [20.0], "unit": ["万元"],
                              "sentence": ["行政运行（项）支出决算为 20万元"], "page": [9]})
    checks = run_checks(frame, pd.DataFrame(), narrative)
    assert status(checks, "narrative.item_actual[行政运行]") == "pass"


def test_a_class_quoted_from_the_expenditure_table_and_a_share_of_all_spending() -> None:
    # non-fiscal income: the 支出表 (120) differs from the 一般公共预算 table (100) legitimately
    frame = cells([
        ("expenditure", "", "", "合计", "total", 120.0),
        ("expenditure", "", "201", "一般公共服务支出", "total", 120.0),
        ("general_budget_expenditure", "", "", "合计", "total", 100.0),
        ("general_budget_expenditure", "", "201", "一般公共服务支出", "total", 100.0),
    ])
    narrative = pd.DataFrame({"fact": ["class_amount:一般公共服务", "class_share_pct:一般公共服务"],
                              "value": [120.0, 100.0], "unit": ["万元", "%"], "sentence": ["…", "…"], "page": [9, 9]})
    checks = run_checks(frame, pd.DataFrame(), narrative)
    assert status(checks, "narrative.class_amount[一般公共服务]") == "pass"
    assert status(checks, "narrative.class_share_pct[一般公共服务]") == "pass"


def test_indicator_scores_recomputed_where_weights_print() -> None:
    perf = pd.DataFrame([
        # positive: ≥30 target, 100 done, weight 4 → min(4, 4 × 100/30) = 4
        {"scope": "某项目", "level1": "产出指标", "level2": "质量指标", "indicator": "采用信息", "target": "≥30",
         "actual": "≥100", "weight": 4, "score": 4.0, "page": 3},
        # negative: ≤10 target, 15 done, weight 3 → 3 × 10/15 = 2, printed 3
        {"scope": "某项目", "level1": "产出指标", "level2": "数量指标", "indicator": "召开会议", "target": "≤10",
         "actual": "15", "weight": 3, "score": 3.0, "page": 3},
        # qualitative: not recomputed
        {"scope": "某项目", "level1": "效益指标", "level2": "社会效益指标", "indicator": "督查质效", "target": "提高",
         "actual": "提高", "weight": 3, "score": 3.0, "page": 3},
    ])
    checks = run_checks(pd.DataFrame(), pd.DataFrame(), None, perf)
    assert status(checks, "performance.indicator_scores[某项目:采用信息]") == "pass"
    assert status(checks, "performance.indicator_scores[某项目:召开会议]") == "fail"
    assert not checks["check_id"].str.contains("督查质效").any()


def test_placeholders_across_line_breaks_but_not_form_cells() -> None:
    pages = [(1, "序号 单位名称\n备注\n2023年度部门名\n称政府采购支出"), (2, "上海市X\nX局2024年度")]
    checks = run_checks(pd.DataFrame(), pd.DataFrame(), None, None, pages)
    found = set(checks.loc[checks["check_id"].str.startswith("text.placeholder"), "check_id"])
    assert found == {"text.placeholder[部门名称]", "text.placeholder[XX局]"}  # 单位名称⏎备注 is a header cell

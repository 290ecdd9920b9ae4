"""Verdicts a reviewer can trust (issue 13), on hand-made inputs: the printed-precision envelope,
identity before arithmetic, a misread never a finding, the claim and disclosure checks, one root
cause one finding. Every figure is the issue's or a real report's, written by hand."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest

from analysis.prose.narrative import read_narrative
from analysis.reconcile import REGISTRY, run_checks
from analysis.reconcile.verdict import quote_amount, ratio_outcome, sum_outcome
from analysis.catalogue import CELLS_COLUMNS, conform

DOCS = Path(__file__).resolve().parents[1] / "docs" / "checks.md"


def cells(rows: list[tuple]) -> pd.DataFrame:
    """(table, side, code, item, column, value) tuples → a cells frame on page 1."""
    keys = ("table", "side", "code", "item", "column", "value")
    return conform(pd.DataFrame([dict(zip(keys, r, strict=True)) for r in rows]).assign(page=1), CELLS_COLUMNS)


def facts(rows: list[tuple]) -> pd.DataFrame:
    """(fact, value, unit, text, sentence[, section]) tuples → a narrative frame on page 9."""
    out = []
    for r in rows:
        fact, value, unit, text, sentence, *section = r
        out.append({"fact": fact, "value": value, "unit": unit, "text": text, "sentence": sentence, "page": 9,
                    "section": section[0] if section else "一、"})
    return pd.DataFrame(out)


def narrative_of(text: str) -> pd.DataFrame:
    return read_narrative([(9, "第三部分 2024年度部门决算情况说明\n" + text)]).facts


def by_id(checks: pd.DataFrame, check_id: str) -> pd.Series:
    hits = checks[checks["check_id"] == check_id]
    assert len(hits) == 1, (check_id, list(checks["check_id"]))
    return hits.iloc[0]


# -- the printed-precision envelope -------------------------------------------------------------
def test_each_term_contributes_half_its_own_last_decimal() -> None:
    # the text's 0.3 (±0.05) against a table's 0.34 (±0.005): 0.34 rounds to 0.3, a quotation
    assert quote_amount(D("0.3"), D("0.34")).status == "pass"
    assert quote_amount(D("259.4"), D("259.40")).status == "pass"
    # 1132.98 quoting 1132.97: inside the two printings' envelope (0.005 + 0.005)
    o = quote_amount(D("1132.98"), D("1132.97"))
    assert (o.status, o.tolerance) == ("warn", D("0.010"))
    # the 财政拨款收入支出总计0.3万元 against the table's 2961.68
    assert quote_amount(D("0.3"), D("2961.68")).status == "fail"
    # a sum whose total is printed to one decimal: 10.3 (±0.05) = 5.12 + 5.21 (each ±0.005)
    o = sum_outcome(D("10.3"), [D("5.12"), D("5.21")], halves=[D("0.05"), D("0.005"), D("0.005")])
    assert (o.status, o.tolerance) == ("warn", D("0.060"))


def test_percentages_pass_when_the_recomputed_value_rounds_to_them() -> None:
    # the 一般公共服务支出…占71.73%, where the tables give 2106.66 / 2940.05 = 71.65%
    assert ratio_outcome(D("71.73"), D("2106.66"), D("2940.05")).status == "fail"
    assert ratio_outcome(D("71.65"), D("2106.66"), D("2940.05")).status == "pass"
    # the seed's 占3.8% for 43.66 / 1132.98 = 3.854%: truncated, a warn
    assert ratio_outcome(D("3.8"), D("43.66"), D("1132.98")).status == "warn"
    # 0.3 / 1 = 30%: 33% only lies inside the envelope of the inputs (0.25…0.35) → warn; 40% fails
    assert ratio_outcome(D("30"), D("0.3"), D("1"), num_half=D("0.05"), den_half=D("0.005")).status == "pass"
    assert ratio_outcome(D("33"), D("0.3"), D("1"), num_half=D("0.05"), den_half=D("0.005")).status == "warn"
    assert ratio_outcome(D("40"), D("0.3"), D("1"), num_half=D("0.05"), den_half=D("0.005")).status == "fail"


def test_a_text_amount_keeps_its_printed_trailing_zero() -> None:
    # the income 合计 prints 0.34: the text's “0.3万元” quotes it rounded (pass); “0.30万元” claims the cent (fail)
    frame = cells([("income", "", "", "合计", "total", 0.34)])
    for printed, status in (("0.3", "pass"), ("0.30", "fail"), ("0.34", "pass")):
        narrative = narrative_of(f"二、收入决算情况说明\n本年收入合计{printed}万元。")
        assert by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.total_income")["status"] == status, printed


def test_a_percentage_keeps_its_printed_trailing_zero() -> None:
    # Putuo's 住房保障 29.42 / 307.82 = 9.5575%: printed “9.55%” truncates (warn); “9.50%” is 2 decimals, not 9.5
    frame = cells([("general_budget_expenditure", "", "", "合计", "total", 307.82),
                   ("general_budget_expenditure", "", "221", "住房保障支出", "total", 29.42)])
    for printed, status in (("9.55", "warn"), ("9.50", "fail"), ("9.56", "pass")):
        narrative = narrative_of(f"五、一般公共预算财政拨款支出决算情况说明\n住房保障支出（类）29.42 万元，占 {printed}%。")
        r = by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.class_share_pct[住房保障]")
        assert r["status"] == status, (printed, r["detail"])


def test_a_table_printed_in_yuan_is_judged_at_its_own_precision() -> None:
    frame = cells([("income", "", "", "合计", "total", 10.0), ("income", "", "", "合计", "fiscal", 9.9999)])
    tables = pd.DataFrame({"table": ["income"], "unit": ["元"], "status": ["extracted"]})
    # 100000 against 99999 printed in whole 元: ½ 元 + ½ 元 of rounding covers the 1 元 gap
    frame["printed"] = ["100000", "99999"]
    assert by_id(run_checks(frame, tables), "income.row_identity[合计]")["status"] == "warn"
    # printed to the 分 (100000.00 against 99999.00) the same gap is beyond rounding
    frame["printed"] = ["100000.00", "99999.00"]
    assert by_id(run_checks(frame, tables), "income.row_identity[合计]")["status"] == "fail"


# -- identity before arithmetic -----------------------------------------------------------------
def test_the_text_agreeing_with_one_printing_names_the_tables_disagreement() -> None:
    # 总表 prints the 类 as 236.63, 支出表 as 246.63 (a slip of the tables); the text quotes 236.63
    frame = cells([
        ("summary", "expenditure", "", "一般公共服务支出", "amount", 236.63),
        ("expenditure", "", "201", "一般公共服务支出", "total", 246.63),
        ("general_budget_expenditure", "", "201", "一般公共服务支出", "total", 246.63),
    ])
    narrative = facts([("class_amount:一般公共服务", 236.63, "万元", "", "一般公共服务（类）支出236.63万元")])
    r = by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.class_amount[一般公共服务]")
    assert r["status"] == "warn"
    assert "summary prints 236.63" in r["detail"] and "expenditure prints 246.63" in r["detail"]


def test_the_two_printings_a_cent_apart_are_no_fail() -> None:
    # the case: 总表 236.63, 支出表 236.64, the text 236.63
    frame = cells([
        ("summary", "expenditure", "", "一般公共服务支出", "amount", 236.63),
        ("expenditure", "", "201", "一般公共服务支出", "total", 236.64),
        ("general_budget_expenditure", "", "201", "一般公共服务支出", "total", 236.64),
    ])
    narrative = facts([("class_amount:一般公共服务", 236.63, "万元", "", "一般公共服务（类）支出236.63万元")])
    checks = run_checks(frame, pd.DataFrame(), narrative)
    assert by_id(checks, "narrative.class_amount[一般公共服务]")["status"] == "warn"
    assert "fail" not in set(checks.loc[checks["category"].isin(["narrative", "cross_table"]), "status"])


def test_a_budget_amount_is_not_compared_with_spending() -> None:
    # the 编报绩效目标…绩效自评的项目39个，涉及预算金额4415.48万元 against 项目支出 4381.74
    frame = cells([("general_budget_expenditure", "", "", "合计", "project", 4381.74)])
    narrative = facts([("perf_self_eval_amount", 4415.48, "万元", "涉及预算金额",
                        "绩效自评的2024年度项目39个，涉及预算金额4415.48万元")])
    r = by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.perf_self_eval_amount")
    assert r["status"] == "not_applicable" and "项目预算金额" in r["detail"]


def test_basic_spending_of_the_general_budget_is_a_legitimate_reading() -> None:
    # 支出表 (all funds) 基本支出 120; under the 一般公共预算 heading the text states the general budget's 100
    frame = cells([("expenditure", "", "", "合计", "basic", 120.0),
                   ("general_budget_expenditure", "", "", "合计", "basic", 100.0)])
    narrative = facts([("basic_expenditure", 100.0, "万元", "", "其中：基本支出100万元", "（三）一般公共预算财政拨款支出决算具体情况")])
    assert by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.basic_expenditure")["status"] == "pass"
    # under the 支出决算 heading it is the 支出表's 120
    narrative = facts([("basic_expenditure", 100.0, "万元", "", "其中：基本支出100万元", "三、支出决算情况说明")])
    assert by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.basic_expenditure")["status"] == "fail"


def test_a_total_is_read_as_the_fund_its_heading_names() -> None:
    # 收入表 合计 120 (all funds); 财政拨款总表 本年收入合计 100: “本年收入合计100万元” is right only under 财政拨款
    frame = cells([("income", "", "", "合计", "total", 120.0),
                   ("fiscal_summary", "income", "", "本年收入合计", "amount", 100.0)])
    fiscal = narrative_of("四、财政拨款收入支出决算总体情况说明\n本年收入合计100万元。")
    assert by_id(run_checks(frame, pd.DataFrame(), fiscal), "narrative.total_income")["status"] == "pass"
    everything = narrative_of("二、收入决算情况说明\n本年收入合计100万元。")
    assert by_id(run_checks(frame, pd.DataFrame(), everything), "narrative.total_income")["status"] == "fail"


def test_a_perf_amount_of_unstated_measure_over_project_spending_warns() -> None:
    # 共涉及 1 个项目，资金X万元: budget or spending? Not said, so exceeding 项目支出 is no accusation
    frame = cells([("general_budget_expenditure", "", "", "合计", "project", 127.99)])
    narrative = facts([("perf_self_eval_amount", 130.0, "万元", "资金", "共涉及 1 个项目，资金130万元")])
    r = by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.perf_self_eval_amount")
    assert r["status"] == "warn"
    narrative = facts([("perf_self_eval_amount", 127.99, "万元", "资金", "共涉及 1 个项目，资金127.99万元")])
    assert by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.perf_self_eval_amount")["status"] == "pass"


def test_a_table_not_found_while_numbers_went_unread_is_not_declared_missing() -> None:
    tables = pd.DataFrame({"table": ["three_public"], "status": ["missing"]})
    assert by_id(run_checks(pd.DataFrame(), tables), "table.present[three_public]")["status"] == "fail"
    unread = pd.DataFrame({"page": [14], "box": [""], "text": ["12.50"], "reason": ["unexplained"]})
    r = by_id(run_checks(pd.DataFrame(), tables, unread=unread), "table.present[three_public]")
    assert r["status"] == "insufficient_data" and "pages 14" in r["detail"]


def test_a_figure_of_another_year_is_not_compared() -> None:
    # the seed's 2023 report: 1132.98 this year; a sentence stating 2022's 1392.38 is not this year's figure
    frame = cells([("income", "", "", "合计", "total", 1132.98)]).assign(year=2023)
    narrative = facts([("total_income", 1392.38, "万元", "", "2022年度收入合计1392.38万元")])
    r = by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.total_income")
    assert r["status"] == "not_applicable" and "2022年" in r["detail"]
    narrative = facts([("total_income", 1392.38, "万元", "", "2023年度收入合计1392.38万元")])
    assert by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.total_income")["status"] == "fail"


def test_text_totals_and_their_claims_are_read_and_checked() -> None:
    # the 财政拨款收入支出总计0.3万元。…持平, where the 财政拨款总表 prints 总计 2961.68
    frame = cells([("fiscal_summary", "income", "", "总计", "amount", 2961.68),
                   ("fiscal_summary", "expenditure", "", "总计", "total", 2961.68)])
    narrative = narrative_of("四、财政拨款收入支出决算总体情况说明\n2024年度财政拨款收入支出总计0.3万元。"
                             "与2023年度相比，财政拨款收入支出总计持平。")
    r = by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.fiscal_total")
    assert (r["status"], r["expected"], r["actual"]) == ("fail", 2961.68, 0.3)


def test_a_class_share_stated_without_its_class_mark() -> None:
    # the 一般公共服务支出…占71.73% where the tables give 2106.66 / 2940.05 = 71.65%
    frame = cells([("general_budget_expenditure", "", "", "合计", "total", 2940.05),
                   ("general_budget_expenditure", "", "201", "一般公共服务支出", "total", 2106.66)])
    narrative = narrative_of("五、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出2940.05万元，主要用于以下方面："
                             "一般公共服务支出2106.66万元，占一般公共预算财政拨款支出的71.73%。")
    checks = run_checks(frame, pd.DataFrame(), narrative)
    assert by_id(checks, "narrative.class_amount[一般公共服务]")["status"] == "pass"
    r = by_id(checks, "narrative.class_share_pct[一般公共服务]")
    assert r["status"] == "fail" and r["expected"] == pytest.approx(71.6539, abs=1e-4)


def test_a_share_after_an_unknown_subject_is_not_the_previous_subjects() -> None:
    # 职业教育支出 is a 款, not the 类 教育; its 占0.34% must not become a second share of 一般公共服务
    narrative = narrative_of("五、一般公共预算财政拨款支出决算情况说明\n主要用于以下方面：一般公共服务支出2106.66万元，"
                             "占71.65%；职业教育支出10.00万元，占0.34%。")
    assert list(narrative["fact"]) == ["class_amount:一般公共服务", "class_share_pct:一般公共服务"]


# -- completion rates ---------------------------------------------------------------------------
def _completion(budget_text: str, rate_text: str) -> pd.Series:
    narrative = narrative_of("（三）一般公共预算财政拨款支出决算具体情况\n一般公共预算财政拨款支出"
                             f"{budget_text}，支出决算为307.82万元，{rate_text}。")
    return by_id(run_checks(pd.DataFrame(), pd.DataFrame(), narrative), "narrative.general_budget_completion_pct")


def test_a_rate_of_a_zero_budget_fails_and_shows_the_budget_it_fits() -> None:
    # Putuo: 年初预算为0万元，全年预算为321.02万元…完成年初预算的95.89% (307.82 / 321.02 = 95.89%)
    r = _completion("年初预算为0万元，全年预算为321.02万元", "完成年初预算的95.89%")
    assert r["status"] == "fail"
    assert "zero 年初预算" in r["detail"] and "全年预算 321.02" in r["detail"]
    assert _completion("年初预算为0万元，全年预算为321.02万元", "完成全年预算的95.89%")["status"] == "pass"


def test_a_rate_that_fits_another_budget_fails_with_both_shown() -> None:
    r = _completion("年初预算为300万元，全年预算为321.02万元", "完成年初预算的95.89%")
    assert r["status"] == "fail"
    assert "(年初预算)" in r["detail"] and "全年预算 321.02" in r["detail"]
    # 预算 alone names either budget: the rate fits the 全年预算
    assert _completion("年初预算为300万元，全年预算为321.02万元", "完成预算的95.89%")["status"] == "pass"


def test_a_claim_against_the_budget_it_names() -> None:
    # Putuo: 年初预算 0, 全年预算 321.02, 决算 307.82: 大于 the 年初预算 and 小于 the 全年预算 are both right
    text = ("（三）一般公共预算财政拨款支出决算具体情况\n一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，"
            "支出决算为307.82万元。决算数{word}预算数。")
    check_id = "narrative.general_budget_actual_vs_budget"
    for word, status in (("大于年初", "pass"), ("小于全年", "pass"), ("小于年初", "fail"), ("小于", "pass")):
        narrative = narrative_of(text.format(word=word))
        assert by_id(run_checks(pd.DataFrame(), pd.DataFrame(), narrative), check_id)["status"] == status, word


def test_nothing_of_nothing_is_not_a_finding() -> None:
    # the seed: 公务用车购置费 0万元，完成预算的 100%。本年度无购置（更新）公务用车预算 (budget 0)
    frame = cells([("three_public", "", "", "", c, v) for c, v in (
        ("budget_vehicle_purchase", 0.0), ("actual_vehicle_purchase", 0.0))])
    narrative = facts([("vehicle_purchase_actual", 0.0, "万元", "", "（1）公务用车购置费 0万元，完成预算的 100%。"),
                       ("vehicle_purchase_completion_pct", 100.0, "%", "完成预算的",
                        "（1）公务用车购置费 0万元，完成预算的 100%。")])
    r = by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.vehicle_purchase_completion_pct")
    assert r["status"] == "not_applicable"


def test_growth_from_a_zero_base_warns() -> None:
    # Putuo: 收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%（单位于2024年成立）
    narrative = narrative_of("一、收入支出决算总体情况说明\n2024年度收入支出总计307.82万元。与2023年度相比，收入支出总计增加"
                             "307.82万元，增长100.00%。主要原因：单位于2024年成立。")
    r = by_id(run_checks(pd.DataFrame(), pd.DataFrame(), narrative), "narrative.yoy_change_pct")
    assert r["status"] == "warn" and "zero base" in r["detail"]


# -- a misread never becomes a finding ----------------------------------------------------------
def test_an_income_total_not_read_is_not_zero() -> None:
    # the income table's 合计 row unread: the summary's 2940.05 must not be checked against 0
    frame = cells([
        ("summary", "income", "", "一、一般公共预算财政拨款收入", "amount", 2940.05),
        ("summary", "income", "", "本年收入合计", "amount", 2940.05),
        ("income", "", "201", "一般公共服务支出", "total", 2940.05),
        ("income", "", "201", "一般公共服务支出", "fiscal", 2940.05),
    ])
    checks = run_checks(frame, pd.DataFrame())
    assert by_id(checks, "cross.summary_income_source")["status"] == "insufficient_data"
    assert by_id(checks, "cross.summary_income_total")["status"] == "insufficient_data"
    assert "fail" not in set(checks.loc[checks["category"] == "cross_table", "status"])


def test_unexplained_unread_numbers_make_the_check_insufficient() -> None:
    frame = cells([("summary", "income", "", "本年收入合计", "amount", 100.0),
                   ("income", "", "", "合计", "total", 90.0)])
    tables = pd.DataFrame({"table": ["summary", "income"], "pages": ["1", "2"], "status": ["extracted"] * 2})
    unread = pd.DataFrame({"page": [2], "box": ["(1,2,3,4)"], "text": ["10.00"], "reason": ["unexplained"]})
    assert by_id(run_checks(frame, tables), "cross.summary_income_total")["status"] == "fail"
    r = by_id(run_checks(frame, tables, unread=unread), "cross.summary_income_total")
    assert r["status"] == "insufficient_data" and "“10.00” (page 2)" in r["detail"] and "would say fail" in r["detail"]
    # unread.csv files each number under its table: one under another table changes nothing here
    elsewhere = unread.assign(table="three_public", page=1)
    assert by_id(run_checks(frame, tables, unread=elsewhere), "cross.summary_income_total")["status"] == "fail"
    filed = unread.assign(table="income", page=7)
    assert by_id(run_checks(frame, tables, unread=filed), "cross.summary_income_total")["status"] == "insufficient_data"
    # the table is still printed: its presence is no figure a misread could change
    assert by_id(run_checks(frame, tables, unread=unread), "table.present[income]")["status"] == "pass"
    # an explained unread number (a page number, a 栏次) changes nothing
    explained = unread.assign(reason="page_number")
    assert by_id(run_checks(frame, tables, unread=explained), "cross.summary_income_total")["status"] == "fail"


def test_three_public_parts_are_each_taken_once_and_never_a_rate() -> None:
    # the seed's paragraph: 10.96 = 出国 0 + 用车 10.96 + 接待 0, with 用车 stated twice and rates between
    narrative = facts([
        ("three_public_budget", 21.0, "万元", "预算为", "“三公”经费财政拨款支出预算为 21万元，支出决算为 10.96万元"),
        ("three_public_actual", 10.96, "万元", "", "“三公”经费财政拨款支出预算为 21万元，支出决算为 10.96万元"),
        ("abroad_actual", 0.0, "万元", "", "因公出国（境）费支出决算为 0 万元"),
        ("vehicle_actual", 10.96, "万元", "", "公务用车购置及运行费支出决算为 10.96万元，完成预算的 52.2%"),
        ("vehicle_completion_pct", 52.2, "%", "完成预算的", "公务用车购置及运行费支出决算为 10.96万元，完成预算的 52.2%"),
        ("reception_actual", 0.0, "万元", "", "公务接待费支出决算为 0万元"),
        ("vehicle_actual", 10.96, "万元", "", "公务用车购置及运行费共10.96万元"),
    ])
    checks = run_checks(pd.DataFrame(), pd.DataFrame(), narrative)
    assert by_id(checks, "narrative.sum[three_public_parts]")["status"] == "pass"
    # a part not stated (no 公务接待): the two stated fall short, which proves nothing
    short = narrative[narrative["fact"] != "reception_actual"].assign(
        value=lambda d: d["value"].where(d["fact"] != "vehicle_actual", 8.0))
    assert by_id(run_checks(pd.DataFrame(), pd.DataFrame(), short), "narrative.sum[three_public_parts]")["status"] \
        == "not_applicable"


def test_a_project_list_short_of_project_spending_warns_and_one_beyond_it_fails() -> None:
    # the seed lists its projects after 项目支出主要用于; a list of the main ones only falls short
    frame = cells([("general_budget_expenditure", "", "", "合计", "project", 127.99)])
    short = narrative_of("（三）一般公共预算财政拨款支出决算具体情况\n项目支出主要用于档案和党内法规工作项目 3.04万元；"
                         "党委督查工作项目 15.96万元。")
    assert by_id(run_checks(frame, pd.DataFrame(), short), "narrative.sum[project_list]")["status"] == "warn"
    beyond = narrative_of("（三）一般公共预算财政拨款支出决算具体情况\n项目支出主要用于档案和党内法规工作项目 103.04万元；"
                          "党委督查工作项目 35.96万元。")
    assert by_id(run_checks(frame, pd.DataFrame(), beyond), "narrative.sum[project_list]")["status"] == "fail"


# -- claims and disclosure ----------------------------------------------------------------------
def test_a_flat_claim_with_a_change_fails() -> None:
    narrative = narrative_of("一、收入支出决算总体情况说明\n2024年度收入支出总计307.82万元。与2023年度相比，收入支出总计持平，"
                             "增加5.00万元，主要原因是人员增加。")
    r = by_id(run_checks(pd.DataFrame(), pd.DataFrame(), narrative), "narrative.claim_change[yoy_change_direction]")
    assert r["status"] == "fail"
    # 增加 0 万元: a loose word, not a wrong figure
    narrative = narrative_of("一、收入支出决算总体情况说明\n2024年度收入支出总计307.82万元。与2023年度相比，收入支出总计增加"
                             "0万元，主要原因是持平。")
    r = by_id(run_checks(pd.DataFrame(), pd.DataFrame(), narrative), "narrative.claim_change[yoy_change_direction]")
    assert r["status"] == "warn"
    # 持平 said of another subject in its clause is no contradiction of the 基本支出's 增加
    narrative = narrative_of("三、支出决算情况说明\n本年支出合计 307.82 万元，其中：基本支出增加 5.00 万元，项目支出与上年持平。")
    checks = run_checks(pd.DataFrame(), pd.DataFrame(), narrative)
    assert "fail" not in set(checks.loc[checks["check_id"].str.startswith("narrative.claim_change"), "status"])


def test_a_claim_without_its_reason_warns() -> None:
    with_reason = narrative_of("一、收入支出决算总体情况说明\n2023年度收、支总计 1132.98万元。与 2022年度相比，收、支总计各减少"
                               " 259.4万元，下降 18.6%，主要原因是厉行勤俭节约，压减项目经费开支。")
    without = narrative_of("一、收入支出决算总体情况说明\n2023年度收、支总计 1132.98万元。与 2022年度相比，收、支总计各减少"
                           " 259.4万元，下降 18.6%。\n二、收入决算情况说明\n2023 年度收入合计 1132.98 万元。")
    check_id = "narrative.claim_reason[yoy_change_direction]"
    assert by_id(run_checks(pd.DataFrame(), pd.DataFrame(), with_reason), check_id)["status"] == "pass"
    assert by_id(run_checks(pd.DataFrame(), pd.DataFrame(), without), check_id)["status"] == "warn"


def test_a_figure_stated_twice_must_agree() -> None:
    rows = [("procurement_total", 17.93, "万元", "", "政府采购支出总额17.93万元", "十一、政府采购支出情况"),
            ("procurement_total", 18.93, "万元", "", "政府采购支出总额共计18.93万元", "十一、政府采购支出情况")]
    r = by_id(run_checks(pd.DataFrame(), pd.DataFrame(), facts(rows)), "narrative.stated_twice[procurement_total]")
    assert (r["status"], r["expected"], r["actual"]) == ("fail", 17.93, 18.93)
    # under two headings the same words may mean two figures (基本支出 of all funds, of the general budget)
    rows[1] = (*rows[1][:5], "十二、其他")
    r = by_id(run_checks(pd.DataFrame(), pd.DataFrame(), facts(rows)), "narrative.stated_twice[procurement_total]")
    assert r["status"] == "warn"


def test_all_four_three_public_items_and_reception_counts_disclosed() -> None:
    frame = cells([("three_public", "", "", "", "actual_total", 12.5)])
    narrative = facts([("abroad_actual", 0.0, "万元", "", "因公出国（境）费0万元"),
                       ("vehicle_actual", 10.0, "万元", "", "公务用车购置及运行维护费10万元"),
                       ("reception_actual", 2.5, "万元", "", "公务接待费2.5万元")])
    checks = run_checks(frame, pd.DataFrame(), narrative)
    assert by_id(checks, "narrative.three_public_disclosed[abroad]")["status"] == "pass"
    assert by_id(checks, "narrative.three_public_disclosed[vehicle_purchase]")["status"] == "warn"
    assert by_id(checks, "narrative.three_public_disclosed[vehicle_operation]")["status"] == "warn"
    assert by_id(checks, "narrative.three_public_disclosed[reception_batches]")["status"] == "warn"
    narrative = narrative_of("九、财政拨款“三公”经费支出决算情况说明\n公务接待费2.5万元，接待12批次，156人次。")
    checks = run_checks(frame, pd.DataFrame(), narrative)
    assert by_id(checks, "narrative.three_public_disclosed[reception_batches]")["status"] == "pass"
    assert by_id(checks, "narrative.three_public_disclosed[reception_person_times]")["status"] == "pass"


def test_a_three_public_item_stated_as_nil_in_words_is_disclosed() -> None:
    frame = cells([("three_public", "", "", "", "actual_total", 10.0)])
    narrative = facts([("vehicle_operation_actual", 10.0, "万元", "", "公务用车运行维护费10万元"),
                       ("vehicle_purchase_actual", 0.0, "万元", "", "公务用车购置费0万元"),
                       ("reception_actual", 0.0, "万元", "", "公务接待费0万元")])
    pages = [(20, "第三部分 2024年度部门决算情况说明\n本年度无因公出国（境）费支出。公务用车运行维护费10万元。")]
    r = by_id(run_checks(frame, pd.DataFrame(), narrative, text_pages=pages), "narrative.three_public_disclosed[abroad]")
    assert r["status"] == "pass" and "nil" in r["detail"]
    # named, with a figure the reader did not read: not a missing disclosure
    pages = [(20, "第三部分 2024年度部门决算情况说明\n因公出国（境）费支出合计 3.2 万元（含外宾）。")]
    r = by_id(run_checks(frame, pd.DataFrame(), narrative, text_pages=pages), "narrative.three_public_disclosed[abroad]")
    assert r["status"] == "insufficient_data"


def test_share_without_a_percent_sign() -> None:
    pages = [(12, "基本支出 1004.99万元，占本年支出 88.7，项目支出 127.99 万元，占本年支出11.3%。占地面积300平方米。")]
    checks = run_checks(pd.DataFrame(), pd.DataFrame(), text_pages=pages)
    warns = checks[checks["check_id"].str.startswith("text.share_without_percent")]
    assert list(warns["check_id"]) == ["text.share_without_percent[占88.7]"] and set(warns["status"]) == {"warn"}


def test_a_class_named_otherwise_than_in_the_table() -> None:
    frame = cells([("general_budget_expenditure", "", "210", "卫生健康支出", "total", 69.83)])
    narrative = facts([("class_amount:卫生与健康", 69.83, "万元", "", "3.卫生与健康（类）支出 69.83万元")])
    r = by_id(run_checks(frame, pd.DataFrame(), narrative), "narrative.function_name[卫生与健康]")
    assert r["status"] == "warn" and "210 “卫生健康支出”" in r["detail"]


def test_an_empty_table_carries_a_note_naming_it() -> None:
    tables = pd.DataFrame({"table": ["gov_fund", "soe_capital", "three_public"], "status": ["empty"] * 3,
                           "note": ["本部门当年无国有资本经营预算财政拨款支出。",  # copied from the next table
                                    "本部门当年无国有资本经营预算财政拨款支出。", None]})
    checks = run_checks(pd.DataFrame(), tables)
    assert by_id(checks, "table.empty_note[gov_fund]")["status"] == "warn"
    assert by_id(checks, "table.empty_note[soe_capital]")["status"] == "pass"
    assert by_id(checks, "table.empty_note[three_public]")["status"] == "warn"


# -- one root cause, one finding ----------------------------------------------------------------
def test_a_subtotal_slip_is_one_finding_with_its_consequences() -> None:
    # 款 20101 printed 50.50 over its 项 (50.00): 类 201 = Σ款 and 合计 = Σ类 break by the same 0.50
    frame = cells([
        ("expenditure", "", "", "合计", "total", 50.0),
        ("expenditure", "", "201", "一般公共服务支出", "total", 50.0),
        ("expenditure", "", "20101", "人大事务", "total", 50.5),
        ("expenditure", "", "2010101", "行政运行", "total", 50.0),
    ])
    checks = run_checks(frame, pd.DataFrame())
    root = by_id(checks, "expenditure.hierarchy[20101]")
    assert root["status"] == "fail" and "expenditure.hierarchy[201]" in root["detail"]
    assert by_id(checks, "expenditure.hierarchy[201]")["status"] == "not_applicable"


# -- the catalogue ------------------------------------------------------------------------------
def test_every_check_has_a_chinese_label_and_a_catalogue_entry() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for spec in REGISTRY:
        assert spec.label_zh and any("\u4e00" <= ch <= "\u9fff" for ch in spec.label_zh), spec.id
        assert f"`{spec.id}`" in text, f"{spec.id} is not described in docs/checks.md"


# -- the real reports ---------------------------------------------------------------------------
@pytest.mark.real
@pytest.mark.slow
def test_putuo_report_its_two_real_discrepancies_and_no_false_fail(putuo_pdf, tmp_path) -> None:
    from analysis.pipeline import check_department

    checks = check_department(putuo_pdf, tmp_path).checks.set_index("check_id")
    # page 18: 年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%
    assert list(checks.index[checks["status"] == "fail"]) == ["narrative.general_budget_completion_pct"]
    assert "321.02" in checks.at["narrative.general_budget_completion_pct", "detail"]
    # page 13: 302 printed 10.23 while its items add up to 10.22; 基本支出 105.58 vs 95.36 + 10.23 is its consequence
    assert checks.at["basic_expenditure.class_sum[302]", "status"] == "warn"
    assert checks.at["cross.general_budget_basic_vs_basic_expenditure", "status"] == "not_applicable"
    # page 17: 增加 307.82 万元，增长 100.00% — a growth rate from a zero base (单位于 2024 年成立)
    assert checks.at["narrative.yoy_change_pct", "status"] == "warn"

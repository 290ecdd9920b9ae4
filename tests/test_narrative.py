"""Narrative facts (analysis.prose.narrative). Expected values are read by hand from the documents:
the seed text (Wuhan wording), the Putuo PDF pages 17–22 and the Shanghai blank template."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.catalogue import NARRATIVE_COLUMNS
from analysis.prose.narrative import FACT_COLUMNS, REASON_NO_PATTERN, UNCOVERED_COLUMNS, read_narrative
from analysis.prose.narrative_region import narrative_pages
from analysis.prose.sentences import read_pages, split_dump_pages
from fixtures.documents import PUTUO_PDF, SEED_TEXT, SHANGHAI_TEMPLATE

SEED, PUTUO, TEMPLATE = SEED_TEXT, PUTUO_PDF, SHANGHAI_TEMPLATE


def values(facts: pd.DataFrame, fact: str) -> list[float]:
    return facts.loc[facts["fact"] == fact, "value"].tolist()


def one(facts: pd.DataFrame, fact: str) -> pd.Series:
    rows = facts[facts["fact"] == fact]
    assert len(rows) >= 1, f"{fact} not extracted"
    return rows.iloc[0]


def check(facts: pd.DataFrame, fact: str, value: float, page: int | None = None,
          unit: str | None = None) -> None:
    row = one(facts, fact)
    assert row["value"] == pytest.approx(value), fact
    if page is not None:
        assert row["page"] == page, fact
    if unit is not None:
        assert row["unit"] == unit, fact


# ------------------------------------------------------------------------------------------
# Small hand-typed excerpts: run everywhere
# ------------------------------------------------------------------------------------------

WUHAN_EXCERPT = """\
 第三部分 2023年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收、支总计 1,132.98万元。与 2022年度相比，收、
支总计各减少 259.4万元，下降 18.6 %，主要原因是厉行勤俭节
约，压减项目经费开支。
十、机关运行经费支出情况
2023年度机关运行经费支出 40.19万元，比年初预算数减少 14.29万元，降低 26.2%。
 第五部分 名词解释
一、一般公共预算财政拨款收入：指区级财政当年拨付的资金 3万元。
"""

SHANGHAI_EXCERPT = """\
第三部分 上海市某局 2024 年度部门决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
1、住房保障支出（类）住房改革支出（款）购房补贴（项）。
主要用于：行政单位购房补贴支出。全年预算为 11.72 万元，支出
决算为 11.72 万元。决算数与全年预算数持平。
2、卫生健康支出（类）行政事业单位医疗（款）行政单位医疗
（项）。全年预算为 2.23 万元，支出决算为 2.22 万元，完成全年预算数的 99.55%。
决算数小于全年预算数的主要原因：人员变动。
"""


def test_contract_columns_come_first() -> None:
    facts, uncovered = read_narrative(split_dump_pages(WUHAN_EXCERPT))
    assert list(facts.columns[: len(NARRATIVE_COLUMNS)]) == NARRATIVE_COLUMNS
    assert list(facts.columns) == FACT_COLUMNS
    assert list(uncovered.columns) == UNCOVERED_COLUMNS


def test_wuhan_excerpt_totals_change_and_reason() -> None:
    facts, _ = read_narrative(split_dump_pages(WUHAN_EXCERPT))
    check(facts, "income_expenditure_total", 1132.98, page=1, unit="万元")
    check(facts, "yoy_change_amount", 259.4, unit="万元")
    check(facts, "yoy_change_pct", 18.6, unit="%")
    check(facts, "yoy_change_direction", -1)
    assert one(facts, "yoy_change_reason")["text"].startswith("厉行勤俭节约，压减项目经费开支")
    # compared with the budget, not the previous year
    check(facts, "agency_operating_cost", 40.19)
    check(facts, "agency_operating_cost_budget_change_amount", 14.29)
    check(facts, "agency_operating_cost_budget_change_pct", 26.2)
    check(facts, "agency_operating_cost_budget_change_direction", -1)


def test_glossary_after_the_narrative_is_not_read() -> None:
    facts, uncovered = read_narrative(split_dump_pages(WUHAN_EXCERPT))
    assert not facts["sentence"].str.contains("名词").any()
    assert uncovered.empty


def test_shanghai_excerpt_items_full_year_budget_and_direction_words() -> None:
    facts, _ = read_narrative([(20, SHANGHAI_EXCERPT)])
    check(facts, "item_full_year_budget:购房补贴", 11.72)
    check(facts, "item_actual:购房补贴", 11.72)
    check(facts, "item_actual_vs_budget:购房补贴", 0)
    assert one(facts, "item_actual_vs_budget:购房补贴")["text"] == "决算数与全年预算数持平"
    check(facts, "item_full_year_budget:行政单位医疗", 2.23)
    check(facts, "item_actual:行政单位医疗", 2.22)
    check(facts, "item_completion_pct:行政单位医疗", 99.55)
    check(facts, "item_actual_vs_budget:行政单位医疗", -1)
    assert one(facts, "item_reason:行政单位医疗")["text"] == "人员变动。"
    # 持平 against the budget is not a change on the previous year
    assert not facts["fact"].str.contains("yoy").any()


def test_unmatched_figures_are_listed_not_dropped() -> None:
    pages = [(3, "第三部分 情况说明\n十四、其他\n本年度举办培训 12 期，覆盖 300 人次。")]
    facts, uncovered = read_narrative(pages)
    assert facts.empty
    assert list(uncovered["number"]) == ["12期", "300人次"]
    assert list(uncovered["page"]) == [3, 3]
    assert uncovered["explained"].all()  # counts, not amounts: nothing for a reviewer


def test_every_printed_amount_is_a_fact_or_an_unexplained_row() -> None:
    """An amount no pattern reads is a row of its own, with its page and why, and not explained."""
    pages = [(3, "第三部分 情况说明\n一、收入支出决算总体情况说明\n本年度收入合计 1132.98万元。"
                 "另有奇特款项 77.5万元，系数 6.8%。")]
    reading = read_narrative(pages)
    assert reading.figures == 3
    assert reading.read == 1
    assert list(reading.unexplained["number"]) == ["77.5万元", "6.8%"]
    assert set(reading.unexplained["reason"]) == {REASON_NO_PATTERN}
    assert "2 amounts/percentages NOT READ (pages 3" in reading.summary()


def test_narrative_without_a_part_heading_starts_at_its_first_section() -> None:
    pages = [
        (2, "收入支出决算总表\n本年收入合计 7.00 万元"),
        (9, "一、收入支出决算总体情况说明\n本年收入合计 5.00 万元。"),
        (10, "名词解释\n一、基本支出：本年收入合计 3.00 万元。"),
    ]
    assert [p for p, _ in narrative_pages(pages)] == [9]
    facts, _ = read_narrative(pages)
    assert values(facts, "total_income") == [5.0]


def test_table_of_contents_does_not_end_the_narrative() -> None:
    pages = [
        (2, "目 录\n第三部分 2024 年度部门决算情况说明\n第四部分 名词解释"),
        (15, "第三部分 2024 年度部门决算情况说明\n一、收入支出决算总体情况说明\n本年收入合计 5.00 万元。"),
        (22, "第四部分 名词解释\n本年收入合计 9.00 万元。"),
    ]
    assert [p for p, _ in narrative_pages(pages)] == [15]
    facts, _ = read_narrative(pages)
    assert values(facts, "total_income") == [5.0]


# ------------------------------------------------------------------------------------------
# The seed report (Wuhan wording), whole text
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_facts() -> tuple[pd.DataFrame, pd.DataFrame]:
    return tuple(read_narrative(split_dump_pages(SEED.read_text(encoding="utf-8"))))


def test_seed_totals_and_shares(seed_facts) -> None:
    facts, _ = seed_facts
    check(facts, "income_expenditure_total", 1132.98, page=10)
    check(facts, "total_income", 1132.98, page=10)
    check(facts, "fiscal_income", 1132.98)
    check(facts, "fiscal_income_share_pct", 100)
    check(facts, "total_expenditure", 1132.98, page=11)
    check(facts, "basic_expenditure", 1004.99, page=11)
    check(facts, "basic_share_pct", 88.7)
    check(facts, "project_expenditure", 127.99)
    check(facts, "project_share_pct", 11.3)
    check(facts, "fiscal_total", 1132.98, page=11)


def test_seed_changes_on_previous_year(seed_facts) -> None:
    facts, _ = seed_facts
    check(facts, "yoy_change_amount", 259.4, page=10)
    check(facts, "yoy_change_pct", 18.6)
    check(facts, "yoy_change_direction", -1)
    check(facts, "fiscal_yoy_change_amount", 259.4)
    check(facts, "fiscal_yoy_change_pct", 18.6)
    check(facts, "general_budget_income", 1132.98)
    check(facts, "general_budget_income_yoy_change_amount", 259.4)
    assert "国家安全教育基地" in one(facts, "general_budget_income_reason")["text"]
    check(facts, "general_budget_expenditure", 1132.98, page=12)
    check(facts, "general_budget_share_pct", 100)
    check(facts, "general_budget_yoy_change_amount", 259.4)
    check(facts, "general_budget_yoy_change_pct", 18.63)  # 18.63 here, 18.6 above
    check(facts, "general_budget_yoy_change_direction", -1)
    assert one(facts, "fiscal_reason")["text"].startswith("厉行勤俭节约")


def test_seed_class_shares_and_budget_execution(seed_facts) -> None:
    facts, _ = seed_facts
    check(facts, "class_amount:一般公共服务", 939.82, page=12)
    check(facts, "class_share_pct:一般公共服务", 83)
    check(facts, "class_share_pct:社会保障和就业", 3.8)
    check(facts, "class_share_pct:卫生健康", 6.2)
    check(facts, "class_share_pct:住房保障", 7)
    check(facts, "general_budget_budget", 1132.98, page=13)
    check(facts, "general_budget_actual", 1132.98)
    check(facts, "general_budget_completion_pct", 100)
    for name, amount in [("一般公共服务", 939.82), ("社会保障和就业", 43.66),
                         ("卫生健康", 69.83), ("住房保障", 79.67)]:
        check(facts, f"class_budget:{name}", amount, page=13)
        check(facts, f"class_actual:{name}", amount, page=13)
        check(facts, f"class_completion_pct:{name}", 100)


def test_seed_project_list(seed_facts) -> None:
    facts, _ = seed_facts
    projects = facts[facts["fact"].str.startswith("project_amount:")]
    assert projects["value"].tolist() == pytest.approx(
        [3.04, 15.96, 29, 15, 13, 22.98, 0.3, 28.71])
    check(facts, "project_amount:档案和党内法规工作项目", 3.04, page=13)
    check(facts, "project_amount:老干工作部门专项款", 0.3)
    assert projects["value"].sum() == pytest.approx(127.99)


def test_seed_personnel_public_and_three_public(seed_facts) -> None:
    facts, _ = seed_facts
    check(facts, "general_budget_basic_expenditure", 1004.99, page=13)
    check(facts, "personnel_expenditure", 964.8, page=13)
    check(facts, "public_expenditure", 40.19, page=14)
    check(facts, "three_public_budget", 21, page=14)
    check(facts, "three_public_actual", 10.96)
    check(facts, "three_public_completion_pct", 52.2)
    check(facts, "three_public_actual_vs_budget", -1)
    assert "过紧日子" in one(facts, "three_public_reason")["text"]
    check(facts, "abroad_budget", 0)
    check(facts, "abroad_actual", 0)
    check(facts, "vehicle_actual", 10.96)
    check(facts, "vehicle_completion_pct", 52.2)
    check(facts, "vehicle_purchase_actual", 0)
    check(facts, "vehicle_operation_actual", 10.96, page=15)
    check(facts, "vehicle_operation_budget_change_amount", 10.04)
    check(facts, "reception_actual", 0)
    check(facts, "reception_completion_pct", 100)


def test_seed_fuel_split_and_vehicle_counts(seed_facts) -> None:
    facts, _ = seed_facts
    check(facts, "vehicle_fuel", 6, page=15)
    check(facts, "vehicle_repair", 2.91)
    check(facts, "vehicle_insurance", 1.87)
    check(facts, "vehicle_other", 0.18)
    # the reason stops before the list of figures
    assert "燃油费" not in one(facts, "vehicle_operation_reason")["text"]
    check(facts, "three_public_vehicle_count", 8, unit="辆")
    check(facts, "vehicle_count", 8, page=15, unit="辆")
    kinds = facts[facts["fact"].str.startswith("vehicle_count:")]
    assert dict(zip(kinds["fact"], kinds["value"])) == {
        "vehicle_count:主要领导干部用车": 1, "vehicle_count:机要通信用车": 1,
        "vehicle_count:应急保障用车": 6}
    assert kinds["page"].tolist() == [16, 16, 16]


def test_seed_agency_cost_procurement_and_placeholder(seed_facts) -> None:
    facts, _ = seed_facts
    check(facts, "agency_operating_cost", 40.19, page=15)
    check(facts, "agency_operating_cost_budget_change_amount", 14.29)
    check(facts, "agency_operating_cost_budget_change_pct", 26.2)
    check(facts, "procurement_total", 17.93, page=15)
    check(facts, "procurement_goods", 3.00)
    check(facts, "procurement_works", 0)
    check(facts, "procurement_services", 14.93)
    check(facts, "procurement_sme", 17.93)
    check(facts, "procurement_sme_share_pct", 100)
    check(facts, "procurement_micro", 17.93)
    check(facts, "procurement_micro_share_pct", 100)
    check(facts, "procurement_goods_sme_share_pct", 100)
    check(facts, "procurement_services_sme_share_pct", 100)
    placeholder = one(facts, "placeholder")
    assert placeholder["text"] == "部门名称"
    assert "政府采购支出总额" in placeholder["sentence"]
    assert placeholder["page"] == 15
    assert math.isnan(placeholder["value"])


def test_seed_performance_counts_and_none_statements(seed_facts) -> None:
    facts, _ = seed_facts
    check(facts, "perf_self_eval_project_count", 1, page=16, unit="个")
    check(facts, "perf_self_eval_amount", 127.99)
    check(facts, "perf_self_eval_share_pct", 100)
    check(facts, "perf_department_amount", 1132.98)
    check(facts, "perf_level1_project_count", 1)
    check(facts, "perf_project_full_year_budget:区委办公室综合项目", 127.99)
    check(facts, "perf_project_actual:区委办公室综合项目", 127.99)
    check(facts, "perf_project_completion_pct:区委办公室综合项目", 100)
    check(facts, "gov_fund_none", 1)
    check(facts, "soe_capital_none", 1)


def test_seed_coverage_lists_the_work_report_figures(seed_facts) -> None:
    facts, uncovered = seed_facts
    # every figure of 第三部分 sections 一 to 十二 is a fact; what is left are the work results
    assert not uncovered["section"].str.match(r"^[一二三四五六七八九十]+、.*(决算|经费|采购|资产)").any()
    assert (uncovered["number"] == "1525分").any()
    # what is not a fact is a count or a work result, never an amount no pattern read
    assert uncovered["explained"].all(), uncovered[~uncovered["explained"]]


# ------------------------------------------------------------------------------------------
# Putuo 2024 (Shanghai wording), the real PDF
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def putuo_facts() -> tuple[pd.DataFrame, pd.DataFrame]:
    return tuple(read_narrative(read_pages(PUTUO)))


@pytest.mark.real
def test_putuo_totals_and_new_department_increase(putuo_facts) -> None:
    facts, _ = putuo_facts
    check(facts, "income_expenditure_total", 307.82, page=17)
    check(facts, "yoy_change_amount", 307.82)
    check(facts, "yoy_change_pct", 100.00)
    check(facts, "yoy_change_direction", 1)
    assert one(facts, "yoy_change_reason")["text"].startswith("单位于2024年成立")
    check(facts, "total_income", 307.82)
    check(facts, "fiscal_income_share_pct", 100.00)
    check(facts, "basic_expenditure", 105.58)
    check(facts, "basic_share_pct", 34.30)
    check(facts, "project_expenditure", 202.24)
    check(facts, "project_share_pct", 65.70)
    check(facts, "fiscal_total", 307.82)
    check(facts, "fiscal_yoy_change_pct", 100.00)
    # the sentence starts on page 17, its 100.00% is printed on page 18
    check(facts, "general_budget_share_pct", 100.00, page=18)


@pytest.mark.real
def test_putuo_class_shares_and_items(putuo_facts) -> None:
    facts, _ = putuo_facts
    check(facts, "class_amount:一般公共服务", 264.87, page=18)
    check(facts, "class_share_pct:一般公共服务", 86.05)
    check(facts, "class_share_pct:社会保障和就业", 3.52)
    check(facts, "class_share_pct:卫生健康", 0.88)
    check(facts, "class_share_pct:住房保障", 9.55)
    check(facts, "general_budget_budget", 0)
    check(facts, "general_budget_full_year_budget", 321.02)
    check(facts, "general_budget_actual", 307.82)
    check(facts, "general_budget_completion_pct", 95.89)
    check(facts, "general_budget_actual_vs_budget", -1)
    check(facts, "item_full_year_budget:行政运行", 52.00, page=18)
    check(facts, "item_actual:行政运行", 51.32)
    check(facts, "item_completion_pct:行政运行", 98.69)
    check(facts, "item_actual_vs_budget:行政运行", -1)
    check(facts, "item_full_year_budget:其他社会工作事务支出", 202.24, page=19)
    check(facts, "item_actual_vs_budget:其他社会工作事务支出", 0)
    check(facts, "item_full_year_budget:购房补贴", 11.72, page=20)
    check(facts, "item_actual:购房补贴", 11.72)
    check(facts, "item_actual_vs_budget:购房补贴", 0)
    items = facts[facts["fact"].str.startswith("item_actual:")]
    assert len(items) == 9  # nine 项 statements, 1、 to 9、


@pytest.mark.real
def test_putuo_basic_split_none_statements_and_agency_cost(putuo_facts) -> None:
    facts, _ = putuo_facts
    check(facts, "personnel_expenditure", 95.36, page=20)
    check(facts, "public_expenditure", 10.23)
    check(facts, "three_public_none", 1, page=20)
    check(facts, "gov_fund_none", 1)
    check(facts, "soe_capital_none", 1, page=21)
    check(facts, "agency_operating_cost", 10.23, page=21)
    check(facts, "agency_operating_cost_yoy_change_amount", 10.23)
    check(facts, "agency_operating_cost_yoy_change_pct", 100.00)
    check(facts, "agency_operating_cost_yoy_change_direction", 1)


@pytest.mark.real
def test_putuo_performance_procurement_and_vehicles(putuo_facts) -> None:
    facts, uncovered = putuo_facts
    check(facts, "perf_target_project_count", 1, page=21)
    check(facts, "perf_target_amount", 175.52)
    check(facts, "perf_tracking_amount", 175.52)
    check(facts, "perf_self_eval_project_count", 1)
    check(facts, "perf_self_eval_average_score", 100.00, unit="分")
    check(facts, "perf_rating_count:优", 1)
    check(facts, "perf_rating_count:不合格", 0)
    check(facts, "perf_problem_count", 0)
    check(facts, "procurement_total", 21.07, page=22)
    check(facts, "procurement_goods", 21.07)
    check(facts, "procurement_works", 0)
    check(facts, "procurement_services", 0)
    check(facts, "procurement_sme_reserved", 21.07)
    check(facts, "procurement_micro_reserved", 21.07)
    check(facts, "procurement_other_sme_awarded", 21.07)
    check(facts, "vehicle_count", 0, page=22)
    assert len(facts[facts["fact"].str.startswith("vehicle_count:")]) == 8
    check(facts, "large_equipment_count", 0)
    assert uncovered.empty
    assert not (facts["fact"] == "placeholder").any()


@pytest.mark.real
def test_template_placeholders_and_no_invented_figures() -> None:
    facts, _ = read_narrative(read_pages(TEMPLATE))
    placeholders = facts[facts["fact"] == "placeholder"]
    assert len(placeholders) > 50
    assert {"XX", "XXX"} <= set(placeholders["text"])
    assert placeholders["page"].min() == 15  # 第三部分 starts on page 15, not at the contents
    # 决算数大于（小于）预算数 claims neither direction
    claims = facts[facts["fact"].str.contains("actual_vs_budget")]
    assert claims["value"].isna().all()
    # the template's 无…的部门，作下述说明 is an instruction, not a statement of the department
    assert not facts["fact"].str.endswith("_none").any()


# ------------------------------------------------------------------------------------------
# The bundled sample PDF (rendered from the seed): same facts, its own pages
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_facts() -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.config import SAMPLE_PDF

    if not SAMPLE_PDF.exists():
        pytest.skip("the sample PDF has not been rendered")
    return tuple(read_narrative(read_pages(SAMPLE_PDF)))


def test_sample_pdf_facts_and_pages(sample_facts) -> None:
    facts, _ = sample_facts
    # page 12: 第三部分 begins; the project list runs over onto page 13
    check(facts, "income_expenditure_total", 1132.98, page=12)
    check(facts, "yoy_change_pct", 18.6, page=12)
    check(facts, "general_budget_yoy_change_pct", 18.63, page=12)
    check(facts, "class_share_pct:社会保障和就业", 3.8, page=12)
    check(facts, "project_amount:党委督查工作项目", 15.96, page=12)
    check(facts, "project_amount:党委信息化建设及机要保密工作项目", 29, page=13)
    check(facts, "project_amount:老干工作部门专项款", 0.3, page=13)
    # page 13: 六 to the 三公 vehicles; page 14: 公务接待 onwards
    check(facts, "personnel_expenditure", 964.8, page=13)
    check(facts, "three_public_budget", 21, page=13)
    check(facts, "three_public_completion_pct", 52.2, page=13)
    check(facts, "vehicle_other", 0.18, page=13)
    check(facts, "three_public_vehicle_count", 8, page=13)
    check(facts, "reception_actual", 0, page=14)
    check(facts, "agency_operating_cost_budget_change_pct", 26.2, page=14)
    check(facts, "procurement_services", 14.93, page=14)
    check(facts, "vehicle_count:应急保障用车", 6, page=14)
    check(facts, "perf_self_eval_amount", 127.99, page=14)
    assert one(facts, "placeholder")["page"] == 14


def test_sample_pdf_says_what_the_seed_says(sample_facts, seed_facts) -> None:
    """Rendering changes pages and line breaks, never the facts."""
    def keyed(df: pd.DataFrame) -> list[tuple]:
        return sorted(zip(df["fact"], df["value"].fillna(-1).round(4), df["text"]))

    assert keyed(sample_facts[0]) == keyed(seed_facts[0])


# ------------------------------------------------------------------------------------------
# Wordings of other regions of the family (hand-written in their style)
# ------------------------------------------------------------------------------------------

OTHER_WORDINGS = """\
第三部分 2024年度部门决算情况说明
一、收入支出决算总体情况说明
2024年度收入总计1,250.50万元，比上年增加50.2万元，增长4.18%。
十、机关运行经费支出情况
机关运行经费支出10.23万元，与上年持平。
十一、“三公”经费
公务接待费支出3,000元，同比减少0.5万元，下降62.5%。
国内公务接待支出0.3万（含外宾接待支出0万元）。
一般公共预算财政拨款支出预算执行率为95.5%。
十二、国有资产占用情况
截至2024年12月31日，本部门共有车辆3辆，其中，副部（省）级及以上领导用车0辆，其他用车3辆；
单价50万元以上通用设备2台（套），单价100万元以上专用设备0台（套）。
"""


def test_other_wordings() -> None:
    facts, uncovered = read_narrative([(5, OTHER_WORDINGS)])
    check(facts, "income_expenditure_total", 1250.50)
    check(facts, "yoy_change_amount", 50.2)
    check(facts, "yoy_change_pct", 4.18)
    check(facts, "yoy_change_direction", 1)
    check(facts, "agency_operating_cost_yoy_change_direction", 0)  # 与上年持平
    check(facts, "reception_actual", 0.3, unit="万元")  # 3,000元 → 0.3 万元
    check(facts, "reception_yoy_change_amount", 0.5)  # 同比: compared with last year
    check(facts, "reception_yoy_change_pct", 62.5)
    check(facts, "reception_foreign_actual", 0)
    check(facts, "general_budget_completion_pct", 95.5)
    check(facts, "vehicle_count:副部（省）级及以上领导用车", 0)
    check(facts, "vehicle_count:其他用车", 3)
    check(facts, "large_equipment_count:通用设备", 2, unit="台（套）")
    check(facts, "large_equipment_count:专用设备", 0)
    # 单价50万元以上 is part of a label, not a figure
    assert 50 not in values(facts, "large_equipment_count:通用设备")
    assert uncovered.empty


def test_an_unnumbered_subject_sentence_carries_to_the_next_one() -> None:
    text = ("第三部分 情况说明\n（三）具体情况\n主要用于：人员经费支出。\n"
            "社会保障和就业支出（类）行政事业单位养老支出（款）职业年金缴费支出（项）。\n"
            "主要用于：项目支出。全年预算为 5.74 万元，支出决算为 4.64 万元。")
    facts, _ = read_narrative([(19, text)])
    check(facts, "item_full_year_budget:职业年金缴费支出", 5.74)
    check(facts, "item_actual:职业年金缴费支出", 4.64)


WUHAN_TEMPLATE_STYLE = """\
第三部分 2023年度部门决算情况说明
二、收入决算情况说明
2023年度收入合计500万元。其中：财政拨款收入400万元，占本年收入80%；事业收入60万元，占12%；
附属单位上缴收入10万元，占2%；其他收入30万元，占6%。
三、支出决算情况说明
2023年度支出合计480万元。其中：基本支出300万元，占本年支出62.5%；项目支出150万元，占31.25%；
上缴上级支出10万元，占2.08%；对附属单位补助支出20万元，占4.17%。年末结转和结余20万元。
九、财政拨款“三公”经费支出决算情况说明
2023年度“三公”经费财政拨款支出预算为10万元，支出决算为8万元，完成预算的80%，其中：因公出国（境）
费支出决算为0万元，完成预算的0%；公务用车购置费支出决算为0万元；公务用车运行维护费支出决算为5万元，
完成预算的83.33%；公务接待费支出决算为3万元，完成预算的75%。
3.公务接待费支出决算为3万元。其中，国内公务接待12批次，150人次（不包括外宾接待）。
十三、预算绩效情况说明
组织对2023年度一般公共预算项目支出全面开展绩效自评，共涉及项目5个，资金150万元，占一般公共预算项目支出总额的100%。
参训人员1000余人次。
"""


def test_wuhan_template_style_parts_counts_and_units() -> None:
    facts, uncovered = read_narrative([(7, WUHAN_TEMPLATE_STYLE)])
    check(facts, "business_income_share_pct", 12)
    check(facts, "subsidiary_remit_income", 10)
    check(facts, "other_income_share_pct", 6)
    check(facts, "remit_superior_expenditure", 10)
    check(facts, "subsidy_subsidiary_share_pct", 4.17)
    check(facts, "closing_balance", 20)
    check(facts, "abroad_actual", 0)
    check(facts, "abroad_completion_pct", 0)
    check(facts, "vehicle_purchase_actual", 0)
    check(facts, "vehicle_operation_completion_pct", 83.33)
    check(facts, "reception_completion_pct", 75)
    check(facts, "reception_batches", 12, unit="批次")  # a count, not an amount of money
    check(facts, "reception_person_times", 150, unit="人次")
    assert values(facts, "reception_actual") == [3, 3]
    check(facts, "perf_self_eval_project_count", 5, unit="个")
    check(facts, "perf_self_eval_amount", 150)
    # 人次 after anything but 公务接待 is not claimed: it is listed
    assert uncovered["number"].tolist() == ["1000余人次"]

"""Title recognition: the same nine tables under the titles different regions print."""

from __future__ import annotations

import pytest

from analysis.domain import parse_amount
from analysis.tables.specs import SPECS_BY_KEY, match_title


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("2023年度收入支出决算总表", "summary"),
        ("部门收支决算总表", "summary"),
        ("附表1：收入支出决算总表", "summary"),
        ("2023年度收入支出决算总表（续）", "summary"),
        ("2023年度财政拨款收入支出决算总表", "fiscal_summary"),  # not taken for 收入支出决算总表
        ("表1-2 收入决算表", "income"),
        ("附件2、2023年度支出决算表", "expenditure"),
        ("一般公共预算财政拨款支出决算表", "general_budget_expenditure"),  # 一般 is not numbering
        ("2023年度一般公共预算财政拨款基本支出决算明细表", "basic_expenditure"),
        ("一般公共预算财政拨款基本支出决算表", "basic_expenditure"),
        ("2023年度政府性基金预算财政拨款收入支出决算表", "gov_fund"),
        ("2023年度国有资本经营预算财政拨款支出决算表", "soe_capital"),
        ("2023年度财政拨款“三公”经费支出决算表", "three_public"),
        ('财政拨款"三公"经费支出决算表', "three_public"),
        # the title of the real failure, and its quotes lost (another font, another baseline) or odd
        ("财政拨款“三公”经费支出决算表", "three_public"),
        ("财政拨款三公经费支出决算表", "three_public"),
        ("财政拨款〝三公〞经费支出决算表", "three_public"),
        ("2024年度一般公共预算财政拨款“三公”经费支出决算表", "three_public"),
        ("公开09表 2023年度财政拨款“三公”经费支出决算表", "three_public"),
        ("收入支出决算总表（公开01表）", "summary"),
        ("支出决算表（2024年度）", "expenditure"),
        ("2024年度收入决算表 单位：万元", "income"),
        ("2024年度收入决算表（续表）", "income"),
        ("2024年度部门收支决算总表", "summary"),
        ("上海市普陀区财政局2024年度支出决算表", "expenditure"),
        # other regions' titles, as their reports' 目录 print them (云南 耿马县政务服务管理局 2022,
        # 陕西 柞水县审计局 2020, 湖北 随州 曾都区 2021, 四川 泸州 2023)
        ("收入支出决算表", "summary"),
        ("耿马傣族佤族自治县政务服务管理局2022年度收入支出决算表", "summary"),
        ("四、财政拨款收入支出决算表", "fiscal_summary"),
        ("五、一般公共预算财政拨款收入支出决算表", "general_budget_expenditure"),
        ("九、国有资本经营预算财政拨款收入支出决算表", "soe_capital"),
        ("十、“三公”经费、行政参公单位机关运行经费情况表", "three_public"),
        ("二、收入决算总表", "income"),
        ("三、支出决算总表", "expenditure"),
        ("七、一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", "three_public"),
        ("表 7:一般公共预算财政拨款“三公”经费支出决算表", "three_public"),
        ("附表一 收入支出决算总表（单位：万元）", "summary"),
        ("一般公共预算财政拨款支出决算表（按功能分类）", "general_budget_expenditure"),
        ("一般公共预算财政拨款基本支出决算表（按经济分类科目）", "basic_expenditure"),
        ("一般公共预算基本支出决算表", "basic_expenditure"),
        ("2023年度政府性基金预算支出决算表", "gov_fund"),  # not the 支出决算表
        ("2023年度国有资本经营预算支出决算表", "soe_capital"),
        ("2023年度一般公共预算支出决算表", "general_budget_expenditure"),
    ],
)
def test_titles_are_recognised(line, key):
    assert match_title(line) == key


@pytest.mark.parametrize(
    "line",
    [
        "第二部分 2023年度部门决算表",
        "七、财政拨款“三公”经费支出决算情况说明",
        "2023年度收入支出决算总表反映部门本年度的总收支和年末结转结余情况，详见下表。",
        "中共上海市普陀区委社会工作部 2024 年度部门决算表",
        # 支出决算表 never matches inside a longer title we do not know
        "2024年度某某经费支出决算表",
        "公开03表",
        "2024年度机关财政拨款支出决算表",
        # tables beyond the nine, printed by some regions: never taken for one of them
        "五、财政拨款支出决算明细表",  # 四川 泸州
        "七、一般公共预算财政拨款项目支出决算表",  # 云南 耿马
        "十一、国有资产使用情况表",
        "十三、部门整体支出绩效自评表",
        "三、2020年度“三公”经费、培训费及会议费支出情况说明",
    ],
)
def test_headings_and_sentences_are_not_titles(line):
    assert match_title(line) is None


def test_three_public_header_words_map_to_keys():
    spec = SPECS_BY_KEY["three_public"]
    # header text of the seed's columns 1, 4 and 11, read top to bottom
    assert spec.column_key("预算数合计") == "budget_total"
    assert spec.column_key("预算数公务用车购置及运行维护费公务用车购置费") == "budget_vehicle_purchase"
    assert spec.column_key("决算数公务用车购置及运行维护费公务用车运行维护费") == "actual_vehicle_operation"
    assert spec.column_key("决算数公务用车购置及运行维护费小计") == "actual_vehicle"


@pytest.mark.parametrize(
    ("text", "value"),
    [("1132.98", "1132.98"), ("1,132.98", "1132.98"), ("0.00", "0.00"), ("2", "2"), ("-3.5", "-3.5")],
)
def test_numbers_as_printed(text, value):
    assert str(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["", "-", "—", "栏次", "2023年", "1.2.3"])
def test_blank_and_words_are_not_numbers(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("label", "item", "key"),
    [
        ("预算数", "1.因公出国（境）费", "budget_abroad"),
        ("决算数", "（1）公务用车购置费", "actual_vehicle_purchase"),
        ("决算数", "2.公务用车购置及运行维护费", "actual_vehicle"),
        ("本年预算数", "其中：公务用车运行维护费", "budget_vehicle_operation"),
        ("决算数", "合 计", "actual_total"),
        ("决算数", "3.公务接待费", "actual_reception"),
        # counts and other costs printed in the same table are no 三公 amount
        ("决算数", "公务接待批次(批)", None),
        ("决算数", "因公出国（境）团组数（个）", None),
        ("决算数", "公务用车保有量（辆）", None),
        ("决算数", "会议费", None),
        ("项目", "公务接待费", None),
    ],
)
def test_a_turned_three_public_table_is_keyed_by_row_and_column(label, item, key):
    """项目 | 预算数 | 决算数 with one row per part (云南; 平凉, 岳阳, 桂林 print 三公 so)."""
    assert SPECS_BY_KEY["three_public"].row_column_key(label, item) == key


@pytest.mark.parametrize(
    ("label", "key"),
    [
        # the national header: the group over 小计 | 购置费 | 运行维护费
        ("决算数公务用车购置及运行维护费小计", "actual_vehicle"),
        ("决算数公务用车购置及运行维护费公务用车购置费", "actual_vehicle_purchase"),
        ("决算数公务用车购置及运行维护费公务用车运行维护费", "actual_vehicle_operation"),
        ("预算数公务用车购置及运行费购置费", "budget_vehicle_purchase"),
        ("预算数公务用车购置及运行费运行费", "budget_vehicle_operation"),
        # the group printed alone, no columns below it: the vehicle total, never its 运行 part
        ("决算数公务用车购置及运行维护费", "actual_vehicle"),
        ("预算数公务用车购置及运行费", "budget_vehicle"),
    ],
)
def test_three_public_vehicle_columns(label, key):
    assert SPECS_BY_KEY["three_public"].column_key(label) == key

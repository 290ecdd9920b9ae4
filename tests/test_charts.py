"""Charts render Chinese with no missing glyph, carry 万元 on their value axes, and survive empty input.

The frames are written by hand from the bundled sample's printed tables (the seed text), so the
tests do not depend on the extractor.
"""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import charts, loader  # noqa: E402
from analysis.schema import CELLS_COLUMNS, CHECKS_COLUMNS, PERFORMANCE_COLUMNS, conform  # noqa: E402

DEPT = "中共武汉市青山区委办公室"

# (code, item, total, basic, project) of the 支出决算表 (公开03表)
EXPENDITURE = [
    ("", "合计", 1132.98, 1004.99, 127.99),
    ("201", "一般公共服务支出", 939.82, 815.58, 124.24),
    ("20131", "党委办公厅（室）及相关机构事务", 939.82, 815.58, 124.24),
    ("2013101", "行政运行", 799.87, 799.87, None),
    ("2013102", "一般行政管理事务", 124.24, None, 124.24),
    ("2013150", "事业运行", 14.66, 14.66, None),
    ("2013199", "其他党委办公厅（室）及相关机构事务支出", 1.05, 1.05, None),
    ("208", "社会保障和就业支出", 43.66, 43.66, None),
    ("20805", "行政事业单位养老支出", 43.66, 43.66, None),
    ("2080505", "机关事业单位基本养老保险缴费支出", 43.66, 43.66, None),
    ("210", "卫生健康支出", 69.83, 66.08, 3.75),
    ("21011", "行政事业单位医疗", 69.83, 66.08, 3.75),
    ("2101101", "行政单位医疗", 22.34, 21.83, 0.51),
    ("2101103", "公务员医疗补助", 45.49, 42.25, 3.24),
    ("2101199", "其他行政事业单位医疗支出", 2.0, 2.0, None),
    ("221", "住房保障支出", 79.67, 79.67, None),
    ("22102", "住房改革支出", 79.67, 79.67, None),
    ("2210201", "住房公积金", 66.41, 66.41, None),
    ("2210202", "提租补贴", 13.26, 13.26, None),
]
# (code, item, amount) of the 基本支出决算明细表 (公开06表), blank cells left out
BASIC = [
    ("301", "工资福利支出", 923.27), ("30101", "基本工资", 158.19), ("30102", "津贴补贴", 374.83),
    ("30103", "奖金", 97.29), ("30106", "伙食补助费", 28.26), ("30107", "绩效工资", 16.56),
    ("30108", "机关事业单位基本养老保险缴费", 82.56), ("30109", "职业年金缴费", 15.57),
    ("30110", "职工基本医疗保险缴费", 25.0), ("30111", "公务员医疗补助缴费", 42.91),
    ("30112", "其他社会保障缴费", 0.55), ("30113", "住房公积金", 81.55),
    ("303", "对个人和家庭的补助", 41.53), ("30302", "退休费", 39.65), ("30307", "医疗费补助", 1.88),
    ("302", "商品和服务支出", 40.19), ("30201", "办公费", 4.3), ("30202", "印刷费", 0.05),
    ("30211", "差旅费", 2.0), ("30213", "维修（护）费", 0.02), ("30216", "培训费", 0.45),
    ("30226", "劳务费", 13.48), ("30227", "委托业务费", 2.01), ("30229", "福利费", 3.32),
    ("30231", "公务用车运行维护费", 10.96), ("30299", "其他商品和服务支出", 3.6),
    ("", "人员经费合计", 964.80), ("", "公用经费合计", 40.19),
]
THREE_PUBLIC = {"budget_total": 21.0, "budget_vehicle": 21.0, "budget_vehicle_operation": 21.0,
                "actual_total": 10.96, "actual_vehicle": 10.96, "actual_vehicle_operation": 10.96}
PERFORMANCE = [
    ("部门整体", "预算执行情况", "", "部门整体支出总额", "1132.98", "1132.98", 20.0),
    ("部门整体", "产出指标", "质量指标", "重大活动服务保障", "≥5", "≥10", 4.0),
    ("部门整体", "产出指标", "数量指标", "召开全区性会议", "≤10", "10", 3.0),
    ("部门整体", "产出指标", "数量指标", "在全市信息采用情况综合排名", "争先进位", "中心城区第二", 4.0),
    ("部门整体", "效益指标", "社会效益指标", "督查工作质效", "提高", "提高", 3.0),
    ("部门整体", "满意度指标", "服务对象满意度指标", "区属各立档单位满意度", "≥95%", "≥95%", 3.0),
    ("部门整体", "总分", "", "", "", "", 97.0),
    ("区委办公室综合项目", "预算执行情况", "", "年度财政资金总额", "127.99", "127.99", 20.0),
    ("区委办公室综合项目", "产出指标", "质量指标", "被市级以上采用信息", "≥30", "≥100", 4.0),
    ("区委办公室综合项目", "总分", "", "", "", "", 96.0),
]
CHECKS = [
    ("income.row_identity", "table", "收入决算表 合计=各栏之和", 1132.98, 1132.98, 0.0, "pass", "3"),
    ("expenditure.hierarchy", "hierarchy", "类=Σ款=Σ项", 939.82, 939.82, 0.0, "pass", "4"),
    ("summary.vs.expenditure", "cross_table", "总表支出=支出决算表合计", 1132.98, 1132.98, 0.0, "pass", "3;4"),
    ("narrative.three_public", "narrative", "说明“三公”决算数=三公表", 10.96, 10.0, 0.96, "fail", "9;20"),
    ("performance.total", "performance", "总分=Σ得分", 97.0, 96.0, 1.0, "warn", "25"),
    ("gov_fund.empty", "table", "政府性基金表为空", None, None, None, "not_applicable", "8"),
]


def seed_cells(department: str = DEPT) -> pd.DataFrame:
    """The sample's expenditure, basic-expenditure, summary and 三公 cells as tidy rows."""
    rows = []
    for code, item, total, basic, project in EXPENDITURE:
        for column, value in (("total", total), ("basic", basic), ("project", project)):
            if value is not None:
                rows.append({"table": "expenditure", "code": code, "item": item, "column": column, "value": value, "page": 4})
    for code, item, amount in BASIC:
        rows.append({"table": "basic_expenditure", "code": code, "item": item, "column": "amount", "value": amount, "page": 7})
    rows += [
        {"table": "summary", "side": "income", "code": "", "item": "本年收入合计", "row_no": "27", "column": "amount", "value": 1132.98, "page": 3},
        {"table": "summary", "side": "expenditure", "code": "", "item": "本年支出合计", "row_no": "58", "column": "amount", "value": 1132.98, "page": 3},
    ]
    rows += [{"table": "three_public", "code": "", "item": "", "column": k, "value": v, "page": 9} for k, v in THREE_PUBLIC.items()]
    df = conform(pd.DataFrame(rows), CELLS_COLUMNS)
    df["department"], df["year"] = department, 2023
    for col in ("side", "code", "item", "row_no"):
        df[col] = df[col].fillna("").astype(str)
    return df


def seed_performance() -> pd.DataFrame:
    return conform(pd.DataFrame(PERFORMANCE, columns=["scope", "level1", "level2", "indicator", "target", "actual", "score"]).assign(page=25), PERFORMANCE_COLUMNS)


def seed_checks() -> pd.DataFrame:
    df = pd.DataFrame(CHECKS, columns=["check_id", "category", "description", "expected", "actual", "difference", "status", "pages"])
    return conform(df.assign(tolerance=0.01, tables="", detail=""), CHECKS_COLUMNS)


def render(fig) -> bytes:
    """Draw to PNG with any missing-glyph warning raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    return buf.getvalue()


def texts(fig) -> set[str]:
    """Every label, tick and title in the figure (what the reader sees)."""
    out = {t.get_text() for t in fig.findobj(matplotlib.text.Text)}
    return {t for t in out if t}


@pytest.fixture(scope="module")
def cells() -> pd.DataFrame:
    return seed_cells()


def test_font_is_cjk():
    name = charts.use_cjk_font()
    assert name and "DejaVu" not in name


def test_glyph_warning_would_fail():
    """The guard works: a character outside every font raises under the tests' filter."""
    fig, ax = charts._figure(2, 1)
    ax.set_title("\U0001F9FF\U000E0100")
    with pytest.raises(UserWarning, match="[Gg]lyph"):
        render(fig)


def test_expenditure_structure(cells):
    fig = charts.expenditure_structure(cells, DEPT)
    assert render(fig).startswith(b"\x89PNG")
    seen = texts(fig)
    assert "支出合计（万元）" in seen
    assert "金额（万元）" in seen
    assert any("一般公共服务支出" in t for t in seen)
    assert "2013101 行政运行" in seen and "201 一般公共服务支出" in seen
    assert "基本支出与项目支出（按类）" in seen


def test_basic_vs_project(cells):
    fig = charts.basic_vs_project(cells, DEPT)
    render(fig)
    seen = texts(fig)
    assert "支出合计（万元）" in seen
    assert any(t.startswith("基本支出\n1,004.99（88.7%）") for t in seen)


def test_personnel_public_largest_first(cells):
    items = loader.economic_items(cells)
    assert items["code"].iloc[0] == "30102"  # 津贴补贴 374.83 is the largest item
    assert items["value"].is_monotonic_decreasing
    fig = charts.personnel_public(cells, DEPT)
    render(fig)
    seen = texts(fig)
    assert {"人员经费", "公用经费", "金额（万元）", "决算数（万元）", "964.80", "40.19"} <= seen


def test_three_public(cells):
    parts = loader.three_public(cells).set_index("part")
    assert parts.loc["vehicle_operation", "actual"] == 10.96 and parts.loc["abroad", "budget"] == 0
    fig = charts.three_public(cells, DEPT)
    render(fig)
    seen = texts(fig)
    assert {"预算数", "决算数", "金额（万元）", "执行率 52.2%"} <= seen


def test_performance():
    perf = seed_performance()
    fig = charts.performance(perf, "部门整体")
    render(fig)
    seen = texts(fig)
    assert "绩效自评：部门整体（总分 97）" in seen
    assert any("目标 ≥5 → 实际 ≥10" in t for t in seen)
    assert "得分（分）" in seen
    render(charts.performance_overview(perf))
    summary = loader.performance_summary(perf)
    assert summary["total_score"].tolist() == [97.0, 96.0]


def test_reconciliation():
    checks = seed_checks()
    fig = charts.reconciliation(checks)
    render(fig)
    seen = texts(fig)
    assert {"表内", "类款项", "表间", "文字说明", "绩效", "通过", "不符", "核对项数（项）"} <= seen
    bad = loader.failures(checks)
    assert bad["check_id"].tolist() == ["narrative.three_public", "performance.total"]
    assert loader.check_verdict(checks) == "fail"


@pytest.mark.parametrize("make", [
    lambda e: charts.expenditure_structure(e), lambda e: charts.basic_vs_project(e),
    lambda e: charts.personnel_public(e), lambda e: charts.three_public(e),
])
def test_empty_cells_render(make):
    empty = conform(pd.DataFrame(), CELLS_COLUMNS)
    render(make(empty))


def test_empty_perf_and_checks_render():
    render(charts.performance(conform(pd.DataFrame(), PERFORMANCE_COLUMNS)))
    render(charts.performance_overview(conform(pd.DataFrame(), PERFORMANCE_COLUMNS)))
    render(charts.reconciliation(conform(pd.DataFrame(), CHECKS_COLUMNS)))


def test_key_figures(tmp_path, cells):
    from analysis.outputs import write_table

    folder = tmp_path / "2023" / "dept"
    write_table(cells, folder, "cells")
    write_table(seed_performance(), folder, "performance")
    write_table(seed_checks(), folder, "checks", parquet=False)
    data = loader.load_department(folder)
    assert data.department == DEPT and data.year == 2023
    assert "201" in set(data.cells["code"]) and "" in set(data.cells["code"])
    figs = loader.key_figures(data)
    assert figs["total_expenditure"] == 1132.98
    assert figs["basic"] == 1004.99 and figs["project"] == 127.99
    assert figs["personnel"] == 964.80 and figs["public"] == 40.19
    assert figs["three_public_actual"] == 10.96 and figs["performance_score"] == 97.0
    assert figs["checks_fail"] == 1 and figs["verdict"] == "fail"
    panel = loader.panel(tmp_path)
    assert len(panel) == 1
    for fig in (charts.panel_bars(panel, "total_expenditure", "支出合计"), charts.panel_split(panel),
                charts.panel_three_public(panel), charts.panel_checks(panel)):
        render(fig)

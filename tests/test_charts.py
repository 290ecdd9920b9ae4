"""Charts render Chinese with no missing glyph, carry 万元 on their value axes, and survive empty input.

The frames are the bundled sample's tables transcribed by hand (tests/fixtures/sample_cells.py) and a
hand-written set of check verdicts, so the tests do not depend on the extractor.
"""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.present import chart_kit, charts, corpus_charts, loader  # noqa: E402
from analysis.catalogue import CELLS_COLUMNS, CHECKS_COLUMNS, PERFORMANCE_COLUMNS, conform  # noqa: E402
from fixtures.sample_cells import DEPARTMENT as DEPT  # noqa: E402
from fixtures.sample_cells import sample_cells, sample_performance  # noqa: E402


CHECKS = [
    ("income.row_identity", "table", "收入决算表 合计=各栏之和", 1132.98, 1132.98, 0.0, "pass", "3"),
    ("expenditure.hierarchy", "hierarchy", "类=Σ款=Σ项", 939.82, 939.82, 0.0, "pass", "4"),
    ("summary.vs.expenditure", "cross_table", "总表支出=支出决算表合计", 1132.98, 1132.98, 0.0, "pass", "3;4"),
    ("narrative.three_public", "narrative", "说明“三公”决算数=三公表", 10.96, 10.0, 0.96, "fail", "9;20"),
    ("performance.total", "performance", "总分=Σ得分", 97.0, 96.0, 1.0, "warn", "25"),
    ("gov_fund.empty", "table", "政府性基金表为空", None, None, None, "not_applicable", "8"),
]


def seed_cells() -> pd.DataFrame:
    return sample_cells()


def seed_performance() -> pd.DataFrame:
    return sample_performance()


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


# Belt and braces: besides render()'s own filter, any glyph warning anywhere in this module fails.
pytestmark = pytest.mark.filterwarnings("error:Glyph:UserWarning")


@pytest.fixture(scope="module")
def cells() -> pd.DataFrame:
    return seed_cells()


def test_font_is_cjk():
    name = chart_kit.use_cjk_font()
    assert name and "DejaVu" not in name


def test_glyph_warning_would_fail():
    """The guard works: a character outside every font raises under the tests' filter."""
    fig, ax = chart_kit.figure(2, 1)
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
    assert "绩效自评：部门整体（总分 97 / 100；预算执行 20 / 20；指标 77 / 80）" in seen
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
    for fig in (corpus_charts.panel_bars(panel, "total_expenditure", "支出合计"), corpus_charts.panel_split(panel),
                corpus_charts.panel_three_public(panel), corpus_charts.panel_checks(panel)):
        render(fig)


def test_corpus_charts():
    """The compare notebook's charts, from frames shaped as corpus.py makes them (numbers by hand)."""
    shares = pd.DataFrame({"一般公共服务支出": [82.95, 60.0], "社会保障和就业支出": [3.85, 25.0],
                           "卫生健康支出": [6.16, 5.0], "住房保障支出": [7.03, 10.0]},
                          index=["中共武汉市青山区委办公室 2023", "某区财政局 2023"])
    fig = corpus_charts.class_shares(shares, top=3)
    render(fig)
    seen = texts(fig)
    assert {"一般公共服务支出", "其他", "占本年支出（%）"} <= seen  # the 4th class folds into 其他
    fig = corpus_charts.share_distribution(pd.Series([96.0, 88.5, 70.0]), "人员经费占基本支出比重")
    render(fig)
    assert {"人员经费占基本支出比重的分布（3 份报告）", "中位数 88.5%", "报告数（份）"} <= texts(fig)
    by_year = pd.DataFrame({2022: [12.5], 2023: [10.96]}, index=["中共武汉市青山区委办公室"])
    fig = corpus_charts.three_public_years(by_year)
    render(fig)
    assert {"2022年", "2023年", "决算数（万元）"} <= texts(fig)
    counts = pd.DataFrame({"pass": [268], "warn": [3], "fail": [0]}, index=["中共武汉市青山区委办公室 2023"])
    fig = corpus_charts.check_outcomes(counts)
    render(fig)
    assert {"通过", "警告", "不符", "不适用", "数据不足", "核对项数（项）"} <= texts(fig)  # every verdict in the legend
    for empty_frame in (corpus_charts.class_shares(pd.DataFrame()), corpus_charts.check_outcomes(pd.DataFrame())):
        assert "无数据" in texts(empty_frame)

"""绩效自评表 extraction (analysis.prose.performance). The expected rows are typed by hand from the
seed's 第六部分 (the two tables); grid logic is also exercised on hand-built rows."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.config import SAMPLE_PDF
from analysis.document.pdfdoc import open_report
from analysis.prose.performance import (
    Cell,
    Reader,
    clean,
    frame,
    performance_of,
    read_performance,
    read_performance_text,
    rows_from_text,
    score_value,
)
from analysis.catalogue import PERFORMANCE_COLUMNS
from analysis.prose.sentences import split_dump_pages
from fixtures.documents import SEED_TEXT
from fixtures.sample_cells import DEPARTMENT_INDICATORS, PROJECT_INDICATORS

SEED = SEED_TEXT

# The 自评表 rows as printed in the seed (fixtures/sample_cells.py: one transcription for all tests).
DEPARTMENT, PROJECT = DEPARTMENT_INDICATORS, PROJECT_INDICATORS


BUDGET_ROWS = {"部门整体": ("部门整体支出总额", "1132.98", "1132.98", "100%", 20.0),
               "区委办公室综合项目": ("年度财政资金总额", "127.99", "127.99", "100%", 20.0)}
TOTALS = {"部门整体": 97.0, "区委办公室综合项目": 96.0}
# the 得分 header as printed (the seed spells it with a space in one table, without in the other)
WEIGHTED_SCORE = {"部门整体": "得分（20分*执行率）", "区委办公室综合项目": "得分（20分*执行率）"}


def indicators(df: pd.DataFrame, scope: str) -> list[tuple]:
    rows = df[(df["scope"] == scope) & ~df["level1"].isin(["预算执行情况", "总分"])]
    return [(r.level1, r.level2, r.indicator, r.target, r.actual, r.score) for r in rows.itertuples()]


def budget(df: pd.DataFrame, scope: str) -> dict[str, str]:
    """预算执行情况 figures keyed by their printed header (预算数（A） …)."""
    rows = df[(df["scope"] == scope) & (df["level1"] == "预算执行情况")]
    return dict(zip(rows["indicator"], rows["actual"]))


def total(df: pd.DataFrame, scope: str) -> float:
    rows = df[(df["scope"] == scope) & (df["level1"] == "总分")]
    assert len(rows) == 1
    return rows["score"].iloc[0]


def test_hand_typed_tables_add_up_to_their_printed_totals() -> None:
    """Guards the expectations themselves: 20 (预算执行) + Σ indicator scores = 总分."""
    assert len(DEPARTMENT) == 23 and len(PROJECT) == 20
    assert 20 + sum(r[-1] for r in DEPARTMENT) == TOTALS["部门整体"]
    assert 20 + sum(r[-1] for r in PROJECT) == TOTALS["区委办公室综合项目"]


# ------------------------------------------------------------------------------------------
# Grid logic on hand-built rows
# ------------------------------------------------------------------------------------------

COLS = [(0, 60), (60, 120), (120, 180), (180, 300), (300, 360), (360, 420), (420, 460)]


def grid_row(*texts: str | None) -> list[Cell]:
    """A row of the 7-column form; None = a cell merged away (absent, as pdfplumber gives it)."""
    return [Cell(clean(t), *COLS[i]) for i, t in enumerate(texts) if t is not None]


def test_clean_joins_wrapped_lines() -> None:
    assert clean("区委常委会开展“第一\n议题”学习") == "区委常委会开展“第一议题”学习"
    assert clean("实际完成值（\nB）") == "实际完成值（B）"
    assert clean(None) == ""


@pytest.mark.parametrize(("text", "value"), [("4", 4.0), ("19.5", 19.5), ("20分", 20.0), ("", None)])
def test_score_value(text: str, value: float | None) -> None:
    assert score_value(text) == value


def test_reader_merged_level1_wrapped_indicator_and_continuation_page() -> None:
    r = Reader()
    r.start("2023 年度部门整体绩效项目自评表")
    r.page = 20
    r.feed(grid_row("预算执行情\n况（万元）", "", None, "预算数（A）", "执行数（B）", "执行率（B/A）", "得分"))
    r.feed(grid_row(None, "部门整体支出总额", None, "1132.98", "1132.98", "100%", "20"))
    r.feed(grid_row("年度目标", "认真贯彻落实…", None, None, None, None, None))
    r.feed(grid_row("年度绩效目\n标（80）", "一级指标", "二级指标", "三级指标", "年初目标值\n（A）",
                    "实际完成值（\nB）", "得分"))
    r.feed(grid_row(None, "产出指标", "质量指标", "重大活动服务保障", "≥5", "≥10", "4"))
    r.feed(grid_row(None, None, "数量指标", "区委常委会开展“第一\n议题”学习", "≥20", "≥20", "3"))
    r.page = 21  # the table runs on without repeating its header
    r.feed(grid_row(None, "效益\n指标", "社会效益指标", "督查工作质效", "提高", "提高", "3"))
    r.feed(grid_row(None, None, None, "服务区委决策", "效果良好", "效果良好", "3"))
    r.feed(grid_row("总分", None, None, None, None, None, "30"))
    df = frame(r.out)
    assert list(df.columns[: len(PERFORMANCE_COLUMNS)]) == PERFORMANCE_COLUMNS
    assert indicators(df, "部门整体") == [
        ("产出指标", "质量指标", "重大活动服务保障", "≥5", "≥10", 4.0),
        ("产出指标", "数量指标", "区委常委会开展“第一议题”学习", "≥20", "≥20", 3.0),
        ("效益指标", "社会效益指标", "督查工作质效", "提高", "提高", 3.0),
        ("效益指标", "社会效益指标", "服务区委决策", "效果良好", "效果良好", 3.0),
    ]
    assert budget(df, "部门整体") == {"预算数（A）": "1132.98", "执行数（B）": "1132.98",
                                    "执行率（B/A）": "100%", "得分": "20"}
    assert set(df.loc[df["level1"] == "预算执行情况", "level2"]) == {"部门整体支出总额"}
    assert total(df, "部门整体") == 30
    assert df["page"].tolist()[-1] == 21


def test_project_scope_comes_from_the_project_name_row() -> None:
    r = Reader()
    r.start("2023 年度党委信息资源整合项目自评表")
    assert r.scope == "党委信息资源整合项目"
    r.feed(grid_row("项目名称", "区委办公室综合项目", None, None, None, None, None))
    r.feed(grid_row("总分", None, None, None, None, None, "96"))
    assert frame(r.out)["scope"].tolist() == ["区委办公室综合项目"]


def test_text_fallback_reads_one_line_and_wrapped_rows() -> None:
    lines = [
        "2023 年度部门整体绩效项目自评表",
        "一级 二级指标 三级指标",
        "产出",
        "指标",
        "质量指标 重大活动服务保障 ≥5 ≥10 4",
        "数量指标",
        "区委常委会开展“第一",
        "议题”学习",
        "≥20 ≥20 3",
        "总分 97",
    ]
    df = frame(rows_from_text(lines).out)
    assert indicators(df, "部门整体") == [
        ("产出指标", "质量指标", "重大活动服务保障", "≥5", "≥10", 4.0),
        ("产出指标", "数量指标", "区委常委会开展“第一议题”学习", "≥20", "≥20", 3.0),
    ]
    assert total(df, "部门整体") == 97


# ------------------------------------------------------------------------------------------
# The bundled sample PDF (ruled grids)
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    if not SAMPLE_PDF.exists():
        pytest.skip("the sample PDF has not been rendered")
    with open_report(SAMPLE_PDF) as doc:
        return performance_of(doc)


def test_sample_has_both_tables_complete(sample: pd.DataFrame) -> None:
    assert list(sample.columns) == [*PERFORMANCE_COLUMNS, "weight"]
    assert list(dict.fromkeys(sample["scope"])) == ["部门整体", "区委办公室综合项目"]
    assert indicators(sample, "部门整体") == [tuple(r[:5]) + (float(r[5]),) for r in DEPARTMENT]
    assert indicators(sample, "区委办公室综合项目") == [tuple(r[:5]) + (float(r[5]),) for r in PROJECT]


@pytest.mark.parametrize("scope", ["部门整体", "区委办公室综合项目"])
def test_sample_budget_block_and_total(sample: pd.DataFrame, scope: str) -> None:
    label, a, b, rate, score = BUDGET_ROWS[scope]
    assert budget(sample, scope) == {"预算数（A）": a, "执行数（B）": b, "执行率（B/A）": rate,
                                     WEIGHTED_SCORE[scope]: str(int(score))}
    rows = sample[(sample["scope"] == scope) & (sample["level1"] == "预算执行情况")]
    assert set(rows["level2"]) == {label}
    assert rows.loc[rows["indicator"] == WEIGHTED_SCORE[scope], "score"].item() == score
    assert total(sample, scope) == TOTALS[scope]


def test_sample_rows_cite_a_page_of_the_attachment(sample: pd.DataFrame) -> None:
    assert sample["page"].between(15, 40).all()
    first = sample.groupby("scope", sort=False)["page"].min()
    assert first["部门整体"] < first["区委办公室综合项目"]


# ------------------------------------------------------------------------------------------
# The seed text dump (no ruling: the text fallback)
# ------------------------------------------------------------------------------------------


def test_seed_dump_through_the_text_fallback() -> None:
    df = read_performance_text(split_dump_pages(SEED.read_text(encoding="utf-8")))
    assert total(df, "部门整体") == 97 and total(df, "区委办公室综合项目") == 96
    assert budget(df, "部门整体")["预算数（A）"] == "1132.98"
    assert budget(df, "区委办公室综合项目")["预算数（A）"] == "127.99"
    dept, proj = indicators(df, "部门整体"), indicators(df, "区委办公室综合项目")
    assert len(dept) == 23 and len(proj) == 20
    assert [r[-1] for r in dept] == [float(r[-1]) for r in DEPARTMENT]
    # one-line rows come out whole; a wrapped target/actual is the documented limit of the fallback
    assert dept[0] == ("产出指标", "质量指标", "重大活动服务保障", "≥5", "≥10", 4.0)
    assert dept[2] == ("产出指标", "数量指标", "区委常委会开展“第一议题”学习", "≥20", "≥20", 3.0)
    assert dept[-1] == ("满意度指标", "服务对象满意度指标", "区属各立档单位满意度", "≥95%", "≥95%", 3.0)


def test_sample_from_open_pages_equals_from_path(sample: pd.DataFrame) -> None:
    import pdfplumber

    with pdfplumber.open(SAMPLE_PDF) as pdf:
        from_pages = read_performance(pdf.pages[15:])
    pd.testing.assert_frame_equal(from_pages, sample)  # pages keep their numbers in the document


def test_other_form_weights_merged_level_cells_repeated_header_and_title_row() -> None:
    """A 项目支出绩效自评表 of another layout: title as the grid's first row, a 分值 column, a
    一级指标 cell merged across the 二级 column, and the header repeated on the next page."""
    cols = [(0, 80), (80, 160), (160, 300), (300, 360), (360, 420), (420, 460), (460, 500)]

    def row(*cells: tuple[int, int, str]) -> list[Cell]:  # (first col, last col, text)
        return [Cell(text, cols[a][0], cols[b][1]) for a, b, text in cells]

    header = row((0, 0, "一级指标"), (1, 1, "二级指标"), (2, 2, "三级指标"), (3, 3, "年度指标值"),
                 (4, 4, "实际完成值"), (5, 5, "分值"), (6, 6, "得分"))
    r = Reader()
    r.page = 30
    r.feed(row((0, 6, "2024年度项目支出绩效自评表")))
    r.feed(row((0, 0, "项目名称"), (1, 6, "社区治理项目")))
    r.feed(header)
    r.feed(row((0, 0, "产出指标"), (1, 1, "数量指标"), (2, 2, "培训场次"), (3, 3, "≥10场"),
               (4, 4, "12场"), (5, 5, "10"), (6, 6, "10")))
    r.page = 31
    r.feed(header)
    r.feed(row((0, 0, ""), (1, 1, "质量指标"), (2, 2, "合格率"), (3, 3, "≥95%"), (4, 4, "98%"),
               (5, 5, "10"), (6, 6, "9.5")))
    r.feed(row((0, 1, "满意度指标"), (2, 2, "群众满意度"), (3, 3, "≥90%"), (4, 4, "93%"),
               (5, 5, "10"), (6, 6, "10")))
    r.feed(row((0, 5, "总分"), (6, 6, "89.5")))
    df = frame(r.out)
    assert indicators(df, "社区治理项目") == [
        ("产出指标", "数量指标", "培训场次", "≥10场", "12场", 10.0),
        ("产出指标", "质量指标", "合格率", "≥95%", "98%", 9.5),
        ("满意度指标", "满意度指标", "群众满意度", "≥90%", "93%", 10.0),
    ]
    assert df["weight"].tolist()[:3] == ["10", "10", "10"]
    assert total(df, "社区治理项目") == 89.5
    assert df["page"].tolist() == [30, 31, 31, 31]

"""A 绩效自评表 that runs over a page break, as browsers and word processors print it (issue 18's
producers: tests/pdfs/producers/*-large.pdf). The rows are typed from the seed's 部门整体 table
(第六部分): a row the break splits keeps its words and figures together, and a page whose first
row has no rule above it still gives that row."""

from __future__ import annotations

from types import SimpleNamespace

from analysis.prose.performance import Cell, Reader, frame, open_edges

COLS = [(57, 118), (118, 167), (167, 232), (232, 363), (363, 424), (424, 489), (489, 538)]


def row(*texts: str | None) -> list[Cell]:
    return [Cell(t, *COLS[i]) for i, t in enumerate(texts) if t is not None]


def reader_on_page_one() -> Reader:
    r = Reader()
    r.start("2023 年度部门整体绩效项目自评表")
    r.page = 25
    r.feed(row("年度绩效目标（80）", "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"))
    r.feed(row(None, "产出指标", "质量指标", "开展专题调研，形成调研报告", "≥1", "≥1", "3"))
    r.feed(row(None, None, "质量指标", "完成区委主要领导汇报、", "≥20", "≥240", "4"))
    return r


def indicators(r: Reader) -> list[tuple]:
    df = frame(r.out)
    return [(x.level1, x.level2, x.indicator, x.target, x.actual, x.score, x.page) for x in df.itertuples()]


def test_a_row_split_by_the_page_break_is_one_indicator():
    r = reader_on_page_one()
    r.page = 26  # Writer carries the rest of the row's words over, with no figures
    r.feed(row(None, None, None, "讲话及区委重要文件等文稿起草", "", "", ""))
    r.feed(row(None, None, "质量指标", "落实上级督办事项", "100%", "100%", "4"))
    assert indicators(r) == [
        ("产出指标", "质量指标", "开展专题调研，形成调研报告", "≥1", "≥1", 3.0, 25),
        ("产出指标", "质量指标", "完成区委主要领导汇报、讲话及区委重要文件等文稿起草", "≥20", "≥240", 4.0, 25),
        ("产出指标", "质量指标", "落实上级督办事项", "100%", "100%", 4.0, 26),
    ]


def test_a_whole_row_at_the_top_of_the_next_page_stays_its_own():
    r = reader_on_page_one()
    r.page = 26
    r.feed(row(None, None, "质量指标", "落实上级督办事项", "100%", "100%", "4"))
    assert [i[2] for i in indicators(r)] == ["开展专题调研，形成调研报告", "完成区委主要领导汇报、", "落实上级督办事项"]


def edge(orientation: str, top: float, bottom: float, x0: float, x1: float) -> dict:
    return {"orientation": orientation, "top": top, "bottom": bottom, "x0": x0, "x1": x1}


def test_rules_are_added_where_the_vertical_rules_begin_and_end():
    """Chromium's page 26: the cells' vertical rules start at 57 pt, the first horizontal rule at 88."""
    page = SimpleNamespace(edges=[edge("v", 57.0, 400.0, 118, 118), edge("v", 57.0, 400.0, 538, 538),
                                  edge("h", 88.0, 88.0, 118, 538), edge("h", 400.0, 400.0, 118, 538)])
    assert open_edges(page) == [57.0, 400.0]
    assert open_edges(SimpleNamespace(edges=[edge("h", 88.0, 88.0, 118, 538)])) == []  # no grid: the text fallback

"""A document of the tables alone (issue 18, item 4): it says so once, and the tables' own numbers
are never counted as unread narrative. The page texts below are typed from the sample's
收入支出决算总表 and 三公 table (seed text, 公开01表 and 公开09表) as a spreadsheet prints them: title,
部门 line, grid; no 情况说明 anywhere."""

from __future__ import annotations

import pandas as pd

from analysis.catalogue import CHECKS_COLUMNS, NARRATIVE_COLUMNS, conform
from analysis.present import report
from analysis.prose.narrative import UNCOVERED_COLUMNS, read_narrative
from analysis.reconcile import run_checks
from fixtures.sample_cells import sample_cells, sample_tables

TABLE_PAGES = [
    (1, "2023年度收入支出决算总表\n公开01表\n部门：中共武汉市青山区委办公室 金额单位：万元\n"
        "一、一般公共预算财政拨款收入 1 1132.98 一、一般公共服务支出 32 939.82\n"
        "本年收入合计 27 1132.98 本年支出合计 58 1132.98\n"
        "注：1.本表反映部门本年度的总收支和年末结转结余情况。\n"),
    (2, "2023年度财政拨款“三公”经费支出决算表\n公开09表\n部门：中共武汉市青山区委办公室 金额单位：万元\n"
        "预算数 决算数\n21 0 21 0 21 0 10.96 0 10.96 0 10.96 0\n"
        "注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
        "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。\n"),
]


def test_table_pages_are_not_narrative():
    reading = read_narrative(TABLE_PAGES, frozenset({1, 2}))
    assert not reading.has_text
    assert reading.uncovered.empty and reading.facts.empty and reading.figures == 0
    assert "no explanatory text" in reading.summary() and "NOT READ" not in reading.summary()


def test_without_the_table_pages_known_they_would_be_counted():
    """What the issue saw: 1132.98, 939.82 … taken for unread narrative amounts."""
    reading = read_narrative(TABLE_PAGES)
    assert reading.has_text
    assert "1132.98" in set(reading.uncovered["number"].astype(str))


def test_a_report_with_text_keeps_its_narrative_whatever_its_table_pages():
    text = (3, "第三部分 2023年度部门决算情况说明\n一、收入支出决算总体情况说明\n"
               "2023年度收、支总计 1,132.98万元。\n")
    reading = read_narrative([*TABLE_PAGES, text], frozenset({1, 2}))
    assert reading.has_text
    assert reading.facts.loc[reading.facts["fact"] == "income_expenditure_total", "value"].tolist() == [1132.98]


def _checks() -> pd.DataFrame:
    narrative = conform(pd.DataFrame(columns=NARRATIVE_COLUMNS), NARRATIVE_COLUMNS)
    uncovered = conform(pd.DataFrame(columns=UNCOVERED_COLUMNS), UNCOVERED_COLUMNS)
    return run_checks(sample_cells(), sample_tables(), narrative, None, TABLE_PAGES, uncovered=uncovered)


def test_checks_of_the_text_are_not_applicable_with_the_reason():
    checks = _checks().set_index("check_id")
    for check_id in ("narrative.coverage", "narrative.facts", "narrative.three_public_disclosed"):
        assert checks.loc[check_id, "status"] == "not_applicable", check_id
        assert "no explanatory text" in checks.loc[check_id, "detail"], check_id
    assert (checks["status"] != "fail").all()


def test_a_text_that_was_not_read_is_still_insufficient_data():
    """Without uncovered.csv nothing says the text is absent: no facts stays insufficient_data."""
    narrative = conform(pd.DataFrame(columns=NARRATIVE_COLUMNS), NARRATIVE_COLUMNS)
    checks = run_checks(sample_cells(), sample_tables(), narrative, None, TABLE_PAGES).set_index("check_id")
    assert checks.loc["narrative.facts", "status"] == "insufficient_data"


def test_the_report_says_it_once():
    checks = conform(pd.DataFrame(columns=CHECKS_COLUMNS), CHECKS_COLUMNS)
    html = report.findings({"explanatory_text": False}, checks)._repr_html_()
    assert html.count("只印有表格") == 1
    assert "只印有表格" not in report.findings({"explanatory_text": True}, checks)._repr_html_()

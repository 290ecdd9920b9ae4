"""Planted errors on the hand-built sample: each is caught by the checks meant for it, and no
other check changes verdict (the set of changed check ids is asserted exactly)."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.sample_cells import sample_cells, sample_narrative, sample_tables, sample_text_pages
from test_reconcile import sample_checks, status


@pytest.fixture(scope="module")
def baseline() -> dict[str, str]:
    return status(sample_checks())


def changed(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """Check ids whose status differs, including ids that appear or disappear."""
    return {k: (before.get(k), after.get(k)) for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def set_cell(cells: pd.DataFrame, table: str, column: str, value: float, code: str = "", item: str = "") -> pd.DataFrame:
    out = cells.copy()
    mask = (out["table"] == table) & (out["column"] == column) & (out["code"] == code)
    if item:
        mask &= out["item"] == item
    assert mask.sum() == 1
    out.loc[mask, "value"] = value
    return out


def set_fact(narrative: pd.DataFrame, fact: str, value: float) -> pd.DataFrame:
    out = narrative.copy()
    mask = out["fact"] == fact
    assert mask.sum() == 1
    out.loc[mask, "value"] = value
    return out


CELL_CASES = [
    # transposed digits in a 项 cell: its row, its 款, and the copy in the 一般公共预算 table
    (("expenditure", "basic", 21.38, "2101101"),
     {"expenditure.row_identity[2101101]", "expenditure.hierarchy[21011]",
      "cross.expenditure_vs_general_budget[2101101]"}),
    # an economic item: only its class
    (("basic_expenditure", "amount", 13.84, "30226"), {"basic_expenditure.class_sum[302]"}),
    # 人员经费合计 printed wrong: its identity, the 基本支出 cross-check and the text quoting it
    (("basic_expenditure", "amount", 946.80, "", "人员经费合计"),
     {"basic_expenditure.personnel_total", "cross.general_budget_basic_vs_basic_expenditure",
      "narrative.personnel_expenditure"}),
    # the 三公 budget total
    (("three_public", "budget_total", 12.0), {"three_public.budget_total", "narrative.three_public_budget",
                                              "narrative.three_public_completion_pct"}),
]


@pytest.mark.parametrize("cell, expected", CELL_CASES, ids=lambda c: str(sorted(c) if isinstance(c, set) else c)[:40])  # sorted: one id in every process (xdist)
def test_changed_cell(baseline, cell, expected) -> None:
    after = status(sample_checks(cells=set_cell(sample_cells(), *cell)))
    diff = changed(baseline, after)
    assert set(diff) == expected, diff
    assert all(new == "fail" for _, new in diff.values())


def test_summary_total_changed() -> None:
    before = status(sample_checks())
    cells = set_cell(sample_cells(), "summary", "amount", 1132.89, item="本年支出合计")
    checks = sample_checks(cells=cells)
    diff = changed(before, status(checks))
    # the text's “支出合计 1132.98万元” still equals the 支出表's printing: the discrepancy is between
    # the tables, so the text is not blamed (warn naming both printings), the tables' checks fail
    assert diff.pop("narrative.total_expenditure") == ("pass", "warn")
    assert set(diff) == {"summary.expenditure_total", "summary.expenditure_grand_total",
                         "cross.summary_expenditure_total"}, diff
    assert set(diff.values()) == {("pass", "fail")}
    detail = checks.set_index("check_id").at["narrative.total_expenditure", "detail"]
    assert "expenditure prints 1132.98" in detail and "summary prints 1132.89" in detail


def test_rounding_size_slip_is_a_warn_not_a_fail(baseline) -> None:
    after = status(sample_checks(cells=set_cell(sample_cells(), "basic_expenditure", "amount", 40.20, "302")))
    diff = changed(baseline, after)
    # 302 and 公用经费合计 both printed 40.19: now 302 disagrees with its items by 0.01, and so does
    # 公用经费合计 = 302 + 310 — one slip, one finding: the group total is listed as its consequence
    assert diff == {"basic_expenditure.class_sum[302]": ("pass", "warn"),
                    "basic_expenditure.public_total": ("pass", "not_applicable")}
    checks = sample_checks(cells=set_cell(sample_cells(), "basic_expenditure", "amount", 40.20, "302"))
    detail = checks.set_index("check_id")["detail"]
    assert "basic_expenditure.public_total" in detail["basic_expenditure.class_sum[302]"]
    assert detail["basic_expenditure.public_total"].startswith("consequence of basic_expenditure.class_sum[302]")


@pytest.mark.parametrize("fact, value, expected", [
    ("basic_share_pct", 87.7, {"narrative.basic_share_pct"}),
    ("three_public_actual_vs_budget", 1.0, {"narrative.three_public_actual_vs_budget"}),  # 大于 for 小于
    ("vehicle_fuel", 6.6, {"narrative.sum[vehicle_operation_parts]"}),
    ("yoy_change_pct", 16.8, {"narrative.yoy_change_pct"}),
    ("class_amount:卫生健康", 68.93, {"narrative.class_amount[卫生健康]"}),
])
def test_changed_narrative_figure(baseline, fact, value, expected) -> None:
    after = status(sample_checks(narrative=set_fact(sample_narrative(), fact, value)))
    diff = changed(baseline, after)
    assert set(diff) == expected, diff
    assert all(new == "fail" for _, new in diff.values())


def test_removed_table(baseline) -> None:
    cells = sample_cells()
    cells = cells[cells["table"] != "three_public"]
    tables = sample_tables()
    tables.loc[tables["table"] == "three_public", "status"] = "missing"
    diff = changed(baseline, status(sample_checks(cells=cells, tables=tables)))
    assert diff.pop("table.present[three_public]") == ("pass", "fail")
    # everything else that changed could no longer run: it says so
    assert diff and all(new == "insufficient_data" for _, new in diff.values()), diff


def _edit_page(page: int, old: str, new: str) -> list[tuple[int, str]]:
    pages = sample_text_pages()
    out = [(p, t.replace(old, new)) for p, t in pages]
    assert out != pages
    return out


@pytest.mark.parametrize("page, old, new, expected", [
    (4, "2023年度收入决算表", "2022年度收入决算表", {"text.wrong_year", "text.wrong_year[2022]"}),
    (15, "截至\n\n2023 年", "截至\n\n2022 年", {"text.wrong_year", "text.wrong_year[2022]"}),
    (12, "收、支总计 1132.98万元", "收、支总计 XXX万元", {"text.placeholder[XXX万元]"}),
    (3, "部门：中共武汉市青山区委办公室", "部门：中共武汉市青山区委办公厅", {"text.department_name"}),
    (12, "下降 18.6%。", "下降 18.6%。。", {"text.repeated_char[。。]"}),
    (12, "259.4万元", "2594000元", {"text.yuan_unit", "text.yuan_unit[2594000元]"}),
])
def test_planted_text_slip(baseline, page, old, new, expected) -> None:
    after = status(sample_checks(text_pages=_edit_page(page, old, new)))
    diff = changed(baseline, after)
    assert set(diff) == expected, diff
    assert all(new_status in (None, "warn", "fail") for _, new_status in diff.values())

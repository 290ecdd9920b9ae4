"""The facts domain.py holds once, checked against the documents they were settled from.

The 人员经费 / 公用经费 groups: each document's 一般公共预算财政拨款基本支出决算表 prints its own
人员经费合计 and 公用经费合计; the classes domain.py puts in each group must add up to them, and
every class the table prints must belong to one of the groups.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest
from fixtures.sample_cells import sample_cells, sample_tables

from analysis.domain import (
    ECONOMIC_GROUPS,
    PERSONNEL_CLASSES,
    PUBLIC_CLASSES,
    economic_group,
    is_page_number,
    parse_amount,
)
from analysis.reconcile import run_checks

_CLASS = re.compile(r"(?<!\d)(3\d\d) [^\d\s]+(?: (\d+(?:\.\d+)?))?")


def _group_sums(classes: dict[str, Decimal]) -> dict[str, Decimal]:
    return {g: sum((classes.get(c, Decimal(0)) for c in members), Decimal(0)) for g, members in ECONOMIC_GROUPS.items()}


def test_groups_add_up_to_the_seed_reports_printed_totals(seed_text: str) -> None:
    table = seed_text[seed_text.index("2023年度一般公共预算财政拨款基本支出决算明细表"):]
    table = table[: table.index("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况")]
    classes = {m.group(1): Decimal(m.group(2) or 0) for m in _CLASS.finditer(table)}
    assert set(classes) == {"301", "302", "303", "310"}  # the classes the table prints
    totals = re.search(r"人员经费合计 ([\d.]+) 公用经费合计 ([\d.]+)", table)
    assert _group_sums(classes) == {"personnel": Decimal(totals.group(1)), "public": Decimal(totals.group(2))}


def test_groups_add_up_to_putuos_printed_totals(putuo_expected_cells) -> None:
    cells = pd.read_csv(putuo_expected_cells, dtype=str, keep_default_na=False)
    basic = cells[(cells["table"] == "basic_expenditure") & (cells["column"] == "amount")]
    classes = {r.code: Decimal(r.value) for r in basic.itertuples() if len(r.code) == 3}
    assert set(classes) <= set(PERSONNEL_CLASSES) | set(PUBLIC_CLASSES)
    printed = {r.item: Decimal(r.value) for r in basic.itertuples() if not r.code}
    assert _group_sums(classes) == {"personnel": printed["人员经费合计"], "public": printed["公用经费合计"]}


def test_economic_group_by_class() -> None:
    assert [economic_group(c) for c in ("30101", "303", "30226", "31002", "399")] == [
        "personnel", "personnel", "public", "public", ""]


def test_a_class_in_neither_group_leaves_the_group_totals_undecided() -> None:
    """No document seen prints 399 其他支出 in this table: which total holds it is not guessed."""
    cells = sample_cells()
    extra = cells[(cells["table"] == "basic_expenditure") & (cells["code"] == "302")].copy()
    extra["code"], extra["item"], extra["value"] = "399", "其他支出", 5.0
    out = run_checks(pd.concat([cells, extra], ignore_index=True), sample_tables())
    for check in ("basic_expenditure.personnel_total", "basic_expenditure.public_total"):
        row = out.loc[out["check_id"] == check].iloc[0]
        assert row["status"] == "insufficient_data" and "399" in row["detail"]


@pytest.mark.parametrize(("text", "value"), [("1,132.98", "1132.98"), ("１００", "100"), ("−3.5", "-3.5"), ("0.00", "0.00")])
def test_parse_amount_is_exact(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value) and str(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["", "-", "—", "XXX", "1,13", "2023年"])
def test_parse_amount_refuses_what_is_not_one_number(text: str) -> None:
    assert parse_amount(text) is None


# −11-: a printed —11— as the recogniser gives it (a minus sign, then a hyphen), on a rewritten sample's page 11
@pytest.mark.parametrize("line", ["— 23 —", "- 5 -", "第5页", "第5页，共9页", "7/24", "23", "−11-", "‐ 5 ‐"])
def test_running_page_numbers(line: str) -> None:
    assert is_page_number(line)


def test_a_bare_number_is_a_page_number_only_at_a_pages_edge() -> None:
    assert is_page_number("23", at_edge=True) and not is_page_number("23", at_edge=False)
    assert is_page_number("— 23 —", at_edge=False)
    assert not is_page_number("1,132.98") and not is_page_number("-5")

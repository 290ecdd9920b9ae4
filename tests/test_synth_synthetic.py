"""Synthetic departments: deterministic, labelled, and every identity holds (so a planted change is the only failure)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from juesuan_dev.synth import render_pdf
from juesuan_dev.synth.model import Department, department_to_dict, validate
from juesuan_dev.synth.synthetic import fen_text, synthetic_department


def _num(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def _code_values(dept: Department, table: str, column: str) -> dict[str, Decimal]:
    return {r.code: _num(r.values.get(column)) for r in dept.table(table).panels[0].rows if r.code}


def _total_row(dept: Department, table: str, column: str) -> Decimal:
    return next(_num(r.values.get(column)) for r in dept.table(table).panels[0].rows if r.item == "合计")


@pytest.fixture(scope="module", params=[(1, 0), (12, 1), (120, 7)])
def synth(request: pytest.FixtureRequest) -> tuple[int, Department]:
    n, seed = request.param
    return n, synthetic_department(n, seed)


def test_size_and_label(synth: tuple[int, Department]) -> None:
    n, dept = synth
    assert validate(dept) == []
    assert sum(len(c) == 7 for c in _code_values(dept, "income", "total")) == n
    assert "合成示例" in dept.cover.label and "synthetic" in dept.cover.label
    assert dept.department.startswith("合成示例")


@pytest.mark.parametrize("table,column", [("income", "total"), ("income", "fiscal"), ("expenditure", "total"),
                                          ("expenditure", "basic"), ("expenditure", "project"),
                                          ("general_budget_expenditure", "total")])
def test_class_equals_sum_of_kuan_equals_sum_of_xiang(synth: tuple[int, Department], table: str, column: str) -> None:
    _, dept = synth
    vals = _code_values(dept, table, column)
    for code, v in vals.items():
        if len(code) < 7:
            children = [w for c, w in vals.items() if len(c) == len(code) + 2 and c.startswith(code)]
            assert children and sum(children) == v, (table, column, code)
    assert sum(v for c, v in vals.items() if len(c) == 3) == _total_row(dept, table, column)


def test_rows_and_tables_agree(synth: tuple[int, Department]) -> None:
    _, dept = synth
    for r in dept.table("expenditure").panels[0].rows:
        assert _num(r.values.get("basic")) + _num(r.values.get("project")) == _num(r.values.get("total"))
    total = _total_row(dept, "expenditure", "total")
    summary = {p.side: p for p in dept.table("summary").panels}
    exp = {r.row_no: _num(r.values.get("amount")) for r in summary["expenditure"].rows}
    assert sum(v for k, v in exp.items() if 32 <= int(k) <= 57) == exp["58"] == exp["62"] == total
    inc = {r.row_no: _num(r.values.get("amount")) for r in summary["income"].rows}
    assert inc["1"] == inc["27"] == inc["31"] == _total_row(dept, "income", "total") == total
    basic = {r.code or r.item: _num(r.values.get("amount")) for p in dept.table("basic_expenditure").panels for r in p.rows}
    assert basic["人员经费合计"] == basic["301"] + basic["303"]
    assert basic["301"] == sum(v for c, v in basic.items() if c.startswith("301") and len(c) == 5)
    assert basic["公用经费合计"] == basic["302"] == sum(v for c, v in basic.items() if c.startswith("302") and len(c) == 5)
    assert basic["人员经费合计"] + basic["公用经费合计"] == _total_row(dept, "general_budget_expenditure", "basic")
    three = dept.table("three_public").panels[0].rows[0].values
    assert _num(three.get("actual_vehicle_operation")) == basic["30231"] == _num(three.get("actual_total"))
    text = " ".join(b.text for p in dept.parts for b in p.blocks)
    assert f"收、支总计 {fen_text(int(total * 100))}万元" in text


def test_deterministic_and_seed_dependent(tmp_path: Path) -> None:
    assert department_to_dict(synthetic_department(30, 5)) == department_to_dict(synthetic_department(30, 5))
    assert department_to_dict(synthetic_department(30, 5)) != department_to_dict(synthetic_department(30, 6))
    a = render_pdf(synthetic_department(8, 2), tmp_path / "a.pdf")
    b = render_pdf(synthetic_department(8, 2), tmp_path / "b.pdf")
    assert a.read_bytes() == b.read_bytes()
    text = "".join(p.extract_text() or "" for p in PdfReader(a).pages[:1])
    assert "合成示例" in text and "synthetic" in text


def test_fen_text_prints_like_the_reports() -> None:
    assert fen_text(96480, keep_zeros=True) == "964.80"
    assert (fen_text(430), fen_text(200), fen_text(2500), fen_text(5)) == ("4.3", "2", "25", "0.05")

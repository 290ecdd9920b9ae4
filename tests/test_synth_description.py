"""The hand transcription (data/sample/*.yml) against the seed text, and hand-checked spot values.

Expected values below were read off the seed report by hand; none come from the code under test.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from analysis.config import SAMPLE_DESCRIPTION
from juesuan_dev.synth import Department, DescriptionError, load_description
from juesuan_dev.synth.model import department_from_dict, validate

NUMBER = re.compile(r"\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def dept() -> Department:
    return load_description(SAMPLE_DESCRIPTION)


def _cell(dept: Department, table: str, column: str, *, code: str = "", item: str = "", row_no: str = "") -> str:
    for panel in dept.table(table).panels:
        for row in panel.rows:
            if (not code or row.code == code) and (not item or row.item == item) and (not row_no or row.row_no == row_no):
                if column in row.values:
                    return row.values[column]
    raise AssertionError(f"no {table} {column} at code={code} item={item} row_no={row_no}")


def _nows(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _seed_section(seed: str, start: str, end: str | None) -> str:
    a = seed.index(start)
    return seed[a: seed.index(end, a) if end else None]


def _table_strings(dept: Department) -> list[str]:
    out: list[str] = []
    for t in dept.tables:
        out += [t.title, t.number, t.explanation, *t.notes]
        for p in t.panels:
            out += [c.lanci for c in p.columns]
            for r in p.rows:
                out += [r.code, r.row_no, *r.values.values()]
    return out


def test_sample_is_valid(dept: Department) -> None:
    assert validate(dept) == []
    assert dept.department == "中共武汉市青山区委办公室" and dept.year == 2023
    assert [t.key for t in dept.tables] == [
        "summary", "income", "expenditure", "fiscal_summary", "general_budget_expenditure",
        "basic_expenditure", "gov_fund", "soe_capital", "three_public"]
    assert [t.number for t in dept.tables] == [f"公开{i:02d}表" for i in range(1, 10)]


def test_every_number_of_the_seed_tables_is_transcribed(dept: Department, seed_text: str) -> None:
    """The same multiset of number tokens in the seed's table section and in the description's tables."""
    section = _seed_section(seed_text, "第二部分 2023年度部门决算表", "第三部分")
    seed_tokens = Counter(NUMBER.findall(section.replace("第二部分 2023年度部门决算表", "")))
    ours = Counter(tok for s in _table_strings(dept) for tok in NUMBER.findall(s))
    assert seed_tokens - ours == Counter(), "numbers in the seed missing from the description"
    assert ours - seed_tokens == Counter(), "numbers in the description not in the seed"


def test_narrative_text_is_the_seed_text(dept: Department, seed_text: str) -> None:
    """Every heading, paragraph and small-table cell occurs in the seed, spaces and all: the seed's
    line wraps (and the page-start space) are joined with nothing, as the printed lines were."""
    seed = re.sub(r"\n+ ?", "", seed_text.replace("— 23 —", ""))
    missing = []
    for part in dept.parts:
        if part.title not in seed:
            missing.append(part.title)
        for b in part.blocks:
            texts = [b.text] if b.table is None else [*b.table.header, *(c for r in b.table.rows for c in r)]
            missing += [t for t in texts if t not in seed]
    assert missing == []
    paragraphs = " ".join(b.text for p in dept.parts for b in p.blocks)
    for slip in ("于于", "部门名称政府采购", "占 3.8%", "下降 18.6 %", "占授予中小企业合同金额的100 %"):
        assert slip in paragraphs


def test_performance_tables_follow_the_seed(dept: Department, seed_text: str) -> None:
    seed = _nows(seed_text)
    whole, project = dept.performance
    assert (whole.scope, whole.total["score"], len(whole.indicators)) == ("部门整体", "97", 23)
    assert (project.total["score"], len(project.indicators)) == ("96", 20)
    assert whole.budget.rows == [["部门整体支出总额", "1132.98", "1132.98", "100%", "20"]]
    assert project.budget.rows == [["年度财政资金总额", "127.99", "127.99", "100%", "20"]]
    for pt in (whole, project):
        for ind in pt.indicators:
            assert _nows(ind.level2 + ind.indicator + ind.target + ind.actual + ind.score) in seed, ind
        # budget 20 + indicator scores = 总分, as printed
        assert 20 + sum(int(i.score) for i in pt.indicators) == int(pt.total["score"])
        for tr in pt.text_rows:
            assert all(_nows(line) in seed for line in tr.lines)
        assert all(_nows(r) in seed for r in pt.remarks)
    assert {i.level1 for i in whole.indicators} == {"产出指标", "效益指标", "满意度指标"}


def test_hand_checked_values(dept: Department) -> None:
    assert _cell(dept, "basic_expenditure", "amount", code="30108") == "82.56"
    assert _cell(dept, "basic_expenditure", "amount", item="人员经费合计") == "964.80"
    assert _cell(dept, "basic_expenditure", "amount", item="公用经费合计") == "40.19"
    assert _cell(dept, "basic_expenditure", "amount", code="30201") == "4.3"
    assert _cell(dept, "income", "total", code="2101199") == "2"
    assert _cell(dept, "expenditure", "project", code="2101103") == "3.24"
    assert _cell(dept, "summary", "amount", row_no="40") == "69.83"
    assert _cell(dept, "fiscal_summary", "general_budget", row_no="64") == "1132.98"
    assert _cell(dept, "three_public", "budget_total") == "21"
    assert _cell(dept, "three_public", "actual_vehicle_operation") == "10.96"
    item_30108 = [r.item for p in dept.table("basic_expenditure").panels for r in p.rows if r.code == "30108"]
    assert item_30108 == ["机关事业单位基本养老保险缴费"]
    assert dept.table("gov_fund").is_empty() and dept.table("soe_capital").is_empty()
    assert dept.table("gov_fund").explanation == "说明：本部门当年无政府性基金预算财政拨款收入支出。"


@pytest.mark.parametrize("table", ["income", "expenditure", "general_budget_expenditure"])
def test_sample_hierarchy_adds_up(dept: Department, table: str) -> None:
    """类 = Σ款 = Σ项 and 合计 = Σ类 hold in the printed sample (checked by hand: they do)."""
    rows = dept.table(table).panels[0].rows
    for col in ("total", "basic", "project", "fiscal"):
        val = {r.code: Decimal(r.values.get(col, "0")) for r in rows if r.code}
        if not val:
            continue
        for code, v in val.items():
            children = [w for c, w in val.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if children:
                assert sum(children) == v, (table, col, code)
        total = next(Decimal(r.values.get(col, "0")) for r in rows if r.item == "合计")
        assert sum(v for c, v in val.items() if len(c) == 3) == total


def test_bad_description_names_the_problem() -> None:
    with pytest.raises(DescriptionError, match="not in the data dictionary"):
        department_from_dict({
            "department": "x", "year": 2023,
            "tables": [{"key": "income", "title": "t", "panels": [{"columns": [{"key": "totl", "header": ["a"]}]}]}],
        })
    with pytest.raises(DescriptionError, match="malformed"):
        department_from_dict({"year": 2023})


def test_table_items_and_headers_are_the_seed_words(dept: Department, seed_text: str) -> None:
    """Item names and header labels as printed (wrapped lines joined, fullwidth （） kept)."""
    section = _nows(_seed_section(seed_text, "第二部分 2023年度部门决算表", "第三部分"))
    missing = []
    for t in dept.tables:
        for p in t.panels:
            missing += [h for c in p.columns for h in c.header if _nows(h) not in section]
            missing += [r.item for r in p.rows if r.item and _nows(r.item) not in section]
    assert missing == []
    items = [r.item for p in dept.table("income").panels for r in p.rows]
    assert "党委办公厅（室）及相关机构事务" in items and "其他党委办公厅（室）及相关机构事务支出" in items

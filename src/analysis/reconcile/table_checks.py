"""Checks inside one table: row identities the 注 states, 类 = Σ款 = Σ项, group and class totals.

Each rule reads params from its spec, so the same rule serves income, expenditure and the
budget tables; the specs at the bottom are the list a reviewer would tick through by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..domain import TABLE_KEYS, economic_group
from .common import columns_of, combine, guarded, row_pages
from .frames import INCOME_TOTAL, SPEND_TOTAL, Inputs, Row, norm_label, side_sections
from .registry import CheckSpec, Finding, register
from .verdict import Outcome, sum_outcome

FUNCTION_TABLES = ("income", "expenditure", "general_budget_expenditure", "gov_fund", "soe_capital")


# -- rules --------------------------------------------------------------------------------------
def rule_table_present(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Each of the nine mandated tables is printed (with numbers, or empty with a 说明)."""
    for table in spec.params["keys"]:
        status = inp.status(table)
        if status == "extracted":
            o = Outcome("pass", detail="printed with figures")
        elif status == "empty":
            o = Outcome("pass", detail="printed empty (本部门当年无…)")
        elif (unread := inp.unexplained_anywhere()):  # the table may be among the numbers not read
            pages = sorted({p for p, _ in unread})
            o = Outcome("insufficient_data", detail=f"not found, but {len(unread)} printed numbers were not read "
                                                    f"(pages {', '.join(map(str, pages[:8]))}): it may be among them")
        else:
            o = Outcome("fail", detail="not found in the PDF: a mandated table is missing "
                                       "(if it is printed, the extractor missed it)")
        yield Finding(table, o, inp.pages(table), table, tables=table)


# What the 说明 of an empty table must name: its own subject.
EMPTY_TABLE_SUBJECT = {
    "summary": "收入支出", "income": "收入", "expenditure": "支出", "fiscal_summary": "财政拨款",
    "general_budget_expenditure": "一般公共预算", "basic_expenditure": "基本支出",
    "gov_fund": "政府性基金", "soe_capital": "国有资本经营", "three_public": "三公",
}
_OTHER_FUNDS = ("政府性基金", "国有资本经营", "三公")


def rule_empty_table_note(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """A table printed empty carries a 说明 that names it (本部门无政府性基金预算财政拨款收入支出…).

    An empty table without one, or whose 说明 names another table's money (a copied 国有资本 note
    under the 政府性基金 table), leaves the reader unable to tell nil from omitted: `warn`.
    """
    notes: dict[str, str] | None = None  # None: the 说明 were not read at all (a hand-made tables frame)
    if inp.tables is not None and len(inp.tables) and "note" in inp.tables:
        notes = {str(r["table"]): str(r["note"]) if isinstance(r["note"], str) else ""
                 for r in inp.tables.to_dict("records")}
    for table in spec.params["keys"]:
        if inp.status(table) != "empty":
            continue
        if notes is None:
            yield Finding(table, Outcome("insufficient_data", detail="the tables' 说明 were not read"), "", table,
                          tables=table)
            continue
        note = re.sub(r"\s+", "", notes.get(table, ""))
        subject = EMPTY_TABLE_SUBJECT[table]
        others = [w for w in _OTHER_FUNDS if w in note and w != subject and w not in subject]
        if not note:
            o = Outcome("warn", detail="printed empty without a 说明 saying why")
        elif subject in note and not others:
            o = Outcome("pass", detail=f"说明: {note[:60]}")
        else:
            named = f"; it names {'、'.join(others)}" if others else ""
            o = Outcome("warn", detail=f"the 说明 does not name this table's {subject}{named}: {note[:60]}")
        yield Finding(table, o, inp.pages(table) or "", table, tables=table)


@guarded
def rule_row_identity(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """In every row: the total column = Σ the part columns (1栏 = 2栏 + … + 7栏)."""
    p = spec.params
    table, total, parts = p["table"], p["total"], p["parts"]
    half = inp.half_unit(table)
    for row in inp.rows(table, p.get("side")):
        if not any(c.lstrip("-") in row.values for c in (total, *parts)):
            continue
        values = [_part(row, c, p.get("expand", {})) for c in parts]
        head = row.get(total)
        if head is None and sum((v for v in values if v is not None), Decimal(0)) == 0:
            head = Decimal(0)  # a blank total over parts that cancel out (年末 blank, 收入 = 支出)
        o = sum_outcome(head, values, half)
        subject = None if p.get("single_row") else row.key
        yield Finding(subject, o, row_pages(row), "" if p.get("single_row") else row.item)


def _signed(row: Row, column: str) -> Decimal | None:
    """A part of a row identity; a leading '-' subtracts it (年末 = 年初 + 收入 − 支出)."""
    if column.startswith("-"):
        v = row.get(column[1:])
        return -v if v is not None else None
    return row.get(column)


def _part(row: Row, column: str, expand: dict[str, tuple[str, ...]]) -> Decimal | None:
    """A part, or where it is blank and `expand` names its own parts, their sum (用车小计 blank:
    购置 + 运行), so a table that omits a subtotal column is not read as missing money."""
    value = _signed(row, column)
    if value is None and column in expand:
        subs = [row.get(c) for c in expand[column] if row.get(c) is not None]
        return sum(subs, Decimal(0)) if subs else None
    return value


@guarded
def rule_hierarchy(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项, column by column."""
    table = spec.params["table"]
    half = inp.half_unit(table)
    rows = inp.rows(table)
    coded = {r.code: r for r in rows if r.code}
    parents: dict[str, list[Row]] = {}
    for code, r in coded.items():
        if len(code) == 3:
            parents.setdefault("合计", []).append(r)
        elif len(code) in (5, 7):
            parents.setdefault(code[: len(code) - 2], []).append(r)
    total = inp.total_row(table)
    for key, children in parents.items():
        parent = total if key == "合计" else coded.get(key)
        if parent is None:
            what = "合计 row" if key == "合计" else f"parent row {key}"
            yield Finding(key, Outcome("insufficient_data", detail=f"{what} not printed or not extracted"),
                          row_pages(*children), key)
            continue
        outcomes = {}
        for col in columns_of(parent, *children):
            if parent.get(col) is None and all(c.get(col) in (None, Decimal(0)) for c in children):
                continue
            outcomes[col] = sum_outcome(parent.get(col), [c.get(col) for c in children], half)
        yield Finding(key, combine(outcomes), row_pages(parent, *children), parent.item)


def _split_between(between: list[Row]) -> tuple[list[Row], list[tuple[Row, list[Row]]]]:
    """Rows between 本年合计 and 总计: the top-level ones, and subtotals with their parts.

    财政拨款收入支出决算总表 prints 年初财政拨款结转和结余 and under it one row per fund; only the
    subtotal enters 总计, its parts are checked against it.
    """
    top: list[Row] = []
    subtotals: list[tuple[Row, list[Row]]] = []
    i = 0
    while i < len(between):
        row, j = between[i], i + 1
        parts: list[Row] = []
        if "结转" in norm_label(row.item):
            while j < len(between) and "结转" not in norm_label(between[j].item) and \
                    "财政拨款" in norm_label(between[j].item):
                parts.append(between[j])
                j += 1
        top.append(row)
        if parts:
            subtotals.append((row, parts))
        i = j
    return top, subtotals


@guarded
def rule_side_totals(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """One side of a two-sided table: 本年合计 = Σ lines; 总计 = 本年合计 + carry-over rows.

    params: table, side, total (regex of the 本年…合计 label), part ("total" or "grand").
    """
    p = spec.params
    table = p["table"]
    half = inp.half_unit(table)
    lines, total, between, grand = side_sections(inp.rows(table, p["side"]), p["total"])
    if p["part"] == "total":
        head, parts = total, lines
    elif p["part"] == "grand":
        head, parts = grand, ([total] if total else []) + _split_between(between)[0]
    else:  # "carry": each carry-over subtotal = Σ its fund rows
        for sub, sub_parts in _split_between(between)[1]:
            outcomes = {c: sum_outcome(sub.get(c), [r.get(c) for r in sub_parts], half)
                        for c in columns_of(sub, *sub_parts)}
            yield Finding(sub.key, combine(outcomes), row_pages(sub, *sub_parts), sub.item)
        return
    if head is None:
        yield Finding(None, Outcome("insufficient_data", detail="total row not found"))
        return
    outcomes = {c: sum_outcome(head.get(c), [r.get(c) for r in parts], half)
                for c in columns_of(head, *parts)}
    yield Finding(None, combine(outcomes), row_pages(head, *parts))


def _first(row: Row | None, *columns: str) -> Decimal | None:
    """The first of these columns the row prints (a 总计 row may print 决算数 or 合计)."""
    return next((v for c in columns if row is not None and (v := row.get(c)) is not None), None)


@guarded
def rule_balance(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """收入总计 = 支出总计 in a two-sided table."""
    p = spec.params
    table = p["table"]
    income = inp.find(table, "^总计$", "income")
    spend = inp.find(table, "^总计$", "expenditure")
    a = _first(income, p["income_column"], "amount", "total")
    b = _first(spend, p["expenditure_column"], "amount", "total")
    if a is None or b is None:
        yield Finding(None, Outcome("insufficient_data", b, a, detail="a 总计 figure is missing"))
        return
    yield Finding(None, sum_outcome(a, [b], inp.half_unit(table)), row_pages(income, spend))


@guarded
def rule_class_sum(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Each 3-digit economic class = Σ its 5-digit items (301 = 30101 + … + 30199)."""
    table = spec.params["table"]
    half = inp.half_unit(table)
    rows = [r for r in inp.rows(table) if r.code]
    items = [r for r in rows if len(r.code) == 5]
    if not items:
        yield Finding(None, Outcome("insufficient_data", detail="no 5-digit items printed"))
        return
    classes = {r.code: r for r in rows if len(r.code) == 3}
    for code in sorted(set(classes) | {r.code[:3] for r in items}):
        parts = [r for r in items if r.code.startswith(code)]
        head = classes.get(code)
        if head is None and all(r.get("amount") in (None, Decimal(0)) for r in parts):
            continue
        o = sum_outcome(head.get("amount") if head else None, [r.get("amount") for r in parts], half)
        yield Finding(code, o, row_pages(head, *parts), head.item if head else code)


@guarded
def rule_group_total(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """人员经费合计 = 301 + 303; 公用经费合计 = 302 + 310 (domain.ECONOMIC_GROUPS, from the documents).

    A class printed with an amount that belongs to neither group (none of the documents seen
    prints one) leaves the total undecided: insufficient_data, naming the class, not a guess.
    """
    p = spec.params
    table = p["table"]
    head = inp.find(table, p["label"])
    if head is None:
        yield Finding(None, Outcome("not_applicable", detail="the table prints no such total row"))
        return
    rows = [r for r in inp.rows(table) if len(r.code) == 3]
    loose = [r for r in rows if not economic_group(r.code) and r.get("amount") not in (None, Decimal(0))]
    if loose:
        names = "、".join(f"{r.code} {r.item}" for r in loose)
        yield Finding(None, Outcome("insufficient_data", None, head.get("amount"),
                                    detail=f"{names}: a class outside 人员经费 and 公用经费"), row_pages(head, *loose))
        return
    classes = [r for r in rows if economic_group(r.code) == p["group"]]
    o = sum_outcome(head.get("amount"), [r.get("amount") for r in classes], inp.half_unit(table),
                    "+".join(r.code for r in classes) or "no class rows")
    yield Finding(None, o, row_pages(head, *classes))


@guarded
def rule_non_negative(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """No printed figure of the table is negative (三公 spending cannot be)."""
    table = spec.params["table"]
    rows = inp.rows(table)
    negative = [(c, r.get(c)) for r in rows for c, v in r.values.items() if v < 0 and c not in r.disputed]
    # a minus sign one grid reader saw and the other did not is a misread until a reader looks
    doubtful = [(c, r.get(c)) for r in rows for c, v in r.values.items() if v < 0 and c in r.disputed]
    if negative:
        yield Finding(None, Outcome("fail", Decimal(0), min(v for _, v in negative),
                                    detail="negative: " + ", ".join(f"{c}={v}" for c, v in negative)))
    elif doubtful:
        yield Finding(None, Outcome("insufficient_data", Decimal(0), min(v for _, v in doubtful),
                                    detail="negative as read, but the two grid readers disagree on: "
                                           + ", ".join(f"{c}={v}" for c, v in doubtful)))
    else:
        yield Finding(None, Outcome("pass", detail="no negative figure"))


# -- specs --------------------------------------------------------------------------------------
def _spec(id_: str, category: str, zh: str, en: str, tables: tuple[str, ...], rule, **params) -> None:
    register(CheckSpec(id_, category, zh, en, tables, rule, params))


NINE = TABLE_KEYS
_spec("table.present", "table", "九张决算表齐全", "each of the nine standard tables is printed", NINE,
      rule_table_present, keys=NINE)
_spec("table.empty_note", "table", "空表附有说明并写明本表内容", "an empty table carries a 说明 naming it", NINE,
      rule_empty_table_note, keys=NINE)

for _side, _zh, _en, _total, _rx in (("income", "收入", "income", "本年收入合计", INCOME_TOTAL),
                                     ("expenditure", "支出", "expenditure", "本年支出合计", SPEND_TOTAL)):
    _spec(f"summary.{_side}_total", "table", f"总表{_total} = 各项{_zh}之和",
          f"summary: {_total} = sum of the {_en} lines", ("summary",), rule_side_totals,
          table="summary", side=_side, total=_rx, part="total")
    _spec(f"summary.{_side}_grand_total", "table", f"总表{_zh}总计 = {_total} + 结转结余等",
          f"summary: {_en} 总计 = {_total} + carry-over rows", ("summary",), rule_side_totals,
          table="summary", side=_side, total=_rx, part="grand")
    _spec(f"fiscal_summary.{_side}_total", "table", f"财政拨款总表{_total} = 各项之和",
          f"fiscal_summary: {_total} = sum of the {_en} lines", ("fiscal_summary",), rule_side_totals,
          table="fiscal_summary", side=_side, total=_rx, part="total")
    _spec(f"fiscal_summary.{_side}_grand_total", "table", f"财政拨款总表{_zh}总计 = {_total} + 结转和结余",
          f"fiscal_summary: {_en} 总计 = {_total} + carry-over", ("fiscal_summary",), rule_side_totals,
          table="fiscal_summary", side=_side, total=_rx, part="grand")
    _spec(f"fiscal_summary.{_side}_carry", "table", "财政拨款结转和结余 = 各类资金之和",
          "fiscal_summary: carry-over subtotal = sum of its funds", ("fiscal_summary",), rule_side_totals,
          table="fiscal_summary", side=_side, total=_rx, part="carry")

_spec("summary.balance", "table", "总表收入总计 = 支出总计", "summary: income 总计 = expenditure 总计",
      ("summary",), rule_balance, table="summary", income_column="amount", expenditure_column="amount")
_spec("fiscal_summary.balance", "table", "财政拨款总表收入总计 = 支出总计",
      "fiscal_summary: income 总计 = expenditure 总计", ("fiscal_summary",), rule_balance,
      table="fiscal_summary", income_column="amount", expenditure_column="total")
_spec("fiscal_summary.row_identity", "table", "财政拨款总表各行 合计 = 一般公共预算 + 政府性基金 + 国有资本",
      "fiscal_summary: each row total = general budget + gov fund + SOE capital", ("fiscal_summary",),
      rule_row_identity, table="fiscal_summary", side="expenditure", total="total",
      parts=("general_budget", "gov_fund", "soe_capital"))
_spec("income.row_identity", "table", "收入表各行 1栏 = 2栏 + … + 7栏",
      "income: each row total = sum of the sources", ("income",), rule_row_identity, table="income",
      total="total", parts=("fiscal", "superior_subsidy", "business", "operating", "subsidiary_remit", "other"))
_spec("expenditure.row_identity", "table", "支出表各行 合计 = 基本 + 项目 + 上缴 + 经营 + 对附属单位补助",
      "expenditure: each row total = basic + project + remit + operating + subsidy", ("expenditure",),
      rule_row_identity, table="expenditure", total="total",
      parts=("basic", "project", "remit_superior", "operating", "subsidy_subsidiary"))
for _t, _zh in (("general_budget_expenditure", "一般公共预算支出表"), ("gov_fund", "政府性基金表"),
                ("soe_capital", "国有资本经营表")):
    _spec(f"{_t}.row_identity", "table", f"{_zh}各行 小计 = 基本支出 + 项目支出",
          f"{_t}: each row total = basic + project", (_t,), rule_row_identity, table=_t,
          total="total", parts=("basic", "project"))
for _t, _zh in (("gov_fund", "政府性基金表"), ("soe_capital", "国有资本经营表")):
    _spec(f"{_t}.balance", "table", f"{_zh}各行 年末结转 = 年初结转 + 本年收入 − 本年支出",
          f"{_t}: closing = opening + income − expenditure", (_t,), rule_row_identity, table=_t,
          total="closing_balance", parts=("opening_balance", "income", "-total"))

_spec("basic_expenditure.class_sum", "table", "基本支出明细表 各类 = 所属款之和",
      "basic_expenditure: each economic class = sum of its items", ("basic_expenditure",), rule_class_sum,
      table="basic_expenditure")
_spec("basic_expenditure.personnel_total", "table", "人员经费合计 = 301 + 303",
      "basic_expenditure: 人员经费合计 = 301 + 303", ("basic_expenditure",), rule_group_total,
      table="basic_expenditure", label="^人员经费(合计)?$", group="personnel")
_spec("basic_expenditure.public_total", "table", "公用经费合计 = 302 + 310",
      "basic_expenditure: 公用经费合计 = 302 + 310", ("basic_expenditure",), rule_group_total,
      table="basic_expenditure", label="^公用经费(合计)?$", group="public")

for _stage, _zh in (("budget", "预算数"), ("actual", "决算数")):
    _spec(f"three_public.{_stage}_total", "table", f"三公{_zh} 合计 = 出国 + 用车小计 + 接待",
          f"three_public {_stage}: total = abroad + vehicles + reception", ("three_public",), rule_row_identity,
          table="three_public", total=f"{_stage}_total", single_row=True,
          parts=(f"{_stage}_abroad", f"{_stage}_vehicle", f"{_stage}_reception"),
          expand={f"{_stage}_vehicle": (f"{_stage}_vehicle_purchase", f"{_stage}_vehicle_operation")})
    _spec(f"three_public.{_stage}_vehicle", "table", f"三公{_zh} 用车小计 = 购置 + 运行",
          f"three_public {_stage}: vehicles = purchase + operation", ("three_public",), rule_row_identity,
          table="three_public", total=f"{_stage}_vehicle", single_row=True,
          parts=(f"{_stage}_vehicle_purchase", f"{_stage}_vehicle_operation"))
_spec("three_public.non_negative", "table", "三公经费无负数", "three_public: no negative figure",
      ("three_public",), rule_non_negative, table="three_public")

for _t in ("income", "expenditure", "general_budget_expenditure", "gov_fund", "soe_capital"):
    _spec(f"{_t}.hierarchy", "hierarchy", "合计 = Σ类，类 = Σ款，款 = Σ项",
          f"{_t}: total = Σ 类, 类 = Σ 款, 款 = Σ 项", (_t,), rule_hierarchy, table=_t)

"""Checks across tables: the same money printed in two tables must be the same figure.

Which figures should agree is data (the specs at the bottom); the rules only know how to find a
printed figure (`Ref`) and how to pair the 类 lines of a two-sided table with the coded rows of
another. The one identity that holds only sometimes — 支出表 = 一般公共预算支出表 — is checked
only where every 元 is a general-budget appropriation, and is `not_applicable` elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .common import combine, guarded, row_pages, table_guard
from .frames import INCOME_TOTAL, SPEND_TOTAL, Inputs, Row, class_key, norm_label, side_sections
from .measures import unprinted_measure
from .registry import CheckSpec, Finding, register
from .verdict import Outcome, equal_outcome, part_le_whole, sum_outcome

ZERO = Decimal(0)


@dataclass(frozen=True)
class Ref:
    """A printed figure: table, column and the row (by code, or by label regex on a side)."""

    table: str
    column: str
    pattern: str | None = None
    code: str | None = None
    side: str | None = None

    def row(self, inp: Inputs) -> Row | None:
        if self.code is not None:
            return inp.row(self.table, self.code)
        return inp.find(self.table, self.pattern or "^$", self.side)

    def get(self, inp: Inputs) -> Decimal | None:
        r = self.row(inp)
        return r.get(self.column) if r else None


TOTAL = "^(合计|总计)$"


def _equal(inp: Inputs, spec: CheckSpec, a: Ref, bs: tuple[Ref, ...], optional: bool,
           subject: str | None = None) -> Finding:
    """A printed figure = another printed figure (or the sum of several)."""
    va, vbs = a.get(inp), [b.get(inp) for b in bs]
    rows = [a.row(inp), *(b.row(inp) for b in bs)]
    pages = row_pages(*rows)
    if optional:  # a line printed blank on both sides is agreement on nothing
        if va is None and all(v is None for v in vbs):
            return Finding(subject, Outcome("not_applicable", detail="printed in neither table"), pages, subject or "")
        unread = [ref.table for ref, row in zip((a, *bs), rows, strict=True) if row is None]
        if unread:  # a row not read is not a row printed blank: never counted as 0
            return Finding(subject, Outcome("insufficient_data", None, va,
                                            detail=f"the line was not read in {', '.join(unread)}"), pages,
                           subject or "")
        va = va if va is not None else ZERO
        vbs = [v if v is not None else ZERO for v in vbs]
    if va is None or all(v is None for v in vbs):
        return Finding(subject, Outcome("insufficient_data", None, va, detail="a figure was not found"), pages,
                       subject or "")
    return Finding(subject, sum_outcome(va, vbs, inp.half_unit(*spec.tables)), pages, subject or "")


@guarded
def rule_equal(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """A printed figure = another printed figure (or the sum of several)."""
    p = spec.params
    yield _equal(inp, spec, p["a"], p["b"], bool(p.get("optional")))


@guarded
def rule_equal_lines(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """The same labelled line in two tables, for each (subject, label regex) of params["lines"]."""
    p = spec.params
    for subject, pattern in p["lines"]:
        a = Ref(p["a_table"], p["a_column"], pattern, side=p.get("side"))
        b = Ref(p["b_table"], p["b_column"], pattern, side=p.get("side"))
        yield _equal(inp, spec, a, (b,), True, subject)


# Summary income lines → the income table's source column.
SOURCE_OF_LINE = (
    ("上级补助", "superior_subsidy"), ("事业收入", "business"), ("经营收入", "operating"),
    ("附属单位", "subsidiary_remit"), ("其他收入", "other"), ("财政拨款", "fiscal"),
)


@guarded
def rule_income_sources(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Summary income by source = the income table's 合计 row, source by source."""
    lines, _, _, _ = side_sections(inp.rows("summary", "income"), INCOME_TOTAL)
    by_source: dict[str, list[Row]] = {}
    for r in lines:
        label = norm_label(r.item)
        source = next((s for word, s in SOURCE_OF_LINE if word in label), None)
        if source:
            by_source.setdefault(source, []).append(r)
    total = inp.total_row("income")
    if total is None:  # the 合计 row not read: nothing to compare, never a row of zeros
        yield Finding(None, Outcome("insufficient_data", detail="the income table's 合计 row was not read"),
                      row_pages(*lines))
        return
    half = inp.half_unit(*spec.tables)
    for _, source in SOURCE_OF_LINE:
        rows = by_source.get(source, [])
        a = sum((r.get("amount") or ZERO for r in rows), ZERO) if any(r.get("amount") is not None for r in rows) else None
        b = total.get(source)
        if a is None and b is None:
            continue
        if not rows:
            yield Finding(source, Outcome("insufficient_data", b, None,
                                          detail="no summary income line for this source was read"),
                          row_pages(total), source)
            continue
        yield Finding(source, equal_outcome(a or ZERO, b or ZERO, half), row_pages(total, *rows), source)


# Two-sided expenditure lines that are not 类 but the expenditure table's columns (some regions).
COLUMN_OF_LINE = {"基本支出": "basic", "项目支出": "project", "上缴上级支出": "remit_superior",
                  "经营支出": "operating", "对附属单位补助支出": "subsidy_subsidiary"}


def match_class(classes: dict[str, Row], key: str) -> Row | None:
    """The coded 类 row named `key`: exact, else the one row whose name one of the two prefixes
    (a label wrapped or clipped by the extractor: 文化旅游体育与传媒支 / 文化旅游体育与传媒)."""
    if key in classes:
        return classes[key]
    near = [r for k, r in classes.items() if len(key) >= 4 and len(k) >= 4 and (k.startswith(key) or key.startswith(k))]
    return near[0] if len(near) == 1 else None


@guarded
def rule_class_lines(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Each 类 line of a two-sided table = the 类 row of a coded table (matched by name)."""
    p = spec.params
    half = inp.half_unit(*spec.tables)
    lines, _, _, _ = side_sections(inp.rows(p["a_table"], "expenditure"), p["a_total"])
    classes = {class_key(r.item): r for r in inp.rows(p["b_table"]) if len(r.code) == 3}
    seen: set[str] = set()
    for line in lines:
        a = line.get(p["a_column"])
        label = norm_label(line.item)
        if label in COLUMN_OF_LINE and p["b_table"] == "expenditure":
            total = inp.total_row("expenditure")
            b = total.get(COLUMN_OF_LINE[label]) if total else None
            yield Finding(label, equal_outcome(a or ZERO, b or ZERO, half), row_pages(line, total), label)
            continue
        row = match_class(classes, class_key(line.item))
        if a is None and row is None:
            continue
        subject = row.code if row else class_key(line.item)
        seen.add(subject)
        if row is None:  # a name the coded table does not print: a misread or another name, not a 0
            yield Finding(subject, Outcome("insufficient_data", None, a,
                                           detail=f"{p['b_table']} prints no 类 named {norm_label(line.item)}"),
                          row_pages(line), norm_label(line.item))
            continue
        b = row.get(p["b_column"])
        yield Finding(subject, equal_outcome(a or ZERO, b or ZERO, half), row_pages(line, row), norm_label(line.item))
    for row in classes.values():
        if row.code not in seen and row.get(p["b_column"]):
            yield Finding(row.code, Outcome("insufficient_data", row.get(p["b_column"]), None,
                                            detail=f"{p['a_table']}: no line read for this 类"),
                          row_pages(row), row.item)


@guarded
def rule_basic_vs_groups(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """一般公共预算 基本支出 = 人员经费 + 公用经费 of the basic-expenditure table.

    Uses the printed 人员经费合计 / 公用经费合计 where the table prints them, else the class rows.
    """
    basic = Ref("general_budget_expenditure", "basic", TOTAL).get(inp)
    personnel = inp.find("basic_expenditure", "^人员经费(合计)?$")
    public = inp.find("basic_expenditure", "^公用经费(合计)?$")
    if personnel and public:
        parts, rows, how = [personnel.get("amount"), public.get("amount")], [personnel, public], "人员经费合计 + 公用经费合计"
    else:
        rows = [r for r in inp.rows("basic_expenditure") if len(r.code) == 3]
        parts, how = [r.get("amount") for r in rows], "sum of the economic classes"
    o = sum_outcome(basic, parts, inp.half_unit(*spec.tables), how)
    yield Finding(None, o, row_pages(Ref("general_budget_expenditure", "basic", TOTAL).row(inp), *rows))


def all_general_budget(inp: Inputs) -> tuple[bool, str]:
    """Is every 元 of the year a general-budget appropriation (no other income, no carry-over)?"""
    income = inp.total_row("income")
    if income is None:
        return False, "income table not available"
    others = [c for c, v in income.values.items() if c not in ("total", "fiscal") and v]
    if others:
        return False, "non-fiscal income: " + ", ".join(others)
    for table in ("summary", "fiscal_summary"):
        for side in ("income", "expenditure"):
            _, _, between, _ = side_sections(inp.rows(table, side), r"^(本年)?(收入|支出)合计$")
            carried = [r.item for r in between if any(v for v in r.values.values())]
            if carried:
                return False, f"{table} prints carry-over or balances: " + ", ".join(carried)
    fs = inp.find("fiscal_summary", SPEND_TOTAL, "expenditure")
    if fs and (fs.get("gov_fund") or fs.get("soe_capital")):
        return False, "fiscal_summary shows government-fund or SOE-capital spending"
    return True, ""


@guarded
def rule_expenditure_vs_general_budget(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """支出表 = 一般公共预算支出表 row by row — only where all money is general-budget appropriation."""
    ok, why = all_general_budget(inp)
    if not ok:
        yield Finding(None, Outcome("not_applicable", detail=f"the two tables may legitimately differ: {why}"))
        return
    half = inp.half_unit(*spec.tables)
    a_rows = {r.key: r for r in inp.rows("expenditure")}
    b_rows = {r.key: r for r in inp.rows("general_budget_expenditure")}
    for key in dict.fromkeys([*a_rows, *b_rows]):
        a, b = a_rows.get(key), b_rows.get(key)
        if a is None or b is None:
            missing = "general_budget_expenditure" if b is None else "expenditure"
            yield Finding(key, Outcome("insufficient_data", detail=f"no row {key} read in {missing}"),
                          row_pages(a, b), (a or b).item)  # type: ignore[union-attr]
            continue
        cols = [c for c in ("total", "basic", "project") if (a and a.get(c) is not None) or (b and b.get(c) is not None)]
        outcomes = {c: equal_outcome((a.get(c) if a else None) or ZERO, (b.get(c) if b else None) or ZERO, half)
                    for c in cols}
        yield Finding(key, combine(outcomes), row_pages(a, b), (a or b).item)  # type: ignore[union-attr]


# basic-expenditure line ≤ the 三公 figure it is part of (决算数 includes project money too).
BASIC_IN_THREE_PUBLIC = (("30212", "actual_abroad"), ("30217", "actual_reception"),
                         ("30231", "actual_vehicle_operation"), ("31013", "actual_vehicle_purchase"))


def rule_basic_vs_three_public(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """30212 ≤ 出国, 30217 ≤ 接待, 30231 ≤ 用车运行, 31013 ≤ 用车购置 (part ≤ whole, not equality)."""
    if (guard := table_guard(inp, "basic_expenditure")) is not None:
        yield guard
        return
    status = inp.status("three_public")
    if status == "missing":  # per code, so the ids stay those of a complete report
        for code, _ in BASIC_IN_THREE_PUBLIC:
            yield Finding(code, Outcome("insufficient_data", detail="table three_public not found in the PDF"))
        return
    tp = inp.rows("three_public")
    half = inp.half_unit(*spec.tables)
    for code, column in BASIC_IN_THREE_PUBLIC:
        row = inp.row("basic_expenditure", code)
        part = row.get("amount") if row else None
        whole = next((r.get(column) for r in tp if r.get(column) is not None), None)
        if part is None and whole is None:
            continue
        if whole is None and status != "empty" and part:
            unprinted = unprinted_measure(inp, "three_public", "actual")  # 预算数 only: no 决算数 to bound it
            o = Outcome("not_applicable", None, part, detail=unprinted) if unprinted else \
                Outcome("insufficient_data", None, part, detail=f"三公 {column} was not read")
            yield Finding(code, o, row_pages(row, *tp), f"{code} ≤ {column}")
            continue
        note = "三公 table printed empty: whole is 0" if status == "empty" else ""
        yield Finding(code, part_le_whole(part or ZERO, whole or ZERO, half, note), row_pages(row, *tp),
                      f"{code} ≤ {column}")


def rule_fund_vs_fiscal_summary(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """An empty 政府性基金 / 国有资本 table ↔ zero columns in fiscal_summary; else the totals agree."""
    p = spec.params
    fund, column = p["table"], p["column"]
    if (guard := table_guard(inp, "fiscal_summary")) is not None:
        yield guard
        return
    status = inp.status(fund)
    fs_rows = inp.rows("fiscal_summary")
    printed = [r for r in fs_rows if r.get(column)]
    line = inp.find("fiscal_summary", p["income_line"], "income")
    if line is not None and line.get("amount"):
        printed.append(line)
    if status == "missing":
        yield Finding(None, Outcome("insufficient_data", detail=f"table {fund} not found in the PDF"))
    elif status == "empty":
        if printed:
            shown = ", ".join(f"{r.item}={r.get(column) or r.get('amount')}" for r in printed)
            yield Finding(None, Outcome("fail", ZERO, printed[0].get(column) or printed[0].get("amount"),
                                        detail=f"{fund} printed empty but fiscal_summary shows {shown}"),
                          row_pages(*printed))
        else:
            yield Finding(None, Outcome("pass", ZERO, ZERO, detail=f"{fund} empty and fiscal_summary {column} blank"))
    else:
        ref = Ref("fiscal_summary", column, SPEND_TOTAL, side="expenditure")
        if ref.row(inp) is None:
            yield Finding(None, Outcome("insufficient_data", detail="fiscal_summary 本年支出合计 was not read"))
            return
        a = ref.get(inp)
        b = Ref(fund, "total", TOTAL).get(inp)
        yield Finding(None, equal_outcome(a or ZERO, b, inp.half_unit("fiscal_summary", fund),
                                          f"fiscal_summary 本年支出合计 {column} vs {fund} 合计"))


# -- specs --------------------------------------------------------------------------------------
def _spec(id_: str, zh: str, en: str, tables: tuple[str, ...], rule, **params) -> None:
    register(CheckSpec(id_, "cross_table", zh, en, tables, rule, params))


_spec("cross.summary_income_total", "总表本年收入合计 = 收入表合计", "summary 本年收入合计 = income 合计",
      ("summary", "income"), rule_equal,
      a=Ref("summary", "amount", INCOME_TOTAL, side="income"), b=(Ref("income", "total", TOTAL),))
_spec("cross.summary_income_source", "总表各项收入 = 收入表合计行各栏", "summary income by source = income 合计 by column",
      ("summary", "income"), rule_income_sources)
_spec("cross.summary_expenditure_total", "总表本年支出合计 = 支出表合计", "summary 本年支出合计 = expenditure 合计",
      ("summary", "expenditure"), rule_equal,
      a=Ref("summary", "amount", SPEND_TOTAL, side="expenditure"), b=(Ref("expenditure", "total", TOTAL),))
_spec("cross.summary_expenditure_class", "总表各类支出 = 支出表各类", "summary 类 lines = expenditure 类 rows",
      ("summary", "expenditure"), rule_class_lines,
      a_table="summary", a_total=SPEND_TOTAL, a_column="amount", b_table="expenditure", b_column="total")
_spec("cross.income_fiscal_vs_fiscal_summary", "收入表财政拨款收入 = 财政拨款总表本年收入合计",
      "income 财政拨款 = fiscal_summary 本年收入合计", ("income", "fiscal_summary"), rule_equal,
      a=Ref("fiscal_summary", "amount", INCOME_TOTAL, side="income"), b=(Ref("income", "fiscal", TOTAL),))
_spec("cross.summary_vs_fiscal_summary_income", "总表各项财政拨款收入 = 财政拨款总表收入",
      "summary fiscal income lines = fiscal_summary income lines", ("summary", "fiscal_summary"), rule_equal_lines,
      a_table="summary", a_column="amount", b_table="fiscal_summary", b_column="amount", side="income",
      lines=(("general_budget", "^一般公共预算财政拨款(收入)?$"), ("gov_fund", "^政府性基金预算财政拨款(收入)?$"),
             ("soe_capital", "^国有资本经营预算财政拨款(收入)?$")))
_spec("cross.fiscal_summary_vs_general_budget_total", "财政拨款总表一般公共预算支出合计 = 一般公共预算支出表合计",
      "fiscal_summary general-budget 本年支出合计 = general_budget_expenditure 合计",
      ("fiscal_summary", "general_budget_expenditure"), rule_equal,
      a=Ref("fiscal_summary", "general_budget", SPEND_TOTAL, side="expenditure"),
      b=(Ref("general_budget_expenditure", "total", TOTAL),))
_spec("cross.fiscal_summary_vs_general_budget_class", "财政拨款总表各类一般公共预算支出 = 一般公共预算支出表各类",
      "fiscal_summary general-budget 类 lines = general_budget_expenditure 类 rows",
      ("fiscal_summary", "general_budget_expenditure"), rule_class_lines, a_table="fiscal_summary",
      a_total=SPEND_TOTAL, a_column="general_budget", b_table="general_budget_expenditure", b_column="total")
_spec("cross.general_budget_basic_vs_basic_expenditure", "一般公共预算基本支出 = 人员经费 + 公用经费",
      "general_budget_expenditure basic = personnel + public of basic_expenditure",
      ("general_budget_expenditure", "basic_expenditure"), rule_basic_vs_groups)
_spec("cross.expenditure_vs_general_budget", "支出表 = 一般公共预算支出表（全部为一般公共预算拨款时）",
      "expenditure = general_budget_expenditure (only when all money is general-budget appropriation)",
      ("expenditure", "general_budget_expenditure", "income", "summary", "fiscal_summary"),
      rule_expenditure_vs_general_budget)
_spec("cross.basic_vs_three_public", "基本支出明细 ≤ 三公经费决算数", "basic-expenditure line ≤ its 三公 figure",
      ("basic_expenditure", "three_public"), rule_basic_vs_three_public)
_spec("cross.gov_fund_vs_fiscal_summary", "政府性基金表 ↔ 财政拨款总表政府性基金栏",
      "gov_fund table ↔ fiscal_summary gov_fund column", ("gov_fund", "fiscal_summary"),
      rule_fund_vs_fiscal_summary, table="gov_fund", column="gov_fund", income_line="^政府性基金预算财政拨款$")
_spec("cross.soe_capital_vs_fiscal_summary", "国有资本经营表 ↔ 财政拨款总表国有资本栏",
      "soe_capital table ↔ fiscal_summary soe_capital column", ("soe_capital", "fiscal_summary"),
      rule_fund_vs_fiscal_summary, table="soe_capital", column="soe_capital", income_line="^国有资本经营预算财政拨款$")

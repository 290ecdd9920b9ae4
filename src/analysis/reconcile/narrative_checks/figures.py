"""The figure table: each narrative subject's printings in the tables, and how to find them.

Narrative fact keys are ``<stem>_<suffix>[:<name>]`` (see analysis.prose.narrative): the stem says what
a figure is about (basic, class, three_public…), the suffix what kind of figure it is (share_pct,
completion_pct, yoy_change_pct…). So the mapping to the tables is one small table, `FIGURES`: a
stem → how to find its amount (and budget) in the tables and what its share is a share of. Renaming
a narrative key, or a region stating a new figure, is a row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ...domain import PERSONNEL_CLASSES, PUBLIC_CLASSES
from ..cross_checks import TOTAL, Ref
from ..frames import INCOME_TOTAL, SPEND_TOTAL, Inputs, Row, class_key, norm_label
from ..performance_checks import headers_of, is_department_scope
from ..verdict import ZERO

# A resolver finds a subject's figure in the tables: one value, None, or (a name shared by several
# rows) the list of candidates.
Resolver = Callable[[Inputs, str], "Decimal | list[Decimal] | None"]


def candidates(found: Decimal | list[Decimal] | None) -> list[Decimal]:
    return found if isinstance(found, list) else ([] if found is None else [found])


def _total(table: str, column: str) -> Printing:
    return table, lambda inp, name: Ref(table, column, TOTAL).get(inp)


def _line(table: str, column: str, pattern: str, side: str) -> Printing:
    return table, lambda inp, name: Ref(table, column, pattern, side=side).get(inp)


def _three_public_printing(column: str) -> Printing:
    return "three_public", _three_public(column)


def _three_public(column: str) -> Resolver:
    def get(inp: Inputs, name: str) -> Decimal | None:
        if inp.status("three_public") == "empty":
            return ZERO
        values = [r.get(column) for r in inp.rows("three_public") if r.values]
        if inp.status("three_public") == "extracted" and values:
            return next((v for v in values if v is not None), ZERO)  # blank = nothing spent
        return None
    return get


def _group(label: str, classes: tuple[str, ...]) -> Printing:
    def get(inp: Inputs, name: str) -> Decimal | None:
        row = inp.find("basic_expenditure", label)
        if row is not None:
            return row.get("amount")
        rows = [inp.row("basic_expenditure", c) for c in classes]
        return sum((r.get("amount") or ZERO for r in rows if r), ZERO) if any(rows) else None
    return "basic_expenditure", get


def coded_rows(inp: Inputs, table: str, level: tuple[int, ...], key: Callable[[object], str], name: str) -> list[Row]:
    """The 类 (or 款/项) rows of a coded table a text name means: exact, else the one row whose name
    prefixes it or is prefixed by it (a name wrapped or clipped in the table)."""
    rows = [r for r in inp.rows(table) if len(r.code) in level]
    want = key(name)
    hits = [r for r in rows if key(r.item) == want]
    if not hits and len(want) >= 4:
        near = [r for r in rows if key(r.item).startswith(want) or (len(key(r.item)) >= 4 and want.startswith(key(r.item)))]
        hits = near if len(near) == 1 else []
    return hits


def _coded(table: str, level: tuple[int, ...], key: Callable[[object], str]) -> Printing:
    """A 类 (or 款/项) row of a coded table by name."""
    def get(inp: Inputs, name: str) -> Decimal | list[Decimal] | None:
        values = [v for r in coded_rows(inp, table, level, key, name) if (v := r.get("total")) is not None]
        # 行政运行 is a 项 of several 款: the text names the 项 only, so any of them may be meant
        return values if len(values) > 1 else (values[0] if values else None)
    return table, get


def _class_line(table: str, column: str) -> Printing:
    """A 类 line of a two-sided table (总表, 财政拨款总表) by name."""
    def get(inp: Inputs, name: str) -> Decimal | None:
        want = class_key(name)
        lines = [r for r in inp.rows(table, "expenditure") if not r.code and class_key(r.item) == want]
        values = [v for r in lines if (v := r.get(column)) is not None]
        return values[0] if len(values) == 1 else None
    return table, get


def _fund(table: str, column: str) -> Printing:
    def get(inp: Inputs, name: str) -> Decimal | None:
        if inp.status(table) == "empty":
            return ZERO
        return Ref("fiscal_summary", column, SPEND_TOTAL, side="expenditure").get(inp)
    return "fiscal_summary", get


def _perf(field: str) -> Resolver:
    """A 自评表 header figure: the named project's, or (no name) the 部门整体 table's."""
    def get(inp: Inputs, name: str) -> Decimal | None:
        for h in headers_of(inp):
            if (name and (name in h.scope or h.scope in name)) or \
                    (not name and is_department_scope(h.scope, inp.department)):
                return getattr(h, field)
        return None
    return get


# A printing of a figure: the table it is printed in and how to find it there.
Printing = tuple[str, Resolver]


@dataclass(frozen=True)
class Figure:
    """A narrative subject and its counterpart: the amount (and budget) in the tables.

    `actual` is the table printing the amount; `twins` are the other tables printing the *same*
    figure (same subject, measure, period and fund: 总表's 类 line and 支出表's 类 row), so a text
    figure is compared with every printing and a disagreement between them is named, not blamed
    on the text. `also` are other legitimate readings with twins of their own (the 类 of all funds
    in 支出表 where the text may mean the general budget's). share_of: the stem whose amount a
    ``<stem>_share_pct`` is a share of. compare: "equal", or "le" where the text's figure is only
    part of the table's (机关运行经费 ≤ 公用经费). measure: what the table counterpart measures
    (决算数; the 自评表's 项目预算金额 …), compared with what the text's cue says it states.
    """

    stem: str
    amount_keys: tuple[str, ...]
    actual: Printing | None = None
    budget: Resolver | None = None
    share_of: str | None = None
    compare: str = "equal"
    named: bool = False
    also: tuple[tuple[Printing, ...], ...] = ()
    share_also: tuple[str, ...] = ()  # other bases a region may take the share of
    twins: tuple[Printing, ...] = ()
    measure: str = "决算数"
    measure_stated: bool = True  # False: the text's wording (涉及资金) rarely says budget or spent: a gap warns
    also_under: tuple[tuple[str, tuple[Printing, ...]], ...] = ()  # readings only under a heading naming the fund

    def readings(self, section: str | None = None) -> list[list[Printing]]:
        """The legitimate readings, each the list of tables printing that one figure; `section` (the
        heading the statement sits under) admits the readings of the fund it names. None: all."""
        first = [[self.actual, *self.twins]] if self.actual else []
        under = [list(r) for word, r in self.also_under if section is None or word in section]
        return first + [list(r) for r in self.also] + under


FIGURES: tuple[Figure, ...] = (
    Figure("", ("income_expenditure_total",), _line("summary", "amount", "^总计$", "income"),
           twins=(_line("summary", "amount", "^总计$", "expenditure"),),
           also=((_line("summary", "amount", INCOME_TOTAL, "income"),),)),
    # 本年收入合计 / 本年支出合计 of all funds (收入表/支出表 and 总表), or — the same words under the
    # 财政拨款 heading — of the 财政拨款收入支出决算总表
    Figure("income", ("total_income",), _total("income", "total"),
           twins=(_line("summary", "amount", INCOME_TOTAL, "income"),),
           also_under=(("财政拨款", (_line("fiscal_summary", "amount", INCOME_TOTAL, "income"),)),)),
    Figure("expenditure", ("total_expenditure",), _total("expenditure", "total"),
           twins=(_line("summary", "amount", SPEND_TOTAL, "expenditure"),),
           also_under=(("财政拨款", (_line("fiscal_summary", "total", SPEND_TOTAL, "expenditure"),)),)),
    Figure("fiscal", ("fiscal_total",), _line("fiscal_summary", "amount", "^总计$", "income"),
           twins=(_line("fiscal_summary", "total", "^总计$", "expenditure"),),
           also=((_line("fiscal_summary", "amount", INCOME_TOTAL, "income"),),
                 (_line("fiscal_summary", "total", SPEND_TOTAL, "expenditure"),))),
    Figure("fiscal_income", ("fiscal_income",), _total("income", "fiscal"), share_of="income",
           twins=(_line("fiscal_summary", "amount", INCOME_TOTAL, "income"),)),
    Figure("general_budget_income", ("general_budget_income",),
           _line("fiscal_summary", "amount", "^一般公共预算财政拨款(收入)?$", "income"), share_of="income",
           twins=(_line("summary", "amount", "^一般公共预算财政拨款(收入)?$", "income"),)),
    Figure("superior_subsidy_income", ("superior_subsidy_income",), _total("income", "superior_subsidy"),
           share_of="income"),
    Figure("business_income", ("business_income",), _total("income", "business"), share_of="income"),
    Figure("operating_income", ("operating_income",), _total("income", "operating"), share_of="income"),
    Figure("other_income", ("other_income",), _total("income", "other"), share_of="income"),
    Figure("general_budget", ("general_budget_expenditure",), _total("general_budget_expenditure", "total"),
           share_of="expenditure",
           twins=(_line("fiscal_summary", "general_budget", SPEND_TOTAL, "expenditure"),)),
    Figure("gov_fund", ("gov_fund_expenditure",), _fund("gov_fund", "gov_fund"), share_of="expenditure"),
    Figure("soe_capital", ("soe_capital_expenditure",), _fund("soe_capital", "soe_capital"),
           share_of="expenditure"),
    # 基本支出 / 项目支出 of all funds (支出表), or — under the 一般公共预算 heading — of the general budget
    Figure("basic", ("basic_expenditure",), _total("expenditure", "basic"), share_of="expenditure",
           share_also=("general_budget",),
           also_under=(("一般公共预算", (_total("general_budget_expenditure", "basic"),)),)),
    Figure("project", ("project_expenditure",), _total("expenditure", "project"), share_of="expenditure",
           share_also=("general_budget",),
           also_under=(("一般公共预算", (_total("general_budget_expenditure", "project"),)),)),
    Figure("operating", ("operating_expenditure",), _total("expenditure", "operating"), share_of="expenditure"),
    Figure("general_budget_basic", ("general_budget_basic_expenditure",),
           _total("general_budget_expenditure", "basic")),
    Figure("personnel", ("personnel_expenditure",), _group("^人员经费(合计)?$", PERSONNEL_CLASSES),
           share_of="general_budget_basic", share_also=("basic",)),
    Figure("public", ("public_expenditure",), _group("^公用经费(合计)?$", PUBLIC_CLASSES),
           share_of="general_budget_basic", share_also=("basic",)),
    # a 类 of the general budget (its table and 财政拨款总表's line), or of all funds (支出表 and 总表)
    Figure("class", ("class_amount",), _coded("general_budget_expenditure", (3,), class_key),
           share_of="general_budget", named=True,
           twins=(_class_line("fiscal_summary", "general_budget"),),
           also=((_coded("expenditure", (3,), class_key), _class_line("summary", "amount")),),
           share_also=("expenditure",)),
    Figure("item", ("item_amount",), _coded("general_budget_expenditure", (5, 7), norm_label), named=True,
           also=((_coded("expenditure", (5, 7), norm_label),),)),
    Figure("three_public", ("three_public_actual",), _three_public_printing("actual_total"),
           _three_public("budget_total")),
    Figure("abroad", ("abroad_actual",), _three_public_printing("actual_abroad"), _three_public("budget_abroad")),
    Figure("vehicle", ("vehicle_actual",), _three_public_printing("actual_vehicle"),
           _three_public("budget_vehicle")),
    Figure("vehicle_purchase", ("vehicle_purchase_actual",), _three_public_printing("actual_vehicle_purchase"),
           _three_public("budget_vehicle_purchase")),
    Figure("vehicle_operation", ("vehicle_operation_actual",), _three_public_printing("actual_vehicle_operation"),
           _three_public("budget_vehicle_operation")),
    Figure("reception", ("reception_actual",), _three_public_printing("actual_reception"),
           _three_public("budget_reception")),
    Figure("agency_operating_cost", ("agency_operating_cost",), _group("^公用经费(合计)?$", PUBLIC_CLASSES),
           compare="le"),
    # the 预算金额 of the projects with targets / evaluations: no table prints it (项目支出 is a 决算数)
    Figure("perf_self_eval", ("perf_self_eval_amount",), _total("general_budget_expenditure", "project"),
           share_of="project", compare="le", measure_stated=False),
    Figure("perf_department", ("perf_department_amount",), ("performance", _perf("b"))),
    Figure("perf_project", ("perf_project_amount",), ("performance", _perf("b")), _perf("a"), named=True),
    # figures only the text states: checked against other text facts (shares, sums)
    Figure("procurement", ("procurement_total",)),
    Figure("procurement_goods", ("procurement_goods",)),
    Figure("procurement_services", ("procurement_services",)),
    Figure("procurement_works", ("procurement_works",)),
    Figure("procurement_sme", ("procurement_sme",), share_of="procurement"),
    Figure("procurement_micro", ("procurement_micro",), share_of="procurement_sme"),
    Figure("procurement_goods_sme", ("procurement_goods_sme",), share_of="procurement_goods"),
    Figure("procurement_services_sme", ("procurement_services_sme",), share_of="procurement_services"),
    Figure("procurement_works_sme", ("procurement_works_sme",), share_of="procurement_works"),
)
BY_STEM = {f.stem: f for f in FIGURES}
AMOUNT_KEY = {k: f.stem for f in FIGURES for k in f.amount_keys}

"""Text against tables: every figure the 情况说明 states that the tables (or the text) can prove.

Narrative fact keys are ``<stem>_<suffix>[:<name>]`` (see analysis.prose.narrative): the stem says what
a figure is about (basic, class, three_public…), the suffix what kind of figure it is (share_pct,
completion_pct, yoy_change_pct…). So the mapping to the tables is one small table, `FIGURES`: a
stem → how to find its amount (and budget) in the tables and what its share is a share of. Renaming
a narrative key, or a region stating a new figure, is a row here. Sums stated in the text (采购
parts, 燃油/维修/保险, vehicles by kind, the project list) are `SUMS`.

A stated figure is judged as a quotation of the interval its inputs allow (verdict.quote_outcome):
rounding passes, truncation warns (3.85% printed 3.8%), anything else fails. Facts no table or
text can prove (last year's figures, reasons) are listed in one `narrative.unchecked` row rather
than passed silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..domain import PERSONNEL_CLASSES, PUBLIC_CLASSES, TABLE_KEYS, WANYUAN_PER_UNIT
from .cross_checks import TOTAL, Ref
from .evidence import Ref as Read
from .evidence import note
from .frames import INCOME_TOTAL, SPEND_TOTAL, Inputs, Row, class_key, norm_label
from .performance_checks import headers_of, is_department_scope
from .registry import CheckSpec, Finding, register
from .verdict import (
    HALF_UNIT,
    STATUS_RANK,
    ZERO,
    Outcome,
    dec,
    half_of,
    part_le_whole,
    quote_amount,
    quote_outcome,
    ratio_outcome,
    sum_outcome,
)

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

# Sums the text states: total key = Σ part keys (a trailing ':' takes every named fact).
SUMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("procurement_parts", "procurement_total", ("procurement_goods", "procurement_works", "procurement_services")),
    ("vehicle_operation_parts", "vehicle_operation_actual",
     ("vehicle_fuel", "vehicle_repair", "vehicle_insurance", "vehicle_other")),
    ("vehicle_count_parts", "vehicle_count", ("vehicle_count:",)),
    ("three_public_parts", "three_public_actual", ("abroad_actual", "vehicle_actual", "reception_actual")),
    ("vehicle_parts", "vehicle_actual", ("vehicle_purchase_actual", "vehicle_operation_actual")),
)
# Parts the text states that may not exceed a whole: (id, part key, whole key).
BOUNDS: tuple[tuple[str, str, str], ...] = (
    ("three_public_vehicle_count", "three_public_vehicle_count", "vehicle_count"),
    ("procurement_sme", "procurement_sme", "procurement_total"),
    ("procurement_micro", "procurement_micro", "procurement_sme"),
)
NONE_STATEMENTS = {"gov_fund_none": "gov_fund", "soe_capital_none": "soe_capital",
                   "three_public_none": "three_public"}
SUFFIXES = ("yoy_change_amount", "yoy_change_pct", "yoy_change_direction", "budget_change_amount",
            "budget_change_pct", "budget_change_direction", "actual_vs_budget", "completion_pct",
            "share_pct", "full_year_budget", "budget", "actual", "amount", "reason")
TEXT_ONLY = ("reason", "placeholder", "template_instruction")


@dataclass(frozen=True)
class Fact:
    index: int
    key: str
    stem: str
    suffix: str
    name: str
    value: Decimal | None
    page: str
    sentence: str
    occurrence: int
    text: str = ""  # the cue the reader matched (完成年初预算的, 涉及预算金额) or the words of a text fact
    raw: Decimal | None = None  # the figure as printed, before a 元 / 亿元 figure was put in 万元
    section: str = ""  # the heading the sentence sits under

    @property
    def check_id(self) -> str:
        base = self.key.split(":", 1)[0]
        subject = self.name + (f"#{self.occurrence}" if self.occurrence > 1 else "")
        return f"narrative.{base}" + (f"[{subject}]" if subject else "")

    @property
    def decimals(self) -> int | None:
        """The decimals the sentence prints the figure with (100.00% → 2), None where not found."""
        raw = self.raw if self.raw is not None else self.value
        return None if raw is None else printed_decimals(self.sentence, raw)

    @property
    def half(self) -> Decimal:
        """Half a unit of the figure's last printed decimal, in 万元 (0.3万元 → 0.05, 0.30万元 → 0.005).

        The decimals are read from the sentence where the figure is found there (the frame's float
        has lost a trailing zero), else from the value itself (a wider envelope, never a narrower).
        """
        if self.value is None:
            return HALF_UNIT
        raw = self.raw if self.raw is not None else self.value
        scale = abs(self.value / raw) if raw != 0 else Decimal(1)
        shown = self.decimals
        return (half_of(raw) if shown is None else Decimal("0.5").scaleb(-shown)) * scale


# What kind of statement a fact is, for its description (zh, en).
KIND_WORDS = {
    "amount": ("说明中的金额 = 表中数", "an amount stated in the text = the table's"),
    "budget": ("说明中的预算数 = 表中预算数", "a budget stated in the text = the table's"),
    "full_year_budget": ("说明中的全年预算数 = 表中数", "a full-year budget stated = the table's"),
    "share_pct": ("说明中的占比 = 按表重算", "a share stated in the text = recomputed from the tables"),
    "completion_pct": ("完成预算% = 决算数 / 预算数", "completion % = actual / budget"),
    "yoy_change_pct": ("增减% = 增减额 / 上年数", "year-on-year % = change / last year's figure"),
    "budget_change_pct": ("比预算增减% = 增减额 / 预算数", "% against budget = change / budget"),
    "budget_change_amount": ("比预算增减额 = 预算数 − 决算数", "change against budget = budget − actual"),
    "actual_vs_budget": ("决算数大于/小于/等于预算数的说法 = 表中数", "the stated 大于/小于/等于 budget = the figures"),
    "budget_change_direction": ("比预算增加/减少的说法 = 表中数", "the stated increase/decrease on budget = the figures"),
}


def split_key(key: str) -> tuple[str, str, str]:
    """'class_share_pct:卫生健康' → ('class', 'share_pct', '卫生健康'); 'basic_expenditure' → ('basic', 'amount', '')."""
    base, _, name = key.partition(":")
    if base in AMOUNT_KEY:
        return AMOUNT_KEY[base], "amount", name
    for suffix in SUFFIXES:
        if base == suffix:
            return "", suffix, name
        if base.endswith("_" + suffix):
            stem = base[: -len(suffix) - 1]
            return stem, ("amount" if suffix == "actual" and stem in BY_STEM else suffix), name
    return base, "", name


def _cell_text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) or value is pd.NA else str(value)

def facts(narrative: pd.DataFrame) -> list[Fact]:
    """The narrative frame as parsed facts, money in 万元, in printed order."""
    if narrative is None or not len(narrative) or "fact" not in narrative:
        return []
    out: list[Fact] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(narrative.itertuples(index=False)):
        key = str(getattr(row, "fact", "") or "")
        raw = value = dec(getattr(row, "value", None))
        unit = str(getattr(row, "unit", "") or "")
        if value is not None and unit in WANYUAN_PER_UNIT:  # a hand-written frame may keep 元
            value = value * WANYUAN_PER_UNIT[unit]
        stem, suffix, name = split_key(key)
        seen[key] = seen.get(key, 0) + 1
        page = getattr(row, "page", "")
        page = "" if page is None or (isinstance(page, float) and page != page) else str(int(float(page)))
        out.append(Fact(i, key, stem, suffix, name, value, page, str(getattr(row, "sentence", "") or ""),
                        seen[key], _cell_text(getattr(row, "text", "")), raw, _cell_text(getattr(row, "section", ""))))
    return out


_NUMBER_IN_TEXT = re.compile(r"\d[\d,]*(?:\.\d+)?")


def printing_of(sentence: str, raw: Decimal) -> re.Match[str] | None:
    """Where the sentence prints the figure (its first printing of that value)."""
    for m in _NUMBER_IN_TEXT.finditer(sentence or ""):
        try:
            if Decimal(m.group(0).replace(",", "")) == raw:
                return m
        except ArithmeticError:
            continue
    return None


def printed_decimals(sentence: str, raw: Decimal) -> int | None:
    """How many decimals the sentence prints its figure with."""
    m = printing_of(sentence, raw)
    return None if m is None else len(m.group(0).partition(".")[2])


# -- identity: what a stated figure measures, and of which period ------------------------------
# The measure a cue names, most specific first (完成全年预算数的 → 全年预算; 涉及预算金额 → 项目预算金额).
MEASURE_WORDS: tuple[tuple[str, str], ...] = (
    ("调整预算", "调整预算"), ("调整后预算", "调整预算"), ("全年预算", "全年预算"), ("年初预算", "年初预算"),
    ("预算金额", "项目预算金额"), ("预算", "预算数"), ("决算", "决算数"), ("执行", "决算数"),
)
BUDGET_MEASURES = ("年初预算", "全年预算", "调整预算", "预算数", "项目预算金额")


def stated_measure(f: Fact) -> str | None:
    """The measure the fact's cue names (None: the cue names none, a bare amount)."""
    return next((m for word, m in MEASURE_WORDS if word in f.text), None)


def budget_measure(f: Fact) -> str:
    """The budget a budget fact states: 年初预算为 → 年初预算; 全年预算为 → 全年预算; 预算为 → 预算数."""
    measure = stated_measure(f)
    if measure in BUDGET_MEASURES and measure != "项目预算金额":
        return measure
    return "全年预算" if f.suffix == "full_year_budget" else "预算数"


def same_budget(a: str, b: str) -> bool:
    """Two budget measures that may be the same figure: equal, or one unspecified (预算数)."""
    return a == b or "预算数" in (a, b)


_YEAR_IN_CLAUSE = re.compile(r"((?:19|20)\d{2})\s*年")
_PRIOR_WORDS = re.compile(r"上年|上一年|去年|上年度")


def other_period(f: Fact, year: int | None) -> str | None:
    """The period the clause of a stated amount names when it is not the report's year.

    “2023年度收入合计为X万元” in a 2024 report states last year's figure: the tables cannot
    prove it. Changes (与2023年度相比…增加) are not amounts, so only amount facts are asked.
    """
    m = printing_of(f.sentence, f.raw) if f.raw is not None else None
    if m is None:
        return None
    clause = re.split(r"[，。；,;]", f.sentence[:m.start()])[-1]
    if prior := _PRIOR_WORDS.search(clause):
        return prior.group(0)
    years = [int(y) for y in _YEAR_IN_CLAUSE.findall(clause)]
    if year is not None and years and years[-1] != year:
        return f"{years[-1]}年"
    return None


# -- lookups ------------------------------------------------------------------------------------
def _text_value(fs: list[Fact], stem: str, suffixes: tuple[str, ...], name: str, before: int | None = None) -> Fact | None:
    """The nearest text fact of this stem/name (before a position, when given)."""
    hits = [f for f in fs if f.stem == stem and f.suffix in suffixes and f.name == name and f.value is not None
            and (before is None or f.index < before)]
    return noted(hits[-1]) if hits else None


def noted(f: Fact) -> Fact:
    """A fact a finding uses: its sentence becomes the finding's evidence."""
    note(Read("fact", fact=f.index))
    return f


def _table_half(inp: Inputs, table: str) -> Decimal:
    return inp.half_unit(table) if table in TABLE_KEYS else HALF_UNIT


def table_printing(inp: Inputs, stem: str, name: str) -> tuple[str, Decimal] | None:
    """The table and figure of a subject's first printing (None when absent or ambiguous)."""
    fig = BY_STEM.get(stem)
    if not fig or not fig.actual:
        return None
    found = candidates(fig.actual[1](inp, name))
    return (fig.actual[0], found[0]) if len(found) == 1 else None  # ambiguous: the text's own figure stands in


def amount_with_half(inp: Inputs, fs: list[Fact], stem: str, name: str,
                     before: int | None = None) -> tuple[Decimal, Decimal] | None:
    """A subject's amount and its half printing unit: the table's figure, else what the text states."""
    found = table_printing(inp, stem, name)
    if found is not None:
        return found[1], _table_half(inp, found[0])
    f = _text_value(fs, stem, ("amount",), name, before)
    return (f.value, f.half) if f and f.value is not None else None


def amount_of(inp: Inputs, fs: list[Fact], stem: str, name: str, before: int | None = None) -> Decimal | None:
    """A subject's amount: the table's figure, else what the text states."""
    found = amount_with_half(inp, fs, stem, name, before)
    return found[0] if found else None


def budget_of(inp: Inputs, fs: list[Fact], stem: str, name: str, before: int | None = None) -> Decimal | None:
    fig = BY_STEM.get(stem)
    found = candidates(fig.budget(inp, name)) if fig and fig.budget else []
    if len(found) == 1:
        return found[0]
    f = _text_value(fs, stem, ("budget", "full_year_budget"), name, before)
    return f.value if f else None


@dataclass(frozen=True)
class Denominator:
    """A budget a completion rate may be measured against: its measure, figure and source."""

    measure: str
    value: Decimal
    half: Decimal
    source: str


def denominators(inp: Inputs, fs: list[Fact], f: Fact) -> list[Denominator]:
    """Every budget of the fact's subject: the nearest text statement of each measure (年初, 全年,
    调整, unspecified) before it, else the table's (三公 and 自评表 print the 全年预算数)."""
    out: dict[str, Denominator] = {}
    for g in fs:
        if g.index > f.index or g.stem != f.stem or g.name != f.name or g.value is None:
            continue
        if g.suffix in ("budget", "full_year_budget"):
            m = budget_measure(g)
            out[m] = Denominator(m, g.value, g.half, f"the text's {m} {g.value}")
    fig = BY_STEM.get(f.stem)
    found = candidates(fig.budget(inp, f.name)) if fig and fig.budget else []
    if len(found) == 1:  # the table's figure stands for the text's (which its own check compares)
        table = Denominator("全年预算", found[0], HALF_UNIT, f"the table's 预算数 {found[0]}")
        for m in [m for m in out if same_budget(m, "全年预算")] or ["全年预算"]:
            out[m] = Denominator(m, table.value, table.half, table.source)
    return list(out.values())


# -- one fact -----------------------------------------------------------------------------------
def judge(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome | None:
    """The verdict on one stated figure, or None when nothing can prove it."""
    fig = BY_STEM.get(f.stem)
    if f.value is None or (fig is not None and f.name and not fig.named):
        return None  # a list item (project_amount:…) is judged by its list's sum
    if f.suffix == "amount":
        if fig is None or fig.actual is None:
            return None
        return _judge_amount(inp, f, fig)
    if f.suffix in ("budget", "full_year_budget"):
        if fig is None or fig.budget is None:
            return None
        values = candidates(fig.budget(inp, f.name))
        if not values:
            return Outcome("insufficient_data", None, f.value, detail="the budget figure was not found")
        return best(quote_amount(f.value, v, HALF_UNIT, "text quotes the budget", f.half) for v in values)
    if f.suffix == "share_pct":
        if fig is None or fig.share_of is None:
            return None
        num = amount_with_half(inp, fs, f.stem, f.name, f.index + 1)
        return best(_ratio(f, num, amount_with_half(inp, fs, base, "", f.index + 1), f"share of {base or 'total'}")
                    for base in (fig.share_of, *fig.share_also))
    if f.suffix == "completion_pct":
        return _completion(inp, fs, f)
    if f.suffix in ("yoy_change_pct", "budget_change_pct"):
        return _change_pct(inp, fs, f)
    if f.suffix in ("budget_change_amount", "actual_vs_budget", "budget_change_direction"):
        return _against_budget(inp, fs, f)
    return None


def _against_budget(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome | None:
    """比预算减少X / 决算数小于预算数: against the budget the words name (年初, 全年, 调整; 预算 alone: any)."""
    dens = denominators(inp, fs, f)
    fig = BY_STEM.get(f.stem)
    if not dens:  # a table prints this subject's budget, but it was not found: say so; else nothing proves it
        return Outcome("insufficient_data", None, f.value, detail="the budget figure was not found") \
            if fig is not None and fig.budget is not None else None
    actual = amount_of(inp, fs, f.stem, f.name, f.index + 1)
    claimed = stated_measure(f)
    claimed = claimed if claimed in BUDGET_MEASURES and claimed != "项目预算金额" else "预算数"
    named = [d for d in dens if same_budget(claimed, d.measure)]
    if actual is None or not named:
        return Outcome("insufficient_data", None, f.value,
                       detail=f"the actual figure or the {claimed} was not found")
    words = {1: "大于", 0: "等于", -1: "小于"}
    outcomes = []
    for d in named:
        if f.suffix == "budget_change_amount":
            diff = abs(d.value - actual)
            outcomes.append(quote_outcome(f.value, diff - 2 * HALF_UNIT, diff + 2 * HALF_UNIT,
                                          f"{d.measure} − actual", f.decimals, mid=diff))
            continue
        sign = (actual > d.value) - (actual < d.value)
        claimed_sign = int(f.value)  # type: ignore[arg-type]
        outcomes.append(Outcome("pass" if claimed_sign == sign else "fail", Decimal(sign), f.value, None,
                                f"actual {actual} {words[sign]} {d.measure} {d.value}; "
                                f"the text says {words.get(claimed_sign, claimed_sign)}"))
    return best(outcomes)


def _judge_amount(inp: Inputs, f: Fact, fig: Figure) -> Outcome:
    """A stated amount against every table printing it, once its measure and period match theirs."""
    measure = stated_measure(f)
    if measure in BUDGET_MEASURES and fig.measure not in BUDGET_MEASURES:
        if fig.budget is not None and measure != "项目预算金额":
            values = candidates(fig.budget(inp, f.name))
            if values:
                return best(quote_amount(f.value, v, HALF_UNIT, "text quotes the budget", f.half) for v in values)
        return Outcome("not_applicable", None, f.value,
                       detail=f"the text states a {measure} (“{f.text}”); the tables print the {fig.measure}: "
                              "not the same figure, so not compared")
    if (period := other_period(f, inp.year)) is not None:
        return Outcome("not_applicable", None, f.value,
                       detail=f"the text states the figure of {period}; the tables are of {inp.year}: not compared")
    outcomes: list[Outcome] = []
    for reading in fig.readings(f.section):
        printed: list[tuple[str, Decimal]] = []
        ambiguous = False
        for table, resolver in reading:
            found = resolver(inp, f.name)
            ambiguous |= isinstance(found, list)
            printed += [(table, v) for v in candidates(found)]
        if not printed:
            continue
        if fig.compare == "le":
            outcomes.append(best(part_le_whole(f.value, v, HALF_UNIT, f"a part of {t}'s figure") for t, v in printed))
            continue
        judged = [(t, v, quote_amount(f.value, v, _table_half(inp, t), f"text quotes {t}", f.half)) for t, v in printed]
        if ambiguous:  # one name, several rows (行政运行 under several 款): any of them may be meant
            outcomes.append(best(o for _, _, o in judged))
            continue
        agree = [(t, v, o) for t, v, o in judged if o.status != "fail"]
        differ = [(t, v, o) for t, v, o in judged if o.status == "fail"]
        if agree and differ:
            shown = "; ".join(f"{t} prints {v}" for t, v, _ in judged)
            outcomes.insert(0, Outcome("warn", agree[0][1], f.value, agree[0][2].tolerance,
                                    f"the text quotes {', '.join(t for t, _, _ in agree)}; the tables disagree "
                                    f"among themselves ({shown}): the discrepancy is theirs (see the cross-table checks)"))
        elif agree:
            outcomes.append(max((o for _, _, o in agree), key=lambda o: STATUS_RANK[o.status]))
        else:
            outcomes.append(best(o for _, _, o in differ))
    if not outcomes:
        return Outcome("insufficient_data", None, f.value, detail="the table figure was not found")
    o = best(outcomes)  # a disagreement between printings comes first: on a tie it is the one named
    if o.status == "fail" and not fig.measure_stated and measure is None:
        return Outcome("warn", o.expected, o.actual, o.tolerance,
                       f"{o.detail}; the text (“{f.text}”) does not say whether it states a budget or spending")
    return o


def fact_tables(f: Fact) -> str:
    """The tables a fact's verdict reads (its figure's printings and its share's base)."""
    fig = BY_STEM.get(f.stem)
    if fig is None:
        return ""
    figs = [fig] + ([BY_STEM[b] for b in (fig.share_of, *fig.share_also) if b in BY_STEM]
                    if f.suffix == "share_pct" else [])
    tables = [t for g in figs for reading in g.readings() for t, _ in reading if t in TABLE_KEYS]
    if fig.budget is not None and fig.actual and f.suffix not in ("amount", "share_pct"):
        tables.append(fig.actual[0])
    return ";".join(dict.fromkeys(tables))


def best(outcomes: Iterable[Outcome]) -> Outcome:
    """The kindest verdict among equally legitimate readings (the first on a tie).

    Regions quote a 类 from the 一般公共预算 table or the 支出 table and take shares of either
    total; a figure that agrees with one legitimate reading is not an error.
    """
    outcomes = list(outcomes)
    judged = [o for o in outcomes if o.status in ("pass", "warn", "fail")]
    return min(judged, key=lambda o: STATUS_RANK[o.status]) if judged else outcomes[0]


def _ratio(f: Fact, num: tuple[Decimal, Decimal] | None, den: tuple[Decimal, Decimal] | None,
           what: str) -> Outcome:
    printed = f.value
    if num is None or den is None:
        return Outcome("insufficient_data", None, printed, detail=f"{what}: numerator or denominator not found")
    o = ratio_outcome(printed, num[0], den[0], f"{what} {num[0]}/{den[0]}", num[1], den[1], f.decimals)
    if o is None:
        return Outcome("not_applicable", None, printed,
                       detail=f"{what}: the base is 0, so a percentage of it is undefined ({num[0]}/{den[0]})")
    return o


def _completion(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome:
    """完成X预算的 p%: actual / the budget the text names (年初, 全年, 调整; 预算 alone names any).

    A rate of a zero budget is undefined: printed anyway over a non-zero actual, it `fail`s (0 of 0
    printed 100% is the forms' convention: not_applicable). A rate that misses the budget it names
    but fits another stated budget `fail`s with both shown: the text names the wrong budget.
    """
    actual = amount_with_half(inp, fs, f.stem, f.name, f.index + 1)
    dens = denominators(inp, fs, f)
    if actual is None or not dens:
        return Outcome("insufficient_data", None, f.value, detail="completion: the actual or budget figure was not found")
    claimed = stated_measure(f)
    claimed = claimed if claimed in BUDGET_MEASURES and claimed != "项目预算金额" else "预算数"
    named = [d for d in dens if same_budget(claimed, d.measure)]
    others = [d for d in dens if d not in named]

    def fit(d: Denominator) -> Outcome | None:
        return ratio_outcome(f.value, actual[0], d.value, f"completion {actual[0]}/{d.value} ({d.measure})",
                             actual[1], d.half, f.decimals)

    fits_other = [(d, o) for d in others if (o := fit(d)) is not None and o.status in ("pass", "warn")]
    also = "; ".join(f"it is the rate of {d.source} ({o.expected}%)" for d, o in fits_other)
    if not named:
        return Outcome("insufficient_data", None, f.value,
                       detail=f"the text states no {claimed} to measure “{f.text}” against" + (f"; {also}" if also else ""))
    results = [(d, fit(d)) for d in named]
    judged = [o for _, o in results if o is not None]
    if judged and (ok := best(judged)).status in ("pass", "warn"):
        return ok
    zero = [d for d, o in results if o is None]
    if zero:
        d = zero[0]
        if actual[0] == 0:
            return Outcome("not_applicable", None, f.value,
                           detail=f"0 of a zero {d.measure}: the rate is undefined (printed {f.value}% by convention)")
        detail = (f"a rate of a zero {d.measure} ({d.source}): {actual[0]}/{d.value} is undefined, yet "
                  f"{f.value}% is printed")
        return Outcome("fail", None, f.value, None, f"{detail}; {also}" if also else detail)
    o = best(judged)
    if fits_other:
        return Outcome("fail", o.expected, o.actual, o.tolerance,
                       f"{o.detail}; the text says {claimed} but {also}")
    return o


def _change_pct(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome | None:
    """change % = |change| / base, base = last year's (or the budget): current − signed change.

    A base of zero (current − change ≈ 0: a unit new this year) has no growth rate; one printed
    anyway (增长100%) is a `warn` naming the zero base.
    """
    kind = f.suffix.replace("_pct", "")
    amount = _text_value(fs, f.stem, (f"{kind}_amount",), f.name, f.index)
    if amount is None:
        return None
    direction = _text_value(fs, f.stem, (f"{kind}_direction",), f.name, f.index + 1)
    sign = Decimal(-1) if (direction and direction.value is not None and direction.value < 0) or amount.value < 0 \
        else Decimal(1)
    change = abs(amount.value)
    h_change = amount.half
    if kind == "budget_change" and (b := _text_value(fs, f.stem, ("budget", "full_year_budget"), f.name)) is not None:
        base, h_base = b.value, b.half
    else:
        # the text's own current figure (机关运行经费 may be less than the 公用经费 it is checked
        # against); the table's where the text states none
        stated = _text_value(fs, f.stem, ("amount",), f.name, f.index)
        current = (stated.value, stated.half) if stated else amount_with_half(inp, fs, f.stem, f.name, f.index)
        if current is None:
            return Outcome("insufficient_data", None, f.value, detail="the current figure was not found")
        base, h_base = current[0] - sign * change, current[1] + h_change
    if base - h_base <= 0:
        if kind == "yoy_change" and f.value != 0:
            return Outcome("warn", None, f.value, h_base,
                           f"last year's figure = current − change = {base}, nothing to grow from: a rate from a "
                           f"zero base is undefined, yet {f.value}% is printed")
        return Outcome("not_applicable", None, f.value, detail="the base is 0")
    lo = max(ZERO, change - h_change) / (base + h_base) * 100
    hi = (change + h_change) / (base - h_base) * 100
    return quote_outcome(f.value, lo, hi, f"{change}/{base}", f.decimals, mid=change / base * 100)


# -- rules --------------------------------------------------------------------------------------
def facts_of(inp: Inputs) -> list[Fact]:
    """facts(inp.narrative), parsed once per run."""
    if "facts" not in inp.cache:
        inp.cache["facts"] = facts(inp.narrative)
    return inp.cache["facts"]  # type: ignore[return-value]


def rule_facts(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Every fact with a counterpart, one finding each; the rest listed in narrative.unchecked."""
    fs = facts_of(inp)
    if not fs:
        yield Finding(None, Outcome("insufficient_data", detail="no narrative facts extracted"),
                      check_id="narrative.facts")
        return
    consumed = {k for _, total, parts in SUMS for k in (total, *parts)} | {k for _, p, w in BOUNDS for k in (p, w)}
    consumed.add("project_amount:")
    unchecked: list[str] = []
    for f in fs:
        noted(f)
        o = judge(inp, fs, f)
        if o is None:
            base = f.key.split(":", 1)[0]
            if not (f.suffix in TEXT_ONLY or f.key in TEXT_ONLY or f.key in NONE_STATEMENTS or base in consumed
                    or f"{base}:" in consumed or f.key in consumed or f.suffix.endswith("_direction")
                    or f.suffix.endswith("change_amount")):
                unchecked.append(f.key)
            continue
        quoted = f"“{f.sentence[:80]}”" if f.sentence else ""
        o = Outcome(o.status, o.expected, o.actual, o.tolerance, "; ".join(x for x in (quoted, o.detail) if x))
        zh, en = KIND_WORDS.get(f.suffix, (spec.zh, spec.en))
        yield Finding(None, o, f.page, f.key, check_id=f.check_id, description=f"{zh}（{f.key}） / {en} ({f.key})",
                      tables=fact_tables(f), label_zh=f"{zh}（{f.name}）" if f.name else zh)
    if unchecked:
        yield Finding(None, Outcome("not_applicable", detail="no table or text counterpart: " +
                                    ", ".join(dict.fromkeys(unchecked))), check_id="narrative.unchecked")


def _values(fs: list[Fact], key: str) -> list[Fact]:
    if key.endswith(":"):
        return [noted(f) for f in fs if f.key.startswith(key) and f.value is not None]
    return [noted(f) for f in fs if f.key == key and f.value is not None]


def rule_sums(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Sums the text states (采购 goods + works + services = total; 燃油 + 维修 + 保险 + 其他 = 运行费…).

    Each part is taken once — its statement nearest after the total — and only as an amount (a
    完成预算的% or a 预算数 of the same item is never a part). Where not every part is stated, a sum
    short of the total says so (not_applicable); only parts exceeding it fail.
    """
    fs = facts_of(inp)
    for name, total_key, part_keys in SUMS:
        totals = _values(fs, total_key)
        if not totals:
            continue
        stated = {k: _values(fs, k) for k in part_keys}
        if not any(stated.values()):
            continue
        # the total nearest before the first part is the one the parts break down
        first = min(p.index for ps in stated.values() for p in ps)
        total = ([t for t in totals if t.index < first] or totals)[-1]
        parts: list[Fact] = []
        for k, ps in stated.items():
            if k.endswith(":"):  # named parts (vehicle_count:…): each name once
                by_name: dict[str, Fact] = {}
                for p in sorted(ps, key=lambda p: (p.index < total.index, p.index)):
                    by_name.setdefault(p.key, p)
                parts += by_name.values()
            elif ps:
                parts.append(min(ps, key=lambda p: (p.index < total.index, p.index)))
        missing = [k for k, ps in stated.items() if not ps]
        what = f"{total_key} = {' + '.join(part_keys)}"
        o = sum_outcome(total.value, [p.value for p in parts], HALF_UNIT, what,
                        halves=[total.half, *(p.half for p in parts)])
        if missing and o.status != "pass" and (o.expected or ZERO) < total.value:
            o = Outcome("not_applicable", o.expected, o.actual, o.tolerance,
                        f"{what}: {', '.join(missing)} not stated, so the stated parts may fall short")
        pages = ";".join(dict.fromkeys([total.page, *(p.page for p in parts)]))
        yield Finding(name, o, pages, name)
    project_parts = _values(fs, "project_amount:")
    if project_parts:
        table = Ref("general_budget_expenditure", "project", TOTAL).get(inp) or Ref("expenditure", "project", TOTAL).get(inp)
        o = sum_outcome(table, [p.value for p in project_parts], HALF_UNIT, "项目支出 = Σ listed projects",
                        halves=[HALF_UNIT, *(p.half for p in project_parts)])
        if o.status == "fail" and o.expected is not None and table is not None and o.expected < table:
            # 项目支出主要用于…: the list may name the main projects only — short of the total is no error
            o = Outcome("warn", o.expected, o.actual, o.tolerance,
                        f"{o.detail}; the listed projects add up to less than 项目支出 (主要用于 may list the main ones)")
        yield Finding("project_list", o, ";".join(dict.fromkeys(p.page for p in project_parts)), "project_list")
    for name, part_key, whole_key in BOUNDS:
        part, whole = _values(fs, part_key), _values(fs, whole_key)
        if part and whole:
            o = part_le_whole(part[0].value, whole[0].value, HALF_UNIT, f"{part_key} ≤ {whole_key}")
            yield Finding(name, o, ";".join(dict.fromkeys([part[0].page, whole[0].page])), name)


def rule_none_statements(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """本部门当年无政府性基金… ↔ the table is printed empty (or all zero)."""
    fs = facts_of(inp)
    for key, table in NONE_STATEMENTS.items():
        stated = [f for f in fs if f.key == key]
        if not stated:
            continue
        noted(stated[0])
        status = inp.status(table)
        figures = [v for r in inp.rows(table) for c in r.values if (v := r.get(c))]  # read: the evidence
        if status == "missing":
            o = Outcome("insufficient_data", detail=f"table {table} not found")
        elif figures:
            o = Outcome("fail", ZERO, sum(figures, ZERO), detail=f"the text says none, but {table} prints figures")
        else:
            o = Outcome("pass", ZERO, ZERO, detail=f"{table} is {'printed empty' if status == 'empty' else 'all zero'}")
        yield Finding(key, o, stated[0].page, key)


register(CheckSpec("narrative.fact", "narrative", "说明中的数字与表格一致", "a figure stated in the text agrees with the tables",
                   (), rule_facts))
register(CheckSpec("narrative.sum", "narrative", "说明中列举的分项之和 = 总数", "parts listed in the text add up to the stated total",
                   (), rule_sums))
register(CheckSpec("narrative.none", "narrative", "说明称“无”的表格确实无数", "a table the text says is nil prints no figures",
                   (), rule_none_statements))

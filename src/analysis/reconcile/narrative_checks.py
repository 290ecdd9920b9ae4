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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..domain import PERSONNEL_CLASSES, PUBLIC_CLASSES, WANYUAN_PER_UNIT
from .cross_checks import TOTAL, Ref
from .evidence import Ref as Read
from .evidence import note
from .frames import INCOME_TOTAL, SPEND_TOTAL, Inputs, class_key, norm_label
from .performance_checks import headers_of, is_department_scope
from .registry import CheckSpec, Finding, register
from .verdict import (
    HALF_UNIT,
    STATUS_RANK,
    ZERO,
    Outcome,
    dec,
    decimals_of,
    part_le_whole,
    quote_outcome,
    ratio_interval,
    sum_outcome,
)

# A resolver finds a subject's figure in the tables: one value, None, or (a name shared by several
# rows) the list of candidates.
Resolver = Callable[[Inputs, str], "Decimal | list[Decimal] | None"]


def candidates(found: Decimal | list[Decimal] | None) -> list[Decimal]:
    return found if isinstance(found, list) else ([] if found is None else [found])


def _total(table: str, column: str) -> Resolver:
    return lambda inp, name: Ref(table, column, TOTAL).get(inp)


def _line(table: str, column: str, pattern: str, side: str) -> Resolver:
    return lambda inp, name: Ref(table, column, pattern, side=side).get(inp)


def _three_public(column: str) -> Resolver:
    def get(inp: Inputs, name: str) -> Decimal | None:
        if inp.status("three_public") == "empty":
            return ZERO
        values = [r.get(column) for r in inp.rows("three_public") if r.values]
        if inp.status("three_public") == "extracted" and values:
            return next((v for v in values if v is not None), ZERO)  # blank = nothing spent
        return None
    return get


def _group(label: str, classes: tuple[str, ...]) -> Resolver:
    def get(inp: Inputs, name: str) -> Decimal | None:
        row = inp.find("basic_expenditure", label)
        if row is not None:
            return row.get("amount")
        rows = [inp.row("basic_expenditure", c) for c in classes]
        return sum((r.get("amount") or ZERO for r in rows if r), ZERO) if any(rows) else None
    return get


def _coded(table: str, level: tuple[int, ...], key: Callable[[object], str]) -> Resolver:
    """A 类 (or 款/项) row of a coded table by name (exact, else one name prefixing the other)."""
    def get(inp: Inputs, name: str) -> Decimal | None:
        rows = [r for r in inp.rows(table) if len(r.code) in level]
        want = key(name)
        hits = [r for r in rows if key(r.item) == want]
        if not hits and len(want) >= 4:
            near = [r for r in rows if key(r.item).startswith(want) or (len(key(r.item)) >= 4 and want.startswith(key(r.item)))]
            hits = near if len(near) == 1 else []
        values = [v for r in hits if (v := r.get("total")) is not None]
        # 行政运行 is a 项 of several 款: the text names the 项 only, so any of them may be meant
        return values if len(values) > 1 else (values[0] if values else None)
    return get


def _fund(table: str, column: str) -> Resolver:
    def get(inp: Inputs, name: str) -> Decimal | None:
        if inp.status(table) == "empty":
            return ZERO
        return Ref("fiscal_summary", column, SPEND_TOTAL, side="expenditure").get(inp)
    return get


def _perf(field: str) -> Resolver:
    """A 自评表 header figure: the named project's, or (no name) the 部门整体 table's."""
    def get(inp: Inputs, name: str) -> Decimal | None:
        for h in headers_of(inp):
            if (name and (name in h.scope or h.scope in name)) or \
                    (not name and is_department_scope(h.scope, inp.department)):
                return getattr(h, field)
        return None
    return get


@dataclass(frozen=True)
class Figure:
    """A narrative subject and its counterpart: the amount (and budget) in the tables.

    share_of: the stem whose amount a ``<stem>_share_pct`` is a share of. compare: "equal", or
    "le" where the text's figure is only part of the table's (机关运行经费 ≤ 公用经费).
    """

    stem: str
    amount_keys: tuple[str, ...]
    actual: Resolver | None = None
    budget: Resolver | None = None
    share_of: str | None = None
    compare: str = "equal"
    named: bool = False
    also: tuple[Resolver, ...] = ()  # other tables printing the same figure (一般公共预算表, else 支出表)
    share_also: tuple[str, ...] = ()  # other bases a region may take the share of  # keys carry a name (class_amount:卫生健康); unnamed stems ignore list items


FIGURES: tuple[Figure, ...] = (
    Figure("", ("income_expenditure_total",), _line("summary", "amount", "^总计$", "income"),
           also=(_line("summary", "amount", INCOME_TOTAL, "income"),)),
    Figure("income", ("total_income",), _total("income", "total")),
    Figure("expenditure", ("total_expenditure",), _total("expenditure", "total")),
    Figure("fiscal", ("fiscal_total",), _line("fiscal_summary", "amount", "^总计$", "income"),
           also=(_line("fiscal_summary", "amount", INCOME_TOTAL, "income"),
                 _line("fiscal_summary", "total", SPEND_TOTAL, "expenditure"))),
    Figure("fiscal_income", ("fiscal_income",), _total("income", "fiscal"), share_of="income"),
    Figure("general_budget_income", ("general_budget_income",),
           _line("fiscal_summary", "amount", "^一般公共预算财政拨款(收入)?$", "income"), share_of="income",
           also=(_line("summary", "amount", "^一般公共预算财政拨款(收入)?$", "income"),)),
    Figure("superior_subsidy_income", ("superior_subsidy_income",), _total("income", "superior_subsidy"),
           share_of="income"),
    Figure("business_income", ("business_income",), _total("income", "business"), share_of="income"),
    Figure("operating_income", ("operating_income",), _total("income", "operating"), share_of="income"),
    Figure("other_income", ("other_income",), _total("income", "other"), share_of="income"),
    Figure("general_budget", ("general_budget_expenditure",), _total("general_budget_expenditure", "total"),
           share_of="expenditure"),
    Figure("gov_fund", ("gov_fund_expenditure",), _fund("gov_fund", "gov_fund"), share_of="expenditure"),
    Figure("soe_capital", ("soe_capital_expenditure",), _fund("soe_capital", "soe_capital"),
           share_of="expenditure"),
    Figure("basic", ("basic_expenditure",), _total("expenditure", "basic"), share_of="expenditure",
           share_also=("general_budget",)),
    Figure("project", ("project_expenditure",), _total("expenditure", "project"), share_of="expenditure",
           share_also=("general_budget",)),
    Figure("operating", ("operating_expenditure",), _total("expenditure", "operating"), share_of="expenditure"),
    Figure("general_budget_basic", ("general_budget_basic_expenditure",),
           _total("general_budget_expenditure", "basic")),
    Figure("personnel", ("personnel_expenditure",), _group("^人员经费(合计)?$", PERSONNEL_CLASSES),
           share_of="general_budget_basic", share_also=("basic",)),
    Figure("public", ("public_expenditure",), _group("^公用经费(合计)?$", PUBLIC_CLASSES),
           share_of="general_budget_basic", share_also=("basic",)),
    Figure("class", ("class_amount",), _coded("general_budget_expenditure", (3,), class_key),
           share_of="general_budget", named=True, also=(_coded("expenditure", (3,), class_key),),
           share_also=("expenditure",)),
    Figure("item", ("item_amount",), _coded("general_budget_expenditure", (5, 7), norm_label), named=True,
           also=(_coded("expenditure", (5, 7), norm_label),)),
    Figure("three_public", ("three_public_actual",), _three_public("actual_total"), _three_public("budget_total")),
    Figure("abroad", ("abroad_actual",), _three_public("actual_abroad"), _three_public("budget_abroad")),
    Figure("vehicle", ("vehicle_actual",), _three_public("actual_vehicle"), _three_public("budget_vehicle")),
    Figure("vehicle_purchase", ("vehicle_purchase_actual",), _three_public("actual_vehicle_purchase"),
           _three_public("budget_vehicle_purchase")),
    Figure("vehicle_operation", ("vehicle_operation_actual",), _three_public("actual_vehicle_operation"),
           _three_public("budget_vehicle_operation")),
    Figure("reception", ("reception_actual",), _three_public("actual_reception"), _three_public("budget_reception")),
    Figure("agency_operating_cost", ("agency_operating_cost",), _group("^公用经费(合计)?$", PUBLIC_CLASSES),
           compare="le"),
    Figure("perf_self_eval", ("perf_self_eval_amount",), _total("general_budget_expenditure", "project"),
           share_of="project", compare="le"),
    Figure("perf_department", ("perf_department_amount",), _perf("b")),
    Figure("perf_project", ("perf_project_amount",), _perf("b"), _perf("a"), named=True),
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

    @property
    def check_id(self) -> str:
        base = self.key.split(":", 1)[0]
        subject = self.name + (f"#{self.occurrence}" if self.occurrence > 1 else "")
        return f"narrative.{base}" + (f"[{subject}]" if subject else "")


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


def facts(narrative: pd.DataFrame) -> list[Fact]:
    """The narrative frame as parsed facts, money in 万元, in printed order."""
    if narrative is None or not len(narrative) or "fact" not in narrative:
        return []
    out: list[Fact] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(narrative.itertuples(index=False)):
        key = str(getattr(row, "fact", "") or "")
        value = dec(getattr(row, "value", None))
        unit = str(getattr(row, "unit", "") or "")
        if value is not None and unit in WANYUAN_PER_UNIT:  # a hand-written frame may keep 元
            value = value * WANYUAN_PER_UNIT[unit]
        stem, suffix, name = split_key(key)
        seen[key] = seen.get(key, 0) + 1
        page = getattr(row, "page", "")
        page = "" if page is None or (isinstance(page, float) and page != page) else str(int(float(page)))
        out.append(Fact(i, key, stem, suffix, name, value, page, str(getattr(row, "sentence", "") or ""),
                        seen[key]))
    return out


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


def table_amount(inp: Inputs, stem: str, name: str) -> Decimal | None:
    fig = BY_STEM.get(stem)
    found = candidates(fig.actual(inp, name)) if fig and fig.actual else []
    return found[0] if len(found) == 1 else None  # ambiguous: let the text's own figure stand in


def amount_of(inp: Inputs, fs: list[Fact], stem: str, name: str, before: int | None = None) -> Decimal | None:
    """A subject's amount: the table's figure, else what the text states."""
    v = table_amount(inp, stem, name)
    if v is not None:
        return v
    f = _text_value(fs, stem, ("amount",), name, before)
    return f.value if f else None


def budget_of(inp: Inputs, fs: list[Fact], stem: str, name: str, before: int | None = None) -> Decimal | None:
    fig = BY_STEM.get(stem)
    found = candidates(fig.budget(inp, name)) if fig and fig.budget else []
    if len(found) == 1:
        return found[0]
    f = _text_value(fs, stem, ("budget", "full_year_budget"), name, before)
    return f.value if f else None


def _half(value: Decimal) -> Decimal:
    """Half a unit of the printed value's last decimal (259.4 → 0.05), at least HALF_UNIT."""
    return max(HALF_UNIT, Decimal("0.5") * Decimal(1).scaleb(-decimals_of(value)))


# -- one fact -----------------------------------------------------------------------------------
def judge(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome | None:
    """The verdict on one stated figure, or None when nothing can prove it."""
    fig = BY_STEM.get(f.stem)
    if f.value is None or (fig is not None and f.name and not fig.named):
        return None  # a list item (project_amount:…) is judged by its list's sum
    if f.suffix == "amount":
        if fig is None or fig.actual is None:
            return None
        values = [v for r in (fig.actual, *fig.also) for v in candidates(r(inp, f.name))]
        if not values:
            return Outcome("insufficient_data", None, f.value, detail="the table figure was not found")
        if fig.compare == "le":
            return best(part_le_whole(f.value, v, HALF_UNIT, "a part of the table figure") for v in values)
        return best(quote_outcome(f.value, v, v, "text quotes the table") for v in values)
    if f.suffix in ("budget", "full_year_budget"):
        if fig is None or fig.budget is None:
            return None
        values = candidates(fig.budget(inp, f.name))
        if not values:
            return Outcome("insufficient_data", None, f.value, detail="the budget figure was not found")
        return best(quote_outcome(f.value, v, v, "text quotes the budget") for v in values)
    if f.suffix == "share_pct":
        if fig is None or fig.share_of is None:
            return None
        num = amount_of(inp, fs, f.stem, f.name, f.index + 1)
        return best(_ratio(f.value, num, amount_of(inp, fs, base, "", f.index + 1), f"share of {base or 'total'}")
                    for base in (fig.share_of, *fig.share_also))
    if f.suffix == "completion_pct":
        actual = amount_of(inp, fs, f.stem, f.name, f.index + 1)
        budget = budget_of(inp, fs, f.stem, f.name, f.index + 1)
        return _ratio(f.value, actual, budget, "completion")
    if f.suffix in ("yoy_change_pct", "budget_change_pct"):
        return _change_pct(inp, fs, f)
    if f.suffix in ("budget_change_amount", "actual_vs_budget", "budget_change_direction"):
        has_budget = (fig is not None and fig.budget is not None) or \
            _text_value(fs, f.stem, ("budget", "full_year_budget"), f.name) is not None
        if not has_budget:
            return None
        actual = amount_of(inp, fs, f.stem, f.name, f.index + 1)
        budget = budget_of(inp, fs, f.stem, f.name, f.index + 1)
        if actual is None or budget is None:
            return Outcome("insufficient_data", None, f.value, detail="the budget or actual figure was not found")
    if f.suffix == "budget_change_amount":
        diff = abs(budget - actual)
        return quote_outcome(f.value, diff - 2 * HALF_UNIT, diff + 2 * HALF_UNIT, "budget − actual")
    if f.suffix in ("actual_vs_budget", "budget_change_direction"):
        sign = (actual > budget) - (actual < budget)
        words = {1: "大于", 0: "等于", -1: "小于"}
        claimed = int(f.value)
        status = "pass" if claimed == sign else "fail"
        return Outcome(status, Decimal(sign), f.value, None,
                       f"actual {actual} {words[sign]} budget {budget}; the text says {words.get(claimed, claimed)}")
    return None


def best(outcomes: Iterable[Outcome]) -> Outcome:
    """The kindest verdict among equally legitimate readings (the first on a tie).

    Regions quote a 类 from the 一般公共预算 table or the 支出 table and take shares of either
    total; a figure that agrees with one legitimate reading is not an error.
    """
    outcomes = list(outcomes)
    judged = [o for o in outcomes if o.status in ("pass", "warn", "fail")]
    return min(judged, key=lambda o: STATUS_RANK[o.status]) if judged else outcomes[0]


def _ratio(printed: Decimal, num: Decimal | None, den: Decimal | None, what: str) -> Outcome:
    if num is None or den is None:
        return Outcome("insufficient_data", None, printed, detail=f"{what}: numerator or denominator not found")
    interval = ratio_interval(num, den)
    if interval is None:
        return Outcome("not_applicable", None, printed,
                       detail=f"{what}: the base is 0, so a percentage of it is undefined ({num}/{den})")
    return quote_outcome(printed, *interval, f"{what} {num}/{den}")


def _change_pct(inp: Inputs, fs: list[Fact], f: Fact) -> Outcome | None:
    """change % = |change| / base, base = last year's (or the budget): current − signed change."""
    kind = f.suffix.replace("_pct", "")
    amount = _text_value(fs, f.stem, (f"{kind}_amount",), f.name, f.index)
    if amount is None:
        return None
    direction = _text_value(fs, f.stem, (f"{kind}_direction",), f.name, f.index + 1)
    sign = Decimal(-1) if (direction and direction.value is not None and direction.value < 0) or amount.value < 0 \
        else Decimal(1)
    change = abs(amount.value)
    h_change = _half(amount.value)
    if kind == "budget_change" and (b := _text_value(fs, f.stem, ("budget", "full_year_budget"), f.name)) is not None:
        base, h_base = b.value, _half(b.value)
    else:
        # the text's own current figure (机关运行经费 may be less than the 公用经费 it is checked
        # against); the table's where the text states none
        stated = _text_value(fs, f.stem, ("amount",), f.name, f.index)
        current = stated.value if stated else amount_of(inp, fs, f.stem, f.name, f.index)
        if current is None:
            return Outcome("insufficient_data", None, f.value, detail="the current figure was not found")
        base, h_base = current - sign * change, HALF_UNIT + h_change
    if base - h_base <= 0:
        return Outcome("not_applicable", None, f.value, detail="the base is 0")
    lo = max(ZERO, change - h_change) / (base + h_base) * 100
    hi = (change + h_change) / (base - h_base) * 100
    return quote_outcome(f.value, lo, hi, f"{change}/{base}")


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
                      label_zh=f"{zh}（{f.name}）" if f.name else zh)
    if unchecked:
        yield Finding(None, Outcome("not_applicable", detail="no table or text counterpart: " +
                                    ", ".join(dict.fromkeys(unchecked))), check_id="narrative.unchecked")


def _values(fs: list[Fact], key: str) -> list[Fact]:
    if key.endswith(":"):
        return [noted(f) for f in fs if f.key.startswith(key) and f.value is not None]
    return [noted(f) for f in fs if f.key == key and f.value is not None]


def rule_sums(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Sums the text states (采购 goods + works + services = total; 燃油 + 维修 + 保险 + 其他 = 运行费…)."""
    fs = facts_of(inp)
    for name, total_key, part_keys in SUMS:
        totals = _values(fs, total_key)
        parts = [f for k in part_keys for f in _values(fs, k)]
        if not totals or not parts:
            continue
        # the total nearest before the first part is the one the parts break down
        first = min(p.index for p in parts)
        total = ([t for t in totals if t.index < first] or totals)[-1]
        o = sum_outcome(total.value, [p.value for p in parts], HALF_UNIT, f"{total_key} = {' + '.join(part_keys)}")
        pages = ";".join(dict.fromkeys([total.page, *(p.page for p in parts)]))
        yield Finding(name, o, pages, name)
    project_parts = _values(fs, "project_amount:")
    if project_parts:
        table = Ref("general_budget_expenditure", "project", TOTAL).get(inp) or Ref("expenditure", "project", TOTAL).get(inp)
        o = sum_outcome(table, [p.value for p in project_parts], HALF_UNIT, "项目支出 = Σ listed projects")
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

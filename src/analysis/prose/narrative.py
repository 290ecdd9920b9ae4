"""Figures stated in the explanatory text (情况说明) → narrative.csv facts, plus a coverage list.

Why it is built this way: the reports of one family say the same things in many wordings
(收、支总计 / 收入支出总计; 年初预算 / 全年预算; 1、 / 1.), so nothing here is one regex per
sentence. A sentence is read number by number. For each printed number the text just before it
(its *cue*) is matched against two tables of data:

* `SUBJECTS` — what the sentence is about (收入合计, 基本支出, “三公”经费…, or a dynamic one such
  as 一般公共服务（类）). A subject gives the key of a bare amount (``total_income``) and the stem
  of the derived keys (``basic`` → ``basic_share_pct``). It carries over to following
  sentences until a heading or another subject replaces it, so 1.一般公共服务（类）支出。年初预算为…
  still knows what the budget belongs to.
* `CUES` — what kind of figure follows (占…的 → share; 增加/减少 → change amount; 完成…预算的 →
  completion; 全年预算为 → full-year budget…), producing the key suffix.

Whole-sentence patterns (`LISTS`, `DIRECTIONS`, `NONE_STATEMENTS`, `PLACEHOLDERS`, reasons) are
data too. A new region's wording is a new row in one of these tables.

Keys: ``<stem>_<suffix>`` with an optional ``:<name>`` for dynamic subjects
(``class_share_pct:社会保障和就业``, ``item_full_year_budget:行政运行``,
``project_amount:党委督查工作项目``). Changes are ``yoy_change_*`` when compared with a year and
``budget_change_*`` when compared with a budget; ``*_direction`` facts carry +1 增加 / −1 减少 /
0 持平 as the value and the word in ``text``. Text facts (reasons, placeholders) have an empty
value and the words in ``text``.

Output columns: NARRATIVE_COLUMNS first, then ``text`` (the qualifier or the words of a text
fact) and ``section`` (the heading the sentence sits under).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..document.pdfdoc import open_report
from ..catalogue import CATALOGUE, NARRATIVE_COLUMNS, conform
from .performance import performance_of
from .sentences import ITEM_START, NUMBER, Pages, Sentence, parse_number, sentences, to_wanyuan

EXTRA_COLUMNS = ["text", "section"]
FACT_COLUMNS = NARRATIVE_COLUMNS + EXTRA_COLUMNS
UNCOVERED_COLUMNS = CATALOGUE["uncovered"].column_list
"""One row per printed figure of the narrative that is not a fact: where, what, and why not.

``explained`` rows are figures that are not fiscal facts by design (a count of work done, a
result in a 绩效 section, a number inside a stated reason); an unexplained row is a printed
amount or percentage no pattern could read, which puts the department up for review."""

REASON_NO_PATTERN = "no pattern names this amount or percentage"
REASON_HEADING = "an amount or percentage in a heading"
REASON_IN_REASON = "part of a stated reason (read as its text)"
REASON_COUNT = "a count or score, not an amount or percentage"
REASON_PERFORMANCE = "a result of work (a 绩效 or 重点工作 section), not a fiscal figure"
PERFORMANCE_SECTION = re.compile(r"绩效|自评|重点工作|工作完成|工作情况")
"""Parts and sections whose percentages are results of work (报备率达100%), not shares of spending."""

# --------------------------------------------------------------------------------------------
# Where the narrative is
# --------------------------------------------------------------------------------------------

REGION_STARTS = [
    re.compile(r"^第[一二三四五六七八九十]+部分.{0,40}(?:情况说明|决算情况)"),
    re.compile(r"^(?:一、)?收入支出决算总体情况说明$"),
]
"""Where the narrative begins, most specific first: 第三部分 …决算情况说明, else its first section."""
REGION_END = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?:名词解释|附件|附表)")
TOC_PAGE = re.compile(r"目\s*录")


def _region(pages: Pages, start: re.Pattern[str]) -> Pages:
    out: Pages = []
    inside = False
    for page_no, text in pages:
        if not inside and TOC_PAGE.search(text):
            continue
        kept: list[str] = []
        for line in text.splitlines():
            squeezed = re.sub(r"\s+", "", line)
            if not inside and start.search(squeezed):
                inside = True
            elif inside and REGION_END.search(squeezed):
                if kept:
                    out.append((page_no, "\n".join(kept)))
                return out
            if inside:
                kept.append(line)
        if kept:
            out.append((page_no, "\n".join(kept)))
    return out


def narrative_pages(pages: Pages) -> Pages:
    """The pages (trimmed to the lines) from 第X部分 …情况说明 up to 名词解释 / 附件.

    A table of contents repeats both headings, so pages with 目录 are never a start. When no
    start heading is found the whole document is read: a region without the usual headings
    still yields its facts, and coverage shows what was missed.
    """
    for start in REGION_STARTS:
        found = _region(pages, start)
        if found:
            return found
    return pages


# --------------------------------------------------------------------------------------------
# The data: subjects, cues, whole-sentence patterns
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What a figure is about. ``amount`` is the key of a bare amount after the label; ``stem``
    prefixes the derived keys. A pattern with a ``name`` group makes a dynamic subject."""

    pattern: str
    amount: str
    stem: str
    units: tuple[str, ...] = ("万元",)


MONEY = "万元"
VEHICLES = ("辆",)
EQUIPMENT = ("台（套）", "台", "套")
COUNT = ("个", "项")

# The 类 of the functional classification of expenditure (支出功能分类), with the names older reports use.
FUNCTION_CLASSES = (
    "一般公共服务", "外交", "国防", "公共安全", "教育", "科学技术", "文化旅游体育与传媒", "文化体育与传媒",
    "社会保障和就业", "卫生健康", "医疗卫生与计划生育", "医疗卫生", "节能环保", "城乡社区", "农林水",
    "交通运输", "资源勘探工业信息等", "资源勘探信息等", "商业服务业等", "金融", "援助其他地区",
    "自然资源海洋气象等", "国土海洋气象等", "住房保障", "粮油物资储备", "灾害防治及应急管理",
)

SUBJECTS: list[Subject] = [
    # totals and their parts
    Subject(r"财政拨款收、?支总计|财政拨款收入支出总计", "fiscal_total", "fiscal"),
    Subject(r"收、?支总计|收入支出总计|收入总计|支出总计", "income_expenditure_total", ""),
    Subject(r"(?:本年)?收入合计", "total_income", "income"),
    Subject(r"(?:本年)?支出合计", "total_expenditure", "expenditure"),
    Subject(r"一般公共预算财政拨款收入", "general_budget_income", "general_budget_income"),
    Subject(r"政府性基金预算财政拨款收入", "gov_fund_income", "gov_fund_income"),
    Subject(r"国有资本经营预算财政拨款收入", "soe_capital_income", "soe_capital_income"),
    Subject(r"财政拨款收入", "fiscal_income", "fiscal_income"),
    Subject(r"上级补助收入", "superior_subsidy_income", "superior_subsidy_income"),
    Subject(r"事业收入", "business_income", "business_income"),
    Subject(r"经营收入", "operating_income", "operating_income"),
    Subject(r"其他收入", "other_income", "other_income"),
    Subject(r"附属单位上缴收入", "subsidiary_remit_income", "subsidiary_remit_income"),
    Subject(r"使用非财政拨款结余", "non_fiscal_balance_used", "non_fiscal_balance_used"),
    Subject(r"年初结转和结余", "opening_balance", "opening_balance"),
    Subject(r"年末结转和结余", "closing_balance", "closing_balance"),
    Subject(r"结余分配", "balance_distribution", "balance_distribution"),
    Subject(r"一般公共预算财政拨款基本支出", "general_budget_basic_expenditure",
            "general_budget_basic"),
    Subject(r"一般公共预算财政拨款支出", "general_budget_expenditure", "general_budget"),
    Subject(r"政府性基金预算财政拨款支出", "gov_fund_expenditure", "gov_fund"),
    Subject(r"国有资本经营预算财政拨款支出", "soe_capital_expenditure", "soe_capital"),
    Subject(r"基本支出", "basic_expenditure", "basic"),
    Subject(r"项目支出(?:总额)?", "project_expenditure", "project"),
    Subject(r"经营支出", "operating_expenditure", "operating"),
    Subject(r"上缴上级支出", "remit_superior_expenditure", "remit_superior"),
    Subject(r"对附属单位补助支出", "subsidy_subsidiary_expenditure", "subsidy_subsidiary"),
    Subject(r"人员经费", "personnel_expenditure", "personnel"),
    Subject(r"公用经费", "public_expenditure", "public"),
    # 类 / 款 / 项 named in the text: 一般公共服务（类）支出, 社会工作事务（款）行政运行（项）
    Subject(r"(?P<cls>[\u4e00-\u9fff]{2,20}?)(?:支出)?（类）(?:支出)?"
            r"(?:(?P<kuan>(?:[^，。；：（）\d]|（[^类款项）]{1,3}）)+?)（款）)?"
            r"(?:(?P<xiang>(?:[^，。；：（）\d]|（[^类款项）]{1,3}）)+?)（项）)?(?:支出)?",
            "{level}_amount", "{level}"),
    # a 类 named without its （类） mark: 一般公共服务支出2106.66万元 (the 类 of 支出功能分类, old names too)
    # only where the name starts a phrase: 职业教育支出 is a 款, not the 类 教育
    Subject(r"(?:^|(?<=[：:，,；;、。.．）)\d\s])|(?<=其中)|(?<=用于)|(?<=包括))"
            r"(?P<cls>" + "|".join(FUNCTION_CLASSES) + r")支出(?!（类）)", "{level}_amount", "{level}"),
    # “三公” and vehicles
    Subject(r"“?三公”?经费(?:财政拨款)?(?:支出)?", "three_public_actual", "three_public"),
    Subject(r"因公出国（境）费(?:用)?(?:支出)?", "abroad_actual", "abroad"),
    Subject(r"公务用车购置及运行(?:维护)?费(?:支出)?", "vehicle_actual", "vehicle"),
    Subject(r"公务用车购置(?:费|支出)", "vehicle_purchase_actual", "vehicle_purchase"),
    Subject(r"公务用车运行(?:维护)?(?:费|支出)", "vehicle_operation_actual", "vehicle_operation"),
    Subject(r"(?:国内)?公务接待(?:费)?(?:支出)?", "reception_actual", "reception"),
    Subject(r"外宾接待支出", "reception_foreign_actual", "reception_foreign"),
    Subject(r"燃油费|燃料费", "vehicle_fuel", "vehicle_fuel"),
    Subject(r"维修费", "vehicle_repair", "vehicle_repair"),
    Subject(r"保险费", "vehicle_insurance", "vehicle_insurance"),
    Subject(r"其他交通费(?:用)?", "vehicle_other", "vehicle_other"),
    Subject(r"公务用车保有量(?:为)?", "three_public_vehicle_count", "three_public_vehicle_count",
            VEHICLES),
    # 机关运行经费
    Subject(r"机关运行经费(?:支出)?", "agency_operating_cost", "agency_operating_cost"),
    # 政府采购
    Subject(r"政府采购(?:支出总额|支出|金额|总额)(?:（以合同签订为准）)?",
            "procurement_total", "procurement"),
    Subject(r"(?:政府采购)?货物(?:采购)?(?:支出|金额)", "procurement_goods", "procurement_goods"),
    Subject(r"(?:政府采购)?工程(?:采购)?(?:支出|金额)", "procurement_works", "procurement_works"),
    # not the 类 一般公共服务支出 / 商业服务业等支出
    Subject(r"(?:政府采购)?(?<!公共)(?<!商业)服务(?:采购)?(?:支出|金额)", "procurement_services",
            "procurement_services"),
    Subject(r"授予中小企业合同金额", "procurement_sme", "procurement_sme"),
    Subject(r"授予小微企业合同金额", "procurement_micro", "procurement_micro"),
    Subject(r"货物采购授予中小企业合同金额", "procurement_goods_sme", "procurement_goods_sme"),
    Subject(r"工程采购授予中小企业合同金额", "procurement_works_sme", "procurement_works_sme"),
    Subject(r"服务采购授予中小企业合同金额", "procurement_services_sme",
            "procurement_services_sme"),
    Subject(r"面向中小企业预留政府采购项目预算金额", "procurement_sme_reserved",
            "procurement_sme_reserved"),
    Subject(r"面向小微企业预留政府采购项目预算金额", "procurement_micro_reserved",
            "procurement_micro_reserved"),
    Subject(r"面向中小企业预留的?政府采购项目中，由中小企业供应商中标或成交的，采购金额",
            "procurement_sme_reserved_awarded", "procurement_sme_reserved_awarded"),
    Subject(r"面向小微企业预留的?政府采购项目中，由小微企业供应商中标或成交的，采购金额",
            "procurement_micro_reserved_awarded", "procurement_micro_reserved_awarded"),
    Subject(r"其他政府采购项目中，由中小企业供应商中标或成交的，采购金额",
            "procurement_other_sme_awarded", "procurement_other_sme_awarded"),
    # 国有资产
    Subject(r"共有车辆", "vehicle_count", "vehicle_count", VEHICLES),
    Subject(r"(?P<name>(?:[\u4e00-\u9fff]|[（(][\u4e00-\u9fff]{1,3}[）)]){2,16}用车)",
            "vehicle_count:{name}", "vehicle_count", VEHICLES),
    Subject(r"（不含车辆）", "large_equipment_count", "large_equipment", EQUIPMENT),
    Subject(r"单价[^，。；]{0,20}?以上的?(?P<name>[\u4e00-\u9fff]{2,8}设备)",
            "large_equipment_count:{name}", "large_equipment", EQUIPMENT),
    # 预算绩效
    Subject(r"绩效自评[^。]{0,6}共涉及(?:项目)?", "perf_self_eval_project_count", "perf_self_eval", COUNT),
    Subject(r"绩效自评的(?:\d{4}年度)?项目", "perf_self_eval_project_count", "perf_self_eval", COUNT),
    Subject(r"编报绩效目标的(?:\d{4}年度)?项目", "perf_target_project_count", "perf_target", COUNT),
    Subject(r"绩效跟踪评价的(?:\d{4}年度)?项目", "perf_tracking_project_count", "perf_tracking", COUNT),
    Subject(r"整体支出绩效自评", "perf_department_amount", "perf_department"),
    Subject(r"共涉及", "perf_level1_project_count", "perf_level1_project", COUNT),
    Subject(r"(?P<name>[^，。；：]{2,30}?)绩效自评综述", "perf_project_amount:{name}",
            "perf_project"),
    Subject(r"绩效评级为“(?P<name>[^”]{1,4})”的项目", "perf_rating_count:{name}", "perf_rating", COUNT),
    Subject(r"绩效自评中共发现问题", "perf_problem_count", "perf_problem", COUNT),
    Subject(r"已经?完成整改的", "perf_problem_fixed_count", "perf_problem_fixed", COUNT),
    Subject(r"正在整改的", "perf_problem_fixing_count", "perf_problem_fixing", COUNT),
]


@dataclass(frozen=True)
class Cue:
    """The words right before a number that say what kind of figure it is (anchored at the
    number). ``units`` limits a cue to money or percent; ``change`` marks a change cue, whose
    comparison (a year or a budget) is read from the sentence; ``stems`` limits a cue to some
    subjects (a bare 120人次 is a count of receptions only after 公务接待)."""

    pattern: str
    suffix: str
    units: tuple[str, ...] = ()
    change: bool = False
    stems: tuple[str, ...] = ()


PCT = ("%",)
AMOUNT = (MONEY,)

CUES: list[Cue] = [
    Cue(r"完成(?:年初|全年|调整)?预算(?:数)?的", "completion_pct", PCT),
    Cue(r"(?:预算)?执行率(?:为|是|达)?", "completion_pct", PCT),
    Cue(r"占[^，。；]{0,30}?(?:的)?(?:比(?:重|例)(?:为)?)?", "share_pct", PCT),
    Cue(r"(?:增加|减少|增长|下降|降低|上升|节约|超支)(?:了)?", "change_pct", PCT, True),
    Cue(r"(?:增加|减少|增长|下降|降低|上升|节约|超支)(?:了)?", "change_amount", AMOUNT, True),
    Cue(r"全年预算(?:数)?(?:为|是)?", "full_year_budget", AMOUNT),
    Cue(r"调整(?:后)?预算(?:数)?(?:为|是)?", "full_year_budget", AMOUNT),
    Cue(r"(?:年初)?预算(?:数)?(?:为|是)?", "budget", AMOUNT),
    Cue(r"(?:支出)?(?:决算|执行)(?:数)?(?:为|是)?", "actual", AMOUNT),
    Cue(r"(?:涉及)?(?:预算)?(?:资金|金额)(?:为|是|共计|合计)?", "amount", AMOUNT),
    Cue(r"平均得分", "average_score", ("分",)),
    Cue(r"(?:接待)?", "batches", ("批次", "批"), stems=("reception", "reception_foreign")),
    Cue(r"(?:接待)?", "person_times", ("人次",), stems=("reception", "reception_foreign")),
]

BARE_TAIL = re.compile(r"^(?:[为是：:]|共计?|合计|总额|支出)*$")
"""What may sit between a subject label and its own amount (收入合计为 1132.98万元)."""

DIRECTION_WORDS = {
    "增加": 1, "增长": 1, "上升": 1, "超支": 1, "大于": 1, "高于": 1,
    "减少": -1, "下降": -1, "降低": -1, "节约": -1, "小于": -1, "低于": -1,
    "持平": 0, "等于": 0, "相等": 0, "一致": 0,
}

BASIS = re.compile(r"(?:与|比|较)(?P<basis>[^，。；]{0,20}?)(?:相比|增加|减少|增长|下降|降低|上升|持平)")

# The claimed relation of actual to budget: 决算数小于预算数 / 决算数与全年预算数持平.
DIRECTIONS = [
    re.compile(r"决算数?(?P<word>大于|小于|等于|高于|低于)(?:（(?:大于|小于)）)?(?:全年|年初|调整)?预算数?"),
    re.compile(r"决算数?与(?:全年|年初|调整)?预算数?(?P<word>持平|相等|一致)"),
    re.compile(r"预决算(?P<word>持平|一致)(?!的不用)"),
]

# Whole-sentence change without an amount: 与上年持平.
FLAT = re.compile(r"(?:与|比|较)(?P<basis>[^，。；]{0,20}?)(?:相比)?[，,]?[^，。；]{0,12}?(?P<word>持平)")

REASON = re.compile(r"(?:主要)?原因(?:是|为|主要是|在于)?[：:]?(?P<reason>[^。]+)")


@dataclass(frozen=True)
class ListSpec:
    """A list of named amounts introduced by a trigger (项目支出主要用于 A 3.04万元；B 15.96万元…).
    Each item is the text of its clause before the number."""

    trigger: str
    key: str


LISTS: list[ListSpec] = [
    ListSpec(r"项目支出主要用于(?:以下方面)?[：:]?", "project_amount:{name}"),
]
LIST_ITEM_STRIP = re.compile(r"^(?:[，；、：:]|其中|以及|和|及)+|(?:共计?|合计|为|是)+$")

# Statements that a whole kind of spending does not exist this year: 本年度无“三公”经费财政拨款支出.
NONE_STATEMENTS: list[tuple[str, str]] = [
    (r"(?:无|没有)(?:发生)?“?三公”?经费", "three_public_none"),
    (r"(?:无|没有)政府性基金预算财政拨款", "gov_fund_none"),
    (r"(?:无|没有)国有资本经营预算财政拨款", "soe_capital_none"),
    (r"(?:无|没有)机关运行经费", "agency_operating_cost_none"),
    (r"(?:无|没有)政府采购", "procurement_none"),
]

# 无“三公”经费财政拨款支出的部门，作下述说明： is the template talking, not the department.
TEMPLATE_INSTRUCTION = re.compile(r"的部门[，,]?作下述说明|的单位[，,]?作下述说明")

# Template leftovers: the text-quality checks want them with their sentence.
PLACEHOLDERS: list[tuple[str, str]] = [
    (r"[XＸ]{2,}", "placeholder"),
    (r"部门名称|单位名称|部门（单位）名称", "placeholder"),
    (r"（如持平作持平表述）|（不涉及的不列）|作下述说明|按上述格式|（制度名称）|预决算持平的不用说明",
     "template_instruction"),
]

# A number that is part of a label, not a figure (单价100万元（含）以上设备).
IGNORED_NUMBERS = [re.compile(r"单价\s*" + NUMBER + r"\s*万元(?:（含）|\(含\))?以上")]

TOKEN = re.compile(
    r"(?<![\d.,])(?P<num>" + NUMBER + r")(?P<approx>余)?"
    r"(?P<unit>万元|万(?=[（(，,；;。])|亿元|元|%|辆|个|项|分|台（套）|台|套|批次|人次|人|篇|条|期|次|件|家|户"
    r"|平方米)?"
)
DATE_AFTER = re.compile(r"^(?:年|月|日|号|时|·)")


# --------------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------------


@dataclass
class Token:
    start: int
    end: int
    value: float
    unit: str
    printed: str


def tokens(text: str) -> list[Token]:
    """The figures of a sentence: numbers with their unit, without dates and list numbering."""
    out: list[Token] = []
    ignored = [m.span() for pat in IGNORED_NUMBERS for m in pat.finditer(text)]
    lead = ITEM_START.match(text)
    for m in TOKEN.finditer(text):
        if lead and m.start() < lead.end():
            continue
        if DATE_AFTER.match(text[m.end("num"):]) or any(a <= m.start() < b for a, b in ignored):
            continue
        if text[m.start() - 1:m.start()] in "第·":
            continue
        value, unit = to_wanyuan(parse_number(m.group("num")), m.group("unit") or "")
        out.append(Token(m.start(), m.end(), value, unit, m.group(0)))
    return out


@dataclass
class Current:
    """The subject in force: stem, name (for dynamic subjects) and the amount key."""

    stem: str
    name: str
    amount: str
    units: tuple[str, ...] = ("万元",)


def _compile_subjects() -> list[tuple[re.Pattern[str], Subject]]:
    return [(re.compile(s.pattern), s) for s in SUBJECTS]


_SUBJECTS = _compile_subjects()
_CUES = [(re.compile("(?:" + c.pattern + r")$"), c) for c in CUES]
_LISTS = [(re.compile(s.trigger), s) for s in LISTS]
_NONE = [(re.compile(p), k) for p, k in NONE_STATEMENTS]
_PLACEHOLDERS = [(re.compile(p), k) for p, k in PLACEHOLDERS]


def _resolve(subject: Subject, m: re.Match[str]) -> Current:
    """Fill a dynamic subject's name (类/款/项 path → deepest level; 用车 kind; project)."""
    groups = m.groupdict()
    if "cls" in groups:
        if groups.get("xiang"):
            level, name = "item", groups["xiang"]
        elif groups.get("kuan"):
            level, name = "item", groups["kuan"]
        else:
            level, name = "class", groups["cls"]
        return Current(subject.stem.format(level=level), name,
                       f"{subject.amount.format(level=level)}:{name}", subject.units)
    name = groups.get("name") or ""
    return Current(subject.stem, name, subject.amount.format(name=name) if name else subject.amount,
                   subject.units)


def last_subject(head: str) -> tuple[Current, int] | None:
    """The subject whose label ends last in ``head`` (the longest one on a tie), and that end."""
    best: tuple[int, int, Subject, re.Match[str]] | None = None
    for pattern, subject in _SUBJECTS:
        for m in pattern.finditer(head):
            rank = (m.end(), m.end() - m.start())
            if best is None or rank > best[:2]:
                best = (m.end(), m.end() - m.start(), subject, m)
    if best is None:
        return None
    return _resolve(best[2], best[3]), best[0]


def key(current: Current, suffix: str) -> str:
    """``<stem>_<suffix>[:<name>]``; the headline total has no stem (``yoy_change_amount``)."""
    base = f"{current.stem}_{suffix}" if current.stem else suffix
    return f"{base}:{current.name}" if current.name else base


def _change_suffix(sentence: str, pos: int, suffix: str) -> tuple[str, str]:
    """``yoy_change_*`` or ``budget_change_*`` from the nearest 与/比 … before the number."""
    basis = ""
    for m in BASIS.finditer(sentence[:pos]):
        basis = m.group("basis")
    kind = "budget_change" if "预算" in basis else "yoy_change"
    return suffix.replace("change", kind), basis


@dataclass
class Fact:
    fact: str
    value: float | None
    unit: str
    sentence: str
    page: int
    text: str = ""
    section: str = ""


class Reader:
    """Walks the sentences in order, keeping the subject in force between them."""

    def __init__(self) -> None:
        self.current: Current | None = None
        self.last_change: Current | None = None
        self.facts: list[Fact] = []
        self.uncovered: list[dict] = []
        self.figures = 0  # every figure of the sentences read: facts' numbers and uncovered rows

    def unread(self, s: Sentence, t: Token, reason: str, explained: bool) -> None:
        self.uncovered.append({"page": s.page_at(t.start), "number": t.printed, "unit": t.unit,
                               "reason": reason, "explained": explained, "sentence": s.text,
                               "section": s.subsection or s.section})

    def emit(self, s: Sentence, fact: str, value, unit: str, pos: int, text: str = "") -> None:
        self.facts.append(Fact(fact, value, unit, s.text, s.page_at(pos), text,
                               s.subsection or s.section))

    def read(self, s: Sentence) -> None:
        toks = tokens(s.text)
        self.figures += len(toks)
        if s.is_heading:
            self.current = None
            self.last_change = None
            for t in toks:
                self.unread(s, t, *_why_unread(s, t, False, heading=True))
            return
        text = s.text
        claimed: set[int] = set()
        reason = REASON.search(text)
        reason_span = _reason_span(text, reason, toks)
        self._lists(s, toks, claimed)
        prev_end = 0
        for i, t in enumerate(toks):
            in_reason = reason_span[0] <= t.start < reason_span[1]
            # the cue is the text since the previous figure, never the words of a reason
            cue_start = reason_span[1] if prev_end <= reason_span[1] <= t.start else prev_end
            if i not in claimed and not in_reason and self._figure(s, t, text[cue_start:t.start], text):
                claimed.add(i)
            elif i not in claimed and not in_reason and t.unit == MONEY:
                # an amount of a subject no pattern knows (职业教育支出10万元): what follows it (占0.34%)
                # is that subject's, not the one in force before it
                self.current = None
            prev_end = t.end
        self._directions(s, text)
        if ITEM_START.match(text) or (not toks and _names_a_subject(text)):
            self._tail_subject(text[prev_end:reason_span[0]] if prev_end < reason_span[0] else "")
        if reason:
            self._reason(s, reason, reason_span)
        self._statements(s, text)
        for i, t in enumerate(toks):
            if i not in claimed:
                self.unread(s, t, *_why_unread(s, t, reason_span[0] <= t.start < reason_span[1]))

    def _figure(self, s: Sentence, t: Token, cue: str, text: str) -> bool:
        """Classify one number by its cue; False when nothing claims it."""
        found = last_subject(cue)
        if found and t.unit in found[0].units and BARE_TAIL.match(cue[found[1]:]):
            self.current = found[0]
            self.emit(s, self.current.amount, t.value, t.unit, t.start)
            return True
        for pattern, spec in _CUES:
            if spec.units and t.unit not in spec.units:
                continue
            m = pattern.search(cue)
            if not m:
                continue
            found = last_subject(cue[:m.start()])
            subject = found[0] if found else self.current
            if subject is None or (spec.stems and subject.stem not in spec.stems):
                continue
            self.current = subject
            suffix, basis = spec.suffix, ""
            if spec.change:
                suffix, basis = _change_suffix(text, t.start, suffix)
                word = re.search(r"(增加|减少|增长|下降|降低|上升|节约|超支)", m.group(0)).group(1)
                direction = key(self.current, suffix.rsplit("_", 1)[0] + "_direction")
                if not any(f.fact == direction and f.sentence == text for f in self.facts):
                    self.emit(s, direction, float(DIRECTION_WORDS[word]), "", t.start, word)
                self.last_change = self.current
            self.emit(s, key(self.current, suffix), t.value, t.unit, t.start,
                      basis or m.group(0))
            return True
        return False

    def _lists(self, s: Sentence, toks: list[Token], claimed: set[int]) -> None:
        """Named amounts after a list trigger: each name is its clause's text before the number."""
        for pattern, spec in _LISTS:
            m = pattern.search(s.text)
            if not m:
                continue
            start = m.end()
            for i, t in enumerate(toks):
                if t.start < m.end() or t.unit != MONEY:
                    continue
                name = LIST_ITEM_STRIP.sub("", s.text[start:t.start]).strip()
                if name:
                    self.emit(s, spec.key.format(name=name), t.value, t.unit, t.start)
                    claimed.add(i)
                # the next name starts after this item's clause (up to its ；)
                rest = re.match(r"[^；;。]*[；;]?", s.text[t.end:])
                start = t.end + (len(rest.group(0)) if rest else 0)

    def _directions(self, s: Sentence, text: str) -> None:
        for pattern in DIRECTIONS:
            for m in pattern.finditer(text):
                if self.current is None:
                    continue
                word = m.group("word")
                # the template's 大于（小于） offers both words: a claim of neither
                value = None if "（" in m.group(0) else float(DIRECTION_WORDS[word])
                self.emit(s, key(self.current, "actual_vs_budget"), value, "", m.start(),
                          m.group(0))
                self.last_change = self.current
        for m in FLAT.finditer(text):
            if "预算" in m.group(0) or self.current is None:
                continue
            self.emit(s, key(self.current, "yoy_change_direction"), 0.0, "", m.start(), m.group(0))

    def _tail_subject(self, tail: str) -> None:
        """A numbered item that names its subject after its last number (or has none:
        1.一般公共服务（类）支出。), or a sentence that is only a subject's name, sets the subject
        for the sentences that follow. Nothing else does: an explanation (主要用于…项目支出) must
        not change what the figures are about."""
        found = last_subject(tail)
        if found:
            self.current = found[0]

    def _reason(self, s: Sentence, m: re.Match[str], span: tuple[int, int]) -> None:
        subject = self.last_change or self.current
        if subject is None:
            return
        words = s.text[m.start("reason"):span[1]].strip("，,；;：: ")
        if words:
            fact = key(subject, "reason") if subject.stem else "yoy_change_reason"
            self.emit(s, fact, None, "", m.start(), words)

    def _statements(self, s: Sentence, text: str) -> None:
        instruction = TEMPLATE_INSTRUCTION.search(text)
        for pattern, fact in _NONE:
            m = pattern.search(text)
            if m and not instruction:
                self.emit(s, fact, 1.0, "", m.start(), m.group(0))
        for pattern, fact in _PLACEHOLDERS:
            for m in pattern.finditer(text):
                self.emit(s, fact, None, "", m.start(), m.group(0))


def _why_unread(s: Sentence, t: Token, in_reason: bool, heading: bool = False) -> tuple[str, bool]:
    """Why a figure is not a fact, and whether that is by design (explained) or a gap."""
    # a bare decimal (支出决算为1132.98) may be an amount whose unit is printed elsewhere
    money_or_pct = t.unit in (MONEY, "%") or (not t.unit and "." in t.printed)
    if not money_or_pct:
        return REASON_COUNT, True
    if heading:
        return REASON_HEADING, False
    if in_reason:
        return REASON_IN_REASON, True
    if t.unit == "%" and PERFORMANCE_SECTION.search(f"{s.part}{s.section}{s.subsection}"):
        return REASON_PERFORMANCE, True
    return REASON_NO_PATTERN, False


def _names_a_subject(text: str) -> bool:
    """A sentence that is little more than a subject's name (社会工作事务（款）行政运行（项）。)."""
    body = ITEM_START.sub("", text).rstrip("。：:")
    best = max((m.end() - m.start() for p, _ in _SUBJECTS for m in p.finditer(body)), default=0)
    return bool(body) and best >= 0.6 * len(body)


def _reason_span(text: str, reason: re.Match[str] | None, toks: list[Token]) -> tuple[int, int]:
    """Where the stated reason runs: to the sentence end, but not into a list of figures
    (其中：燃油费 6万元…) nor into the clause of the next number."""
    if reason is None:
        return len(text), len(text)
    end = len(text)
    cut = re.search(r"其中[：:]", text[reason.start("reason"):])
    if cut:
        end = reason.start("reason") + cut.start()
    for t in toks:
        if t.start >= reason.start("reason"):
            end = min(end, _clause_start(text, t.start))
            break
    return reason.start(), max(end, reason.start("reason"))


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding ``pos`` (after the last ，；：)."""
    cut = max(text.rfind(c, 0, pos) for c in "，；：,;")
    return cut + 1 if cut >= 0 else 0


@dataclass
class NarrativeReading:
    """The narrative's facts, the figures that are not facts (with why), and how many were printed."""

    facts: pd.DataFrame
    uncovered: pd.DataFrame
    figures: int  # printed figures in the narrative's sentences (dates and list numbers excluded)

    def __iter__(self):
        """``facts, uncovered = read_narrative(pages)``, for callers that need only the frames."""
        return iter((self.facts, self.uncovered))

    @property
    def read(self) -> int:
        return self.figures - len(self.uncovered)

    @property
    def unexplained(self) -> pd.DataFrame:
        if "explained" not in self.uncovered or not len(self.uncovered):
            return self.uncovered.iloc[0:0]
        return self.uncovered[~self.uncovered["explained"].astype(bool)]

    def summary(self) -> str:
        """One line for the CLI: how many printed figures were read, and what is left."""
        explained = len(self.uncovered) - len(self.unexplained)
        line = (f"narrative: {self.read} of {self.figures} printed numbers read as facts "
                f"({len(self.facts)} facts); {explained} not fiscal figures by design")
        if len(self.unexplained):
            pages = sorted(set(int(p) for p in self.unexplained["page"]))
            line += (f"; {len(self.unexplained)} amounts/percentages NOT READ (pages "
                     f"{', '.join(map(str, pages))}; uncovered.csv) — for review")
        return line


def read_narrative(pages: Pages) -> NarrativeReading:
    """Facts stated in the narrative part of a report, and every figure that is not one.

    ``pages`` is ``[(page_no, text)]`` as `analysis.prose.sentences.read_pages` returns it. Every
    figure of the narrative's sentences is either a fact's number or a row of ``uncovered``
    (UNCOVERED_COLUMNS), so a gap in the patterns shows rather than passes silently.
    """
    reader = Reader()
    for s in sentences(narrative_pages(pages)):
        reader.read(s)
    facts = pd.DataFrame([f.__dict__ for f in reader.facts], columns=FACT_COLUMNS)
    facts = conform(facts, FACT_COLUMNS)
    facts["value"] = pd.to_numeric(facts["value"], errors="coerce")
    uncovered = conform(pd.DataFrame(reader.uncovered, columns=UNCOVERED_COLUMNS),
                        UNCOVERED_COLUMNS)
    return NarrativeReading(facts.reset_index(drop=True), uncovered.reset_index(drop=True), reader.figures)


def words_report(pdf_path: Path | str, uncovered: bool = True) -> str:
    """Plain-text listing for `juesuan words`: facts, then (optionally) the sentences whose
    figures no pattern read, then the 自评表 rows; for a reviewer checking a new region."""
    with open_report(pdf_path) as doc:  # one reading for the text and the 自评表
        reading = read_narrative(doc.page_texts)
        perf = performance_of(doc)
    facts, gaps = reading.facts, reading.uncovered
    parts = [reading.summary(), f"\n{len(facts)} narrative facts", facts[["fact", "value", "unit", "page", "text"]]
             .to_string(index=False, max_colwidth=40) if len(facts) else "(none)"]
    if uncovered:
        parts += [f"\n{len(gaps)} printed numbers not read as facts",
                  gaps[["page", "number", "explained", "reason", "sentence"]].to_string(index=False, max_colwidth=50)
                  if len(gaps) else "(none)"]
    parts += [f"\n{len(perf)} performance rows",
              perf.to_string(index=False, max_colwidth=30) if len(perf) else "(none)"]
    return "\n".join(parts)

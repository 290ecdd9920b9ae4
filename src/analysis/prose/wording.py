"""The wordings the narrative reader knows, as data, and the lookups on them: a sentence's printed
figures (`tokens`), the subject a label names (`last_subject`) and the key a figure gets (`key`).

A new region's wording is a new row here (`SUBJECTS`, `CUES`, `LISTS`, `DIRECTIONS`,
`NONE_STATEMENTS`, `PLACEHOLDERS`), not a new code path in the reader (analysis.prose.narrative).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import ITEM_START, NUMBER, parse_number, to_wanyuan


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


SUBJECT_PATTERNS = _compile_subjects()
CUE_PATTERNS = [(re.compile("(?:" + c.pattern + r")$"), c) for c in CUES]
LIST_PATTERNS = [(re.compile(s.trigger), s) for s in LISTS]
NONE_PATTERNS = [(re.compile(p), k) for p, k in NONE_STATEMENTS]
PLACEHOLDER_PATTERNS = [(re.compile(p), k) for p, k in PLACEHOLDERS]


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
    for pattern, subject in SUBJECT_PATTERNS:
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

"""The nine standard tables, described as data.

Regions print the same tables under different titles, orders and numbering, with different header
wording. Each table is a spec: its title aliases and the rules that turn a column's header text
(all header cells above the column, joined top to bottom, whitespace removed) into a canonical
column key of the data dictionary. A new region's variant is a new alias or rule here, not a new
code path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain import ECONOMIC_GROUPS, TABLE_KEYS, THREE_PUBLIC_COLUMNS

# Column roles that are not values.
CODE = "code"
CODE_PART = "code_part"  # one of split 类 / 款 / 项 columns
ITEM = "item"
ROW_NO = "row_no"


@dataclass(frozen=True)
class ColumnRule:
    """Header text → column key. All of `all_of` must occur, none of `none_of`."""

    key: str
    all_of: tuple[str, ...]
    none_of: tuple[str, ...] = ()

    def matches(self, label: str) -> bool:
        return all(t in label for t in self.all_of) and not any(t in label for t in self.none_of)


def _rules(*items: tuple) -> tuple[ColumnRule, ...]:
    """(key, all_of[, none_of]) tuples → rules, so the tables below read as a list."""
    return tuple(ColumnRule(item[0], tuple(item[1]), tuple(item[2]) if len(item) > 2 else ()) for item in items)


# Roles shared by every table with a classification code.
_CODE_RULES = _rules(
    (CODE, ["编码"]),
    (CODE, ["代码"]),
    (ITEM, ["科目名称"]),
    (ITEM, ["项目"], ["支出", "收入"]),
    (ROW_NO, ["行次"]),
)


# gov_fund and soe_capital print the same columns (balances, income, expenditure split).
_FUND_RULES = _CODE_RULES + _rules(
    ("opening_balance", ["年初"]),
    ("closing_balance", ["年末"]),
    ("income", ["本年收入"]),
    ("basic", ["基本支出"]),
    ("project", ["项目支出"]),
    ("total", ["小计"]),
    ("total", ["合计"]),
)


@dataclass(frozen=True)
class TableSpec:
    key: str
    titles: tuple[str, ...]  # printed titles without year / department / numbering
    columns: tuple[ColumnRule, ...]
    two_sided: bool = False  # 收入 | 支出 side by side (summary, fiscal_summary)
    groups: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # code prefix → group
    # words the printed table itself must show for its title to be believed: every word of one of
    # these groups (a 三公 table prints 出国 / 接待 / 公务用车; a 支出决算表 基本支出 and 项目支出)
    confirm: tuple[tuple[str, ...], ...] = ()
    # titles with words inserted into the national one (…“三公”经费及会议费、培训费支出决算表):
    # regular expressions, tried before the aliases, over the title as `match_title` cleans it
    title_patterns: tuple[str, ...] = ()
    # a table printed turned (its parts as rows, 预算数 | 决算数 as columns): the row's name gives
    # the part and these rules (over the column's header) the stage: key = f"{stage}_{part}"
    row_parts: tuple[ColumnRule, ...] = ()
    row_stages: tuple[ColumnRule, ...] = ()
    # a table whose header names no stage at all (预算 / 决算) prints one set of figures: those its
    # title says (a 决算表's are 决算数), read as if headed so
    unstaged: str = ""
    # (regex, replacement) applied to a column's header before the rules: what a header means
    # depends on what is printed below it, which a rule's words alone cannot say
    label_rewrites: tuple[tuple[str, str], ...] = ()

    def confirmed_by(self, text: str) -> bool:
        """Whether the text printed in the table (header and rows, spaces removed) shows its words."""
        t = re.sub(r"\s+", "", text)
        return not self.confirm or any(all(w in t for w in group) for group in self.confirm)

    def column_key(self, label: str) -> str | None:
        for pattern, replacement in self.label_rewrites:
            label = re.sub(pattern, replacement, label)
        for rule in self.columns:
            if rule.matches(label):
                return rule.key
        return None

    def row_column_key(self, label: str, item: str) -> str | None:
        """The column key of a value in a turned table: the stage from its header, the part from
        its row's name (预算数 × 公务接待费 → budget_reception); None where either is not known."""
        label, item = re.sub(r"\s+", "", label), re.sub(r"\s+", "", item)
        stage = next((r.key for r in self.row_stages if r.matches(label)), None)
        part = next((r.key for r in self.row_parts if r.matches(item)), None)
        return f"{stage}_{part}" if stage and part else None


TABLE_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "summary",
        # 收入支出决算表: 云南 (耿马县政务服务管理局 2022)
        ("收入支出决算总表", "部门收支决算总表", "收支决算总表", "部门收入支出决算总表", "收入支出决算表"),
        _rules((ROW_NO, ["行次"]), (ITEM, ["项目"]), ("amount", ["金额"]), ("amount", ["决算数"])),
        two_sided=True,
        confirm=(("收入", "支出"),),
    ),
    TableSpec(
        "income",
        ("收入决算表", "部门收入决算表", "收入决算总表"),  # 收入决算总表: 陕西 (柞水县审计局 2020)
        _CODE_RULES
        + _rules(
            ("total", ["合计"]),
            ("fiscal", ["财政拨款"]),
            ("superior_subsidy", ["上级补助"]),
            ("business", ["事业收入"]),
            ("operating", ["经营收入"]),
            ("subsidiary_remit", ["附属单位"]),
            ("other", ["其他收入"]),
        ),
        confirm=(("财政拨款收入",), ("本年收入",), ("事业收入",)),
    ),
    TableSpec(
        "expenditure",
        ("支出决算表", "部门支出决算表", "支出决算总表"),  # 支出决算总表: 陕西 (柞水县审计局 2020)
        _CODE_RULES
        + _rules(
            ("total", ["合计"]),
            ("basic", ["基本支出"]),
            ("project", ["项目支出"]),
            ("remit_superior", ["上缴上级"]),
            ("operating", ["经营支出"]),
            ("subsidy_subsidiary", ["附属单位"]),
        ),
        confirm=(("基本支出", "项目支出"),),
    ),
    TableSpec(
        "fiscal_summary",
        # 财政拨款收入支出决算表: 云南 (耿马 2022)
        ("财政拨款收入支出决算总表", "财政拨款收支决算总表", "财政拨款收入支出决算表"),
        _rules(
            (ROW_NO, ["行次"]),
            (ITEM, ["项目"]),
            ("general_budget", ["一般公共预算"]),
            ("gov_fund", ["政府性基金"]),
            ("soe_capital", ["国有资本"]),
            ("total", ["合计"]),
            ("total", ["小计"]),
            ("amount", ["决算数"]),
            ("amount", ["金额"]),
        ),
        two_sided=True,
        confirm=(("收入", "支出"),),
    ),
    TableSpec(
        "general_budget_expenditure",
        # …收入支出决算表: 云南 (耿马 2022) prints this table with the balances and income of the
        # fund tables (年初结转和结余 | 本年收入 | 本年支出 … | 年末结转和结余), so their column rules
        (
            "一般公共预算财政拨款支出决算表",
            "一般公共预算财政拨款支出决算明细表",
            "一般公共预算财政拨款收入支出决算表",
            "一般公共预算支出决算表",
        ),
        _FUND_RULES,
        confirm=(("基本支出", "项目支出"),),
    ),
    TableSpec(
        "basic_expenditure",
        (
            "一般公共预算财政拨款基本支出决算明细表",
            "一般公共预算财政拨款基本支出决算表",
            "一般公共预算基本支出决算表",
        ),
        _rules((CODE, ["代码"]), (CODE, ["编码"]), (ITEM, ["科目名称"]), ("amount", ["决算数"]), ("amount", ["金额"])),
        groups=tuple((cls, group) for group, classes in ECONOMIC_GROUPS.items() for cls in classes),
        confirm=(("人员经费",), ("公用经费",), ("经济分类",), ("工资福利",)),
    ),
    TableSpec(
        "gov_fund",
        ("政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款支出决算表", "政府性基金预算支出决算表"),
        _FUND_RULES,
    ),
    TableSpec(
        "soe_capital",
        ("国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表", "国有资本经营预算支出决算表"),
        _FUND_RULES,
    ),
    TableSpec(
        "three_public",
        # quotes are dropped before matching: 财政拨款“三公”经费… is 财政拨款三公经费…
        ("一般公共预算财政拨款“三公”经费支出决算表", "财政拨款“三公”经费支出决算表", "“三公”经费支出决算表"),
        tuple(
            ColumnRule(f"{stage}_{part}", (word, *need), avoid)
            for stage, word in (("budget", "预算"), ("actual", "决算"))
            for part, need, avoid in (
                ("vehicle", ("小计",), ()),
                ("vehicle_purchase", ("购置费",), ()),
                ("vehicle_operation", ("运行",), ("购置费",)),
                ("abroad", ("出国",), ()),
                ("reception", ("接待",), ()),
                ("total", ("合计",), ()),
            )
        ),
        confirm=(("出国",), ("接待",), ("公务用车",)),
        # words inserted: …“三公”经费及会议费、培训费支出决算表 (陕西 柞水 2020), “三公”经费、行政参公单位
        # 机关运行经费情况表 (云南 耿马 2022)
        title_patterns=(r"三公经费[及和与、][\u4e00-\u9fff、]{1,24}?(支出)?(决算|情况)表",),
        # 项目 | 预算数 | 决算数, one row per part (云南; 平凉, 岳阳, 桂林 print their 三公 tables so);
        # the vehicle's parts first, then its 小计 (公务用车购置及运行维护费), and no count rows
        row_parts=_rules(
            ("vehicle_purchase", ["购置"], ["运行", "数", "量", "辆"]),
            ("vehicle_operation", ["运行"], ["购置", "数", "量", "辆"]),
            ("vehicle", ["公务用车"], ["数", "量", "辆"]),
            ("abroad", ["出国"], ["团组", "人数", "（人）", "(人)"]),
            ("reception", ["接待"], ["批次", "人数", "（人）", "(人)"]),
            ("total", ["合计"]),
            ("total", ["总计"]),
        ),
        row_stages=_rules(("budget", ["预算"]), ("actual", ["决算"]), ("actual", ["执行数"])),
        unstaged="决算数",
        # 公务用车购置及运行(维护)费 over 小计 | 购置费 | 运行维护费 names the group; printed alone (no
        # columns below it, 湖北 and others) it is the vehicle total, not its 运行 part
        label_rewrites=((r"公务用车购置及运行(维护)?费$", "公务用车小计"), (r"(公务用车)?购置及运行(维护)?费(?=.)", "")),
    ),
)

SPECS_BY_KEY = {s.key: s for s in TABLE_SPECS}
if tuple(SPECS_BY_KEY) != TABLE_KEYS:  # one spec per table key, in print order
    raise ImportError(f"table specs {tuple(SPECS_BY_KEY)} do not match domain.TABLE_KEYS {TABLE_KEYS}")

# Column numbers (栏次) of the 三公 table when its header words cannot be read: 1–6 budget, 7–12 actual.
THREE_PUBLIC_BY_NUMBER = {
    i + 1 + 6 * s: f"{stage}_{part}"
    for s, stage in enumerate(("budget", "actual"))
    for i, part in enumerate(THREE_PUBLIC_COLUMNS)
}

# Quote marks of every style ("", “”, 〝〞, ＂, 「」 …): producers print them in another font, on
# another baseline or not at all, so a title is compared without them.
_QUOTE_MARKS = re.compile("[\"'“”‘’「」『』〝〞〟＂＇″‶]")


def normalise_title(text: str) -> str:
    """Title text with spaces, quote marks and 公开NN表 numbering removed."""
    t = _QUOTE_MARKS.sub("", re.sub(r"\s+", "", text))
    return re.sub(r"[（(]?公开\d+表[)）]?", "", t)


# Leading numbering some producers print before a title: 附表1： / 表1-2 / 附件2、 / 一、 / （一） / 表一
_NUMBERING = re.compile(
    r"^(附件|附表|表)?(\d+([-－.]\d+)?[：:、.]?|[一二三四五六七八九十]+[、.：:]|[（(][一二三四五六七八九十\d]+[)）])"
)

# What may follow a title on its line: （续）, the year in brackets, the 单位 printed on the same baseline
# (bracketed too), a classification said in brackets: （按功能分类）, （按经济分类科目）.
_TRAILER = re.compile(
    r"([（(](续|续表|\d{4}年度?|[^（）()]{0,8}分类[^（）()]{0,4}|(金额)?单位[:：]?(万元|千元|元))[)）]|续表|(金额)?单位[:：]?(万元|千元|元))+$"
)

# Words that end a table's own title words, never a department's name nor a year: a title whose
# words before a known alias end so is another table (…财政拨款项目支出决算表, …某某经费支出决算表).
_TITLE_WORD_TAIL = re.compile(r"(预算|拨款|经费|项目|基金|资本|三公|[及和与、])$")

_PATTERNS = [(re.compile(f"(?:{pattern})$"), spec.key) for spec in TABLE_SPECS for pattern in spec.title_patterns]

_ALIASES = sorted(
    ((normalise_title(alias), spec.key) for spec in TABLE_SPECS for alias in spec.titles),
    key=lambda pair: -len(pair[0]),
)


def _conflicts() -> dict[str, tuple[str, ...]]:
    """For each alias, the words that, printed just before it, make the line another table's title.

    支出决算表 ends 财政拨款三公经费支出决算表 and 一般公共预算财政拨款支出决算表: a line
    ending …经费支出决算表 or …财政拨款支出决算表 is not the 支出决算表, whatever else it says.
    These are the tails (two characters or more) of what another table's alias has before it.
    """
    out: dict[str, set[str]] = {}
    for alias, key in _ALIASES:
        for other, other_key in _ALIASES:
            if other_key != key and len(other) > len(alias) and other.endswith(alias):
                head = other[: -len(alias)]
                out.setdefault(alias, set()).update(head[i:] for i in range(len(head) - 1))
    return {a: tuple(sorted(v, key=len)) for a, v in out.items()}


_CONFLICTS = _conflicts()


def match_title(line: str) -> str | None:
    """The table key whose title this line is, or None.

    A title is matched whole: after dropping spaces, quotes, numbering and （续）, the line is an
    alias, or an alias after a year / department prefix. The longest alias that fits wins, and an
    alias never matches the tail of another table's title (支出决算表 in 三公经费支出决算表, in
    一般公共预算财政拨款支出决算表): the words before it must not be the start of a longer title.
    """
    t = normalise_title(line)
    if len(t) > 60 or "。" in t or "，" in t:
        return None
    t = _NUMBERING.sub("", t)
    t = _TRAILER.sub("", t)
    for pattern, key in _PATTERNS:
        m = pattern.search(t)
        if m and _a_prefix(t[: m.start()]):
            return key
    for alias, key in _ALIASES:
        if not t.endswith(alias):
            continue
        prefix = t[: -len(alias)]
        if not _a_prefix(prefix):
            continue
        if any(prefix.endswith(tail) for tail in _CONFLICTS.get(alias, ())) or _TITLE_WORD_TAIL.search(prefix):
            return None  # the tail of a longer title none of our aliases spells out: not this table
        return key
    return None


def _a_prefix(prefix: str) -> bool:
    """Whether the words before a title may be what precedes one: 2023年度, a department's name,
    一、 / 1. numbering, 表N (not a sentence, not a long line)."""
    return len(prefix) <= 40 and not re.search(r"[，。；：:]", prefix)

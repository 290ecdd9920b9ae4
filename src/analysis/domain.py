"""Facts about final-accounts reports that more than one stage needs, each written once.

The base layer: nothing here imports another juesuan module, so the document reader, the table
and prose readers, the checks and the presentation can all depend on it without depending on
each other. A fact that two modules used to spell separately (and that drifted apart) lives here.
"""

from __future__ import annotations

import re
from decimal import Decimal

# ---------------------------------------------------------------- the nine standard tables

TABLES: dict[str, str] = {
    "summary": "收入支出决算总表",
    "income": "收入决算表",
    "expenditure": "支出决算表",
    "fiscal_summary": "财政拨款收入支出决算总表",
    "general_budget_expenditure": "一般公共预算财政拨款支出决算表",
    "basic_expenditure": "一般公共预算财政拨款基本支出决算表",
    "gov_fund": "政府性基金预算财政拨款收入支出决算表",
    "soe_capital": "国有资本经营预算财政拨款收入支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
}
"""Table key (the `table` column of every tidy file) → its standard Chinese name, in print order."""
TABLE_KEYS: tuple[str, ...] = tuple(TABLES)

# ---------------------------------------------------------------- 人员经费 / 公用经费

# Which 类 of the economic classification each of the two groups of basic spending holds, as the
# documents' own total rows in the 一般公共预算财政拨款基本支出决算表 add them up:
#   - seed report (中共武汉市青山区委办公室 2023, tests/pdfs/seed/…-final-accounts.txt, the table
#     ending at 人员经费合计 964.80 公用经费合计 40.19): 301 工资福利支出 923.27 + 303 对个人和家庭
#     的补助 41.53 = 964.80; 302 商品和服务支出 40.19 + 310 资本性支出 (blank) = 40.19.
#   - 中共上海市普陀区委社会工作部 2024 (tests/pdfs/real/putuo-social-work-2024.cells.csv, page 13):
#     301 95.36 + 303 0.00 = 人员经费合计 95.36; 302 10.23 + 310 0.00 = 公用经费合计 10.23.
# Both tables print exactly the classes 301, 302, 303 and 310, and the original data contract
# (../shared/spec/data-dictionary.md) said the same. The 307 / 309 / 399 that the loader and the
# table spec once added to 公用经费 appear in no document's table, so a class outside the two
# groups stays ungrouped rather than guessed into one.
PERSONNEL_CLASSES: tuple[str, ...] = ("301", "303")
"""人员经费: 工资福利支出, 对个人和家庭的补助."""
PUBLIC_CLASSES: tuple[str, ...] = ("302", "310")
"""公用经费: 商品和服务支出, 资本性支出."""
ECONOMIC_GROUPS: dict[str, tuple[str, ...]] = {"personnel": PERSONNEL_CLASSES, "public": PUBLIC_CLASSES}
ECONOMIC_GROUP_NAMES = {"personnel": "人员经费", "public": "公用经费"}


def economic_group(code: object) -> str:
    """'personnel', 'public', or '' for an economic classification code (by its 类, the first 3 digits)."""
    head = str(code)[:3]
    return next((group for group, classes in ECONOMIC_GROUPS.items() if head in classes), "")


# ---------------------------------------------------------------- 三公经费

THREE_PUBLIC_PARTS: tuple[tuple[str, str], ...] = (
    ("abroad", "因公出国（境）费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
    ("reception", "公务接待费"),
    ("total", "合计"),
)
"""The 三公 parts a reader is shown (key → printed name); `vehicle` (用车小计) is their sum's middle."""
THREE_PUBLIC_COLUMNS: tuple[str, ...] = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
"""The parts in the order the 三公 table numbers its columns (栏次 1–6 budget, 7–12 actual)."""

# ---------------------------------------------------------------- units and amounts

WANYUAN_PER_UNIT: dict[str, Decimal] = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "千元": Decimal("0.1"),
    "元": Decimal("0.0001"),
    "亿元": Decimal(10000),
}
"""Money units folded to 万元 (the unit every table prints in), with the factor to get there."""
MONEY = "万元"

_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，−", "0123456789%.,-")
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_amount(text: str) -> Decimal | None:
    """A printed number as the exact Decimal it prints (``'1,132.98'`` → ``Decimal('1132.98')``).

    Exact, because every check compares printed figures to the last printed digit. Full-width
    digits and the minus sign U+2212 are folded, spaces dropped, thousands separators accepted
    only in groups of three; anything else (blank, ``-``, ``XXX``, ``1,13``) is None, not a guess.
    """
    t = text.translate(_FULLWIDTH).replace(" ", "")
    if not _AMOUNT.match(t):
        return None
    return Decimal(t.replace(",", ""))


# ---------------------------------------------------------------- running page numbers

_PAGE = r"(?:第\s*)?\d{1,4}\s*(?:页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|/\s*\d{1,4})?"  # 7, 第7页, 第5页，共9页, 7/24
_DASHES = r"[\-—–－_−‐‑‒―─]+"  # every dash a producer or a recogniser writes (− : OCR of a printed —)
PAGE_NUMBER = re.compile(rf"^\s*(?:{_DASHES}\s*{_PAGE}\s*{_DASHES}|{_PAGE})\s*$")
"""A line that is only a running page number: bare, or dashed on both sides (``— 7 —``, ``- 5 -``)."""
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def is_page_number(line: str, *, at_edge: bool = True) -> bool:
    """Whether a line is a running page number.

    A bare number (``23``) counts only at a page's first or last line (``at_edge``): elsewhere
    it may be a wrapped figure. Decorated forms (``— 23 —``, ``第5页``) count anywhere.
    """
    return bool(PAGE_NUMBER.match(line)) and (at_edge or not _BARE_NUMBER.match(line))


# ---------------------------------------------------------------- the 绩效自评表's pages

SELF_EVALUATION_TITLE = re.compile(r"自评表")
"""What a 绩效自评表 title contains (部门整体支出绩效自评表, 项目支出绩效自评表 …)."""
SELF_EVALUATION_RUNS_ON = 2
"""Pages after its title's page that a 自评表 may continue on (ruled or not)."""


def is_self_evaluation_title_page(visual_text: str) -> bool:
    """A page that prints a 绩效自评表 title (spaces in the printed title ignored).

    The document layer keeps characters for these pages and the next SELF_EVALUATION_RUNS_ON,
    because the 自评表 reader asks for exactly those pages.
    """
    return bool(SELF_EVALUATION_TITLE.search(visual_text.replace(" ", "")))

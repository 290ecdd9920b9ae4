"""A later year of a described department, for tests that need two consecutive reports.

Year-on-year checks compare a report's 与上年相比 sentences with the previous year's own report, so
a test needs two reports of one department whose figures differ and whose tables each still add
up. Multiplying every printed amount by a whole number keeps every identity exact (a sum of
doubled figures is the doubled sum, shares are unchanged, two decimals stay two decimals); every
year printed moves on by one. The text's own 与上年相比 sentences are carried over unchanged in
substance (scaled, re-dated): they describe the old year's change, so a test states the new
change itself with `replace_text` — or leaves them, a report that copied last year's text.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal

from .model import Department

_YEAR = re.compile(r"(?<![\d.])(19|20)(\d\d)(?!\d|\.\d)")
_AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(\s*)(万元|元)")
# 自评表 budget columns that hold money (预算数（A）, 执行数（B）); 执行率 and 得分 do not scale
_MONEY_HEADER = re.compile(r"预算数|执行数|全年预算|资金")


def scale_printed(text: str, factor: int) -> str:
    """'964.80' × 2 → '1929.60': the product printed with the same decimals as the figure."""
    value = Decimal(text.replace(",", ""))
    places = -value.as_tuple().exponent if isinstance(value.as_tuple().exponent, int) else 0
    return f"{value * factor:.{max(0, places)}f}"


def _map_strings(obj: object, fn: Callable[[str], str]) -> object:
    """Every string inside a description's dataclasses, lists and dicts, replaced by fn(string)."""
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, list):
        return [_map_strings(x, fn) for x in obj]
    if isinstance(obj, dict):
        return {k: _map_strings(v, fn) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            setattr(obj, f.name, _map_strings(getattr(obj, f.name), fn))
    return obj


def later_year(dept: Department, factor: int = 2, label: str = "合成示例") -> Department:
    """The same department one year later: amounts × factor, every printed year + 1.

    The copy's cover carries `label` (合成示例): its figures are made up from the real ones.
    """
    if factor < 1:
        raise ValueError(f"factor must be a whole number ≥ 1, not {factor}")
    out = copy.deepcopy(dept)
    years = {dept.year - 1, dept.year, dept.year + 1}

    def shift(text: str) -> str:
        text = _YEAR.sub(lambda m: str(int(m.group(0)) + 1) if int(m.group(0)) in years else m.group(0), text)
        return _AMOUNT.sub(lambda m: scale_printed(m.group(1), factor) + m.group(2) + m.group(3), text)

    for table in out.tables:
        for panel in table.panels:
            for row in panel.rows:
                row.values = {k: scale_printed(v, factor) for k, v in row.values.items()}
    for perf in out.performance:
        money = [i for i, c in enumerate(perf.budget.columns, start=1) if _MONEY_HEADER.search(c)]
        for row in perf.budget.rows:
            for i in money:
                if i < len(row) and re.fullmatch(r"\d+(\.\d+)?", row[i]):
                    row[i] = scale_printed(row[i], factor)
    _map_strings(out.parts, shift)
    _map_strings(out.performance, shift)
    for table in out.tables:
        table.title = shift(table.title)
        table.notes = [shift(n) for n in table.notes]
        table.explanation = shift(table.explanation)
    out.cover.title = shift(out.cover.title)
    out.cover.lines = [shift(x) for x in out.cover.lines]
    out.cover.label = label
    out.year = dept.year + 1
    return out

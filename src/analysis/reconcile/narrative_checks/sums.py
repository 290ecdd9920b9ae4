"""Sums and bounds the text states among its own figures (采购 parts, 燃油/维修/保险, vehicles by
kind, the project list against 项目支出), checked as the rule `narrative.sum`."""

from __future__ import annotations

from collections.abc import Iterator

from ..cross_checks import TOTAL, Ref
from ..frames import Inputs
from ..registry import CheckSpec, Finding
from ..verdict import HALF_UNIT, ZERO, Outcome, part_le_whole, sum_outcome
from .facts import Fact, facts_of, noted

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

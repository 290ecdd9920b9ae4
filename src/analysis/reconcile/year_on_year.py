"""Year on year across reports: the text's 与上年相比 figures against the previous year's own report.

A report says 与2022年度相比，收、支总计各减少259.4万元，下降18.6%. Within one report only the
percentage can be tested (against the change and this year's figure); the change itself needs
last year's figure, which only last year's report prints. With two reports side by side a reviewer
takes last year's 总计 from last year's tables and recomputes both the change and the percentage:
that is this check. The previous report is the prior (its table figure, else its own text's),
this report's tables give the current figure.

It runs only when the previous year's report of the same department has been read (`previous`
on the inputs); otherwise it says not_applicable, and so does a report whose text states no
change against the previous year.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from .prior_report import label, previous_folder, read_frames
from .frames import Inputs
from .narrative_checks.facts import Fact, facts_of, text_value
from .narrative_checks.lookups import amount_of
from .registry import CheckSpec, Finding, register
from .verdict import HALF_UNIT, ZERO, Outcome, quote_outcome

CHANGE_SUFFIXES = ("yoy_change_amount", "yoy_change_pct", "yoy_change_direction")
WORDS = {1: "增加", 0: "持平", -1: "减少"}


def previous_report(out_root: Path, department: str, year: int | None) -> tuple[Path, Inputs] | None:
    """(folder, inputs) of the department's report for the year before under out_root, if it was read."""
    folder = previous_folder(out_root, department, year)
    if folder is None:
        return None
    frames = read_frames(folder)
    return folder, Inputs(cells=frames["cells"], tables=frames["tables"], narrative=frames["narrative"],
                          performance=frames["performance"], label=label(folder))


def _check_id(f: Fact) -> str:
    return "year_on_year." + f.check_id.removeprefix("narrative.")


def _claimed_sign(fs: list[Fact], f: Fact) -> int | None:
    """增加 +1 / 减少 −1 / 持平 0, from the direction word stated with this figure."""
    d = text_value(fs, f.stem, ("yoy_change_direction",), f.name, f.index + 1)
    if d is not None and d.value is not None:
        return int(d.value)
    if f.value is not None and f.value < 0:
        return -1
    return None


def judge_change(f: Fact, fs: list[Fact], current: Decimal, prior: Decimal) -> Outcome:
    """One stated change (amount, percentage or 持平) against current − prior."""
    change = current - prior
    sign = (change > 0) - (change < 0)
    slack = 2 * HALF_UNIT  # both figures printed to 0.01
    where = f"{current} this year − {prior} last year = {change}"
    claimed = _claimed_sign(fs, f)
    if f.suffix == "yoy_change_direction":  # 与上年持平
        status = "pass" if abs(change) <= slack else "fail"
        return Outcome(status, change, ZERO, slack, f"the text says 持平; {where}")
    if claimed is not None and sign != 0 and claimed != sign and abs(change) > slack:
        return Outcome("fail", abs(change), f.value, slack,
                       f"the text says {WORDS.get(claimed, claimed)}, but {where} ({WORDS[sign]})")
    if f.suffix == "yoy_change_amount":
        return quote_outcome(f.value, abs(change) - slack, abs(change) + slack, where)
    base_lo, base_hi = prior - HALF_UNIT, prior + HALF_UNIT
    if base_lo <= 0:
        return Outcome("not_applicable", None, f.value, detail=f"last year's figure is {prior}: a percentage of it is undefined")
    lo = max(ZERO, abs(change) - slack) / base_hi * 100
    hi = (abs(change) + slack) / base_lo * 100
    return quote_outcome(f.value, lo, hi, f"|{change}| / {prior}")


def rule_year_on_year(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Every 与上年相比 figure of the text against the previous year's report."""
    fs = facts_of(inp)
    # a direction word said with a figure (减少259.4万元) is judged with that figure; alone it is 持平
    stated = [f for f in fs if f.suffix in CHANGE_SUFFIXES and f.value is not None
              and not (f.suffix == "yoy_change_direction" and f.value != 0)]
    if not stated:
        yield Finding(None, Outcome("not_applicable", detail="the text states no change against the previous year"))
        return
    prev = inp.previous
    if prev is None:
        yield Finding(None, Outcome("not_applicable",
                                    detail="the previous year's report of this department has not been read"))
        return
    prev_fs = facts_of(prev)
    for f in stated:
        current = amount_of(inp, fs, f.stem, f.name, f.index)
        prior = amount_of(prev, prev_fs, f.stem, f.name)
        quoted = f"“{f.sentence[:80]}”" if f.sentence else ""
        if current is None or prior is None:
            missing = "this year's" if current is None else f"last year's ({prev.label})"
            o = Outcome("insufficient_data", None, f.value, detail=f"{quoted}; {missing} figure was not found")
        else:
            o = judge_change(f, fs, current, prior)
            o = Outcome(o.status, o.expected, o.actual, o.tolerance,
                        "; ".join(x for x in (quoted, o.detail, f"previous report: {prev.label}") if x))
        yield Finding(None, o, f.page, f.key, check_id=_check_id(f),
                      description=f"{spec.zh}（{f.key}） / {spec.en} ({f.key})")


SPEC = register(CheckSpec(
    "year_on_year", "year_on_year", "跨年增减核对",
    "a change on the previous year stated in the text = recomputed from the previous year's report",
    (), rule_year_on_year))

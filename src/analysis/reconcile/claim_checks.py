"""What the 情况说明 claims in words, and what it must disclose: checks on the text as a statement.

The figure checks (narrative_checks) prove each number; these prove the words around them and
the completeness a reviewer (and the Ministry of Finance's 2016 inspection of 决算公开) asks for:

- a 增加 / 减少 / 持平 claim agrees with the change figures stated with it;
- a 大于 / 小于 / 增加 / 减少 claim is followed by its reason (主要原因…);
- the same figure stated twice says the same;
- the four 三公 items are each disclosed (the merged 公务用车购置及运行费 does not disclose 购置), and
  公务接待 with its 批次 and 人次;
- a 类 / 款 / 项 the text names is named as the table names it.

Words can be read more than one way, so none of these accuses beyond what the words prove:
missing or loose words `warn`; only a claim its own figures contradict (持平 beside a change of
5万元, a figure stated twice under one heading with two values) `fail`s.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..prose.narrative_region import narrative_pages
from ..prose.wording import last_subject
from .frames import Inputs, class_key, norm_label
from .narrative_checks.facts import Fact, facts_of
from .narrative_checks.figures import coded_rows
from .narrative_checks.identity import budget_measure, other_period, stated_measure
from .registry import CheckSpec, Finding, register
from .verdict import ZERO, Outcome

DIRECTION_SUFFIXES = ("yoy_change_direction", "budget_change_direction", "actual_vs_budget")
WORDS = {1: "增加/大于", -1: "减少/小于", 0: "持平"}
# what introduces a reason, in the claim's sentence or the next one
REASON_WORDS = re.compile(r"原因|由于|因为|主要是|主要为|主要用于|系因|源于|在于|一是|得益于")
MONEY_SUFFIXES = ("amount", "budget", "full_year_budget")


def _claims(fs: list[Fact]) -> list[Fact]:
    return [f for f in fs if f.suffix in DIRECTION_SUFFIXES and f.value is not None]


# -- 增加 / 减少 / 持平 against the change figures --------------------------------------------------
def rule_claim_change(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """持平 stated with a non-zero change, or 增加/减少 with a zero one, contradicts itself."""
    fs = facts_of(inp)
    groups: dict[tuple[str, str], list[Fact]] = {}
    for f in _claims(fs):
        if f.suffix != "actual_vs_budget":  # against the budget and actual figures: narrative.fact judges it
            groups.setdefault((f.sentence, f.key), []).append(f)
    for (sentence, key), claims in groups.items():
        f = claims[0]
        kind = f.suffix.removesuffix("_direction")
        amounts = [g for g in fs if g.sentence == sentence and g.stem == f.stem and g.name == f.name
                   and g.suffix in (f"{kind}_amount", f"{kind}_pct") and g.value is not None]
        if not amounts:
            continue
        said = {int(c.value) for c in claims}  # type: ignore[arg-type]
        if 0 in said and not _flat_is_about(f, claims):
            continue  # 持平 said of another subject in the clause (…，项目支出与上年持平)
        nonzero = [g for g in amounts if abs(g.value) > g.half]  # type: ignore[arg-type]
        if 0 in said and nonzero:
            o = Outcome("fail", ZERO, nonzero[0].value,
                        detail=f"“{sentence[:80]}”: 持平 claimed, yet a change of {nonzero[0].value} is stated")
        elif said - {0} and not nonzero:  # 增加0万元: the word is wrong, no figure is
            o = Outcome("warn", None, ZERO, detail=f"“{sentence[:80]}”: "
                                                   f"{WORDS[next(iter(said - {0}))]} claimed, yet the stated change is 0")
        else:
            o = Outcome("pass", detail=f"{'、'.join(WORDS[v] for v in sorted(said))} with a change of {amounts[0].value}")
        yield Finding(key, o, f.page, key)


def _flat_is_about(f: Fact, claims: list[Fact]) -> bool:
    """Whether a 持平 claim speaks of the fact's own subject: the clause holding it names no other."""
    for c in claims:
        if c.value != 0 or not c.text or c.text not in c.sentence:
            continue
        at = c.sentence.find(c.text)
        clause = re.split(r"[，。；,;]", c.sentence[:at])[-1] + c.text
        found = last_subject(clause)
        return found is None or found[0].stem == f.stem
    return False


# -- a claim and its reason ---------------------------------------------------------------------
def _following_text(inp: Inputs, f: Fact, width: int = 80) -> str:
    """The words after the claim's sentence on its page (the next sentence), where page text is given."""
    if not inp.text_pages or not f.sentence:
        return ""
    if "squeezed_pages" not in inp.cache:
        inp.cache["squeezed_pages"] = [re.sub(r"\s+", "", str(t or "")) for _, t in inp.text_pages]
    want = re.sub(r"\s+", "", f.sentence)
    for flat in inp.cache["squeezed_pages"]:  # type: ignore[attr-defined]
        at = flat.find(want)
        if at >= 0:
            return flat[at + len(want):at + len(want) + width]
    return ""


def rule_claim_reason(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """A 大于/小于/增加/减少 claim is followed by its reason; `warn` where none is given."""
    fs = facts_of(inp)
    seen: set[str] = set()
    for f in _claims(fs):
        if f.value == 0 or f.sentence in seen:
            continue
        seen.add(f.sentence)
        later = [g for g in fs if g.index > f.index and g.sentence != f.sentence]
        next_sentence = later[0].sentence if later else ""
        after = f.sentence[f.sentence.find(f.text) + len(f.text):] if f.text and f.text in f.sentence else f.sentence
        reason = any(g.suffix == "reason" and g.sentence == f.sentence for g in fs) or \
            REASON_WORDS.search(after) or REASON_WORDS.match(next_sentence[:12]) or \
            REASON_WORDS.search(_following_text(inp, f)[:20])
        if reason:
            o = Outcome("pass", detail="the reason is given")
        else:
            o = Outcome("warn", detail=f"“{f.sentence[:80]}”: {WORDS[int(f.value)]} stated without its reason")
        yield Finding(f.key, o, f.page, f.key)


# -- the same figure stated twice -------------------------------------------------------------
def rule_stated_twice(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """One figure stated in two places says the same: `fail` under one heading, `warn` across two
    (a 基本支出 of all funds and one of the general budget may share a wording)."""
    fs = facts_of(inp)
    by_key: dict[tuple[str, str | None], list[Fact]] = {}
    for f in fs:
        if f.suffix in MONEY_SUFFIXES and f.value is not None and other_period(f, inp.year) is None:
            # 全年预算 and 调整预算 share a key; a 预算金额 is not a 决算数: the measure is part of the identity
            measure = budget_measure(f) if f.suffix != "amount" else (stated_measure(f) or "决算数")
            by_key.setdefault((f.key, measure), []).append(f)
    repeated = 0
    for (key, _), stated in by_key.items():
        if len(stated) < 2 or (stated[0].name and len(_named_rows(inp, stated[0])) > 1):
            continue  # one 项 name under several 款 (行政运行) is several figures
        repeated += 1
        first = stated[0]
        for other in stated[1:]:
            gap = abs(other.value - first.value)  # type: ignore[operator]
            if gap <= first.half + other.half:
                continue
            same_section = first.section == other.section
            status = "fail" if same_section and first.section else "warn"
            where = "under one heading" if status == "fail" else f"under “{first.section}” and “{other.section}”"
            o = Outcome(status, first.value, other.value,
                        detail=f"stated {first.value} (page {first.page}) and {other.value} (page {other.page}) {where}")
            yield Finding(key, o, ";".join(dict.fromkeys([first.page, other.page])), key)
            break
    if repeated:
        yield Finding(None, Outcome("pass", detail=f"{repeated} figures stated more than once, each the same "
                                                   "(any that differ are listed apart)"))


def _named_rows(inp: Inputs, f: Fact) -> list:
    level = (3,) if f.stem == "class" else (5, 7)
    key = class_key if f.stem == "class" else norm_label
    return [r for t in ("general_budget_expenditure", "expenditure")
            for r in coded_rows(inp, t, level, key, f.name)][:2] if f.stem in ("class", "item") else []


# -- 三公: all four items disclosed -------------------------------------------------------------
THREE_PUBLIC_ITEMS = (
    ("abroad", "因公出国（境）费", ("abroad_actual",), r"因公出国"),
    ("vehicle_purchase", "公务用车购置费", ("vehicle_purchase_actual",), r"公务用车购置(?!及)|车辆购置"),
    ("vehicle_operation", "公务用车运行维护费", ("vehicle_operation_actual",), r"(?<!购置及)运行(?:维护)?费"),
    ("reception", "公务接待费", ("reception_actual",), r"公务接待"),
)


def _narrative_text(inp: Inputs) -> str | None:
    """The explanatory text (情况说明 up to 名词解释), squeezed; None without page text."""
    if not inp.text_pages:
        return None
    if "narrative_text" not in inp.cache:
        pages = [(int(p), str(t or "")) for p, t in inp.text_pages]
        inp.cache["narrative_text"] = re.sub(r"\s+", "", "".join(t for _, t in narrative_pages(pages)))
    return inp.cache["narrative_text"]  # type: ignore[return-value]


def _undisclosed(inp: Inputs, words: str, pattern: str, what: str) -> Outcome:
    """No figure read for an item: a warn where the text never names it, insufficient_data where it
    does (its figure was printed but not read — a misread is not a finding)."""
    text = _narrative_text(inp)
    if text is not None and (re.search(rf"(?:无|没有|未发生|未产生|未安排|不涉及)[^，。；]{{0,10}}(?:{pattern})", text)
                             or re.search(rf"(?:{pattern})[^，。；]{{0,12}}(?:为零|为0(?![.\d])|未发生)", text)):
        return Outcome("pass", detail=f"{words}: stated as nil in words")
    if text is not None and re.search(pattern, text):
        return Outcome("insufficient_data", detail=f"the text names {words} but no figure of it was read")
    return Outcome("warn", detail=what)


def rule_three_public_disclosed(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """因公出国（境）, 公务用车购置, 公务用车运行 and 公务接待 each stated (公务接待 with 批次 and 人次)."""
    fs = facts_of(inp)
    if not fs:
        yield Finding(None, Outcome("insufficient_data", detail="no narrative facts extracted"))
        return
    keys = {f.key: f for f in fs}
    if "three_public_none" in keys:
        yield Finding(None, Outcome("not_applicable", detail="the text states there is no 三公 spending"))
        return
    if inp.status("three_public") == "empty":
        yield Finding(None, Outcome("not_applicable", detail="the 三公 table is printed empty"))
        return
    for subject, words, wanted, pattern in THREE_PUBLIC_ITEMS:
        stated = [keys[k] for k in wanted if k in keys]
        if stated:
            o = Outcome("pass", detail=f"{words} {stated[0].value}万元 stated")
        elif subject.startswith("vehicle") and "vehicle_actual" in keys:
            o = _undisclosed(inp, words, pattern,
                             f"only 公务用车购置及运行费 together is stated: {words} is not disclosed")
        else:
            o = _undisclosed(inp, words, pattern, f"{words} is not stated in the text")
        yield Finding(subject, o, stated[0].page if stated else "", words)
    reception = keys.get("reception_actual")
    if reception is not None and reception.value:
        for suffix, words in (("batches", "批次"), ("person_times", "人次")):
            hit = next((f for f in fs if f.key == f"reception_{suffix}" and f.value is not None), None)
            o = Outcome("pass", detail=f"{hit.value}{words}") if hit else \
                _undisclosed(inp, words, r"\d\s*" + words, f"公务接待费 {reception.value}万元 is stated without its {words}")
            yield Finding(f"reception_{suffix}", o, hit.page if hit else reception.page, f"公务接待{words}")


# -- a 类 / 款 / 项 named as the table names it ----------------------------------------------------
def rule_function_names(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    """Each 类/款/项 the text names matches the table's name for it; a near name `warn`s with the code."""
    fs = facts_of(inp)
    seen: set[tuple[str, str]] = set()
    for f in fs:
        if f.stem not in ("class", "item") or not f.name or (f.stem, f.name) in seen:
            continue
        seen.add((f.stem, f.name))
        level = (3,) if f.stem == "class" else (5, 7)
        key = class_key  # a trailing 支出 is no other name (机关事业单位基本养老保险缴费 / …缴费支出)
        rows = [r for t in ("general_budget_expenditure", "expenditure") for r in inp.rows(t) if len(r.code) in level]
        if not rows:
            continue
        want = key(f.name)
        if any(key(r.item) == want for r in rows):
            o = Outcome("pass", detail=f"{f.name} as printed in the table")
        else:
            names = {key(r.item): r for r in rows}
            near = [r for r in rows if key(r.item).startswith(want) or want.startswith(key(r.item))]
            close = near[:1] or [names[n] for n in difflib.get_close_matches(want, list(names), n=1, cutoff=0.6)]
            if close:
                r = close[0]
                o = Outcome("warn", detail=f"the text names “{f.name}”; the table names {r.code} “{norm_label(r.item)}”")
            else:
                o = Outcome("insufficient_data", detail=f"no {('类' if f.stem == 'class' else '款/项')} named "
                                                        f"“{f.name}” in the tables")
        yield Finding(f.name, o, f.page, f.name, tables="general_budget_expenditure;expenditure")


def _spec(id_: str, zh: str, en: str, rule, tables: tuple[str, ...] = ()) -> None:
    register(CheckSpec(id_, "narrative", zh, en, tables, rule))


_spec("narrative.claim_change", "增加/减少/持平的说法与所述增减额一致", "a 增加/减少/持平 claim agrees with its change figures",
      rule_claim_change)
_spec("narrative.claim_reason", "大于/小于/增加/减少的说法附有原因", "a 大于/小于/增加/减少 claim is followed by its reason",
      rule_claim_reason)
_spec("narrative.stated_twice", "同一数字两处表述一致", "a figure stated twice says the same", rule_stated_twice)
_spec("narrative.three_public_disclosed", "“三公”经费四项及公务接待批次、人次均有说明",
      "the four 三公 items, and 公务接待's 批次 and 人次, are disclosed", rule_three_public_disclosed, ("three_public",))
_spec("narrative.function_name", "说明中的类/款/项名称与表中一致", "a 类/款/项 is named as the table names it",
      rule_function_names, ("general_budget_expenditure", "expenditure"))

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
data too. A new region's wording is a new row in one of these tables (all in analysis.prose.wording;
where the narrative starts and ends is analysis.prose.narrative_region). This module is the reader
that walks the sentences with them.

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
from .narrative_region import narrative_pages
from .sentences import ITEM_START, Pages, Sentence, sentences
from .wording import (
    BARE_TAIL,
    BASIS,
    CUE_PATTERNS,
    DIRECTION_WORDS,
    DIRECTIONS,
    FLAT,
    LIST_ITEM_STRIP,
    LIST_PATTERNS,
    MONEY,
    NONE_PATTERNS,
    PLACEHOLDER_PATTERNS,
    REASON,
    SUBJECT_PATTERNS,
    TEMPLATE_INSTRUCTION,
    Current,
    Token,
    key,
    last_subject,
    tokens,
)

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
        for pattern, spec in CUE_PATTERNS:
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
        for pattern, spec in LIST_PATTERNS:
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
        for pattern, fact in NONE_PATTERNS:
            m = pattern.search(text)
            if m and not instruction:
                self.emit(s, fact, 1.0, "", m.start(), m.group(0))
        for pattern, fact in PLACEHOLDER_PATTERNS:
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
    best = max((m.end() - m.start() for p, _ in SUBJECT_PATTERNS for m in p.finditer(body)), default=0)
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

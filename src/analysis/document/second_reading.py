"""A second opinion on every page's numbers: PDFium's own text against juesuan's lines.

Why: a line builder that tears numbers from their words, splits one number in two or glues two
together fails silently; the run "succeeds" with wrong facts. PDFium builds its text
(``get_text_range``) by its own rules, independently of ours, so where the two readings of a page
disagree on its numbers, one of them is wrong and the page must be looked at.

The comparison has to be right for both kinds of content stream. PDFium's text follows the
stream; ours follows the page. So:

* on every page, the *multiset* of number tokens must be the same (order-free: a stream drawn in
  any order prints the same numbers, and a number split, glued or misread shows as a
  difference). Where PDFium's text has no whole numbers to compare — the stream tears words apart
  (fewer than half of its consecutive characters are neighbours on the page: glyphs drawn one by
  one in a scrambled order), or PDFium breaks the line after most characters (it does on some
  glyph-by-glyph pages) — the multiset of digits is compared instead;
* on a page of running text (no ruled lines) whose stream runs in reading order (at most
  ``MAX_BACKWARD`` moves against it, as a header or footer drawn first makes), every number must
  also keep its neighbours: each (character before, number, character after) of our lines must
  be found in PDFium's text, where a neighbour PDFium puts at a line end counts as agreeing. This
  is what catches a number set on another baseline and read as a line of its own, which keeps the
  multiset and even the sequence of the page's numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..catalogue import CATALOGUE
from .normalise import normalise_text

NUMBER_TOKEN = re.compile(r"(?<![\d.,])\d(?:[\d,.]*\d)?")
"""A printed number as both readers give it: digits with inner , and . (``1,132.98``)."""
_SPACE = re.compile(r"\s+")
MAX_BACKWARD = 3
MIN_COHERENCE = 0.5


@dataclass
class PageAgreement:
    """How a page's numbers compare between juesuan's lines and PDFium's text."""

    page: int
    numbers: int  # number tokens in our lines
    missing: list[str] = field(default_factory=list)  # in PDFium's text, not in ours
    extra: list[str] = field(default_factory=list)  # in ours, not in PDFium's
    order_checked: bool = False
    compared: str = "numbers"  # or "digits", where the stream scrambles the characters of words
    misplaced: list[str] = field(default_factory=list)  # "计|2946.25|万" as we read it, not found in PDFium

    @property
    def agrees(self) -> bool:
        return not (self.missing or self.extra or self.misplaced)

    def evidence(self) -> str:
        """One clause for a reviewer: what differs on this page."""
        parts = []
        if self.missing:
            parts.append("PDFium reads " + ", ".join(self.missing[:5]) + " which juesuan does not")
        if self.extra:
            parts.append("juesuan reads " + ", ".join(self.extra[:5]) + " which PDFium does not")
        if self.misplaced:
            parts.append("away from its words in juesuan's lines: " + ", ".join(self.misplaced[:5]))
        return f"p.{self.page}: " + "; ".join(parts)


def number_tokens(text: str) -> list[str]:
    return NUMBER_TOKEN.findall(text)


def backward_moves(chars: list[dict]) -> int:
    """How often the stream goes back against reading order (up the page, or left on a line)."""
    ink = [c for c in chars if not c["text"].isspace()]
    moves = 0
    for a, b in zip(ink, ink[1:]):
        height = min(a["bottom"] - a["top"], b["bottom"] - b["top"])
        overlap = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
        if overlap >= 0.5 * height:
            moves += b["x0"] < a["x0"] - 0.5 * height
        else:
            moves += b["top"] < a["top"]
    return moves


def coherence(chars: list[dict]) -> float:
    """Share of consecutive stream characters that are also neighbours on the page (same line,
    the second just right of the first): near 1 for any producer that writes words whole, near 0
    for glyphs written one by one in a scrambled order."""
    ink = [c for c in chars if not c["text"].isspace()]
    if len(ink) < 2:
        return 1.0
    near = 0
    for a, b in zip(ink, ink[1:]):
        height = min(a["bottom"] - a["top"], b["bottom"] - b["top"])
        overlap = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
        near += overlap >= 0.5 * height and -0.5 * height <= b["x0"] - a["x1"] <= height
    return near / (len(ink) - 1)


def _neighbours(text: str) -> list[tuple[str, str, str]]:
    """Each number of each line with the printed characters touching it ('' at a line's edge)."""
    out = []
    for line in re.split(r"[\r\n]+", text):
        for m in NUMBER_TOKEN.finditer(line):
            out.append((_SPACE.sub("", line[:m.start()])[-1:], m.group(0), _SPACE.sub("", line[m.end():])[:1]))
    return out


def _misplaced(ours: str, theirs: str) -> list[str]:
    pool = Counter(_neighbours(theirs))
    bad = []
    for before, number, after in _neighbours(ours):
        for candidate in ((before, number, after), ("", number, after), (before, number, ""), ("", number, "")):
            if pool[candidate] > 0:
                pool[candidate] -= 1
                break
        else:
            bad.append(f"{before}|{number}|{after}")
    return bad


def compare_page(page: int, ours: str, theirs: str, chars: list[dict], running_text: bool) -> PageAgreement:
    """Compare one page (see the module's docstring for the rule).

    PDFium's text is read with the characters a reader sees (`normalise`), as juesuan's lines
    are: ２０２３ and 2023 are one number, and a radical must not count as a difference.
    """
    theirs = normalise_text(theirs)
    ink = sum(1 for c in chars if not c["text"].isspace())
    fragmented = ink >= 10 and len(re.findall(r"\r\n|\n", theirs)) >= 0.5 * ink  # PDFium: a line per glyph
    coherent = coherence(chars) >= MIN_COHERENCE and not fragmented
    if coherent:
        mine, pdfium = Counter(number_tokens(ours)), Counter(number_tokens(theirs))
    else:
        mine, pdfium = Counter(re.findall(r"\d", ours)), Counter(re.findall(r"\d", theirs))
    result = PageAgreement(page, len(number_tokens(ours)), sorted((pdfium - mine).elements()),
                           sorted((mine - pdfium).elements()), compared="numbers" if coherent else "digits")
    if coherent and running_text and backward_moves(chars) <= MAX_BACKWARD:
        result.order_checked = True
        result.misplaced = _misplaced(ours, theirs)
    return result


READING_COLUMNS = CATALOGUE["reading"].column_list
"""reading.csv: one row per page, how its numbers compare between the two readings."""


def reading_frame(agreements: list[PageAgreement | None]):
    """The pages' agreements as reading.csv rows (pages without text are left out)."""
    import pandas as pd

    rows = [{"page": a.page, "numbers": a.numbers, "order_checked": a.order_checked, "agrees": a.agrees,
             "evidence": "" if a.agrees else a.evidence()} for a in agreements if a is not None]
    return pd.DataFrame(rows, columns=READING_COLUMNS)

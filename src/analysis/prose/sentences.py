"""Page texts in reading order, sentences joined across line and page breaks, numbers normalised.

Why this module exists: the explanatory part of a final-accounts report is prose that wraps with
no space (Chinese), runs over page breaks mid-sentence, and prints the same number as
``1,132.98`` / ``1132.98万元`` / ``18.6 %``. Some PDF producers (Word, WPS re-typesetting) also
emit the text layer out of visual order. Everything downstream (narrative facts, coverage)
works on the `Sentence` objects built here, which remember the page of every character so a
fact can cite the page its number is printed on, not only the page its sentence starts on.

Only `read_pages` touches a PDF (through `document.pdfdoc`, which builds each page's text with
`document.lines.words_text`); the rest are pure functions over ``list[(page_no, text)]`` so tests can feed
text directly.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..document.normalise import normalise_text
from ..document.pdfdoc import open_report
from ..domain import WANYUAN_PER_UNIT, is_page_number, parse_amount

Pages = list[tuple[int, str]]

# --------------------------------------------------------------------------------------------
# Reading a PDF in visual order (the lines themselves are built by analysis.document.lines)
# --------------------------------------------------------------------------------------------


def read_pages(pdf_path: Path | str) -> Pages:
    """Every page of a report PDF as (1-based page number, text in visual order)."""
    with open_report(pdf_path) as doc:
        return doc.page_texts


def split_dump_pages(text: str, first_page: int = 1) -> Pages:
    """Pages of a plain-text dump in which a line starting with a space opens a new page.

    That is how the seed text (and pdftotext-like dumps of the same family) mark page breaks.
    """
    pages: Pages = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith(" ") and current:
            pages.append((first_page + len(pages), "\n".join(current)))
            current = []
        current.append(line)
    if current:
        pages.append((first_page + len(pages), "\n".join(current)))
    return pages


# --------------------------------------------------------------------------------------------
# Number normalisation
# --------------------------------------------------------------------------------------------

_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_SPACE = re.compile(r"\s+")

NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
"""A printed amount: 1132.98, 1,132.98, 0.3, 100."""


def normalise_spaces(text: str) -> str:
    """Drop spaces that only come from typesetting: keep one only between two ASCII words.

    ``18.6 %`` → ``18.6%``, ``2023 年 12月`` → ``2023年12月``, ``收、\\n支`` → ``收、支``, but
    ``PDF file`` and ``10 11`` keep their space (two numbers must not merge into one).
    """
    text = normalise_text(text)  # the text layer's characters are so already; a caller's may not be
    parts = _SPACE.split(text.strip())
    out = parts[0] if parts else ""
    for part in parts[1:]:
        if out and part and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " "
        out += part
    return out



def parse_number(token: str) -> float:
    """``'1,132.98'`` → 1132.98: `domain.parse_amount` as a float (the narrative frame holds floats).

    Raises ValueError on anything that is not a plain number.
    """
    value = parse_amount(token)
    if value is None:
        raise ValueError(f"not a printed number: {token!r}")
    return float(value)


def to_wanyuan(value: float, unit: str) -> tuple[float, str]:
    """Express a money amount in 万元; other units (%, 辆, 个, …) pass through unchanged."""
    if unit in WANYUAN_PER_UNIT:
        return round(value * float(WANYUAN_PER_UNIT[unit]), 6), "万元"
    return value, unit


# --------------------------------------------------------------------------------------------
# Joining lines and pages into sentences
# --------------------------------------------------------------------------------------------

def _page_lines(text: str) -> list[str]:
    """A page's normalised lines without blank lines and running page numbers (``— 23 —``,
    ``第5页`` anywhere; a bare ``23`` only as a first or last line, elsewhere it may be a figure)."""
    lines = [normalise_spaces(raw) for raw in text.splitlines()]
    lines = [ln for ln in lines if ln and not is_page_number(ln, at_edge=False)]
    while lines and is_page_number(lines[-1]):
        lines.pop()
    while lines and is_page_number(lines[0]):
        lines.pop(0)
    return lines

HEADING_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(r"^第[一二三四五六七八九十]+部分")),
    ("section", re.compile(r"^[一二三四五六七八九十]+、")),
    ("subsection", re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
]
"""Lines that open a section. A line that matches and carries no sentence punctuation is a
heading on its own; one that runs on (``1.一般公共服务（类）支出。年初预算…``) is a list item."""

ITEM_START = re.compile(r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[）)])")
"""Numbered list items (``1.`` ``1、`` ``（1）``): always start a new sentence."""

SENTENCE_END = "。！？!?"


@dataclass
class Sentence:
    """One sentence of the report with where it came from.

    ``pages`` maps character offsets of ``text`` to page numbers (the page changes at each
    offset in ``breaks``), so a number inside a sentence that runs over a page break cites the
    page it is printed on.
    """

    text: str
    part: str = ""
    section: str = ""
    subsection: str = ""
    is_heading: bool = False
    breaks: list[int] = field(default_factory=list)
    break_pages: list[int] = field(default_factory=list)

    def page_at(self, offset: int) -> int:
        i = bisect.bisect_right(self.breaks, offset) - 1
        return self.break_pages[max(i, 0)]

    @property
    def page(self) -> int:
        return self.break_pages[0]


def heading_kind(line: str) -> str | None:
    """``part`` / ``section`` / ``subsection`` when the line is a heading, else None."""
    stripped = line.strip()
    for kind, pattern in HEADING_PATTERNS:
        m = pattern.match(stripped)
        if m:
            body = stripped[m.end():]
            if not re.search(r"[。；，]", body.rstrip("。")) and len(stripped) <= 60:
                return kind
            return None
    return None


class _Builder:
    """Accumulates characters into sentences, recording the page of each run of text."""

    def __init__(self) -> None:
        self.sentences: list[Sentence] = []
        self.buf = ""
        self.breaks: list[int] = []
        self.pages: list[int] = []
        self.ctx = {"part": "", "section": "", "subsection": ""}

    def add(self, text: str, page: int) -> None:
        if not text:
            return
        if self.buf and _ASCII_WORD.match(self.buf[-1]) and _ASCII_WORD.match(text[0]):
            self.buf += " "
        if not self.pages or self.pages[-1] != page:
            self.breaks.append(len(self.buf))
            self.pages.append(page)
        self.buf += text

    def flush(self, is_heading: bool = False) -> None:
        text = self.buf.strip()
        if text:
            lead = len(self.buf) - len(self.buf.lstrip())
            breaks = [max(b - lead, 0) for b in self.breaks]
            self.sentences.append(Sentence(text, **self.ctx, is_heading=is_heading,
                                           breaks=breaks, break_pages=list(self.pages)))
        self.buf, self.breaks, self.pages = "", [], []

    def add_line(self, line: str, page: int) -> None:
        """Split a line at sentence ends so each sentence keeps its own page map."""
        start = 0
        for i, ch in enumerate(line):
            if ch in SENTENCE_END:
                self.add(line[start:i + 1], page)
                self.flush()
                start = i + 1
        self.add(line[start:], page)


def sentences(pages: Pages) -> list[Sentence]:
    """Sentences of the given pages, joined across line and page breaks, with their headings.

    A sentence ends at 。！？, at a heading and before a numbered list item. Headings become
    sentences of their own (``is_heading``) and set the ``part`` / ``section`` / ``subsection``
    context of the sentences after them, so a pattern can tell 收支总计 in 一、收入支出决算总体
    情况 from the same words elsewhere.
    """
    b = _Builder()
    for page_no, text in pages:
        for line in _page_lines(text):
            kind = heading_kind(line)
            if kind:
                b.flush()
                b.ctx[kind] = line
                if kind == "part":
                    b.ctx["section"] = b.ctx["subsection"] = ""
                elif kind == "section":
                    b.ctx["subsection"] = ""
                b.add(line, page_no)
                b.flush(is_heading=True)
                continue
            if ITEM_START.match(line):
                b.flush()
            b.add_line(line, page_no)
    b.flush()
    return b.sentences

"""A page's characters as text lines in reading order, whatever the producer wrote.

Why geometry and not the content stream or equal baselines: producers write the same page in
very different ways. ONLYOFFICE and Word set digits in a Latin font whose box sits lower than
the Chinese font's, so a line grouped by equal baselines (or by a top within 3 pt) tears the
numbers from their words (``其中：财政拨款收入万元，占；其他2946.25 2940.05 99.79%``). PDF
printers position every character on its own; some producers draw text in an order unrelated
to reading order; justified text spreads every character. The one mechanism here copes with all
of them: characters belong to one line when their boxes overlap vertically by half the smaller
height (different baselines and sizes still overlap that much; two lines of body text never do),
lines are read top to bottom and characters left to right by position, never by stream order,
and a space is printed only where the gap is wider than the line's own letter spacing.

Pure Python over the characters once per page: a sort and a sweep (no pdfminer).
"""

from __future__ import annotations

from dataclasses import dataclass

OVERLAP = 0.5
"""Share of the smaller box height two characters must share vertically to be on one line."""
SPACE_GAP = 0.25
"""A gap wider than this many ems (beyond the line's own letter spacing) is a word break."""
MIXED_GAP = 0.5
"""The same between a Chinese character and a Latin letter or digit, which producers space apart."""


@dataclass
class Line:
    """One visual line: its characters left to right, its text and its box."""

    chars: list[dict]
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    def as_dict(self) -> dict:
        """The shape pdfplumber's text lines have (text and box), which the locators read."""
        return {"text": self.text, "x0": self.x0, "top": self.top, "x1": self.x1, "bottom": self.bottom}


def _height(c: dict) -> float:
    return max(c["bottom"] - c["top"], 0.1)


def _is_cjk(text: str) -> bool:
    return "\u3400" <= text <= "\u9fff"


def group_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters (spaces included) clustered into visual lines, top to bottom, each left to right.

    A character joins the line above it when it overlaps that line's band (the mean top and
    bottom of the line's printed characters) by half the smaller height. Sorting by the middle
    of the box first makes the sweep independent of the content-stream order.
    """
    bands: list[list] = []  # [top, bottom, members, inked]
    for c in sorted(chars, key=lambda c: c["top"] + c["bottom"]):
        top, bottom = c["top"], c["bottom"]
        blank = c["text"].isspace()
        if bands:
            band = bands[-1]
            overlap = min(band[1], bottom) - max(band[0], top)
            if overlap > 0 and overlap >= OVERLAP * min(bottom - top, band[1] - band[0]):
                band[2].append(c)
                if not blank:  # spaces have odd boxes in some producers: they do not move a line
                    n = band[3]
                    band[0] = (band[0] * n + top) / (n + 1)
                    band[1] = (band[1] * n + bottom) / (n + 1)
                    band[3] = n + 1
                continue
        bands.append([top, bottom, [c], 0 if blank else 1])
    return [sorted(b[2], key=lambda c: c["x0"]) for b in bands if b[3]]


def line_text(chars: list[dict]) -> str:
    """A line's characters joined, with a space where the page shows one.

    A printed space counts; so does a gap wider than a quarter em beyond the line's own letter
    spacing, measured between its Chinese characters (justified text spreads them all, and a
    number set in it must not fall apart into digits); half an em between Chinese and Latin or
    digits, which producers set a quarter em apart.
    """
    ink = [c for c in chars if not c["text"].isspace()]
    gaps = sorted(
        g for a, b in zip(ink, ink[1:])
        if _is_cjk(a["text"]) and _is_cjk(b["text"]) and 0 < (g := b["x0"] - a["x1"]) < 2 * _height(a)
    )
    spacing = gaps[len(gaps) // 2] if len(gaps) >= 3 else 0.0
    out: list[str] = []
    prev: dict | None = None
    space = False
    for c in chars:
        if c["text"].isspace():
            space = prev is not None
            continue
        if prev is not None:
            em = min(_height(prev), _height(c))
            # Chinese next to Latin or digits is set apart by a quarter em (Word's auto-spacing):
            # not a word break, so only a wider gap counts there
            mixed = _is_cjk(prev["text"]) != _is_cjk(c["text"])
            if space or c["x0"] - prev["x1"] > spacing + (MIXED_GAP if mixed else SPACE_GAP) * em:
                out.append(" ")
            elif c["x0"] < prev["x0"] + 0.2 * em and c["text"] == prev["text"]:
                continue  # the same character drawn twice on itself (fake bold)
        out.append(c["text"])
        prev, space = c, False
    return "".join(out)


def page_lines(chars: list[dict]) -> list[Line]:
    """The page's lines (upright text; rotated characters as lines of their own after them)."""
    upright = [c for c in chars if c.get("upright", True)]
    rotated = [c for c in chars if not c.get("upright", True) and not c["text"].isspace()]
    groups = group_lines(upright) + ([rotated] if rotated else [])
    out = []
    for group in groups:
        ink = [c for c in group if not c["text"].isspace()]
        out.append(Line(group, line_text(group), min(c["x0"] for c in ink), min(c["top"] for c in ink),
                        max(c["x1"] for c in ink), max(c["bottom"] for c in ink)))
    return out


def lines_text(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines)


def turn_to_read(chars: list[dict]) -> int:
    """The quarter-turn (degrees, as `qpdf --rotate` takes it) that would set a page's text upright:
    0 when most of its characters already are; -90 when its text runs down the page (a page turned
    clockwise), +90 when it runs up. Why: a page displayed sideways has a text layer that no table
    finder can read, and its refusal should say how to mend it rather than "no text layer"."""
    ink = [c for c in chars if not c["text"].isspace()]
    turned = [c for c in ink if not c.get("upright", True)]
    if not ink or 2 * len(turned) <= len(ink):
        return 0
    down = sum(1 for a, b in zip(turned, turned[1:]) if b["top"] > a["top"] and abs(b["x0"] - a["x0"]) < 1)
    up = sum(1 for a, b in zip(turned, turned[1:]) if b["top"] < a["top"] and abs(b["x0"] - a["x0"]) < 1)
    return -90 if down >= up else 90

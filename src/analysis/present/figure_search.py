"""Where a finding's figures and sentences are among a page's printed characters: the strings a
stated figure may be printed as, and a search over the page's characters (spaces dropped, each
character with its box) that never takes the 6 of 16.8 for a 6."""

from __future__ import annotations

import re

from .findings_zh import number_or_none as _num

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in pdfplumber's page coordinates
DIRECTION_WORDS = ("大于", "小于", "等于", "持平", "增加", "减少", "上升", "下降", "增长")


def figure_strings(value: object, key: str = "") -> list[str]:
    """How a stated figure may be printed: 1132.98, 1,132.98, 73 for 73.0; direction words."""
    if key.endswith("direction") or key.endswith("vs_budget"):
        return list(DIRECTION_WORDS)
    v = _num(value)
    if v is None:
        return []
    out = []
    for places in (2, 1, 0):
        text = f"{abs(v):.{places}f}"
        if float(text) == abs(v):
            out += [text, f"{abs(v):,.{places}f}"]
    return list(dict.fromkeys(out))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


class PageChars:
    """A page's printed characters (no spaces) as one string, with each character's box."""

    def __init__(self, chars: list[dict]) -> None:
        self.chars = [c for c in chars if not c["text"].isspace()]
        self.text = "".join(c["text"] for c in self.chars)

    def find(self, needle: str, within: tuple[int, int] | None = None, figure: bool = False) -> tuple[int, int] | None:
        """The first occurrence (of a figure: not inside a longer number, 6 is not the 6 of 16.8)."""
        needle = _squeeze(needle)
        if not needle:
            return None
        lo, hi = within or (0, len(self.text))
        i = self.text.find(needle, lo, hi)
        while figure and i >= 0 and (self._numeric(i - 1) or self._numeric(i + len(needle))):
            i = self.text.find(needle, i + 1, hi)
        return (i, i + len(needle)) if i >= 0 else None

    def _numeric(self, i: int) -> bool:
        return 0 <= i < len(self.text) and (self.text[i].isdigit() or self.text[i] in ".,")

    def find_sentence(self, sentence: str) -> tuple[int, int] | None:
        """The sentence's span; a sentence the reader joined across a page or a table is found by
        its longest leading part that is on the page."""
        s = _squeeze(sentence)
        for length in (len(s), 40, 24, 12):
            if length <= len(s) and (hit := self.find(s[:length])):
                return hit[0], min(len(self.text), hit[0] + len(s))
        return None

    def box(self, span: tuple[int, int]) -> Box:
        picked = self.chars[span[0]:span[1]]
        return (min(c["x0"] for c in picked), min(c["top"] for c in picked),
                max(c["x1"] for c in picked), max(c["bottom"] for c in picked))

    def line_boxes(self, span: tuple[int, int]) -> list[Box]:
        """One box per printed line of the span (a sentence wraps; its union would cover the page)."""
        out: list[list[float]] = []
        for c in self.chars[span[0]:span[1]]:
            if out and abs(c["top"] - out[-1][1]) < 0.5 * max(c["bottom"] - c["top"], 1.0) and c["x0"] >= out[-1][0] - 1:
                b = out[-1]
                b[0], b[1], b[2], b[3] = min(b[0], c["x0"]), min(b[1], c["top"]), max(b[2], c["x1"]), max(b[3], c["bottom"])
            else:
                out.append([c["x0"], c["top"], c["x1"], c["bottom"]])
        return [tuple(b) for b in out]  # type: ignore[misc]

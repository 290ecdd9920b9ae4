"""A page's words → text lines in reading order.

Why it lives in the document layer: the text layer is read once (`pdfdoc.ReportDoc.pages`), and
each page's visual-order text is built in that same pass, so the prose readers and the 自评表
reader take lines from here instead of grouping words again.
"""

from __future__ import annotations


def group_lines(words: list[dict], y_tolerance: float) -> list[list[dict]]:
    """Cluster words into visual lines by their vertical middle, then order each line by x.

    Sorting by (top, x0) alone breaks when a producer nudges a word by a fraction of a point
    (superscripts, mixed fonts): the line is torn apart. Clustering by middle height with a
    tolerance keeps such a line whole.
    """
    lines: list[list[dict]] = []
    mids: list[float] = []
    for w in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        mid = (w["top"] + w["bottom"]) / 2
        if lines and abs(mid - mids[-1]) <= y_tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
            mids.append(mid)
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def line_text(line: list[dict]) -> str:
    """Join a line's words, with a space only where the page shows a visible gap."""
    out = ""
    prev = None
    for w in line:
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            size = max(prev["bottom"] - prev["top"], 1.0)
            if gap > 0.25 * size:
                out += " "
        out += w["text"]
        prev = w
    return out


def words_text(words: list[dict], y_tolerance: float = 3.0) -> str:
    """Text of one page's words in visual order: lines top to bottom, words left to right."""
    return "\n".join(line_text(line) for line in group_lines(words, y_tolerance))

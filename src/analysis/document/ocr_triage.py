"""Which pages are read from their picture, and why: no text layer, a pasted picture, a lying layer.

Why each test:

* ``no_text_layer`` — a page with (almost) no characters whose picture shows something: a scan.
* ``pictured`` — the same in a report whose other pages have text, or a page whose text layer
  holds a few numbers at most (a title's year, 公开01表) while pictures cover much of it: a table
  pasted in as a picture under a title typed as text.
* ``text_layer_disagrees`` — the text layer says one thing, the page shows another. Seen after a
  Ghostscript rewrite whose font maps 、 to ``1`` and 。 to ``2``: numbers on the page that the
  page does not show. Both PDF readers read the same ToUnicode map, so only the picture can tell.
  The test is cheap: a few places where the layer prints a number are rendered (just those
  boxes) and recognised, and the digits compared. Places where a lie shows first are sampled
  first: a short number between Chinese characters, or ending a line after one (where 、 and 。
  stand). Only when the document's sample disagrees are the pages sampled one by one, and the
  pages that disagree are read by OCR.
* ``text_layer_unreadable`` — the layer holds characters, but not the ones a Chinese report
  prints: seen after a Ghostscript ps2write → ps2pdf round trip, whose fonts become WinAnsi
  TrueType with no ToUnicode, so the layer spells glyph numbers as control characters and
  Latin-1 letters (``\x13 2 \x13``, ``ÇÉÑÖÜá``). The measure is one pass over the page's
  characters, no rendering: among those that are not spaces, digits or a figure's punctuation
  (a table of figures is mostly those, in any script), fewer than `UNREADABLE_CJK` are
  CJK ideographs while at least `UNREADABLE_STRANGE` are strange (control characters,
  private-use or unassigned code points, letters outside ASCII that are not CJK). A plainly
  Chinese page fails the first test at once; a page of English or of digits fails the second.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pypdfium2.raw as pdfium_c

from .lines import Line
from .ocr_engine import recognise
from .ocr_image import render_grey

NO_TEXT_CHARS = 20  # a page with no more characters than this has no text layer to speak of
PICTURED_SHARE = 0.3  # pictures covering this share of a page with few numbers: read the picture
PICTURE_PAGE_NUMBERS = 4  # "few": a title's year, 公开01表, the page number in the text over a pasted table
FEW_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")
DOC_SAMPLES = 2  # places sampled in the whole document (≈ 40 ms of recognition each: ≤ 5 % of a department) …
PAGE_SAMPLES = 4  # … and, once it disagrees, on each page
CHECK_DPI = 216
CONTEXT_CHARS = 2  # characters either side of the number recognised with it …
WORD_GAP = 0.3  # … within its word: a gap wider than this (ems) ends it
CROP_MARGIN = 2.0  # points of the page around a sample's box in its crop
UNREADABLE_MIN_CHARS = 5  # fewer characters than this say nothing about the layer (a page number)
UNREADABLE_CJK = 0.1  # a page whose characters are less than this share CJK ideographs …
UNREADABLE_STRANGE = 0.3  # … and at least this share strange ones spells no Chinese
_SAYS_NOTHING = set("0123456789.,-+%()/:")  # a table's figures: in any script, not counted
_NUMBER = re.compile(r"[0-9][0-9.,%]*")
_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_LOOKALIKE = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})


@dataclass(frozen=True)
class Sample:
    """A place where the text layer prints digits: the layer's text there and its box (points)."""

    page: int
    text: str
    box: tuple[float, float, float, float]
    suspicious: bool  # a short number between Chinese characters (where 、 and 。 stand)


def image_share(pdfium_page, width: float, height: float) -> float:
    """The share of the page that image objects cover (bounding boxes, overlaps counted twice)."""
    raw = pdfium_page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    area = 0.0
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            area += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
    return area / max(width * height, 1.0)


def reason_without_layer(char_count: int, has_numbers: bool, share: float, drawn: bool) -> str:
    """The reason a page is read from its picture, judged from its own text layer ("" when not).

    A page without characters that shows a picture or drawing, or with a few characters over a
    large picture, is ``no_text_layer`` here; the document's pass renames it ``pictured`` when
    other pages have text (`name_reasons`). A short page of text (a cover) is left alone.
    """
    if char_count == 0 and (share > 0 or drawn):
        return "no_text_layer"
    if char_count <= NO_TEXT_CHARS and share >= PICTURED_SHARE:
        return "no_text_layer"
    if not has_numbers and share >= PICTURED_SHARE:
        return "pictured"
    return ""


def name_reasons(reasons: dict[int, str], pages_with_text: int) -> dict[int, str]:
    """A textless page in a report with text on other pages is a pasted picture, not a scan."""
    if not pages_with_text:
        return reasons
    return {p: ("pictured" if r == "no_text_layer" else r) for p, r in reasons.items()}


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _is_strange(ch: str) -> bool:
    """A character no Chinese report prints as text: a control, private-use or unassigned code
    point, or a letter outside ASCII and CJK (what a font with no ToUnicode spells as Latin-1)."""
    category = unicodedata.category(ch)
    if category in ("Cc", "Co", "Cn"):
        return True
    return ch > "\x7f" and category.startswith("L") and not _is_cjk(ch) and not "\uf900" <= ch <= "\ufaff"


def unreadable(texts: list[str]) -> bool:
    """Whether a page's text layer (its characters' texts) spells no Chinese: mostly strange
    characters and (almost) no CJK ideographs. Control characters count even where Python calls
    them spaces (``\t``, ``\x0b``): a text layer gives them only when a font misspells glyphs."""
    chars = [t for text in texts for t in text if t != " " and t not in _SAYS_NOTHING]
    if len(chars) < UNREADABLE_MIN_CHARS:
        return False
    if sum(1 for t in chars if _is_cjk(t)) >= UNREADABLE_CJK * len(chars):
        return False  # a plainly Chinese page: decided by comparisons alone
    return sum(1 for t in chars if _is_strange(t)) >= UNREADABLE_STRANGE * len(chars)


def _words(chars: list[dict]) -> list[list[dict]]:
    """A line's characters cut where a gap opens (a table's cells, spaced words): a sample's
    context never crosses into the next cell, whose rule the picture would show as a stroke."""
    words: list[list[dict]] = []
    for c in chars:
        if c["text"].isspace():
            continue
        size = max(c["bottom"] - c["top"], 1.0)
        if words and c["x0"] - words[-1][-1]["x1"] <= WORD_GAP * size:
            words[-1].append(c)
        else:
            words.append([c])
    return words


def samples_of(page: int, lines: list[Line]) -> list[Sample]:
    """The places on a page where its layer prints digits, suspicious ones first."""
    out = []
    for line in lines:
        for chars in _words(line.chars):
            text = "".join(c["text"] for c in chars)
            for m in _NUMBER.finditer(text):
                start, end = m.start(), m.end()
                left = text[start - 1] if start else ""
                right = text[end] if end < len(text) else ""
                suspicious = len(m.group()) <= 2 and _is_cjk(left) and (_is_cjk(right) or not right)
                lo, hi = max(0, start - CONTEXT_CHARS), min(len(chars), end + CONTEXT_CHARS)
                span = chars[lo:hi]
                box = (min(c["x0"] for c in span), min(c["top"] for c in span),
                       max(c["x1"] for c in span), max(c["bottom"] for c in span))
                out.append(Sample(page, text[lo:hi], box, suspicious))
    return sorted(out, key=lambda s: not s.suspicious)


def pick(samples: list[Sample], count: int) -> list[Sample]:
    """`count` samples, suspicious ones first, spread over as many pages as they come from."""
    ordered = sorted(samples, key=lambda s: not s.suspicious)
    chosen, pages = [], set()
    for s in ordered:  # one per page first …
        if len(chosen) < count and s.page not in pages:
            chosen.append(s)
            pages.add(s.page)
    for s in ordered:  # … then the rest
        if len(chosen) < count and s not in chosen:
            chosen.append(s)
    return chosen


def _numbers(text: str) -> Counter:
    """The numbers a text spells, separators dropped (1,132.98 and 1.132.98 are one reading)."""
    return Counter(re.sub(r"[.,]", "", m) for m in _RUN.findall(text.translate(_LOOKALIKE)))


def shows(seen: str, printed: str) -> bool:
    """Does the picture's reading show every number the layer prints there, each whole?

    Not "the same digits": the characters around a number are recognised with it, and where the
    page cannot draw them (a report made without a Chinese font shows empty boxes, "tofu") the
    recogniser reads the boxes as 0s and 1s. A lie still shows: 、 printed as 1 is no 1 in the picture.
    """
    return not (_numbers(printed) - _numbers(seen))


def undrawn(seen: str, printed: str) -> bool:
    """The layer spells Chinese around the number, the picture shows none: the page draws empty boxes.

    A report made without a Chinese font (its PDF names one it does not embed) keeps the text in
    its layer, so its figures and labels can be read, but a reader of the page sees "tofu": the
    labels taken from the layer cannot be checked against the page, and a reviewer must know.
    """
    return sum(map(_is_cjk, printed)) >= 2 and not any(map(_is_cjk, seen))


def disagreeing(pdfium_doc, samples: list[Sample], page_sizes: dict[int, tuple[float, float]]) -> list[Sample]:
    """The samples whose picture does not show the numbers the text layer prints there."""
    return [s for s, seen in seen_at(pdfium_doc, samples, page_sizes) if not shows(seen, s.text)]


def seen_at(pdfium_doc, samples: list[Sample], page_sizes: dict[int, tuple[float, float]]) -> list[tuple[Sample, str]]:
    """What the picture shows at each sample's place.

    Each sample's box (and a point around it) is rendered alone and recognised; pages turned by
    /Rotate are not sampled (their boxes are not in the unrotated frame the crop is given in).
    """
    crops, checked = [], []
    for s in samples:
        page = pdfium_doc[s.page - 1]
        try:
            if page.get_rotation():
                continue
            width, height = page_sizes[s.page]
            x0, top, x1, bottom = s.box
            m = CROP_MARGIN
            crop = (max(0.0, x0 - m), max(0.0, height - bottom - m), max(0.0, width - x1 - m), max(0.0, top - m))
            grey = render_grey(page, CHECK_DPI, crop)
        finally:
            page.close()
        if grey.size:
            crops.append(np.pad(grey, 4, constant_values=255))
            checked.append(s)
    return [(s, seen.text) for s, seen in zip(checked, recognise(crops))]

"""Open a report PDF, refuse what is not a readable final-accounts report, and serve its text.

Everything downstream trusts that a ReportDoc has a text layer; the checks that make this true
live here, so every user-facing failure about the *file* (not the tables) is raised in one place,
with the file's name and what to do.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pdfplumber
from pdfplumber.page import Page as PlumberPage
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..domain import SELF_EVALUATION_RUNS_ON, is_self_evaluation_title_page
from ..errors import BrokenPdfError, EncryptedPdfError, NoTextLayerError, NotAPdfError
from .bounds import check_content_size
from .lines import Line, page_lines, turn_to_read  # every reader's lines, built in the same pass
from .ocr_image import picture_of
from .ocr_page import read_picture
from .ocr_triage import (DOC_SAMPLES, FEW_NUMBERS, PAGE_SAMPLES, PICTURE_PAGE_NUMBERS, Sample, disagreeing,
                         image_share, name_reasons, pick, reason_without_layer, samples_of, seen_at, shows, undrawn,
                         unreadable)
from .second_reading import PageAgreement, compare_page
from .table_finder import find_tables
from .textlayer import PageFrame, page_chars, page_shapes, rules_of

# the grid the pdfplumber engine finds (tables/grids.py): OCR pages' cells are cropped from it
GRID_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3, "intersection_tolerance": 3}

_PDF_MAGIC = b"%PDF-"


@dataclass
class PageText:
    """One page's characters as arrays (fast cell lookups) and its text lines in visual order."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[dict]
    lines: list[dict]  # text lines in reading order (`lines.page_lines`): text, x0, top, x1, bottom
    rules: list[tuple[float, float, float, float]]  # ruled lines and rectangles (x0, top, x1, bottom)
    char_count: int = 0  # characters on the page (chars is kept only where there are rules)
    visual_text: str = ""  # text in reading order with spacing, for the narrative reader
    # the page's numbers as juesuan's lines and as PDFium's own text give them (second_reading)
    agreement: PageAgreement | None = None
    # where there are rules: the objects pdfplumber's table finder reads (chars with spaces,
    # line, rect, curve), so a pdfplumber page can be served without pdfminer parsing it again
    objects: dict[str, list[dict]] = field(repr=False, default_factory=dict)
    source: str = "text"  # "ocr": the characters were recognised from the page's picture
    turn: int = 0  # the quarter-turn that would set its text upright (lines.turn_to_read); 0: it is
    ocr_reason: str = ""  # why: no_text_layer, pictured, text_layer_disagrees, text_layer_unreadable (ocr_triage)
    _xc: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))
    _yc: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))

    def __post_init__(self) -> None:
        self._xc = np.array([(c["x0"] + c["x1"]) / 2 for c in self.chars], dtype=float)
        self._yc = np.array([(c["top"] + c["bottom"]) / 2 for c in self.chars], dtype=float)

    @property
    def has_rules(self) -> bool:
        return bool(self.rules)

    def rules_between(self, top: float, bottom: float) -> list[tuple[float, float, float, float]]:
        return [r for r in self.rules if r[1] >= top - 1 and r[3] <= bottom + 1]

    @property
    def text(self) -> str:
        return "\n".join(line["text"] for line in self.lines)

    def text_in(self, x0: float, top: float, x1: float, bottom: float) -> str:
        """Characters whose centre lies in the box, lines joined with no space.

        A wrapped cell (党委办公厅（室）及相关 / 机构事务) is one item; Chinese wraps with no
        space, and the printed spaces inside numbers or names carry no meaning.
        """
        return "".join(text for text, _, _ in self.text_lines_in(x0, top, x1, bottom))

    def text_lines_in(self, x0: float, top: float, x1: float, bottom: float) -> list[tuple[str, float, float]]:
        """The lines of text in the box, top to bottom: (text without spaces, top, bottom).

        The table reader needs them where a cell holds a header and, on its last line, a figure
        (a 合计 row printed in the band of the header, with no rule between).
        """
        return [line[:3] for line in self.printed_lines_in(x0, top, x1, bottom)]

    def printed_lines_in(self, x0: float, top: float, x1: float, bottom: float) -> list[tuple[str, float, float, str]]:
        """The same lines with, last, each line as the PDF spells it (``printed``: ９２３．２７
        where a reader sees 923.27), for the cells' ``printed`` column."""
        if not self.chars:
            return []
        mask = (self._xc >= x0) & (self._xc <= x1) & (self._yc >= top) & (self._yc <= bottom)
        idx = np.nonzero(mask)[0]
        if idx.size == 0:
            return []
        picked = sorted((self.chars[i] for i in idx), key=lambda c: c["top"])
        lines: list[list[dict]] = []
        for c in picked:
            if lines and abs(c["top"] - lines[-1][0]["top"]) < 0.5 * max(c["bottom"] - c["top"], 1.0):
                lines[-1].append(c)
            else:
                lines.append([c])
        out = []
        for line in lines:
            ink = [c for c in sorted(line, key=lambda c: c["x0"]) if not c["text"].isspace()]
            if ink:
                out.append(("".join(c["text"] for c in ink), min(c["top"] for c in line), max(c["bottom"] for c in line),
                            "".join(c.get("printed", c["text"]) for c in ink)))
        return out


class _ServedPage(PlumberPage):
    """A pdfplumber page whose objects are given, not parsed by pdfminer.

    pdfplumber computes a page's objects once, by its public ``parse_objects`` method; overriding
    that method (rather than writing its private cache) serves the objects the text layer already
    holds. pdfplumber is pinned below its next minor release (pyproject.toml), since the hook's
    contract is only checked against the versions the tests ran on.
    """

    def __init__(self, page: PlumberPage, objects: dict[str, list[dict]]) -> None:
        super().__init__(page.pdf, page.page_obj, page.page_number, page.initial_doctop)
        self._given_objects = objects

    def parse_objects(self) -> dict[str, list[dict]]:
        return self._given_objects


class ReportDoc:
    """A validated report PDF. Use as a context manager so the file handles are closed.

    The text layer (every page's characters, lines and rules) is read once with PDFium
    (`textlayer`); ``pdf`` is the same file opened with pdfplumber, for the page geometry and for
    the readers that need pdfplumber's table finder on a few pages (the 绩效自评表, the
    pdfplumber grid engine). pdfplumber parses a page only when one of those asks for it.
    """

    def __init__(self, path: Path, pdf: pdfplumber.PDF, pdfium_doc: pdfium.PdfDocument) -> None:
        self.path = path
        self.pdf = pdf
        self._pdfium = pdfium_doc
        self._served: dict[int, _ServedPage] = {}
        # pages whose picture shows none of the Chinese its layer spells (ocr_triage.undrawn): set by `pages`
        self.undrawn: list[int] = []

    def __enter__(self) -> ReportDoc:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for page in self._served.values():
            page.close()
        self.pdf.close()
        self._pdfium.close()

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)

    @cached_property
    def pages(self) -> list[PageText]:
        """One pass over the PDF: every reader downstream works from this, never re-parses.

        Characters are kept only for pages with ruled lines (the only places a table can be) and
        for a 绩效自评表 and the two pages after it (the form may run on, ruled or not), so a
        500-page report holds its text, not every character's box. Pages whose text layer is
        missing, a picture, or disagrees with the page's picture are then read by OCR
        (`ocr_triage`, `ocr_page`) and replaced by what OCR read, with the reason.
        """
        out: list[PageText] = []
        keep_until = 0
        reasons: dict[int, str] = {}
        samples: dict[int, list[Sample]] = {}
        for number, page in enumerate(self.pdf.pages, start=1):
            frame = PageFrame(tuple(float(v) for v in page.page_obj.mediabox), page.rotation)
            pdfium_page = self._pdfium[number - 1]
            textpage = pdfium_page.get_textpage()
            try:
                shapes = page_shapes(pdfium_page, frame)
                every = page_chars(textpage, frame)
                theirs = textpage.get_text_range()  # PDFium's own reading: the second opinion
                digits = any(c["text"].isdigit() for c in every)
                # only a page with a few numbers at most (a title's year, 公开01表, the page number)
                # can be a pasted picture: the others are not searched for one
                few = len(FEW_NUMBERS.findall("".join(c["text"] for c in every))) <= PICTURE_PAGE_NUMBERS
                share = image_share(pdfium_page, frame.width, frame.height) if few else 0.0
            finally:
                textpage.close()
                pdfium_page.close()
            built = page_lines(every) if any(c["text"].strip() for c in every) else []  # the page's lines, once
            text = self._page_text(number, frame, every, shapes, theirs, keep=number <= keep_until, built=built)
            if is_self_evaluation_title_page(text.visual_text):  # the pages the 自评表 reader will ask for
                keep_until = number + SELF_EVALUATION_RUNS_ON
            drawn = bool(shapes["line"] or shapes["rect"] or shapes["curve"])
            reason = reason_without_layer(text.char_count, not few, share, drawn)
            if not reason and unreadable([c["text"] for c in every]):
                reason = "text_layer_unreadable"
            if reason:
                reasons[number] = reason
            elif digits:
                samples[number] = samples_of(number, built)  # digits: `built` holds the page's lines
            out.append(text)
        reasons = name_reasons(reasons, sum(1 for p in out if p.char_count > 20))
        reasons |= self._disagreeing_pages(samples, out)
        return self._read_by_ocr(out, reasons)

    def _page_text(self, number: int, frame: PageFrame, every: list[dict], shapes: dict[str, list[dict]], theirs: str,
                   keep: bool, built: list[Line] | None = None) -> PageText:
        """built: the lines of `every` when the caller has them (grouping a page's characters
        into lines was done twice per page with digits, a twentieth of checking a department)."""
        rules = rules_of(shapes)
        chars = [c for c in every if c["text"].strip()]
        if built is None:
            built = page_lines(every) if chars else []
        visual = "\n".join(line.text for line in built)
        agreement = compare_page(number, visual, theirs, every, running_text=not rules)
        return PageText(
            number=number,
            width=frame.width,
            height=frame.height,
            chars=chars if rules else [],
            char_count=len(chars),
            lines=[line.as_dict() for line in built],
            rules=rules,
            visual_text=visual,
            agreement=agreement,
            turn=turn_to_read(chars),
            objects={"char": every, **shapes} if rules or keep or is_self_evaluation_title_page(visual) else {},
        )

    def _disagreeing_pages(self, samples: dict[int, list[Sample]], pages: list[PageText]) -> dict[int, str]:
        """Pages whose text layer prints digits their picture does not show (ocr_triage)."""
        sizes = {p.number: (p.width, p.height) for p in pages}
        everywhere = [s for page_samples in samples.values() for s in page_samples]
        seen = seen_at(self._pdfium, pick(everywhere, DOC_SAMPLES), sizes)
        self.undrawn = sorted({s.page for s, text in seen if undrawn(text, s.text)})
        if all(shows(text, s.text) for s, text in seen):
            return {}
        wrong = disagreeing(self._pdfium, [s for page_samples in samples.values() for s in pick(page_samples, PAGE_SAMPLES)], sizes)
        return {s.page: "text_layer_disagrees" for s in wrong}

    def _read_by_ocr(self, pages: list[PageText], reasons: dict[int, str]) -> list[PageText]:
        """The pages in `reasons` read again from their pictures (progress on stderr in a terminal)."""
        from tqdm import tqdm

        for number in tqdm(sorted(reasons), desc="OCR", unit="页", bar_format="{desc} {n_fmt}/{total_fmt} 页",
                           file=sys.stderr, disable=None if len(reasons) > 1 else True):
            plumber = self.pdf.pages[number - 1]
            frame = PageFrame(tuple(float(v) for v in plumber.page_obj.mediabox), plumber.rotation)
            pdfium_page = self._pdfium[number - 1]
            try:
                x0, top, _, _ = frame.box(*frame.mediabox)
                picture = picture_of(pdfium_page, x0, top)
            finally:
                pdfium_page.close()

            def cells_of(lines: list[dict], plumber=plumber) -> list[tuple[float, float, float, float]]:
                served = _ServedPage(plumber, {"char": [], "line": lines, "rect": [], "curve": []})
                try:
                    return [tuple(c) for t in find_tables(served, GRID_SETTINGS) for c in t.cells]
                finally:
                    served.close()

            reading = read_picture(picture, frame.height, cells_of)
            text = self._page_text(number, frame, reading.chars, reading.shapes, "", keep=True)
            text.objects = {"char": reading.chars, **reading.shapes}
            text.source, text.ocr_reason = "ocr", reasons[number]
            text.agreement = None  # no second reader of a picture: reading.csv leaves the page out
            pages[number - 1] = text
            self._served.pop(number, None)
        return pages

    def ocr_pages(self) -> dict[int, str]:
        """Page number → why it was read by OCR (no_text_layer, pictured, text_layer_disagrees, text_layer_unreadable)."""
        return {p.number: p.ocr_reason for p in self.pages if p.source == "ocr"}

    def plumber_page(self, number: int) -> PlumberPage:
        """Page `number` (1-based) as a pdfplumber page, for its table finder and word grouping.

        Its objects come from the text layer already read (PDFium), not from pdfminer: the same
        characters, lines, rects and curves pdfplumber would find, without parsing the page
        again. A page whose objects were not kept is parsed by pdfplumber as usual.
        """
        page = self.pdf.pages[number - 1]
        objects = self.pages[number - 1].objects
        if not objects:
            return page
        if number not in self._served:
            self._served[number] = _ServedPage(page, objects)
        return self._served[number]

    @property
    def page_texts(self) -> list[tuple[int, str]]:
        """(page number, text in reading order) for every page: what the prose readers take."""
        return [(p.number, p.visual_text) for p in self.pages]

    @cached_property
    def full_text(self) -> str:
        return "\n".join(p.text for p in self.pages)


TAIL_SEARCHED = 1 << 20  # bytes at the end of the file searched for %%EOF
# what only a PDF's own body holds: after the last %%EOF these mean the file was cut inside an update
_PDF_SYNTAX = re.compile(rb"\bendobj\b|\bobj\b|\bstream\b|\bxref\b|\btrailer\b|\bstartxref\b")


def _ends_whole(path: Path, size: int) -> bool:
    """Whether the file ends with a PDF's %%EOF, allowing padding after it (servers and tools
    append zeros, spaces or a few KB of anything), but not the start of a further update."""
    with path.open("rb") as fh:
        fh.seek(max(0, size - TAIL_SEARCHED))
        tail = fh.read()
    end = tail.rfind(b"%%EOF")
    return end >= 0 and not _PDF_SYNTAX.search(tail[end + 5:])


def open_report(path: str | Path) -> ReportDoc:
    """Open and validate a report PDF, raising a typed error that names the file and the fix."""
    path = Path(path)
    if not path.is_file():
        raise NotAPdfError(path, "file not found")
    size = path.stat().st_size
    if size == 0:
        raise NotAPdfError(path, "the file is empty (0 bytes)", "download it again")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if _PDF_MAGIC not in head:
        what = "an HTML page, not a PDF" if re.search(rb"<(!doctype|html|head|body)", head, re.I) else "not a PDF (no %PDF header)"
        raise NotAPdfError(path, f"the file is {what}", "the download probably failed; fetch the PDF again")
    if not _ends_whole(path, size):
        # PDFium repairs a cut-off file and would read the pages that survived: a report missing
        # its last tables must be refused, not half-read
        raise BrokenPdfError(path, "cannot parse the PDF: the file looks truncated (no %%EOF marker)", "download it again")
    hint = "the file is damaged; download it again"
    check_content_size(path)  # before PDFium inflates a page: a bomb is refused, not run out of memory on
    try:
        pdfium_doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(
                path,
                "the PDF is encrypted and needs a password",
                "ask the publisher for an unprotected copy, or decrypt it (qpdf --decrypt --password=… in.pdf out.pdf)",
            ) from exc
        reason = re.search(r"PDFium: ([^)]*)", str(exc))  # "Failed to load document (PDFium: …)."
        raise BrokenPdfError(path, f"cannot parse the PDF (PDFium: {reason.group(1) if reason else exc})", hint) from exc
    try:
        pdf = pdfplumber.open(path)
        count = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many unrelated types on damage
        pdfium_doc.close()
        raise BrokenPdfError(path, f"cannot parse the PDF ({type(exc).__name__})", hint) from exc
    doc = ReportDoc(path, pdf, pdfium_doc)
    theirs = len(pdfium_doc)  # counted before closing: a closed document has no pages to count
    if count != theirs:
        doc.close()
        raise BrokenPdfError(path, f"the PDF's page tree or cross-reference table is damaged (readers disagree: "
                                   f"{count} or {theirs} pages)", hint)
    try:
        pages = doc.pages
    except Exception as exc:  # damage that only shows when content streams are read
        doc.close()
        raise BrokenPdfError(path, f"cannot read the pages ({type(exc).__name__})", hint) from exc
    if not pages:
        doc.close()
        raise BrokenPdfError(path, "the PDF has no pages", "download it again")
    with_text = sum(1 for p in pages if p.char_count > 20)
    if with_text == 0:
        doc.close()
        raise NoTextLayerError(path, f"none of its {len(pages)} pages has a text layer (a scanned report), and OCR found no text on them",
                               "check that the file shows a report (open it); a blank or unreadable scan cannot be read")
    return doc

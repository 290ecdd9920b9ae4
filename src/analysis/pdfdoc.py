"""Open a report PDF, refuse what is not a readable final-accounts report, and serve its text.

Everything downstream trusts that a ReportDoc has a text layer; the checks that make this true
live here, so every user-facing failure about the *file* (not the tables) is raised in one place,
with the file's name and what to do.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pdfplumber
from pypdf import PasswordType, PdfReader

from .errors import BrokenPdfError, EncryptedPdfError, NoTextLayerError, NotAPdfError

_PDF_MAGIC = b"%PDF-"
# Pages a second reader will parse again (the 绩效自评表 grids): their parse is kept, not dropped.
_KEEP_PARSED = re.compile("自评表")


@dataclass
class PageText:
    """One page's characters as arrays (fast cell lookups) and its text lines in visual order."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[dict]
    lines: list[dict]  # pdfplumber text lines: text, x0, top, x1, bottom
    rules: list[tuple[float, float, float, float]]  # ruled lines and rectangles (x0, top, x1, bottom)
    char_count: int = 0  # characters on the page (chars is kept only where there are rules)
    visual_text: str = ""  # text in reading order with spacing, for the narrative reader
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
        if not self.chars:
            return ""
        mask = (self._xc >= x0) & (self._xc <= x1) & (self._yc >= top) & (self._yc <= bottom)
        idx = np.nonzero(mask)[0]
        if idx.size == 0:
            return ""
        picked = sorted((self.chars[i] for i in idx), key=lambda c: c["top"])
        lines: list[list[dict]] = []
        for c in picked:
            if lines and abs(c["top"] - lines[-1][0]["top"]) < 0.5 * max(c["bottom"] - c["top"], 1.0):
                lines[-1].append(c)
            else:
                lines.append([c])
        return "".join(
            c["text"] for line in lines for c in sorted(line, key=lambda c: c["x0"]) if not c["text"].isspace()
        )


class ReportDoc:
    """A validated report PDF. Use as a context manager so the file handle is closed."""

    def __init__(self, path: Path, pdf: pdfplumber.PDF) -> None:
        self.path = path
        self.pdf = pdf

    def __enter__(self) -> ReportDoc:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.pdf.close()

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)

    @cached_property
    def pages(self) -> list[PageText]:
        """One pass over the PDF: every reader downstream works from this, never re-parses.

        Each page's parse is dropped once read (page.close()), except on 自评表 pages that the
        performance reader parses again; characters are kept only for pages with ruled lines (the
        only places a table can be), so a 500-page report holds its text, not pdfminer's objects.
        """
        from .text import page_text  # the narrative's visual-order text, built in the same pass

        out = []
        keep_until = 0
        for page in self.pdf.pages:
            try:
                rules = [
                    (float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))
                    for o in (*page.lines, *page.rects)
                ]
                visual = ""
                chars = [c for c in page.chars if c["text"].strip()]
                lines = page.extract_text_lines(return_chars=False) if chars else []
                visual = page_text(page) if chars else ""
                out.append(
                    PageText(
                        number=page.page_number,
                        width=float(page.width),
                        height=float(page.height),
                        chars=chars if rules else [],
                        char_count=len(chars),
                        lines=lines,
                        rules=rules,
                        visual_text=visual,
                    )
                )
            finally:
                if _KEEP_PARSED.search(visual.replace(" ", "")):
                    keep_until = page.page_number + 2  # a form that runs on over the next pages
                if page.page_number > keep_until:
                    page.close()
        return out

    @cached_property
    def full_text(self) -> str:
        return "\n".join(p.text for p in self.pages)


def _refuse_encrypted(path: Path) -> None:
    """An encrypted PDF opens only if its user password is empty (common: 'no copying' flags)."""
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its "EOF marker not found" would print before our one-line message
    try:
        reader = PdfReader(path)
        encrypted = reader.is_encrypted
    except Exception:
        return  # damage is reported by the parse below, with a better message
    finally:
        quiet.setLevel(level)
    if encrypted:
        try:
            ok = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception:
            ok = False
        if not ok:
            raise EncryptedPdfError(
                path,
                "the PDF is encrypted and needs a password",
                "ask the publisher for an unprotected copy, or decrypt it (qpdf --decrypt --password=… in.pdf out.pdf)",
            )


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
    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    truncated = b"%%EOF" not in tail
    hint = "the file looks truncated (no %EOF marker); download it again" if truncated else "the file is damaged; download it again"
    _refuse_encrypted(path)
    try:
        pdf = pdfplumber.open(path)
        _ = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many unrelated types on damage
        raise BrokenPdfError(path, f"cannot parse the PDF ({type(exc).__name__})", hint) from exc
    doc = ReportDoc(path, pdf)
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
        raise NoTextLayerError(path, f"none of its {len(pages)} pages has a text layer (a scanned report)", "run OCR first (e.g. ocrmypdf -l chi_sim in.pdf out.pdf), then try the OCR'd file")
    return doc

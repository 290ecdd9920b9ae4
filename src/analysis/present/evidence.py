"""The PDF around each figure a finding names: crops beside the finding, thumbnails of the tables'
pages, and an annotated copy of the PDF.

A reviewer reading `expected 236.64, printed 236.63` should not have to open the PDF, find the
page and the row. The checks record what each finding read (`evidence.csv`: the cells with their
boxes, the narrative sentences, the words of a text slip); here those become boxes on the page —
a sentence is found in the page's text layer, character by character, the figure inside it too —
and the page is rendered with PDFium around them.

Cost is bounded: one open document, only the pages findings name are rendered, once each, at a
modest scale, in 16 grey levels (text compresses well), and characters are read only for the
pages whose sentences must be found.
"""

from __future__ import annotations

import base64
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pypdfium2 as pdfium

from ..labels import SIDE_ZH, column_zh, table_zh
from ..document.textlayer import PageFrame, page_chars
from ..reconcile.ocr_proof import doubted
from .figure_search import Box, PageChars, figure_strings
from .findings_zh import number_or_none as _num

CROP_SCALE = 1.5  # pixels per point (108 dpi): 9 pt table text stays legible
THUMB_SCALE = 0.3  # a page thumbnail: the table's shape, not its digits
GREY_LEVELS = 16
COLOURS = {"fail": (192, 57, 43), "warn": (214, 140, 0)}  # boxes and highlights, by verdict
MAX_CROP_WIDTH = 560.0  # points: wider bands are cut around their figures
BAND_PAD = 12.0  # points above and below the figures (a table's neighbouring rows)
TEXT_PAD = 4.0  # above and below a sentence (not half of the next line)


@dataclass(frozen=True)
class Mark:
    """One figure a finding names, on its page: what to box, and what the box says."""

    check_id: str
    status: str
    kind: str  # cell / fact / text / form
    page: int
    box: Box  # the figure itself
    context: Box | None = None  # the sentence around it (text evidence), boxed lightly
    table: str = ""
    caption: str = ""  # in Chinese: where it is and what it reads


@dataclass
class Crop:
    """A rendered piece of one page, ready to embed."""

    page: int
    side: str  # 表格 / 文字说明
    uri: str  # data:image/png;base64,…
    width: int
    height: int
    captions: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


BAND_GAP = 60.0  # points of page between two marks that make them two bands


def bands(marks: list[Mark]) -> list[list[Mark]]:
    """Marks of one page grouped top to bottom, a new group where the gap exceeds BAND_GAP."""
    out: list[list[Mark]] = []
    bottom = -math.inf
    for m in sorted(marks, key=lambda m: (m.context or m.box)[1]):
        top, low = (m.context or m.box)[1], (m.context or m.box)[3]
        if out and top - bottom <= BAND_GAP:
            out[-1].append(m)
        else:
            out.append([m])
        bottom = max(bottom, low) if len(out[-1]) > 1 else low
    return out


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class EvidencePdf:
    """One report PDF, opened once, serving boxes, crops, thumbnails and the annotated copy."""

    def __init__(self, pdf_path: str | Path) -> None:
        self.path = Path(pdf_path)
        self.doc = pdfium.PdfDocument(self.path)
        self._frames: dict[int, PageFrame] = {}
        self._chars: dict[int, PageChars] = {}
        self._renders: dict[int, np.ndarray] = {}

    def close(self) -> None:
        self.doc.close()

    def __enter__(self) -> EvidencePdf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def page_count(self) -> int:
        return len(self.doc)

    def frame(self, number: int) -> PageFrame:
        if number not in self._frames:
            page = self.doc[number - 1]
            self._frames[number] = PageFrame(tuple(float(v) for v in page.get_mediabox()), page.get_rotation())
        return self._frames[number]

    def origin(self, number: int) -> tuple[float, float]:
        """The displayed page's top-left corner in pdfplumber's coordinates (a shifted MediaBox)."""
        f = self.frame(number)
        x0, y0, x1, y1 = f.mediabox
        corners = [f.point(x, y) for x in (x0, x1) for y in (y0, y1)]
        return min(c[0] for c in corners), min(c[1] for c in corners)

    def chars(self, number: int) -> PageChars:
        if number not in self._chars:
            page = self.doc[number - 1]
            textpage = page.get_textpage()
            try:
                self._chars[number] = PageChars(page_chars(textpage, self.frame(number)))
            finally:
                textpage.close()
        return self._chars[number]

    def render(self, number: int) -> np.ndarray:
        """The page in grey at CROP_SCALE, rendered once however many crops it gives."""
        if number not in self._renders:
            page = self.doc[number - 1]
            bitmap = page.render(scale=CROP_SCALE, grayscale=True)
            self._renders[number] = np.asarray(bitmap.to_pil().convert("L"))
        return self._renders[number]

    # ------------------------------------------------------------------ boxes
    def text_mark(self, check_id: str, status: str, row: dict) -> Mark | None:
        """A sentence (a fact's) or words (a text slip's) found on its page, the figure in it boxed."""
        page = int(_num(row.get("page")) or 0)
        if not 1 <= page <= self.page_count:
            return None
        chars = self.chars(page)
        context = _text(row.get("text"))
        span = chars.find_sentence(context) if context else None
        needle = _text(row.get("needle"))
        if needle and re.fullmatch(r"-?[\d.]+", needle):  # a figure, in the forms it may be printed in
            needles = list(dict.fromkeys([needle, *figure_strings(needle)]))
        elif needle:
            needles = [needle]
        else:
            needles = figure_strings(row.get("value"), _text(row.get("printed")))
        hit = None
        figure = not _text(row.get("needle")) or bool(re.fullmatch(r"[\d.,%]+", _text(row.get("needle"))))
        for needle in needles:
            hit = chars.find(needle, span, figure=figure)
            if hit:
                break
        if hit is None and span is None:
            return None
        box = chars.box(hit) if hit else chars.box(span)  # type: ignore[arg-type]
        context_box = _union(chars.line_boxes(span)) if span else None
        what = {"fact": "说明原文", "form": "自评表"}.get(str(row.get("kind")), "原文")
        figure = chars.text[hit[0]:hit[1]] if hit else ""
        caption = f"第 {page} 页 {what}" + (f"：“{figure}”" if figure else "")
        return Mark(check_id, status, str(row.get("kind")), page, box, context_box, caption=caption)

    def marks(self, checks: pd.DataFrame, evidence: pd.DataFrame) -> list[Mark]:
        """Every fail/warn finding's figures as marks on their pages (a finding without evidence
        rows gets none: the report then shows its pages)."""
        if evidence is None or evidence.empty or checks is None or checks.empty:
            return []
        status = dict(zip(checks["check_id"], checks["status"]))
        wanted = {k for k, s in status.items() if s in COLOURS}
        out: list[Mark] = []
        for row in evidence[evidence["check_id"].isin(wanted)].to_dict("records"):
            cid = str(row["check_id"])
            if row.get("kind") == "cell":
                box = tuple(_num(row.get(k)) for k in ("x0", "top", "x1", "bottom"))
                page = _num(row.get("page"))
                if any(v is None for v in box) or page is None:
                    continue
                out.append(Mark(cid, status[cid], "cell", int(page), box, table=_text(row.get("table")),  # type: ignore[arg-type]
                                caption=cell_caption(row)))
            else:
                mark = self.text_mark(cid, status[cid], row)
                if mark is not None:
                    out.append(mark)
        return out

    # ------------------------------------------------------------------ crops
    def crop(self, page: int, marks: list[Mark]) -> Crop:
        """The band of the page holding these marks, the row labels to their left kept, each
        figure boxed in its verdict's colour."""
        grey = self.render(page)
        ox, oy = self.origin(page)
        h_px, w_px = grey.shape
        spans = [m.context for m in marks if m.context] + [m.box for m in marks]
        x0, top, x1, bottom = _union(spans)
        pad = BAND_PAD if any(m.kind in ("cell", "form") for m in marks) else TEXT_PAD
        top, bottom = top - pad, bottom + pad
        y0p, y1p = max(0, int((top - oy) * CROP_SCALE)), min(h_px, int(math.ceil((bottom - oy) * CROP_SCALE)))
        band = grey[y0p:y1p]
        inked = np.nonzero((band < 160).sum(axis=0) > 0)[0]
        left = x0 - 6
        if inked.size:  # the printed matter's left edge in this band: the labels of the figures' rows
            left = min(left, inked[0] / CROP_SCALE + ox - 2)
        right = x1 + 24
        if right - left > MAX_CROP_WIDTH:  # keep the figures whole, cut the context on their left
            left = min(x0 - 6, right - MAX_CROP_WIDTH)
        xl, xr = max(0, int((left - ox) * CROP_SCALE)), min(w_px, int(math.ceil((right - ox) * CROP_SCALE)))
        piece = grey[y0p:y1p, xl:xr]
        return self._encode(page, piece, marks, (xl, y0p), (ox, oy))

    def _encode(self, page: int, piece: np.ndarray, marks: list[Mark], offset: tuple[int, int],
                origin: tuple[float, float]) -> Crop:
        from PIL import Image, ImageDraw

        step = 256 // GREY_LEVELS
        levels = np.ascontiguousarray(piece // step, dtype=np.uint8)  # palette indices 0..15
        img = Image.frombytes("P", (levels.shape[1], levels.shape[0]), levels.tobytes())
        palette = [v for i in range(GREY_LEVELS) for v in (min(255, i * step + step // 2),) * 3]
        palette[-3:] = [255, 255, 255]
        colour_index = {}
        for status, rgb in COLOURS.items():
            colour_index[status] = len(palette) // 3
            palette += list(rgb)
        img.putpalette(palette)
        draw = ImageDraw.Draw(img)
        ox, oy = origin

        def px(b: Box, pad: float) -> tuple[int, int, int, int]:
            return (int((b[0] - ox - pad) * CROP_SCALE) - offset[0], int((b[1] - oy - pad) * CROP_SCALE) - offset[1],
                    int((b[2] - ox + pad) * CROP_SCALE) - offset[0], int((b[3] - oy + pad) * CROP_SCALE) - offset[1])

        for m in marks:
            colour = colour_index.get(m.status, colour_index["fail"])
            if m.context:
                draw.rectangle(px(m.context, 1.5), outline=colour, width=1)
            draw.rectangle(px(m.box, 1.5), outline=colour, width=3)
        buf = io.BytesIO()
        img.save(buf, "PNG", compress_level=6)  # zlib 6: half the time of 9 (or optimize=True), 5 % larger
        uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
        side = "文字说明" if all(m.kind not in ("cell", "form") for m in marks) else "表格"
        captions = list(dict.fromkeys(m.caption for m in marks if m.caption))
        return Crop(page, side, uri, img.width, img.height, captions)

    def crops(self, marks: list[Mark]) -> list[Crop]:
        """Crops of the pages the marks are on, tables first, then the text (the two sides).

        Marks far apart on one page (a 合计 at the top, a 类 row far below it) are cut as separate
        bands, so each stays legible and the rows between them cost nothing.
        """
        by_page: dict[int, list[Mark]] = {}
        for m in marks:
            by_page.setdefault(m.page, []).append(m)
        crops = [self.crop(page, band) for page, ms in sorted(by_page.items()) for band in bands(ms)]
        return sorted(crops, key=lambda c: (c.side != "表格", c.page))

    def thumbnail(self, number: int, scale: float = THUMB_SCALE) -> str:
        """A small picture of a whole page (JPEG: a picture, not for reading digits)."""
        page = self.doc[number - 1]
        img = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=60, optimize=True)
        return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")

    # ------------------------------------------------------------------ annotated copy
    def annotate(self, marks: list[Mark], notes: dict[str, str], out: Path) -> Path:
        """A copy of the PDF with a highlight on each figure, its note the check and the verdict.

        Written as an incremental update (pypdf): the original bytes are kept as they are, the
        annotations appended after them, and the file replaced atomically. pypdf cannot append to
        an encrypted file; one that opens without a password (permissions only, common on
        government sites) is rewritten whole instead (_annotatable).
        """
        from pypdf.annotations import Highlight
        from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject, TextStringObject

        from ..outputs import write_atomic

        writer = _annotatable(self.path)
        for m in marks:
            x0, y0, x1, y1 = self.user_box(m.page, m.box)
            quad = ArrayObject(FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0))
            r, g, b = COLOURS.get(m.status, COLOURS["fail"])
            annot = Highlight(rect=(x0, y0, x1, y1), quad_points=quad, highlight_color=f"{r:02x}{g:02x}{b:02x}",
                              printing=True)
            annot[NameObject("/Contents")] = TextStringObject(notes.get(m.check_id, m.check_id))
            annot[NameObject("/T")] = TextStringObject("juesuan")
            annot[NameObject("/NM")] = TextStringObject(f"juesuan:{m.check_id}:{m.page}:{x0:.1f},{y0:.1f}")
            annot[NameObject("/CA")] = FloatObject(0.4)
            annot[NameObject("/F")] = NumberObject(4)
            writer.add_annotation(page_number=m.page - 1, annotation=annot)
        return write_atomic(Path(out), lambda tmp: writer.write(str(tmp)))

    def user_box(self, page: int, box: Box) -> tuple[float, float, float, float]:
        """A pdfplumber box back in PDF user space (left, bottom, right, top), /Rotate undone."""
        f = self.frame(page)
        # PageFrame.point is affine: invert it from three points
        (ax, ay), (bx, by), (cx, cy) = f.point(0, 0), f.point(1, 0), f.point(0, 1)
        m = np.array([[bx - ax, cx - ax], [by - ay, cy - ay]])
        inv = np.linalg.inv(m)
        pts = [inv @ np.array([x - ax, y - ay]) for x, y in ((box[0], box[1]), (box[2], box[3]))]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))


def _annotatable(path: Path):
    """A pypdf writer the highlights can be added to: the file as an incremental update, or, when it
    is encrypted with an empty user password, a whole copy under the same permissions.

    The copy is decrypted to be written and protected again with the publisher's permission
    flags and an owner password nobody knows, so the annotated copy allows no more than the
    original (readers open it without a password, as they open the original).
    """
    import secrets

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(path))
    if not reader.is_encrypted:
        return PdfWriter(str(path), incremental=True)
    reader.decrypt("")  # open_report refused it if it needs a user password
    permissions = reader.user_access_permissions
    writer = PdfWriter(clone_from=reader)
    writer.encrypt(user_password="", owner_password=secrets.token_hex(16), algorithm="AES-128",
                   permissions_flag=permissions)
    return writer


def cell_caption(row: dict) -> str:
    """第 5 页 收入决算表 · 2210201 住房公积金 · 合计：66.14 (the row and column a figure is in)."""
    page = _num(row.get("page"))
    where = " ".join(x for x in (_text(row.get("code")), _text(row.get("item")).strip()) if x)
    side = SIDE_ZH.get(_text(row.get("side")), "")
    return (f"第 {int(page) if page else '?'} 页 {table_zh(_text(row.get('table')))}" + (f"（{side}）" if side else "")
            + f" · {where} · {column_zh(_text(row.get('column')))}：{_text(row.get('printed'))}")


# ---------------------------------------------------------------------- one department


@dataclass
class FindingEvidence:
    """A fail or warn finding with the crops that show both of its sides."""

    check: dict
    crops: list[Crop]
    marks: list[Mark]


@dataclass
class DepartmentEvidence:
    """Everything the report shows from the PDF itself, read in one opening of it."""

    pdf: Path | None
    findings: list[FindingEvidence]
    thumbnails: dict[int, str]  # page → data URI, for the pages the tables are on
    marks: list[Mark]
    notes: dict[str, str]  # check id → the note its highlights carry
    problem: str = ""  # why there is no evidence (no PDF, a PDF PDFium cannot open)

    def write_annotated(self, out: str | Path) -> Path | None:
        """reports/<year>/<slug>.annotated.pdf: the PDF with every named figure highlighted.

        Nothing to highlight, nothing written (and an older copy removed: it would mislead).
        """
        if not out:
            return None
        target = Path(out)
        if self.pdf is None or not self.marks:
            target.unlink(missing_ok=True)
            return None
        with EvidencePdf(self.pdf) as doc:
            return doc.annotate(self.marks, self.notes, target)


def table_pages(tables: pd.DataFrame) -> list[int]:
    pages: list[int] = []
    for value in tables.get("pages", pd.Series(dtype=str)).astype(str):
        pages += [int(p) for p in re.findall(r"\d+", value)]
    return sorted(set(pages))


def note_of(check: dict) -> str:
    """The highlight's note: the check in Chinese, its verdict, the figures (PDF text is plain text here)."""
    from ..labels import STATUS_ZH

    status = STATUS_ZH.get(str(check.get("status")), str(check.get("status")))
    figures = ""
    exp, act = _num(check.get("expected")), _num(check.get("actual"))
    if exp is not None and act is not None:
        figures = f"；应为 {exp:g}，实为 {act:g}"
    return f"juesuan 核对：{check.get('label_zh') or check.get('check_id')} —— {status}{figures}（{check.get('check_id')}）"


def collect(checks: pd.DataFrame, evidence: pd.DataFrame, tables: pd.DataFrame, pdf: str | Path | None) -> DepartmentEvidence:
    """Open the PDF once: the marks of every fail/warn, their crops, and the tables' thumbnails."""
    if checks is not None and len(checks):
        doubt = doubted(checks)  # an OCR reading in doubt: shown (amber) so the image can settle it
        bad = checks[checks["status"].isin(list(COLOURS)) | doubt]
        marked = bad.assign(status=bad["status"].where(~doubt[bad.index], "warn"))
    else:
        bad = marked = pd.DataFrame()
    rows = bad.to_dict("records")
    notes = {str(r["check_id"]): note_of(r) for r in rows}
    path = Path(pdf) if pdf else None
    if path is None or not path.is_file():
        return DepartmentEvidence(None, [FindingEvidence(r, [], []) for r in rows], {}, [], notes,
                                  problem="未找到原 PDF，无法截取原文")
    try:
        doc = EvidencePdf(path)
    except pdfium.PdfiumError as exc:
        return DepartmentEvidence(None, [FindingEvidence(r, [], []) for r in rows], {}, [], notes,
                                  problem=f"原 PDF 无法打开（{exc}）")
    with doc:
        marks = doc.marks(marked, evidence) if rows else []
        by_check: dict[str, list[Mark]] = {}
        for m in marks:
            by_check.setdefault(m.check_id, []).append(m)
        findings = [FindingEvidence(r, doc.crops(by_check.get(str(r["check_id"]), [])), by_check.get(str(r["check_id"]), []))
                    for r in rows]
        thumbs = {p: doc.thumbnail(p) for p in table_pages(tables) if 1 <= p <= doc.page_count}
    return DepartmentEvidence(path, findings, thumbs, marks, notes)

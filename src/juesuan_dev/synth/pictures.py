"""Picture habits: a rendered report turned into a scan, or its tables pasted in as pictures.

Why: many departments publish a scan of the stamped paper copy, or a Word file whose tables were
pasted in as pictures from Excel; juesuan reads those pages by OCR, and its tests need such files
whose truth is known. Both habits start from the rendered PDF, so the truth is the description's.

* ``scanned`` — every page rasterised at `dpi` (200 by default), turned by a small seeded skew
  (up to `max_skew` degrees), blurred a little, given scanner noise, a red seal stamped over the
  department's name on the cover and the last page, and stored as JPEG: no text layer at all.
* ``pictured-tables`` — the pages that carry ruled tables replaced by a clean picture of
  themselves (PNG, no skew, no noise, as a pasted Excel range looks); the text pages keep their
  text layer.

Everything is seeded and deterministic: the same PDF, seed and settings give the same bytes.
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

PICTURE_HABITS = ("scanned", "pictured-tables")
SCAN_DPI = 200
MAX_SKEW = 0.8  # degrees
NOISE_SIGMA = 7.0  # grey levels of the scanner's noise
SPECKLES = 0.0004  # share of pixels turned to dark specks
JPEG_QUALITY = 80
TABLE_PAGE_RULES = 12  # a page with this many ruled lines carries a table


def _page_image(pdfium_page, dpi: int) -> Image.Image:
    bitmap = pdfium_page.render(scale=dpi / 72.0, rev_byteorder=True)
    try:
        return bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()


def _seal(image: Image.Image, centre: tuple[int, int], radius: int) -> Image.Image:
    """A red round seal (ring, star, words) laid over the page, as the stamped copy shows it."""
    from analysis.fonts import cjk_font

    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    red = (215, 30, 35, 170)
    cx, cy = centre
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(3, radius // 14))
    star = [(cx + radius * 0.3 * (1 if k % 2 == 0 else 0.4) * math.cos(math.radians(90 + 36 * k)),
             cy - radius * 0.3 * (1 if k % 2 == 0 else 0.4) * math.sin(math.radians(90 + 36 * k))) for k in range(10)]
    draw.polygon(star, fill=red)
    font = ImageFont.truetype(str(cjk_font()), max(10, radius // 4))
    draw.text((cx, cy + radius * 0.55), "财务专用章", font=font, fill=red, anchor="mm")
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def _scan(image: Image.Image, rng: random.Random, max_skew: float, dpi: int, seal: bool) -> Image.Image:
    if seal:
        w, h = image.size
        image = _seal(image, (int(w * 0.62), int(h * 0.42)), int(dpi * 0.8))
    # OpenCV's turn and blur, the noise in float32 and clipped in place: the same steps as PIL's
    # rotate, GaussianBlur and a float64 noise field, at a fifth of the CPU (a 24-page scan: 22 → 5 s),
    # which every test that scans a report pays
    import cv2

    angle = rng.uniform(-max_skew, max_skew)
    pixels = np.asarray(image)
    h, w = pixels.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    pixels = cv2.warpAffine(pixels, turn, (w, h), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))
    pixels = cv2.GaussianBlur(pixels, (0, 0), 0.6).astype(np.float32)
    noise = np.random.default_rng(rng.randrange(2**32)).standard_normal((h, w), dtype=np.float32)
    noise *= NOISE_SIGMA
    pixels += noise[:, :, None]
    specks = np.random.default_rng(rng.randrange(2**32)).random((h, w), dtype=np.float32) < SPECKLES
    pixels[specks] = 40.0
    np.clip(pixels, 0, 255, out=pixels)
    return Image.fromarray(pixels.astype(np.uint8))


def _is_table_page(pdfium_page) -> bool:
    from analysis.document.textlayer import PageFrame, page_shapes, rules_of

    frame = PageFrame(tuple(float(v) for v in pdfium_page.get_mediabox()), pdfium_page.get_rotation())
    return len(rules_of(page_shapes(pdfium_page, frame))) >= TABLE_PAGE_RULES


def _picture_pdf(image: Image.Image, dpi: int, fmt: str) -> bytes:
    """One page holding the picture at its size on paper (JPEG inside for a scan, lossless for a paste)."""
    buf = io.BytesIO()
    if fmt == "JPEG":
        jpeg = io.BytesIO()
        image.save(jpeg, "JPEG", quality=JPEG_QUALITY)
        image = Image.open(io.BytesIO(jpeg.getvalue()))
    image.save(buf, "PDF", resolution=float(dpi))
    return buf.getvalue()


def apply_picture_habit(src: Path, dst: Path, habit: str, *, dpi: int = SCAN_DPI, max_skew: float = MAX_SKEW,
                        seed: int = 0) -> None:
    """Write `src` to `dst` with a picture habit (see the module's docstring)."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter

    if habit not in PICTURE_HABITS:
        raise ValueError(f"unknown picture habit {habit!r}; known: {list(PICTURE_HABITS)}")
    rng = random.Random(seed)
    doc = pdfium.PdfDocument(str(src))
    original = PdfReader(str(src))
    writer = PdfWriter()
    try:
        last = len(doc) - 1
        for i in range(len(doc)):
            page = doc[i]
            try:
                if habit == "scanned":
                    image = _scan(_page_image(page, dpi), rng, max_skew, dpi, seal=i in (0, last))
                    writer.add_page(PdfReader(io.BytesIO(_picture_pdf(image, dpi, "JPEG"))).pages[0])
                elif _is_table_page(page):
                    writer.add_page(PdfReader(io.BytesIO(_picture_pdf(_page_image(page, dpi), dpi, "PNG"))).pages[0])
                else:
                    writer.add_page(original.pages[i])
            finally:
                page.close()
    finally:
        doc.close()
    with open(dst, "wb") as fh:
        writer.write(fh)

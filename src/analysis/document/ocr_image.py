"""A page's picture: rendered, cleaned, straightened, and its ruling lines found.

Why here and not in the OCR engine: the engine reads text; the grid of a table is geometry, and
a scanned page's grid is what lets each cell be read on its own and put under its header by the
same code that reads a text-layer table. The steps are the classic ones (OpenCV): the ink is the
red channel darkened (a red seal over the text nearly vanishes from it, black ink stays black),
binarised by Otsu's threshold after a 3×3 median filter (scanner speckle goes; thin horizontal strokes are kept), skew measured on
the long horizontal lines (each line's own slope, the median taken) and turned back, and ruling
lines kept by a morphological opening with long thin kernels (text strokes are shorter than the
kernels, table rules are longer). A line of text can still draw a long horizontal run: the top
strokes of 卫生健康支出 stand at one height, a pixel or two apart, and the opening keeps them as
one; such a run is told from a rule by the ink beside it (a rule stands clear of the text, a
stroke is part of its glyphs), else it is wiped out of the cell's crop with the rules and the
item is read without its strokes (生 as 牛, 支 as 古, 保障 as 休挥).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

RENDER_DPI = 200  # pixels per inch a page is read at: 10.5 pt text is 29 px tall …
MAX_SIDE_PX = 2400  # … unless its longer side would pass this: a scan stored as a page of its
# pixels at 72 dpi (an "A4" of 2480 × 3508 pt) is drawn at the size of an A4 page at 200 dpi,
# so the kernels below (sized for text at 200 dpi) fit every page
MAX_SKEW = 3.0  # degrees: a larger measured angle is not a scanner's skew (a drawn diagonal)
H_KERNEL_PX = 83  # a horizontal rule is at least this long (30 pt at 200 dpi; a title's strokes are shorter) …
V_KERNEL_PX = 28  # … and a vertical one this tall (10 pt), and it must meet a horizontal rule (strokes do not)
SKEW_KERNEL_PX = 17  # pieces of a tilted rule this long still lie within its thickness
MEET_PX = 5  # how near (pixels) a vertical rule's end must come to a horizontal rule
MAX_RULE_PX = 10  # a "rule" thicker than this (pixels) is a filled block, not a line
BESIDE_GAP_PX = 2  # the band beside a horizontal run starts this far from it …
BESIDE_PX = 6  # … and is this tall (text at 200 dpi: a glyph's strokes lie closer than this to each other)
BESIDE_SHARE = 0.35  # a run with ink in the band along this share of its length is a line of text's strokes
SEAL_REDNESS = 50  # a pixel this much redder than its green and blue is red ink …
SEAL_LIGHT = 185  # … and with its red channel lighter than this, it is seal ink over paper
GAP_SHARE = 0.01  # a row of a cell with ink on at most this share of its lines' width parts two lines


@dataclass
class Picture:
    """A page as pixels: grey (0 black … 255 white), straightened, with its place on the page."""

    grey: np.ndarray
    ink: np.ndarray  # 255 where there is ink (binarised, despeckled)
    scale: float  # pixels per point
    skew: float  # degrees the scan was turned by (and turned back)
    x0: float = 0.0  # the page's left and top in pdfplumber's frame (points)
    top: float = 0.0
    # after `rule_segments`: the grey and the ink with the ruling lines wiped out, so a cell's
    # crop holds its text and not the border's remains (a rule read as 1 or |)
    text_grey: np.ndarray | None = None
    text_ink: np.ndarray | None = None

    def to_points(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + x / self.scale, self.top + y / self.scale

    def to_pixels(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.scale, (y - self.top) * self.scale


def render_grey(pdfium_page, dpi: float = RENDER_DPI, crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> np.ndarray:
    """The page (or a part: crop = points cut from left, bottom, right, top) as grey pixels.

    The red channel stands for the grey: black and blue ink stay dark in it, a red seal is light.
    Light is not gone: the seal's words (财务专用章, at about 220 of 255) were still found and read,
    and joined the cover's department name. So a clearly red pixel that is light in the red
    channel (seal ink over paper) is made paper; black text under the seal stays dark there
    (about 140) and is kept.
    """
    bitmap = pdfium_page.render(scale=dpi / 72.0, crop=crop, rev_byteorder=True)
    try:
        rgb = bitmap.to_numpy()
    finally:
        bitmap.close()
    red = rgb[:, :, 0]
    redness = red.astype(np.int16) - np.maximum(rgb[:, :, 1], rgb[:, :, 2])
    return np.ascontiguousarray(np.where((redness > SEAL_REDNESS) & (red > SEAL_LIGHT), np.uint8(255), red))


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0: Otsu's threshold after a 3×3 median filter (scanner speckle goes),
    and the thin lines the filter erased put back, each kept by an opening a speck is too short for:
    horizontal strokes of 6 px and more (a light font's one-pixel 一: a line's crop would start
    after it), and vertical runs as tall as a rule (`V_KERNEL_PX`): a table pasted as a clean
    picture draws its column rules one pixel wide, the filter erased them, and the cells either
    side were read as one (40.19 and the next column's 310 as "40.19|310"). Not shorter vertical
    runs: text strokes put back in the scan's crops broke its glyphs (社会保障); no text stroke is
    as tall as a rule, and a rule must still meet a horizontal one (`rule_segments`)."""
    smooth = cv2.medianBlur(grey, 3)
    threshold, ink = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    raw = np.where(grey <= threshold, np.uint8(255), np.uint8(0))
    for kernel in ((6, 1), (1, V_KERNEL_PX)):
        ink |= cv2.morphologyEx(raw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    return ink


def _horizontal(ink: np.ndarray, length: int) -> np.ndarray:
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    return cv2.morphologyEx(joined, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))


def _vertical(ink: np.ndarray, length: int) -> np.ndarray:
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    return cv2.morphologyEx(joined, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))


def measure_skew(ink: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive as OpenCV turns) of the long horizontal lines.

    A kernel short enough to follow a line tilted by a degree or two finds the pieces; each long
    piece's slope is fitted, and the median kept, so a stray diagonal does not decide it.
    """
    lines = _horizontal(ink, SKEW_KERNEL_PX)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    width = ink.shape[1]
    angles = []
    for k in range(1, count):
        x, y, w, h, _ = stats[k]
        if w < width / 5 or h > w / 10:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == k)
        if xs.size < 10:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
    if not angles:
        return 0.0
    angle = float(np.median(angles))
    return angle if abs(angle) <= MAX_SKEW else 0.0


def straighten(grey: np.ndarray, angle: float) -> np.ndarray:
    """The picture turned back by `angle` degrees about its centre (white where nothing was)."""
    if abs(angle) < 0.05:
        return grey
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def picture_of(pdfium_page, x0: float, top: float, dpi: float = RENDER_DPI) -> Picture:
    """Render, binarise, straighten (see the module's docstring)."""
    width, height = pdfium_page.get_size()
    dpi = min(float(dpi), 72.0 * MAX_SIDE_PX / max(width, height, 1.0))
    scale = dpi / 72.0
    grey = render_grey(pdfium_page, dpi)
    ink = binarise(grey)
    skew = measure_skew(ink)
    if skew:
        grey = straighten(grey, skew)
        ink = binarise(grey)
    return Picture(grey, ink, scale, skew, x0, top)


def _among_glyphs(ink: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """Whether a horizontal run of ink is strokes of a line of text rather than a rule: glyphs'
    other strokes lie just above or just below it along a third or more of its length. A rule has text
    beside it only where a cell's text comes near (measured on the sample's scan, its eleven
    ruled pages: at most 0.18 of a rule's length; the strokes of a row of items or codes at
    least 0.51)."""
    above = ink[max(0, y - BESIDE_GAP_PX - BESIDE_PX):max(0, y - BESIDE_GAP_PX), x:x + w]
    below = ink[y + h + BESIDE_GAP_PX:y + h + BESIDE_GAP_PX + BESIDE_PX, x:x + w]
    return any(band.size and np.count_nonzero(band.max(axis=0)) >= BESIDE_SHARE * w for band in (above, below))


def rule_segments(picture: Picture) -> list[tuple[float, float, float, float]]:
    """The ruling lines as (x0, top, x1, bottom) in points: horizontal ones flat, vertical ones thin.

    Also wipes the lines out of the picture's text copies (`text_grey`, `text_ink`).
    """
    ink = picture.ink
    out: list[tuple[float, float, float, float]] = []
    wiped = np.zeros_like(ink)
    flat: list[tuple[int, int, int]] = []  # the horizontal rules in pixels: x0, x1, y
    for mask, horizontal in ((_horizontal(ink, H_KERNEL_PX), True), (_vertical(ink, V_KERNEL_PX), False)):
        count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for k in range(1, count):
            x, y, w, h, _ = stats[k]
            if (h if horizontal else w) > MAX_RULE_PX:
                continue
            if horizontal and _among_glyphs(ink, x, y, w, h):
                continue  # the strokes of a line of text at one height, not a rule
            if horizontal:
                flat.append((x, x + w, y + h // 2))
            elif not any(x0 - MEET_PX <= x + w / 2 <= x1 + MEET_PX and (abs(fy - y) <= MEET_PX or abs(fy - y - h) <= MEET_PX)
                         for x0, x1, fy in flat):
                continue  # a stroke of a character, not a rule: it meets no horizontal line
            wiped[y:y + h, x:x + w] |= (labels[y:y + h, x:x + w] == k).astype(np.uint8) * 255
            if horizontal:
                x0, t = picture.to_points(x, y + h / 2)
                x1, _ = picture.to_points(x + w, y + h / 2)
                out.append((x0, t, x1, t))
            else:
                xm, t = picture.to_points(x + w / 2, y)
                _, b = picture.to_points(x + w / 2, y + h)
                out.append((xm, t, xm, b))
    wiped = cv2.dilate(wiped, np.ones((5, 5), np.uint8)) > 0
    picture.text_grey = np.where(wiped, np.uint8(255), picture.grey)
    picture.text_ink = np.where(wiped, np.uint8(0), ink)
    return out


def _width(ink: np.ndarray) -> int:
    """The width (pixels) the ink of some rows spans, 0 for none."""
    columns = np.nonzero(ink.any(axis=0))[0]
    return int(columns[-1] - columns[0] + 1) if columns.size else 0


def _little(counts: np.ndarray, width: int) -> np.ndarray:
    """Rows with (almost) no ink for lines of text this wide: a pixel, or 1 % of their width."""
    return counts <= max(1, int(GAP_SHARE * width))


def ink_bands(ink: np.ndarray, min_height: int = 4) -> list[tuple[int, int, int, int]]:
    """The lines of ink in a (cell's) picture: (x0, top, x1, bottom) pixel boxes, top to bottom.

    Rows with ink are grouped; a band ends at a row with (almost) no ink: two wrapped lines set
    tight touch by a pixel or two, and one crop holding both would be read as one garbled line.
    A band thinner than `min_height` pixels is a speck or the remains of a rule.

    "Almost no ink" is measured against the width of the ink, not the cell's: in a wide merged
    cell (the shaded 合计 row spans the whole 项目 column, 800 px) 1 % of the cell is 8 px, more
    than the few pixels of 合's strokes between its roof and its 口, and the word was cut in two
    bands read as △计 and 口い. And against the width of the two lines a row parts, not of all the
    cell's ink: under a wide line, a wrapped short word (Putuo's 机关事业单位基本养老保险缴费 / 支出,
    a 444-px cell) was cut between 支's 十 and 又 (4 px of ink there, 出's strokes) and read as
    古山 / 又山. Two touching wrapped lines are as wide as their ink, so they still part.
    """
    counts = np.count_nonzero(ink, axis=1)
    rows = np.nonzero(~_little(counts, _width(ink)))[0]
    if rows.size == 0:
        return []
    bands: list[tuple[int, int]] = []
    start, last = rows[0], rows[0]
    for r in rows[1:]:
        if r - last > 1:
            bands.append((start, last))
            start = r
        last = r
    bands.append((start, last))
    joined = [bands[0]]
    for a, b in bands[1:]:  # rows parting two bands, measured again against those two lines alone
        top, bottom = joined[-1]
        gap = counts[bottom + 1:a]
        if gap.size and not _little(gap, max(_width(ink[top:bottom + 1]), _width(ink[a:b + 1]))).any():
            joined[-1] = (top, b)
        else:
            joined.append((a, b))
    out = []
    for a, b in joined:
        if b - a + 1 < min_height:
            continue
        cols = np.nonzero(ink[a:b + 1].max(axis=0))[0]
        out.append((int(cols[0]), int(a), int(cols[-1]) + 1, int(b) + 1))
    return out

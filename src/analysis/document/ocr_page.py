"""A page read from its picture, given back as a synthetic text layer the readers take unchanged.

Why a synthetic text layer rather than a second path through the readers: the table locator, the
grid engine, normalisation, the accounting of every printed number and the prose readers are
built and tested on characters with boxes and on ruling lines. An OCR page gives them exactly
that: each recognised line's box divided among its characters (a Chinese character counts about
twice a digit's width), each character with the engine's `confidence`, and the ruling lines found
in the picture as pdfplumber ``line`` objects. Table cells are cropped and recognised one by one
(recognition only: the cell is the line's box, so detection can neither merge two cells nor split
a number); the text outside the tables (titles, 单位 lines, the narrative) is found by detection
and recognition on the strips of the page above, between and below them.

Boxes are in the straightened picture's frame, in points: within a skew of a degree they are
where the text is on the page to a few points, and they line up with the rules, which matters
more (a character is given to the cell its centre lies in).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from .ocr_engine import detect, recognise
from .ocr_image import Picture, ink_bands, rule_segments

CELL_INSET = 3  # pixels left out along a cell's border (the rule and its blur)
CROP_PAD = 4  # white pixels kept around a line's ink for the recogniser
MIN_STRIP_INK = 30  # ink pixels below which a strip of the page is empty
DETECTED_SHRINK = 1.5  # a detected box is this much taller than the text (the detector's unclip)
DETECT_SCALE = 0.5  # text lines are found on the picture at half size

Box = tuple[float, float, float, float]


@dataclass
class PageReading:
    """What OCR made of a page: characters and shapes in the text layer's form."""

    chars: list[dict]
    shapes: dict[str, list[dict]]
    skew: float
    confidence: float  # the lowest confidence of the page's characters (1.0 for an empty page)


def _weight(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55


_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；"})
# The recogniser knows traditional and Japanese forms too, and now and then gives one for a
# simplified character it saw (Putuo's scanned 决算数 header read as 決算数, so the column was not
# found and the whole 支出 side of its 收入支出决算总表 lost). A 部门决算 is printed in simplified
# characters: each form below that is never a simplified character is put back to its simplified one.
_VARIANTS = str.maketrans(
    "決預財撥項計總総數経經費資產業務單萬餘結轉転補險険醫療衛養會機關関運員類級營営國債還劃興農環護節穩災應歸門區黨團廳實際況"
    "說処處辦發勞動報據體績標價評質統維購買車輛專専職賬戶銀設備圖書電網絡術傳廣場線聯織號稅證紀錄議與對於從來時間導組選協調認"
    "識規則責額頁題顯館驗齊東華長開問陽隊隨雙雜難須領顧飲馬點齡監確禮離種稱積範簡糧約純納紙終細綜緊編練縣繳續義習臨舊藝藥製複"
    "見視觀訓記許試話詳課請變讓貧貿趨軍載輔輸過達遺邊鄉鎮閱雲響頻願駐収剰済効検様図勧労県拠権両価児戦亜悪圧囲栄駅緑帰気殻拡覚"
    "渇歓観巻陥奨釈粛縦従獣焼証縄壌嬢譲醸粋酔穂瀬斉摂銭繊荘捜挿巣層騒増蔵臓続対滝択沢単団弾遅鋳庁聴懲逓鉄伝稲闘徳読弐悩脳覇廃"
    "拝売発髪抜晩浜賓仏併並変辺弁舗歩豊毎満黙訳薬揺謡頼覧欄竜虜猟涙塁隷霊齢暦歴錬録",
    "决预财拨项计总总数经经费资产业务单万余结转转补险险医疗卫养会机关关运员类级营营国债还划兴农环护节稳灾应归门区党团厅实际况"
    "说处处办发劳动报据体绩标价评质统维购买车辆专专职账户银设备图书电网络术传广场线联织号税证纪录议与对于从来时间导组选协调认"
    "识规则责额页题显馆验齐东华长开问阳队随双杂难须领顾饮马点龄监确礼离种称积范简粮约纯纳纸终细综紧编练县缴续义习临旧艺药制复"
    "见视观训记许试话详课请变让贫贸趋军载辅输过达遗边乡镇阅云响频愿驻收剩济效检样图劝劳县据权两价儿战亚恶压围荣驿绿归气壳扩觉"
    "渴欢观卷陷奖释肃纵从兽烧证绳壤娘让酿粹醉穗濑齐摄钱纤庄搜插巢层骚增藏脏续对泷择泽单团弹迟铸厅听惩递铁传稻斗德读贰恼脑霸废"
    "拜卖发发拔晚滨宾佛并并变边辩铺步丰每满默译药摇谣赖览栏龙虏猎泪垒隶灵龄历历炼录",
)
# digits the recogniser gives as subscripts or superscripts (燃油费₆万元): a report prints its figures
# in a second font at times, on a lower or higher baseline (the digit-font habit), and the
# recogniser takes the shift for a sub- or superscript; a 部门决算 prints neither
_SHIFTED_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", "01234567890123456789")
# a speck of the scan read as a second point after a decimal number (机关运行经费支出10.23.万元), or
# as a point between a Chinese word and a number (涉及预算金额.175.52万元): the figure was not read
# as an amount. A 部门决算 ends its sentences with 。 and writes 0.5, never a bare .5
_STRAY_POINT = re.compile(r"(\d\.\d+)[.·．](?!\d)|(?<=[\u4e00-\u9fff])[.·．](?=\d)")
# a line's leading 一 (one thin bar, the stroke a noisy crop loses first) read as a dot or a dash
# (·般公共服务支出), or lost before its 、 (、一般公共预算财政拨款): no Chinese line starts with either
_LEADING_BAR = re.compile(r"^(?:[·•‧・\-–—_](?=[\u4e00-\u9fff])|(?=、\S))")
# a figure's point read as a colon (事业运行 11.31 read 11:31): a table figure has no colon
_COLON_FIGURE = re.compile(r"^(-?\d[\d,]*)[:：](\d{1,2})$")
# a figure's thousands separators read as points, or its point as a comma (11.329.800.00 for
# 11,329,800.00, printed in 元): a number whose three-digit groups each follow a mark is grouped,
# and then its last mark before one or two digits is its decimal point; two groups or more with no
# decimals are grouped too (9.398.200). One group and no decimals (398.200) stays as read: 398.2?
_GROUPED_DECIMAL = re.compile(r"(?<![\d.,])(\d{1,3})((?:[.,]\d{3})+)[.,](\d{1,2})(?![\d.,])")
_GROUPED_WHOLE = re.compile(r"(?<![\d.,])(\d{1,3})((?:[.,]\d{3}){2,})(?![\d.,])")
_DASHED_PAGE = re.compile(r"^[\-—–一]+\s*(\d{1,4})\s*[\-—–一]+$")  # — 5 —, the dashes read as 一 at times


def tidy(text: str) -> str:
    """Chinese text's punctuation as Chinese documents print it: the recogniser gives the ASCII
    look-alikes of （ ） ： ； next to Chinese characters, and titles and items are matched by text;
    and its traditional forms (`_VARIANTS`) are the simplified characters the page prints; a point
    after a decimal number is a speck (`_STRAY_POINT`); a figure's point read as a colon is a point,
    and its thousands separators read as points are commas (`_GROUPED_DECIMAL`);
    a dot or dash opening a Chinese line, or a line opening with 、, is its 一 misread (`_LEADING_BAR`)."""
    text = _STRAY_POINT.sub(lambda m: m.group(1) or "", text.translate(_VARIANTS).translate(_SHIFTED_DIGITS))
    text = _LEADING_BAR.sub("一", text)
    text = _COLON_FIGURE.sub(r"\1.\2", text.strip()) if _COLON_FIGURE.match(text.strip()) else text
    text = _GROUPED_DECIMAL.sub(lambda m: f"{m.group(1)}{m.group(2).replace('.', ',')}.{m.group(3)}", text)
    text = _GROUPED_WHOLE.sub(lambda m: m.group(1) + m.group(2).replace(".", ","), text)
    page = _DASHED_PAGE.match(text.strip())
    if page:
        return f"—{page.group(1)}—"
    if any(_weight(c) == 1.0 for c in text if c.isalpha()):
        return text.translate(_FULL_WIDTH)
    return text


def chars_in_box(text: str, confidence: float, box: Box) -> list[dict]:
    """A recognised line's characters, its box divided by their widths (spaces dropped)."""
    x0, top, x1, bottom = box
    text = tidy(text)
    total = sum(_weight(c) for c in text) or 1.0
    out, x = [], x0
    for ch in text:
        w = (x1 - x0) * _weight(ch) / total
        if not ch.isspace():
            out.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": bottom, "doctop": top,
                        "upright": True, "size": bottom - top, "confidence": round(confidence, 4)})
        x += w
    return out


def line_object(rule: Box, page_height: float) -> dict:
    """A ruling line as the ``line`` object pdfplumber's table finder reads."""
    x0, top, x1, bottom = rule
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "y0": page_height - bottom, "y1": page_height - top,
            "pts": [(x0, top), (x1, bottom)], "linewidth": 0.5, "stroke": True, "fill": False}


def _cell_crops(picture: Picture, cells: list[Box]) -> tuple[list[np.ndarray], list[Box]]:
    crops, boxes = [], []
    h, w = picture.ink.shape
    for cell in cells:
        px0, pt = picture.to_pixels(cell[0], cell[1])
        px1, pb = picture.to_pixels(cell[2], cell[3])
        x0, t = max(0, int(px0) + CELL_INSET), max(0, int(pt) + CELL_INSET)
        x1, b = min(w, int(px1) - CELL_INSET + 1), min(h, int(pb) - CELL_INSET + 1)
        if x1 - x0 < 4 or b - t < 4:
            continue
        for bx0, bt, bx1, bb in ink_bands(picture.text_ink[t:b, x0:x1]):
            gx0, gt, gx1, gb = x0 + bx0, t + bt, x0 + bx1, t + bb
            crops.append(_padded(picture.text_grey, gx0, gt, gx1, gb))
            p0, ptop = picture.to_points(gx0, gt)
            p1, pbot = picture.to_points(gx1, gb)
            boxes.append((p0, ptop, p1, pbot))
    return crops, boxes


def _padded(grey: np.ndarray, x0: int, top: int, x1: int, bottom: int) -> np.ndarray:
    """The line's crop with white around it: a quarter of its height above and below, half at
    the sides (a crop cut tight to the ink reads a leading 一 as · or loses it)."""
    crop = grey[top:bottom, x0:x1]
    height = bottom - top
    v, h = max(CROP_PAD, height // 4), max(CROP_PAD, height // 2)
    return np.pad(crop, ((v, v), (h, h)), constant_values=255)


def _spans(cells: list[Box]) -> list[tuple[float, float]]:
    """The vertical spans the tables cover (cells overlapping in height merged)."""
    spans: list[list[float]] = []
    for _, top, _, bottom in sorted(cells, key=lambda c: c[1]):
        if spans and top <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], bottom)
        else:
            spans.append([top, bottom])
    return [(a, b) for a, b in spans]


def _strips(picture: Picture, cells: list[Box]) -> list[tuple[int, int]]:
    """Pixel rows of the page outside every table, as (top, bottom) strips holding ink."""
    height = picture.ink.shape[0]
    edges, y = [], 0
    for top, bottom in _spans(cells):
        t = int(picture.to_pixels(0, top)[1]) - 2
        b = int(picture.to_pixels(0, bottom)[1]) + 3
        if t > y:
            edges.append((y, t))
        y = max(y, b)
    if y < height:
        edges.append((y, height))
    return [(a, b) for a, b in edges if b - a > 8 and int(np.count_nonzero(picture.text_ink[a:b])) >= MIN_STRIP_INK]


def _detected_lines(picture: Picture, top: int, bottom: int) -> tuple[list[np.ndarray], list[Box]]:
    """The lines of text in a strip: found on a half-size copy (detection costs by the pixel, and
    text at 100 dpi is still found), cut from the full-size picture for recognition."""
    strip = picture.text_grey[top:bottom]
    small = cv2.resize(strip, None, fx=DETECT_SCALE, fy=DETECT_SCALE, interpolation=cv2.INTER_AREA)
    crops, boxes = [], []
    height, width = strip.shape
    for quad in detect(small):
        xs = [x / DETECT_SCALE for x, _ in quad]
        ys = [y / DETECT_SCALE for _, y in quad]
        x0, x1 = max(0, int(min(xs))), min(width, int(max(xs)) + 1)
        t, b = max(0, int(min(ys))), min(height, int(max(ys)) + 1)
        if x1 - x0 < 3 or b - t < 3:
            continue
        crops.append(_padded(picture.text_grey, x0, top + t, x1, top + b))
        px0, ptop = picture.to_points(x0, top + t)
        px1, pbot = picture.to_points(x1, top + b)
        middle, half = (ptop + pbot) / 2, (pbot - ptop) / (2 * DETECTED_SHRINK)
        boxes.append((px0, middle - half, px1, middle + half))
    return crops, boxes


def read_picture(picture: Picture, page_height: float, cells_of: Callable[[list[dict]], list[Box]]) -> PageReading:
    """The page's characters and ruling lines from its picture (see the module's docstring).

    `cells_of` turns the ruling lines into cell boxes the way the grid engine will, so the cells
    cropped here are the cells the table reader looks in.
    """
    lines = [line_object(r, page_height) for r in rule_segments(picture)]
    cells = cells_of(lines) if lines else []
    crops, boxes = _cell_crops(picture, cells)
    for top, bottom in _strips(picture, cells):
        more, where = _detected_lines(picture, top, bottom)
        crops += more
        boxes += where
    chars: list[dict] = []
    for found, box in zip(recognise(crops), boxes):  # one batch: the recogniser sorts them by width
        chars.extend(chars_in_box(found.text, found.confidence, box))
    lowest = min((c["confidence"] for c in chars), default=1.0)
    return PageReading(chars, {"line": lines, "rect": [], "curve": []}, picture.skew, lowest)

"""OCR's parts on small pictures: the engine reads a rendered Chinese line, the grid finder finds
ruling lines and a scan's skew, the triage names which pages are read from their picture and
why, and a text layer that maps 、 to 1 and 。 to 2 is caught by its picture.

Expected texts are the ones drawn (written here by hand); the lying PDF is the bundled sample
with its fonts' ToUnicode maps rewritten (juesuan_dev.synth.lying), whose page 3 prints
“一、部门主要职能” (seed text) and whose text layer then says “一1部门主要职能”.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from analysis.config import PROJ_ROOT, SAMPLE_PDF
from analysis.document import ocr_triage, pdfdoc
from analysis.document.lines import Line
from analysis.document.ocr_engine import recognise
from analysis.document.ocr_image import Picture, binarise, ink_bands, measure_skew, rule_segments, straighten
from analysis.document.ocr_page import chars_in_box, tidy
from analysis.document.pdfdoc import open_report
from analysis.errors import NoTextLayerError
from analysis.fonts import cjk_font
from juesuan_dev.synth.lying import lie_about_punctuation


def _line_picture(text: str, size: int = 30) -> np.ndarray:
    font = ImageFont.truetype(str(cjk_font()), size)
    image = Image.new("L", (int(size * 1.05 * len(text)) + 20, size + 20), 255)
    ImageDraw.Draw(image).text((10, 8), text, font=font, fill=0)
    return np.asarray(image)


def test_engine_reads_a_rendered_chinese_line_and_a_number():
    found = recognise([_line_picture("一般公共预算财政拨款支出"), _line_picture("1,132.98")])
    assert [f.text for f in found] == ["一般公共预算财政拨款支出", "1,132.98"]
    assert all(0.9 < f.confidence <= 1.0 for f in found)


def _grid(width=1200, height=800, rows=6, cols=4) -> np.ndarray:
    grey = np.full((height, width), 255, np.uint8)
    for r in range(rows + 1):
        y = 100 + r * 100
        if y < height:
            cv2.line(grey, (100, y), (1100, y), 0, 2)
    for c in range(cols + 1):
        x = 100 + c * 250
        cv2.line(grey, (x, 100), (x, 700), 0, 2)
    return grey


def test_skew_of_a_turned_grid_is_measured_and_turned_back():
    grey = _grid()
    turned = straighten(grey, 0.7)  # as a scanner would have fed it
    angle = measure_skew(binarise(turned))
    assert angle == pytest.approx(-0.7, abs=0.1)
    again = measure_skew(binarise(straighten(turned, angle)))
    assert abs(again) < 0.1


def test_ruling_lines_of_a_grid_and_no_rule_from_text():
    grey = _grid()
    font = ImageFont.truetype(str(cjk_font()), 40)
    image = Image.fromarray(grey)
    ImageDraw.Draw(image).text((120, 20), "二〇二三年度一般公共预算", font=font, fill=0)  # long strokes, no rule
    picture = Picture(np.asarray(image), binarise(np.asarray(image)), scale=2.0, skew=0.0)
    rules = rule_segments(picture)
    flat = [r for r in rules if r[1] == r[3]]
    upright = [r for r in rules if r[0] == r[2]]
    assert len(flat) == 7 and len(upright) == 5  # 6 rows and 4 columns drawn
    assert all(r[1] >= 49 for r in rules)  # nothing from the title's strokes (above y = 100 px = 50 pt)
    assert picture.text_ink is not None and picture.text_ink[100:700, 100:1100].sum() == 0  # rules wiped


def test_a_row_of_text_whose_strokes_line_up_is_not_a_rule():
    """A scan's blur and threshold thicken strokes until the top strokes of 卫生健康支出 (seed text:
    支出决算表, 210) join into one run as long as a short rule: it must stay in the cell's crop,
    else the item is read without them (卫牛健唐古出, the scanned sample's lost cells)."""
    grey = np.full((300, 1200), 255, np.uint8)
    for y in (100, 150, 200):
        cv2.line(grey, (100, y), (1100, y), 0, 2)
    for x in (100, 300, 800, 1100):
        cv2.line(grey, (x, 100), (x, 200), 0, 2)
    image = Image.fromarray(grey)
    font = ImageFont.truetype(str(cjk_font()), 22)  # 8 pt at 200 dpi, drawn bold as the scan's ink is
    ImageDraw.Draw(image).text((310, 112), "卫生健康支出", font=font, fill=0, stroke_width=1, stroke_fill=0)
    picture = Picture(np.asarray(image), binarise(np.asarray(image)), scale=2.0, skew=0.0)
    rules = rule_segments(picture)
    assert sorted(r[1] for r in rules if r[1] == r[3]) == pytest.approx([50.25, 75.25, 100.25])  # the 3 rules drawn
    assert len([r for r in rules if r[0] == r[2]]) == 4
    cell = (slice(104, 146), slice(305, 795))
    assert np.count_nonzero(picture.text_ink[cell]) == np.count_nonzero(picture.ink[cell]) > 0  # no stroke wiped
    [found] = recognise([picture.text_grey[104:146, 305:500]])
    assert found.text == "卫生健康支出"


def test_a_recognised_line_is_divided_among_its_characters():
    chars = chars_in_box("合计1.5", 0.8, (0.0, 10.0, 30.0, 20.0))
    assert [c["text"] for c in chars] == ["合", "计", "1", ".", "5"]
    assert chars[0]["x0"] == 0.0 and chars[-1]["x1"] == pytest.approx(30.0)
    assert chars[0]["x1"] - chars[0]["x0"] > chars[2]["x1"] - chars[2]["x0"]  # a Chinese character is wider
    assert {c["confidence"] for c in chars} == {0.8}
    assert tidy("党委办公厅(室)及相关机构事务") == "党委办公厅（室）及相关机构事务"
    assert tidy("1,005.00(2)") == "1,005.00(2)"  # no Chinese: left as read
    assert tidy("项目決算数") == "项目决算数"  # a traditional form the recogniser gave (Putuo's scanned header)
    assert tidy("机关运行经费支出10.23.万元，") == "机关运行经费支出10.23万元，"  # a speck read as a point
    assert tidy("涉及预算金额.175.52万元；") == "涉及预算金额175.52万元；"  # … or before it
    assert tidy("1.2.3") == "1.2.3" and tidy(".5") == ".5"
    assert tidy("11:31") == "11.31"  # a figure's point read as a colon (Putuo's scanned 事业运行)
    # a leading 一 read as a dot, or lost before its 、 (Putuo scanned with another seed)
    assert tidy("·般公共服务支出") == "一般公共服务支出" and tidy("、一般公共预算财政拨款") == "一、一般公共预算财政拨款"
    assert tidy("-12.5") == "-12.5" and tidy("、") == "、"
    # digits in a second font on a lower baseline (the digit-font habit, rewritten by Ghostscript and
    # read by OCR): the seed's 燃油费6万元 and 应急保障用车6辆 came back as subscripts
    assert tidy("其中：燃油费₆万元") == "其中：燃油费6万元" and tidy("应急保障用车₆辆。") == "应急保障用车6辆。"


def test_a_codes_name_cut_short_by_ocr_takes_its_whole_reading():
    import pandas as pd

    from analysis.tables.sources import settle_ocr_items

    # a noisy scan of Putuo: 201's leading 一 lost on pages 6 and 8, read whole on page 12
    cells = pd.DataFrame([
        {"table": "income", "code": "201", "item": "般公共服务支出", "page": 6},
        {"table": "expenditure", "code": "201", "item": "般公共服务支出", "page": 8},
        {"table": "general_budget_expenditure", "code": "201", "item": "一般公共服务支出", "page": 12},
        {"table": "income", "code": "2013950", "item": "事业运行", "page": 6},
        {"table": "expenditure", "code": "2013950", "item": "事业单位运行", "page": 8},  # not a part of the other: kept
        {"table": "income", "code": "208", "item": "社会保障支出", "page": 2},  # a text page: as printed
        {"table": "expenditure", "code": "208", "item": "社会保障和就业支出", "page": 8},
    ])
    got = settle_ocr_items(cells, {6, 8, 12})
    assert got["item"].tolist() == ["一般公共服务支出"] * 3 + ["事业运行", "事业单位运行", "社会保障支出", "社会保障和就业支出"]



def test_a_red_seal_is_paper_and_the_black_text_under_it_stays():
    from analysis.document.ocr_image import render_grey

    class Bitmap:  # what pdfium's render gives: RGB(A) pixels
        def __init__(self, rgb):
            self.rgb = rgb

        def to_numpy(self):
            return self.rgb

        def close(self):
            pass

    class Page:
        def __init__(self, rgb):
            self.rgb = rgb

        def render(self, **_):
            return Bitmap(self.rgb)

    # paper, the seal's ink on paper (as the scanned habit composes it), black text under the seal, black text
    rgb = np.array([[[250, 250, 250], [229, 105, 108], [144, 20, 23], [30, 30, 30]]], dtype=np.uint8)
    assert render_grey(Page(rgb)).tolist() == [[250, 255, 144, 30]]


def test_triage_reasons():
    assert ocr_triage.reason_without_layer(0, False, 1.0, False) == "no_text_layer"
    assert ocr_triage.reason_without_layer(0, False, 0.0, True) == "no_text_layer"  # drawn, no characters
    assert ocr_triage.reason_without_layer(0, False, 0.0, False) == ""  # a blank page
    assert ocr_triage.reason_without_layer(15, False, 0.0, False) == ""  # a short cover page of text
    assert ocr_triage.reason_without_layer(300, False, 0.8, False) == "pictured"  # a title over a pasted table
    assert ocr_triage.reason_without_layer(300, True, 0.8, False) == ""
    assert ocr_triage.name_reasons({5: "no_text_layer"}, pages_with_text=10) == {5: "pictured"}
    assert ocr_triage.name_reasons({5: "no_text_layer"}, pages_with_text=0) == {5: "no_text_layer"}


def _chars(text: str, x: float = 0.0) -> list[dict]:
    out = []
    for ch in text:
        w = 10.0 if ch >= "\u3400" else 5.5
        out.append({"text": ch, "x0": x, "x1": x + w, "top": 0.0, "bottom": 10.0})
        x += w
    return out


def test_samples_prefer_a_short_number_between_chinese_characters():
    chars = _chars("支出1其中") + _chars("939.82", x=200.0)  # a cell far to the right
    samples = ocr_triage.samples_of(4, [Line(chars, "", 0, 0, 0, 0)])
    assert [(s.text, s.suspicious) for s in samples] == [("支出1其中", True), ("939.82", False)]


def _lying_pdf(tmp_path):
    lying = tmp_path / "lying.pdf"
    assert lie_about_punctuation(SAMPLE_PDF, lying) > 0
    return lying


def _reasons(path, monkeypatch) -> dict[int, str]:
    """The pages open_report would read by OCR, and why (the OCR itself not run)."""
    seen: dict[int, str] = {}

    def note(self, pages, reasons):
        seen.update(reasons)
        return pages

    monkeypatch.setattr(pdfdoc.ReportDoc, "_read_by_ocr", note)
    try:
        with open_report(path) as doc:
            assert doc.pages
    except NoTextLayerError:  # a scan: with the OCR not run, no page has text, and open_report says so
        assert seen
    return seen


def test_the_picture_must_show_each_number_whole_not_the_same_characters_around_it():
    # what the recogniser gave for crops of tests/pdfs/unseen/writer-docx-no-cjk-font.pdf, a report made
    # without a Chinese font: its page 2 shows 口口 2023 口口口 where the layer spells 部分2023年度
    assert ocr_triage.shows("100 2023 00[", "部分2023年度")
    assert ocr_triage.shows(" 01 0", "公开01表")
    assert ocr_triage.shows("1,132.98万元", "1132.98万元")  # separators are one reading
    # a lie: the layer prints 1 where the page shows 、 (a Ghostscript font's punctuation mapped to digits)
    assert not ocr_triage.shows("算和、个下", "算和1个下")
    assert not ocr_triage.shows("2028年度", "2023年度")  # another number is another number
    assert not ocr_triage.shows("12023", "2023")  # a digit the layer lacks, joined to the number
    # and the page that draws boxes for its Chinese is named for review; one that draws it is not
    assert ocr_triage.undrawn("100 2023 00[", "部分2023年度")
    assert not ocr_triage.undrawn("部分2023年度", "部分2023年度")
    assert not ocr_triage.undrawn("2023", "2023")  # no Chinese printed there: nothing to miss


def test_a_text_layer_that_lies_is_caught_by_its_picture(tmp_path, monkeypatch):
    lying = _lying_pdf(tmp_path)
    reasons = _reasons(lying, monkeypatch)
    with open_report(lying) as doc:  # OCR still not run
        assert "一1部门主要职能" in doc.pages[2].visual_text  # the lie, as every reader's text says
    assert reasons.get(3) == "text_layer_disagrees"
    assert set(reasons.values()) == {"text_layer_disagrees"}


def test_a_good_text_layer_is_read_as_it_is(monkeypatch):
    assert _reasons(SAMPLE_PDF, monkeypatch) == {}


def test_a_text_layer_that_spells_no_chinese_is_unreadable():
    # what PDFium reads on the sample's page 2 after ps2write → ps2pdf (the page shows 目录 …)
    assert ocr_triage.unreadable(["\x13 2 \x13\x14 \x15\x16\x17\x0f\x18 \x0f\x10\x19\x1a", "ÇÉÑÖÜá\x1e\x1a", "âäãå"])
    # … and on its 公开01 page: glyph numbers among figures that the font happens to keep
    assert ocr_triage.unreadable(["\x13 5 \x132023\r\x0e˛a\x11\x12\x1c\x0bº02\x1c\x0f\x10°", "1132.98", "1132.98", "939.82"])
    assert not ocr_triage.unreadable(["一、部门主要职能", "（一）协助区委领导处理日常工作。"])
    assert not ocr_triage.unreadable(["1132.98", "939.82", "193.16", "-", "100.00%"])  # a table of figures
    assert not ocr_triage.unreadable(["Annual report, page 3 (PDF)"])  # English is not garbage
    assert not ocr_triage.unreadable(["\x13 2"])  # too few characters to say


def test_a_text_layer_of_glyph_numbers_goes_to_ocr(monkeypatch):
    """The sample's cover, 公开01, 公开02 and 公开09 printed to PostScript and distilled back
    (tests/pdfs/producers/README.md): every page is read by OCR, because its layer spells no Chinese."""
    garbled = PROJ_ROOT / "tests" / "pdfs" / "producers" / "qingshan-party-office-2023-ps2write.pdf"
    assert _reasons(garbled, monkeypatch) == {n: "text_layer_unreadable" for n in range(1, 5)}


def _cell(lines: list[str], width: int, size: int = 22, leading: int = 0) -> np.ndarray:
    """A table cell's ink as binarise gives it: `lines` of text at its left, one under the other."""
    font = ImageFont.truetype(str(cjk_font()), size)
    image = Image.new("L", (width, 12 + len(lines) * (size + leading) + 12), 255)
    for k, text in enumerate(lines):
        ImageDraw.Draw(image).text((8, 12 + k * (size + leading)), text, font=font, fill=0)
    return binarise(np.asarray(image))


def test_a_short_word_in_a_wide_merged_cell_is_one_line():
    # the sample's shaded 合计 row spans the whole 项目 column (about 820 px at 200 dpi): 合 has a
    # few pixels of ink between its roof and its 口, and measured against the cell's width they
    # counted as a gap, so 合计 was cut in two halves read as △计 and 口い
    ink = _cell(["合计"], 820)
    assert len(ink_bands(ink)) == 1
    (x0, top, x1, bottom), = ink_bands(ink)
    found = recognise([np.pad(255 - ink[top:bottom, x0:x1], 8, constant_values=255)])
    assert found[0].text == "合计"


def test_wrapped_lines_set_tight_are_still_two():
    # a long item name wrapped in its cell, its lines set solid (they touch by a pixel): two crops, not one
    assert len(ink_bands(_cell(["党委办公厅（室）及相关机构事务", "一般行政管理事务"], 500))) == 2


def test_a_one_pixel_column_rule_of_a_clean_picture_is_found():
    # a table pasted as a clean picture draws its grid one pixel wide (the sample's 公开06 under
    # `pictured-tables`); the 3×3 median filter erased such a column rule, and the value and the
    # next column's code were read as one: 40.19|310
    grey = _grid()
    grey[101:700, 596:606] = 255  # the middle column rule drawn one pixel wide instead of two
    grey[100:700, 601] = 0
    picture = Picture(grey, binarise(grey), scale=2.0, skew=0.0)
    upright = [r for r in rule_segments(picture) if r[0] == r[2]]
    assert len(upright) == 5
    assert picture.text_ink is not None and picture.text_ink[100:700, 590:612].sum() == 0  # wiped from the crops


def test_a_short_word_wrapped_under_a_wide_line_is_one_line(tmp_path):
    # Putuo 2024's 公开02 (page 6) wraps item 2080505 in its cell: 机关事业单位基本养老保险缴费 / 支出.
    # Pasted as a picture (pictured-tables), 支出 was cut between 支's 十 and 又 (4 px of 出's
    # strokes there, under 1 % of the wide line above) and read as 古山 and 又山
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter

    from analysis.document.ocr_image import picture_of
    from fixtures.documents import PUTUO_PDF
    from juesuan_dev.synth.pictures import apply_picture_habit

    page, pictured = tmp_path / "page6.pdf", tmp_path / "page6-pictured.pdf"
    writer = PdfWriter()
    writer.add_page(PdfReader(str(PUTUO_PDF)).pages[5])
    writer.write(str(page))
    apply_picture_habit(page, pictured, "pictured-tables")
    doc = pdfium.PdfDocument(str(pictured))
    try:
        picture = picture_of(doc[0], 0.0, 0.0)
    finally:
        doc.close()
    rule_segments(picture)
    x0, top, x1, bottom = (int(v * picture.scale) for v in (125, 383, 285, 418))  # the cell (points, from its words)
    bands = ink_bands(picture.text_ink[top:bottom, x0:x1])
    crops = [np.pad(picture.text_grey[top + t:top + b, x0 + a:x0 + c], 8, constant_values=255) for a, t, c, b in bands]
    assert [found.text for found in recognise(crops)] == ["机关事业单位基本养老保险缴费", "支出"]


@pytest.mark.parametrize(("read", "printed"), [
    ("11.329.800.00", "11,329,800.00"),  # the sample in 元 with thousands separators, rewritten and OCR'd
    ("11.329,800.00", "11,329,800.00"), ("11,329,800,00", "11,329,800.00"), ("9.398.200", "9,398,200"),
    ("支出11.329.800.00元", "支出11,329,800.00元"),
    ("1,132.98", "1,132.98"), ("3.8", "3.8"), ("2023.12.31", "2023.12.31"),
    ("398.200", "398.200"),  # one group and no decimals: 398.2 or 398,200, left as read
])
def test_thousands_separators_read_as_points(read: str, printed: str) -> None:
    assert tidy(read) == printed

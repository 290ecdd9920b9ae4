"""Characters as a reader sees them: each class of odd code point, and a whole report spelled so.

The expected characters are the ones printed on the page (Unicode names them: ⾦ is KANGXI
RADICAL GOLD, drawn as 金), written here by hand; the shipped table is checked line by line
against Python's own Unicode database, so a mistyped line cannot hide.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from analysis import read_pdf
from analysis.config import SAMPLE_PDF
from analysis.document.normalise import EQUIVALENTS_FILE, equivalent_ideographs, normalise_text
from analysis.document.pdfdoc import open_report
from fixtures.respelled import FULL_WIDTH, IDEOGRAPHIC_SPACE, KANGXI, SUPPLEMENT, respell
from fixtures.sample_cells import sample_cells


def test_the_shipped_table_is_unicodes() -> None:
    """Every mapping line names its code points as Unicode does, maps to a unified ideograph, and
    agrees with NFKC wherever NFKC maps the character at all (the Kangxi block)."""
    lines = [ln for ln in EQUIVALENTS_FILE.read_text(encoding="utf-8").splitlines() if re.match(r"^[0-9A-F]", ln)]
    assert len(lines) == 341  # EquivalentUnifiedIdeograph-14.0.0.txt: 341 lines, 5 of them ranges
    for line in lines:
        codes, target, names = re.match(r"^([0-9A-F.]+)\s*;\s*([0-9A-F]+)\s*#\s*(?:\[\d+\]\s*)?(.*)$", line).groups()
        first, _, last = codes.partition("..")
        assert unicodedata.name(chr(int(first, 16))) == names.split("..")[0], line
        assert unicodedata.name(chr(int(last or first, 16))) == names.split("..")[-1], line
        assert unicodedata.name(chr(int(target, 16))).startswith("CJK UNIFIED IDEOGRAPH"), line
    table = equivalent_ideographs()
    assert len(table) == 348
    for cp, target in table.items():
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        assert nfkc in (chr(cp), chr(target)), hex(cp)


@pytest.mark.parametrize("spelled, seen", [
    ("⾦额单位", "金额单位"),  # U+2FA6 KANGXI RADICAL GOLD (the Ghostscript PDF)
    ("收⼊", "收入"),  # U+2F0A KANGXI RADICAL ENTER
    ("⼀般公共服务⽀出", "一般公共服务支出"),  # U+2F00 ONE, U+2F40 BRANCH
    ("部⻔", "部门"),  # U+2ED4 CJK RADICAL C-SIMPLIFIED GATE: NFKC leaves it
    ("⻓期", "长期"),  # U+2ED3 C-SIMPLIFIED LONG
    ("⻋辆", "车辆"),  # U+2ECB C-SIMPLIFIED CART
    ("㇐", "一"),  # U+31D0 CJK STROKE H
])
def test_radicals_are_the_ideographs_they_draw(spelled: str, seen: str) -> None:
    assert normalise_text(spelled) == seen


def test_nfkc_alone_would_leave_the_supplement() -> None:
    assert unicodedata.normalize("NFKC", "部⻔") == "部⻔"


@pytest.mark.parametrize("spelled, seen", [
    ("\uf900", "\u8c48"),  # CJK COMPATIBILITY IDEOGRAPH-F900 → 豈
    ("\uf9ab", "\u5dba"),  # CJK COMPATIBILITY IDEOGRAPH-F9AB → 嶺
    ("\U0002f800", "\u4e3d"),  # CJK COMPATIBILITY IDEOGRAPH-2F800 → 丽
    ("\ufa0e", "\ufa0e"),  # 﨎 is a unified ideograph inside the compatibility block: kept
])
def test_compatibility_ideographs_are_their_unified_ideograph(spelled: str, seen: str) -> None:
    assert normalise_text(spelled) == seen


@pytest.mark.parametrize("spelled, seen", [
    ("１１３２．９８", "1132.98"),
    ("占１００％", "占100%"),
    ("下降１８.６％", "下降18.6%"),
    ("（一）、：；，。", "（一）、：；，。"),
    ("ＰＤＦ　ｐｄｆ", "PDF pdf"),
])
def test_full_width_digits_and_letters(spelled: str, seen: str) -> None:
    assert normalise_text(spelled) == seen


@pytest.mark.parametrize("spelled, seen", [
    ("1\u00a0132.98", "1 132.98"),  # NO-BREAK SPACE
    ("万元\u3000其中", "万元 其中"),  # IDEOGRAPHIC SPACE
    ("万\u2002元", "万 元"),  # EN SPACE
    ("1132\u200b.98", "1132.98"),  # ZERO WIDTH SPACE: prints nothing
    ("\ufeff决算", "决算"),  # BYTE ORDER MARK
    ("财政\u00ad拨款", "财政拨款"),  # SOFT HYPHEN
    ("收\u200d入", "收入"),  # ZERO WIDTH JOINER
])
def test_odd_spaces(spelled: str, seen: str) -> None:
    assert normalise_text(spelled) == seen


def test_ordinary_text_is_untouched() -> None:
    text = "2023年度收入支出决算总表 金额单位：万元 一、一般公共预算财政拨款收入 1,132.98 （室）"
    assert normalise_text(text) == text


# ------------------------------------------------------------------ a whole report spelled so

RESPELLING = {**KANGXI, **SUPPLEMENT, **FULL_WIDTH, **IDEOGRAPHIC_SPACE}


@pytest.fixture(scope="module")
def respelled(tmp_path_factory) -> Path:
    """The sample with radicals for the ideographs, full-width digits and ideographic spaces in
    its text layer, as Ghostscript and some producers spell them; its pages look the same."""
    return respell(SAMPLE_PDF, tmp_path_factory.mktemp("respelled") / "sample-respelled.pdf", RESPELLING)


def test_the_respelled_sample_reads_as_the_sample(respelled: Path) -> None:
    with open_report(SAMPLE_PDF) as doc:
        original = [p.visual_text for p in doc.pages]
    with open_report(respelled) as doc:
        pages = doc.pages
        chars = [c for p in pages for c in p.objects.get("char", [])]
        assert [p.visual_text for p in pages] == original
        assert all(p.agreement is None or p.agreement.agrees for p in pages)  # PDFium's text normalised too
    spelled = {c["printed"] for c in chars if "printed" in c}
    assert {"⾦", "⻔", "⼊", "１", "．"} <= spelled  # the text layer did say so
    assert "部门：中共武汉市青山区委办公室" in original[5] and "金额单位：万元" in original[5]


@pytest.mark.slow
def test_the_respelled_sample_gives_every_cell_and_keeps_what_it_prints(respelled: Path) -> None:
    """Tables, identity, facts: as the original; cells.csv ``printed`` as the text layer says."""
    got = read_pdf(respelled, "pdfplumber")
    assert (got.department, got.year) == ("中共武汉市青山区委办公室", 2023)
    key = ["table", "side", "code", "item", "column"]
    expected = sample_cells()[key + ["value"]].fillna("").astype({"value": float})
    cells = got.cells[key + ["value"]].fillna("").astype({"value": float})
    merged = expected.merge(cells, on=key, how="outer", indicator=True, suffixes=("", "_got"))
    bad = merged[(merged["_merge"] != "both") | (merged["value"].round(6) != merged["value_got"].round(6))]
    assert bad.empty, bad.to_string()
    personnel = got.cells[(got.cells["table"] == "basic_expenditure") & (got.cells["item"] == "人员经费合计")].iloc[0]
    assert (personnel["value"], personnel["printed"]) == (964.80, "９６４．８０")
    original = read_pdf(SAMPLE_PDF, "pdfplumber")
    pd.testing.assert_frame_equal(got.narrative, original.narrative)
    pd.testing.assert_frame_equal(got.performance, original.performance)


def test_the_second_reading_compares_like_with_like() -> None:
    """PDFium's own text of a page spelled with full-width digits and radicals holds the same
    numbers, beside the same words, as juesuan's normalised lines."""
    from analysis.document.second_reading import compare_page

    ours = "2023年度收入总计1132.98万元，支出总计1132.98万元。"
    theirs = "２０２３年度收⼊总计１１３２．９８万元，⽀出总计１１３２．９８万元。"
    chars = [{"text": ch, "x0": 10.0 * i, "x1": 10.0 * i + 9, "top": 0.0, "bottom": 9.0} for i, ch in enumerate(ours)]
    agreement = compare_page(1, ours, theirs, chars, running_text=True)
    assert agreement.order_checked and agreement.agrees, agreement
    assert agreement.numbers == 3

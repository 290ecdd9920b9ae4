"""The one CJK font: the packaged Noto Sans SC, for charts as OpenType and for PDFs as TrueType.

What must hold on every machine: the font comes from the installed package (not from the
machine), it has every character the seed report prints, and a PDF rendered with it carries a
text layer that reads back exactly the text that was drawn.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pylopdf_fonts_zh_cn
import pytest
from fontTools.ttLib import TTFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from analysis.fonts import _otf_to_ttf, cjk_font, cjk_truetype
from juesuan_dev.synth.styles import register_font
from fixtures.documents import SEED_TEXT


def _seed_characters() -> list[str]:
    return sorted({c for c in SEED_TEXT.read_text(encoding="utf-8") if not c.isspace()})


def test_the_font_is_noto_sans_sc_from_the_installed_package():
    otf, ttf = cjk_font(), cjk_truetype()
    assert Path(pylopdf_fonts_zh_cn.__file__).parent in otf.parents
    for path in (otf, ttf):
        names = TTFont(str(path), lazy=True)["name"]
        assert names.getDebugName(1) == "Noto Sans SC" and names.getDebugName(2) == "Regular"
    assert "CFF " in TTFont(str(otf), lazy=True) and "glyf" in TTFont(str(ttf), lazy=True)


def test_every_character_of_the_seed_report_is_in_the_font():
    for path in (cjk_font(), cjk_truetype()):
        cmap = TTFont(str(path), lazy=True).getBestCmap()
        assert [c for c in _seed_characters() if ord(c) not in cmap] == []


def test_a_rendered_pdf_reads_back_exactly_what_was_drawn(tmp_path):
    """Every character of the seed, in lines of 30, drawn with the rendering font and read back
    by pdfplumber: line for line the same text (reportlab's subset and its ToUnicode map)."""
    chars = _seed_characters()
    lines = ["".join(chars[i:i + 30]) for i in range(0, len(chars), 30)]
    pdf = tmp_path / "every-character.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    per_page = 36
    for start in range(0, len(lines), per_page):
        c.setFont(register_font(), 11)
        for i, line in enumerate(lines[start:start + per_page]):
            c.drawString(40, 800 - 21 * i, line)
        c.showPage()
    c.save()
    with pdfplumber.open(pdf) as doc:
        read = [line for page in doc.pages for line in page.extract_text(x_tolerance=1).splitlines()]
    assert read == lines


@pytest.mark.slow
def test_the_truetype_conversion_is_the_same_bytes_every_time(tmp_path):
    """Converting again gives the cached file byte for byte: every machine renders the same PDF."""
    again = tmp_path / "again.ttf"
    _otf_to_ttf(cjk_font(), again)
    assert again.read_bytes() == cjk_truetype().read_bytes()

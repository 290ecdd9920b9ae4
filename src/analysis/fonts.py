"""The one CJK font of every chart and every rendered PDF: Noto Sans SC, installed by pip.

matplotlib's default DejaVu has no Chinese glyphs and silently draws boxes; reportlab must embed
a real font so a rendered PDF has a text layer. Fonts found on the machine differ from machine to
machine (and are absent on a fresh one), so charts and the bundled sample would differ too: the
font is Noto Sans SC Regular (SIL Open Font License 1.1) from the `pylopdf-fonts-zh-cn` package, a
dependency like any other, and no system font is looked for. A fallback would only hide a broken
install behind output that differs from everyone else's.

matplotlib draws from the package's OpenType (CFF) file directly. reportlab embeds TrueType
(glyf) outlines only, so for rendering PDFs the font is converted once to TrueType — cubic curves
to quadratic ones with fontTools' cu2qu, as fontTools' own otf2ttf snippet does — and cached in
.cache/fonts/ (about 20 seconds, once per clone; the name carries the source's size and the
fontTools version, so a new font or converter makes a new file).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from .config import FONT_CACHE_DIR
from .errors import FontMissingError

FONT_PACKAGE = "pylopdf-fonts-zh-cn"
FONT_FILE = "NotoSansSC-Regular.otf"
MAX_ERROR = 1.0  # font units (of 1000 per em): the quadratic curves stay within this of the cubic ones


@lru_cache(maxsize=1)
def cjk_font() -> Path:
    """The OpenType file of Noto Sans SC Regular (what charts draw with)."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        raise FontMissingError(
            None, f"no CJK (Chinese) font found: the {FONT_PACKAGE} package is not installed",
            f"reinstall juesuan (make venv, or pip install {FONT_PACKAGE})",
        ) from None
    path = Path(pylopdf_fonts_zh_cn.__file__).with_name(FONT_FILE)
    if not path.is_file():
        raise FontMissingError(path, "no CJK (Chinese) font found: the font package has no such file",
                               f"reinstall it (pip install --force-reinstall {FONT_PACKAGE})")
    return path


@lru_cache(maxsize=1)
def cjk_truetype() -> Path:
    """The same font with TrueType outlines (what reportlab embeds), converted on first use."""
    import fontTools

    source = cjk_font()
    target = FONT_CACHE_DIR / f"{source.stem}-{source.stat().st_size}-fonttools{fontTools.version}.ttf"
    if not target.is_file():
        print(f"juesuan: converting {source.name} to TrueType for PDF rendering (once, about 20 s) …",
              file=sys.stderr, flush=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            _otf_to_ttf(source, temporary)
            os.replace(temporary, target)  # two processes converting at once both end with a whole file
        finally:
            temporary.unlink(missing_ok=True)
    return target


def _otf_to_ttf(source: Path, target: Path) -> None:
    """CFF outlines → glyf outlines, everything else kept (fontTools' otf2ttf snippet).

    Deterministic: the same source and fontTools give the same bytes (the head table's
    modification time is kept, not set to now), so a PDF rendered twice is byte for byte the same.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source), recalcTimestamp=False)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # reverse_direction: PostScript contours run counter-clockwise, TrueType ones clockwise
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:  # vertical origins belong to CFF fonts
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]  # left side bearings are the glyphs' new xMin
    for name, glyph in glyf.glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones, maxp.maxTwilightPoints, maxp.maxStorage = 1, 0, 0
    maxp.maxFunctionDefs = maxp.maxInstructionDefs = maxp.maxStackElements = maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(len(getattr(g, "components", []) or []) for g in glyf.glyphs.values())
    font["maxp"] = maxp
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\000\001\000\000"
    font.save(str(target))


# The HTML reports' font. A report is read in a browser, which draws with the reader's fonts: on
# a machine without a Chinese font (a fresh Linux, a container's headless Chromium) every Chinese
# character of the page was blank. The reports therefore carry the same Noto Sans SC as the charts,
# subset to what a report prints — the 6,763 characters of GB 2312, ASCII, and the punctuation,
# arrows and symbols the pages use — as WOFF (about 1.4 MB, made once in about 6 s, cached like the
# TrueType file). It sits beside the pages in assets/, named by their CSS; a reader's own Chinese
# font still comes first.
WEBFONT_NAME = "juesuan-cjk.woff"
WEBFONT_SYMBOLS = "⚠⇅▲▼✓✗√×÷°±·…—–“”‘’《》【】（）、，。：；！？"


@lru_cache(maxsize=1)
def _webfont_characters() -> frozenset[int]:
    gb2312 = {bytes([hi, lo]) for hi in range(0xA1, 0xF8) for lo in range(0xA1, 0xFF)}
    chars = set()
    for code in gb2312:
        try:
            chars.add(ord(code.decode("gb2312")))
        except UnicodeDecodeError:  # the unassigned corners of the table
            pass
    ranges = [(0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x2070), (0x2190, 0x2300), (0x2460, 0x2500), (0x25A0, 0x2700),
              (0x3000, 0x3040), (0xFF00, 0xFFF0)]
    chars |= {c for lo, hi in ranges for c in range(lo, hi)} | {ord(c) for c in WEBFONT_SYMBOLS}
    return frozenset(chars)


def _woff(unicodes, layout_features: list[str] | None = None) -> tuple[bytes, list[int]] | None:
    """The chart font cut to those of `unicodes` it has, as WOFF bytes, with the code points kept;
    None when it has none of them. `layout_features`: the OpenType features kept (fontTools'
    default set when None)."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(cjk_font()), recalcTimestamp=False)
    present = sorted(c for c in unicodes if c in font.getBestCmap())
    if not present:
        return None
    options = subset.Options()
    options.name_IDs, options.hinting = ["*"], False
    if layout_features is not None:
        options.layout_features = layout_features
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue(), present


@lru_cache(maxsize=1)
def cjk_webfont() -> Path:
    """The reports' WOFF font (see above), made from the chart font on first use."""
    import fontTools

    source = cjk_font()
    target = FONT_CACHE_DIR / f"{source.stem}-{source.stat().st_size}-fonttools{fontTools.version}-gb2312.woff"
    if not target.is_file():
        print(f"juesuan: making the reports' web font from {source.name} (once, about 6 s) …", file=sys.stderr, flush=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(_woff(_webfont_characters(), ["*"])[0])
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    return target


def webfont_supplement(text: str) -> tuple[bytes, list[int]] | None:
    """The characters of a page the reports' font lacks but the chart font has — a name outside GB
    2312 (埇桥区, 浉河区, 堃) — as a small WOFF for the page to carry, with their code points; None when
    there are none (or the chart font lacks them too: the reader's fonts are all there is). A few
    kilobytes a character, made only for a page that needs it."""
    wanted = {ord(c) for c in text if ord(c) > 0x7F} - _webfont_characters()
    return _supplement(tuple(sorted(wanted))) if wanted else None


@lru_cache(maxsize=64)
def _supplement(wanted: tuple[int, ...]) -> tuple[bytes, list[int]] | None:
    return _woff(wanted)

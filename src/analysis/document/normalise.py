"""Characters as a reader sees them: the one place the text layer's code points are normalised.

Why: producers spell the same printed character with different code points. Ghostscript's
pdfwrite and some government PDFs write 金 as the Kangxi radical ⾦ (U+2FA6), 门 as the radical
⻔ (U+2ED4), 收入 as 收⼊; others set digits and letters full width (９２３．２７), or put
no-break, ideographic and zero-width spaces between words. A title, an item, a number or a
sentence spelled that way matches no pattern, and the report is refused or misread although the
page prints the ordinary characters. Every reader takes its text from the text layer, so the text
layer maps each character here once (`textlayer.page_chars`), and PDFium's own reading of the
page (the second reading) goes through the same map, so the two compare like with like.

What is mapped, and to what:

* CJK radicals (Kangxi Radicals U+2F00–U+2FDF, CJK Radicals Supplement U+2E80–U+2EFF) and CJK
  strokes → the unified ideograph Unicode names as visually equivalent
  (EquivalentUnifiedIdeograph.txt, shipped in ``data/``; NFKC maps the Kangxi block the same way
  but not the supplement);
* CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) → their canonical ideograph;
* full-width digits and Latin letters, the full-width full stop ． and percent sign ％ → ASCII,
  which a reader cannot tell apart in a number, a percentage or a code;
* no-break, ideographic and the other typographic spaces → a space; zero-width spaces, joiners,
  the word joiner, the byte-order mark and the soft hyphen → nothing (they print nothing).

Full-width punctuation that Chinese text prints as such (（）：，；、。) is left alone: it is
what the page shows, and the readers' patterns are written for it. What the PDF spells is kept
where a reader must quote it exactly (cells.csv ``printed``): see `textlayer.page_chars`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

EQUIVALENTS_FILE = Path(__file__).with_name("data") / "EquivalentUnifiedIdeograph.txt"
"""Unicode's EquivalentUnifiedIdeograph.txt (14.0.0), its mapping lines unchanged."""

_LINE = re.compile(r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*([0-9A-F]{4,6})\b")

COMPATIBILITY_IDEOGRAPHS = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
FULL_WIDTH = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0xFF0E, 0xFF0E), (0xFF05, 0xFF05))  # 0-9 A-Z a-z . %
SPACES = (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
INVISIBLE = (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)


def equivalent_ideographs(path: Path = EQUIVALENTS_FILE) -> dict[int, int]:
    """Radical or stroke code point → its equivalent unified ideograph, as the Unicode file lists them."""
    out: dict[int, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if m:
            first, last = int(m[1], 16), int(m[2] or m[1], 16)
            out.update(dict.fromkeys(range(first, last + 1), int(m[3], 16)))
    return out


@lru_cache(maxsize=1)
def normalisation() -> dict[int, str]:
    """Code point → what a reader sees ('' for a character that prints nothing), for str.translate."""
    out: dict[int, str] = {cp: chr(target) for cp, target in equivalent_ideographs().items()}
    for first, last in (*COMPATIBILITY_IDEOGRAPHS, *FULL_WIDTH):
        for cp in range(first, last + 1):
            mapped = unicodedata.normalize("NFKC", chr(cp))
            if mapped != chr(cp) and len(mapped) == 1:  # unassigned code points stay as they are
                out[cp] = mapped
    out.update(dict.fromkeys(SPACES, " "))
    out.update(dict.fromkeys(INVISIBLE, ""))
    return out


def normalise_text(text: str) -> str:
    """A string (a character, a line, a page) as a reader sees it."""
    return text.translate(normalisation())


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for cp, seen in normalisation().items():
        if len(seen) == 1:
            out.setdefault(seen, []).append(chr(cp))
    return {seen: tuple(cps) for seen, cps in out.items()}


def spellings(char: str) -> tuple[str, ...]:
    """The other code points a PDF may spell `char` with (一: ⼀ ㇐), to look a glyph up by the
    character its font's ToUnicode map names (`glyphs` asks a font for a glyph's width so)."""
    return _spellings().get(char, ())

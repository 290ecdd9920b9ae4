"""A text layer that lies: the font's ToUnicode map reads 、 as ``1`` and 。 as ``2``.

Why: seen after a Ghostscript rewrite of a published report; the page shows 、 and 。, every PDF
reader's text says 1 and 2, so numbers appear in the text that the page does not show
(``支出1其中`` for 支出、其中, ``万元2`` for 万元。). Only the page's picture can tell, which is what
juesuan's text-layer check does (analysis/document/ocr_triage.py). The habit rewrites the
ToUnicode maps of the rendered PDF's fonts and nothing else: the page looks the same.
"""

from __future__ import annotations

import re
from pathlib import Path

LIES = {"3001": "0031", "3002": "0032"}  # 、 → 1, 。 → 2 (UTF-16BE hex, as a bfchar entry's target)


def lie_about_punctuation(src: Path, dst: Path) -> int:
    """Write `src` to `dst` with the lying ToUnicode maps; returns how many entries were changed."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    changed = 0
    seen: set[int] = set()
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for ref in (fonts.get_object().values() if fonts else []):
            font = ref.get_object()
            if "/ToUnicode" not in font or id(font) in seen:
                continue
            seen.add(id(font))
            stream = font["/ToUnicode"].get_object()
            text = stream.get_data().decode("latin1")
            lied, n = re.subn(r"(<[0-9A-Fa-f]+>\s*<)(3001|3002)(>)", lambda m: m.group(1) + LIES[m.group(2)] + m.group(3), text)
            if n:
                new = StreamObject()
                new.set_data(lied.encode("latin1"))
                font[NameObject("/ToUnicode")] = writer._add_object(new)
                changed += n
    with open(dst, "wb") as fh:
        writer.write(fh)
    return changed

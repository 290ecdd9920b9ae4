"""Find a CJK font, for charts (matplotlib) and for rendering PDFs (reportlab).

matplotlib's default DejaVu has no Chinese glyphs and silently draws boxes; reportlab must embed
a real TrueType font so the PDF has a text layer. Linux, macOS and Windows keep CJK fonts in
different places under different names, so we look for known files, then ask fontconfig.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from .config import FONTS_DIR
from .errors import FontMissingError

# (file name, TTC sub-font index) in order of preference.
_KNOWN_FILES: list[tuple[str, int]] = [
    ("wqy-microhei.ttc", 0),
    ("wqy-zenhei.ttc", 0),
    ("NotoSansCJK-Regular.ttc", 2),  # index 2 = SC
    ("NotoSansCJKsc-Regular.otf", 0),
    ("NotoSansSC-Regular.ttf", 0),
    ("SourceHanSansSC-Regular.otf", 0),
    ("simhei.ttf", 0),
    ("msyh.ttc", 0),
    ("simsun.ttc", 0),
    ("PingFang.ttc", 0),
    ("Hiragino Sans GB.ttc", 0),
    ("STHeiti Light.ttc", 0),
    ("Arial Unicode.ttf", 0),
]
_SEARCH_DIRS = [
    FONTS_DIR,
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
    Path("/System/Library/Fonts"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
]


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[Path, int]:
    """Return (font file, sub-font index) of a font that covers simplified Chinese."""
    for name, index in _KNOWN_FILES:
        for folder in _SEARCH_DIRS:
            if folder.is_dir():
                hit = next(iter(folder.rglob(name)), None)
                if hit is not None:
                    return hit, index
    if shutil.which("fc-match"):
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if out and Path(out).exists() and Path(out).suffix.lower() in {".ttf", ".ttc", ".otf"}:
            if "DejaVu" not in out:
                return Path(out), 0
    raise FontMissingError(
        None,
        "no CJK (Chinese) font found",
        "install one (Debian/Ubuntu: apt-get install fonts-wqy-microhei; or put a .ttf in fonts/)",
    )

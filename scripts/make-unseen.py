"""Regenerate tests/pdfs/unseen/: the sample typeset the ways juesuan was never tuned to (issue 18).

Run from the repository root:  PYTHONPATH=src python scripts/make-unseen.py
Needs soffice (LibreOffice Writer) and DejaVu Serif (fonts-dejavu); the HTML comes from
juesuan_dev.synth.html (the producers' corpus, issue-18-corpus).

writer-docx-second-font.pdf — Word's habits through LibreOffice: the sample's HTML with every
run of digits and Latin letters set in a second, Western font (DejaVu Serif, as Word sets them in
Times New Roman beside 宋体), text justified, saved as .docx, then the .docx printed to PDF by
Writer. Writer lets a table row break across pages (七、文化旅 | 游体育与传媒支出).

writer-docx-no-cjk-font.pdf — the same .docx printed by Writer on a machine without a Chinese
font (the system's fontconfig, DejaVu and no Chinese font): every CJK glyph is drawn as an empty box, the text layer still spells it, and
the tables lay out narrower: 2101199 其他行政事业单位 | 医疗支出 breaks across pages 6 and 7.

writer-docx-second-font-pdftocairo.pdf — that PDF rewritten by poppler (`pdftocairo -pdf`), as
"print to PDF" through cairo does: the CJK fonts come out as Type 1 whose /Ascent and /Descent are
the FontBBox's (1808, −1048).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from analysis.fonts import cjk_font
from juesuan_dev.synth import load_description
from juesuan_dev.synth.html import report_html

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "pdfs" / "unseen"
SECOND_FONT = "DejaVu Serif"


def second_font_html(html: str) -> str:
    """Digits and Latin runs of the body in SECOND_FONT; paragraphs justified."""
    head, body = html.split("<body", 1)
    parts = re.split(r"(<[^>]+>)", "<body" + body)
    wrap = lambda m: f"<span style='font-family:\"{SECOND_FONT}\"'>{m.group(0)}</span>"  # noqa: E731
    body = "".join(p if p.startswith("<") else re.sub(r"[0-9A-Za-z.,%\-]+", wrap, p) for p in parts)
    return head.replace("</style>", "p { text-align: justify; }</style>", 1) + body


def soffice(args: list[str], work: Path, env: dict[str, str]) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                    *args], env=env, cwd=work, check=True, timeout=300, capture_output=True)


def produce(name: str, with_cjk_font: bool) -> None:
    """One .docx-through-Writer PDF, the fonts LibreOffice may use limited by a fontconfig of its own."""
    dept = load_description(ROOT / "data" / "sample" / "qingshan-party-office-2023.yml")
    with tempfile.TemporaryDirectory(prefix="juesuan-unseen-") as tmp:
        work = Path(tmp)
        fonts = work / "fonts"
        fonts.mkdir()
        if with_cjk_font:
            (fonts / cjk_font().name).symlink_to(cjk_font())
        for f in Path("/usr/share/fonts/truetype/dejavu").glob("DejaVu*.ttf"):
            (fonts / f.name).symlink_to(f)
        conf = work / "fonts.conf"
        conf.write_text(f"<?xml version='1.0'?><fontconfig><dir>{fonts}</dir><cachedir>{work / 'fc'}</cachedir>"
                        "</fontconfig>", encoding="utf-8")
        env = {**os.environ, "HOME": str(work), "TZ": "UTC", "LANG": "C.UTF-8"}
        if with_cjk_font:  # else the system's fonts (on the machine that made the committed PDF: no Chinese one)
            env["FONTCONFIG_FILE"] = str(conf)
        html = work / f"{name}.html"
        html.write_text(second_font_html(report_html(dept)), encoding="utf-8")
        soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work), str(html)], work, env)
        soffice(["--convert-to", "pdf", "--outdir", str(work / "pdf"), str(work / f"{name}.docx")], work, env)
        OUT.mkdir(parents=True, exist_ok=True)
        shutil.move(work / "pdf" / f"{name}.pdf", OUT / f"{name}.pdf")


def main() -> int:
    produce("writer-docx-second-font", with_cjk_font=True)
    produce("writer-docx-no-cjk-font", with_cjk_font=False)
    subprocess.run(["pdftocairo", "-pdf", str(OUT / "writer-docx-second-font.pdf"),
                    str(OUT / "writer-docx-second-font-pdftocairo.pdf")], check=True, timeout=300)
    return 0


if __name__ == "__main__":
    sys.exit(main())

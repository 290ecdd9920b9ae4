"""Run the producers' own software on a report: Chromium, LibreOffice Writer and Calc, Ghostscript.

juesuan must read whatever program wrote a PDF, and each writes its text layer its own way
(Chromium's Skia splits a font into subsets with their own metrics; Ghostscript spells characters
with CJK radical code points; Calc prints tables with no text around them). The test corpus is
made by those programs themselves, not imitated: this module writes the inputs they take (HTML,
a Calc workbook) and calls them headless. Every program sees one font only, the packaged Noto
Sans SC, through a fontconfig file of its own in a temporary directory, so no system font is
needed and the PDFs are the same on every machine with the same programs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.errors import JuesuanError
from analysis.fonts import cjk_font
from analysis.outputs import write_atomic

from .html import FONT_FAMILY, report_html
from .model import Department
from .options import RenderOptions
from .render import render_pdf
from .workbook import tables_workbook

PRODUCERS = ("chromium", "libreoffice", "libreoffice-calc", "ghostscript", "ghostscript-old", "ghostscript-ps2write")
PROGRAMS = {"chromium": "chromium", "libreoffice": "soffice", "libreoffice-calc": "soffice",
            "ghostscript": "gs", "ghostscript-old": "gs", "ghostscript-ps2write": "gs"}
TIMEOUT = 300  # seconds for one program run (a loaded 2-core machine; each takes 2–20 s on a quiet one)


class ProducerError(JuesuanError):
    """A producer's program failed: names the file it was writing, what the program said, what to do."""


class ProducerMissing(ProducerError):
    """The producer's program is not installed (tests skip on this, saying which)."""


def program(producer: str) -> str:
    """The path of the producer's program, or ProducerMissing naming the package to install."""
    name = PROGRAMS[producer]
    found = shutil.which(name) or (shutil.which("chromium-browser") if name == "chromium" else None)
    if not found:
        package = {"chromium": "chromium", "soffice": "libreoffice-writer-nogui libreoffice-calc-nogui",
                   "gs": "ghostscript"}[name]
        raise ProducerMissing(None, f"{name} is not installed (the {producer} producer runs it)",
                              f"install it (Debian: apt-get install {package})")
    return found


FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  {aliases}
</fontconfig>
"""


@contextmanager
def font_environment() -> Iterator[tuple[Path, dict[str, str]]]:
    """A scratch directory and an environment whose fontconfig knows the packaged font only
    (every generic family, serif included, maps to it), with HOME there so no profile is shared."""
    with tempfile.TemporaryDirectory(prefix="juesuan-producer-") as tmp:
        root = Path(tmp)
        fonts = root / "fonts"
        fonts.mkdir()
        (fonts / cjk_font().name).symlink_to(cjk_font())
        aliases = "".join(f"<alias><family>{g}</family><prefer><family>{FONT_FAMILY}</family></prefer></alias>"
                          for g in ("sans-serif", "serif", "monospace", "Liberation Serif", "Liberation Sans",
                                    "Times New Roman", "Arial", "SimSun", "宋体"))
        conf = root / "fonts.conf"
        conf.write_text(FONTCONFIG.format(fonts=fonts, cache=root / "fc-cache", aliases=aliases), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(root), "TZ": "UTC", "LANG": "C.UTF-8"}
        yield root, env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> None:
    """Run a producer's program; its failure (or a hang past TIMEOUT) is a ProducerError."""
    name = Path(args[0]).name
    try:
        done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ProducerError(None, f"{name} ran past {TIMEOUT} s and was stopped", "run again on a quieter machine") from None
    if done.returncode != 0:
        raise ProducerError(None, f"{name} failed (exit {done.returncode}): {done.stderr.strip()[-800:]}",
                            f"run it by hand: {' '.join(args)}")


def chromium_pdf(html: Path, out: Path, work: Path, env: dict[str, str]) -> None:
    """Print an HTML file with headless Chromium (its PDFs say Producer: Skia/PDF)."""
    _run([program("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          f"--user-data-dir={work / 'chromium-profile'}", "--no-pdf-header-footer",
          f"--print-to-pdf={out}", html.as_uri()], env, work)


def libreoffice_pdf(source: Path, out: Path, work: Path, env: dict[str, str], infilter: str | None = None) -> None:
    """Convert a document to PDF with LibreOffice (Writer for HTML, Calc for a workbook)."""
    args = [program("libreoffice"), f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless",
            "--norestore"]
    if infilter:
        args.append(f"--infilter={infilter}")
    outdir = work / "lo-out"
    _run([*args, "--convert-to", "pdf", "--outdir", str(outdir), str(source)], env, work)
    shutil.move(outdir / f"{source.stem}.pdf", out)


def ghostscript_pdf(source: Path, out: Path, work: Path, env: dict[str, str], new_interpreter: bool = True) -> None:
    """Rewrite a PDF with Ghostscript's pdfwrite, as print-to-PDF drivers and optimisers do;
    `new_interpreter=False` uses the older PostScript-based PDF interpreter (-dNEWPDF=false)."""
    args = [program("ghostscript"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite"]
    if not new_interpreter:
        args.append("-dNEWPDF=false")
    _run([*args, f"-sOutputFile={out}", str(source)], env, work)


def ps2write_pdf(source: Path, out: Path, work: Path, env: dict[str, str], pages: str | None = None) -> None:
    """A PDF printed to PostScript (ps2write) and distilled back (pdfwrite, as ps2pdf does), the way
    a Distiller-like workflow does: every font comes back WinAnsi TrueType with no ToUnicode, so the
    text layer spells glyph numbers (control characters, Latin-1 letters), no Chinese. `pages`: a
    Ghostscript PageList (1,4,5) to keep the file small."""
    gs = [program("ghostscript-ps2write"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER"]
    ps = work / "printed.ps"
    _run([*gs, "-sDEVICE=ps2write", *([f"-sPageList={pages}"] if pages else []), f"-sOutputFile={ps}", str(source)], env, work)
    _run([*gs, "-sDEVICE=pdfwrite", f"-sOutputFile={out}", str(ps)], env, work)


def produce(producer: str, out: Path, *, dept: Department | None = None, options: RenderOptions | None = None,
            source_pdf: Path | None = None, cell_pt: float = 8.0, pages: str | None = None) -> Path:
    """Write `out` (atomically) with the producer: chromium / libreoffice / libreoffice-calc from a
    description, ghostscript / ghostscript-old from a PDF (`source_pdf`, else the description as
    juesuan's own renderer prints it). cell_pt: the tables' type size in the HTML producers print;
    pages: the pages ghostscript-ps2write keeps."""
    if producer not in PRODUCERS:
        raise ValueError(f"unknown producer {producer!r}; known: {', '.join(PRODUCERS)}")
    program(producer)  # missing program: say so before any work
    if dept is None and source_pdf is None:
        raise ValueError(f"{producer}: give a description (dept) or, for ghostscript, a source_pdf")
    if producer.startswith("ghostscript") and source_pdf is None:
        with tempfile.TemporaryDirectory(prefix="juesuan-render-") as tmp:
            plain = render_pdf(dept, Path(tmp) / "rendered.pdf", options)
            return produce(producer, out, source_pdf=plain)

    def write(tmp: Path) -> None:
        with font_environment() as (work, env):
            if producer == "chromium":
                html = work / "report.html"
                html.write_text(report_html(dept, options, cell_pt), encoding="utf-8")
                chromium_pdf(html, tmp, work, env)
            elif producer == "libreoffice":
                html = work / "report.html"
                html.write_text(report_html(dept, options, cell_pt), encoding="utf-8")
                libreoffice_pdf(html, tmp, work, env, infilter="HTML (StarWriter)")
            elif producer == "libreoffice-calc":
                book = work / "tables.fods"
                book.write_text(tables_workbook(dept, options), encoding="utf-8")
                libreoffice_pdf(book, tmp, work, env)
            elif producer == "ghostscript-ps2write":
                ps2write_pdf(Path(source_pdf).resolve(), tmp, work, env, pages)
            else:
                ghostscript_pdf(Path(source_pdf).resolve(), tmp, work, env, new_interpreter=producer == "ghostscript")

    return write_atomic(Path(out), write)


# ---------------------------------------------------------------- the committed test corpus

PRODUCER_DIR_NAME = "producers"  # tests/pdfs/producers
SAMPLE_STEM = "qingshan-party-office-2023"
REAL_REPORTS = ("putuo-social-work-2024", "shanghai-template-2024")  # tests/pdfs/real, rewritten by Ghostscript


def corpus_plan(out_dir: Path, sample_description: Path, sample_pdf: Path, real_dir: Path
                ) -> list[tuple[str, str, dict[str, object]]]:
    """(file name, producer, produce() arguments) of every PDF of tests/pdfs/producers: the sample
    typeset by Chromium, Writer and Calc; the sample PDF, Chromium's and the real reports rewritten by
    Ghostscript. In order: a rewrite of a PDF made here comes after it."""
    from .model import load_description

    dept = load_description(sample_description)
    plan: list[tuple[str, str, dict[str, object]]] = [
        (f"{SAMPLE_STEM}-{p}.pdf", p, {"dept": dept}) for p in ("chromium", "libreoffice", "libreoffice-calc")]
    # the same page in large type, all portrait: tables run over pages (a 自评表 row with no rule
    # above it on the next page in Chromium's, a row split by the page break in Writer's)
    plan += [(f"{SAMPLE_STEM}-{p}-large.pdf", p, {"dept": dept, "options": RenderOptions(landscape=False), "cell_pt": 11.0})
             for p in ("chromium", "libreoffice")]
    sources = [(SAMPLE_STEM, sample_pdf)] + [(stem, real_dir / f"{stem}.pdf") for stem in REAL_REPORTS]
    for stem, pdf in sources:
        plan += [(f"{stem}-{p}.pdf", p, {"source_pdf": pdf}) for p in ("ghostscript", "ghostscript-old")]
    # Chromium's PDF (Type 3 fonts) through the older interpreter: the text spelled with CJK radicals
    # (⼊ for 入, ⻔ for 门). Ghostscript 10.00's new interpreter garbles some of that text outright
    # (武 → p), which no reader can undo, so that rewrite is not in the corpus.
    plan.append((f"{SAMPLE_STEM}-chromium-ghostscript-old.pdf", "ghostscript-old",
                 {"source_pdf": out_dir / f"{SAMPLE_STEM}-chromium.pdf"}))
    # the sample printed to PostScript and distilled back: a text layer of glyph numbers (read by
    # OCR, text_layer_unreadable); four pages — cover, 公开01, 公开02, 公开09 — keep OCR's work small
    plan.append((f"{SAMPLE_STEM}-ps2write.pdf", "ghostscript-ps2write", {"source_pdf": sample_pdf, "pages": "1,4,5,11"}))
    # every layout habit at once (digits in a second font, a shuffled stream, thousands separators,
    # split 类/款/项 codes, amounts in 元), then Ghostscript's rewrite: a garbage text layer, so every
    # page is read by OCR, and the figures are 11,329,800.00 (the recogniser reads their commas as points)
    combined = RenderOptions(text_habits=("digit-font", "shuffled-stream"), thousands=True, split_codes=True, unit="元")
    plan.append((f"{SAMPLE_STEM}-combined-ghostscript.pdf", "ghostscript", {"dept": dept, "options": combined}))
    return plan


def make_corpus(out_dir: Path, sample_description: Path, sample_pdf: Path, real_dir: Path,
                only: tuple[str, ...] = ()) -> list[Path]:
    """Write the producers' corpus into out_dir (only the named producers, if given)."""
    written = []
    for name, producer, kwargs in corpus_plan(out_dir, sample_description, sample_pdf, real_dir):
        if not only or producer in only:
            written.append(produce(producer, out_dir / name, **kwargs))  # type: ignore[arg-type]
    return written

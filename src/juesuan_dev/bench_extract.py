"""`juesuan bench extract`: how fast the table extraction alone is, per engine.

Cold = a fresh Python process per report (imports, JVM start, PDF parse: what a one-off CLI call
pays); warm = the same process extracting again (what a batch worker pays per department).
Prints figures; asserts nothing (these machines are too noisy for timed tests).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.config import SAMPLE_PDF
from analysis.document.pdfdoc import open_report
from analysis.tables.read import read_tables

from .synth import RenderOptions, render_pdf, synthetic_department


def extract_tables(pdf: Path, engine: str) -> None:
    """The nine tables of one report and nothing else (read_pdf also reads the prose)."""
    with open_report(pdf) as doc:
        read_tables(doc, engine)


def _page_count(pdf: Path) -> int:
    with open_report(pdf) as doc:
        return doc.page_count


def _cold_seconds(pdf: Path, engine: str) -> float:
    code = f"from juesuan_dev.bench_extract import extract_tables; extract_tables({str(pdf)!r}, {engine!r})"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def _warm_seconds(pdf: Path, engine: str, repeats: int) -> float:
    extract_tables(pdf, engine)  # first call pays imports and the JVM
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        extract_tables(pdf, engine)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def default_pdfs(workdir: Path) -> list[Path]:
    """The bundled sample and a synthetic report of about 30 pages."""
    pdfs = [SAMPLE_PDF] if SAMPLE_PDF.exists() else []
    big = workdir / "synthetic-30-pages.pdf"
    render_pdf(synthetic_department(n_rows=160, seed=30), big, RenderOptions())
    return pdfs + [big]


def run(pdfs: list[Path], engines: tuple[str, ...] = ("tabula", "pdfplumber"), repeats: int = 3) -> dict[str, float]:
    """Print a line per (engine, report) and return the default engine's figures."""
    totals: dict[str, dict[str, list[float]]] = {}
    for engine in engines:
        for pdf in pdfs:
            pages = _page_count(pdf)
            cold = _cold_seconds(pdf, engine)
            warm = _warm_seconds(pdf, engine, repeats)
            t = totals.setdefault(engine, {"pages": [], "warm": [], "cold": []})
            t["pages"].append(pages)
            t["warm"].append(warm)
            t["cold"].append(cold)
            print(f"{engine:10s} {pdf.name[:40]:40s} pages={pages:3d} warm={warm:6.2f}s cold={cold:6.2f}s pages_per_s={pages / warm:6.1f}")
    d = totals[engines[0]]
    figures = {
        "pages_per_s": sum(d["pages"]) / sum(d["warm"]),
        "s_per_report_warm": statistics.mean(d["warm"]),
        "s_per_report_cold": statistics.mean(d["cold"]),
    }
    print(" ".join(f"{k}={v:.2f}" for k, v in figures.items()))
    return figures


def main(pdfs: list[Path] | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        chosen = list(pdfs) if pdfs else default_pdfs(Path(tmp))
        if not chosen:
            raise SystemExit("no PDF to benchmark: give one, or render the sample (make sample)")
        return run(chosen)

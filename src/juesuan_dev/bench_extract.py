"""`juesuan bench extract`: how fast the table extraction alone is, per engine and with both.

Cold = a fresh Python process per report (imports, JVM start, PDF parse: what a one-off CLI call
pays); warm = the same process extracting again (what a batch worker pays per department).
Configurations: each grid engine alone, and the default, the reported engine checked by the other
(every table read twice and compared): the line `both_extra_warm` is what the second reading costs.
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
from analysis.tables.grids import DEFAULT_ENGINE, second_engine
from analysis.tables.read import read_tables

from .synth import RenderOptions, render_pdf, synthetic_department


def extract_tables(pdf: Path, engine: str, second: bool = False) -> None:
    """The nine tables of one report and nothing else (read_pdf also reads the prose); with
    `second`, checked by the other engine as juesuan does by default."""
    with open_report(pdf) as doc:
        read_tables(doc, engine, second=second)


def _page_count(pdf: Path) -> int:
    with open_report(pdf) as doc:
        return doc.page_count


def _cold_seconds(pdf: Path, engine: str, second: bool) -> float:
    code = f"from juesuan_dev.bench_extract import extract_tables; extract_tables({str(pdf)!r}, {engine!r}, {second!r})"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def _warm_seconds(pdf: Path, engine: str, second: bool, repeats: int) -> float:
    extract_tables(pdf, engine, second)  # first call pays imports and the JVM
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        extract_tables(pdf, engine, second)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def default_pdfs(workdir: Path) -> list[Path]:
    """The bundled sample and a synthetic report of about 30 pages."""
    pdfs = [SAMPLE_PDF] if SAMPLE_PDF.exists() else []
    big = workdir / "synthetic-30-pages.pdf"
    render_pdf(synthetic_department(n_rows=160, seed=30), big, RenderOptions())
    return pdfs + [big]


BOTH = f"{DEFAULT_ENGINE}+{second_engine(DEFAULT_ENGINE)}"  # the default: reported engine, checked by the other
CONFIGURATIONS = (BOTH, "tabula", "pdfplumber")


def run(pdfs: list[Path], engines: tuple[str, ...] = CONFIGURATIONS, repeats: int = 3) -> dict[str, float]:
    """Print a line per (configuration, report) and return the first configuration's figures (the
    default, both engines), with what the second reading adds to the reported engine alone."""
    totals: dict[str, dict[str, list[float]]] = {}
    for config in engines:
        engine, second = config.split("+")[0], "+" in config
        for pdf in pdfs:
            pages = _page_count(pdf)
            cold = _cold_seconds(pdf, engine, second)
            warm = _warm_seconds(pdf, engine, second, repeats)
            t = totals.setdefault(config, {"pages": [], "warm": [], "cold": []})
            t["pages"].append(pages)
            t["warm"].append(warm)
            t["cold"].append(cold)
            print(f"{config:17s} {pdf.name[:40]:40s} pages={pages:3d} warm={warm:6.2f}s cold={cold:6.2f}s pages_per_s={pages / warm:6.1f}")
    d = totals[engines[0]]
    figures = {
        "pages_per_s": sum(d["pages"]) / sum(d["warm"]),
        "s_per_report_warm": statistics.mean(d["warm"]),
        "s_per_report_cold": statistics.mean(d["cold"]),
    }
    alone = engines[0].split("+")[0]
    if "+" in engines[0] and alone in totals:  # the second reading's cost, per report, warm
        figures["both_extra_warm"] = statistics.mean(d["warm"]) - statistics.mean(totals[alone]["warm"])
    print(" ".join(f"{k}={v:.2f}" for k, v in figures.items()))
    return figures


def main(pdfs: list[Path] | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        chosen = list(pdfs) if pdfs else default_pdfs(Path(tmp))
        if not chosen:
            raise SystemExit("no PDF to benchmark: give one, or render the sample (make sample)")
        return run(chosen)

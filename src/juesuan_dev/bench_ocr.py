"""`juesuan bench ocr`: how well and how fast scanned reports are read, and what the text-layer
check costs a report whose text layer is good.

Prints figures; asserts nothing (these machines are too noisy for timed tests):

* the sample scanned at 200 dpi (skew, noise, blur, JPEG, a seal): the share of its cells read
  exactly on the first pass (against the description's truth, `synth.truth.expected_cells`), and
  after the arithmetic (exact, or shown as a possible misreading: never silently wrong), the
  fails raised, department and year, and the share of the narrative's amounts and percentages
  read (against what the text-layer sample gives);
* the real Putuo report scanned the same way: the same shares against its hand transcription
  (tests/pdfs/real/putuo-social-work-2024.cells.csv), and its fails (the document prints one slip);
* a synthetic report of about 30 pages, scanned: seconds (wall and CPU) to read it;
* the bundled sample with its good text layer: CPU seconds to open it with and without the
  text-layer check, warm (the models loaded, as in a batch worker), and the models' one-off load.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis import read_pdf
from analysis.config import PROJ_ROOT, SAMPLE_DESCRIPTION, SAMPLE_PDF
from analysis.document import pdfdoc
from analysis.document.pdfdoc import open_report
from analysis.pipeline import check_department

from .synth import RenderOptions, expected_cells, load_description, render_pdf, synthetic_department

KEY = ["table", "side", "code", "item", "column"]


def exact_share(got: pd.DataFrame, expected: pd.DataFrame) -> tuple[float, int, int]:
    """(share of expected cells read with their exact value, exact, expected)."""
    frames = []
    for df in (expected, got):
        d = df[KEY + ["value"]].copy()
        d[KEY] = d[KEY].fillna("").astype(str)
        d["value"] = d["value"].astype(float).round(6)
        frames.append(d)
    merged = frames[0].merge(frames[1], on=KEY, how="left", suffixes=("", "_got"))
    exact = int((merged["value"] == merged["value_got"]).sum())
    return exact / max(len(frames[0]), 1), exact, len(frames[0])


def after_arithmetic(cells: pd.DataFrame, expected: pd.DataFrame) -> tuple[int, int]:
    """(cells exact or shown as possible misreadings, expected): what "100 % after the arithmetic" counts."""
    got = cells.copy()
    got.loc[got["ocr_check"] == "possible_misreading", "value"] = float("nan")
    shown = set(cells.loc[cells["ocr_check"] == "possible_misreading", KEY].fillna("").astype(str).apply(tuple, axis=1))
    _, exact, total = exact_share(got, expected)
    return exact + len(shown & set(expected[KEY].fillna("").astype(str).apply(tuple, axis=1))), total


def _scan_figures(name: str, scan: Path, expected: pd.DataFrame, workdir: Path) -> tuple[pd.DataFrame, float, float]:
    """Read and check a scan as `juesuan run` does; print its cells' shares; (narrative, wall, share)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = check_department(scan, workdir / f"out-{name}", "pdfplumber")
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    share, exact, total = exact_share(result.cells, expected)
    settled, _ = after_arithmetic(result.cells, expected)
    fails = sorted(result.checks.loc[result.checks["status"] == "fail", "check_id"])
    print(f"{name} scanned at 200 dpi ({len(result.ocr_pages)} pages by OCR): cells exact on the first pass {exact}/{total} "
          f"= {100 * share:.2f}%, after the arithmetic (exact or shown as a possible misreading) {settled}/{total} "
          f"= {100 * settled / max(total, 1):.2f}%; department {result.department!r} year {result.year}; fails {fails or 'none'}; "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU to read and check")
    return result.narrative, wall, share


def _facts(narrative: pd.DataFrame) -> set[tuple[str, float]]:
    return {(str(f), round(float(v), 4)) for f, v in zip(narrative["fact"], narrative["value"]) if pd.notna(v)}


def _open_cpu(pdf: Path, check: bool) -> float:
    original = pdfdoc.ReportDoc._disagreeing_pages
    if not check:
        pdfdoc.ReportDoc._disagreeing_pages = lambda self, samples, pages: {}
    try:
        start = time.process_time()
        with open_report(pdf) as doc:
            doc.pages
        return time.process_time() - start
    finally:
        pdfdoc.ReportDoc._disagreeing_pages = original


def check_cost(pdf: Path = SAMPLE_PDF, repeats: int = 3) -> dict[str, float]:
    start = time.process_time()
    _open_cpu(pdf, check=True)  # the first pays the recognition model's load
    first = time.process_time() - start
    with_check = statistics.median(_open_cpu(pdf, True) for _ in range(repeats))
    without = statistics.median(_open_cpu(pdf, False) for _ in range(repeats))
    start = time.process_time()
    read_pdf(pdf, "pdfplumber")
    reading = time.process_time() - start
    with tempfile.TemporaryDirectory() as out:
        start = time.process_time()
        check_department(pdf, Path(out), "pdfplumber")
        department = time.process_time() - start
    cost = max(with_check - without, 0.0)
    figures = {"check_cpu_s": cost, "open_cpu_s": without, "department_cpu_s": department,
               "check_share_of_department": cost / department, "first_open_cpu_s": first}
    print(f"text-layer check on {pdf.name}: {cost:.3f} s CPU warm = {100 * cost / department:.1f}% of checking the "
          f"department ({department:.2f} s CPU: read, write, reconcile; pdfplumber engine), {100 * cost / reading:.1f}% "
          f"of reading it alone ({reading:.2f} s); a process's first report pays {first - with_check:.2f} s more "
          "(loading the recognition model)")
    return figures


def scanned_sample(workdir: Path, dpi: int = 200) -> dict[str, float]:
    dept = load_description(SAMPLE_DESCRIPTION)
    scan = workdir / "sample-scanned.pdf"
    render_pdf(dept, scan, RenderOptions(text_habits=("scanned",), scan_dpi=dpi))
    narrative, wall, share = _scan_figures("the sample", scan, expected_cells(dept), workdir)
    truth = _facts(read_pdf(SAMPLE_PDF, "pdfplumber").narrative)
    read = len(truth & _facts(narrative)) / max(len(truth), 1)
    print(f"  its narrative's amounts and percentages read: {100 * read:.1f}% of {len(truth)}")
    return {"cells_exact": share, "narrative_read": read, "sample_wall_s": wall}


def scanned_putuo(workdir: Path) -> dict[str, float]:
    from .synth.pictures import apply_picture_habit

    real = PROJ_ROOT / "tests" / "pdfs" / "real"
    scan = workdir / "putuo-scanned.pdf"
    apply_picture_habit(real / "putuo-social-work-2024.pdf", scan, "scanned")
    expected = pd.read_csv(real / "putuo-social-work-2024.cells.csv", dtype=str, keep_default_na=False)
    expected["value"] = expected["value"].astype(float)
    narrative, wall, share = _scan_figures("Putuo (real)", scan, expected, workdir)
    truth = _facts(read_pdf(real / "putuo-social-work-2024.pdf", "pdfplumber").narrative)
    read = len(truth & _facts(narrative)) / max(len(truth), 1)
    print(f"  its narrative's amounts and percentages read: {100 * read:.1f}% of {len(truth)} (its text layer's reading)")
    return {"putuo_cells_exact": share, "putuo_narrative_read": read}


def scanned_30_pages(workdir: Path) -> dict[str, float]:
    big = workdir / "synthetic-30-pages-scanned.pdf"
    render_pdf(synthetic_department(n_rows=160, seed=30), big, RenderOptions(text_habits=("scanned",)))
    start, cpu = time.perf_counter(), time.process_time()
    with open_report(big) as doc:
        pages = len(doc.pages)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"a {pages}-page scanned report: read in {wall:.1f} s wall, {cpu:.1f} s CPU ({wall / pages:.2f} s a page)")
    return {"pages": pages, "wall_s": wall}


def main() -> dict[str, float]:
    figures = check_cost()
    with tempfile.TemporaryDirectory() as tmp:
        figures |= scanned_sample(Path(tmp))
        if (PROJ_ROOT / "tests" / "pdfs" / "real").exists():  # a clone's test data, not an installed package's
            figures |= scanned_putuo(Path(tmp))
        figures |= scanned_30_pages(Path(tmp))
    return figures

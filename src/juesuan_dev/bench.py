"""`juesuan bench run`: how fast the batch runner turns a corpus into reports, against a naive baseline.

The corpus is synthetic (juesuan_dev.synth; varied sizes and layouts, labelled synthetic on every
cover). Each configuration runs the real `run_batch` end to end (Dask cluster start, papermill,
extraction, reconciliation, charts, HTML, index) into a fresh folder. The naive baseline is what a
first script would do: for each PDF, the `papermill` CLI (fresh kernel, fresh imports, fresh JVM)
with tabula in subprocess mode where the extractor offers it, then `jupyter nbconvert --no-input`
as a separate command, one department after another. It is timed on a few departments and its
rate extrapolated (it is slow by design): departments spread evenly over the corpus's sizes
(`naive_sample`), so the few stand for the whole corpus the batch is timed on. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from analysis.batch import KERNEL, NOTEBOOK, Job, plan, run_batch
from analysis.config import NOTEBOOKS_DIR
from analysis.tables.grids import ENGINES

from .synth import RenderOptions, render_pdf, synthetic_department

NAIVE_SAMPLE = 4  # departments the naive baseline is timed on


@dataclass
class Measure:
    label: str
    departments: int
    wall: float
    per_department: list[float]
    peak_rss_mib: float
    failed: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    startup: dict[str, float] = field(default_factory=dict)  # once per worker, beyond a warm department

    @property
    def per_min(self) -> float:
        return 60 * self.departments / self.wall if self.wall else 0.0

    def p(self, q: float) -> float:
        xs = sorted(self.per_department)
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else float("nan")


def build_corpus(n: int, folder: Path) -> list[Path]:
    """n synthetic departments: 4–40 项 lines, split/joined code columns, 万元 or 元, both orientations."""
    pdfs = []
    for i in range(n):
        rows = 4 + (i * 7) % 37
        options = RenderOptions(split_codes=i % 3 == 1, unit="元" if i % 4 == 3 else "万元", landscape=i % 2 == 0)
        dept = synthetic_department(rows, seed=i)
        pdf = folder / str(dept.year) / f"{dept.department}.pdf"
        if not pdf.exists():
            pdf.parent.mkdir(parents=True, exist_ok=True)
            render_pdf(dept, pdf, options)
        pdfs.append(pdf)
    return pdfs


class RssSampler:
    """Peak resident memory of each worker process *with its kernel* (children of this process)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peaks, self._stop = interval, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil  # not a dependency: jupyter's stack brings it; only the RSS sampler uses it

        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=False):
                try:
                    procs = [child, *child.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in procs)
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        return max(self.peaks.values(), default=0) / 2**20


def notebook_stages(notebook: Path) -> dict[str, float]:
    """Seconds per stage of one executed report, from papermill's per-cell durations."""
    nb = nbformat.read(str(notebook), as_version=4)
    stages = {"imports": 0.0, "extract+reconcile": 0.0, "charts": 0.0, "other cells": 0.0}
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        seconds = float((cell.metadata.get("papermill") or {}).get("duration") or 0.0)
        if i == 0:
            stages["imports"] += seconds
        elif "check_department(" in cell.source:
            stages["extract+reconcile"] += seconds
        elif "charts." in cell.source:
            stages["charts"] += seconds
        else:
            stages["other cells"] += seconds
    total = float((nb.metadata.get("papermill") or {}).get("duration") or 0.0)
    stages["papermill overhead"] = max(0.0, total - sum(stages.values()))
    return stages


def measure_batch(corpus: Path, out: Path, workers: int) -> Measure:
    jobs = plan(corpus, out)
    with RssSampler() as rss:
        result = run_batch(jobs, workers=workers, resume=False, progress=False)
    ok = [o for o in result.outcomes if o.status == "ok"]
    for o in result.failed:
        print(f"  failed {o.slug}: {o.reason[:200]}", flush=True)
    per_stage: dict[str, list[float]] = {}
    firsts: list[dict[str, float]] = []
    for o in ok:
        nb_stages = notebook_stages(Path(o.notebook))
        if "kernel start" in o.timings:  # the first department on a fresh kernel
            firsts.append({**nb_stages, "kernel start": o.timings["kernel start"]})
            continue
        for key, value in nb_stages.items():
            per_stage.setdefault(key, []).append(value)
        per_stage.setdefault("html export", []).append(o.timings.get("html", 0.0))
        per_stage.setdefault("runner (resume check, file moves)", []).append(
            max(0.0, o.seconds - o.timings.get("notebook", 0.0) - o.timings.get("html", 0.0)))
    stages = {k: statistics.median(v) for k, v in per_stage.items()}
    # what a worker pays once: its kernel, and what its first department took beyond a warm one
    # (imports; the JVM and tabula's classes in extraction; matplotlib's fonts in the charts)
    startup = {k: statistics.mean(max(0.0, f[k] - stages.get(k, 0.0)) for f in firsts)
               for k in ("kernel start", "imports", "extract+reconcile", "charts")} if firsts else {}
    # throughput counts only departments that completed: a failing run is not a fast one
    return Measure(f"juesuan run, {workers} worker{'s' if workers > 1 else ''}", len(ok), result.seconds,
                   [o.seconds for o in ok], rss.peak_mib, failed=len(result.failed), stages=stages, startup=startup)


def naive_sample(jobs: list[Job], k: int = NAIVE_SAMPLE) -> list[Job]:
    """k jobs at evenly spaced places in the corpus ordered by PDF size (the middle of each k-th).

    The naive way's time grows with a report's pages (a JVM per table page), so the rate of a few
    departments stands for the corpus only if their sizes do: the first few by name were the
    three smallest but one of a 20-department corpus (13, 13 and 14 pages; the corpus's mean 14.8).
    """
    by_size = sorted(jobs, key=lambda job: (job.pdf.stat().st_size, str(job.pdf)))
    n = len(by_size)
    if n <= k:
        return by_size
    return [by_size[int((i + 0.5) * n / k)] for i in range(k)]


def _pages(jobs: list[Job]) -> float:
    import pypdfium2

    counts = []
    for job in jobs:
        doc = pypdfium2.PdfDocument(str(job.pdf))
        counts.append(len(doc))
        doc.close()
    return statistics.mean(counts) if counts else float("nan")


def _naive_engine() -> str:
    return next((e for e in ("tabula-subprocess", "tabula_subprocess") if e in ENGINES), "tabula")


def measure_naive(jobs: list[Job], out: Path) -> Measure:
    """Sequential papermill CLI + nbconvert CLI, one department at a time."""
    bin_dir = Path(sys.executable).parent
    engine = _naive_engine()
    times, peak = [], 0.0
    started = time.time()
    for job in jobs:
        t = time.time()
        nb_out = out / f"{job.slug}.ipynb"
        out.mkdir(parents=True, exist_ok=True)
        with RssSampler() as rss:
            subprocess.run([str(bin_dir / "papermill"), str(NOTEBOOK), str(nb_out), "-k", KERNEL, "--cwd", str(NOTEBOOKS_DIR),
                            "-p", "pdf_path", str(job.pdf), "-p", "processed_dir", str(out / "processed"),
                            "-p", "engine", engine, "--no-progress-bar"], capture_output=True, check=False)
            subprocess.run([str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb_out)],
                           capture_output=True, check=False)
        peak = max(peak, rss.peak_mib)
        times.append(time.time() - t)
    return Measure(f"naive: papermill CLI + nbconvert CLI, sequential, engine={engine}", len(jobs),
                   time.time() - started, times, peak)


def report_line(m: Measure) -> str:
    line = (f"{m.label:<62} {m.departments:>4} depts {m.wall:>7.1f}s  {m.per_min:>6.1f}/min  "
            f"median {m.p(0.5):.2f}s p95 {m.p(0.95):.2f}s  peak RSS/worker {m.peak_rss_mib:.0f} MiB"
            + (f"  failed {m.failed}" if m.failed else ""))
    if m.stages:
        line += "\n    where a warm department's seconds go (median): " + ", ".join(
            f"{k} {v:.2f}s" for k, v in m.stages.items())
    if m.startup:
        line += "\n    paid once per worker (first department beyond a warm one): " + ", ".join(
            f"{k} {v:.2f}s" for k, v in m.startup.items())
    return line


def main(departments: int = 20, keep: Path | None = None) -> None:
    """Build the corpus, time 1 and 2 workers and the naive baseline, print the figures."""
    base = keep or Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    corpus = base / "corpus"
    t = time.time()
    build_corpus(departments, corpus)
    print(f"corpus: {departments} synthetic departments in {corpus} (rendered in {time.time() - t:.1f}s)", flush=True)
    print(f"machine: {os.cpu_count()} CPUs, python {sys.version.split()[0]}", flush=True)
    results = []
    for workers in (1, 2):
        m = measure_batch(corpus, base / f"out-{workers}", workers)
        results.append(m)
        print(report_line(m), flush=True)
    all_jobs = plan(corpus, base / "naive")
    naive_jobs = naive_sample(all_jobs)
    naive = measure_naive(naive_jobs, base / "naive")
    print(report_line(naive) + f"  (timed on {len(naive_jobs)}, rate extrapolated)", flush=True)
    print(f"    the naive sample: {', '.join(job.slug for job in naive_jobs)}; {_pages(naive_jobs):.1f} pages "
          f"a report on average, the corpus {_pages(all_jobs):.1f}", flush=True)
    best = max(results, key=lambda m: m.per_min)
    speedup = best.per_min / naive.per_min if naive.per_min else float("nan")
    print("kernel start, imports and the JVM are paid once per worker (warm kernel); the naive baseline pays "
          "them per department, plus a second process for nbconvert", flush=True)
    print(f"departments_per_min={best.per_min:.1f} speedup_vs_naive={speedup:.1f} "
          f"peak_rss_mib={max(m.peak_rss_mib for m in results):.0f}", flush=True)

"""`juesuan bench charts`: seconds for one department's charts, warm, drawn as the report draws them.

The departments are the bundled sample and synthetic ones of `juesuan bench run`'s corpus, each read
once by the pipeline into a temporary folder (the pdfplumber engine: no JVM to wait for; the charts
do not care which engine read the tables). The chart calls are the report notebook's own chart
cells (those that call `charts.`, as `juesuan bench run` counts them), run in one namespace, each
figure turned into PNG bytes by the same function the notebook's display uses.

A batch worker is warm (fonts loaded, matplotlib's caches and the strings every department draws —
axis words, 类 names, tick values — already rendered) but each department is new to it: its name, its
items and amounts are strings never drawn before. So the first department is drawn once to warm up,
and every timed round draws a department not drawn before, once; the median of those is the figure.
For comparison it also prints the sample drawn again (every string seen). Asserts nothing (these
machines are too noisy for timed tests).
"""

from __future__ import annotations

import ast
import gc
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat

from analysis.batch import NOTEBOOK
from analysis.config import SAMPLE_PDF
from analysis.pipeline import check_department
from analysis.present import charts, loader
from analysis.present.chart_render import png

from .bench import build_corpus


def chart_cells(notebook: Path = NOTEBOOK) -> list[str]:
    """The source of every code cell of the report notebook that draws a chart."""
    nb = nbformat.read(str(notebook), as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "code" and "charts." in cell.source]


def _run_cell(source: str, namespace: dict) -> None:
    """Execute a cell as IPython would: a last bare expression is displayed."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<chart cell>", "exec"), namespace)  # noqa: S102 - the project's own notebook
    if last is not None:
        namespace["display"](eval(compile(ast.Expression(last.value), "<chart cell>", "eval"), namespace))  # noqa: S307


def department_charts(data: loader.DepartmentData, cells: list[str]) -> Callable[[], list[bytes]]:
    """A function drawing the department's charts to PNG bytes, as the notebook's cells do."""
    def draw() -> list[bytes]:
        shown: list[bytes] = []
        namespace = {"charts": charts, "data": data, "display": lambda fig: shown.append(png(fig))}
        for source in cells:
            _run_cell(source, namespace)
        return shown

    return draw


def _departments(count: int, folder: Path) -> list[loader.DepartmentData]:
    """The sample, then count - 1 synthetic departments, each read by the pipeline."""
    pdfs = [SAMPLE_PDF] + build_corpus(count - 1, folder / "raw")
    return [loader.load_department(check_department(pdf, folder / "out", engine="pdfplumber").out_dir)
            for pdf in pdfs]


def main(rounds: int = 10) -> None:
    """Warm up on one department, then draw `rounds` others once each; print the median of those."""
    cells = chart_cells()
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-charts-") as tmp:
        departments = _departments(rounds + 1, Path(tmp))
    warm_up, sample = departments[-1], departments[0]
    started = time.perf_counter()
    department_charts(warm_up, cells)()
    first = time.perf_counter() - started
    walls, cpus, sizes = [], [], []
    for data in departments[:-1]:
        gc.collect()  # between departments, as the worker's kernel does (batch.kernel._RESET)
        gc.freeze()
        wall, cpu = time.perf_counter(), time.process_time()
        images = department_charts(data, cells)()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        sizes.append(sum(map(len, images)))
    again = time.perf_counter()
    department_charts(sample, cells)()
    again = time.perf_counter() - again
    print(f"departments: the sample ({sample.department} {sample.year}) and {rounds - 1} synthetic; "
          f"{statistics.median(sizes) / 1024:.0f} KiB of PNG per department (median)", flush=True)
    print(f"first department (cold caches, fonts): {first:.2f}s; the sample drawn again (every string seen): "
          f"{again:.3f}s", flush=True)
    print(f"charts_seconds_median={statistics.median(walls):.3f} (wall, warm, a department not drawn before, "
          f"{rounds} departments; min {min(walls):.3f}, max {max(walls):.3f}) "
          f"cpu_seconds_median={statistics.median(cpus):.3f}", flush=True)

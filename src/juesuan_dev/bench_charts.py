"""`juesuan bench charts`: seconds for one department's charts, warm, drawn as the report draws them.

The department is the bundled sample, read once by the pipeline into a temporary folder (the
pdfplumber engine: no JVM to wait for; the charts do not care which engine read the tables). The
chart calls are the report notebook's own chart cells (those that call `charts.`, as `juesuan bench
run` counts them), run in one namespace, each figure turned into PNG bytes by the same function the
notebook's display uses. The first round is left out (font loading, matplotlib's caches): a batch
worker pays it once. Prints the median seconds of the rest, wall clock and CPU; asserts nothing
(these machines are too noisy for timed tests).
"""

from __future__ import annotations

import ast
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


def main(rounds: int = 10) -> None:
    """Read the sample, draw its charts rounds + 1 times, print the median of all but the first."""
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-charts-") as tmp:
        result = check_department(SAMPLE_PDF, Path(tmp), engine="pdfplumber")
        data = loader.load_department(result.out_dir)
    draw = department_charts(data, chart_cells())
    started = time.perf_counter()
    images = draw()
    first = time.perf_counter() - started
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        draw()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"department: {data.department} {data.year}, {len(images)} charts, "
          f"{sum(map(len, images)) / 1024:.0f} KiB of PNG", flush=True)
    print(f"first round (cold caches, fonts): {first:.2f}s", flush=True)
    print(f"charts_seconds_median={statistics.median(walls):.3f} (wall, warm, {rounds} rounds; "
          f"min {min(walls):.3f}, max {max(walls):.3f}) cpu_seconds_median={statistics.median(cpus):.3f}", flush=True)

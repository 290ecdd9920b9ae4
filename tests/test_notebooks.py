"""The notebooks are thin and stripped; they run under nbval and papermill on the bundled sample."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.config import NOTEBOOKS_DIR, PROJ_ROOT, SAMPLE_DEPARTMENT, SAMPLE_PDF

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_both_notebooks_exist():
    assert {p.name for p in NOTEBOOKS} >= {"department_report.ipynb", "compare_departments.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_and_stripped(path: Path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged parameters"
    assert tagged[0] == 1, "imports first, then the parameters cell"
    assert "from analysis" in code[0].source
    for cell in code:
        assert not cell.outputs and cell.execution_count is None, "outputs must be stripped"
        assert "def " not in cell.source and "class " not in cell.source and "sys.path" not in cell.source
    assert any(c.source.startswith("assert") for c in code), "checks that must hold go in assert cells"


@pytest.mark.slow
def test_nbval_on_stripped_notebooks():
    """pytest --nbval-lax notebooks/: every cell runs (asserts included) on the bundled sample."""
    if not SAMPLE_PDF.exists():
        pytest.skip("the bundled sample PDF is not rendered yet")
    res = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
                          "--rootdir", str(NOTEBOOKS_DIR), str(NOTEBOOKS_DIR)],
                         cwd=PROJ_ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]


@pytest.mark.slow
def test_papermill_end_to_end(tmp_path: Path):
    """The report notebook under papermill, parameters injected, exported to HTML without code."""
    if not SAMPLE_PDF.exists():
        pytest.skip("the bundled sample PDF is not rendered yet")
    import papermill as pm

    from analysis.present.report import export_html

    out_nb = tmp_path / "report.ipynb"
    pm.execute_notebook(str(NOTEBOOKS_DIR / "department_report.ipynb"), str(out_nb), kernel_name="python3",
                        parameters={"pdf_path": str(SAMPLE_PDF), "processed_dir": str(tmp_path / "processed")},
                        progress_bar=False, cwd=str(NOTEBOOKS_DIR))
    html = export_html(out_nb, tmp_path / "report.html").read_text(encoding="utf-8")
    assert f"{SAMPLE_DEPARTMENT} 2023 年度部门决算分析" in html
    assert html.count("data:image/png;base64") >= 6
    assert "check_department(" not in html and "import" not in html.split("<body", 1)[1].split("</body>")[0][:2000]
    assert (tmp_path / "processed" / "2023" / SAMPLE_DEPARTMENT / "checks.csv").exists()

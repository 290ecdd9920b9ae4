"""Render structured descriptions of 部门决算 reports to realistic PDFs (the sample and synthetic corpora).

Public API:
    load_description(path) -> Department             data/sample/*.yml → validated model
    render_pdf(dept, out_path, options=None) -> Path  None = the description's own `render:` settings
    synthetic_department(n_rows, seed=0, year=2023) -> Department
    set_cell / replace_text / apply_changes           plant targeted changes (return new Departments)
    expected_cells / expected_tables                  the ground truth in the data-dictionary form
    dump_description(dept, path)                      save a (changed, synthetic) description as YAML
    later_year(dept, factor=2) -> Department          the same department a year on (two-year corpora)
"""

from .edit import apply_changes, replace_text, set_cell
from .model import Department, DescriptionError, dump_description, load_description
from .options import PageBreakSpec, RenderOptions
from .render import render_pdf
from .synthetic import synthetic_department
from .truth import expected_cells, expected_tables
from .years import later_year

__all__ = [
    "Department", "DescriptionError", "PageBreakSpec", "RenderOptions", "apply_changes", "dump_description",
    "expected_cells", "expected_tables", "later_year", "load_description", "render_pdf", "replace_text", "set_cell",
    "synthetic_department",
]

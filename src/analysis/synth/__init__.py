"""Render structured descriptions of 部门决算 reports to realistic PDFs (the sample and synthetic corpora).

Public API:
    load_description(path) -> Department
    render_pdf(dept, out_path, options=RenderOptions()) -> Path
    synthetic_department(n_rows, seed) -> Department
    set_cell(...), replace_text(...), apply_changes(...)  -- plant targeted changes before rendering
"""

from .model import Department, DescriptionError, dump_description, load_description
from .options import PageBreakSpec, RenderOptions
from .render import render_pdf

__all__ = [
    "Department", "DescriptionError", "PageBreakSpec", "RenderOptions",
    "dump_description", "load_description", "render_pdf",
]

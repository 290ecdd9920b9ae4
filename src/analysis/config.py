"""Every path the project uses, in one place.

Notebooks run under papermill and nbval start their kernels in different folders, so nothing may
depend on the working directory: all paths hang off the repository root found from this file.
"""

from __future__ import annotations

from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[2]

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"  # input PDFs: read-only to the code
PROCESSED_DIR = DATA_DIR / "processed"  # tidy outputs, <year>/<department-slug>/
SAMPLE_DIR = DATA_DIR / "sample"  # structured descriptions the sample PDFs are rendered from
REPORTS_DIR = PROJ_ROOT / "reports"  # executed notebooks and HTML (generated)
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
CONFIG_DIR = PROJ_ROOT / "config"
FONT_CACHE_DIR = PROJ_ROOT / ".cache" / "fonts"  # the CJK font converted to TrueType for reportlab (generated)

SAMPLE_YEAR = 2023
SAMPLE_DEPARTMENT = "中共武汉市青山区委办公室"
SAMPLE_PDF = RAW_DIR / str(SAMPLE_YEAR) / f"{SAMPLE_DEPARTMENT}.pdf"
SAMPLE_DESCRIPTION = SAMPLE_DIR / "qingshan-party-office-2023.yml"

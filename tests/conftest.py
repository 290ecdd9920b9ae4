"""Shared fixtures. Real PDFs live in ../shared, which a user's clone does not have: tests that
need them skip cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import SHARED_DIR

PUTUO_PDF = SHARED_DIR / "real" / "putuo-social-work-2024.pdf"
PUTUO_CELLS = SHARED_DIR / "real" / "putuo-social-work-2024.cells.csv"
SHANGHAI_TEMPLATE = SHARED_DIR / "real" / "shanghai-template-2024.pdf"
SEED_TEXT = SHARED_DIR / "seed" / "qingshan-party-office-2023-final-accounts.txt"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent)")
    return path


@pytest.fixture
def putuo_pdf() -> Path:
    return _need(PUTUO_PDF)


@pytest.fixture
def putuo_expected_cells() -> Path:
    return _need(PUTUO_CELLS)


@pytest.fixture
def seed_text() -> str:
    return _need(SEED_TEXT).read_text(encoding="utf-8")


@pytest.fixture
def shanghai_template_pdf() -> Path:
    return _need(SHANGHAI_TEMPLATE)

"""Shared fixtures: the committed real documents (tests/pdfs, see fixtures.documents)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.documents import PUTUO_CELLS, PUTUO_PDF, SEED_TEXT


@pytest.fixture
def putuo_pdf() -> Path:
    return PUTUO_PDF


@pytest.fixture
def putuo_expected_cells() -> Path:
    return PUTUO_CELLS


@pytest.fixture
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")

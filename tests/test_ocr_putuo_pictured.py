"""The real Putuo report with its ruled table pages (5–16) pasted in as clean pictures, its text pages
keeping their text layer, read by OCR: every hand-transcribed cell, its department and year,
the narrative's figures, and no fail but the one the document prints (tests/fixtures/putuo_ocr.py).

Read once for the module (about a minute of CPU); the tests are tests/fixtures/putuo_ocr_cases.py,
the same for the other habit, whose file runs beside this one under pytest-xdist.
"""

from __future__ import annotations

import pytest

from fixtures import putuo_ocr
from fixtures.putuo_ocr_cases import *  # noqa: F403 - the habit's tests

pytestmark = pytest.mark.slow
HABIT = "pictured-tables"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return putuo_ocr.read(HABIT, tmp_path_factory.mktemp("pictured"))


@pytest.fixture
def habit() -> str:
    return HABIT


@pytest.fixture
def narrative_share() -> float:
    return 1.0  # its text pages keep their text layer

"""The real Putuo report with its ruled table pages (5–16) pasted in as clean pictures, its text pages
keeping their text layer, read by OCR: every hand-transcribed cell, its department and year,
the narrative's figures, and no fail but the one the document prints (tests/fixtures/putuo_ocr.py).

Read once for the module (about a minute of CPU); the tests are tests/fixtures/putuo_ocr_cases.py,
the same for the other habit, whose file runs beside this one under pytest-xdist.
"""

from __future__ import annotations

import pytest

from fixtures.putuo_ocr_cases import *  # noqa: F403 - the habit's tests
from fixtures.putuo_ocr_cases import fixtures_for

pytestmark = pytest.mark.slow
# the narrative's share: its text pages keep their text layer
result, habit, narrative_share = fixtures_for("pictured-tables", 1.0)

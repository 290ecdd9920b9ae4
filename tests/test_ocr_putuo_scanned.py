"""The real Putuo report scanned (the habit's defaults: every page rasterised at 200 dpi, turned by a seeded skew, blurred, given
scanner noise, a red seal stamped over the department's name on the cover and the last page, stored
as JPEG: no text layer at all), read by OCR: every hand-transcribed cell, its department and year,
the narrative's figures, and no fail but the one the document prints (tests/fixtures/putuo_ocr.py).

Read once for the module (about a minute of CPU); the tests are tests/fixtures/putuo_ocr_cases.py,
the same for the other habit, whose file runs beside this one under pytest-xdist.
"""

from __future__ import annotations

import pytest

from fixtures.putuo_ocr_cases import *  # noqa: F403 - the habit's tests
from fixtures.putuo_ocr_cases import fixtures_for

pytestmark = pytest.mark.slow
# the narrative's share: the target: 95 % of the figures
result, habit, narrative_share = fixtures_for("scanned", 0.95)

"""The index line a report publishes (report.Published) is the one the tidy folder gives.

The batch worker takes a department's index figures and failed checks from its executed notebook
instead of reading the tidy folder back; both must give the same line, value for value and type
for type, and a notebook without the line (or with one JSON cannot hold) must still be indexed.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.batch.index import index_entry, published_line
from analysis.batch.planning import Outcome
from analysis.config import SAMPLE_PDF
from analysis.present import report
from analysis.present.loader import failures, key_figures, load_department


def _same(a: object, b: object) -> bool:
    """Equal value for value and type for type, NaN equal to NaN (a figure the report does not print)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _notebook(shown: object) -> dict:
    """An executed notebook whose one code cell displayed `shown` (IPython's display_data output)."""
    return {"cells": [{"cell_type": "code", "outputs": [{"output_type": "display_data",
                                                           "data": shown._repr_mimebundle_(), "metadata": {}}]}]}


def test_nan_and_numpy_numbers_come_back_as_they_were() -> None:
    figures = {"department": "某局", "year": 2023, "total_expenditure": 1132.98, "performance_score": math.nan,
               "checks_fail": np.int64(2), "review": np.bool_(True), "explanatory_text": False}
    line = published_line(_notebook(report.findings(figures, pd.DataFrame())))
    assert line is not None and line["failures"] == []
    back = line["figures"]
    assert math.isnan(back["performance_score"]) and back["total_expenditure"] == 1132.98
    assert back["checks_fail"] == 2 and type(back["checks_fail"]) is int
    assert back["review"] is True and back["explanatory_text"] is False and back["department"] == "某局"


def test_a_value_json_cannot_hold_leaves_no_line_and_the_page_as_it_was() -> None:
    shown = report.findings({"total_expenditure": 10.0, "odd": object()}, pd.DataFrame())
    assert published_line(_notebook(shown)) is None  # the index reads the folder instead
    assert shown._repr_mimebundle_()["text/html"] == shown._repr_html_()


def test_a_notebook_without_the_line() -> None:
    assert published_line({"cells": [{"cell_type": "markdown", "source": "# 标题"}]}) is None


@pytest.mark.slow  # reads the sample with both table readers (the JVM)
def test_the_sample_s_published_line_is_its_folder_s(tmp_path: Path) -> None:
    from analysis.pipeline import check_department

    out_dir = check_department(SAMPLE_PDF, tmp_path).out_dir
    data = load_department(out_dir)
    figures = key_figures(data)
    line = published_line(_notebook(report.findings(figures, data.checks)))
    assert line is not None
    assert len(line["failures"]) == 3  # the sample's three warns (3.8 % truncated, the placeholder, 于于)
    outcome = Outcome(slug="s", year="2023", department="listed", pdf=str(SAMPLE_PDF), status="ok",
                      out_dir=str(out_dir), html=str(tmp_path / "2023" / "s.html"))
    folder = index_entry(outcome, tmp_path)
    outcome.published = line
    published = index_entry(outcome, tmp_path)
    assert published.department == folder.department == "中共武汉市青山区委办公室"
    assert published.review == folder.review
    assert _same(published.failures, folder.failures) and _same(published.figures, folder.figures)
    assert _same(line["failures"], failures(data.checks).to_dict("records"))

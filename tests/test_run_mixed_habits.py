"""`juesuan run` on a folder that mixes a report with a text layer, a scanned one and one whose
tables were pasted in as pictures (issue 19, "done when"): every one gets its report.

Three small synthetic departments (4 项 lines each, distinct names), one per habit, rendered from
their descriptions (`juesuan render --habit …`), so the truth is the description's
(`expected_cells`). Each department's tidy folder must hold its cells as described, its meta.json
the pages read by OCR and why, and the batch its HTML report and index line. One `run` for the
module (one worker: two cost 8 s more CPU for 20 s less wall; a kernel per department; the OCR of the
scan and the pictures is most of its ≈70 s of CPU).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.cli import app
from juesuan_dev.synth import RenderOptions, expected_cells, render_pdf, synthetic_department

pytestmark = pytest.mark.slow
HABITS = {"text": (), "scanned": ("scanned",), "pictured-tables": ("pictured-tables",)}
KEY = ["table", "side", "code", "item", "column"]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    raw, out = tmp_path_factory.mktemp("raw"), tmp_path_factory.mktemp("out")
    departments = {}
    for seed, (habit, habits) in enumerate(HABITS.items()):
        dept = synthetic_department(4, seed=seed)
        pdf = raw / str(dept.year) / f"{dept.department}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        render_pdf(dept, pdf, RenderOptions(text_habits=habits))
        departments[habit] = dept
    result = CliRunner().invoke(app, ["run", str(raw), "--out", str(out), "--workers", "1"])
    return departments, out, result


def _folder(out: Path, dept) -> Path:
    return out / "data" / "processed" / str(dept.year) / dept.department


def test_the_run_ends_with_every_department_done(mixed):
    _, _, result = mixed
    assert result.exit_code in (0, 1), result.output  # 1: a department marked for review; none failed
    assert "3 departments in" in result.output and "3 done, 0 up to date, 0 failed" in result.output, result.output


@pytest.mark.parametrize("habit", list(HABITS))
def test_every_department_has_its_report(mixed, habit):
    departments, out, _ = mixed
    dept = departments[habit]
    html = out / "reports" / str(dept.year) / f"{dept.department}.html"
    assert html.exists(), sorted(p.name for p in (out / "reports").rglob("*.html"))
    text = html.read_text(encoding="utf-8")
    assert dept.department in text and "部门决算分析" in text
    assert f'href="{dept.year}/{dept.department}.html"' in (out / "reports" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("habit", list(HABITS))
def test_every_department_gives_its_cells(mixed, habit):
    departments, out, _ = mixed
    dept = departments[habit]
    got = pd.read_csv(_folder(out, dept) / "cells.csv", dtype={"code": str})
    frames = []
    for df in (expected_cells(dept), got):
        d = df[KEY + ["value"]].copy()
        d[KEY] = d[KEY].fillna("").astype(str)
        d["value"] = d["value"].astype(float).round(6)
        frames.append(d)
    merged = frames[0].merge(frames[1], on=KEY, how="outer", indicator=True, suffixes=("_expected", "_got"))
    bad = merged[(merged["_merge"] != "both") | (merged["value_expected"] != merged["value_got"])]
    assert bad.empty, bad.to_string()


def test_the_pages_read_by_ocr_are_named_with_their_reason(mixed):
    departments, out, _ = mixed
    reasons = {habit: {r["reason"] for r in json.loads((_folder(out, dept) / "meta.json").read_text(encoding="utf-8"))
                       .get("ocr_pages", [])} for habit, dept in departments.items()}
    assert reasons == {"text": set(), "scanned": {"no_text_layer"}, "pictured-tables": {"pictured"}}

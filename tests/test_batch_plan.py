"""Planning a batch: which departments, under which safe names, with which parameters (no notebooks run)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from analysis import batch
from analysis.batch.planning import _make_job


def _touch(path: Path, data: bytes = b"%PDF-1.4\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_folder_is_searched_recursively_and_names_are_safe(tmp_path: Path):
    raw = tmp_path / "raw"
    _touch(raw / "2023" / "中共武汉市青山区委办公室.pdf")
    _touch(raw / "nested" / "deeper" / "2022年 某局 决算.PDF")
    _touch(raw / "2023" / "a..evil'\"<x>.pdf")
    _touch(raw / "2023" / ".hidden.pdf")
    _touch(raw / "2023" / "notes.txt", b"x")
    jobs = batch.plan(raw, tmp_path / "out")
    assert len(jobs) == 3
    by_slug = {j.slug: j for j in jobs}
    assert by_slug["中共武汉市青山区委办公室"].year == "2023"
    assert by_slug["2022年-某局-决算"].year == "2022"
    for job in jobs:
        for target in (job.html_out, job.notebook_out):
            assert (tmp_path / "out" / "reports").resolve() in target.resolve().parents
        assert ".." not in job.slug and "/" not in job.slug and "<" not in job.slug
    params = by_slug["中共武汉市青山区委办公室"].parameters()
    assert params["year"] == 2023 and params["pdf_path"].endswith("中共武汉市青山区委办公室.pdf")
    assert params["processed_dir"] == str((tmp_path / "out" / "data" / "processed").resolve())


def test_same_department_twice_gets_distinct_names(tmp_path: Path):
    _touch(tmp_path / "a" / "2023" / "某局.pdf")
    _touch(tmp_path / "b" / "2023" / "某局.pdf")
    slugs = sorted(j.slug for j in batch.plan(tmp_path, tmp_path / "out"))
    assert slugs == ["某局", "某局-2"]


def test_yaml_keeps_codes_as_strings(tmp_path: Path):
    pdf = _touch(tmp_path / "x.pdf")
    config = tmp_path / "departments.yml"
    config.write_text(f"departments:\n  - pdf: {pdf}\n    department: 某局\n    year: 2021\n"
                      f"    parameters:\n      engine: pdfplumber\n      code: \"001\"\n", encoding="utf-8")
    (job,) = batch.plan(config, tmp_path / "out")
    params = job.parameters()
    assert params["code"] == "001" and params["engine"] == "pdfplumber" and params["year"] == 2021
    assert job.html_out == (tmp_path / "out" / "reports" / "2021" / "某局.html").resolve()


def test_bundled_config_lists_the_sample():
    jobs = batch.plan(batch.DEPARTMENTS_YML, None)
    assert [j.slug for j in jobs] == ["中共武汉市青山区委办公室"]


def test_resume_needs_complete_and_newer_outputs(tmp_path: Path):
    pdf = _touch(tmp_path / "raw" / "2023" / "某局.pdf")
    (job,) = batch.plan(tmp_path / "raw", tmp_path / "out")
    assert batch.is_complete(job) is None
    out_dir = job.processed_root / "2023" / "某局"
    _touch(out_dir / "meta.json", '{"pdf": "某局.pdf"}'.encode())
    _touch(out_dir / "checks.csv", b"check_id\n")
    _touch(job.notebook_out, b"{}")
    assert batch.is_complete(job) is None  # no HTML yet
    _touch(job.html_out, b"<html></html>")
    assert batch.is_complete(job) is None  # written before findings carried evidence: run again
    _touch(out_dir / "evidence.csv", b"check_id\n")
    assert batch.is_complete(job) == out_dir
    later = time.time() + 10
    os.utime(pdf, (later, later))  # the PDF was replaced after the report
    assert batch.is_complete(job) is None


def test_parameters_reach_the_notebook_as_literals(tmp_path: Path):
    """A hostile department name is injected as a string literal, never as code."""
    import ast

    from papermill.translators import PythonTranslator

    hostile = 'x"; __import__("os").system("touch pwned") #\n<script>{}</script>\'\u2028'
    pdf = _touch(tmp_path / "2023" / "某局.pdf")
    job = _make_job(pdf, hostile, "2023", tmp_path / "p", tmp_path / "r")
    code = PythonTranslator.codify(job.parameters())
    tree = ast.parse(code)
    assert all(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) for node in tree.body)
    values = {node.targets[0].id: node.value.value for node in tree.body}
    assert values["department"] == hostile and values["year"] == 2023
    assert "/" not in job.slug and (tmp_path / "r").resolve() in job.html_out.parents

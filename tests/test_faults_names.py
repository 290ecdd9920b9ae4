"""Issue 20: file names as unzip leaves them. An archive packed on Chinese Windows unzips to names
in GBK bytes, which are not UTF-8 (`gbk\\xd6\\xd0\\xb9\\xb22023.pdf` is gbk中共2023.pdf in GBK); a
batch must read it, show the name readably and write every file it writes, index and run.json too.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from analysis.batch import Outcome, plan, run_job, write_index
from analysis.batch import run as run_module
from analysis.batch.names import json_text
from analysis.config import SAMPLE_PDF
from analysis.errors import BrokenPdfError, readable_name

GBK_NAME = os.fsdecode(b"gbk\xd6\xd0\xb9\xb22023.pdf")  # 中 = D6D0, 共 = B9B2 in GBK
READABLE = "gbk中共2023.pdf"


def test_a_gbk_name_reads_as_chinese_and_other_bytes_as_escapes():
    assert readable_name(GBK_NAME) == READABLE
    assert readable_name(os.fsdecode(b"a\xff.pdf")) == "a\\xff.pdf"  # no encoding makes sense of \xff
    assert readable_name("普通名称.pdf") == "普通名称.pdf"


def test_an_error_about_the_file_names_it_readably():
    assert str(BrokenPdfError(Path(GBK_NAME), "cannot parse the PDF")) == f"{READABLE}: cannot parse the PDF"


def _gbk_copy(tmp_path: Path, source: Path = SAMPLE_PDF) -> Path:
    folder = tmp_path / "raw" / "2023"
    folder.mkdir(parents=True)
    return Path(shutil.copy(source, folder / GBK_NAME))


def test_the_plan_names_the_department_readably(tmp_path):
    _gbk_copy(tmp_path)
    (job,) = plan(tmp_path / "raw", tmp_path / "out")
    assert job.department == "gbk中共2023" and job.slug == "gbk中共2023"
    assert job.notebook_out.name == "gbk中共2023.ipynb"


def test_the_notebook_gets_a_path_it_can_hold_to_the_same_bytes(tmp_path, monkeypatch):
    pdf = _gbk_copy(tmp_path)
    (job,) = plan(tmp_path / "raw", tmp_path / "out")
    given: dict = {}

    def executes(nb, out, parameters, **kw):
        given.update(parameters)
        json.dumps(parameters).encode("utf-8")  # papermill writes them into the notebook's metadata
        Path(out).write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")

    monkeypatch.setattr(run_module.pm, "execute_notebook", executes)
    outcome = run_job(job, warm=False, resume=False)
    assert outcome.status == "ok", outcome.reason
    link = Path(given["pdf_path"])
    assert link.name == READABLE and link.parent.name == "2023"  # the identity's fallbacks read these
    assert link.read_bytes() == pdf.read_bytes()
    assert job.notebook_out.exists() and job.notebook_out.stat().st_size > 0


def test_the_index_and_run_json_are_written_with_the_name_shown_readably(tmp_path):
    pdf = _gbk_copy(tmp_path)
    failed = Outcome(slug="gbk中共2023", year="2023", department="gbk中共2023", pdf=str(pdf), status="failed",
                     reason=f"{READABLE}: the PDF is encrypted and needs a password")
    index = write_index([failed], tmp_path / "reports")
    assert READABLE in index.read_text(encoding="utf-8")
    text = json_text([{"pdf": failed.pdf}])
    assert Path(json.loads(text)[0]["pdf"]) == pdf  # the exact bytes, for scripts
    text.encode("utf-8")


@pytest.mark.slow  # every table is read by both grid engines: tabula's JVM starts (issue 18)
def test_check_on_a_gbk_name_writes_meta_json_with_the_readable_name(tmp_path):
    from analysis.pipeline import check_department

    pdf = _gbk_copy(tmp_path)
    result = check_department(pdf, tmp_path / "processed", engine="pdfplumber")
    meta = json.loads((result.out_dir / "meta.json").read_text(encoding="utf-8"))
    assert meta["pdf"] == READABLE
    assert meta["department"] == "中共武汉市青山区委办公室"  # printed in the report


@pytest.mark.slow
def test_tabula_reads_a_page_of_a_file_whose_name_is_not_utf8(tmp_path):
    from analysis.tables.grids import TabulaEngine

    pdf = _gbk_copy(tmp_path)
    engine = TabulaEngine()
    try:
        plain = engine.cells(SAMPLE_PDF, 4)
        gbk = engine.cells(pdf, 4)
    finally:
        engine.close()
    assert len(plain) > 20 and gbk == plain


def test_hidden_pdfs_are_not_read_but_named(tmp_path):
    """Names starting with '.' (macOS '._' copies in zip archives, temporaries): left out, said so."""
    from typer.testing import CliRunner

    from analysis.cli import app

    raw = tmp_path / "raw"
    (raw / "2023").mkdir(parents=True)
    (raw / "2023" / "._某局.pdf").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    (raw / ".tmp").mkdir()
    (raw / ".tmp" / "某局.pdf").write_bytes(b"%PDF-1.4")
    res = CliRunner().invoke(app, ["run", str(raw), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert ("note: 2 PDF files are not read: hidden (a name or folder starting with '.', like macOS's '._' copies): "
            ".tmp/某局.pdf, 2023/._某局.pdf; rename one to read it, or give it as the source") in res.output
    assert f"error: no PDFs found in {raw}" in res.output
    assert plan(raw / "2023" / "._某局.pdf", tmp_path / "out")[0].slug == "某局"  # named as the source: read

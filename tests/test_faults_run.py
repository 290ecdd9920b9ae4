"""Issue 20 below the batch: one department's run (run_job) when the disk fills up part-way, and
the hidden names it writes beside a long one. papermill is replaced by a stand-in that writes what
a real run writes (a whole notebook, or the first bytes of one before the disk is full), so no
kernel starts: the files left behind are what these tests look at.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import nbformat
import pytest
from papermill.exceptions import PapermillExecutionError

from analysis.batch import Job, run_job
from analysis.batch import run as run_module
from analysis.errors import DiskFullError

OLD = {"ipynb": b'{"old": "notebook"}', "html": b"<html>old report</html>", "annotated.pdf": b"%PDF-1.4 old annotated"}


def _job(tmp_path: Path, slug: str = "某局") -> Job:
    pdf = tmp_path / "raw" / "2023" / f"{slug}.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4 stand-in")
    return Job(pdf=pdf, department=slug, year="2023", slug=slug, processed_root=tmp_path / "processed",
               reports_root=tmp_path / "reports")


def _old_outputs(job: Job) -> dict[str, bytes]:
    """Complete outputs of an earlier good run."""
    job.notebook_out.parent.mkdir(parents=True, exist_ok=True)
    for suffix, data in OLD.items():
        job.notebook_out.with_name(f"{job.slug}.{suffix}").write_bytes(data)
    return _files(job)


def _files(job: Job) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(job.notebook_out.parent.iterdir())}


def _whole_notebook() -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("新的报告")]
    return nbformat.writes(nb)


def _fills_up(output_path: str) -> None:
    """papermill writing the executed notebook when the disk fills: part of the file, then ENOSPC."""
    Path(output_path).write_text(_whole_notebook()[:40], encoding="utf-8")
    raise OSError(errno.ENOSPC, "No space left on device", output_path)


def test_disk_full_writing_the_notebook_keeps_every_earlier_output(tmp_path, monkeypatch):
    """`juesuan run --force` over complete outputs: the old notebook, report and annotated PDF stay, whole."""
    job = _job(tmp_path)
    before = _old_outputs(job)
    monkeypatch.setattr(run_module.pm, "execute_notebook", lambda nb, out, **kw: _fills_up(out))
    outcome = run_job(job, warm=False, resume=False)
    assert outcome.status == "failed" and "earlier outputs of this department are kept" in outcome.reason
    assert _files(job) == before  # nothing deleted, nothing truncated, no hidden temporary left


def test_disk_full_without_earlier_outputs_leaves_no_truncated_notebook(tmp_path, monkeypatch):
    """Without --force on a nearly full disk: no .ipynb under its final name unless it is whole."""
    job = _job(tmp_path)
    monkeypatch.setattr(run_module.pm, "execute_notebook", lambda nb, out, **kw: _fills_up(out))
    outcome = run_job(job, warm=False, resume=True)
    assert outcome.status == "failed" and "earlier outputs of this department are kept" in outcome.reason
    assert not job.notebook_out.parent.exists() or _files(job) == {}


def test_disk_full_inside_the_notebook_keeps_every_earlier_output(tmp_path, monkeypatch):
    """The tidy files could not be written (a cell raised DiskFullError): the PDF is not at fault."""
    job = _job(tmp_path)
    before = _old_outputs(job)

    def cell_fails(nb, out, **kw):
        Path(out).write_text(_whole_notebook(), encoding="utf-8")  # papermill saves the error cell
        raise PapermillExecutionError(3, 3, "check_department(...)", "DiskFullError",
                                      "cells.csv: the disk is full (no space left on device); nothing was written", [])

    monkeypatch.setattr(run_module.pm, "execute_notebook", cell_fails)
    outcome = run_job(job, warm=False, resume=False)
    assert outcome.status == "failed" and "earlier outputs of this department are kept" in outcome.reason
    assert _files(job) == before


def test_disk_full_writing_the_report_keeps_the_earlier_pair(tmp_path, monkeypatch):
    """The notebook ran, the HTML could not be written: the old notebook stays beside the old report."""
    job = _job(tmp_path)
    before = _old_outputs(job)
    monkeypatch.setattr(run_module.pm, "execute_notebook",
                        lambda nb, out, **kw: Path(out).write_text(_whole_notebook(), encoding="utf-8"))

    def no_space(notebook, html_path, title=None):
        raise DiskFullError(html_path, "the disk is full (no space left on device); nothing was written")

    monkeypatch.setattr(run_module, "export_html", no_space)
    outcome = run_job(job, warm=False, resume=False)
    assert outcome.status == "failed" and "earlier outputs of this department are kept" in outcome.reason
    assert _files(job) == before


def test_a_failing_pdf_still_replaces_its_report_with_the_error_notebook(tmp_path, monkeypatch):
    """A failure of the PDF itself (not of the disk): the executed notebook with its error cell is
    the record, and the older report of this PDF goes (it would be misleading)."""
    job = _job(tmp_path)
    _old_outputs(job)

    def cell_fails(nb, out, **kw):
        Path(out).write_text(_whole_notebook(), encoding="utf-8")
        raise PapermillExecutionError(1, 1, "read_pdf(...)", "BrokenPdfError", "某局.pdf: cannot parse the PDF", [])

    monkeypatch.setattr(run_module.pm, "execute_notebook", cell_fails)
    outcome = run_job(job, warm=False, resume=False)
    assert outcome.status == "failed" and "cannot parse the PDF" in outcome.reason
    assert set(_files(job)) == {"某局.ipynb"}
    assert json.loads(job.notebook_out.read_text(encoding="utf-8"))["cells"][0]["source"] in ("新的报告", ["新的报告"])


def test_a_254_byte_name_runs_with_hidden_names_that_fit(tmp_path, monkeypatch):
    """A slug of 80 Chinese characters is 240 bytes; its hidden temporary names must still fit in 255."""
    name = "某" * 83 + "a"
    assert len(f"{name}.pdf".encode()) == 254  # as long as a file name can be, near enough
    from analysis.batch import plan

    raw = tmp_path / "raw" / "2023"
    raw.mkdir(parents=True)
    (raw / f"{name}.pdf").write_bytes(b"%PDF-1.4 stand-in")
    job = plan(tmp_path / "raw", tmp_path / "out")[0]
    written: list[str] = []

    def executes(nb, out, **kw):
        written.append(Path(out).name)
        Path(out).write_text(_whole_notebook(), encoding="utf-8")

    monkeypatch.setattr(run_module.pm, "execute_notebook", executes)
    outcome = run_job(job, warm=False, resume=False)
    assert outcome.status == "ok", outcome.reason
    assert all(len(n.encode()) <= 255 for n in written)
    assert job.html_out.exists() and job.notebook_out.exists()
    assert len(job.annotated_out.name.encode()) <= 255 and len(f".{job.slug}-999.annotated.pdf".encode()) <= 255


@pytest.mark.slow  # every table is read by both grid engines: tabula's JVM starts (issue 18)
def test_a_failed_department_stays_out_of_the_dataset_until_it_succeeds(tmp_path, monkeypatch):
    """The blank template: its tidy files are written (0 cells), then the report's data check fails."""
    from analysis.config import SAMPLE_PDF
    from analysis.pipeline import check_department
    from analysis.present.dataset import build_dataset

    job = _job(tmp_path)
    job.pdf.write_bytes(SAMPLE_PDF.read_bytes())
    verdict = {"fails": True}

    def runs(nb, out, **kw):
        check_department(job.pdf, job.processed_root, engine="pdfplumber")  # what the notebook's first cells do
        Path(out).write_text(_whole_notebook(), encoding="utf-8")
        if verdict["fails"]:
            raise PapermillExecutionError(22, 22, "assert len(data.cells) > 0", "AssertionError",
                                          "no cells were extracted", [])

    monkeypatch.setattr(run_module.pm, "execute_notebook", runs)
    failed = run_job(job, warm=False, resume=False)
    assert failed.status == "failed" and failed.out_dir
    dataset = build_dataset(job.processed_root)
    key = f"2023/{Path(failed.out_dir).name}"
    assert dataset.departments == 0
    assert "failed in juesuan run (AssertionError: no cells were extracted)" in dataset.left_out[key]
    assert "not in the dataset: " + key in dataset.summary()

    verdict["fails"] = False
    assert run_job(job, warm=False, resume=False).status == "ok"
    dataset = build_dataset(job.processed_root)
    assert dataset.departments == 1 and not dataset.left_out


def test_a_second_run_on_the_same_output_folder_stops_with_a_plain_message(tmp_path):
    """Two `juesuan run` on one --out did all the work twice; the second now stops at once (exit 3)."""
    import os

    from typer.testing import CliRunner

    from analysis.batch.lock import exclusive
    from analysis.cli import app
    from analysis.errors import BusyError

    raw = tmp_path / "raw" / "2023"
    raw.mkdir(parents=True)
    (raw / "某局.pdf").write_bytes(b"%PDF-1.4 stand-in")
    out = tmp_path / "out"
    with exclusive([out / "reports", out / "data" / "processed"]):
        with pytest.raises(BusyError, match=rf"^reports: another juesuan run is writing to this folder \(pid {os.getpid()}, "
                                            r"started .*\); wait for it to finish, or give this run another --out$"):
            with exclusive([out / "reports"]):
                pass
        res = CliRunner().invoke(app, ["run", str(tmp_path / "raw"), "--out", str(out)])
        assert res.exit_code == 3, res.output
        assert res.output.startswith("error: ") and "another juesuan run is writing to this folder" in res.output
        assert not (out / "reports" / "2023").exists()  # no work done
    assert not list(out.rglob(".juesuan-run.lock"))  # released and removed
    with exclusive([out / "reports"]):  # and free again
        pass

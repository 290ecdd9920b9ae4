"""Issue 20: every command ends in one of the README's exit statuses, with a message. 0 all well,
1 a check failed or a department needs review, 2 the input was refused, 3 juesuan could not do its
work (a full disk, a folder it may not write, another run on the same folder, a bug), 130 Ctrl-C.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import faults_build as fb
from analysis import cli
from analysis.cli import app
from analysis.config import SAMPLE_PDF
from analysis.errors import DiskFullError


def _check(args: list[str]):
    return CliRunner().invoke(app, ["check", *args])


@pytest.mark.slow  # every table is read by both grid engines: tabula's JVM starts (issue 18)
def test_0_when_every_check_passes(tmp_path):
    res = _check([str(SAMPLE_PDF), "--engine", "pdfplumber", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "tables: pdfplumber and tabula agree on all 186 cells" in res.output


def test_1_when_a_check_fails(tmp_path):
    from test_faults_recheck import _folder

    res = CliRunner().invoke(app, ["recheck", str(_folder(tmp_path, ["923.27", "41.53", "964.90"]))])
    assert res.exit_code == 1 and "FAIL basic_expenditure.personnel_total" in res.output


def test_2_when_the_input_is_refused(tmp_path):
    res = _check([str(fb.html_page(tmp_path / "下载失败.pdf")), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and res.output.startswith("error: 下载失败.pdf: the file is an HTML page, not a PDF")


@pytest.mark.parametrize("raised, status, message", [
    (PermissionError(errno.EACCES, "Permission denied", "/只读/2023/某局/cells.csv"), 3,
     "error: /只读/2023/某局/cells.csv: cannot write here (Permission denied); choose an output folder you may write to"),
    (OSError(errno.EROFS, "Read-only file system", "/mnt/光盘/2023"), 3,
     "error: /mnt/光盘/2023: cannot write here (Read-only file system)"),
    (DiskFullError(Path("cells.csv"), "the disk is full (no space left on device); nothing was written"), 3,
     "error: cells.csv: the disk is full (no space left on device); nothing was written"),
    (RuntimeError("unexpected state"), 3,
     "error: juesuan failed: RuntimeError: unexpected state — a bug in juesuan; please report it"),
    (KeyboardInterrupt(), 130, "error: interrupted (Ctrl-C): outputs already finished are kept"),
])
def test_3_or_130_when_juesuan_cannot_do_its_work(tmp_path, monkeypatch, raised, status, message):
    import analysis.pipeline

    def fails(*args, **kwargs):
        raise raised

    monkeypatch.setattr(analysis.pipeline, "check_department", fails)
    res = _check([str(SAMPLE_PDF), "--out", str(tmp_path)])
    assert res.exit_code == status and res.output.startswith(message), res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1
    assert (cli.FAILED, cli.INTERRUPTED) == (3, 130)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: the permission is not enforced")
def test_3_for_a_read_only_output_folder(tmp_path):
    out = tmp_path / "只读"
    out.mkdir(mode=0o555)
    res = _check([str(SAMPLE_PDF), "--engine", "pdfplumber", "--out", str(out)])
    assert res.exit_code == 3 and "cannot write here (Permission denied)" in res.output, res.output


@pytest.mark.slow
def test_ctrl_c_during_run_says_one_line_and_leaves_nothing_half_written(tmp_path):
    """Ctrl-C reaches the whole process group: juesuan, its Dask workers and their kernels."""
    raw = tmp_path / "raw" / "2023"
    raw.mkdir(parents=True)
    for n in range(2):
        (raw / f"副本{n}.pdf").write_bytes(SAMPLE_PDF.read_bytes())
    out = tmp_path / "out"
    juesuan = Path(sys.executable).with_name("juesuan")
    # SIGINT at its default in the child, as in a terminal: a test run started in the background
    # (`make test &`, nohup) hands its children SIGINT ignored, and juesuan rightly keeps it so
    run = subprocess.Popen([str(juesuan), "run", str(tmp_path / "raw"), "--out", str(out), "--workers", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 300
    while time.time() < deadline and not list((out / "reports").rglob(".*.running")):
        time.sleep(0.5)  # until a department is running
    os.killpg(run.pid, signal.SIGINT)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 130, err[-2000:]
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-3000:]
    assert [line for line in err.splitlines() if line.startswith("error: ")] == [
        "error: interrupted (Ctrl-C): outputs already finished are kept, none is left half-written under its name; "
        "run the same command again to go on"]
    finals = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    for path in finals:  # whatever took its name is whole
        if path.suffix == ".ipynb":
            import json

            json.loads(path.read_text(encoding="utf-8"))

"""Issue 6's catalogue below the batch: the renderer's multi-page split, a full disk while writing,
two PDFs for one department and year, output paths from hostile names, and a 500-page report's
memory. (Single-file error messages are in test_errors_input.py; the batch view in test_faults_batch.py.)
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

import faults_build as fb
from analysis.errors import DiskFullError
from analysis.outputs import department_dir, write_table
from analysis.pipeline import own_folder
from juesuan_dev.synth import PageBreakSpec, RenderOptions

GIB = 1024**3


def test_renderer_splits_a_table_over_three_pages_with_a_blank_page(tmp_path: Path) -> None:
    """Two breaks in one table: rows 1–12, a blank page, rows 13–25 (header repeated), rows 26– (no header)."""
    opts = RenderOptions(page_break_inside=(PageBreakSpec("income", 25, repeat_header=False),
                                            PageBreakSpec("income", 12, blank_page=True)))  # given out of order
    assert [b.after_row for b in opts.breaks_for("income")] == [12, 25]
    pdf = fb.report(tmp_path / "split.pdf", fb.department(6, n_rows=30), opts)
    texts = [(p.extract_text() or "").replace(" ", "") for p in PdfReader(pdf).pages]
    first = next(i for i, t in enumerate(texts) if "收入决算表" in t)
    blank, second, third = texts[first + 1], texts[first + 2], texts[first + 3]
    assert blank.strip().strip("—").strip().isdigit()  # only the page number
    assert "本年收入合计" in second and "本年收入合计" not in third  # header repeated, then not
    assert "收入决算表" not in second + third  # continuation pages carry no title


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"department": ["某局"], "value": [1.0]})


def test_disk_full_while_writing_keeps_the_previous_output(tmp_path: Path, monkeypatch) -> None:
    write_table(_frame(), tmp_path, "cells")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def full(self, path, *args, **kwargs):
        Path(path).write_bytes(b"department,va")  # part of the file, then no space
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    with pytest.raises(DiskFullError, match=r"^cells\.csv: the disk is full \(no space left on device\); "
                                            r"nothing was written; free some space under .* and run again"):
        write_table(_frame().assign(value=2.0), tmp_path, "cells")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # old files whole, no temporary left


def test_disk_full_from_pyarrow_without_an_errno(tmp_path: Path, monkeypatch) -> None:
    def full(self, path, *args, **kwargs):
        Path(path).write_bytes(b"PAR1")
        raise OSError("IOError: No space left on device. Detail: [errno 28]")  # pyarrow's shape

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(DiskFullError, match=r"^cells\.parquet: the disk is full"):
        write_table(_frame(), tmp_path, "cells")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cells.csv"]


def test_other_write_errors_are_not_called_a_full_disk(tmp_path: Path, monkeypatch) -> None:
    def denied(self, path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_csv", denied)
    with pytest.raises(PermissionError):
        write_table(_frame(), tmp_path, "cells", parquet=False)
    assert not list(tmp_path.iterdir())


def test_two_pdfs_for_one_department_and_year_get_their_own_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "某局.pdf", tmp_path / "b" / "某局.pdf"  # same name, other bytes
    for pdf, body in ((first, b"%PDF-1.4 first"), (second, b"%PDF-1.4 second")):
        pdf.parent.mkdir()
        pdf.write_bytes(body)
    base = tmp_path / "out" / "2023" / "某局"
    assert own_folder(base, first) == base
    assert (base / "pdf.sha256").read_text(encoding="utf-8") == fb.sha256(first)  # claimed before any write
    (base / "meta.json").write_text(json.dumps({"pdf": "某局.pdf", "pdf_sha256": fb.sha256(first)}), encoding="utf-8")
    assert own_folder(base, first) == base  # a re-run of the same PDF replaces its own outputs
    assert own_folder(base, second) == base.with_name("某局-2")
    # a folder written before claims and hashes: its meta.json names the PDF
    (base / "pdf.sha256").unlink()
    (base / "meta.json").write_text(json.dumps({"pdf": "某局.pdf"}), encoding="utf-8")
    assert own_folder(base, second) == base  # same name, no hash recorded: taken as the same report


@pytest.mark.parametrize("name", ["..", "../../etc", "/etc/passwd", "a/../../b", "..\\..\\windows", "\x00", "  ", "{}", "<script>"])
def test_output_paths_never_leave_the_output_folder(tmp_path: Path, name: str) -> None:
    root = tmp_path / "out"
    for year, dept in ((2023, name), (name, "某局")):
        target = department_dir(root, year, dept)
        assert root.resolve() in target.parents
        assert target.parent.parent == root.resolve() and target.name not in {"", ".", ".."}


MEASURE = """
import resource, sys, time
from pathlib import Path
from analysis import read_pdf
from analysis.pipeline import write_department
started = time.time()
result = write_department(read_pdf(Path(sys.argv[1])), Path(sys.argv[2]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
print(peak, len(result.pages), ";".join(result.tables["status"]), round(time.time() - started, 1))
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux only")
def test_500_page_report_extracts_in_bounded_memory(tmp_path: Path) -> None:
    """Peak RSS of a whole extraction (JVM included: jpype runs it in-process, and the OCR models the
    text-layer check loads) stays bounded: under 2 GiB for 500 pages. It stayed under 1.5 GiB run alone,
    and peaked at 1.58 and 1.66 GiB with another test process beside it (make test runs two); the
    per-worker target of a batch is the benchmark's."""
    short = fb.report(tmp_path / "short.pdf", fb.department(12, n_rows=20))
    long = fb.with_filler_pages(short, tmp_path / "五百页.pdf", 500)
    assert len(PdfReader(long).pages) == 500
    res = subprocess.run([sys.executable, "-c", MEASURE, str(long), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-2000:]
    peak, pages, statuses, seconds = res.stdout.split()[-4:]
    assert int(pages) == 500
    assert statuses.split(";").count("missing") == 0
    assert int(peak) < 2 * GIB, f"peak RSS {int(peak) / GIB:.2f} GiB for 500 pages ({seconds}s)"


def test_refused_file_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    """In a real process (pytest's log capture would hide a library's log line): only our message."""
    cut = fb.truncated(fb.report(tmp_path / "full.pdf", fb.department(1)), tmp_path / "下载中断 的.pdf")
    juesuan = Path(sys.executable).with_name("juesuan")
    res = subprocess.run([str(juesuan), "extract", str(cut), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    lines = (res.stdout + res.stderr).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: 下载中断 的.pdf: cannot parse the PDF"), lines
    assert "truncated" in lines[0] and not (tmp_path / "out").exists()


def test_a_department_can_be_given_a_longer_timeout(tmp_path: Path) -> None:
    """The advice the timeout message gives (a `timeout:` in departments.yml) really sets it."""
    from analysis import batch

    config = tmp_path / "departments.yml"
    config.write_text("departments:\n  - pdf: /data/五百页.pdf\n    year: 2023\n    timeout: 3600\n"
                      "  - pdf: /data/普通.pdf\n    year: 2023\n", encoding="utf-8")
    long, plain = batch.plan(config, tmp_path / "out")
    assert long.timeout == 3600 and plain.timeout == batch.CELL_TIMEOUT


def test_temporaries_left_by_a_killed_run_are_swept_later(tmp_path: Path) -> None:
    """A process killed mid-write leaves a hidden temporary file; a later run removes it once it
    is old enough that no live run can still be writing it, and touches nothing else."""
    import os
    import time

    from analysis.outputs import STALE_AFTER, sweep_stale_temporaries

    folder = tmp_path / "data" / "processed" / "2023" / "某局"
    folder.mkdir(parents=True)
    old_csv = folder / ".cells.csv.k2j4h1.tmp"  # write_atomic's name
    old_nb = tmp_path / "reports" / "2023" / ".某局.0a1b2c3d.ipynb"  # the batch's notebook name
    fresh = folder / ".checks.csv.x9y8z7.tmp"  # another run may be writing this one now
    kept = [folder / "cells.csv", folder / ".notes", tmp_path / "reports" / "2023" / "某局.ipynb"]
    old_nb.parent.mkdir(parents=True)
    for path in (old_csv, old_nb, fresh, *kept):
        path.write_text("x", encoding="utf-8")
    long_ago = time.time() - STALE_AFTER - 60
    for path in (old_csv, old_nb, *kept):
        os.utime(path, (long_ago, long_ago))
    removed = sweep_stale_temporaries(tmp_path / "data") + sweep_stale_temporaries(tmp_path / "reports")
    assert sorted(removed) == sorted([old_csv, old_nb])
    assert fresh.exists() and all(p.exists() for p in kept)
    assert sweep_stale_temporaries(tmp_path / "not-there") == []


def test_two_pdfs_of_one_department_written_at_once_never_share_a_folder(tmp_path: Path) -> None:
    """Issue 20: own_folder looked at meta.json, written last, so two PDFs started together both
    found the folder free. Eight threads, two PDFs (different bytes, one printed department)."""
    from concurrent.futures import ThreadPoolExecutor

    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF-1.4 first printing")
    b.write_bytes(b"%PDF-1.4 corrected printing")
    base = department_dir(tmp_path / "out", 2023, "某局")
    for attempt in range(5):
        root = base.with_name(f"某局{attempt}")
        with ThreadPoolExecutor(8) as pool:
            folders = list(pool.map(lambda pdf: own_folder(root, pdf), [a, b] * 4))
        assert len(set(folders[0::2])) == 1 and len(set(folders[1::2])) == 1  # each PDF one folder
        assert folders[0] != folders[1]
        assert {f.name for f in folders} == {root.name, f"{root.name}-2"}

"""The batch runner over a small corpus with one broken PDF: locally, resumed, and on a separate Dask cluster.

Checks what issue 5/6 promise: the broken department fails with its reason and keeps its executed
notebook, the others complete, the exit status says some failed, the input folder is untouched,
a re-run skips what is up to date, and a separately started scheduler + worker give the same outputs.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import batch
from analysis.config import RAW_DIR, SAMPLE_PDF

pytestmark = pytest.mark.slow
BROKEN = b"<!DOCTYPE html><html><head><title>404</title></head><body>Not Found</body></html>\n"


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def output_hashes(out: Path) -> dict[str, str]:
    """Tidy files and HTML reports (executed notebooks carry timings, so they are left out)."""
    hashes = {}
    for p in sorted(out.rglob("*")):
        # manifest.json: the dataset's fingerprints of the tidy folders are their files' times
        if p.is_file() and p.suffix in {".csv", ".html", ".json"} and p.name not in {"run.json", "index.html", "manifest.json"}:
            hashes[p.relative_to(out).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return hashes


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The bundled sample, a small synthetic department (in a nested folder) and an HTML page saved as .pdf."""
    if not SAMPLE_PDF.exists():
        pytest.skip("the bundled sample PDF is not rendered yet")
    from juesuan_dev.bench import build_corpus

    root = tmp_path_factory.mktemp("corpus")
    (root / "2023").mkdir()
    shutil.copy2(SAMPLE_PDF, root / "2023" / SAMPLE_PDF.name)
    build_corpus(1, root / "synthetic")
    (root / "2023" / "下载失败 的报告.pdf").write_bytes(BROKEN)
    return root


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory):
    raw_before, corpus_before = tree_hashes(RAW_DIR), tree_hashes(corpus)
    out = tmp_path_factory.mktemp("local")
    result = batch.run_batch(batch.plan(corpus, out), workers=2, progress=False)
    return {"result": result, "out": out, "raw_before": raw_before, "corpus_before": corpus_before}


def test_broken_pdf_fails_with_reason_others_complete(local_run):
    result, out = local_run["result"], local_run["out"]
    by_status = {o.slug: o.status for o in result.outcomes}
    assert len(result.outcomes) == 3
    failed = result.failed
    assert [o.slug for o in failed] == ["下载失败-的报告"], by_status
    assert "NotAPdfError" in failed[0].reason and "HTML" in failed[0].reason
    notebook = out / "reports" / "2023" / "下载失败-的报告.ipynb"
    assert notebook.exists() and "NotAPdfError" in notebook.read_text(encoding="utf-8")  # papermill's error cell
    assert not (out / "reports" / "2023" / "下载失败-的报告.html").exists()
    for o in result.outcomes:
        if o.status == "ok":
            html = Path(o.html).read_text(encoding="utf-8")
            assert "部门决算分析" in html and "data:image/png;base64" in html
            assert "check_department(" not in html  # code hidden
            assert (Path(o.out_dir) / "checks.csv").exists() and (Path(o.out_dir) / "cells.parquet").exists()
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    assert "NotAPdfError" in index and "失败 1" in index
    assert 'href="2023/中共武汉市青山区委办公室.html"' in index


def test_raw_untouched(local_run, corpus):
    assert tree_hashes(RAW_DIR) == local_run["raw_before"]
    assert tree_hashes(corpus) == local_run["corpus_before"]


def test_no_temporary_files_left(local_run):
    assert not [p for p in local_run["out"].rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]


def test_rerun_resumes_and_exits_nonzero(local_run, corpus):
    from typer.testing import CliRunner

    from analysis.cli import app

    res = CliRunner().invoke(app, ["run", str(corpus), "--out", str(local_run["out"]), "--workers", "1"])
    assert res.exit_code == 1, res.output
    assert "2 up to date, 1 failed" in res.output
    assert "FAILED 2023/下载失败-的报告: NotAPdfError" in res.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """`dask scheduler` + `dask worker` on loopback, as separate processes; stopped afterwards."""
    bin_dir = Path(sys.executable).parent
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=(logs / "scheduler.log").open("w"), stderr=subprocess.STDOUT)]
    time.sleep(1.0)
    procs.append(subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                   "--no-dashboard", "--memory-limit", "0", "--local-directory", str(logs)],
                                  stdout=(logs / "worker.log").open("w"), stderr=subprocess.STDOUT))
    try:
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_remote_scheduler_gives_identical_outputs(local_run, corpus, dask_cluster, tmp_path):
    out = tmp_path / "remote"
    result = batch.run_batch(batch.plan(corpus, out), scheduler=dask_cluster, progress=False)
    assert [(o.slug, o.status) for o in result.outcomes] == [(o.slug, o.status) for o in local_run["result"].outcomes]
    assert all(o.status != "skipped" for o in result.outcomes)
    local, remote = output_hashes(local_run["out"]), output_hashes(out)
    assert local.keys() == remote.keys()
    differing = [k for k in local if local[k] != remote[k]]
    assert not differing

"""Issue 6's catalogue through the batch runner: one generated raw folder holding every kind of bad,
odd or hostile input, run once; each test then reads the outcome, the index and the outputs.

Every expected message, name and number comes from the file the fixture built (its name, the seed
of the synthetic department, the options it was rendered with), never from the code under test.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import time
from pathlib import Path

import dask
import nbformat
import pandas as pd
import pytest
from markupsafe import escape

import faults_build as fb
from analysis import batch
from analysis.config import RAW_DIR
from juesuan_dev.synth import PageBreakSpec, RenderOptions

pytestmark = pytest.mark.slow

HOSTILE_PRINTED = "<script>alert(1)</script>{x}\"'"  # the department name printed in the PDF
HOSTILE_FILE = "<script>alert(2)<script>{y}'\""  # a file name cannot hold '/', so no </script> here
DUP_NAME = "某局决算"
HANG = "import time\ntime.sleep(120)  # a report that hangs the reader"
KILL_KERNEL = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)  # the kernel dies (the OOM killer's usual pick)"
DISK_FULL = f'''import errno
from unittest import mock

import pandas as pd

_real_check_department = check_department


def check_department(*args, **kwargs):  # the disk fills up while the tidy files are written
    def full(self, path, *a, **k):
        with open(path, "wb") as fh:
            fh.write(b"department,year\\n")  # half a file ...
        raise OSError(errno.ENOSPC, "No space left on device", str(path))  # ... then no space

    with mock.patch.object(pd.DataFrame, "to_csv", full):
        return _real_check_department(*args, **kwargs)
'''


@dataclasses.dataclass
class Corpus:
    raw: Path
    files: dict[str, Path]  # case → PDF
    depts: dict[str, object]  # case → the synthetic Department it was rendered from
    options: dict[str, RenderOptions]
    work: Path


def _build(root: Path) -> Corpus:
    raw, work = root / "raw", root / "work"
    year = raw / "2023"
    year.mkdir(parents=True)
    work.mkdir()
    files: dict[str, Path] = {}
    depts: dict[str, object] = {}
    options: dict[str, RenderOptions] = {}

    def good(case: str, name: str, dept, opts: RenderOptions | None = None, folder: Path = year) -> Path:
        depts[case], options[case] = dept, opts or RenderOptions()
        files[case] = fb.report(folder / name, dept, options[case])
        return files[case]

    base = fb.report(work / "base.pdf", fb.department(1))
    files["html"] = fb.html_page(year / "下载失败.pdf")
    files["empty"] = fb.zero_bytes(year / "空文件.pdf")
    files["truncated"] = fb.truncated(base, year / "截断的下载.pdf")
    files["encrypted"] = fb.encrypted(base, year / "加密.pdf", user_password="secret")
    files["scanned"] = fb.scanned(year / "扫描件.pdf", pages=3)
    files["budget"] = fb.budget_report(year / "某局2024年部门预算.pdf", 5, work)
    files["random"] = fb.random_document(year / "会议纪要.pdf", 5)
    depts["restricted"], options["restricted"] = fb.department(1), RenderOptions()
    files["restricted"] = fb.encrypted(base, year / "仅限阅读.pdf", user_password="")
    good("missing", "a..b 缺表.pdf", fb.department(2), RenderOptions(omit_tables=("three_public",)))
    good("twice", "重复表.pdf", fb.table_printed_twice(fb.department(3), "basic_expenditure"))
    good("yuan", "部门 决算 元.pdf", fb.department(4), RenderOptions(unit="元"))
    good("split", "引号'单\"双 三页.pdf", fb.department(6, n_rows=30),
         RenderOptions(page_break_inside=(PageBreakSpec("income", 12, blank_page=True), PageBreakSpec("income", 25))))
    good("dup_a", f"{DUP_NAME}.pdf", fb.department(8))
    corrected = fb.table_printed_twice(fb.department(8), "three_public")  # a re-typeset copy: other bytes
    (raw / "2023更正").mkdir()
    good("dup_b", f"{DUP_NAME}.pdf", corrected, folder=raw / "2023更正")
    good("hostile", f"{HOSTILE_FILE}.pdf", fb.department(7, name=HOSTILE_PRINTED))
    good("timeout", "超时.pdf", fb.department(9))
    good("kernel", "内核崩溃.pdf", fb.department(10))
    good("disk", "磁盘已满.pdf", fb.department(11))
    return Corpus(raw, files, depts, options, work)


def _special(jobs: list[batch.Job], corpus: Corpus) -> list[batch.Job]:
    """The runtime faults: a hung department under a 2 s timeout, one that kills its kernel, one whose disk fills up."""
    hang_nb = fb.notebook_with_setup(batch.NOTEBOOK, corpus.work / "hang.ipynb", HANG)
    kill_nb = fb.notebook_with_setup(batch.NOTEBOOK, corpus.work / "kill_kernel.ipynb", KILL_KERNEL)
    full_nb = fb.notebook_with_setup(batch.NOTEBOOK, corpus.work / "disk_full.ipynb", DISK_FULL)
    changes = {corpus.files["timeout"].resolve(): {"timeout": 2, "notebook": hang_nb},
               corpus.files["kernel"].resolve(): {"notebook": kill_nb},
               corpus.files["disk"].resolve(): {"notebook": full_nb}}
    return [dataclasses.replace(j, **changes.get(j.pdf, {})) for j in jobs]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    corpus = _build(tmp_path_factory.mktemp("faults"))
    out = tmp_path_factory.mktemp("faults-out")
    raw_before, repo_raw_before = fb.tree_hashes(corpus.raw), fb.tree_hashes(RAW_DIR)
    jobs = _special(batch.plan(corpus.raw, out), corpus)
    result = batch.run_batch(jobs, workers=2, progress=False)
    return {"corpus": corpus, "out": out, "result": result, "jobs": jobs,
            "by_pdf": {Path(o.pdf): o for o in result.outcomes},
            "raw_before": raw_before, "repo_raw_before": repo_raw_before}


def outcome(run, case: str) -> batch.Outcome:
    return run["by_pdf"][run["corpus"].files[case].resolve()]


def tables_csv(o: batch.Outcome) -> pd.DataFrame:
    return pd.read_csv(Path(o.out_dir) / "tables.csv", encoding="utf-8-sig", keep_default_na=False).set_index("table")


def cells_csv(o: batch.Outcome) -> pd.DataFrame:
    return pd.read_csv(Path(o.out_dir) / "cells.csv", encoding="utf-8-sig", dtype={"code": str, "printed": str}, keep_default_na=False)


def index_html(run) -> str:
    return (run["out"] / "reports" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- refused files: typed error, batch goes on


@pytest.mark.parametrize("case, message", [
    ("html", "下载失败.pdf: the file is an HTML page, not a PDF; the download probably failed"),
    ("empty", "空文件.pdf: the file is empty (0 bytes); download it again"),
    ("truncated", "截断的下载.pdf: cannot parse the PDF"),
    ("encrypted", "加密.pdf: the PDF is encrypted and needs a password; ask the publisher"),
    ("scanned", "扫描件.pdf: none of its 3 pages has a text layer (a scanned report), and OCR found no text on them"),
    ("budget", "某局2024年部门预算.pdf: this is a budget report (部门预算), not final accounts"),
    ("random", "会议纪要.pdf: none of the nine standard final-accounts tables"),
])
def test_bad_file_fails_with_its_message_and_the_index_says_why(run, case, message):
    o = outcome(run, case)
    assert o.status == "failed" and message in o.reason, o.reason
    assert "Traceback" not in o.reason and "File \"" not in o.reason
    assert not Path(o.notebook.replace(".ipynb", ".html")).exists()
    assert str(escape(message)) in index_html(run)


def test_truncated_download_says_so(run):
    assert "truncated" in outcome(run, "truncated").reason


def test_batch_finishes_and_reports_every_department(run):
    result = run["result"]
    assert len(result.outcomes) == len(run["corpus"].files)
    failed = {Path(o.pdf).name for o in result.failed}
    expected_failed = {run["corpus"].files[c].name for c in
                       ("html", "empty", "truncated", "encrypted", "scanned", "budget", "random", "timeout", "kernel", "disk")}
    assert failed == expected_failed
    assert f"失败 {len(expected_failed)}" in index_html(run)
    assert f"{len(expected_failed)} failed" in batch.summary(result)


# ---------------------------------------------------------------- readable but odd reports


def test_encrypted_with_empty_user_password_is_read(run):
    o = outcome(run, "restricted")
    assert o.status == "ok", o.reason
    assert Path(o.out_dir).name == "合成示例部门4-1"  # synthetic_department(4, seed=1)


def test_one_table_missing_is_listed_missing(run):
    o = outcome(run, "missing")
    assert o.status == "ok", o.reason
    tables = tables_csv(o)
    assert tables.loc["three_public", "status"] == "missing"
    assert (tables.drop(index="three_public")["status"] != "missing").all()
    checks = pd.read_csv(Path(o.out_dir) / "checks.csv", encoding="utf-8-sig", keep_default_na=False)
    assert "insufficient_data" in set(checks.loc[checks["check_id"].str.contains("three_public"), "status"])


def test_table_printed_twice_is_noted_with_the_second_page(run):
    from pypdf import PdfReader

    o = outcome(run, "twice")
    pages = [i + 1 for i, p in enumerate(PdfReader(run["corpus"].files["twice"]).pages)
             if "基本支出决算明细表" in (p.extract_text() or "").replace(" ", "")]
    assert len(pages) == 2  # the input really prints it twice
    tables = tables_csv(o)
    assert str(tables.loc["basic_expenditure", "pages"]) == str(pages[0])
    assert f"printed again on page {pages[1]}" in tables.loc["basic_expenditure", "note"]


def _assert_cells_match_truth(run, case: str) -> pd.DataFrame:
    from juesuan_dev.synth import expected_cells

    corpus = run["corpus"]
    got = cells_csv(outcome(run, case))
    truth = expected_cells(corpus.depts[case], corpus.options[case])
    key = ["table", "side", "code", "item", "column"]
    merged = truth.merge(got, on=key, how="left", suffixes=("", "_got"))
    assert merged["value_got"].notna().all(), merged[merged["value_got"].isna()][key].head()
    assert (merged["value"] - merged["value_got"]).abs().max() < 1e-6
    return got


def test_table_in_yuan_is_converted_to_wanyuan(run):
    o = outcome(run, "yuan")
    assert o.status == "ok", o.reason
    assert set(tables_csv(o).loc[lambda t: t["status"] == "extracted", "unit"]) == {"元"}
    got = _assert_cells_match_truth(run, "yuan")
    assert got["printed"].str.endswith(".00").any()  # printed in 元, values in 万元


def test_table_split_over_three_pages_with_a_blank_page(run):
    from pypdf import PdfReader

    o = outcome(run, "split")
    assert o.status == "ok", o.reason
    texts = [(p.extract_text() or "") for p in PdfReader(run["corpus"].files["split"]).pages]
    first = next(i for i, t in enumerate(texts) if "收入决算表" in t.replace(" ", "")) + 1
    assert "— " in texts[first] and len(texts[first].strip()) < 12  # the page after the first part is blank
    assert str(tables_csv(o).loc["income", "pages"]) == f"{first};{first + 2};{first + 3}"
    got = _assert_cells_match_truth(run, "split")
    assert len(got[got["table"] == "income"]) > 30


def test_file_names_with_spaces_quotes_dots_and_chinese(run):
    for case in ("missing", "yuan", "split", "hostile"):
        o = outcome(run, case)
        name = run["corpus"].files[case].name
        assert o.status == "ok", (name, o.reason)
        for target in (Path(o.html), Path(o.notebook), Path(o.out_dir)):
            assert run["out"].resolve() in target.resolve().parents, target
            assert ".." not in target.name and "'" not in target.name and '"' not in target.name
        assert (Path(o.out_dir) / "checks.csv").exists()


def test_two_pdfs_for_the_same_department_and_year_keep_both(run):
    a, b = outcome(run, "dup_a"), outcome(run, "dup_b")
    assert a.status == b.status == "ok", (a.reason, b.reason)
    assert {a.slug, b.slug} == {DUP_NAME, f"{DUP_NAME}-2"}
    assert a.html != b.html and a.out_dir != b.out_dir
    assert {Path(a.out_dir).name, Path(b.out_dir).name} == {"合成示例部门4-8", "合成示例部门4-8-2"}
    metas = [json.loads((Path(o.out_dir) / "meta.json").read_text(encoding="utf-8")) for o in (a, b)]
    assert {m["pdf_sha256"] for m in metas} == {fb.sha256(run["corpus"].files[c]) for c in ("dup_a", "dup_b")}
    index = index_html(run)
    assert f"2023/{DUP_NAME}.html" in index and f"2023/{DUP_NAME}-2.html" in index


def test_hostile_department_name_is_escaped_and_reaches_the_notebook_as_data(run):
    o = outcome(run, "hostile")
    assert o.status == "ok", o.reason
    for text in (Path(o.html).read_text(encoding="utf-8"), index_html(run)):
        assert "<script>alert(1)" not in text and "<script>alert(2)" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;{x}" in text
    nb = nbformat.read(o.notebook, as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    tree = ast.parse(injected.source)
    values = {n.targets[0].id: n.value.value for n in tree.body if isinstance(n, ast.Assign)}
    assert all(isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) for n in tree.body)
    assert values["department"] == HOSTILE_FILE


# ---------------------------------------------------------------- runtime faults


def test_department_over_the_timeout_fails_with_a_timeout_reason(run):
    o = outcome(run, "timeout")
    assert o.status == "failed" and o.reason.startswith("timed out:"), o.reason
    # the hung cell passes 2 s (a cell's limit) just after the department does (its total)
    assert "after 2 seconds" in o.reason or "its 2 seconds in total" in o.reason
    assert Path(o.notebook).exists()  # what ran before the hang is kept for the reader


def test_killed_kernel_fails_that_department_only(run):
    o = outcome(run, "kernel")
    assert o.status == "failed" and "DeadKernelError" in o.reason, o.reason
    assert Path(o.notebook).exists()


def test_disk_full_fails_with_a_clear_reason_and_leaves_no_partial_file(run):
    o = outcome(run, "disk")
    assert o.status == "failed" and "disk is full" in o.reason and "DiskFullError" in o.reason, o.reason
    assert not fb.leftovers(run["out"])
    bad = [p for p in (run["out"] / "data" / "processed").rglob("*.csv") if p.read_bytes() == b"department,year\n"]
    assert not bad  # the half-written files never took a real name


# ---------------------------------------------------------------- guarantees


def test_raw_folders_never_written(run):
    assert fb.tree_hashes(run["corpus"].raw) == run["raw_before"]
    assert fb.tree_hashes(RAW_DIR) == run["repo_raw_before"]


def test_outputs_whole_and_inside_the_output_folder(run):
    out = run["out"].resolve()
    assert not fb.leftovers(out)
    for p in out.rglob("*"):
        assert out in p.resolve().parents
    for o in run["result"].outcomes:
        if o.status == "ok":
            html = Path(o.html).read_text(encoding="utf-8")
            assert html.rstrip().endswith("</html>")
            files = json.loads((Path(o.out_dir) / "meta.json").read_text(encoding="utf-8"))["files"]
            assert {"cells.csv", "tables.csv", "checks.csv"} <= set(files)


def test_rerun_after_a_crash_resumes(run, tmp_path):
    """A crash left one report without its HTML and a temporary file: the re-run redoes that one,
    removes the temporary file, skips the complete ones and fails the bad one again (exit 1)."""
    from typer.testing import CliRunner

    from analysis.cli import app

    corpus, out = run["corpus"], run["out"]
    crashed, complete = outcome(run, "yuan"), outcome(run, "missing")
    Path(crashed.html).unlink()
    left = Path(crashed.out_dir) / ".cells.csv.a1b2c3.tmp"  # the crash was mid-write, hours ago
    left.write_text("half a table", encoding="utf-8")
    os.utime(left, (time.time() - 7 * 3600,) * 2)
    config = tmp_path / "departments.yml"
    config.write_text(json.dumps({"departments": [{"pdf": str(corpus.files[c]), "department": corpus.files[c].stem,
                                                   "year": 2023} for c in ("yuan", "missing", "html")]},
                                 ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    res = CliRunner().invoke(app, ["run", str(config), "--out", str(out), "--workers", "1"])
    assert res.exit_code == 1, res.output
    assert "1 done, 1 up to date, 1 failed" in res.output
    assert Path(crashed.html).exists()
    assert not left.exists()
    assert fb.tree_hashes(corpus.raw) == run["raw_before"]


def _one_special_department(tmp_path: Path, name: str, cells: list[str], **changes):
    """A batch of two departments on one worker: `name` runs the given cells (its job changed by
    `changes`), the other a notebook that only prints. Returns the result and the two outcomes
    (special, plain); raw stays as it was."""
    raw = tmp_path / "raw" / "2023"
    raw.mkdir(parents=True)
    special, fine = fb.html_page(raw / name), fb.html_page(raw / "正常.pdf")
    before = fb.tree_hashes(tmp_path / "raw")
    odd = fb.notebook(tmp_path / "special.ipynb", cells)
    quiet = fb.notebook(tmp_path / "quiet.ipynb", ["print('done')"])
    jobs = batch.plan(tmp_path / "raw", tmp_path / "out")
    jobs = [dataclasses.replace(j, notebook=odd, **changes) if j.pdf.name == special.name
            else dataclasses.replace(j, notebook=quiet) for j in jobs]
    # one retry after a worker dies (Dask's default is three): the same path, half the kernel starts
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        result = batch.run_batch(jobs, workers=1, progress=False)
    assert fb.tree_hashes(tmp_path / "raw") == before
    by_name = {Path(o.pdf).name: o for o in result.outcomes}
    return result, by_name[special.name], by_name[fine.name]


def test_worker_killed_mid_run_is_reported_failed_and_the_batch_goes_on(tmp_path):
    """The notebook kills the Dask worker running it (and its kernel). Dask retries the task on a
    fresh worker (here once); when every try dies the department is failed with 'worker lost'."""
    result, lost, ok = _one_special_department(tmp_path, "工作进程被杀.pdf", [
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(os.getpid(), signal.SIGKILL)"])
    assert lost.status == "failed" and lost.reason.startswith("worker lost:"), lost.reason
    # Dask gave up on the task (KilledWorker), or, on a loaded machine, its nanny failed to restart the
    # worker and the client gave up on a cluster without workers (tests/test_batch_dispatch.py)
    assert "KilledWorker" in lost.reason or "no worker" in lost.reason, lost.reason
    # the batch went on: the other department has its outcome — ok, or, where the fresh cluster's worker
    # did not come up either (seen once with two test files running beside each other), failed saying so
    assert ok.status == "ok" or ok.reason.startswith("worker lost:"), ok.reason
    assert "worker lost" in (tmp_path / "out" / "reports" / "index.html").read_text(encoding="utf-8")
    assert "worker lost" in batch.summary(result)


def test_department_whose_worker_died_once_is_ok_and_marked_rerun(tmp_path):
    """Dask re-runs a task whose worker died; when the second attempt succeeds the department is
    ok, but the index and the summary say an earlier attempt did not finish."""
    flag = tmp_path / "killed-once"
    result, again, plain = _one_special_department(tmp_path, "第一次被杀.pdf", [
        f"import os, signal, pathlib\nflag = pathlib.Path({str(flag)!r})\n"
        "if not flag.exists():\n    flag.write_text('x')\n"
        "    os.kill(os.getppid(), signal.SIGKILL)\n    os.kill(os.getpid(), signal.SIGKILL)\n"
        "print('second attempt')"])
    assert flag.exists()  # the first attempt ran and killed its worker
    assert again.status == "ok" and again.rerun, again
    assert plain.status == "ok" and not plain.rerun
    assert "重新运行" in (tmp_path / "out" / "reports" / "index.html").read_text(encoding="utf-8")
    assert f"re-run 2023/{again.slug}" in batch.summary(result)
    assert not list((tmp_path / "out" / "reports").rglob(".*.running"))  # nothing left behind


def test_department_over_its_total_time_fails_though_no_cell_does(tmp_path):
    """Four cells of 1.5 s each stay under a 3 s timeout one by one, not together: the department
    is stopped at 3 s and failed as timed out; the next department runs on a fresh kernel."""
    result, slow, plain = _one_special_department(tmp_path, "总时长超时.pdf", ["import time\ntime.sleep(1.5)"] * 4,
                                                  timeout=3)
    assert slow.status == "failed" and slow.reason.startswith("timed out:"), slow.reason
    assert "3 seconds in total" in slow.reason
    assert plain.status == "ok", plain.reason
    cells = nbformat.read(Path(slow.notebook), as_version=4).cells
    done = [c for c in cells if "sleep" in c.source and c.metadata.get("papermill", {}).get("status") == "completed"]
    assert 1 <= len(done) < 4  # stopped part-way, not left to finish


def test_a_kernel_that_gets_no_cpu_for_seconds_is_not_declared_dead(tmp_path):
    """On a busy machine a kernel can go seconds without the CPU; it is alive all the same. Here a
    helper stops the kernel's process (SIGSTOP) for 3 s in the middle of a cell and resumes it:
    the department finishes, its kernel is not declared dead (the heartbeat misses meanwhile)."""
    pause = ("import os, subprocess, time\n"
             "subprocess.Popen(['sh', '-c', f'kill -STOP {os.getpid()}; sleep 3; kill -CONT {os.getpid()}'])\n"
             "time.sleep(4)\n"
             "print('resumed')")
    result, paused, plain = _one_special_department(tmp_path, "内核暂停.pdf", [pause])
    assert paused.status == "ok", paused.reason
    assert plain.status == "ok", plain.reason
    assert "resumed" in Path(paused.notebook).read_text(encoding="utf-8")

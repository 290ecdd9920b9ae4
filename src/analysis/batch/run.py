"""Run departments: one on its worker's warm kernel (run_job), and a batch of them on Dask (run_batch)."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import papermill as pm
from papermill.exceptions import PapermillExecutionError

from ..config import NOTEBOOKS_DIR, REPORTS_DIR
from ..errors import DiskFullError
from ..outputs import is_disk_full, sweep_stale_temporaries, hidden_name, temporary_beside, write_text_atomic
from ..present.report import export_html
from .index import index_entry, published_line, write_index
from ..reconcile.prior_report import prior_changed
from ..present.dataset import FAILED_MARKER, build_dataset, dataset_root, export_department, folder_key
from .lock import exclusive
from .names import json_text, readable_input
from .kernel import KERNEL, START_TIMEOUT, WARM_ENGINE, drop_kernel, fresh_start_seconds, warm_kernel
from .dispatch import dispatch
from .planning import Job, Outcome
from .resume import find_out_dir, is_complete
from .watchdog import DepartmentTimeout, Watchdog

# ---------------------------------------------------------------- one department (on a worker)


def _reason(exc: BaseException) -> str:
    """One line for the index: the notebook's own exception when papermill caught one."""
    if isinstance(exc, PapermillExecutionError):
        text = f"{exc.ename}: {exc.evalue}"
    elif isinstance(exc, DepartmentTimeout) or (isinstance(exc, TimeoutError) and "timed out" in str(exc)):
        # our watchdog's, or nbclient's CellTimeoutError
        text = f"timed out: {str(exc).splitlines()[0]} — a hung or very large report: check the PDF, or give it a longer `timeout:` in departments.yml"
    elif type(exc).__name__ == "DeadKernelError":
        text = "DeadKernelError: the notebook's kernel died (killed, or out of memory); run again, and if it repeats the PDF may be too large for this machine"
    elif disk_full_in(exc):
        text = f"disk full: {exc}; free some space and run again"
    else:
        text = f"{type(exc).__name__}: {exc}"
    if disk_full_in(exc):
        text += " (the earlier outputs of this department are kept)"
    text = re.sub(r"\x1b\[[0-9;]*m", "", text).strip()
    return text if len(text) <= 600 else text[:600] + " …"


def disk_full_in(exc: BaseException) -> bool:
    """Whether a full disk is behind exc: raised here, in a cell of the notebook, or as its cause."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DiskFullError) or is_disk_full(seen):
            return True
        if isinstance(seen, PapermillExecutionError) and (
                seen.ename == "DiskFullError" or "No space left on device" in str(seen.evalue)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _whole_notebook(path: Path) -> bool:
    """A notebook file that parses: papermill's write can stop part-way (a full disk, an I/O error)."""
    try:
        with path.open(encoding="utf-8") as fh:
            return isinstance(json.load(fh), dict)
    except (OSError, ValueError):
        return False


def _mark_failed(folder: Path, outcome: Outcome) -> None:
    """Keep a failed department's tidy folder out of the corpus dataset (FAILED_MARKER), and let it
    back in once the department succeeds."""
    marker = folder / FAILED_MARKER
    try:
        if outcome.status == "failed":
            write_text_atomic(marker, outcome.reason + "\n")
        else:
            marker.unlink(missing_ok=True)
    except (OSError, DiskFullError):
        pass  # a full disk: the dataset step, run after, meets the same disk and says so


def run_job(job: Job, warm: bool = True, resume: bool = True) -> Outcome:
    """Execute the report notebook for one department, export its HTML; never raise.

    A failure (bad PDF, an assert cell, a dead kernel) still leaves the executed notebook with
    papermill's error cell at reports/<year>/<slug>.ipynb, and the outcome carries the reason.
    """
    started = time.time()
    outcome = Outcome(slug=job.slug, year=job.year, department=job.department, pdf=str(job.pdf),
                      status="ok", notebook=str(job.notebook_out), worker_pid=os.getpid())
    if resume:
        done = is_complete(job)
        if done is not None:
            outcome.status, outcome.out_dir, outcome.html = "skipped", str(done), str(job.html_out)
            return outcome
    job.notebook_out.parent.mkdir(parents=True, exist_ok=True)
    tmp_nb = temporary_beside(job.notebook_out)
    # present while this department runs: found at the start, it says an earlier attempt died
    running = job.notebook_out.with_name(hidden_name(job.slug, ".running"))
    outcome.rerun = running.exists()
    try:
        running.write_text(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n", encoding="utf-8")
    except OSError:
        pass  # only a hint for the next run; a full disk shows itself below, with its reason
    try:
        engine_kwargs: dict = {}
        if warm:
            engine_kwargs = {"engine_name": WARM_ENGINE, "km": warm_kernel(), "partial_path": str(tmp_nb)}
            waited = fresh_start_seconds()
            if waited is not None:  # this department waited for a fresh kernel
                outcome.timings["kernel start"] = waited
        # papermill bounds each cell; the watchdog bounds the department as a whole
        watchdog = Watchdog(job.timeout, engine_kwargs["km"]) if warm else None
        try:
            executed = pm.execute_notebook(str(job.notebook), str(tmp_nb), parameters={**job.parameters(), "pdf_path": str(readable_input(job))},
                                kernel_name=KERNEL,
                                progress_bar=False, start_timeout=START_TIMEOUT, execution_timeout=job.timeout,
                                cwd=str(NOTEBOOKS_DIR), request_save_on_cell_execute=False, **engine_kwargs)
            # request_save_on_cell_execute=False: re-serialising a notebook full of PNGs after every
            # cell cost ~1.5 s per department; papermill still saves the notebook, error cell
            # included, when a cell fails.
        except Exception as exc:
            if watchdog is not None and watchdog.fired.is_set():
                raise DepartmentTimeout(f"the department ran past its {job.timeout} seconds in total") from exc
            raise
        finally:
            if watchdog is not None:
                watchdog.cancel()
        outcome.timings["notebook"] = time.time() - started
        outcome.published = published_line(executed)
        t_html = time.time()
        # the report from the new notebook first, then the notebook beside it: a disk that fills
        # up in between leaves the earlier pair as it was, never a new notebook beside an old report
        export_html(tmp_nb, job.html_out, title=job.slug)
        os.replace(tmp_nb, job.notebook_out)
        outcome.html = str(job.html_out)
        outcome.timings["html"] = time.time() - t_html
    except Exception as exc:  # noqa: BLE001 - one department's failure must not stop the batch
        outcome.status, outcome.reason = "failed", _reason(exc)
        if not disk_full_in(exc):
            # the PDF itself failed: its executed notebook (error cell included) is the record, and
            # an older report of this PDF would now be misleading. A full disk says nothing about
            # the PDF: the earlier outputs stay, whole, and nothing half-written replaces them.
            if _whole_notebook(tmp_nb):
                os.replace(tmp_nb, job.notebook_out)
            for stale in (job.html_out, job.annotated_out):
                stale.unlink(missing_ok=True)
        if warm and not isinstance(exc, PapermillExecutionError):
            drop_kernel()  # a timed-out cell may still be running, a dead kernel is dead: start afresh
    finally:
        tmp_nb.unlink(missing_ok=True)  # a notebook not renamed into place was not whole, or not wanted
    running.unlink(missing_ok=True)
    found = find_out_dir(job, since=started - 1)
    outcome.out_dir = str(found) if found else ""
    if found:
        _mark_failed(found, outcome)
    outcome.seconds = time.time() - started
    return outcome


# ---------------------------------------------------------------- the batch


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    index: Path
    seconds: float
    datasets: list = field(default_factory=list)  # present.dataset.DatasetResult per processed root
    rechecked: list[str] = field(default_factory=list)  # <year>/<slug> run again once their earlier year existed

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def run_outcomes(jobs: list[Job], workers: int = 2, scheduler: str | None = None, resume: bool = True,
                 progress: bool = True) -> Iterator[Outcome]:
    """Run jobs on Dask and yield outcomes as they finish (one task per department)."""
    yield from dispatch(jobs, partial(run_department, resume=resume), _reason, workers, scheduler, progress)


def run_department(job: Job, resume: bool = True) -> Outcome:
    """The Dask task: run_job on a warm kernel, then read its index line while still on the worker.

    Reading every tidy folder back for the index took 0.1 s a department in the batch's serial
    tail; on the workers it runs in parallel. If it fails here, the index reads it again (and
    reports the problem) at the end.
    """
    outcome = run_job(job, True, resume)
    try:
        outcome.entry = (str(job.reports_root), index_entry(outcome, job.reports_root))
    except Exception:  # noqa: BLE001 - the index step repeats it and reports
        outcome.entry = None
    outcome.published = None  # in the entry now: not sent back twice
    if outcome.status == "ok" and outcome.out_dir and outcome.entry is not None:
        # its rows of the corpus dataset, from the figures just read for the index: in parallel here,
        # where the batch's last step would do them one after another (the step still checks them)
        try:
            outcome.dataset = export_department(Path(outcome.out_dir), dataset_root(job.processed_root),
                                                figures=outcome.entry[1].figures)
        except Exception:  # noqa: BLE001 - the dataset step exports it again and says why if it fails
            outcome.dataset = None
    return outcome


def run_batch(jobs: list[Job], reports_root: Path | None = None, workers: int = 2, scheduler: str | None = None,
              resume: bool = True, progress: bool = True) -> BatchResult:
    """Run every job, then write reports/index.html and reports/run.json (outcomes, for scripts)."""
    root = reports_root or (jobs[0].reports_root if jobs else REPORTS_DIR)
    folders = [root, *(job.reports_root for job in jobs), *(job.processed_root for job in jobs)]
    with exclusive(folders):  # a second run on the same --out stops here, saying which run holds it
        return _run_batch(jobs, root, folders, workers, scheduler, resume, progress)


def _run_batch(jobs: list[Job], root: Path, folders: list[Path], workers: int, scheduler: str | None, resume: bool,
               progress: bool) -> BatchResult:
    started = time.time()
    for folder in set(folders):
        sweep_stale_temporaries(folder)  # left by an earlier run that was killed mid-write
    outcomes = list(run_outcomes(jobs, workers, scheduler, resume, progress))
    outcomes, rechecked = recheck_year_on_year(jobs, outcomes, workers, scheduler, progress)
    outcomes.sort(key=lambda o: (o.year, o.slug))
    index = write_index(outcomes, root)
    write_text_atomic(root / "run.json", json_text([{k: v for k, v in asdict(o).items() if k not in ("entry", "dataset", "published")}
                                                    for o in outcomes]))
    # the corpus dataset: the workers wrote their departments' rows; this checks them and the rest
    exported = {folder_key(Path(o.out_dir)): o.dataset for o in outcomes if o.dataset and o.out_dir}
    datasets = [build_dataset(processed, exported) for processed in dict.fromkeys(job.processed_root for job in jobs)]
    return BatchResult(outcomes=outcomes, index=index, seconds=time.time() - started, datasets=datasets,
                       rechecked=rechecked)


def recheck_year_on_year(jobs: list[Job], outcomes: list[Outcome], workers: int, scheduler: str | None,
                         progress: bool) -> tuple[list[Outcome], list[str]]:
    """Run again the departments whose previous year turned up only after they were checked.

    The runner starts a later year after the same department's earlier one when their file names
    say they belong together (order.py); a department whose file names differ between years is
    only recognised from the names printed in the PDFs, after both ran. Those few run once more,
    now that the earlier year's tidy folder exists, so their checks and report include it.
    """
    by_pdf = {str(job.pdf): job for job in jobs}
    again = [by_pdf[o.pdf] for o in outcomes
             if o.status == "ok" and o.out_dir and o.pdf in by_pdf and prior_changed(Path(o.out_dir))]
    if not again:
        return outcomes, []
    redone = {o.pdf: o for o in run_outcomes(again, workers, scheduler, resume=False, progress=progress)}
    return [redone.get(o.pdf, o) for o in outcomes], [f"{job.year}/{job.slug}" for job in again]


def summary(result: BatchResult) -> str:
    """The lines `juesuan run` prints at the end."""
    counts = {s: sum(1 for o in result.outcomes if o.status == s) for s in ("ok", "skipped", "failed")}
    lines = [f"{len(result.outcomes)} departments in {result.seconds:.1f}s: {counts['ok']} done, "
             f"{counts['skipped']} up to date, {counts['failed']} failed"]
    lines += [f"  FAILED {o.year}/{o.slug}: {o.reason}" for o in result.failed]
    lines += [f"  re-run {o.year}/{o.slug}: an earlier attempt did not finish (its worker died, or a run was stopped)"
              for o in result.outcomes if o.rerun and o.status != "failed"]
    lines += [f"  re-checked {name}: its report of the year before was read only after it (file names differ)"
              for name in result.rechecked]
    lines.append(f"index: {result.index}")
    lines += [d.summary() for d in result.datasets]
    return "\n".join(lines)

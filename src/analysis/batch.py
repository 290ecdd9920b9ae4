"""Run the report notebook once per department, in parallel, on Dask; then write the index.

One department = one task = one papermill run of notebooks/department_report.ipynb. Tasks run on a
Dask LocalCluster (worker processes, bounded) or, given `--scheduler tcp://host:8786`, on an
existing cluster unchanged (workers must see the same paths). What makes it fast is a *warm*
kernel per worker process: papermill is handed a live kernel manager, so kernel start-up, imports
(pandas, matplotlib, pdfplumber) and the tabula JVM are paid once per worker, not per department;
the namespace is reset between departments.

Guarantees (issue 6): data/raw is only read; each output appears whole or not at all (papermill
writes to a temporary name that is renamed; HTML and index are written atomically); a failed
department keeps its executed notebook with papermill's error cell, is listed as failed with its
reason, and the batch goes on; a re-run skips departments whose outputs are complete and newer
than their PDF; parameters reach the notebook as data (papermill literals from YAML/paths); every
output path comes from a sanitised slug.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import re
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .config import CONFIG_DIR, NOTEBOOKS_DIR, PROCESSED_DIR, PROJ_ROOT, RAW_DIR, REPORTS_DIR
from .outputs import department_dir, temporary_beside

NOTEBOOK = NOTEBOOKS_DIR / "department_report.ipynb"
DEPARTMENTS_YML = CONFIG_DIR / "departments.yml"
KERNEL = "python3"
START_TIMEOUT = 120  # seconds; busy machines start kernels slowly
CELL_TIMEOUT = 900  # seconds a department may run (any cell, and all together): a 500-page report finishes, a hung one does not block
KERNEL_START_TRIES = 3
RECYCLE_AFTER = 40  # departments per warm kernel before a fresh one (bounds memory growth)
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")


@dataclass(frozen=True)
class Job:
    """One department to run: its PDF, names and where every output goes."""

    pdf: Path
    department: str
    year: str
    slug: str
    processed_root: Path
    reports_root: Path
    extra: tuple[tuple[str, object], ...] = ()  # further papermill parameters (from YAML)
    notebook: Path = NOTEBOOK  # the parameterised notebook to execute
    timeout: int = CELL_TIMEOUT  # seconds the department (and so any one cell) may run before it is failed

    @property
    def notebook_out(self) -> Path:
        return self.reports_root / self.year / f"{self.slug}.ipynb"

    @property
    def html_out(self) -> Path:
        return self.reports_root / self.year / f"{self.slug}.html"

    @property
    def annotated_out(self) -> Path:
        """The PDF with every figure a finding names highlighted (written only if there are any)."""
        return self.reports_root / self.year / f"{self.slug}.annotated.pdf"

    def parameters(self) -> dict[str, object]:
        """Papermill parameters: plain values, written into the notebook as literals, never code."""
        params: dict[str, object] = {"pdf_path": str(self.pdf), "department": self.department,
                                     "processed_dir": str(self.processed_root), "annotated_pdf": str(self.annotated_out)}
        if self.year.isdigit():
            params["year"] = int(self.year)
        params.update(dict(self.extra))
        return params


@dataclass
class Outcome:
    """What happened to one department (picklable: it travels back from Dask workers)."""

    slug: str
    year: str
    department: str
    pdf: str
    status: str  # ok / failed / skipped
    reason: str = ""
    seconds: float = 0.0
    out_dir: str = ""  # the tidy folder under processed
    notebook: str = ""
    html: str = ""
    worker_pid: int = 0
    timings: dict = field(default_factory=dict)
    # an earlier attempt at this department started and never finished: Dask re-ran it after its
    # worker died, or a previous run was stopped mid-department
    rerun: bool = False
    entry: tuple | None = None  # (reports root, its index line), read on the worker; not in run.json


# ---------------------------------------------------------------- the department list


def _year_of(pdf: Path) -> str:
    """The accounts year from the folder (data/raw/2023/…) or the file name; else 'unknown-year'."""
    for part in (pdf.parent.name, pdf.stem):
        hit = _YEAR.search(part)
        if hit:
            return hit.group(1)
    return "unknown-year"


def _make_job(pdf: Path, department: str, year: str, processed_root: Path, reports_root: Path,
              extra: dict | None = None) -> Job:
    # department_dir sanitises and refuses any path that would leave the output folder
    target = department_dir(reports_root, year, department)
    return Job(pdf=pdf.resolve(), department=department, year=target.parent.name, slug=target.name,
               processed_root=processed_root.resolve(), reports_root=reports_root.resolve(),
               extra=tuple(sorted((extra or {}).items())))


def find_pdfs(source: Path) -> list[Path]:
    """Every *.pdf below source (case-insensitive, recursive, hidden files skipped), sorted."""
    if source.is_file():
        return [source]
    return sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"
                  and not any(part.startswith(".") for part in p.relative_to(source).parts))


def jobs_from_folder(source: Path, processed_root: Path, reports_root: Path) -> list[Job]:
    """One job per PDF; the file name stands in for the department until the PDF is read."""
    return _dedupe([_make_job(pdf, pdf.stem, _year_of(pdf), processed_root, reports_root)
                    for pdf in find_pdfs(source)])


def jobs_from_yaml(path: Path, processed_root: Path, reports_root: Path) -> list[Job]:
    """config/departments.yml: a list of {pdf, department, year, parameters, timeout}.

    YAML, so a code like "001" stays a string; relative PDF paths are relative to the repository.
    """
    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = doc.get("departments", []) if isinstance(doc, dict) else doc
    jobs = []
    for entry in entries or []:
        pdf = Path(str(entry["pdf"]))
        pdf = pdf if pdf.is_absolute() else PROJ_ROOT / pdf
        department = str(entry.get("department") or pdf.stem)
        year = str(entry.get("year") or _year_of(pdf))
        job = _make_job(pdf, department, year, processed_root, reports_root, entry.get("parameters") or {})
        if entry.get("timeout"):  # seconds per cell for this department (a known 500-page report)
            job = Job(**{**job.__dict__, "timeout": int(entry["timeout"])})
        jobs.append(job)
    return _dedupe(jobs)


def _dedupe(jobs: list[Job]) -> list[Job]:
    """Two PDFs for the same department and year get distinct report names (-2, -3 …)."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for job in jobs:
        key = (job.year, job.slug)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            job = Job(**{**job.__dict__, "slug": f"{job.slug}-{seen[key]}"})
        out.append(job)
    return out


def plan(source: Path | None, out: Path | None) -> list[Job]:
    """Jobs for `juesuan run SOURCE [--out DIR]`: a folder, a PDF or a departments .yml file."""
    processed_root = (out / "data" / "processed") if out else PROCESSED_DIR
    reports_root = (out / "reports") if out else REPORTS_DIR
    source = source or RAW_DIR
    if source.suffix.lower() in {".yml", ".yaml"}:
        return jobs_from_yaml(source, processed_root, reports_root)
    return jobs_from_folder(source, processed_root, reports_root)


# ---------------------------------------------------------------- resume


def find_out_dir(job: Job, since: float = 0.0) -> Path | None:
    """The tidy folder the pipeline wrote for this PDF (its meta.json names the PDF file).

    The pipeline names the folder from the department and year printed *in* the PDF, which the
    runner cannot know beforehand; meta.json is the link back.
    """
    from .pipeline import pdf_sha256

    best: tuple[float, Path] | None = None
    digest = pdf_sha256(job.pdf) if job.pdf.is_file() else ""
    for meta in job.processed_root.glob("*/*/meta.json"):
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        mtime = meta.stat().st_mtime
        # by content when meta.json has it: two PDFs named alike (a/某局.pdf, b/某局.pdf) differ
        same = info.get("pdf_sha256") == digest if "pdf_sha256" in info else info.get("pdf") == job.pdf.name
        if same and mtime >= since and (best is None or mtime > best[0]):
            best = (mtime, meta.parent)
    return best[1] if best else None


def is_complete(job: Job) -> Path | None:
    """The tidy folder when the report, notebook and checks all exist and are newer than the PDF."""
    if not (job.html_out.exists() and job.notebook_out.exists()):
        return None
    pdf_time = job.pdf.stat().st_mtime
    out_dir = find_out_dir(job)
    if out_dir is None or not (out_dir / "checks.csv").exists():
        return None
    times = [job.html_out.stat().st_mtime, job.notebook_out.stat().st_mtime, (out_dir / "checks.csv").stat().st_mtime]
    return out_dir if min(times) >= pdf_time else None


# ---------------------------------------------------------------- running one department (on a worker)

_WARM: dict[str, object] = {"km": None, "runs": 0}


def _start_kernel():
    """A fresh kernel, retried: parallel starts can race for ZMQ ports on a busy machine."""
    from jupyter_client.manager import KernelManager

    last: Exception | None = None
    for attempt in range(KERNEL_START_TRIES):
        km = KernelManager(kernel_name=KERNEL)
        try:
            # cache_size=0: no Out[] history, so a report's figures are not kept alive after it
            km.start_kernel(cwd=str(NOTEBOOKS_DIR), env={**os.environ, "MPLBACKEND": "Agg"},
                            # the kernel listens on loopback only; its TCP notice is noise in a batch log
                            extra_arguments=["--InteractiveShell.cache_size=0", "--IPKernelApp.log_level=ERROR"])
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=START_TIMEOUT)
            kc.stop_channels()
            return km
        except Exception as exc:  # noqa: BLE001 - any start failure is worth one more try
            last = exc
            try:
                km.shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001
                pass
            time.sleep(0.5 * (attempt + 1))
    raise RuntimeError(f"the Jupyter kernel did not start after {KERNEL_START_TRIES} tries: {last}")


def _warm_kernel():
    """This worker's kernel, started on first use and replaced when dead or well used."""
    km = _WARM["km"]
    if km is not None and (not km.is_alive() or _WARM["runs"] >= RECYCLE_AFTER):
        _drop_kernel()
        km = None
    if km is None:
        started = time.time()
        km = _start_kernel()
        _WARM["km"], _WARM["runs"], _WARM["started_in"] = km, 0, time.time() - started
        if not _WARM.get("atexit"):
            atexit.register(_drop_kernel)  # a worker that exits takes its kernel (and JVM) with it
            _WARM["atexit"] = True
    _WARM["runs"] += 1
    return km


def _drop_kernel() -> None:
    km = _WARM.get("km")
    _WARM["km"] = None
    if km is not None:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            pass


# Drop the department's variables. Not %reset: it runs two full garbage collections (0.4 s a
# department with pandas and matplotlib loaded); the interpreter's own collector frees the cycles.
_RESET = """_ip = get_ipython()
for _name in [n for n in _ip.user_ns if not n.startswith("_") and n not in _ip.user_ns_hidden]:
    del _ip.user_ns[_name]
del _ip, _name
"""


async def _connected(kc, km, timeout: float) -> None:
    """Wait until a new client's channels reach the warm kernel (known to be running).

    jupyter_client's wait_for_ready also waits for heartbeats and then for 0.2 s of silence on
    IOPub: 0.2–0.4 s of idle time per department. What the run needs is a live IOPub
    subscription (ZMQ drops what a subscriber publishes before it has joined): a kernel_info
    reply on the shell channel, then any IOPub message (the kernel publishes its busy and idle
    status around that request). Leftover status messages are harmless: nbclient reads only the
    messages that answer its own requests.
    """
    from queue import Empty

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg_id = kc.kernel_info()
        try:
            while (await kc.shell_channel.get_msg(timeout=1))["parent_header"].get("msg_id") != msg_id:
                pass
            await kc.iopub_channel.get_msg(timeout=0.2)
            return
        except Empty:
            if not km.is_alive():
                raise RuntimeError("the kernel died before replying to kernel_info") from None
    raise RuntimeError(f"the kernel did not reply within {timeout:.0f} seconds")


def _register_engine() -> str:
    """A papermill engine that runs on a given live kernel and resets it afterwards."""
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_core.utils import run_sync
    from nbclient.exceptions import CellExecutionError
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.iorw import write_ipynb
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            partial = kwargs.pop("partial_path", None)
            final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                 kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file,
                                 stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, **final)
            # nbclient polls its channels from asyncio: with a blocking client it waits forever for
            # output from a kernel that died or hangs, so neither DeadKernelError nor the timeout fires
            client.kc = AsyncKernelClient(**client.km.get_connection_info(session=True))
            client.kc.start_channels()
            run_sync(_connected)(client.kc, client.km, start_timeout)
            client.kc.allow_stdin = False
            try:
                return client.execute()
            except BaseException as exc:
                if isinstance(exc, TimeoutError):
                    _drop_kernel()  # the cell is still running (hung, or a huge report): next time a fresh kernel
                if partial and not isinstance(exc, CellExecutionError):
                    # papermill saves the notebook when a cell raises, but not when the kernel dies or
                    # a cell times out: keep what ran, so the failed department still has its record
                    write_ipynb(nb_man.nb, partial)
                raise
            finally:
                if client.km.is_alive():
                    try:  # the next department must not see this one's variables or figures
                        run_sync(client.kc.execute_interactive)(_RESET, timeout=30,
                                                                store_history=False, output_hook=lambda msg: None)
                    except Exception:  # noqa: BLE001 - a dead kernel is replaced on next use
                        _drop_kernel()
                client.kc.stop_channels()

    papermill_engines.register("juesuan-warm", WarmEngine)
    return "juesuan-warm"


class DepartmentTimeout(TimeoutError):
    """The department ran past its time in total (the watchdog stopped it)."""


class _Watchdog:
    """Kill the kernel when a department runs past its time in total, however its cells add up.

    papermill's timeout is per cell: a report whose cells each stay under it could still hold a
    worker for as long as all of them together. Killing the kernel ends the run the way a crash
    would (nbclient raises DeadKernelError); run_job then reports it as a timeout and the next
    department gets a fresh kernel.
    """

    def __init__(self, seconds: float, km) -> None:
        import threading

        self.fired = threading.Event()
        self._pid = getattr(getattr(km, "provisioner", None), "pid", None)
        self._timer = threading.Timer(seconds, self._kill)
        self._timer.daemon = True
        self._timer.start()

    def _kill(self) -> None:
        import signal

        self.fired.set()
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass  # already gone

    def cancel(self) -> None:
        self._timer.cancel()


def _reason(exc: BaseException) -> str:
    """One line for the index: the notebook's own exception when papermill caught one."""
    from papermill.exceptions import PapermillExecutionError

    from .outputs import is_disk_full

    if isinstance(exc, PapermillExecutionError):
        text = f"{exc.ename}: {exc.evalue}"
    elif isinstance(exc, DepartmentTimeout) or (isinstance(exc, TimeoutError) and "timed out" in str(exc)):
        # our watchdog's, or nbclient's CellTimeoutError
        text = f"timed out: {str(exc).splitlines()[0]} — a hung or very large report: check the PDF, or give it a longer `timeout:` in departments.yml"
    elif type(exc).__name__ == "DeadKernelError":
        text = "DeadKernelError: the notebook's kernel died (killed, or out of memory); run again, and if it repeats the PDF may be too large for this machine"
    elif is_disk_full(exc):
        text = f"disk full: {exc}; free some space and run again"
    else:
        text = f"{type(exc).__name__}: {exc}"
    text = re.sub(r"\x1b\[[0-9;]*m", "", text).strip()
    return text if len(text) <= 600 else text[:600] + " …"


def run_job(job: Job, warm: bool = True, resume: bool = True) -> Outcome:
    """Execute the report notebook for one department, export its HTML; never raise.

    A failure (bad PDF, an assert cell, a dead kernel) still leaves the executed notebook with
    papermill's error cell at reports/<year>/<slug>.ipynb, and the outcome carries the reason.
    """
    import papermill as pm

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
    running = job.notebook_out.with_name(f".{job.slug}.running")
    outcome.rerun = running.exists()
    running.write_text(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n", encoding="utf-8")
    try:
        engine_kwargs: dict = {}
        if warm:
            engine_kwargs = {"engine_name": _register_engine(), "km": _warm_kernel(), "partial_path": str(tmp_nb)}
            if _WARM["runs"] == 1:  # this department waited for a fresh kernel
                outcome.timings["kernel start"] = _WARM.get("started_in", 0.0)
        # papermill bounds each cell; the watchdog bounds the department as a whole
        watchdog = _Watchdog(job.timeout, engine_kwargs["km"]) if warm else None
        try:
            pm.execute_notebook(str(job.notebook), str(tmp_nb), parameters=job.parameters(), kernel_name=KERNEL,
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
            if tmp_nb.exists():
                os.replace(tmp_nb, job.notebook_out)  # executed notebook, error cell included
        outcome.timings["notebook"] = time.time() - started
        t_html = time.time()
        from .present.report import export_html

        export_html(job.notebook_out, job.html_out, title=job.slug)
        outcome.html = str(job.html_out)
        outcome.timings["html"] = time.time() - t_html
    except Exception as exc:  # noqa: BLE001 - one department's failure must not stop the batch
        outcome.status, outcome.reason = "failed", _reason(exc)
        for stale in (job.html_out, job.annotated_out):
            stale.unlink(missing_ok=True)  # an older report of this PDF would now be misleading
        from papermill.exceptions import PapermillExecutionError

        if warm and not isinstance(exc, PapermillExecutionError):
            _drop_kernel()  # a timed-out cell may still be running, a dead kernel is dead: start afresh
    running.unlink(missing_ok=True)
    found = find_out_dir(job, since=started - 1)
    outcome.out_dir = str(found) if found else ""
    outcome.seconds = time.time() - started
    return outcome


# ---------------------------------------------------------------- the batch


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    index: Path
    seconds: float

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def _cluster(workers: int, scheduler: str | None):
    """A Dask client: the given scheduler, or a LocalCluster of single-threaded worker processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler, timeout="30s"), None
    # bounded: more worker processes than cores only adds kernels and JVMs competing for the same CPUs
    workers = max(1, min(workers, os.cpu_count() or 1))
    # ":0": the scheduler's HTTP server always starts; a random port never collides with another cluster
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=50, memory_limit=0)
    return Client(cluster), cluster


def run_outcomes(jobs: list[Job], workers: int = 2, scheduler: str | None = None, resume: bool = True,
                 progress: bool = True) -> Iterator[Outcome]:
    """Run jobs on Dask and yield outcomes as they finish (one task per department)."""
    from distributed import as_completed
    from tqdm import tqdm

    if not jobs:
        return
    client, cluster = _cluster(workers, scheduler)
    try:
        by_key: dict[str, Job] = {}

        def submit(job: Job):
            future = client.submit(run_department, job, resume, key=f"juesuan-{job.year}-{job.slug}-{uuid.uuid4().hex[:6]}",
                                   pure=False, retries=0)
            by_key[future.key] = job
            return future

        # one department per worker thread in flight: Dask blames every task a dying worker holds,
        # so one department that kills its worker must not find others queued behind it there
        # largest PDFs first: the batch ends when its last department does, and a big report
        # started last would leave the other workers idle while it runs alone
        pending = iter(sorted(jobs, key=lambda job: -_size(job.pdf)))
        slots = max(1, sum(client.nthreads().values()))
        queue = as_completed([submit(job) for job in itertools.islice(pending, slots)])
        bar = tqdm(total=len(jobs), desc="departments", unit="dept", file=sys.stderr, disable=not progress)
        for future in queue:
            job = by_key[future.key]
            following = next(pending, None)
            if following is not None:
                queue.add(submit(following))
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died under this task
                outcome = Outcome(slug=job.slug, year=job.year, department=job.department, pdf=str(job.pdf),
                                  status="failed", reason=f"worker lost: {_reason(exc)}", notebook="")
            bar.update(1)
            bar.set_postfix_str(f"{outcome.status}: {outcome.slug}"[:40])
            yield outcome
        bar.close()
    finally:
        try:
            client.run(_drop_kernel)  # kernels hold a JVM each: none outlives the batch
        except Exception:  # noqa: BLE001 - a lost worker has no kernel left to stop
            pass
        client.close()
        if cluster is not None:
            cluster.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # a missing PDF fails fast wherever it runs


def index_entry(o: Outcome, reports_root: Path):
    """One index line: figures and failed checks from the tidy folder, or the reason it failed."""
    from .present.loader import failures, key_figures, load_department
    from .present.report import IndexEntry

    entry = IndexEntry(department=o.department, year=o.year, slug=o.slug, status=o.status, pdf=Path(o.pdf).name,
                       reason=o.reason, seconds=o.seconds, rerun=o.rerun)
    if o.notebook and Path(o.notebook).exists():
        entry.notebook = Path(o.notebook).relative_to(reports_root).as_posix()
    if o.status != "failed":
        entry.report = Path(o.html).relative_to(reports_root).as_posix() if o.html else ""
        annotated = Path(o.html).with_suffix(".annotated.pdf") if o.html else None
        if annotated is not None and annotated.exists():
            entry.annotated = annotated.relative_to(reports_root).as_posix()
        if o.out_dir and Path(o.out_dir).exists():
            data = load_department(Path(o.out_dir))
            entry.department = data.department
            entry.figures = key_figures(data)
            entry.failures = failures(data.checks).to_dict("records")
    return entry


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
    return outcome


def index_entries(outcomes: Iterable[Outcome], reports_root: Path) -> list:
    """Index lines for every outcome, read on the workers where they could be."""
    return [o.entry[1] if o.entry and o.entry[0] == str(reports_root) else index_entry(o, reports_root)
            for o in outcomes]


def write_index(outcomes: list[Outcome], reports_root: Path) -> Path:
    from .present.report import write_index as _write

    return _write(index_entries(outcomes, reports_root), reports_root / "index.html")


def run_batch(jobs: list[Job], reports_root: Path | None = None, workers: int = 2, scheduler: str | None = None,
              resume: bool = True, progress: bool = True) -> BatchResult:
    """Run every job, then write reports/index.html and reports/run.json (outcomes, for scripts)."""
    from .outputs import sweep_stale_temporaries, write_text_atomic

    started = time.time()
    root = reports_root or (jobs[0].reports_root if jobs else REPORTS_DIR)
    for folder in {root, *(job.reports_root for job in jobs), *(job.processed_root for job in jobs)}:
        sweep_stale_temporaries(folder)  # left by an earlier run that was killed mid-write
    outcomes = sorted(run_outcomes(jobs, workers, scheduler, resume, progress), key=lambda o: (o.year, o.slug))
    index = write_index(outcomes, root)
    write_text_atomic(root / "run.json", json.dumps([{k: v for k, v in asdict(o).items() if k != "entry"} for o in outcomes],
                                                      ensure_ascii=False, indent=1))
    return BatchResult(outcomes=outcomes, index=index, seconds=time.time() - started)


def summary(result: BatchResult) -> str:
    """The lines `juesuan run` prints at the end."""
    counts = {s: sum(1 for o in result.outcomes if o.status == s) for s in ("ok", "skipped", "failed")}
    lines = [f"{len(result.outcomes)} departments in {result.seconds:.1f}s: {counts['ok']} done, "
             f"{counts['skipped']} up to date, {counts['failed']} failed"]
    lines += [f"  FAILED {o.year}/{o.slug}: {o.reason}" for o in result.failed]
    lines += [f"  re-run {o.year}/{o.slug}: an earlier attempt did not finish (its worker died, or a run was stopped)"
              for o in result.outcomes if o.rerun and o.status != "failed"]
    lines.append(f"index: {result.index}")
    return "\n".join(lines)

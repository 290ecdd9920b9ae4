"""Departments onto a Dask cluster, their outcomes back as they finish — and never a wait forever.

One task per department, one department per worker thread in flight. The client watches what it
waits for (stalls.Vigil): a department whose task can no longer finish is failed with the reason,
and a local cluster left with no worker at all (a nanny that did not restart its dead worker, as
seen in CI) is replaced by a fresh one for the departments still to run. A remote cluster is not
ours to rebuild: what it can no longer run is failed, by name, and the batch ends.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from distributed import Client, Future, LocalCluster, wait
from tqdm import tqdm

from .kernel import drop_kernel
from .order import next_ready
from .planning import Job, Outcome
from .stalls import POLL, Vigil

REBUILDS = 2  # fresh local clusters after one lost every worker, before the rest is failed unrun


def _cluster(workers: int, scheduler: str | None):
    """A Dask client: the given scheduler, or a LocalCluster of single-threaded worker processes."""
    if scheduler:
        return Client(scheduler, timeout="30s"), None
    # bounded: more worker processes than cores only adds kernels and JVMs competing for the same CPUs
    workers = max(1, min(workers, os.cpu_count() or 1))
    # ":0": the scheduler's HTTP server always starts; a random port never collides with another cluster
    with _sigint_ignored_by_children():
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=50, memory_limit=0)
    return Client(cluster), cluster


@contextmanager
def _sigint_ignored_by_children():
    """Start Dask's worker processes with SIGINT ignored (a spawned Python keeps an ignored SIGINT).

    Ctrl-C reaches the whole process group: each worker printed its traceback. Only this process
    answers it now, with one line (cli.statuses); closing the cluster then stops the workers, and
    a department cut short leaves only its hidden temporary files, never a file under its name.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # a missing PDF fails fast wherever it runs


def lost(job: Job, reason: str) -> Outcome:
    """The outcome of a department whose task never gave one."""
    return Outcome(slug=job.slug, year=job.year, department=job.department, pdf=str(job.pdf), status="failed",
                   reason=reason, notebook="")


def dispatch(jobs: list[Job], task: Callable[[Job], Outcome], reason: Callable[[BaseException], str], workers: int,
             scheduler: str | None, progress: bool) -> Iterator[Outcome]:
    """Run `task` for every job on Dask; yield each outcome as it arrives (`reason` words a task's exception)."""
    if not jobs:
        return
    # largest PDFs first: the batch ends when its last department does, and a big report
    # started last would leave the other workers idle while it runs alone
    pending = sorted(jobs, key=lambda job: -_size(job.pdf))
    bar = tqdm(total=len(jobs), desc="departments", unit="dept", file=sys.stderr, disable=not progress)
    try:  # the bar ends its line whatever happens, so a message after it starts a line of its own
        for _ in range(REBUILDS + 1):
            for outcome in _on_one_cluster(pending, task, reason, workers, scheduler):
                bar.update(1)
                bar.set_postfix_str(f"{outcome.status}: {outcome.slug}"[:40])
                yield outcome
            if not pending or scheduler:
                break
        why = ("not run: the cluster lost every worker and kept none" if scheduler else
               f"not run: {REBUILDS + 1} local clusters in turn lost every worker; run the batch again")
        while pending:
            bar.update(1)
            yield lost(pending.pop(0), why)
    finally:
        bar.close()


def _on_one_cluster(pending: list[Job], task, reason, workers: int, scheduler: str | None) -> Iterator[Outcome]:
    """Run jobs from `pending` (taken from it as they start) until none is left or the cluster has no worker."""
    client, cluster = _cluster(workers, scheduler)
    try:
        by_key: dict[str, Job] = {}
        running: dict[str, Future] = {}
        vigil = Vigil()
        slots = max(1, sum(client.nthreads().values()))

        # one department per worker thread in flight: Dask blames every task a dying worker holds,
        # so one department that kills its worker must not find others queued behind it there
        # a later year waits for the same department's earlier year (its year-on-year checks read
        # that year's tidy folder): held back here, on the client, so it holds on any cluster
        def fill() -> None:
            while pending and len(running) < slots:
                i = next_ready(pending, [by_key[key] for key in running])
                if i is None and running:
                    return  # every pending job waits for a running one's earlier year
                job = pending.pop(i or 0)
                future = client.submit(task, job, key=f"juesuan-{job.year}-{job.slug}-{uuid.uuid4().hex[:6]}",
                                       pure=False, retries=0)
                by_key[future.key], running[future.key] = job, future
                vigil.submit(future.key)

        def finished(key: str) -> None:
            running.pop(key, None)
            vigil.forget(key)
            fill()

        fill()
        while running:
            try:
                done = wait(list(running.values()), timeout=POLL, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
            for future in done:
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker died under this task
                    outcome = lost(by_key[future.key], f"worker lost: {reason(exc)}")
                finished(future.key)
                yield outcome
            if done:
                continue
            # nothing finished: can what is running still finish?
            stalled = vigil.stalled({key: by_key[key].timeout for key in running}, len(client.nthreads()))
            for key, why in stalled.items():
                running[key].cancel()
                running.pop(key)  # not finished(): a cluster without workers takes no new department
                vigil.forget(key)
                yield lost(by_key[key], why)
            if vigil.no_workers_since is not None and stalled:
                return  # a cluster without workers: the caller builds a fresh one for what is pending
            fill()
    finally:
        try:
            # kernels hold a JVM each: none outlives the batch (bounded: a stuck worker never answers)
            client.run(drop_kernel, callback_timeout=60)
        except Exception:  # noqa: BLE001 - a lost worker has no kernel left to stop
            pass
        client.close(timeout=60)
        if cluster is not None:
            cluster.close(timeout=60)

"""A local cluster that loses every worker is rebuilt; the batch neither hangs nor stops (batch/dispatch.py).

CI once waited an hour: a department killed its worker, and Dask's nanny failed to start a new one
("Failed to restart worker after its process exited") under a loaded machine, leaving a cluster
with no worker and a client waiting for it. Here the nanny's restart is made to fail the same way.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import pytest

from analysis.batch import dispatch as dispatch_module
from analysis.batch.dispatch import dispatch, lost
from analysis.batch.planning import Job

pytestmark = pytest.mark.slow


def _task(job: Job):
    """Kills its own worker for the department named so, answers ok for the others."""
    if job.slug == "kills-its-worker":
        os.kill(os.getpid(), signal.SIGKILL)
    return dataclasses.replace(lost(job, ""), status="ok", worker_pid=os.getpid())


def _job(tmp_path: Path, slug: str) -> Job:
    return Job(pdf=tmp_path / f"{slug}.pdf", department=slug, year="2023", slug=slug,
               processed_root=tmp_path / "processed", reports_root=tmp_path / "reports", timeout=60)


def test_a_cluster_whose_nanny_cannot_restart_its_worker_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr("analysis.batch.stalls.NO_WORKER_GRACE", 3.0)
    monkeypatch.setattr(dispatch_module, "POLL", 0.5)
    built = []
    original = dispatch_module._cluster

    def cluster(workers, scheduler):
        client, local = original(workers, scheduler)
        if not built:  # the first cluster's nanny fails to bring its worker back
            async def refuse(*args, **kwargs):
                raise RuntimeError("the new worker did not start in time")
            for nanny in local.workers.values():
                nanny.instantiate = refuse
        built.append(local)
        return client, local

    monkeypatch.setattr(dispatch_module, "_cluster", cluster)
    # the killer is the largest PDF, so it starts first, alone on the one worker
    (tmp_path / "kills-its-worker.pdf").write_bytes(b"%PDF" + b" " * 1000)
    (tmp_path / "plain.pdf").write_bytes(b"%PDF")
    jobs = [_job(tmp_path, "kills-its-worker"), _job(tmp_path, "plain")]

    outcomes = {o.slug: o for o in dispatch(jobs, _task, repr, workers=1, scheduler=None, progress=False)}

    assert set(outcomes) == {"kills-its-worker", "plain"}  # every department has its outcome
    killer = outcomes["kills-its-worker"]
    assert killer.status == "failed" and killer.reason.startswith("worker lost:"), killer.reason
    assert "no worker" in killer.reason, killer.reason
    assert outcomes["plain"].status == "ok"  # run on the fresh cluster
    assert len(built) == 2

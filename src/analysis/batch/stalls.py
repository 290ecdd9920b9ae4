"""A batch never waits forever: a department whose task cannot finish is failed, with the reason.

Dask answers a dead worker by restarting it and running its task again (KilledWorker after a few
deaths). When that machinery itself stalls — a worker that is never restarted, a scheduler left
with no worker, a task stuck outside the kernel's watchdog — the client would wait for a result
that never comes: a CI run once hung for an hour on one such department. The client watches what
it waits for instead and fails, by name and with a reason, what can no longer finish; the batch
goes on with the rest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import dask

from .kernel import KERNEL_START_TRIES, START_TIMEOUT

POLL = 5.0  # seconds between two looks when nothing finished
NO_WORKER_GRACE = 180.0  # seconds with no worker at all before the departments waiting are failed
TAIL = 120.0  # seconds an attempt may take beyond its kernel start and its own time limit (HTML, index line)


def attempt_bound(timeout: float) -> float:
    """The longest one attempt of a department can take when every part of it behaves."""
    return START_TIMEOUT * KERNEL_START_TRIES + timeout + TAIL


def task_bound(timeout: float) -> float:
    """The longest a department's task can take, Dask's retries after worker deaths included."""
    tries = 1 + int(dask.config.get("distributed.scheduler.allowed-failures", 3))
    return tries * attempt_bound(timeout)


@dataclass
class Vigil:
    """What the client knows of the cluster between two looks."""

    no_workers_since: float | None = None
    submitted: dict[str, float] = field(default_factory=dict)  # task key → when it was submitted

    def submit(self, key: str) -> None:
        self.submitted[key] = time.monotonic()

    def forget(self, key: str) -> None:
        self.submitted.pop(key, None)

    def stalled(self, waiting: dict[str, float], workers: int, now: float | None = None) -> dict[str, str]:
        """The tasks (key → reason) to give up on: `waiting` maps each key to its department's time limit."""
        now = time.monotonic() if now is None else now
        if workers:
            self.no_workers_since = None
        elif self.no_workers_since is None:
            self.no_workers_since = now
        if self.no_workers_since is not None and now - self.no_workers_since >= NO_WORKER_GRACE:
            return {key: f"worker lost: the cluster had no worker for {NO_WORKER_GRACE:.0f} seconds (none was "
                         "restarted after a worker died); run the batch again" for key in waiting}
        late = {}
        for key, timeout in waiting.items():
            bound = task_bound(timeout)
            if now - self.submitted.get(key, now) > bound:
                late[key] = (f"worker lost: no result after {bound:.0f} seconds, the longest its tries can take "
                             f"(time limit {timeout:.0f} s); its worker is stuck — run the batch again")
        return late

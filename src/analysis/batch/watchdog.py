"""A department's time limit in total: papermill bounds each cell, the watchdog the whole run."""

from __future__ import annotations

import os
import signal
import threading


class DepartmentTimeout(TimeoutError):
    """The department ran past its time in total (the watchdog stopped it)."""


class Watchdog:
    """Kill the kernel when a department runs past its time in total, however its cells add up.

    papermill's timeout is per cell: a report whose cells each stay under it could still hold a
    worker for as long as all of them together. Killing the kernel ends the run the way a crash
    would (nbclient raises DeadKernelError); run_job then reports it as a timeout and the next
    department gets a fresh kernel.
    """

    def __init__(self, seconds: float, km) -> None:
        self.fired = threading.Event()
        self._pid = getattr(getattr(km, "provisioner", None), "pid", None)
        self._timer = threading.Timer(seconds, self._kill)
        self._timer.daemon = True
        self._timer.start()

    def _kill(self) -> None:
        self.fired.set()
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass  # already gone

    def cancel(self) -> None:
        self._timer.cancel()

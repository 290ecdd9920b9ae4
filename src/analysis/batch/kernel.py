"""The warm kernel of a worker process, and the papermill engine that runs a notebook on it.

A kernel is started once per worker (retried: parallel starts race for ports), reused for
RECYCLE_AFTER departments, reset between them, and dropped when it dies, hangs or the worker
exits. papermill reaches it through WarmEngine, defined and registered here once, as papermill's
own engines are, not per department.
"""

from __future__ import annotations

import atexit
import os
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import KernelManager
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellExecutionError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.iorw import write_ipynb
from papermill.utils import merge_kwargs, remove_args

from ..config import NOTEBOOKS_DIR

KERNEL = "python3"
START_TIMEOUT = 120  # seconds; busy machines start kernels slowly
KERNEL_START_TRIES = 3
RECYCLE_AFTER = 40  # departments per warm kernel before a fresh one (bounds memory growth)
WARM_ENGINE = "juesuan-warm"

_WARM: dict[str, object] = {"km": None, "runs": 0}


def _start_kernel():
    """A fresh kernel, retried: parallel starts can race for ZMQ ports on a busy machine."""
    last: Exception | None = None
    for attempt in range(KERNEL_START_TRIES):
        km = KernelManager(kernel_name=KERNEL)
        try:
            # cache_size=0: no Out[] history, so a report's figures are not kept alive after it
            km.start_kernel(cwd=str(NOTEBOOKS_DIR), env={**os.environ, "MPLBACKEND": "Agg"},
                            # the kernel listens on loopback only; its TCP notice is noise in a batch log
                            extra_arguments=["--InteractiveShell.cache_size=0", "--IPKernelApp.log_level=ERROR"])
            # ready when it answers (_connected), not after wait_for_ready's heartbeats and 0.2 s of
            # IOPub silence: 0.45 → 0.28 s a start, measured, most of it idle CPU at a batch's start
            kc = AsyncKernelClient(parent=km, **km.get_connection_info(session=True))
            kc.start_channels(hb=False)
            try:
                run_sync(_connected)(kc, km, START_TIMEOUT)
            finally:
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


def warm_kernel():
    """This worker's kernel, started on first use and replaced when dead or well used."""
    km = _WARM["km"]
    if km is not None and (not km.is_alive() or _WARM["runs"] >= RECYCLE_AFTER):
        drop_kernel()
        km = None
    if km is None:
        started = time.time()
        km = _start_kernel()
        _WARM["km"], _WARM["runs"], _WARM["started_in"] = km, 0, time.time() - started
        if not _WARM.get("atexit"):
            atexit.register(drop_kernel)  # a worker that exits takes its kernel (and JVM) with it
            _WARM["atexit"] = True
    _WARM["runs"] += 1
    return km


def fresh_start_seconds() -> float | None:
    """How long this worker's kernel took to start, if the department now running waited for it."""
    return float(_WARM.get("started_in", 0.0)) if _WARM["runs"] == 1 else None


def drop_kernel() -> None:
    km = _WARM.get("km")
    _WARM["km"] = None
    if km is not None:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            pass


# Drop the department's variables, collect the department's garbage (its figures and frames are
# cycles) and freeze what is left. A kernel with pandas, matplotlib and the PDF readers loaded
# tracks some 400,000 objects; without the freeze, each of the interpreter's full collections
# walked them all (0.18 s, every other department, mostly in the middle of its charts) and so did
# %reset's two collections (0.4 s). Frozen, they are never walked again: a collection walks what
# the department made. What a department leaves alive for good (caches) is frozen with the rest;
# should it become cyclic garbage later it stays until the kernel is recycled (RECYCLE_AFTER).
_RESET = """_ip = get_ipython()
for _name in [n for n in _ip.user_ns if not n.startswith("_") and n not in _ip.user_ns_hidden]:
    del _ip.user_ns[_name]
del _ip, _name
import gc as _gc
_gc.collect()
_gc.freeze()
del _gc
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


class WarmEngine(NBClientEngine):
    """A papermill engine that runs on a given live kernel (``km``) and resets it afterwards."""

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
        # output from a kernel that died or hangs, so neither DeadKernelError nor the timeout fires.
        # parent=km: nbclient asks every second whether the kernel is alive; a client without its
        # manager answers from the heartbeat, which calls a kernel dead when one ping waits over
        # 1 s for its reply (a busy machine: the kernel was not given the CPU in time), so a
        # live kernel's department failed. With its manager the client asks whether the process
        # is still running, which is what dead means; no heartbeat channel is needed.
        client.kc = AsyncKernelClient(parent=client.km, **client.km.get_connection_info(session=True))
        client.kc.start_channels(hb=False)
        run_sync(_connected)(client.kc, client.km, start_timeout)
        client.kc.allow_stdin = False
        try:
            return client.execute()
        except BaseException as exc:
            if isinstance(exc, TimeoutError):
                drop_kernel()  # the cell is still running (hung, or a huge report): next time a fresh kernel
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
                    drop_kernel()
            client.kc.stop_channels()


papermill_engines.register(WARM_ENGINE, WarmEngine)

"""One `juesuan run` at a time per output folder: a lock file held for the whole batch.

Two runs on one --out did every department twice, each taking the other's running markers for
departments that had died (重新运行), and raced on every output. The second run now stops at
once with a plain message naming the first (its pid and start time). The lock is fcntl's: the
operating system releases it when the process ends, however it ends, so a killed run leaves no
stale lock behind (only, then, an empty lock file, which the next run takes).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..errors import BusyError

LOCK_NAME = ".juesuan-run.lock"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; runs are not guarded
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise BusyError(folder, f"another juesuan run is writing to this folder ({holder})",
                            "wait for it to finish, or give this run another --out") from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                break  # the file is still the lock: ours
        except FileNotFoundError:
            pass
        os.close(fd)  # locked a file the run before us had just removed: take the new one
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}".encode(), 0)
        yield
    finally:
        path.unlink(missing_ok=True)  # removed while held, so no run ever locks a stale file
        os.close(fd)


@contextmanager
def exclusive(folders: list[Path]) -> Iterator[None]:
    """Hold the lock of every output folder of a batch (in one order, so two runs cannot deadlock)."""
    with ExitStack() as stack:
        for folder in sorted({f.resolve() for f in folders}):
            stack.enter_context(_locked(folder))
        yield

"""The order a batch runs its departments in, so a year's report can see the year before.

The year-on-year check of a report needs the previous year's tidy folder, which the previous
year's own job writes. On Dask the two jobs could run at the same time, so the runner holds a
job back while a job of the same department for an earlier year is still queued or running. The
gate is kept by the client that submits the jobs (not by Dask task dependencies), so it holds on
a LocalCluster and on a remote scheduler alike, and a held-back job never occupies a worker.

"The same department" is known before any PDF is read only by its name in the file system: the
job's slug with the year taken out (2023/某局.pdf and 2024/某局.pdf; 某局-2023.pdf and
某局-2024.pdf). Names that differ between years are caught after the batch (`recheck_year_on_year`
in batch/run.py), which re-runs a report that was checked without the previous year it now has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)(?:年度?)?")


class _Job(Protocol):
    year: str
    slug: str


def lineage(job: _Job) -> str:
    """The department a job is about, across years: its slug without the year."""
    return re.sub(r"[-_\s]{2,}", "-", _YEAR.sub("", job.slug)).strip("-_ ") or job.slug


def _year(job: _Job) -> int | None:
    return int(job.year) if job.year.isdigit() else None


def waits_for(job: _Job, unfinished: Iterable[_Job]) -> bool:
    """True while an unfinished job is the same department for an earlier year."""
    year, key = _year(job), lineage(job)
    if year is None:
        return False
    return any(other is not job and lineage(other) == key and (_year(other) or year) < year for other in unfinished)


def next_ready(pending: Sequence[_Job], running: Iterable[_Job]) -> int | None:
    """Index of the first pending job that may start now (None: all wait for a running one)."""
    unfinished = [*pending, *running]
    for i, job in enumerate(pending):
        if not waits_for(job, unfinished):
            return i
    return None

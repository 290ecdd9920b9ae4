"""Whether a department is already done: its report, notebook and checks exist and are newer than its PDF,
and the year before it was checked against is still the one there is."""

from __future__ import annotations

import json
from pathlib import Path

from ..pipeline import pdf_sha256
from ..reconcile.prior_report import prior_changed
from .planning import Job


def find_out_dir(job: Job, since: float = 0.0) -> Path | None:
    """The tidy folder the pipeline wrote for this PDF (its meta.json names the PDF file).

    The pipeline names the folder from the department and year printed *in* the PDF, which the
    runner cannot know beforehand; meta.json is the link back.
    """
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
    """The tidy folder when the report, notebook and checks all exist and are newer than the PDF.

    A folder without evidence.csv was written before findings carried their evidence: its report
    has no crops, so it is run again rather than kept.
    """
    if not (job.html_out.exists() and job.notebook_out.exists()):
        return None
    pdf_time = job.pdf.stat().st_mtime
    out_dir = find_out_dir(job)
    if out_dir is None or not (out_dir / "checks.csv").exists() or not (out_dir / "evidence.csv").exists():
        return None
    times = [job.html_out.stat().st_mtime, job.notebook_out.stat().st_mtime, (out_dir / "checks.csv").stat().st_mtime]
    if min(times) < pdf_time or prior_changed(out_dir):  # the year before appeared or changed: check again
        return None
    return out_dir

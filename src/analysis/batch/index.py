"""reports/index.html: one line per department, from its outcome and its tidy folder."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import readable_name
from ..present.loader import failures, key_figures, load_department
from ..present.report import INDEX_LINE_MIME, IndexEntry
from ..present.report import write_index as _write
from .planning import Outcome


def published_line(nb: object) -> dict | None:
    """The figures and failed checks an executed report published (report.Published), if it did.

    None when the notebook has no such output (an older or a user's own notebook, a value JSON
    could not hold): the index then reads the tidy folder.
    """
    if not isinstance(nb, Mapping):
        return None
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            line = output.get("data", {}).get(INDEX_LINE_MIME)
            if isinstance(line, Mapping) and isinstance(line.get("line"), str):
                try:
                    found = json.loads(line["line"])
                except ValueError:
                    return None
                ok = isinstance(found, dict) and isinstance(found.get("figures"), dict) and isinstance(found.get("failures"), list)
                return found if ok else None
    return None


def index_entry(o: Outcome, reports_root: Path):
    """One index line: figures and failed checks as the report published them (o.published) or
    from the tidy folder, or the reason it failed."""
    entry = IndexEntry(department=o.department, year=o.year, slug=o.slug, status=o.status, pdf=readable_name(Path(o.pdf).name),
                       reason=o.reason, seconds=o.seconds, rerun=o.rerun)
    if o.notebook and Path(o.notebook).exists():
        entry.notebook = Path(o.notebook).relative_to(reports_root).as_posix()
    if o.status != "failed":
        entry.report = Path(o.html).relative_to(reports_root).as_posix() if o.html else ""
        annotated = Path(o.html).with_suffix(".annotated.pdf") if o.html else None
        if annotated is not None and annotated.exists():
            entry.annotated = annotated.relative_to(reports_root).as_posix()
        if o.out_dir and o.published and Path(o.out_dir, "meta.json").exists():
            meta = json.loads(Path(o.out_dir, "meta.json").read_text(encoding="utf-8"))
            entry.department = str(o.published["figures"].get("department") or entry.department)
            entry.figures = o.published["figures"]
            entry.failures = o.published["failures"]
            entry.review = list(meta.get("review") or [])
        elif o.out_dir and Path(o.out_dir).exists():
            data = load_department(Path(o.out_dir))
            entry.department = data.department
            entry.figures = key_figures(data)
            entry.failures = failures(data.checks).to_dict("records")
            entry.review = list(data.meta.get("review") or [])  # why to look again (meta.json; [] when older)
    return entry


def index_entries(outcomes: Iterable[Outcome], reports_root: Path) -> list:
    """Index lines for every outcome, read on the workers where they could be."""
    return [o.entry[1] if o.entry and o.entry[0] == str(reports_root) else index_entry(o, reports_root)
            for o in outcomes]


def write_index(outcomes: list[Outcome], reports_root: Path) -> Path:
    return _write(index_entries(outcomes, reports_root), reports_root / "index.html")

"""Which departments to run: a folder of PDFs, one PDF, or config/departments.yml → one Job each.

Also the record of what came of a job (Outcome), which travels back from the Dask workers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..config import CONFIG_DIR, NOTEBOOKS_DIR, PROCESSED_DIR, PROJ_ROOT, RAW_DIR, REPORTS_DIR
from ..errors import readable_name
from ..outputs import department_dir

NOTEBOOK = NOTEBOOKS_DIR / "department_report.ipynb"
DEPARTMENTS_YML = CONFIG_DIR / "departments.yml"
CELL_TIMEOUT = 900  # seconds a department may run (any cell, and all together): a 500-page report finishes, a hung one does not block
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
    dataset: dict | None = None  # its rows written into the corpus dataset on the worker (manifest entry); not in run.json
    published: dict | None = None  # figures and failed checks its notebook published (index.published_line); worker only


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
    """Every *.pdf below source (case-insensitive, recursive, hidden files skipped), sorted.

    A name starting with '.' marks a hidden file: macOS's '._' copies that zip archives carry
    (not PDFs at all), editors' and downloaders' temporaries. They are not read, but not in
    silence either: `hidden_pdfs` lists them and `juesuan run` says so. A hidden file given by
    name is read.
    """
    if source.is_file():
        return [source]
    return sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"
                  and not _hidden(p, source))


def hidden_pdfs(source: Path) -> list[Path]:
    """The *.pdf files below source that find_pdfs leaves out because they or a folder are hidden."""
    if not source.is_dir():
        return []
    return sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf" and _hidden(p, source))


def _hidden(path: Path, source: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(source).parts)


def jobs_from_folder(source: Path, processed_root: Path, reports_root: Path) -> list[Job]:
    """One job per PDF; the file name stands in for the department until the PDF is read."""
    return _dedupe([_make_job(pdf, readable_name(pdf.stem), _year_of(pdf), processed_root, reports_root)
                    for pdf in find_pdfs(source)])


def jobs_from_yaml(path: Path, processed_root: Path, reports_root: Path) -> list[Job]:
    """config/departments.yml: a list of {pdf, department, year, parameters, timeout}.

    YAML, so a code like "001" stays a string; relative PDF paths are relative to the repository.
    """
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = doc.get("departments", []) if isinstance(doc, dict) else doc
    jobs = []
    for entry in entries or []:
        pdf = Path(str(entry["pdf"]))
        pdf = pdf if pdf.is_absolute() else PROJ_ROOT / pdf
        department = str(entry.get("department") or readable_name(pdf.stem))
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

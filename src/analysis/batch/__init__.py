"""Run the report notebook once per department, in parallel, on Dask; then write the index.

One department = one task = one papermill run of notebooks/department_report.ipynb. Tasks run on a
Dask LocalCluster (worker processes, bounded) or, given `--scheduler tcp://host:8786`, on an
existing cluster unchanged (workers must see the same paths). What makes it fast is a *warm*
kernel per worker process: papermill is handed a live kernel manager, so kernel start-up, imports
(pandas, matplotlib, pdfplumber) and the tabula JVM are paid once per worker, not per department;
the namespace is reset between departments.

Guarantees (issue 6): data/raw is only read; each output appears whole or not at all (papermill
writes to a temporary name that is renamed; HTML and index are written atomically); a failed
department keeps its executed notebook with papermill's error cell, is listed as failed with its
reason, and the batch goes on; a re-run skips departments whose outputs are complete and newer
than their PDF; parameters reach the notebook as data (papermill literals from YAML/paths); every
output path comes from a sanitised slug.

The steps, one module each, imports going down the list:
  startup   optional imports the batch's processes decline (seconds at every start, serving nothing)
  planning  which departments to run (a folder, a PDF, departments.yml) → Job; what came of one → Outcome
  resume    whether a department's outputs are complete and newer than its PDF
  kernel    the warm kernel of a worker process and the papermill engine that runs on it
  watchdog  a department's time limit in total
  index     reports/index.html from the outcomes and the tidy folders
  order     a department's later year starts after its earlier year (year-on-year checks)
  lock      one `juesuan run` at a time per output folder
  names     file names that are not UTF-8: the name the notebook reads, run.json's escapes
  stalls    what the client gives up waiting for, and why (a batch never waits forever)
  dispatch  departments onto Dask and outcomes back; a local cluster that lost every worker rebuilt
  run       one department on its worker (run_job), and the batch (run_batch)
"""

from __future__ import annotations

from . import startup  # noqa: F401 - first: before papermill and nbclient import jsonschema
from .index import index_entries, index_entry, write_index
from .kernel import KERNEL, WARM_ENGINE, WarmEngine
from .planning import CELL_TIMEOUT, DEPARTMENTS_YML, NOTEBOOK, Job, Outcome, find_pdfs, plan
from .resume import find_out_dir, is_complete
from .run import BatchResult, run_batch, run_department, run_job, run_outcomes, summary
from .watchdog import DepartmentTimeout

__all__ = [
    "CELL_TIMEOUT", "DEPARTMENTS_YML", "KERNEL", "NOTEBOOK", "WARM_ENGINE", "BatchResult", "DepartmentTimeout", "Job",
    "Outcome", "WarmEngine", "find_out_dir", "find_pdfs", "index_entries", "index_entry", "is_complete", "plan",
    "run_batch", "run_department", "run_job", "run_outcomes", "summary", "write_index",
]

"""Reconciliation: every check a reviewer does by hand, with a verdict for each.

    checks = run_checks(cells, tables, narrative, performance, text_pages=None)
    summarise(checks)   # counts by category and status

The checks are data (`REGISTRY`, built by the modules below: table, hierarchy, cross-table,
narrative, performance, text); the verdict policy is in `verdict`. A check whose inputs are
missing says `insufficient_data` and one that does not apply `not_applicable`: never a silent pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..catalogue import CHECK_STATUSES, CHECKS_COLUMNS, UNREAD_COLUMNS, conform, empty_frame
from . import (  # noqa: F401 (register)
    claim_checks,
    cross_checks,
    narrative_checks,
    performance_checks,
    reading_checks,
    table_checks,
    text_checks,
)
from . import year_on_year  # noqa: F401 (register: needs the previous year's report, see run_checks)
from .frames import Inputs
from .ocr_proof import Proof, has_ocr, prove
from .registry import CATEGORIES, REGISTRY, CheckSpec, Finding, findings_frame, register
from .rootcause import fold_consequences
from .verdict import Outcome

__all__ = ["CATEGORIES", "REGISTRY", "CheckSpec", "Finding", "Inputs", "Outcome", "catalogue", "fact_sources", "inputs_of",
           "register", "run_checks", "summarise"]


def run_checks(cells: pd.DataFrame, tables: pd.DataFrame, narrative: pd.DataFrame | None = None,
               performance: pd.DataFrame | None = None, text_pages: list[tuple[int, str]] | None = None,
               specs: Iterable[CheckSpec] | None = None, unread: pd.DataFrame | None = None,
               reading: pd.DataFrame | None = None, uncovered: pd.DataFrame | None = None,
               evidence: list | None = None, previous: Inputs | None = None,
               ocr_pages: Mapping[int, str] | None = None, proof: list[Proof] | None = None) -> pd.DataFrame:
    """All checks on one department's tidy frames → checks.csv rows (CHECKS_COLUMNS).

    `text_pages` is [(page, text)] for the text-quality checks; without it they say
    insufficient_data. `specs` runs a subset (or a region's own list) instead of the registry.
    `unread` is the reader's unread.csv (numbers printed but not read); a check reading a table
    with `unexplained` numbers says insufficient_data. A subtotal slip's downstream breaks are
    folded into it (`rootcause`).
    `reading` (reading.csv) and `uncovered` (uncovered.csv) feed the checks that every printed
    number was read: without them those say insufficient_data.
    With `evidence` (a list), what each finding read is appended to it (`evidence.resolve` turns
    it into evidence.csv rows).
    `previous` is the same department's report of the year before (`inputs_of`), for the
    year-on-year checks; without it they say not_applicable.
    When cells were read by OCR (`source` = ocr), the findings prove them (`ocr_proof`): a fail
    resting on a reading that another reading of the image would overturn becomes
    insufficient_data; with `proof` (a list), the Proof (each OCR cell's verdict) is appended.
    `ocr_pages` ({page: reason}) marks the narrative facts read by OCR when narrative has no `source`.
    """
    inputs = Inputs(
        cells=cells if cells is not None else pd.DataFrame(),
        tables=tables if tables is not None else pd.DataFrame(),
        narrative=narrative if narrative is not None else pd.DataFrame(),
        performance=performance if performance is not None else pd.DataFrame(),
        text_pages=list(text_pages) if text_pages is not None else None,
        unread=conform(unread, UNREAD_COLUMNS) if unread is not None else empty_frame(UNREAD_COLUMNS),
        reading=reading,
        uncovered=uncovered,
        previous=previous,
    )
    sources = fact_sources(inputs.narrative, ocr_pages)
    ocr = has_ocr(inputs.cells) or "ocr" in sources or bool(ocr_pages)
    reads: list | None = [] if evidence is not None or ocr else None
    origin: list[CheckSpec] = []
    frame = findings_frame(list(specs) if specs is not None else REGISTRY, inputs, reads, origin)
    if ocr:
        proved = prove(frame, reads or [], origin, inputs, sources, ocr_pages or {})
        frame = proved.checks
        if proof is not None:
            proof.append(proved)
    if evidence is not None:
        evidence.extend(reads or [])
    out = fold_consequences(frame)
    return conform(out, CHECKS_COLUMNS).reset_index(drop=True)


def fact_sources(narrative: pd.DataFrame, ocr_pages: Mapping[int, str] | None) -> list[str]:
    """text / ocr for each narrative fact: its own `source`, else whether its page was read by OCR."""
    if narrative is None or not len(narrative):
        return []
    if "source" in narrative and narrative["source"].astype("string").fillna("").str.len().gt(0).all():
        return narrative["source"].astype("string").str.lower().tolist()
    pages = {int(p) for p in (ocr_pages or {})}
    page = pd.to_numeric(narrative["page"], errors="coerce") if "page" in narrative else pd.Series(float("nan"), index=narrative.index)
    return ["ocr" if p == p and int(p) in pages else "text" for p in page]


def inputs_of(cells: pd.DataFrame, tables: pd.DataFrame, narrative: pd.DataFrame, performance: pd.DataFrame,
              label: str = "") -> Inputs:
    """A report's frames as the checks read them: what `previous` takes (the year before's report)."""
    return Inputs(cells=cells, tables=tables, narrative=narrative, performance=performance, label=label)


def summarise(checks: pd.DataFrame) -> pd.DataFrame:
    """Counts by category (rows, in registry order, plus `all`) and status (columns, plus `total`)."""
    table = pd.crosstab(checks["category"], checks["status"]) if len(checks) else pd.DataFrame()
    table = table.reindex(index=[c for c in CATEGORIES if c in table.index], columns=CHECK_STATUSES, fill_value=0)
    table.loc["all"] = table.sum()
    table["total"] = table.sum(axis=1)
    table = table.astype(int).reset_index().rename(columns={"index": "category"})
    table.columns.name = None
    return table


def catalogue() -> pd.DataFrame:
    """The registered checks as a table (id, category, description, tables): what a run can say.

    A spec may yield several rows in checks.csv, one per subject: `<id>[<subject>]`.
    """
    return pd.DataFrame([{"check_id": s.id, "category": s.category, "label_zh": s.label_zh,
                          "description": s.description(), "tables": ";".join(s.tables)} for s in REGISTRY])

"""Checks as data: each check is a spec (id, category, bilingual description, tables, rule, params).

A rule is a function `(inputs, spec) -> iterable of Finding`; one spec can yield several findings,
one per subject (a code, a column, a narrative fact), each with its own stable check id
`<spec id>[<subject>]`. A region whose tables differ gets a new spec with other params, not a new
code path: register it with `register(CheckSpec(...))`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import pandas as pd

from ..catalogue import CHECKS_COLUMNS, conform, empty_frame
from ..labels import zh_subject
from .evidence import Ref, stepped
from .frames import Inputs
from .verdict import Outcome

CATEGORIES = ("table", "hierarchy", "cross_table", "narrative", "performance", "text", "year_on_year")


@dataclass(frozen=True)
class Finding:
    """One verdict of a spec about one subject (None = the spec's single finding)."""

    subject: str | None
    outcome: Outcome
    pages: str = ""
    label: str = ""  # appended to the description, e.g. the row's name
    check_id: str | None = None  # a full id, where the subject is not a bracketed suffix
    description: str | None = None  # a finding-specific description (narrative facts)
    tables: str | None = None  # the tables this finding read, where narrower than the spec's
    label_zh: str | None = None  # a finding-specific Chinese label, where the spec's is too general


Rule = Callable[[Inputs, "CheckSpec"], Iterable[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    """A check: `label_zh` is what a reader sees (the report, the index); `en` stays in the data
    (checks.csv's description joins both, as before)."""

    id: str
    category: str
    label_zh: str
    en: str
    tables: tuple[str, ...]
    rule: Rule
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def zh(self) -> str:  # the field's earlier name
        return self.label_zh

    def description(self, label: str = "") -> str:
        tail = f"（{label}）" if label else ""
        return f"{self.label_zh}{tail} / {self.en}{f' ({label})' if label else ''}"

    def reader_label(self, label: str = "") -> str:
        """The Chinese label of one finding: the spec's, with the row or subject it is about."""
        return f"{self.label_zh}（{label}）" if label else self.label_zh


REGISTRY: list[CheckSpec] = []


def register(spec: CheckSpec) -> CheckSpec:
    """Add a spec; ids are unique so a check id means one thing across runs and regions."""
    if spec.category not in CATEGORIES:
        raise ValueError(f"{spec.id}: unknown category {spec.category!r}")
    if any(s.id == spec.id for s in REGISTRY):
        raise ValueError(f"{spec.id}: a check with this id is already registered")
    REGISTRY.append(spec)
    return spec


def _num(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def _nothing(spec: CheckSpec, inputs: Inputs) -> Finding:
    """The row of a spec that found nothing to judge: every spec says something, never silence."""
    unread = [t for t in spec.tables if inputs.status(t) == "extracted" and not inputs.rows(t)]
    if unread:
        return Finding(None, Outcome("insufficient_data", detail=f"no cells read from {', '.join(unread)}"))
    return Finding(None, Outcome("not_applicable", detail="nothing printed that this check applies to"))


def _unaccounted(f: Finding, spec: CheckSpec, inputs: Inputs) -> Finding:
    """A judged finding whose tables hold numbers no reading explains says insufficient_data:
    the figure it lacks may be one of them, so a misread must not become a finding. Findings that
    compare no figures (a table's presence, a name, a disclosure) are not affected."""
    if f.outcome.status not in ("pass", "warn", "fail") or (f.outcome.expected is None and f.outcome.actual is None):
        return f
    tables = [t for t in (f.tables.split(";") if f.tables else spec.tables) if t]
    unread = [(t, hits) for t in dict.fromkeys(tables) if (hits := inputs.unexplained(t))]
    if not unread:
        return f
    shown = "; ".join(f"{t}: " + ", ".join(f"“{text}” (page {page})" for page, text in hits[:3]) +
                      (f" and {len(hits) - 3} more" if len(hits) > 3 else "") for t, hits in unread)
    o = f.outcome
    detail = f"numbers printed but not read, so the check cannot be trusted ({shown}); it would say {o.status}"
    return replace(f, outcome=Outcome("insufficient_data", o.expected, o.actual, o.tolerance,
                                      f"{detail}: {o.detail}" if o.detail else detail))


def _disputed(f: Finding, refs: list[Ref], inputs: Inputs) -> Finding:
    """A verdict built on a cell the two grid engines read differently says insufficient_data:
    which reading is right is not known, so neither may become a finding (the cells are named)."""
    if f.outcome.status not in ("pass", "warn", "fail"):
        return f
    cells = list(dict.fromkeys(d for r in refs if (d := inputs.dispute(r))))
    if not cells:
        return f
    shown = "; ".join(cells[:3]) + (f" and {len(cells) - 3} more" if len(cells) > 3 else "")
    o = f.outcome
    detail = f"the two table readers disagree on cells it reads ({shown}); it would say {o.status}"
    return replace(f, outcome=Outcome("insufficient_data", o.expected, o.actual, o.tolerance,
                                      f"{detail}: {o.detail}" if o.detail else detail))


def findings_frame(specs: Iterable[CheckSpec], inputs: Inputs,
                   evidence: list[tuple[str, Ref]] | None = None, origin: list[CheckSpec] | None = None) -> pd.DataFrame:
    """Run the specs and lay their findings out in the checks.csv columns.

    With `evidence` (a list), each finding's reads are appended to it as (check_id, Ref); with
    `origin`, the spec of each row (so a finding can be re-run alone: `ocr_proof`).
    """
    rows: list[dict] = []
    reads: list[list[Ref]] = []
    for spec in specs:
        found = list(stepped(spec.rule(inputs, spec))) or [(_nothing(spec, inputs), [])]
        for f, refs in found:
            f = _disputed(_unaccounted(f, spec, inputs), refs, inputs)
            reads.append(refs)
            if origin is not None:
                origin.append(spec)
            o = f.outcome
            rows.append({
                "check_id": f.check_id or (spec.id if f.subject is None else f"{spec.id}[{f.subject}]"),
                "category": spec.category,
                "description": f.description or spec.description(f.label),
                "expected": _num(o.expected),
                "actual": _num(o.actual),
                "difference": _num(o.difference),
                "tolerance": _num(o.tolerance),
                "status": o.status,
                "tables": f.tables if f.tables is not None else ";".join(spec.tables),
                "pages": f.pages or inputs.pages(*spec.tables),
                "detail": o.detail,
                "label_zh": f.label_zh or spec.reader_label(zh_subject(f.label)),
            })
    if not rows:
        return empty_frame(CHECKS_COLUMNS)
    out = pd.DataFrame(rows)
    # two printed rows with the same label (a 一般公共预算财政拨款 line and carry-over part): number them
    nth = out.groupby("check_id").cumcount()
    out.loc[nth > 0, "check_id"] = out["check_id"] + "#" + (nth + 1).astype(str)
    if evidence is not None:
        evidence.extend((check_id, ref) for check_id, refs in zip(out["check_id"], reads) for ref in refs)
    return conform(out, CHECKS_COLUMNS)

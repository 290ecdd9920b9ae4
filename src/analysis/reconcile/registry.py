"""Checks as data: each check is a spec (id, category, bilingual description, tables, rule, params).

A rule is a function `(inputs, spec) -> iterable of Finding`; one spec can yield several findings,
one per subject (a code, a column, a narrative fact), each with its own stable check id
`<spec id>[<subject>]`. A region whose tables differ gets a new spec with other params, not a new
code path: register it with `register(CheckSpec(...))`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from ..catalogue import CHECKS_COLUMNS, conform, empty_frame
from .frames import Inputs
from .verdict import Outcome

CATEGORIES = ("table", "hierarchy", "cross_table", "narrative", "performance", "text")


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


Rule = Callable[[Inputs, "CheckSpec"], Iterable[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    id: str
    category: str
    zh: str
    en: str
    tables: tuple[str, ...]
    rule: Rule
    params: Mapping[str, Any] = field(default_factory=dict)

    def description(self, label: str = "") -> str:
        tail = f"（{label}）" if label else ""
        return f"{self.zh}{tail} / {self.en}{f' ({label})' if label else ''}"


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


def findings_frame(specs: Iterable[CheckSpec], inputs: Inputs) -> pd.DataFrame:
    """Run the specs and lay their findings out in the checks.csv columns."""
    rows: list[dict] = []
    for spec in specs:
        for f in list(spec.rule(inputs, spec)) or [_nothing(spec, inputs)]:
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
            })
    if not rows:
        return empty_frame(CHECKS_COLUMNS)
    out = pd.DataFrame(rows)
    # two printed rows with the same label (a 一般公共预算财政拨款 line and carry-over part): number them
    nth = out.groupby("check_id").cumcount()
    out.loc[nth > 0, "check_id"] = out["check_id"] + "#" + (nth + 1).astype(str)
    return conform(out, CHECKS_COLUMNS)

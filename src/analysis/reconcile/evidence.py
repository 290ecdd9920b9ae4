"""What each finding read: the printed cells, narrative facts and text it compared.

A reviewer shown `expected=236.64 actual=236.63` must find the figures on the page; the report
shows them, boxed, beside the finding. Rather than each rule listing its inputs (and a new rule
forgetting to), the inputs note themselves when read: `Row.get` notes the cell, the narrative
rules note the facts, the text rules the words. `findings_frame` runs each rule one finding at
a time and gives a finding what was read since the one before it, so a rule that judges row by
row gets exactly that row's figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import pandas as pd

from ..catalogue import EVIDENCE_COLUMNS


@dataclass(frozen=True)
class Ref:
    """One thing a finding read. kind: cell (table/side/code/item/row_no/column), fact (its row in
    narrative.csv), text (a page and the words), form (a 自评表 figure on a page, by its printed form)."""

    kind: str
    table: str = ""
    side: str = ""
    code: str = ""
    item: str = ""
    row_no: str = ""
    column: str = ""
    fact: int = -1
    page: int = 0
    text: str = ""  # the words around it (a fact's sentence, a slip's context)
    needle: str = ""  # the words to box within them (a slip itself)



_reads: ContextVar[list[Ref] | None] = ContextVar("juesuan_evidence_reads", default=None)


def note(ref: Ref) -> None:
    """Record a read, when a finding is being collected (a no-op otherwise: cheap)."""
    reads = _reads.get()
    if reads is not None:
        reads.append(ref)


@contextmanager
def recording() -> Iterator[list[Ref]]:
    reads: list[Ref] = []
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def stepped(findings) -> Iterator[tuple[object, list[Ref]]]:
    """(finding, what was read while computing it) for each finding of a rule's generator."""
    it = iter(findings)
    while True:
        with recording() as reads:
            try:
                finding = next(it)
            except StopIteration:
                return
        yield finding, list(dict.fromkeys(reads))


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip().removesuffix(".0")


def resolve(refs: list[tuple[str, Ref]], cells: pd.DataFrame, narrative: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows (EVIDENCE_COLUMNS): each cell with its printed text and box on the page, each
    fact with its page and sentence, each text read with its page."""
    import re

    index: dict[tuple, dict] = {}
    if cells is not None and len(cells) and "table" in cells:
        for rec in cells.to_dict("records"):
            code = re.sub(r"\D", "", _text(rec.get("code")))
            key = (_text(rec.get("table")), _text(rec.get("side")), code, _text(rec.get("item")),
                   _text(rec.get("row_no")), _text(rec.get("column")))
            index.setdefault(key, rec)
    facts = narrative.to_dict("records") if narrative is not None and len(narrative) else []
    rows = []
    for check_id, ref in refs:
        row = {"check_id": check_id, "kind": ref.kind, "table": ref.table, "side": ref.side, "code": ref.code,
               "item": ref.item, "row_no": ref.row_no, "column": ref.column, "fact": None, "text": ref.text, "needle": ref.needle,
               "page": ref.page or None}
        if ref.kind == "cell":
            rec = index.get((ref.table, ref.side, ref.code, ref.item, ref.row_no, ref.column))
            if rec is None:
                continue  # read but not printed (a blank cell): nothing to show on the page
            row.update(value=rec.get("value"), printed=_text(rec.get("printed")), page=rec.get("page"),
                       x0=rec.get("x0"), top=rec.get("top"), x1=rec.get("x1"), bottom=rec.get("bottom"))
        elif ref.kind == "fact":
            if not 0 <= ref.fact < len(facts):
                continue
            rec = facts[ref.fact]
            row.update(fact=ref.fact, value=rec.get("value"), printed=_text(rec.get("fact")),
                       page=rec.get("page"), text=_text(rec.get("sentence")))
        rows.append(row)
    out = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return out.drop_duplicates(subset=[c for c in EVIDENCE_COLUMNS if c != "check_id"] + ["check_id"])

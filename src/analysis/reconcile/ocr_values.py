"""The values of one department that were read by OCR: table cells and the text's figures.

Why a module of its own: the proof (`ocr_proof`) reasons about "a value read from the image" —
its identity as the checks' evidence names it, its printed text, its confidence, the department
with that one value read otherwise — whether it is a cell of cells.csv or a figure of
narrative.csv, and the verdict columns written back to those files are the same for both.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from ..domain import WANYUAN_PER_UNIT, parse_amount
from ..labels import column_zh, table_zh
from .evidence import Ref
from .frames import Inputs
from .narrative_checks.facts import printing_of
from .ocr_alternatives import Reading
from .verdict import dec

LOW_CONFIDENCE = 0.9  # an engine's own doubt: below it a broken value is suspect even without an alternative
CONFIRMED, POSSIBLE, UNCONFIRMED = "confirmed", "possible_misreading", "unconfirmed"
OCR_CHECKS = (CONFIRMED, POSSIBLE, UNCONFIRMED)
VERDICT_COLUMNS = ("ocr_check", "alternative")

Key = tuple[str, str, str, str, str, str]  # a cell: table, side, code, item, 行次, column; a fact: ("#fact", row, …)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip().removesuffix(".0")


def cell_key(rec: dict) -> Key:
    """A cell's identity as the checks' evidence names it (table, side, code digits, item, 行次, column)."""
    code = re.sub(r"\D", "", _text(rec.get("code")))
    return (_text(rec.get("table")), _text(rec.get("side")), code, _text(rec.get("item")),
            _text(rec.get("row_no")), _text(rec.get("column")))


def fact_key(position: int) -> Key:
    return ("#fact", str(position), "", "", "", "")


def ref_key(ref: Ref) -> Key | None:
    """The value a read names: a cell, or a fact by its row; None for words of the text."""
    if ref.kind == "cell":
        return (ref.table, ref.side, ref.code, ref.item, ref.row_no, ref.column)
    if ref.kind == "fact":
        return fact_key(ref.fact)
    return None


def reads_of(refs: Sequence[tuple[str, Ref]]) -> dict[str, set[Key]]:
    """check id → the values its finding read."""
    out: dict[str, set[Key]] = defaultdict(set)
    for check_id, ref in refs:
        if (key := ref_key(ref)) is not None:
            out[check_id].add(key)
    return out


def ocr_mask(frame: pd.DataFrame | None) -> pd.Series:
    """True for the rows read from a page image (`source` = ocr)."""
    if frame is None or not len(frame) or "source" not in frame:
        return pd.Series(False, index=getattr(frame, "index", None), dtype=bool)
    return frame["source"].astype("string").fillna("").str.strip().str.lower().eq("ocr")


def has_ocr(cells: pd.DataFrame | None) -> bool:
    return cells is not None and bool(ocr_mask(cells).any())


@dataclass
class OcrValue:
    """One value read by OCR being proved: where it is, what it reads, which findings read it."""

    index: object  # its row label in cells (or narrative)
    key: Key
    printed: str
    value: float
    confidence: float | None
    page: int | None
    factor: object = WANYUAN_PER_UNIT["万元"]  # the value per printed unit (万元 for a cell; 1 for a fact)
    kind: str = "cell"
    span: tuple[int, int] | None = None  # a fact: where its sentence prints it
    rows: dict[str, str] = field(default_factory=dict)  # check id → status, of the findings that read it
    alternative: Reading | None = None
    explains: set[str] = field(default_factory=set)  # the findings its alternative closes
    verdict: str = UNCONFIRMED

    @property
    def broken(self) -> list[str]:
        """The failed findings that read this value."""
        return [c for c, s in self.rows.items() if s == "fail"]

    @property
    def warned(self) -> list[str]:
        """The warned findings that read this value (a gap inside the rounding envelope)."""
        return [c for c, s in self.rows.items() if s == "warn"]

    @property
    def low_confidence(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE

    def english(self) -> str:
        conf = f", confidence {self.confidence:.2f}" if self.confidence is not None else ""
        if self.kind == "fact":
            return f"the text's figure on page {self.page} read by OCR as '{self.printed}'{conf}"
        table, side, code, item, _, column = self.key
        where = "/".join(x for x in (table, side) if x)
        return f"{where} {code or item} {column} on page {self.page} read by OCR as '{self.printed}'{conf}"

    def chinese(self) -> str:
        if self.kind == "fact":
            return f"第 {self.page} 页说明中的数字"
        table, _, code, item, _, column = self.key
        name = " ".join(x for x in (code, item) if x)
        return f"第 {self.page} 页{table_zh(table)}{f'“{name}”' if name else ''}{column_zh(column)}"


def _number(value: object) -> float | None:
    v = pd.to_numeric(value, errors="coerce")
    return None if v != v or v is None else float(v)


def ocr_values(inputs: Inputs, fact_sources: Sequence[str] = ()) -> list[OcrValue]:
    """The OCR cells (with a value) and the OCR figures of the text (found in their sentence)."""
    out = []
    cells = inputs.cells
    for idx, rec in cells[ocr_mask(cells)].iterrows():
        rec = rec.to_dict()
        factor = WANYUAN_PER_UNIT.get(inputs.unit(_text(rec.get("table"))), WANYUAN_PER_UNIT["万元"])
        value = _number(rec.get("value"))
        if value is None:
            continue
        printed = _text(rec.get("printed"))
        if parse_amount(printed) is None:
            printed = f"{dec(value) / factor:.2f}"  # type: ignore[operator]
        page = _number(rec.get("page"))
        out.append(OcrValue(idx, cell_key(rec), printed, value, _number(rec.get("confidence")),
                            None if page is None else int(page), factor))
    narrative = inputs.narrative
    for pos, source in enumerate(fact_sources):
        if source != "ocr" or narrative is None or pos >= len(narrative):
            continue
        rec = narrative.iloc[pos].to_dict()
        value = _number(rec.get("value"))
        hit = printing_of(_text(rec.get("sentence")), dec(value)) if value is not None else None  # type: ignore[arg-type]
        if hit is None:
            continue  # a figure its sentence does not print as such: nothing to read otherwise
        page = _number(rec.get("page"))
        out.append(OcrValue(narrative.index[pos], fact_key(pos), hit.group(0), value, _number(rec.get("confidence")),
                            None if page is None else int(page), 1, "fact", hit.span()))
    return out


def inputs_with(inputs: Inputs, v: OcrValue, reading: Reading) -> Inputs:
    """The same department with one value read otherwise: its row patched, nothing else rebuilt."""
    value = reading.number * v.factor  # type: ignore[operator]
    cache = dict(inputs.cache)
    if v.kind == "fact":
        narrative = inputs.narrative.copy()
        sentence = _text(narrative.at[v.index, "sentence"])
        a, b = v.span or (0, 0)
        narrative.at[v.index, "value"] = float(value)
        narrative.at[v.index, "sentence"] = sentence[:a] + reading.text + sentence[b:]
        cache.pop("facts", None)  # parsed again from the patched frame
        return replace(inputs, narrative=narrative, _rows=inputs._rows, cache=cache)
    cells = inputs.cells.copy()
    cells.loc[v.index, "value"] = float(value)
    if "printed" in cells:
        cells.loc[v.index, "printed"] = reading.text
    table, side, code, item, row_no, column = v.key
    rows = dict(inputs._rows)
    rows[table] = [replace(r, values={**r.values, column: value})
                   if (r.side, r.code, r.item, r.row_no) == (side, code, item, row_no) and column in r.values else r
                   for r in rows.get(table, [])]
    cache["table_half"] = {t: h for t, h in dict(cache.get("table_half") or {}).items() if t != table}  # type: ignore[call-overload]
    return replace(inputs, cells=cells, _rows=rows, cache=cache)


@dataclass
class Proof:
    """What the arithmetic said: the checks with OCR doubts applied, and each OCR value's verdict."""

    checks: pd.DataFrame
    values: list[OcrValue]

    @property
    def cells(self) -> list[OcrValue]:
        return [v for v in self.values if v.kind == "cell"]

    def verdicts(self, kind: str = "cell") -> pd.DataFrame:
        """ocr_check and alternative of each OCR value of a kind, indexed like its frame."""
        vs = [v for v in self.values if v.kind == kind]
        return pd.DataFrame({"ocr_check": [v.verdict for v in vs],
                             "alternative": [v.alternative.text if v.alternative else "" for v in vs]},
                            index=[v.index for v in vs], dtype=object)


def with_verdicts(frame: pd.DataFrame, proof: Proof | None, kind: str = "cell") -> pd.DataFrame:
    """cells (or narrative, kind "fact") with `ocr_check` and `alternative` filled for their OCR rows."""
    out = frame.copy()
    for col in VERDICT_COLUMNS:
        out[col] = ""
    if proof is not None:
        v = proof.verdicts(kind)
        if len(v):
            out.loc[v.index, "ocr_check"] = v["ocr_check"]
            out.loc[v.index, "alternative"] = v["alternative"]
    return out

"""The report's own arithmetic proves (or questions) every value read by OCR.

Why: a figure read from a page image can be wrong where a text layer cannot, and a misread digit
must not become an accusation. A 决算 report states most figures more than once — totals, 类 = Σ款
= Σ项, the same figure in several tables, the text against the tables — so the checks that already
run are the proof: each finding notes the cells it read (`evidence`), and an OCR cell whose every
finding passes is `confirmed`. A cell in a broken identity is tried in its other readings
(`ocr_alternatives`: 1↔7, 3↔8, a lost decimal point …): a reading that closes every identity it is
in, found by re-running just those checks, is its `alternative`, and the cell a
`possible_misreading` — so is a broken cell the engine itself read with low confidence. A `fail`
resting on such a cell is not raised: it becomes `insufficient_data`, saying which reading would
close it; a fail that stands with every alternative tried is a real inconsistency and stays.

Pure DataFrame functions; `run_checks` calls `prove` when the cells hold OCR readings.
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
from .ocr_alternatives import DIGIT, POINT, Reading, alternatives
from .registry import CheckSpec, findings_frame
from .verdict import dec

LOW_CONFIDENCE = 0.9  # an engine's own doubt: below it a broken cell is suspect even without an alternative
CONFIRMED, POSSIBLE, UNCONFIRMED = "confirmed", "possible_misreading", "unconfirmed"
OCR_CHECKS = (CONFIRMED, POSSIBLE, UNCONFIRMED)
MISREAD_ZH = "OCR 读数可能有误"
DOUBT = "OCR reading may be wrong"  # how a finding resting on a doubtful reading begins its detail
JUDGED, BROKEN = ("pass", "warn", "fail"), ("warn", "fail")
# A warn is a gap inside the rounding envelope: the figures agree as printed, so it confirms; only a
# fail is a break a misreading may explain.
CLOSED = ("pass", "warn")
MAX_RERUNS = 400  # a department's budget of re-run checks (a page read badly everywhere stops here)
_SECOND_STAGE = 30  # readings tried per cell when a fail states no gap in its terms (digit, decimal point)
_EXACT = 1e-6  # a reading that closes a sum changes the cell by exactly the sum's gap
# A warn's gap worth a second look: rounding slips are a cent or two; the last digit misread
# (3↔8, 1↔7, 0↔6/8/9, 2↔7) moves a figure by 0.05–0.09. 5↔6 (0.01) is left to rounding.
WARN_GAP = 0.025

Key = tuple[str, str, str, str, str, str]


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip().removesuffix(".0")


def cell_key(rec: dict) -> Key:
    """A cell's identity as the checks' evidence names it (table, side, code digits, item, 行次, column)."""
    code = re.sub(r"\D", "", _text(rec.get("code")))
    return (_text(rec.get("table")), _text(rec.get("side")), code, _text(rec.get("item")),
            _text(rec.get("row_no")), _text(rec.get("column")))


def _ref_key(ref: Ref) -> Key:
    return (ref.table, ref.side, ref.code, ref.item, ref.row_no, ref.column)


def ocr_mask(cells: pd.DataFrame) -> pd.Series:
    """True for the cells read from a page image (`source` = ocr)."""
    if cells is None or not len(cells) or "source" not in cells:
        return pd.Series(False, index=getattr(cells, "index", None), dtype=bool)
    return cells["source"].astype("string").fillna("").str.strip().str.lower().eq("ocr")


def has_ocr(cells: pd.DataFrame | None) -> bool:
    return cells is not None and bool(ocr_mask(cells).any())


@dataclass
class OcrCell:
    """One OCR cell being proved: where it is in the cells frame, what it reads, what closes it."""

    index: object
    key: Key
    printed: str
    value: float
    confidence: float | None
    page: int | None
    factor: object  # 万元 per printed unit
    rows: dict[str, str] = field(default_factory=dict)  # check id → status, of the findings that read it
    alternative: Reading | None = None
    explains: set[str] = field(default_factory=set)  # broken findings its alternative closes
    verdict: str = UNCONFIRMED

    @property
    def broken(self) -> list[str]:
        """The failed findings that read this cell."""
        return [c for c, s in self.rows.items() if s == "fail"]

    @property
    def warned(self) -> list[str]:
        """The warned findings that read this cell (a gap inside the rounding envelope)."""
        return [c for c, s in self.rows.items() if s == "warn"]

    @property
    def low_confidence(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE

    def english(self) -> str:
        table, side, code, item, _, column = self.key
        where = "/".join(x for x in (table, side) if x)
        conf = f", confidence {self.confidence:.2f}" if self.confidence is not None else ""
        return f"{where} {code or item} {column} on page {self.page} read by OCR as '{self.printed}'{conf}"

    def chinese(self) -> str:
        table, _, code, item, _, column = self.key
        name = " ".join(x for x in (code, item) if x)
        return f"第 {self.page} 页{table_zh(table)}{f'“{name}”' if name else ''}{column_zh(column)}"


@dataclass
class Proof:
    """What the arithmetic said: the checks with OCR doubts applied, and each OCR cell's verdict."""

    checks: pd.DataFrame
    cells: list[OcrCell]

    def verdicts(self) -> pd.DataFrame:
        """ocr_check and alternative for each OCR cell, indexed like the cells frame."""
        return pd.DataFrame({"ocr_check": [c.verdict for c in self.cells],
                             "alternative": [c.alternative.text if c.alternative else "" for c in self.cells]},
                            index=[c.index for c in self.cells], dtype=object)


def doubted(checks: pd.DataFrame) -> pd.Series:
    """True for the findings that rest on an OCR reading the arithmetic doubts (shown, with their
    crops, beside the fails and warns: a second look at the image settles them)."""
    if checks is None or not len(checks) or "detail" not in checks:
        return pd.Series(False, index=getattr(checks, "index", None), dtype=bool)
    return checks["detail"].astype("string").fillna("").str.startswith(DOUBT)


def with_verdicts(cells: pd.DataFrame, proof: Proof | None) -> pd.DataFrame:
    """The cells frame with `ocr_check` and `alternative` filled for its OCR cells (text cells stay empty)."""
    out = cells.copy()
    for col in ("ocr_check", "alternative"):
        out[col] = ""
    if proof is not None and proof.cells:
        v = proof.verdicts()
        out.loc[v.index, "ocr_check"] = v["ocr_check"]
        out.loc[v.index, "alternative"] = v["alternative"]
    return out


# ---------------------------------------------------------------- the proof


def _printed_of(rec: dict, factor: object) -> str:
    printed = _text(rec.get("printed"))
    if parse_amount(printed) is not None:
        return printed
    d = dec(rec.get("value"))
    return "" if d is None else f"{d / factor:.2f}"  # type: ignore[operator]


def _ocr_cells(inputs: Inputs) -> list[OcrCell]:
    cells = inputs.cells
    out = []
    for idx, rec in cells[ocr_mask(cells)].iterrows():
        rec = rec.to_dict()
        factor = WANYUAN_PER_UNIT.get(inputs.unit(_text(rec.get("table"))), WANYUAN_PER_UNIT["万元"])
        conf = pd.to_numeric(rec.get("confidence"), errors="coerce")
        page = pd.to_numeric(rec.get("page"), errors="coerce")
        value = pd.to_numeric(rec.get("value"), errors="coerce")
        if value != value:
            continue
        out.append(OcrCell(idx, cell_key(rec), _printed_of(rec, factor), float(value),
                           None if conf != conf else float(conf), None if page != page else int(page), factor))
    return out


def _reads(refs: Sequence[tuple[str, Ref]]) -> dict[str, set[Key]]:
    out: dict[str, set[Key]] = defaultdict(set)
    for check_id, ref in refs:
        if ref.kind == "cell":
            out[check_id].add(_ref_key(ref))
    return out


class _Rerun:
    """Re-runs the checks an OCR cell is in with one of its values changed (a budget per department)."""

    def __init__(self, inputs: Inputs, spec_of: dict[str, CheckSpec], budget: int = MAX_RERUNS) -> None:
        self.inputs, self.spec_of, self.left = inputs, spec_of, budget
        inputs.rows("")  # the printed rows, built once: a re-run changes one value in them

    def _inputs_with(self, cell: OcrCell, reading: Reading) -> Inputs:
        """The same department with one cell read otherwise (rows patched, not rebuilt: it is cheap)."""
        value = reading.number * cell.factor  # type: ignore[operator]
        cells = self.inputs.cells.copy()
        cells.loc[cell.index, "value"] = float(value)
        if "printed" in cells:
            cells.loc[cell.index, "printed"] = reading.text
        table, side, code, item, row_no, column = cell.key
        rows = dict(self.inputs._rows)
        rows[table] = [replace(r, values={**r.values, column: value})
                       if (r.side, r.code, r.item, r.row_no) == (side, code, item, row_no) and column in r.values else r
                       for r in rows.get(table, [])]
        cache = dict(self.inputs.cache)
        cache["table_half"] = {t: h for t, h in dict(cache.get("table_half") or {}).items() if t != table}  # type: ignore[call-overload]
        return replace(self.inputs, cells=cells, _rows=rows, cache=cache)

    def closes(self, cell: OcrCell, reading: Reading, before: dict[str, str], target: set[str]) -> bool:
        """Whether this reading makes every `target` finding pass exactly, fails no finding that
        reads the cell, and turns no finding that held into a warn or a fail. Exactly: a reading
        that only brings a sum inside the rounding envelope (17.40 → 17.49 for 17.50) is a guess."""
        if self.left <= 0 or not target:
            return False
        self.left -= 1
        specs = list({self.spec_of[c].id: self.spec_of[c] for c in cell.rows if c in self.spec_of}.values())
        refs: list[tuple[str, Ref]] = []
        frame = findings_frame(specs, self._inputs_with(cell, reading), refs)
        after = dict(zip(frame["check_id"], frame["status"]))
        reads = _reads(refs)
        for cid, status in after.items():
            was = before.get(cid)
            if cell.key in reads.get(cid, ()) and status == "fail":
                return False
            if was in CLOSED and status == "fail" or was == "pass" and status == "warn":
                return False
        return all(after.get(cid) == "pass" for cid in target)


def _candidates(cell: OcrCell, gaps: dict[str, float], matching_gap: bool) -> list[tuple[Reading, set[str]]]:
    """Readings to try, each with the findings it must close. First round: the readings whose change
    is exactly a finding's gap (every kind). Second round (a fail whose gap is a percentage or a
    text's figure): the digit and decimal-point kinds, capped, to close every fail the cell is in."""
    if not matching_gap:
        return [(r, set(cell.broken)) for r in alternatives(cell.printed, kinds=(DIGIT, POINT))][:_SECOND_STAGE]
    out = []
    for r in alternatives(cell.printed):
        change = abs(float(r.number * cell.factor) - cell.value)  # type: ignore[operator]
        if any(abs(change - g) <= _EXACT for g in gaps.values()):
            out.append((r, set(cell.broken) or {cid for cid, g in gaps.items() if abs(change - g) <= _EXACT}))
    return out


def _gapless(checks: pd.DataFrame) -> set[str]:
    """Failed findings whose gap may not be a cell's change: no difference stated, or one of
    another measure (a percentage, a text's figure) than the table cells it read."""
    fails = checks[checks["status"] == "fail"]
    other = ~fails["category"].isin(["table", "hierarchy", "cross_table"])
    return set(fails.loc[other | pd.to_numeric(fails["difference"], errors="coerce").isna(), "check_id"])


def _gaps(checks: pd.DataFrame, ids: list[str]) -> dict[str, float]:
    """|difference| of each of these findings that states one."""
    rows = checks[checks["check_id"].isin(ids)]
    diff = pd.to_numeric(rows["difference"], errors="coerce")
    return {cid: abs(float(d)) for cid, d in zip(rows["check_id"], diff) if d == d}


def prove(checks: pd.DataFrame, refs: Sequence[tuple[str, Ref]], origin: Sequence[CheckSpec], inputs: Inputs,
          fact_sources: Sequence[str] | None = None) -> Proof:
    """Each OCR cell judged by the findings that read it; findings resting on a doubtful reading
    say so (a fail becomes insufficient_data). `origin` is the spec of each checks row (same order);
    `fact_sources` the source (text / ocr) of each narrative fact, by its row."""
    cells = _ocr_cells(inputs)
    if not cells or checks is None or not len(checks):
        return Proof(checks, cells)
    status = dict(zip(checks["check_id"], checks["status"]))
    reads = _reads(refs)
    for cell in cells:
        cell.rows = {cid: status[cid] for cid, keys in reads.items() if cell.key in keys and status.get(cid) in JUDGED}
    rerun = _Rerun(inputs, dict(zip(checks["check_id"], origin)))
    # the cell in most failed findings first (a misread total breaks every sum it is in), the
    # engine's least sure first among equals; a fail another cell's reading closed is not searched again
    order = sorted((c for c in cells if c.broken), key=lambda c: (-len(c.broken), c.confidence or 1.0))
    explained: set[str] = set()
    gapless = _gapless(checks)
    for matching_gap in (True, False):
        for cell in order:
            if cell.alternative is not None or set(cell.broken) <= explained:
                continue
            if not matching_gap and not gapless & set(cell.broken):
                continue  # every fail it is in states its gap in this cell's own terms: the first round saw it
            explained |= _search(cell, _candidates(cell, _gaps(checks, cell.broken), matching_gap), rerun, status)
    # a warn too wide for rounding slips (a 3 read as 8 in the last digit hides in a long sum's envelope)
    for cell in sorted((c for c in cells if not c.broken and c.warned), key=lambda c: c.confidence or 1.0):
        gaps = {cid: g for cid, g in _gaps(checks, cell.warned).items() if g >= WARN_GAP and cid not in explained}
        if gaps:
            explained |= _search(cell, _candidates(cell, gaps, True), rerun, status)
    explained = {cid for c in cells for cid in c.explains}
    for cell in cells:
        if cell.alternative is not None:
            cell.verdict = POSSIBLE
        elif cell.rows and all(s in CLOSED or cid in explained for cid, s in cell.rows.items()):
            cell.verdict = CONFIRMED
        elif cell.broken and cell.low_confidence:
            cell.verdict = POSSIBLE
    return Proof(_apply(checks, cells, refs, fact_sources, rerun.left <= 0), cells)


def _search(cell: OcrCell, candidates: list[tuple[Reading, set[str]]], rerun: _Rerun, status: dict[str, str]) -> set[str]:
    """The first candidate reading that closes its findings becomes the cell's alternative."""
    for reading, target in candidates:
        if rerun.closes(cell, reading, status, target):
            cell.alternative, cell.explains = reading, target
            return target
    return set()


def _apply(checks: pd.DataFrame, cells: list[OcrCell], refs: Sequence[tuple[str, Ref]],
           fact_sources: Sequence[str] | None, exhausted: bool) -> pd.DataFrame:
    """Findings on doubtful readings say so; findings mixing OCR and text-layer figures say which is which."""
    out = checks.copy()
    reads = _reads(refs)
    refs_of: dict[str, list[Ref]] = defaultdict(list)
    for cid, ref in refs:
        refs_of[cid].append(ref)
    by_key = {c.key: c for c in cells}
    for i, row in out.iterrows():
        cid, status = row["check_id"], row["status"]
        ocr = [by_key[k] for k in reads.get(cid, ()) if k in by_key]
        if not ocr:
            continue
        doubtful = [c for c in ocr if c.verdict == POSSIBLE and (cid in c.explains or not c.alternative)]
        untried = exhausted and status == "fail" and any(c.broken and c.verdict != POSSIBLE for c in ocr)
        if status in BROKEN and (doubtful or untried):
            why = "; ".join(f"{c.english()}" + (f", read as '{c.alternative.text}' every identity it is in closes"
                                                 if c.alternative else ", low confidence")
                            for c in doubtful) or "not every OCR reading could be tried (budget spent)"
            out.at[i, "detail"] = f"{DOUBT}: {why}; it would say {status}: {row['detail']}"
            out.at[i, "label_zh"] = f"{row['label_zh']}（{MISREAD_ZH}：" + "；".join(
                c.chinese() + f"读作 {c.printed}" + (f"，可能为 {c.alternative.text}" if c.alternative else "，识别置信度低")
                for c in doubtful) + "）" if doubtful else f"{row['label_zh']}（{MISREAD_ZH}）"
            if status == "fail":
                out.at[i, "status"] = "insufficient_data"
            continue
        if status in BROKEN:
            out.at[i, "detail"] = (f"{row['detail']} [read by OCR: " + "; ".join(c.english() for c in ocr) +
                                   "; no other reading of them closes it]")
        mixed = _text_side(refs_of.get(cid, []), by_key, fact_sources)
        if mixed and status in JUDGED:
            ocr_pages = sorted({c.page for c in ocr if c.page})
            out.at[i, "detail"] = f"{out.at[i, 'detail']} [OCR: pages {ocr_pages}; text layer: {mixed}]"
            out.at[i, "label_zh"] = (f"{out.at[i, 'label_zh']}（第 {'、'.join(map(str, ocr_pages))} 页数字为 OCR 识别，"
                                     f"其余取自文字层）")
    return out


def _text_side(refs: list[Ref], by_key: dict[Key, OcrCell], fact_sources: Sequence[str] | None) -> str:
    """What a finding read from the text layer beside its OCR cells ('' when nothing): text-layer
    cells and narrative facts (a fact is OCR when its `source` says so)."""
    text_cells = {_ref_key(r) for r in refs if r.kind == "cell" and _ref_key(r) not in by_key}
    sources = list(fact_sources or [])
    facts = {r.fact for r in refs if r.kind == "fact" and
             (sources[r.fact] if 0 <= r.fact < len(sources) else "text") != "ocr"}
    parts = ([f"{len(text_cells)} table cells"] if text_cells else []) + \
        ([f"{len(facts)} figures of the explanatory text"] if facts else [])
    return ", ".join(parts)

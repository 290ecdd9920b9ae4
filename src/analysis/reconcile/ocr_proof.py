"""The report's own arithmetic proves (or questions) every value read by OCR.

Why: a figure read from a page image can be wrong where a text layer cannot, and a misread digit
must not become an accusation. A 决算 report states most figures more than once — totals, 类 = Σ款
= Σ项, the same figure in several tables, the text against the tables — so the checks that already
run are the proof: each finding notes the values it read (`evidence`), and an OCR value whose every
finding passes is `confirmed`. A value in a broken identity is tried in its other readings
(`ocr_alternatives`: 1↔7, 3↔8, a lost decimal point …): a reading that closes every identity it is
in, found by re-running just those checks, is its `alternative`, and the value a
`possible_misreading` — so is a broken value the engine itself read with low confidence. A `fail`
resting on such a value is not raised: it becomes `insufficient_data`, saying which reading would
close it; a fail that stands with every alternative tried is a real inconsistency and stays.

Pure DataFrame functions; `run_checks` calls `prove` when the cells hold OCR readings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations, islice

import pandas as pd

from .evidence import Ref
from .frames import Inputs
from .ocr_alternatives import DIGIT, DOUBLED, POINT, Reading, alternatives
from .ocr_values import (CONFIRMED, POSSIBLE, UNCONFIRMED, Key, OcrValue, Proof, has_ocr, inputs_with, ocr_values,
                         reads_of, ref_key, with_verdicts)
from .registry import CheckSpec, findings_frame

MISREAD_ZH = "OCR 读数可能有误"
UNCORROBORATED_ZH = "无其他印刷可核实"
DOUBT = "OCR reading may be wrong"  # how a finding resting on a doubtful reading begins its detail
JUDGED, BROKEN = ("pass", "warn", "fail"), ("warn", "fail")
# A warn is a gap inside the rounding envelope: the figures agree as printed, so it confirms; only a
# fail is a break a misreading may explain.
CLOSED = ("pass", "warn")
MAX_RERUNS = 400  # a department's budget of re-run checks (a page read badly everywhere stops here)
_SECOND_STAGE = 30  # readings tried per value when a fail states no gap in its terms (digit, decimal point)
_PAIR_TRIES = 8  # pairs of readings tried per failed sum
_EXACT = 1e-6  # a reading that closes a sum changes the value by exactly the sum's gap
# A warn's gap worth a second look: rounding slips are a cent or two; the last digit misread
# (3↔8, 1↔7, 0↔6/8/9, 2↔7) moves a figure by 0.05–0.09. 5↔6 (0.01) is left to rounding.
WARN_GAP = 0.025

__all__ = ["CONFIRMED", "DOUBT", "MISREAD_ZH", "POSSIBLE", "UNCONFIRMED", "Proof", "doubted", "has_ocr", "prove",
           "with_verdicts"]


def doubted(checks: pd.DataFrame) -> pd.Series:
    """True for the findings that rest on an OCR reading the arithmetic doubts (shown, with their
    crops, beside the fails and warns: a second look at the image settles them)."""
    if checks is None or not len(checks) or "detail" not in checks:
        return pd.Series(False, index=getattr(checks, "index", None), dtype=bool)
    return checks["detail"].astype("string").fillna("").str.startswith(DOUBT)


class _Rerun:
    """Re-runs the checks an OCR value is in with it read otherwise (a budget per department)."""

    def __init__(self, inputs: Inputs, spec_of: dict[str, CheckSpec], budget: int = MAX_RERUNS) -> None:
        self.inputs, self.spec_of, self.left = inputs, spec_of, budget
        inputs.rows("")  # the printed rows, built once: a re-run changes one value in them

    def closes(self, readings: list[tuple[OcrValue, Reading]], before: dict[str, str], target: set[str]) -> bool:
        """Whether these readings make every `target` finding pass exactly, fail no finding that
        reads one of the values, and turn no finding that held into a warn or a fail. Exactly: a
        reading that only brings a sum inside the rounding envelope (17.40 → 17.49 for 17.50) is a guess."""
        if self.left <= 0 or not target:
            return False
        self.left -= 1
        inputs, keys, specs = self.inputs, set(), {}
        for v, reading in readings:
            inputs = inputs_with(inputs, v, reading)
            keys.add(v.key)
            specs.update({self.spec_of[c].id: self.spec_of[c] for c in v.rows if c in self.spec_of})
        refs: list[tuple[str, Ref]] = []
        frame = findings_frame(list(specs.values()), inputs, refs)
        after = dict(zip(frame["check_id"], frame["status"]))
        reads = reads_of(refs)
        for cid, status in after.items():
            was = before.get(cid)
            if keys & reads.get(cid, set()) and status == "fail":
                return False
            if was in CLOSED and status == "fail" or was == "pass" and status == "warn":
                return False
        return all(after.get(cid) == "pass" for cid in target)


def _candidates(cell: OcrValue, gaps: dict[str, float], matching_gap: bool) -> list[tuple[Reading, set[str]]]:
    """Readings to try, each with the findings it must close. First round: the readings whose change
    is exactly a finding's gap (every kind). Second round (a fail whose gap is a percentage or a
    text's figure): a digit for a like one, one of two alike digits lost, the decimal point, capped,
    to close every fail the cell is in."""
    if not matching_gap:
        kinds = (DIGIT, DOUBLED, POINT)  # not every lost digit: ten a place, each a re-run
        return [(r, set(cell.broken)) for r in alternatives(cell.printed, kinds=kinds)][:_SECOND_STAGE]
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
          fact_sources: Sequence[str] | None = None, ocr_pages: Iterable[int] = ()) -> Proof:
    """Each OCR cell judged by the findings that read it; findings resting on a doubtful reading
    say so (a fail becomes insufficient_data). `origin` is the spec of each checks row (same order);
    `fact_sources` the source (text / ocr) of each narrative fact, by its row."""
    cells = ocr_values(inputs, fact_sources or ())
    if checks is None or not len(checks):
        return Proof(checks, cells)
    checks = _unproved(checks, refs, set(ocr_pages))
    if not cells:
        return Proof(checks, cells)
    status = dict(zip(checks["check_id"], checks["status"]))
    reads = reads_of(refs)
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
    explained |= _pairs(cells, checks, rerun, status, explained)
    explained = {cid for c in cells for cid in c.explains}
    for cell in cells:
        if cell.alternative is not None:
            cell.verdict = POSSIBLE
        elif cell.rows and all(s in CLOSED or cid in explained for cid, s in cell.rows.items()):
            cell.verdict = CONFIRMED
        elif cell.broken and cell.low_confidence:
            cell.verdict = POSSIBLE
    return Proof(_apply(checks, cells, refs, fact_sources, rerun.left <= 0), cells)


def _search(cell: OcrValue, candidates: list[tuple[Reading, set[str]]], rerun: _Rerun, status: dict[str, str]) -> set[str]:
    """The first candidate reading that closes its findings becomes the cell's alternative."""
    for reading, target in candidates:
        if rerun.closes([(cell, reading)], status, target):
            cell.alternative, cell.explains = reading, target
            return target
    return set()


def _unproved(checks: pd.DataFrame, refs: Sequence[tuple[str, Ref]], pages: set[int]) -> pd.DataFrame:
    """A fail on figures read by OCR that no other printing corroborates — a 绩效自评表's scores, words
    of the text, found on a page read from its picture — is not raised: a row lost or a digit misread
    there has no identity to show it. It says insufficient_data; a warn says it was read by OCR."""
    if not pages:
        return checks
    seen: dict[str, list[int]] = defaultdict(list)
    for cid, ref in refs:
        if ref.kind in ("form", "text") and ref.page in pages:
            seen[cid].append(ref.page)
    out = checks.copy()
    for i, row in out[out["check_id"].isin(list(seen)) & out["status"].isin(BROKEN)].iterrows():
        on = "、".join(map(str, sorted(set(seen[row["check_id"]]))))
        out.at[i, "detail"] = (f"{DOUBT}: its figures or words on page(s) {on} were read by OCR and no other printing "
                               f"confirms them; it would say {row['status']}: {row['detail']}")
        out.at[i, "label_zh"] = f"{row['label_zh']}（{MISREAD_ZH}：第 {on} 页由图像识别，{UNCORROBORATED_ZH}）"
        if row["status"] == "fail":
            out.at[i, "status"] = "insufficient_data"
    return out


def _pairs(values: list[OcrValue], checks: pd.DataFrame, rerun: _Rerun, status: dict[str, str],
           explained: set[str]) -> set[str]:
    """Two misreadings in one sum (no single reading closes it): pairs of readings of two values,
    each in another failed finding too, whose changes add up to the sum's gap, tried together."""
    closed: set[str] = set()
    for cid in [c for c, s in status.items() if s == "fail" and c not in explained]:
        gap = _gaps(checks, [cid]).get(cid)
        vs = [v for v in values if cid in v.broken and v.alternative is None and len(v.broken) >= 2]
        if gap is None or len(vs) < 2 or cid in closed:
            continue
        # the two commonest kinds only (a digit for a like one, the decimal point), a few tries per sum
        changes = {id(v): [(r, float(r.number * v.factor) - v.value)  # type: ignore[operator]
                           for r in alternatives(v.printed, kinds=(DIGIT, POINT))] for v in vs}
        pairs = ((a, ra, b, rb) for a, b in combinations(vs, 2)
                 for ra, ca in changes[id(a)] for rb, cb in changes[id(b)]
                 if min(abs(abs(ca + cb) - gap), abs(abs(ca - cb) - gap)) <= _EXACT)
        found = next(((a, ra, b, rb) for a, ra, b, rb in islice(pairs, _PAIR_TRIES)
                      if rerun.closes([(a, ra), (b, rb)], status, set(a.broken) | set(b.broken))), None)
        if found:
            a, ra, b, rb = found
            a.alternative, a.explains, b.alternative, b.explains = ra, set(a.broken), rb, set(b.broken)
            closed |= set(a.broken) | set(b.broken)
    return closed


def _apply(checks: pd.DataFrame, cells: list[OcrValue], refs: Sequence[tuple[str, Ref]],
           fact_sources: Sequence[str] | None, exhausted: bool) -> pd.DataFrame:
    """Findings on doubtful readings say so; findings mixing OCR and text-layer figures say which is which."""
    out = checks.copy()
    reads = reads_of(refs)
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


def _text_side(refs: list[Ref], by_key: dict[Key, OcrValue], fact_sources: Sequence[str] | None) -> str:
    """What a finding read from the text layer beside its OCR cells ('' when nothing): text-layer
    cells and narrative facts (a fact is OCR when its `source` says so)."""
    text_cells = {ref_key(r) for r in refs if r.kind == "cell" and ref_key(r) not in by_key}
    sources = list(fact_sources or [])
    facts = {r.fact for r in refs if r.kind == "fact" and
             (sources[r.fact] if 0 <= r.fact < len(sources) else "text") != "ocr"}
    parts = ([f"{len(text_cells)} table cells"] if text_cells else []) + \
        ([f"{len(facts)} figures of the explanatory text"] if facts else [])
    return ", ".join(parts)

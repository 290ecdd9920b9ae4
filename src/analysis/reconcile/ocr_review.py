"""What the arithmetic said of the OCR readings, told to the user: counts, review lines, one CLI line.

Why a module of its own: the pipeline (meta.json's review), `juesuan recheck`, the command line,
the report and the index all tell the same story from the same columns of cells.csv (`source`,
`confidence`, `ocr_check`, `alternative`), so it is told once, here, from the file — never from
the extractor's objects, so a folder re-checked after a hand correction tells it anew.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..labels import column_zh, table_zh
from .ocr_proof import CONFIRMED, MISREAD_ZH, POSSIBLE, UNCONFIRMED, UNCORROBORATED_ZH
from .ocr_values import ocr_mask

REASON_ZH = {"no_text_layer": "无文字层（扫描件）", "pictured": "表格为粘贴的图片", "text_layer_disagrees": "文字层与页面图像不符",
             "text_layer_unreadable": "文字层为乱码"}


def _s(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip().removesuffix(".0")


def ocr_counts(cells: pd.DataFrame) -> dict[str, int]:
    """How many values were read by OCR, and what the arithmetic made of them."""
    if cells is None or not len(cells):
        return {"ocr_values": 0, "ocr_confirmed": 0, "ocr_possible_misreading": 0, "ocr_unconfirmed": 0}
    ocr = cells[ocr_mask(cells)]
    check = ocr["ocr_check"].map(_s) if "ocr_check" in ocr else pd.Series("", index=ocr.index)
    return {"ocr_values": int(len(ocr)), "ocr_confirmed": int((check == CONFIRMED).sum()),
            "ocr_possible_misreading": int((check == POSSIBLE).sum()),
            "ocr_unconfirmed": int(len(ocr) - (check == CONFIRMED).sum() - (check == POSSIBLE).sum())}


def _doubted(frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is None or not len(frame) or "ocr_check" not in frame:
        return pd.DataFrame()
    return frame[ocr_mask(frame) & (frame["ocr_check"].map(_s) == POSSIBLE)]


def _fact_misreadings(narrative: pd.DataFrame | None) -> list[dict]:
    """The text's figures the arithmetic doubts, shown as the sentence printing them."""
    out = []
    for rec in _doubted(narrative).to_dict("records"):
        page = pd.to_numeric(rec.get("page"), errors="coerce")
        sentence = _s(rec.get("sentence"))
        out.append({"page": None if page != page else int(page), "table": "", "code": "", "item": "", "side": "",
                    "column": "", "fact": _s(rec.get("fact")), "where": f"说明“{sentence[:40]}”中的数字",
                    "printed": _printed_in(sentence, rec.get("value")), "alternative": _s(rec.get("alternative")),
                    "confidence": None})
    return out


def _printed_in(sentence: str, value: object) -> str:
    from .narrative_checks.facts import printing_of
    from .verdict import dec

    d = dec(value)
    hit = printing_of(sentence, d) if d is not None else None
    return hit.group(0) if hit else _s(value)


def misreadings(cells: pd.DataFrame, narrative: pd.DataFrame | None = None) -> list[dict]:
    """The possible misreadings, one dict each: page, where (Chinese), printed, alternative, confidence;
    the tables' cells, then the text's figures (`narrative`, when given)."""
    hits = _doubted(cells)
    out = []
    for rec in hits.to_dict("records"):
        conf = pd.to_numeric(rec.get("confidence"), errors="coerce")
        page = pd.to_numeric(rec.get("page"), errors="coerce")
        name = " ".join(x for x in (_s(rec.get("code")), _s(rec.get("item"))) if x)
        out.append({"page": None if page != page else int(page), "table": _s(rec.get("table")),
                    "where": f"{table_zh(_s(rec.get('table')))}{f'“{name}”' if name else ''}{column_zh(_s(rec.get('column')))}",
                    "printed": _s(rec.get("printed")) or _s(rec.get("value")), "alternative": _s(rec.get("alternative")),
                    "confidence": None if conf != conf else float(conf), "code": _s(rec.get("code")),
                    "item": _s(rec.get("item")), "column": _s(rec.get("column")), "side": _s(rec.get("side"))})
    return sorted(out, key=lambda m: (m["page"] or 0, m["where"])) + _fact_misreadings(narrative)


def misreading_text(m: Mapping) -> str:
    """One misreading in Chinese: 第 5 页支出决算表“2013101 行政运行”合计读作 199.87，可能为 799.87."""
    tail = f"，可能为 {m['alternative']}" if m.get("alternative") else "，识别置信度低" + (
        f"（{m['confidence']:.2f}）" if m.get("confidence") is not None else "")
    return f"第 {m.get('page') or '—'} 页{m['where']}读作 {m['printed']}{tail}"


def review_lines(cells: pd.DataFrame, narrative: pd.DataFrame | None = None,
                 checks: pd.DataFrame | None = None) -> list[str]:
    """The department's review reasons for its doubtful OCR readings ([] when none), named one by one;
    with `checks`, also the checks left undecided on OCR figures nothing else prints (a 自评表)."""
    out = []
    found = misreadings(cells, narrative)
    if found:
        shown = "；".join(misreading_text(m) for m in found[:8]) + (f" 等 {len(found)} 处" if len(found) > 8 else "")
        out.append(f"{MISREAD_ZH} {len(found)} 处，请对照原图复核：{shown}")
    if checks is not None and len(checks) and "label_zh" in checks:
        alone = checks.loc[checks["label_zh"].astype(str).str.contains(UNCORROBORATED_ZH, regex=False), "label_zh"]
        if len(alone):
            out.append(f"{MISREAD_ZH}：{len(alone)} 项核对所用数字由图像识别、{UNCORROBORATED_ZH}，未判为不符，请对照原图复核："
                       + "；".join(alone.astype(str).head(5)))
    return out


def replace_review(review: Iterable[str], cells: pd.DataFrame, narrative: pd.DataFrame | None = None,
                   checks: pd.DataFrame | None = None) -> list[str]:
    """meta.json's review with its OCR lines brought up to date (a recheck after a hand correction)."""
    return [r for r in review if not str(r).startswith(MISREAD_ZH)] + review_lines(cells, narrative, checks)


def pages_of(meta_pages: object) -> dict[int, str]:
    """{page: reason} from meta.json's `ocr_pages` ([{"page", "reason"}]) or a ReportDoc's dict."""
    if isinstance(meta_pages, Mapping):
        return {int(p): str(r) for p, r in meta_pages.items()}
    out: dict[int, str] = {}
    for item in meta_pages or []:  # type: ignore[union-attr]
        if isinstance(item, Mapping) and item.get("page") is not None:
            out[int(item["page"])] = str(item.get("reason") or "")
    return out


def _runs(pages: list[int]) -> str:
    """1、2、3、5 → 1–3、5."""
    out: list[str] = []
    for p in sorted(pages):
        if out and (last := out[-1].split("–")[-1]).isdigit() and int(last) == p - 1:
            out[-1] = f"{out[-1].split('–')[0]}–{p}"
        else:
            out.append(str(p))
    return "、".join(out)


def pages_text(ocr_pages: Mapping[int, str]) -> str:
    """Which pages were read by OCR and why, in Chinese ('' when none): 第 1–25 页（无文字层（扫描件））."""
    by_reason: dict[str, list[int]] = {}
    for page, reason in sorted(ocr_pages.items()):
        by_reason.setdefault(reason, []).append(page)
    return "；".join(f"第 {_runs(pages)} 页（{REASON_ZH.get(reason, reason or '原因未记录')}）"
                    for reason, pages in by_reason.items())


def summary_line(cells: pd.DataFrame, ocr_pages: Mapping[int, str] | None = None) -> str:
    """One line for `juesuan check`: the OCR readings and what the arithmetic said ('' when none)."""
    n = ocr_counts(cells)
    if not n["ocr_values"] and not ocr_pages:
        return ""
    by_reason: dict[str, list[int]] = {}
    for page, reason in sorted((ocr_pages or {}).items()):
        by_reason.setdefault(reason, []).append(page)
    pages = "; ".join(f"{_runs(ps).replace('、', ', ')} ({r})" for r, ps in by_reason.items())
    return (f"ocr values: {n['ocr_values']} table values read from page images{f' (pages {pages})' if pages else ''}: "
            f"{n['ocr_confirmed']} confirmed by the report's arithmetic, {n['ocr_possible_misreading']} possible "
            f"misreadings (for review), {n['ocr_unconfirmed']} not confirmed (no check judged them, or a fail no "
            f"other reading closes)")


__all__ = ["CONFIRMED", "POSSIBLE", "REASON_ZH", "UNCONFIRMED", "misreading_text", "misreadings", "ocr_counts",
           "pages_of", "pages_text", "replace_review", "review_lines", "summary_line"]

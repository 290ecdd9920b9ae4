"""A finding told in Chinese from its figures, for readers (checks.csv keeps the English detail).

The English `detail` of a check is for the data and for developers; a reader gets a sentence
built from the numbers the check compared (expected, printed, difference, tolerance) and the
PDF's own words it quotes.
"""

from __future__ import annotations

import hashlib
import math
import re

from ..labels import CATEGORY_ZH, STATUS_ZH
from ..reconcile.ocr_proof import DOUBT, UNCORROBORATED_ZH

# A finding that rests on an OCR reading the report's arithmetic doubts (its label names the cell and the reading)
OCR_ZH = "所用数字由页面图像识别（OCR），换用标题中所列的可能读法后相关勾稽关系全部相符，故不判为不符；请对照原图复核。"
ALONE_ZH = "所用数字由页面图像识别（OCR），报告中没有其他印刷可以核实，识别有误（漏行、错字）时即会不符，故不判为不符；请对照原图复核。"

_WORDS = {1: "大于", 0: "等于", -1: "小于"}
# What the expected figure is computed from, and where the compared one is printed, by category.
_SIDES = {
    "table": ("按本表各分项", "表中所印"),
    "hierarchy": ("按下级科目之和", "上级科目所印"),
    "cross_table": ("按另一张表", "本表所印"),
    "narrative": ("按表格数字", "说明所印"),
    "performance": ("按自评表各项", "自评表所印"),
}
_QUOTE = re.compile(r"“([^”]{2,})”")


def number_or_none(value: object) -> float | None:
    """A printed or stored figure as a float; None for a blank, NaN or text (never 0)."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _fmt(v: float) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v - round(v)) > 1e-9 else f"{v:,.0f}"


def anchor(check_id: str) -> str:
    """A stable HTML id for a finding (check ids hold brackets and Chinese)."""
    return "f-" + hashlib.sha1(str(check_id).encode("utf-8")).hexdigest()[:10]


def quotes(detail: object) -> list[str]:
    """The PDF's words a detail quotes (“…”), as printed."""
    return [f"“{q}”" for q in _QUOTE.findall(str(detail or ""))]


def explain(check: dict) -> str:
    """One Chinese sentence: what was compared, and why it is a fail or a warn."""
    status, cid = str(check.get("status")), str(check.get("check_id"))
    exp, act = number_or_none(check.get("expected")), number_or_none(check.get("actual"))
    diff, tol = number_or_none(check.get("difference")), number_or_none(check.get("tolerance"))
    detail = str(check.get("detail") or "")
    if ("vs_budget" in cid or "direction" in cid) and exp is not None and act is not None:
        return (f"表中数字为“{_WORDS.get(int(exp), _fmt(exp))}”，说明却写作“{_WORDS.get(int(act), _fmt(act))}”。")
    if cid.startswith("text.department_name"):
        return "部门名称在报告中有不止一种写法。"
    if cid.startswith("text.wrong_year"):
        return "标题或截至日期所写年份与决算年度不符。"
    if cid.startswith("text.placeholder"):
        return "模板中的占位词未替换为实际内容。"
    if cid.startswith("text.repeated_char"):
        return "原文有重复的字或标点。"
    if cid.startswith("text.yuan_unit"):
        return "说明以“元”为单位书写金额，而表格以“万元”为单位。"
    if cid.startswith("table.present"):
        return "九张标准决算表中的这一张未在 PDF 中找到。"
    ocr = detail.startswith(DOUBT)
    if ocr and UNCORROBORATED_ZH in str(check.get("label_zh") or ""):
        return ALONE_ZH
    if exp is None or act is None:
        return OCR_ZH if ocr else ("不符。" if status == "fail" else "需人工复核。")
    gap = diff if diff is not None else act - exp
    basis, printed = _SIDES.get(str(check.get("category")), ("按相关数字", "报告所印"))
    text = f"{basis}应为 {_fmt(exp)}，{printed}为 {_fmt(act)}，相差 {_fmt(gap)}"
    if ocr:
        return f"按 OCR 识别结果，{text}。{OCR_ZH}"
    if "truncated" in detail:
        rounded = re.search(r"rounded it would be (\S+)", detail)
        return text + "；所印数字是截断而非四舍五入" + (f"（四舍五入应为 {rounded.group(1)}）" if rounded else "") + "。"
    if status == "warn":
        return text + (f"，在舍入误差（±{_fmt(tol)}）之内，请复核。" if tol is not None else "，请复核。")
    return text + (f"，超出舍入所能解释的范围（±{_fmt(tol)}）。" if tol is not None else "。")


def view(check: dict) -> dict:
    """What the findings template shows of one check."""
    return {
        "check_id": str(check.get("check_id")),
        "anchor": anchor(str(check.get("check_id"))),
        "status": str(check.get("status")),
        "status_zh": STATUS_ZH.get(str(check.get("status")), str(check.get("status"))),
        "category_zh": CATEGORY_ZH.get(str(check.get("category")), str(check.get("category"))),
        "label": str(check.get("label_zh") or check.get("check_id")),
        "explain": explain(check),
        "quotes": quotes(check.get("detail")),
        "pages": str(check.get("pages") or "").replace(";", "、"),
    }

"""The report's OCR section: which pages were read from their image and why, and what the report's
own arithmetic made of those readings — confirmed, or possibly misread (named, with the reading
that would close its sums, and the checks it leaves undecided).

Why a section: a reader must know which figures come from a picture of the page, how far the
sums vouch for them, and which few to look at again on the page itself. Built from the tidy folder
(cells.csv's `source`/`ocr_check`/`alternative`, evidence.csv, meta.json's `ocr_pages`) only.
"""

from __future__ import annotations

from ..catalogue import DepartmentData
from ..labels import STATUS_ZH
from ..reconcile.ocr_review import misreading_text, misreadings, ocr_counts, pages_of, pages_text
from .report import Html, _environment


def _checks_reading(data: DepartmentData, m: dict) -> list[str]:
    """The checks that read a misread cell, each with its status in Chinese."""
    ev, checks = data.evidence, data.checks
    if ev is None or not len(ev) or checks is None or not len(checks) or m.get("fact"):
        return []
    code = "".join(ch for ch in m["code"] if ch.isdigit())
    hit = ev[(ev["kind"].astype(str) == "cell") & (ev["table"].astype(str) == m["table"])
             & (ev["column"].astype(str) == m["column"]) & (ev["item"].astype(str) == m["item"])
             & (ev["code"].astype(str).str.replace(r"\D", "", regex=True) == code)]
    ids = list(dict.fromkeys(hit["check_id"].astype(str)))
    rows = checks[checks["check_id"].astype(str).isin(ids)]
    label = rows["label_zh"].astype(str).str.replace(r"（OCR 读数可能有误.*$", "", regex=True)
    return [f"{l}：{STATUS_ZH.get(s, s)}" for l, s in zip(label, rows["status"].astype(str))]


def view(data: DepartmentData) -> dict:
    """What the template shows: pages and why, counts, each possible misreading."""
    counts = ocr_counts(data.cells)
    found = misreadings(data.cells, data.narrative)
    return {
        "pages": pages_text(pages_of(data.meta.get("ocr_pages"))),
        "counts": counts,
        "misreadings": [{**m, "text": misreading_text(m), "checks": _checks_reading(data, m),
                         "confidence_text": "—" if m["confidence"] is None else f"{m['confidence']:.2f}"}
                        for m in found],
    }


def section(data: DepartmentData) -> Html:
    """The OCR section of the report (a line saying no page needed it, when none did)."""
    return Html(_environment().get_template("ocr.html.j2").render(**view(data)))

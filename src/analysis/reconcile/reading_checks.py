"""Was every printed number read? Two checks on the reading itself, before any arithmetic.

* ``text.second_reading`` — on every page, the numbers in juesuan's lines agree with PDFium's own
  text (see `analysis.document.second_reading` for the rule). A page where they differ may have a
  number torn from its words, split or glued: ``warn``, with the pages and what differs, so the
  department is looked at instead of passing silently.
* ``narrative.coverage`` — every amount and percentage of the narrative is a fact or an explained
  row of uncovered.csv; an amount no pattern read is a ``warn`` naming its page and words.

Neither accuses the PDF (that is what ``fail`` means elsewhere): they say the reading needs a
reviewer's eye.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ..prose.narrative_region import NO_TEXT
from .frames import Inputs
from .registry import CheckSpec, Finding, register
from .verdict import Outcome


def _second_reading(inputs: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    reading = inputs.reading
    if reading is None or not len(reading):
        yield Finding(None, Outcome("insufficient_data", detail="no reading.csv: the page-by-page comparison was not made"))
        return
    differ = reading[~reading["agrees"].astype(bool)]
    pages = ";".join(str(int(p)) for p in differ["page"])
    if len(differ):
        detail = " | ".join(str(e) for e in differ["evidence"])
        yield Finding(None, Outcome("warn", detail=f"{len(differ)} of {len(reading)} pages differ: {detail}"), pages=pages)
    else:
        checked = int(reading["order_checked"].astype(bool).sum())
        yield Finding(None, Outcome("pass", detail=f"{int(reading['numbers'].sum())} numbers on {len(reading)} pages "
                                                   f"agree with PDFium's text (neighbours compared on {checked} text pages)"))


def _coverage(inputs: Inputs, spec: CheckSpec) -> Iterator[Finding]:
    uncovered = inputs.uncovered
    if uncovered is None:
        yield Finding(None, Outcome("insufficient_data", detail="no uncovered.csv: the narrative's coverage is not known"))
        return
    if inputs.without_text:
        yield Finding(None, Outcome("not_applicable", detail=NO_TEXT))
        return
    gaps = uncovered[~uncovered["explained"].astype(bool)] if len(uncovered) else pd.DataFrame()
    if len(gaps):
        detail = " | ".join(f"p.{int(r.page)} {r.number}: {str(r.sentence)[:60]}" for r in gaps.itertuples())
        yield Finding(None, Outcome("warn", detail=f"{len(gaps)} amounts or percentages not read: {detail}"),
                      pages=";".join(str(int(p)) for p in sorted(set(gaps["page"]))))
    else:
        yield Finding(None, Outcome("pass", detail=f"every amount and percentage is a fact ({len(uncovered)} other figures "
                                                   "explained in uncovered.csv)"))


register(CheckSpec(
    "text.second_reading", "text",
    "每页数字与 PDFium 文字层一致", "every page's numbers agree with PDFium's own text layer",
    (), _second_reading))
register(CheckSpec(
    "narrative.coverage", "narrative",
    "情况说明中的金额和百分比均已读出", "every amount and percentage of the narrative is read",
    (), _coverage))

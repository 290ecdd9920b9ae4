"""Facts about final-accounts reports that more than one stage needs, each written once.

The base layer: nothing here imports another juesuan module, so the document reader, the table
and prose readers and the checks can all depend on it without depending on each other.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- the 绩效自评表's pages

SELF_EVALUATION_TITLE = re.compile(r"自评表")
"""What a 绩效自评表 title contains (部门整体支出绩效自评表, 项目支出绩效自评表 …)."""
SELF_EVALUATION_RUNS_ON = 2
"""Pages after its title's page that a 自评表 may continue on (ruled or not)."""


def is_self_evaluation_title_page(visual_text: str) -> bool:
    """A page that prints a 绩效自评表 title (spaces in the printed title ignored).

    The document layer keeps characters for these pages and the next SELF_EVALUATION_RUNS_ON,
    because the 自评表 reader asks for exactly those pages.
    """
    return bool(SELF_EVALUATION_TITLE.search(visual_text.replace(" ", "")))

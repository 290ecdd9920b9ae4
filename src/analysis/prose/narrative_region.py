"""Where the narrative (情况说明) is in a report: the pages and lines between its heading and the
名词解释 / 附件 that end it, so the reader never takes a table of contents or an annex for text."""

from __future__ import annotations

import re

from .sentences import Pages

REGION_STARTS = [
    re.compile(r"^第[一二三四五六七八九十]+部分.{0,40}(?:情况说明|决算情况)"),
    re.compile(r"^(?:一、)?收入支出决算总体情况说明$"),
]
"""Where the narrative begins, most specific first: 第三部分 …决算情况说明, else its first section."""
REGION_END = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?:名词解释|附件|附表)")
TOC_PAGE = re.compile(r"目\s*录")


def _region(pages: Pages, start: re.Pattern[str]) -> Pages:
    out: Pages = []
    inside = False
    for page_no, text in pages:
        if not inside and TOC_PAGE.search(text):
            continue
        kept: list[str] = []
        for line in text.splitlines():
            squeezed = re.sub(r"\s+", "", line)
            if not inside and start.search(squeezed):
                inside = True
            elif inside and REGION_END.search(squeezed):
                if kept:
                    out.append((page_no, "\n".join(kept)))
                return out
            if inside:
                kept.append(line)
        if kept:
            out.append((page_no, "\n".join(kept)))
    return out


def narrative_pages(pages: Pages) -> Pages:
    """The pages (trimmed to the lines) from 第X部分 …情况说明 up to 名词解释 / 附件.

    A table of contents repeats both headings, so pages with 目录 are never a start. When no
    start heading is found the whole document is read: a region without the usual headings
    still yields its facts, and coverage shows what was missed.
    """
    for start in REGION_STARTS:
        found = _region(pages, start)
        if found:
            return found
    return pages

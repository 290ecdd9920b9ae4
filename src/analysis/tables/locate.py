"""Find the nine standard tables by their titles, wherever and in whatever order they are printed.

A table is the stretch of ruled grid below its title, on its own page and on continuation pages
(no title, the same grid; blank pages in between are skipped), ending at the next title, at its
注/说明 lines, or at a page of plain text. Around it we read the unit line and the printed 说明.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..document.pdfdoc import PageText, ReportDoc
from ..domain import is_page_number
from .specs import SPECS_BY_KEY, match_title

_NOTE_START = re.compile(r"^\s*(注|说明|备注)\s*[:：]")
_OTHER_FORM = re.compile(r"(自评表|情况表|明细表|目录)$")
_SECTION = re.compile(r"^\s*第[一二三四五六七八九十]+部分")


@dataclass
class Region:
    page: int
    top: float
    bottom: float


@dataclass
class TitleHit:
    table: str
    title: str
    page: int
    top: float
    bottom: float
    retitled: str = ""  # the key its title said, when the table's own words said another


@dataclass
class TableLocation:
    table: str
    title: str = ""
    regions: list[Region] = field(default_factory=list)
    unit: str = "万元"
    unit_printed: bool = False
    note: str = ""
    # further printings under the same title: read too, and compared by content (same figures →
    # printed again; other figures → another table, or a misread title, for a reviewer)
    reprints: list[list[Region]] = field(default_factory=list)
    title_top: float | None = None  # top of the title line on the first page
    reprint_title_tops: list[float] = field(default_factory=list)
    confirmed: bool = True  # the header words of the spec are printed in the table
    retitled: str = ""  # the table key the title alone gave, when the header words gave this one

    @property
    def pages(self) -> list[int]:
        return sorted({r.page for r in self.regions})

    @property
    def duplicates(self) -> list[int]:
        """First page of each further printing."""
        return [min(r.page for r in regions) for regions in self.reprints if regions]


def find_titles(pages: list[PageText]) -> list[TitleHit]:
    """Every line (or pair of lines, for a wrapped title) that is a standard table's title."""
    hits: list[TitleHit] = []
    for page in pages:
        lines = page.lines
        skip_next = False
        for i, line in enumerate(lines):
            if skip_next:
                skip_next = False
                continue
            key = match_title(line["text"])
            last = line
            if (
                key is None
                and i + 1 < len(lines)
                and lines[i + 1]["top"] - line["bottom"] < 12
                and match_title(lines[i + 1]["text"]) is None
            ):
                key = match_title(line["text"] + lines[i + 1]["text"])
                if key is not None:
                    last = lines[i + 1]
                    skip_next = True
            if key is None:
                continue
            # a title heads a grid: there must be ruled lines below it on this page or the next
            below = [r for r in page.rules if r[1] >= last["bottom"] - 2]
            nxt = pages[page.number] if page.number < len(pages) else None
            if not below and not (nxt is not None and nxt.has_rules and page.height - last["bottom"] < 150):
                continue
            title = line["text"] if last is line else line["text"] + last["text"]
            hits.append(TitleHit(key, title.strip(), page.number, line["top"], last["bottom"]))
    return hits


def _lines_in(page: PageText, top: float, bottom: float) -> list[dict]:
    return [ln for ln in page.lines if ln["top"] >= top - 1 and ln["bottom"] <= bottom + 1]


def _unit_of(lines: list[dict], in_grid: bool = False) -> tuple[str, bool]:
    """The unit a 单位 line names; inside the grid also a header's bracketed unit (决算数（元）)."""
    for ln in lines:
        m = re.search(r"单位\s*[:：]\s*(万元|千元|元)", ln["text"])
        if m:
            return m.group(1), True
    if in_grid:
        units = {m.group(1) for ln in lines for m in re.finditer(r"[（(](万元|千元|元)[)）]", ln["text"])}
        if len(units) == 1:
            return units.pop(), True
    return "万元", False


# A line below an empty table that says why, whatever it starts with (注：本单位无政府性基金…，故本表为
# 空表 / 备注：… / 本部门2023年度没有…，故本表无数据): the 说明 other regions print under another word.
_SAYS_EMPTY = re.compile(r"空表|无数据|(?:本|我|该)(?:部门|单位)[^。；]{0,40}(?:没有|无)")
_NOTE_WORD = re.compile(r"^(说明|注|备注)\s*[:：]\s*")


def _note_of(lines: list[dict]) -> str:
    """The printed 说明 below a table (e.g. 本部门当年无政府性基金预算财政拨款收入支出); where no line
    starts 说明：, a 注 / 备注 / plain line saying the table is empty (never the 注 that describes it)."""
    texts = [ln["text"].strip() for ln in lines if not is_page_number(ln["text"].strip())]
    said = _note_lines(texts, lambda t: bool(re.match(r"^说明\s*[:：]", t)))
    return said or _note_lines(texts, lambda t: bool(_SAYS_EMPTY.search(t)))


def _note_lines(texts: list[str], starts: Callable[[str], bool]) -> str:
    """The first note whose first line `starts`, with the lines that carry it on."""
    out: list[str] = []
    taking = False
    for text in texts:
        if starts(text):
            taking = True
            out.append(_NOTE_WORD.sub("", text))
        elif taking and not _NOTE_START.match(text) and match_title(text) is None and not _SECTION.match(text):
            out.append(text)
        else:
            taking = False
    return "".join(out).strip()


def _is_blank(page: PageText) -> bool:
    """No grid and nothing but a page number: a blank page inside a table's run of pages."""
    if page.has_rules:
        return False
    return all(not ln["text"].strip() or is_page_number(ln["text"]) for ln in page.lines)


def _is_continuation(page: PageText) -> bool:
    """A page that carries on the previous table: a grid near the top, nothing but a header above.

    A running page header (中共XX 2023年度部门决算) may sit above the grid; a section heading, a
    standard table's title or another form's title (…自评表) means something else starts here.
    """
    if not page.has_rules:
        return False
    grid_top = min(r[1] for r in page.rules)
    above = [ln["text"].strip() for ln in page.lines if ln["bottom"] <= grid_top + 1]
    if len(above) > 3:
        return False
    return not any(
        _SECTION.match(t) or match_title(t) is not None or _OTHER_FORM.search(t) for t in above
    )


def _group_repeats(hits: list[TitleHit]) -> list[tuple[TitleHit, list[TitleHit]]]:
    """A title printed again on the next page (often with （续）) continues the same table."""
    groups: list[tuple[TitleHit, list[TitleHit]]] = []
    for h in sorted(hits, key=lambda h: (h.page, h.top)):
        if groups:
            first, repeats = groups[-1]
            last_page = (repeats[-1] if repeats else first).page
            if first.table == h.table and 1 <= h.page - last_page <= 2:
                repeats.append(h)
                continue
        groups.append((h, []))
    return groups


def locate_tables(doc: ReportDoc) -> dict[str, TableLocation]:
    """Locate each of the nine tables in a report; see locate_in_pages."""
    return locate_in_pages(doc.pages)


def locate_in_pages(pages: list[PageText]) -> dict[str, TableLocation]:
    """Locate each of the nine tables; a table not printed gets a location with no regions.

    A title is believed when the table under it prints its spec's header words; where it does not
    and exactly one table not found elsewhere does, the hit is that table (a title variant we do not
    know). A title printed again (not as a continuation) is located too: `read` compares the two
    printings by their figures.
    """
    groups = _group_repeats(find_titles(pages))
    spans = [_span(pages, i, groups) for i in range(len(groups))]
    _confirm(groups, spans, pages)
    out: dict[str, TableLocation] = {k: TableLocation(k) for k in SPECS_BY_KEY}
    for (hit, _), (regions, head_lines, tail_lines) in zip(groups, spans):
        loc = out[hit.table]
        if loc.regions:
            loc.reprints.append(regions)
            loc.reprint_title_tops.append(hit.top)
            continue
        loc.title = hit.title
        loc.title_top = hit.top
        loc.regions = regions
        loc.retitled = hit.retitled
        loc.confirmed = SPECS_BY_KEY[hit.table].confirmed_by(_region_text(pages, regions))
        loc.unit, loc.unit_printed = _unit_of([{"text": hit.title}, *head_lines])  # 单位 may share the title's line
        if not loc.unit_printed:  # printed inside the grid (a merged first row, a header 金额（元）)
            first = pages[regions[0].page - 1]
            loc.unit, loc.unit_printed = _unit_of(_lines_in(first, regions[0].top, regions[0].bottom)[:8], in_grid=True)
        loc.note = _note_of(tail_lines)
    return out


def _region_text(pages: list[PageText], regions: list[Region]) -> str:
    return "".join(ln["text"] for r in regions for ln in _lines_in(pages[r.page - 1], r.top, r.bottom))


def _confirm(groups: list[tuple[TitleHit, list[TitleHit]]], spans: list, pages: list[PageText]) -> None:
    """Re-key a hit whose table does not print its title's header words but another table's do."""
    titled = {hit.table for hit, _ in groups}
    for (hit, repeats), (regions, _, _) in zip(groups, spans):
        text = _region_text(pages, regions)
        if SPECS_BY_KEY[hit.table].confirmed_by(text):
            continue
        others = [k for k, spec in SPECS_BY_KEY.items() if k not in titled and spec.confirm and spec.confirmed_by(text)]
        if len(others) == 1:
            hit.retitled, hit.table = hit.table, others[0]
            for r in repeats:
                r.table = others[0]
            titled.add(others[0])


def _span(pages: list[PageText], i: int, groups: list[tuple[TitleHit, list[TitleHit]]]) -> tuple[list[Region], list[dict], list[dict]]:
    """The regions of the i-th title's table, with the lines above its grid and below it."""
    hit, repeats = groups[i]
    stop = groups[i + 1][0] if i + 1 < len(groups) else None
    repeat_at = {r.page: r for r in repeats}
    page = pages[hit.page - 1]
    end = stop.top if stop is not None and stop.page == hit.page else page.height
    regions = [Region(hit.page, hit.bottom, end)]
    head_lines = _lines_in(page, hit.bottom, min(end, _grid_top(page, hit.bottom, end)))
    tail_lines = _lines_in(page, _grid_bottom(page, hit.bottom, end), end)
    ended = _has_note(tail_lines) or (stop is not None and stop.page == hit.page)
    p, blanks = hit.page + 1, 0
    while not ended and p <= len(pages) and (stop is None or p < stop.page or (p == stop.page and stop.top > 60)):
        cand = pages[p - 1]
        if _is_blank(cand):
            blanks += 1
            if blanks > 2:
                break
            p += 1
            continue
        top = repeat_at[p].bottom if p in repeat_at else 0.0
        if p not in repeat_at and not _is_continuation(cand):
            break
        cend = stop.top if stop is not None and stop.page == p else cand.height
        regions.append(Region(p, top, cend))
        more_tail = _lines_in(cand, _grid_bottom(cand, top, cend), cend)
        tail_lines += more_tail
        ended = _has_note(more_tail) or (stop is not None and stop.page == p)
        p += 1
    return regions, head_lines, tail_lines


def _has_note(lines: list[dict]) -> bool:
    return any(_NOTE_START.match(ln["text"]) for ln in lines)


def _grid_top(page: PageText, top: float, bottom: float) -> float:
    rules = page.rules_between(top, bottom)
    return min((r[1] for r in rules), default=bottom)


def _grid_bottom(page: PageText, top: float, bottom: float) -> float:
    rules = page.rules_between(top, bottom)
    return max((r[3] for r in rules), default=top)

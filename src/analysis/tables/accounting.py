"""Every printed number on a table page, accounted for: a cell of cells.csv, or a row of unread.csv.

A reader that drops a row it could not place fails silently: the run "succeeds" with six cells
fewer. So after the tables are read, every number the text layer prints on their pages is looked
up. It is *read* when a cell of cells.csv sits where it is printed, with its digits. Otherwise it
gets the reason it is not a value — a 行次/栏次 index, a code, a page number, a date in a title, a
reference in a 注 — from what the reader made of the grid cell it sits in (`TextCell.role`) or, off
the grid, from the line it is printed on. A number no reason fits is `unexplained`: the table is
marked for review, and the checks that use it say insufficient_data.

It works on the characters already read once per report (PageText.chars), not on a new parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..document.normalise import normalise_text
from ..document.pdfdoc import PageText
from ..domain import is_page_number, parse_amount
from .box import Box
from .grids import CellBox
from .locate import TableLocation
from .normalise import CODE_ROLE, COLUMN_NO, HEADER, ITEM_ROLE, ROW_NO_ROLE, VALUE, TextCell
from .specs import match_title

# Reasons a printed number is not a value (unread.csv `reason`).
REASONS = {
    "row_no": "行次 (row index)",
    "column_no": "栏次 (column index)",
    "code": "classification code",
    "header": "in a column header",
    "item": "in a row's name",
    "page_number": "page number",
    "date": "a year or date",
    "table_number": "table numbering (公开NN表)",
    "title": "in a table title",
    "heading": "in the lines above the grid (部门, 单位, 日期)",
    "note": "in the 注 / 说明 text below the grid",
    "text": "in running text outside any table's span (the narrative reader's: narrative.csv, uncovered.csv)",
    "printed_again": "a value of a second printing with the same figures",
    "unexplained": "no reason fits: a number the reader did not place",
}
UNEXPLAINED = "unexplained"

_DATE_AFTER = re.compile(r"^\s*(年|月|日|年度)")
_DATE_FORM = re.compile(r"^(19|20)\d{2}[-/.](0?[1-9]|1[0-2])([-/.]\d{1,2})?$")
_TABLE_NUMBER_BEFORE = re.compile(r"(公开|附表|附件|表)\s*$")


@dataclass(frozen=True)
class Token(Box):
    """One printed number: its text and box, and the line it is printed on (for its context)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line: str
    before: str  # the line's text before the number
    after: str  # and after it


def _lines_of(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into printed lines (vertical overlap), each left to right.

    Overlap, not equal tops: a digit in a second font may sit a point lower than the Chinese
    characters of its line.
    """
    lines: list[list[dict]] = []
    spans: list[tuple[float, float]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        h = max(c["bottom"] - c["top"], 1.0)
        # lines start in top order: only the last few can still reach down to this character
        for i in range(len(spans) - 1, max(-1, len(spans) - 9), -1):
            top, bottom = spans[i]
            overlap = min(bottom, c["bottom"]) - max(top, c["top"])
            if overlap > 0.5 * min(h, bottom - top):
                lines[i].append(c)
                spans[i] = (min(top, c["top"]), max(bottom, c["bottom"]))
                break
        else:
            lines.append([c])
            spans.append((c["top"], c["bottom"]))
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _vertical_rules(page: PageText) -> list[tuple[float, float, float]]:
    return [((r[0] + r[2]) / 2, r[1], r[3]) for r in page.rules if r[2] - r[0] < 2 and r[3] - r[1] > 3]


def number_tokens(page: PageText, cells: list[CellBox] | None = None) -> list[Token]:
    """Every number printed on the page: runs of digits (with , . % inside) on one line.

    A run ends at a gap wider than a third of the character height, at a ruling line, or where
    its characters' centres fall in different grid cells (`cells`, as the grid engine found them:
    a wide figure may touch its neighbour), so two numbers in neighbouring cells never join.
    """
    verticals = _vertical_rules(page)
    out: list[Token] = []
    for line in _lines_of(page.chars):
        text = "".join(c["text"] for c in line)
        run: list[int] = []
        y = (line[0]["top"] + line[0]["bottom"]) / 2
        edges = sorted({x for b in cells or () if b.top <= y <= b.bottom for x in (b.x0, b.x1)})

        def flush(end: int) -> None:
            while run and line[run[-1]]["text"] in ",.":  # a full stop after a number is not part of it
                run.pop()
            if run and any(line[i]["text"].isdecimal() for i in run):
                cs = [line[i] for i in run]
                start = run[0]
                if start > 0 and line[start - 1]["text"] in "-−" and cs[0]["x0"] - line[start - 1]["x1"] < 2:
                    cs.insert(0, line[start - 1])
                    start -= 1
                out.append(Token(
                    "".join(c["text"] for c in cs), min(c["x0"] for c in cs), min(c["top"] for c in cs),
                    max(c["x1"] for c in cs), max(c["bottom"] for c in cs), text,
                    text[:start], text[run[-1] + 1:],
                ))
            run.clear()

        for i, c in enumerate(line):
            ch = c["text"]
            if ch.isdecimal() or (ch in ",.%" and run):  # fullwidth digits too: never silently skipped
                if run:
                    prev = line[run[-1]]
                    gap = c["x0"] - prev["x1"]
                    tall = max(c["bottom"] - c["top"], prev["bottom"] - prev["top"], 1.0)
                    ruled = any(prev["x1"] - 0.5 <= x <= c["x0"] + 0.5 and top <= c["bottom"] and bottom >= c["top"]
                                for x, top, bottom in verticals)
                    a, b = (prev["x0"] + prev["x1"]) / 2, (c["x0"] + c["x1"]) / 2
                    celled = any(a < x < b for x in edges)
                    if gap > tall / 3 or ruled or celled:
                        flush(i)
                run.append(i)
            else:
                flush(i)
        flush(len(line))
    return out


@dataclass
class PageTables:
    """What the reader saw on one page: each table's located span and its grid cells with roles."""

    page: PageText
    spans: list[tuple[str, float, float]]  # (table, top, bottom): title to end of its region
    grids: list[tuple[str, float, float]]  # (table, top, bottom) of each table's ruled grid
    cells: list[tuple[str, TextCell]]  # (table, cell)
    reprint_value: dict[int, str]  # id(TextCell) of a second printing's value → reason


def _digits(text: str) -> str:
    """The figure's characters, as a reader sees them (a cell's ``printed`` may spell ９２３．２７)."""
    return re.sub(r"[^\d.%-]", "", normalise_text(text).replace("−", "-"))


Box = tuple[float, float, float, float, str]  # a cell of cells.csv: x0, top, x1, bottom, printed


def _read(tok: Token, records: list[Box]) -> bool:
    """A cell of cells.csv is printed where the number is, with its digits."""
    digits = _digits(tok.text)
    return bool(digits) and any(x0 - 1 <= tok.xc <= x1 + 1 and top - 1 <= tok.yc <= bottom + 1 and digits in _digits(printed)
                                for x0, top, x1, bottom, printed in records)


def _boxes_by_page(records: pd.DataFrame) -> dict[int, list[Box]]:
    out: dict[int, list[Box]] = {}
    if records.empty:
        return out
    for page, x0, top, x1, bottom, printed in records[["page", "x0", "top", "x1", "bottom", "printed"]].itertuples(index=False):
        out.setdefault(int(page), []).append((float(x0), float(top), float(x1), float(bottom), str(printed)))
    return out


def _reason_in_cell(tok: Token, cell: TextCell) -> str:
    role = cell.role
    if role == COLUMN_NO:
        return "column_no"
    if role == ROW_NO_ROLE:
        return "row_no"
    if role == CODE_ROLE:
        return "code"
    if role == HEADER:
        # a header prints words with numbers in them (2024年, 1栏); a line that is only an amount
        # is a figure the reader took for header (a 合计 row in the header's band)
        if any(parse_amount(t) is not None and _digits(tok.text) in _digits(t) for t, _, _ in cell.lines):
            return UNEXPLAINED
        return "header"
    if role == ITEM_ROLE:
        if _digits(cell.text) == cell.text:
            return UNEXPLAINED  # a bare number where a name is printed: a value the reader misplaced
        # 201一般公共服务支出: a code printed inside the name cell
        return "code" if re.match(r"^\d{3,7}", cell.text) and cell.text.startswith(tok.text) else "item"
    return UNEXPLAINED  # VALUE not in cells.csv, UNPLACED, or a cell no row took


def _words(line: str) -> int:
    """Chinese characters on a line: a 注 sentence has many, a stray row of figures none."""
    return sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")


def _reason_off_grid(tok: Token, above_grid: bool, below_grid: bool, height: float, in_table: bool) -> str:
    """Why a number printed off the ruled grid is not a value; `unexplained` for figures without words
    (a total row printed below the ruling, say)."""
    line = tok.line.strip()
    if is_page_number(line, at_edge=tok.top > 0.85 * height or tok.bottom < 0.15 * height):
        return "page_number"
    if _TABLE_NUMBER_BEFORE.search(tok.before):
        return "table_number"
    if _DATE_AFTER.match(tok.after) or _DATE_FORM.match(tok.text):
        return "date"
    if match_title(line) is not None:
        return "title"
    wordy = _words(line) >= 2
    if below_grid and wordy:
        return "note"
    if above_grid and wordy:
        return "heading"
    if not in_table and _words(line) >= 4:
        return "text"  # running text beside the tables: the narrative reader accounts for it
    return UNEXPLAINED


def _cells_at(tokens: list[Token], cells: list[tuple[str, TextCell]]) -> list[tuple[str, TextCell] | None]:
    """For each number, the first cell (in `cells`' order) whose box, half a point wider on every
    side, holds its centre; None where none does.

    All numbers against all cells at once: looked up one by one, in Python, this was a tenth of
    accounting a page's numbers (the same comparisons of the same floats)."""
    if not tokens or not cells:
        return [None] * len(tokens)
    boxes = np.array([(c.box.x0 - 0.5, c.box.x1 + 0.5, c.box.top - 0.5, c.box.bottom + 0.5) for _, c in cells])
    centres = np.array([(tok.xc, tok.yc) for tok in tokens])
    x, y = centres[:, :1], centres[:, 1:]
    inside = (boxes[:, 0] <= x) & (x <= boxes[:, 1]) & (boxes[:, 2] <= y) & (y <= boxes[:, 3])
    first = inside.argmax(axis=1)  # the first True of each row (0 where there is none)
    return [cells[i] if inside[k, i] else None for k, i in enumerate(first.tolist())]


def account_page(pt: PageTables, records: pd.DataFrame | list[Box]) -> list[dict]:
    """One row per printed number on the page: table, box, text, and reason ('' when read).

    `records` are the cells read from the page (x0, top, x1, bottom, printed), or cells.csv."""
    out: list[dict] = []
    page_records = records if isinstance(records, list) else _boxes_by_page(records).get(pt.page.number, [])
    tokens = number_tokens(pt.page, [c.box for _, c in pt.cells])
    for tok, cell in zip(tokens, _cells_at(tokens, pt.cells)):
        table = next((t for t, top, bottom in pt.spans if top - 1 <= tok.yc <= bottom + 1), "")
        if cell is not None:
            table = cell[0]
            if cell[1].role == VALUE and id(cell[1]) in pt.reprint_value:
                reason = pt.reprint_value[id(cell[1])]
            elif cell[1].role == VALUE and _read(tok, page_records):
                reason = ""
            else:
                reason = _reason_in_cell(tok, cell[1])
        else:
            grid = [(t, top, bottom) for t, top, bottom in pt.grids if t == table]
            inside = any(top <= tok.yc <= bottom for _, top, bottom in grid)
            if inside:
                reason = UNEXPLAINED  # inside a ruled grid, in no cell the grid engine found
            else:
                above = any(tok.yc < top for _, top, _ in grid)
                below = any(tok.yc > bottom for _, _, bottom in grid)
                reason = _reason_off_grid(tok, above and not below, below, pt.page.height, bool(table))
        out.append({"table": table, "page": pt.page.number, "x0": round(tok.x0, 2), "top": round(tok.top, 2),
                    "x1": round(tok.x1, 2), "bottom": round(tok.bottom, 2), "text": tok.text, "reason": reason,
                    "context": tok.line.strip()[:80]})
    return out


def page_tables(pages: list[PageText], locations: dict[str, TableLocation],
                cells: dict[str, list[TextCell]], reprint_cells: dict[str, list[tuple[list[TextCell], str]]]) -> list[PageTables]:
    """Group what the reader saw by page: every page a table (or a second printing) is on."""
    by_page: dict[int, PageTables] = {}

    def entry(n: int) -> PageTables:
        if n not in by_page:
            by_page[n] = PageTables(pages[n - 1], [], [], [], {})
        return by_page[n]

    for key, loc in locations.items():
        printings = [loc.regions, *loc.reprints] if loc.regions else []
        for i, regions in enumerate(printings):
            for j, r in enumerate(regions):
                e = entry(r.page)
                top = r.top
                if j == 0:  # the title line above the first region
                    title_top = loc.title_top if i == 0 else loc.reprint_title_tops[i - 1]
                    top = title_top if title_top is not None else r.top
                e.spans.append((key, top, r.bottom))
                rules = e.page.rules_between(r.top, r.bottom)
                if rules:
                    e.grids.append((key, min(x[1] for x in rules), max(x[3] for x in rules)))
        for c in cells.get(key, []):
            entry(c.box.page).cells.append((key, c))
        for text_cells, reason in reprint_cells.get(key, []):
            for c in text_cells:
                e = entry(c.box.page)
                e.cells.append((key, c))
                e.reprint_value[id(c)] = reason
    return [by_page[n] for n in sorted(by_page)]


def account_numbers(pages: list[PageText], locations: dict[str, TableLocation], cells: dict[str, list[TextCell]],
                    records: pd.DataFrame, reprint_cells: dict[str, list[tuple[list[TextCell], str]]] | None = None) -> pd.DataFrame:
    """Every printed number on the table pages, read ('' reason) or not: the frame unread.csv and
    the counts of tables.csv are cut from."""
    rows: list[dict] = []
    boxes = _boxes_by_page(records)
    for pt in page_tables(pages, locations, cells, reprint_cells or {}):
        rows.extend(account_page(pt, boxes.get(pt.page.number, [])))
    return pd.DataFrame(rows, columns=["table", "page", "x0", "top", "x1", "bottom", "text", "reason", "context"])


@dataclass(frozen=True)
class NumberCount:
    """How many numbers the table pages print, how many are cells, how many no reason explains."""

    printed: int = 0
    read: int = 0
    unexplained: int = 0

    @classmethod
    def of(cls, accounted: pd.DataFrame) -> NumberCount:
        return cls(len(accounted), int((accounted["reason"] == "").sum()), int((accounted["reason"] == UNEXPLAINED).sum()))

    def line(self) -> str:
        """N of M printed numbers read, as `juesuan extract` and `juesuan check` print it."""
        others = self.printed - self.read - self.unexplained
        text = (f"{self.read} of {self.printed} printed numbers read; {others} others accounted for "
                f"(codes, 行次/栏次, dates, page numbers … in unread.csv)")
        if self.unexplained:
            text += f"; {self.unexplained} UNEXPLAINED: review unread.csv"
        return text


def counts_by_table(accounted: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    """table → (numbers printed, numbers read, numbers unexplained)."""
    out: dict[str, tuple[int, int, int]] = {}
    for table, grp in accounted.groupby("table"):
        out[str(table)] = (len(grp), int((grp["reason"] == "").sum()), int((grp["reason"] == UNEXPLAINED).sum()))
    return out

"""The 绩效自评表 (部门整体 and 项目 self-evaluation tables) → performance.csv rows.

Why it is built this way: the forms differ between regions in column order, header wording
(年初目标值 / 年度指标值, 实际完成值 / 实际值) and in how they split across pages, but they are
always ruled grids whose header row names its columns. So the grid is read with pdfplumber
(`find_tables`, one cell box per printed cell) and every cell is assigned to a field by the x
range of the header cell above it (`INDICATOR_FIELDS`, `BUDGET_FIELDS`: data, not code). That
keeps working when a table runs on to the next page without repeating its header, and when
merged cells leave holes: a merged 一级指标 (or 二级指标) cell applies to all the rows it spans.
A cell whose text wraps over two lines is one value (``区委常委会开展“第一`` + ``议题”学习``).

Rows: one per indicator (level1 一级指标, level2 二级指标, indicator 三级指标, target, actual as
printed, score as a number), plus the header figures: ``level1 = 预算执行情况`` with
``level2`` = the printed line (部门整体支出总额 / 年度财政资金总额) and ``indicator`` the printed
column header (预算数（A） / 执行数（B） / 执行率（B/A） / 得分（20分*执行率）: it carries the weight),
the printed figure in ``actual`` and, for 得分, the number in ``score``; and
``level1 = 总分`` with the total in ``score``.

Pages without ruled lines fall back to reading text lines (`rows_from_text`), which handles
one-line and wrapped indicator rows whose last three fields are target, actual and score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..document.lines import page_lines
from ..document.pdfdoc import PlumberPage, ReportDoc
from ..document.table_finder import find_tables
from ..domain import SELF_EVALUATION_RUNS_ON, SELF_EVALUATION_TITLE, is_self_evaluation_title_page
from ..catalogue import PERFORMANCE_COLUMNS, conform

DEPARTMENT_SCOPE = re.compile(r"部门整体")
PROJECT_NAME_LABEL = re.compile(r"^项目名称$")
TOTAL_LABEL = re.compile(r"^总分$|^总\s*分$|^合计得分$")

INDICATOR_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("level1", re.compile(r"一级指标")),
    ("level2", re.compile(r"二级指标")),
    ("indicator", re.compile(r"三级指标")),
    ("target", re.compile(r"年初目标值|年度指标值|目标值|指标值")),
    ("actual", re.compile(r"实际完成值|全年实际值|实际值|完成值")),
    ("weight", re.compile(r"^分值")),
    ("score", re.compile(r"^得分")),
]
"""Header cell → field of an indicator row. A header row is one that names 三级指标."""

BUDGET_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("预算数", re.compile(r"预算数|全年预算")),
    ("执行数", re.compile(r"执行数|实际支出")),
    ("执行率", re.compile(r"执行率")),
    ("得分", re.compile(r"^得分")),
]
"""Header cell → figure of the 预算执行情况 block. A header row names both 预算数 and 执行数."""

BUDGET_LABELS = {"预算数": "预算数（A）", "执行数": "执行数（B）", "执行率": "执行率（B/A）", "得分": "得分"}
"""The indicator of a budget figure when its printed header is unknown (text fallback)."""

BUDGET_LEVEL1 = "预算执行情况"
TOTAL_LEVEL1 = "总分"


@dataclass
class Cell:
    text: str
    x0: float
    x1: float

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


Row = list[Cell]


def clean(text: str | None) -> str:
    """A cell's text with its line wraps removed (Chinese wraps with no space)."""
    if not text:
        return ""
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    out = ""
    for ln in lines:
        if out and re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", ln[0]):
            out += " "
        out += ln
    return out


def score_value(text: str) -> float | None:
    """得分 as a number (``4``, ``19.5``, ``20分``); None when the cell holds no number."""
    m = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(m.group(0)) if m else None


def _header_fields(row: Row, fields: list[tuple[str, re.Pattern[str]]]) -> dict[str, tuple[float, float, str]]:
    """Each field's x range and printed header (spaces removed) from a header row."""
    out: dict[str, tuple[float, float, str]] = {}
    for cell in row:
        squeezed = re.sub(r"\s+", "", cell.text)
        for name, pattern in fields:
            if name not in out and pattern.search(squeezed):
                out[name] = (cell.x0, cell.x1, squeezed)
                break
    return out


def _at(row: Row, span: tuple[float, float] | None) -> str:
    """Text of the cell that covers most of the header span (empty when merged away).

    Overlap rather than the cell's middle: a cell merged across 一级 and 二级指标 covers both
    columns, and its middle lies on the ruling between them.
    """
    if span is None:
        return ""
    best, best_overlap = "", 0.0
    for cell in row:
        overlap = min(cell.x1, span[1]) - max(cell.x0, span[0])
        if overlap > best_overlap and overlap >= 0.5 * min(span[1] - span[0], cell.x1 - cell.x0):
            best, best_overlap = cell.text, overlap
    return best


@dataclass
class Reader:
    """State machine over the rows of one or more 自评表 (rows arrive page after page)."""

    scope: str = ""
    page: int = 0
    indicator_cols: dict[str, tuple[float, float]] = field(default_factory=dict)
    budget_cols: dict[str, tuple[float, float]] = field(default_factory=dict)
    budget_labels: dict[str, str] = field(default_factory=dict)  # 得分 → 得分（20分*执行率）
    mode: str = ""  # "" | "budget" | "indicators" | "done"
    level1: str = ""
    level2: str = ""
    out: list[dict] = field(default_factory=list)

    def start(self, title: str) -> None:
        """A new table begins (its title was seen)."""
        self.scope = "部门整体" if DEPARTMENT_SCOPE.search(title) else _title_scope(title)
        self.indicator_cols, self.budget_cols = {}, {}
        self.mode, self.level1, self.level2 = "", "", ""

    def emit(self, level1: str, level2: str, indicator: str, target: str, actual: str,
             score: float | None, weight: str = "") -> None:
        self.out.append({"scope": self.scope, "level1": level1, "level2": level2,
                         "indicator": indicator, "target": target, "actual": actual,
                         "score": score, "page": self.page, "weight": weight})

    def feed(self, row: Row) -> None:
        texts = [c.text for c in row if c.text]
        if not texts:
            return
        joined = "".join(re.sub(r"\s+", "", t) for t in texts)
        if len(texts) == 1 and SELF_EVALUATION_TITLE.search(joined):  # a title printed as the grid's first row
            self.start(joined)
            return
        if PROJECT_NAME_LABEL.match(re.sub(r"\s+", "", texts[0])) and len(texts) > 1:
            self.scope = texts[1]
            return
        if "三级指标" in joined:
            self.indicator_cols = {k: v[:2] for k, v in _header_fields(row, INDICATOR_FIELDS).items()}
            if self.mode != "indicators":  # a header repeated on the next page continues the groups
                self.level1 = self.level2 = ""
            self.mode = "indicators"
            return
        if "预算数" in joined and "执行数" in joined and "三级指标" not in joined:
            found = _header_fields(row, BUDGET_FIELDS)
            self.budget_cols = {k: v[:2] for k, v in found.items()}
            self.budget_labels = {k: v[2] for k, v in found.items()}
            self.mode = "budget"
            return
        if any(TOTAL_LABEL.match(re.sub(r"\s+", "", t)) for t in texts):
            self.emit(TOTAL_LEVEL1, "", TOTAL_LEVEL1, "", "", score_value(texts[-1]))
            self.mode = "done"
            return
        if self.mode == "budget":
            self._budget_row(row)
        elif self.mode == "indicators":
            self._indicator_row(row)

    def _budget_row(self, row: Row) -> None:
        figures = {name: _at(row, span) for name, span in self.budget_cols.items()}
        if not any(score_value(v) is not None for v in figures.values()):
            self.mode = ""  # the 年度目标 text row ends the block
            return
        first = min((s[0] for s in self.budget_cols.values()), default=float("inf"))
        label = "".join(c.text for c in row if c.mid < first and score_value(c.text) is None
                        and not re.search(r"预算执行情况", c.text))
        for name, value in figures.items():
            if value:
                score = score_value(value) if name == "得分" else None
                self.emit(BUDGET_LEVEL1, label, self.budget_labels.get(name, BUDGET_LABELS[name]), "",
                          value, score)

    def _indicator_row(self, row: Row) -> None:
        get = {name: _at(row, span) for name, span in self.indicator_cols.items()}
        if not get.get("indicator"):
            return
        if self._finishes_last_row(get):  # a row the page break split: its words run on, no figures
            last = self.out[-1]
            for key in ("level1", "level2", "indicator"):
                if get.get(key) and get[key] != last[key]:
                    last[key] += get[key]
            self.level1, self.level2 = last["level1"], last["level2"]
            return
        self.level1 = get.get("level1") or self.level1
        self.level2 = get.get("level2") or self.level2
        self.emit(self.level1, self.level2, get["indicator"], get.get("target", ""),
                  get.get("actual", ""), score_value(get.get("score", "")), get.get("weight", ""))


    def _finishes_last_row(self, get: dict[str, str]) -> bool:
        """The first row of a new page holding only words (no target, value or score) after an
        indicator on the page before: the rest of that row, split by the page break."""
        if not self.out or self.out[-1]["page"] == self.page or self.out[-1]["level1"] in (BUDGET_LEVEL1, TOTAL_LEVEL1):
            return False
        return not any(get.get(k) for k in ("target", "actual", "score"))


def _title_scope(title: str) -> str:
    """The subject named in a title: 2023 年度党委信息资源整合项目自评表 → 党委信息资源整合项目."""
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"^\d{4}年度?", "", t)
    return re.sub(r"(?:绩效)?(?:项目)?自评表$", "", t) + ("项目" if t.endswith("项目自评表") else "")


# --------------------------------------------------------------------------------------------
# Reading the PDF
# --------------------------------------------------------------------------------------------


def rows_from_table(table) -> list[Row]:
    """A pdfplumber table as rows of (text, x-range) cells; merged-away cells are absent."""
    rows: list[Row] = []
    texts = table.extract()
    for prow, trow in zip(table.rows, texts):
        row: Row = []
        for bbox, text in zip(prow.cells, trow):
            if bbox is not None:
                row.append(Cell(clean(text), bbox[0], bbox[2]))
        rows.append(row)
    return rows


def _lines_with_y(page) -> list[tuple[float, str]]:
    """The page's visual lines with their top, to find the title above each grid."""
    return [(line.top, line.text) for line in page_lines(page.chars)] if page.chars else []


def open_edges(page) -> list[float]:
    """Rules to add where the grid's vertical rules begin and end.

    A table that runs over a page is printed by browsers and word processors with no rule above
    the first row of the new page (no repeated header) and none below a merged cell that runs
    on (一级指标 spanning rows over the break): that row or cell has no top or bottom edge, so the
    table finder would drop it — an indicator lost, or its 一级指标. Where its vertical rules
    begin and end is where it does; a rule already there is found again, nothing changes.
    """
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 3]
    if not verticals:
        return []
    return [min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)]


def read_page(reader: Reader, page, page_no: int, lines: list[tuple[float, str]] | None = None) -> None:
    """Feed one page: titles start tables, grids give rows, text lines are the fallback.

    ``lines`` are the page's `_lines_with_y` when the caller has them already (grouping a page's
    characters into lines is a tenth of a second; it was done twice per page)."""
    reader.page = page_no
    lines = _lines_with_y(page) if lines is None else lines
    extra = open_edges(page)
    found = find_tables(page, {"explicit_horizontal_lines": extra} if extra else None)  # as page.find_tables
    tables = sorted(found, key=lambda t: t.bbox[1])
    if not tables:
        rows_from_text([t for _, t in lines], reader)
        return
    prev_bottom = -1.0
    for table in tables:
        titles = [t for y, t in lines if prev_bottom < y < table.bbox[1] and SELF_EVALUATION_TITLE.search(t)]
        if titles:
            reader.start(titles[-1])
        if reader.scope:
            for row in rows_from_table(table):
                reader.feed(row)
        prev_bottom = table.bbox[3]


def read_performance(pages: Sequence[PlumberPage]) -> pd.DataFrame:
    """Every 绩效自评表 on these pdfplumber pages as PERFORMANCE_COLUMNS rows (see the module docstring).

    The pages come from an open report (`performance_of`) or any pdfplumber document; a report
    without such tables gives an empty frame with the right columns.
    """
    reader = Reader()
    for page in pages:
        page_no = page.page_number  # 1-based in the whole document, also for a slice of pages
        # the title is looked for in the lines, never in the stream order of the characters
        # (a producer may draw the title's characters in any order)
        lines = _lines_with_y(page)
        text = "".join(t for _, t in lines).replace(" ", "")
        if SELF_EVALUATION_TITLE.search(text) or reader.mode in ("budget", "indicators"):
            read_page(reader, page, page_no, lines)
    return frame(reader.out)


def performance_of(doc: ReportDoc) -> pd.DataFrame:
    """The 绩效自评表 of an open report, from the pages that can hold one: a
    title's page and the next two. They are served from the text layer already read, so nothing
    is parsed twice."""
    pages = doc.pages
    hits = [p.number for p in pages if is_self_evaluation_title_page(p.visual_text)]
    wanted = sorted({m for n in hits for m in range(n, min(n + SELF_EVALUATION_RUNS_ON, len(pages)) + 1)})
    return read_performance([doc.plumber_page(n) for n in wanted])


EXTRA_COLUMNS = ["weight"]
"""Beyond the contract: the indicator's 分值 (weight) as printed, where the form has that column."""
FRAME_COLUMNS = PERFORMANCE_COLUMNS + EXTRA_COLUMNS


def frame(rows: list[dict]) -> pd.DataFrame:
    """The rows in PERFORMANCE_COLUMNS (+ ``weight``), ``score`` numeric."""
    df = conform(pd.DataFrame(rows, columns=FRAME_COLUMNS), FRAME_COLUMNS)
    df["score"] = pd.to_numeric(df["score"], errors="coerce")
    return df


# --------------------------------------------------------------------------------------------
# Text fallback
# --------------------------------------------------------------------------------------------

HEAD = re.compile(
    r"^(?:(?P<level1>(?:产出|效益|满意度|成本|效果|过程|投入)指标))?"
    r"(?P<level2>[\u4e00-\u9fff]{0,8}?指标)?(?P<indicator>.+)$"
)
SCORE_TOKEN = re.compile(r"^\d+(?:\.\d+)?分?$")
AMOUNT_TOKEN = re.compile(r"^\d[\d,]*(?:\.\d+)?(?:万元)?$")
HEADER_WORDS = re.compile(r"一级指标|三级指标|目标值|完成值|预算执行|预算数|执行数|执行率|部门名称|"
                          r"年度目标|绩效目标|^（[A-Z]）$|^得分|基本支出总额|填报日期")


def rows_from_text(lines: list[str], reader: Reader | None = None) -> Reader:
    """Read 自评表 rows from text lines when a page has no ruling: best effort.

    Lines are buffered until one ends in a score; then the last three tokens are target, actual,
    score and the buffered text before them is 一级指标 + 二级指标 + 三级指标 run together (split by
    `HEAD`: a level name ends in 指标). A budget line ends ``A B rate% score``. A target or
    actual that itself wraps over lines cannot be told from the indicator here: the grid reader
    is the reliable path.
    """
    reader = reader or Reader()
    buffer: list[str] = []
    for line in lines:
        tokens = line.split()
        squeezed = "".join(tokens)
        if not tokens:
            continue
        if SELF_EVALUATION_TITLE.search(squeezed):
            reader.start(squeezed)
            reader.mode, buffer = "indicators", []
            continue
        if not reader.scope:
            continue
        if PROJECT_NAME_LABEL.match(tokens[0]) and len(tokens) > 1:
            reader.scope, buffer = "".join(tokens[1:]), []
            continue
        if TOTAL_LABEL.match(tokens[0]) and len(tokens) >= 2 and SCORE_TOKEN.match(tokens[-1]):
            reader.emit(TOTAL_LEVEL1, "", TOTAL_LEVEL1, "", "", score_value(tokens[-1]))
            reader.mode, buffer = "done", []
            continue
        if reader.mode != "indicators":
            continue
        if HEADER_WORDS.search(squeezed):
            buffer = []
            continue
        buffer.extend(tokens)
        if len(buffer) < 4 or not SCORE_TOKEN.match(buffer[-1]):
            continue
        if AMOUNT_TOKEN.match(buffer[-4]) and AMOUNT_TOKEN.match(buffer[-3]) and buffer[-2].endswith("%"):
            label = "".join(buffer[:-4])
            for name, value in zip(BUDGET_LABELS, buffer[-4:]):
                reader.emit(BUDGET_LEVEL1, label, BUDGET_LABELS[name], "", value,
                            score_value(value) if name == "得分" else None)
        else:
            m = HEAD.match("".join(buffer[:-3]))
            if m:
                reader.level1 = m.group("level1") or reader.level1
                reader.level2 = m.group("level2") or reader.level2
                reader.emit(reader.level1, reader.level2, m.group("indicator"), buffer[-3],
                            buffer[-2], score_value(buffer[-1]))
        buffer = []
    return reader


def read_performance_text(pages: list[tuple[int, str]]) -> pd.DataFrame:
    """The 自评表 of a text dump ``[(page_no, text)]`` (no ruling lines to go by)."""
    reader = Reader()
    for page_no, text in pages:
        reader.page = page_no
        rows_from_text(text.splitlines(), reader)
    return frame(reader.out)

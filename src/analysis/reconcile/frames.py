"""Read the tidy frames the way the checks need them: printed rows of a table, as Decimals.

The checks speak of rows (合计, 201, 本年收入合计) and columns (total, basic); this module turns
the long `cells` frame into those rows once, so each rule stays a few lines of arithmetic. Labels
differ between regions (一、一般公共服务支出 / 一般公共服务支出 / 一般公共服务（类）支出), so rows
without a code are matched on a normalised label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import pandas as pd

from ..document.normalise import normalise_text
from .evidence import Ref, note
from .verdict import HALF_UNIT, dec

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
# The 本年收入合计 / 本年支出合计 rows of two-sided tables (older layouts print 收入合计 / 支出合计).
INCOME_TOTAL = r"^(本年)?收入合计$"
SPEND_TOTAL = r"^(本年)?支出合计$"
_TOTAL_LABEL = re.compile(r"^(?:合计|总计|小计|支出合计|收入合计)$")

# The least precision a table prints in, as decimals of 万元: the cent of 万元, the 元. A table whose
# printed texts show more decimals (元 to the fen) is judged at that finer precision.
_LEAST_DECIMALS = {"万元": 2, "元": 4}
_PRINTED_DECIMALS = re.compile(r"\.(\d+)\s*$")


def norm_label(item: object) -> str:
    """A row label without spaces, ordinal prefix (一、 / 1. / （一）) and (类)/(款)/(项) marks."""
    text = re.sub(r"\s+", "", str(item or ""))
    text = _ORDINAL.sub("", text)
    return re.sub(r"[（(][类款项][)）]", "", text)


def class_key(item: object) -> str:
    """A 类 name as the text and the two-sided tables may both print it: 一般公共服务."""
    label = norm_label(item)
    return label[:-2] if label.endswith("支出") and len(label) > 2 else label


def is_total_label(item: object) -> bool:
    return bool(_TOTAL_LABEL.match(norm_label(item)))


@dataclass(frozen=True)
class Row:
    """One printed row: its key (code, or label where there is none), label, side and values."""

    key: str
    code: str
    item: str
    side: str
    row_no: str
    values: dict[str, Decimal]
    pages: tuple[int, ...]
    table: str = ""

    def get(self, column: str) -> Decimal | None:
        """A printed value; reading it makes it evidence of the finding being judged."""
        value = self.values.get(column)
        if value is not None:
            note(Ref("cell", self.table, self.side, self.code, self.item, self.row_no, column))
        return value


@dataclass
class Inputs:
    """The frames of one department, with the lookups the rules share (built once per run)."""

    cells: pd.DataFrame
    tables: pd.DataFrame
    narrative: pd.DataFrame
    performance: pd.DataFrame
    text_pages: list[tuple[int, str]] | None = None
    # unread.csv: numbers printed on table pages that are not cells (reason column); empty when
    # the folder has none. A table with `unexplained` rows here may be missing cells.
    unread: pd.DataFrame = field(default_factory=pd.DataFrame)
    reading: pd.DataFrame | None = None  # reading.csv: each page's numbers, ours against PDFium's
    uncovered: pd.DataFrame | None = None  # uncovered.csv: the narrative's figures that are not facts
    # the same department's report of the year before, when it has been read (year_on_year checks)
    previous: "Inputs | None" = None
    label: str = ""  # which report these frames are, for evidence ("2023 年度, PDF sha256 1a2b…")
    _rows: dict[str, list[Row]] = field(default_factory=dict, repr=False)
    cache: dict[str, object] = field(default_factory=dict, repr=False)  # rule modules' derived views

    # -- tables ---------------------------------------------------------------------------
    @cached_property
    def _table_info(self) -> dict[str, tuple[str, str]]:
        """tables.csv as table → (status, unit), read once."""
        info: dict[str, tuple[str, str]] = {}
        if self.tables is not None and len(self.tables) and "table" in self.tables:
            for rec in self.tables.to_dict("records"):
                unit = rec.get("unit")
                info.setdefault(str(rec["table"]), (str(rec.get("status") or "missing"),
                                                    unit if isinstance(unit, str) and unit else "万元"))
        return info

    def unexplained_tables(self) -> set[str]:
        """Tables with a printed number the reader could not place (unread.csv reason `unexplained`)."""
        return {t for t, _, _ in self._unexplained if t}

    def status(self, table: str) -> str:
        """extracted / empty / missing, from tables.csv, else inferred from the cells."""
        if table in self._table_info:
            return self._table_info[table][0]
        return "extracted" if len(self.rows(table)) else "missing"

    def unit(self, table: str) -> str:
        return self._table_info.get(table, ("", "万元"))[1]

    def half_unit(self, *tables: str) -> Decimal:
        """Half a unit of the last printed decimal of the coarsest of these tables, in 万元.

        Each printed cell carries that much rounding: ±0.005 for a table printed to the cent of
        万元, ±0.00005 for one printed in whole 元.
        """
        return max((self._table_half(t) for t in tables), default=HALF_UNIT)

    def _table_half(self, table: str) -> Decimal:
        halves = self.cache.setdefault("table_half", {})
        if table not in halves:
            halves[table] = Decimal("0.5").scaleb(-self._table_decimals(table))  # type: ignore[index]
        return halves[table]  # type: ignore[index]

    def _table_decimals(self, table: str) -> int:
        """How many decimals of 万元 the table prints: from its printed texts where the cells keep
        them (trailing zeros included), never fewer than its unit's least (a float has lost them)."""
        unit = self.unit(table)
        least = _LEAST_DECIMALS.get(unit, 2)
        if "printed" not in self.cells or "table" not in self.cells:
            return least
        texts = self.cells.loc[self.cells["table"] == table, "printed"].dropna().astype(str)
        shown = [len(m.group(1)) for t in texts if (m := _PRINTED_DECIMALS.search(normalise_text(t).replace(",", "")))]
        if not shown:
            return least
        return max(shown) + (4 if unit == "元" else 0)

    # -- numbers the reader could not account for ---------------------------------------------
    @cached_property
    def _unexplained(self) -> list[tuple[str, int | None, str]]:
        """(table, page, text) of the numbers printed on table pages that no reading explains
        (unread.csv, reason `unexplained`): a table holding one may have lost a figure to a misread."""
        u = self.unread
        if u is None or not len(u) or "reason" not in u:
            return []
        out = []
        for rec in u[u["reason"].astype(str) == "unexplained"].to_dict("records"):
            page = pd.to_numeric(rec.get("page"), errors="coerce")
            out.append((_text(rec.get("table")), int(page) if page == page and page is not None else None,
                        _text(rec.get("text"))))
        return out

    def unexplained_anywhere(self) -> list[tuple[int, str]]:
        """(page, text) of every unexplained number of the document."""
        return [(p or 0, t) for _, p, t in self._unexplained]

    def unexplained(self, table: str) -> list[tuple[int, str]]:
        """(page, text) of the unexplained numbers of a table: those unread.csv files under it, or,
        where it names no table, those printed on the table's pages."""
        if not self._unexplained:
            return []
        pages: set[int] | None = None
        hits = []
        for t, p, text in self._unexplained:
            if t:
                if t == table:
                    hits.append((p or 0, text))
                continue
            if pages is None:
                pages = {q for r in self.rows(table) for q in r.pages} | self._listed_pages(table)
            if p in pages:
                hits.append((p, text))
        return hits

    def _listed_pages(self, table: str) -> set[int]:
        """The pages tables.csv gives for a table ("5;6" or "5-6")."""
        if self.tables is None or not len(self.tables) or "pages" not in self.tables:
            return set()
        out: set[int] = set()
        for text in self.tables.loc[self.tables["table"].astype(str) == table, "pages"].dropna().astype(str):
            for a, b in re.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", text):
                out.update(range(int(a), int(b or a) + 1))
        return out

    @property
    def without_text(self) -> bool:
        """The report prints no explanatory text: no narrative fact, and uncovered.csv (known, not
        absent) lists no figure either — the tables alone. Text checks are then not applicable,
        said once with the reason, rather than insufficient_data for want of facts."""
        no_facts = self.narrative is None or not len(self.narrative)
        return no_facts and self.uncovered is not None and not len(self.uncovered)

    @cached_property
    def year(self) -> int | None:
        if "year" in self.cells and self.cells["year"].notna().any():
            try:
                return int(pd.to_numeric(self.cells["year"], errors="coerce").dropna().mode().iloc[0])
            except (IndexError, ValueError):
                return None
        return None

    @cached_property
    def department(self) -> str | None:
        if "department" in self.cells and self.cells["department"].notna().any():
            return str(self.cells["department"].dropna().mode().iloc[0])
        return None

    # -- rows -----------------------------------------------------------------------------
    def rows(self, table: str, side: str | None = None) -> list[Row]:
        """The table's printed rows in printed order (row_no when printed, else frame order)."""
        if not self._rows:
            self._rows.update(_build_all_rows(self.cells) or {"": []})
        rows = self._rows.get(table, [])
        return [r for r in rows if side is None or r.side == side]

    def row(self, table: str, code: str) -> Row | None:
        return next((r for r in self.rows(table) if r.code == code), None)

    def total_row(self, table: str, side: str | None = None) -> Row | None:
        """The 合计 row of a coded table (empty code, label 合计/总计/小计)."""
        return next((r for r in self.rows(table, side) if not r.code and is_total_label(r.item)), None)

    def find(self, table: str, pattern: str, side: str | None = None) -> Row | None:
        """The first row whose normalised label matches the regex."""
        rx = re.compile(pattern)
        return next((r for r in self.rows(table, side) if rx.search(norm_label(r.item))), None)

    def value(self, table: str, column: str, *, code: str | None = None, pattern: str | None = None,
              side: str | None = None) -> Decimal | None:
        r = self.row(table, code) if code is not None else self.find(table, pattern or "^$", side)
        return r.get(column) if r else None

    def pages(self, *tables: str) -> str:
        pages = sorted({p for t in tables for r in self.rows(t) for p in r.pages})
        return ";".join(str(p) for p in pages)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value).strip()


def _build_all_rows(cells: pd.DataFrame) -> dict[str, list[Row]]:
    """Every table's printed rows, built in one pass over the cells (plain Python: a few hundred
    cells, and grouping them in pandas per table costs more than the checks themselves)."""
    if cells is None or not len(cells) or "table" not in cells:
        return {}
    cols = [c for c in ("table", "side", "code", "item", "row_no", "column", "value", "page") if c in cells]
    groups: dict[tuple[str, str, str, str, str], dict] = {}
    for rec in cells[cols].to_dict("records"):
        code = re.sub(r"\D", "", _text(rec.get("code")).removesuffix(".0"))
        row_no = _text(rec.get("row_no")).removesuffix(".0")
        key = (_text(rec.get("table")), _text(rec.get("side")), code, _text(rec.get("item")), row_no)
        g = groups.setdefault(key, {"values": {}, "pages": set()})
        if (d := dec(rec.get("value"))) is not None:
            g["values"].setdefault(_text(rec.get("column")), d)
        page = pd.to_numeric(rec.get("page"), errors="coerce")
        if page == page and page is not None:
            g["pages"].add(int(page))
    out: dict[str, list[Row]] = {}
    for (table, side, code, item, row_no), g in groups.items():  # dicts keep first-seen (printed) order
        key = code or norm_label(item) or f"row{row_no}"
        out.setdefault(table, []).append(Row(key, code, item, side, row_no, g["values"], tuple(sorted(g["pages"])),
                                            table))
    return out


def side_sections(rows: list[Row], total_pattern: str) -> tuple[list[Row], Row | None, list[Row], Row | None]:
    """Split one side of a two-sided table at its total rows.

    Returns (lines above the 本年…合计 row, that row, rows between it and 总计, the 总计 row). The
    order is the printed order, so it works whether or not the 行次 was extracted. 其中 rows are
    left out: they are part of the line above, and counting them would count it twice.
    """
    rx = re.compile(total_pattern)
    lines: list[Row] = []
    between: list[Row] = []
    total = grand = None
    for r in rows:
        label = norm_label(r.item)
        if label.startswith("其中"):  # 其中：… restates part of the line above; it is no line of its own
            continue
        if grand is None and label == "总计":
            grand = r
        elif total is None and rx.search(label):
            total = r
        elif total is None:
            lines.append(r)
        elif grand is None:
            between.append(r)
    return lines, total, between, grand

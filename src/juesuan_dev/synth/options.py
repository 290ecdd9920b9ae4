"""Layout options: the ways real reports differ from one another, as switches.

Extraction must cope with regions that split codes into 类/款/项 columns, print 元 instead of
万元, rename or drop tables, or let a table run on over a page break; the synthetic corpora and
the fault tests render the same description under these switches. They can come from Python,
from the description's `render:` mapping, or from the CLI.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .habits import HABITS
from .pictures import PICTURE_HABITS, SCAN_DPI

LYING = "lying-punctuation"  # the font's ToUnicode reads 、 as 1 and 。 as 2 (synth/lying.py)
ALL_HABITS = (*HABITS, LYING, *PICTURE_HABITS)

UNITS = ("万元", "元")


@dataclass(frozen=True)
class PageBreakSpec:
    """Force `table` to continue on the next page after its `after_row`-th body row.

    Several specs for one table split it several times (a table over three pages); each spec's
    flags describe the break it makes.
    """

    table: str
    after_row: int
    repeat_header: bool = True  # print the column headers again on the continuation page
    blank_page: bool = False  # leave an empty (numbered) page between the two parts

    @classmethod
    def parse(cls, text: str) -> PageBreakSpec:
        """'income:10', 'income:10:norepeat', 'income:10:blank', 'income:10:norepeat:blank'."""
        table, row, *flags = text.split(":")
        unknown = set(flags) - {"norepeat", "blank", "repeat"}
        if unknown:
            raise ValueError(f"page break {text!r}: unknown flag(s) {sorted(unknown)}")
        return cls(table, int(row), repeat_header="norepeat" not in flags, blank_page="blank" in flags)


@dataclass(frozen=True)
class RenderOptions:
    split_codes: bool = False  # 类 | 款 | 项 as three columns (210 | 11 | 01)
    unit: str = "万元"  # 元: values ×10000 with two decimals, unit line says 金额单位：元
    title_variants: dict[str, str] = field(default_factory=dict)  # table key → title (year prefix added)
    omit_tables: tuple[str, ...] = ()  # tables left out of the PDF
    page_break_inside: tuple[PageBreakSpec, ...] = ()
    landscape: bool = True  # wide tables on landscape pages (False: everything portrait)
    table_numbers: bool = True  # print 公开NN表 under the titles
    table_order: tuple[str, ...] = ()  # keys first in this order, the rest after in their own order
    font_size: float = 8.0  # table body font size
    thousands: bool = False  # values with thousands separators: 1,132.98 (Excel / WPS number formats)
    total_in_header: bool = False  # the 合计 row printed in the band of the 类 款 项 header row (no 栏次 row)
    # … and no rule above it in the name and value columns either: one cell holds 本年收入合计 and its figure
    total_under_header_words: bool = False
    # columns printed blank, per table: key or prefix* (three_public: [actual_*] prints only 预算数)
    blank_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # how the text layer is written (`habits.HABITS`): digit-font, char-by-char, shuffled-stream;
    # and then, in this order, lying-punctuation (synth/lying.py) and one picture habit, scanned
    # or pictured-tables (synth/pictures.py), the picture drawn at scan_dpi
    text_habits: tuple[str, ...] = ()
    scan_dpi: int = SCAN_DPI

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {self.unit!r}")
        unknown = sorted(set(self.text_habits) - set(ALL_HABITS))
        if unknown:
            raise ValueError(f"unknown text habit(s) {unknown}; known: {list(ALL_HABITS)}")
        if len(set(self.text_habits) & set(PICTURE_HABITS)) > 1:
            raise ValueError(f"one picture habit at a time: {sorted(set(self.text_habits) & set(PICTURE_HABITS))}")

    def is_blank(self, table: str, column: str) -> bool:
        """Whether `column` of `table` is printed blank (blank_columns)."""
        return any(column == p or (p.endswith("*") and column.startswith(p[:-1])) for p in self.blank_columns.get(table, ()))

    def break_for(self, table: str) -> PageBreakSpec | None:
        return next((b for b in self.page_break_inside if b.table == table), None)

    def breaks_for(self, table: str) -> tuple[PageBreakSpec, ...]:
        """Every break inside `table`, top to bottom (one row, one break)."""
        by_row = {b.after_row: b for b in self.page_break_inside if b.table == table}
        return tuple(by_row[r] for r in sorted(by_row))

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> RenderOptions:
        """From a YAML mapping; page breaks as mappings or 'table:row[:norepeat][:blank]' strings."""
        d = dict(d or {})
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown render option(s) {sorted(unknown)}; known: {sorted(known)}")
        breaks = []
        for b in d.pop("page_break_inside", None) or []:
            breaks.append(PageBreakSpec.parse(b) if isinstance(b, str) else PageBreakSpec(**b))
        for name in ("omit_tables", "table_order", "text_habits"):
            if name in d:
                d[name] = tuple(d[name] or ())
        if "blank_columns" in d:
            d["blank_columns"] = {k: tuple(v if isinstance(v, list) else [v]) for k, v in (d["blank_columns"] or {}).items()}
        return cls(page_break_inside=tuple(breaks), **d)

    def merged(self, **changes: Any) -> RenderOptions:
        """A copy with the given fields replaced (CLI flags over YAML settings)."""
        return dataclasses.replace(self, **changes)

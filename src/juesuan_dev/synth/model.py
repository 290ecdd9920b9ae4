"""The structured description of one department's report, and loading/validating it from YAML.

A report is data, not code: a variant department (other rows, another table layout, an empty
table) must be a change to a YAML file. So the model is generic — a table is a list of
side-by-side panels, each a list of columns (canonical key + header path + 栏次 label) and rows
(code, item, 行次, values as printed strings) — and the renderer knows nothing about particular
departments. Values stay strings exactly as printed ("964.80", "2", "4.3") so the PDF shows what
the source showed, trailing zeros included.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import JuesuanError
from analysis.outputs import write_text_atomic

# Canonical column keys per table (docs/data-dictionary.md), plus the structural keys
# every table may carry. A key outside these is a typo that would silently never be extracted.
STRUCTURAL_KEYS = {"code", "item", "row_no"}
TABLE_COLUMN_KEYS: dict[str, set[str]] = {
    "summary": {"amount"},
    "income": {"total", "fiscal", "superior_subsidy", "business", "operating", "subsidiary_remit", "other"},
    "expenditure": {"total", "basic", "project", "remit_superior", "operating", "subsidy_subsidiary"},
    "fiscal_summary": {"amount", "total", "general_budget", "gov_fund", "soe_capital"},
    "general_budget_expenditure": {"opening_balance", "income", "total", "basic", "project", "closing_balance"},
    "basic_expenditure": {"amount"},
    "gov_fund": {"opening_balance", "income", "total", "basic", "project", "closing_balance"},
    "soe_capital": {"opening_balance", "income", "total", "basic", "project", "closing_balance"},
    "three_public": {
        f"{kind}_{what}"
        for kind in ("budget", "actual")
        for what in ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
    },
}
SIDES = {"", "income", "expenditure"}
GROUPS = {"", "personnel", "public"}
BLOCK_KINDS = ("h", "h2", "p", "table")


class DescriptionError(JuesuanError):
    """A description YAML is malformed: names the place in the file and what to fix."""


@dataclass
class Column:
    key: str
    header: list[str]
    lanci: str = ""  # the 栏次 row label ("栏次", "1", …); "" leaves the cell blank
    width: float = 1.0  # relative width; scaled to the page


@dataclass
class Row:
    code: str = ""
    item: str = ""
    row_no: str = ""
    values: dict[str, str] = field(default_factory=dict)
    total: bool = False  # a 合计/总计 line (drawn on a light background)
    span_panels: int = 1  # a total whose label runs on across the next panel(s) (公用经费合计)


@dataclass
class Panel:
    columns: list[Column]
    rows: list[Row]
    side: str = ""  # income / expenditure for the two-sided 总表
    group: str = ""  # personnel / public for basic_expenditure


@dataclass
class Table:
    key: str
    title: str
    panels: list[Panel]
    number: str = ""  # 公开01表 …; printed at the right under the title
    orientation: str = "portrait"
    notes: list[str] = field(default_factory=list)  # 注 lines below the grid
    explanation: str = ""  # 说明：本部门当年无… (tables printed empty)

    def is_empty(self) -> bool:
        return not any(r.values for p in self.panels for r in p.rows)


@dataclass
class SmallTable:
    """A plain ruled table inside narrative text (第四部分 重要事项)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # h | h2 | p | table
    text: str = ""
    table: SmallTable | None = None


@dataclass
class Part:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Indicator:
    level1: str
    level2: str
    indicator: str
    target: str
    actual: str
    score: str


@dataclass
class BudgetBlock:
    label: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class TextRow:
    label: str
    lines: list[str]


@dataclass
class PerformanceTable:
    scope: str
    title: str
    info_rows: list[list[str]]
    budget: BudgetBlock
    indicator_columns: list[str]
    indicators: list[Indicator]
    total: dict[str, str]
    header_left: str = ""
    header_right: str = ""
    goal: dict[str, str] | None = None
    indicators_label: str = ""
    text_rows: list[TextRow] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


@dataclass
class Cover:
    title: str
    lines: list[str] = field(default_factory=list)
    label: str = ""  # e.g. 合成示例 / synthetic: printed prominently so nobody mistakes it


@dataclass
class Department:
    department: str
    year: int
    cover: Cover
    parts: list[Part]
    tables: list[Table]
    performance: list[PerformanceTable] = field(default_factory=list)
    unit: str = "万元"
    render: dict[str, Any] = field(default_factory=dict)  # RenderOptions fields set in the YAML
    schema: str = "juesuan-description/1"

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)


# ---------------------------------------------------------------- loading


def _str(x: Any) -> str:
    return "" if x is None else str(x)


def _row(d: dict[str, Any] | None) -> Row:
    d = d or {}
    return Row(
        code=_str(d.get("code")),
        item=_str(d.get("item")),
        row_no=_str(d.get("row_no")),
        values={k: _str(v) for k, v in (d.get("values") or {}).items() if v is not None and _str(v) != ""},
        total=bool(d.get("total", False)),
        span_panels=int(d.get("span_panels", 1)),
    )


def _column(d: dict[str, Any]) -> Column:
    header = d.get("header") or []
    return Column(key=d["key"], header=[_str(h) for h in header], lanci=_str(d.get("lanci")), width=float(d.get("width", 1.0)))


def _table(d: dict[str, Any]) -> Table:
    panels = [
        Panel(
            columns=[_column(c) for c in p["columns"]],
            rows=[_row(r) for r in p.get("rows") or []],
            side=_str(p.get("side")),
            group=_str(p.get("group")),
        )
        for p in d["panels"]
    ]
    return Table(
        key=d["key"],
        title=d["title"],
        panels=panels,
        number=_str(d.get("number")),
        orientation=d.get("orientation", "portrait"),
        notes=[_str(n) for n in d.get("notes") or []],
        explanation=_str(d.get("explanation")),
    )


def _block(d: dict[str, Any]) -> Block:
    (kind, body), = d.items()
    if kind == "table":
        return Block("table", table=SmallTable(
            header=[_str(h) for h in body["header"]],
            rows=[[_str(c) for c in r] for r in body["rows"]],
            widths=[float(w) for w in body.get("widths") or []],
        ))
    return Block(kind, text=_str(body))


def _performance(d: dict[str, Any]) -> PerformanceTable:
    b = d["budget"]
    return PerformanceTable(
        scope=d["scope"],
        title=d["title"],
        header_left=_str(d.get("header_left")),
        header_right=_str(d.get("header_right")),
        info_rows=[[_str(c) for c in r] for r in d.get("info_rows") or []],
        budget=BudgetBlock(b["label"], [_str(c) for c in b["columns"]], [[_str(c) for c in r] for r in b["rows"]]),
        goal={k: _str(v) for k, v in d["goal"].items()} if d.get("goal") else None,
        indicators_label=_str(d.get("indicators_label")),
        indicator_columns=[_str(c) for c in d["indicator_columns"]],
        indicators=[Indicator(*[_str(c) for c in r]) for r in d["indicators"]],
        total={k: _str(v) for k, v in d["total"].items()},
        text_rows=[TextRow(t["label"], [_str(x) for x in t["lines"]]) for t in d.get("text_rows") or []],
        remarks=[_str(x) for x in d.get("remarks") or []],
    )


def department_from_dict(d: dict[str, Any], source: Path | None = None) -> Department:
    """Build and validate a Department from the parsed YAML mapping."""
    try:
        cover = d.get("cover") or {}
        dept = Department(
            department=_str(d["department"]),
            year=int(d["year"]),
            unit=_str(d.get("unit", "万元")),
            cover=Cover(title=_str(cover.get("title", f"{d['year']}年度部门决算")),
                        lines=[_str(x) for x in cover.get("lines") or []], label=_str(cover.get("label"))),
            parts=[Part(p["key"], p["title"], [_block(b) for b in p.get("blocks") or []]) for p in d.get("parts") or []],
            tables=[_table(t) for t in d.get("tables") or []],
            performance=[_performance(p) for p in d.get("performance") or []],
            render=dict(d.get("render") or {}),
            schema=_str(d.get("schema", "juesuan-description/1")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DescriptionError(source, f"malformed description ({type(exc).__name__}: {exc})",
                               "compare with data/sample/qingshan-party-office-2023.yml") from exc
    problems = validate(dept)
    if problems:
        raise DescriptionError(source, "; ".join(problems[:10]), "fix these entries in the YAML")
    return dept


def load_description(path: str | Path) -> Department:
    """Read a description YAML (data/sample/*.yml) into a validated Department."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DescriptionError(path, f"cannot read description: {exc}", "check the path and YAML syntax") from exc
    if not isinstance(data, dict):
        raise DescriptionError(path, "not a mapping at the top level", "start from the bundled sample")
    return department_from_dict(data, path)


def department_to_dict(dept: Department) -> dict[str, Any]:
    """The plain mapping form (what `dump_description` writes), e.g. to save a planted variant."""
    d = dataclasses.asdict(dept)
    for part in d["parts"]:
        part["blocks"] = [{b["kind"]: b["table"] if b["kind"] == "table" else b["text"]} for b in part["blocks"]]
    for perf in d["performance"]:
        perf["indicators"] = [list(i.values()) for i in perf["indicators"]]
    return d


def dump_description(dept: Department, path: str | Path) -> Path:
    """Write dept as description YAML (atomically), so a generated variant can be kept and re-rendered."""
    text = yaml.safe_dump(department_to_dict(dept), allow_unicode=True, sort_keys=False, width=1000)
    return write_text_atomic(Path(path), text)


# ---------------------------------------------------------------- validation


def _is_number(text: str) -> bool:
    try:
        Decimal(text.replace(",", ""))
    except InvalidOperation:
        return False
    return True


def validate(dept: Department) -> list[str]:
    """Every problem found, as 'where: what' strings (empty list = valid)."""
    problems: list[str] = []
    seen: set[str] = set()
    for t in dept.tables:
        where = f"tables[{t.key}]"
        if t.key not in TABLE_COLUMN_KEYS:
            problems.append(f"{where}: unknown table key (use one of {sorted(TABLE_COLUMN_KEYS)})")
            continue
        if t.key in seen:
            problems.append(f"{where}: table appears twice")
        seen.add(t.key)
        if t.orientation not in ("portrait", "landscape"):
            problems.append(f"{where}: orientation must be portrait or landscape")
        allowed = TABLE_COLUMN_KEYS[t.key] | STRUCTURAL_KEYS
        for pi, panel in enumerate(t.panels):
            if panel.side not in SIDES or panel.group not in GROUPS:
                problems.append(f"{where}.panels[{pi}]: bad side/group {panel.side!r}/{panel.group!r}")
            keys = [c.key for c in panel.columns]
            for k in keys:
                if k not in allowed:
                    problems.append(f"{where}.panels[{pi}]: column key {k!r} not in the data dictionary")
            for ri, row in enumerate(panel.rows):
                for k, v in row.values.items():
                    if k not in keys:
                        problems.append(f"{where}.panels[{pi}].rows[{ri}]: value for absent column {k!r}")
                    elif not _is_number(v):
                        problems.append(f"{where}.panels[{pi}].rows[{ri}]: {k}={v!r} is not a number")
                if row.code and not row.code.isdigit():
                    problems.append(f"{where}.panels[{pi}].rows[{ri}]: code {row.code!r} is not digits")
                if row.span_panels > 1 and pi + row.span_panels > len(t.panels):
                    problems.append(f"{where}.panels[{pi}].rows[{ri}]: span_panels runs past the last panel")
    for part in dept.parts:
        for b in part.blocks:
            if b.kind not in BLOCK_KINDS:
                problems.append(f"parts[{part.key}]: unknown block {b.kind!r} (use {BLOCK_KINDS})")
    return problems

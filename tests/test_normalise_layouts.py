"""Other regions' layouts of the 三公 table, read from cells laid out as their pages print them.

Fast companions of the rendered variants in tests/test_render_variants.py: the figures are the
sample's (公开09表: 预算数 21 for 合计, 公务用车 and 运行维护费; 决算数 10.96 for the same three).
"""

from __future__ import annotations

from analysis.tables.grids import CellBox
from analysis.tables.normalise import UNPLACED, VALUE, TextCell, normalise_table
from analysis.tables.specs import SPECS_BY_KEY

from fixtures.sample_cells import THREE_PUBLIC_TURNED_ROWS

SPEC = SPECS_BY_KEY["three_public"]


def _grid(rows: list[list[str]], widths: list[float]) -> list[TextCell]:
    """Cells of a ruled grid, row by row (20 pt high), columns of the given widths."""
    cells = []
    for r, texts in enumerate(rows):
        x = 50.0
        for text, w in zip(texts, widths):
            cells.append(TextCell(CellBox(1, x, 100.0 + 20 * r, x + w, 120.0 + 20 * r), text))
            x += w
    return cells


def _read(cells: list[TextCell]) -> dict[tuple[str, str], float]:
    return {(r["item"], r["column"]): r["value"] for r in normalise_table(SPEC, cells, "万元")}


def test_turned_three_public_is_keyed_by_row_name_and_stage():
    """项目 | 预算数 | 决算数, one row per part (云南); its 栏次 1 and 2 are not the wide table's 1 and 2."""
    cells = _grid([
        ["项目", "预算数", "决算数"],
        ["栏次", "1", "2"],
        *THREE_PUBLIC_TURNED_ROWS,
        ["会议费", "3.5", "2"],  # other costs the region prints in the same table
        ["公务接待批次（批）", "", "4"],
    ], [200.0, 100.0, 100.0])
    assert _read(cells) == {
        ("", "budget_total"): 21.0, ("", "actual_total"): 10.96,
        ("", "budget_vehicle"): 21.0, ("", "actual_vehicle"): 10.96,
        ("", "budget_vehicle_operation"): 21.0, ("", "actual_vehicle_operation"): 10.96,
    }
    # 会议费 and the count are not 三公 amounts: left unplaced, so the accounting calls them unread
    unplaced = sorted(c.text for c in cells if c.role == UNPLACED and c.text[:1].isdigit() and c.box.top > 140)
    assert unplaced == ["2", "3.5", "4"]
    assert sum(c.role == VALUE for c in cells) == 6


def test_three_public_printing_only_its_actual_figures_without_saying_so():
    """Only the six 决算数 columns, headed by their parts alone: a 决算表's figures are 决算数."""
    cells = _grid([
        ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"],
        ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""],
        ["10.96", "", "10.96", "", "10.96", ""],
    ], [80.0] * 6)
    # the merged 公务用车 header cell spans the three vehicle columns
    merged = [c for c in cells if c.box.top == 100.0 and c.box.x0 in (210.0, 290.0, 370.0)]
    merged[0].box = CellBox(1, 210.0, 100.0, 450.0, 120.0)
    for c in merged[1:]:
        cells.remove(c)
    assert _read(cells) == {("", "actual_total"): 10.96, ("", "actual_vehicle"): 10.96,
                            ("", "actual_vehicle_operation"): 10.96}


def test_a_header_that_names_its_stage_keeps_it():
    cells = _grid([["预算数合计", "预算数因公出国（境）费"], ["21", ""]], [80.0, 80.0])
    assert _read(cells) == {("", "budget_total"): 21.0}


def test_two_columns_under_one_key_are_not_read():
    """财政拨款收入 split into 一般公共预算 | 政府性基金 (both `fiscal` by the rules): neither figure is
    taken for the other or added up; the other columns are read as printed."""
    cells = _grid([
        ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "财政拨款收入", "事业收入"],
        ["", "", "", "一般公共预算财政拨款", "政府性基金预算财政拨款", ""],
        ["", "合计", "1132.98", "1100", "32.98", ""],
    ], [60.0, 120.0, 80.0, 80.0, 80.0, 80.0])
    records = normalise_table(SPECS_BY_KEY["income"], cells, "万元")
    assert [(r["item"], r["column"], r["value"]) for r in records] == [("合计", "total", 1132.98)]
    assert sorted(c.text for c in cells if c.role == UNPLACED and c.text[:1].isdigit()) == ["1100", "32.98"]

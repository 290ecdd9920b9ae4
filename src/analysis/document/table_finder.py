"""pdfplumber's table finder, with its search for cells indexed: the same cells, found faster.

pdfplumber's `intersections_to_cells` rebuilds the sets of edges at both ends of every pair of
points it tests, and scans every later point for the ones straight below and to the right of each
point: a ruled table of a few hundred intersections took 6–7 % of a department's checking. Here
each point's edges are made sets once, and the points below and to the right are looked up by
column and by row; the candidates are tried in pdfplumber's order with pdfplumber's tests, so the
cells, and the tables grouped from them (pdfplumber's own `cells_to_tables`), are the same ones in
the same order (tests/test_table_finder.py compares both on every test PDF).
"""

from __future__ import annotations

from bisect import bisect_right

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

Point = tuple[float, float]
Bbox = tuple[float, float, float, float]


def intersections_to_cells(intersections: dict[Point, dict[str, list[dict]]]) -> list[Bbox]:
    """pdfplumber.table.intersections_to_cells, its result and order unchanged: for each point (in
    sorted order) the first point below it and the first to its right, tried nearest first, that
    close a rectangle whose four sides are ruled."""
    edges = {p: ({(e["x0"], e["top"], e["x1"], e["bottom"]) for e in sides["v"]},
                 {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in sides["h"]})
             for p, sides in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:  # pdfplumber's edge_connects: a rule both points are on
        e1, e2 = edges[p1], edges[p2]
        return (p1[0] == p2[0] and not e1[0].isdisjoint(e2[0])) or (p1[1] == p2[1] and not e1[1].isdisjoint(e2[1]))

    points = sorted(intersections)
    column: dict[float, list[Point]] = {}  # points by x, sorted (as `points` is)
    row: dict[float, list[Point]] = {}  # points by top, sorted by x
    for p in points:
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)
    cells: list[Bbox] = []
    for pt in points:
        same_x, same_y = column[pt[0]], row[pt[1]]
        below = same_x[bisect_right(same_x, pt):]  # the later points of its column: straight below
        right = same_y[bisect_right(same_y, pt):]  # the later points of its row: to its right
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(pt: Point, below: list[Point], right: list[Point], intersections, connects) -> Bbox | None:
    """pdfplumber's find_smallest_cell for one point."""
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            bottom_right = (right_pt[0], below_pt[1])
            if bottom_right in intersections and connects(bottom_right, right_pt) and connects(bottom_right, below_pt):
                return (pt[0], pt[1], bottom_right[0], bottom_right[1])
    return None


def find_tables(page, table_settings: dict | None = None) -> list[Table]:
    """What `page.find_tables(table_settings)` returns (pdfplumber's TableFinder, step by step),
    its cells found by the indexed search above."""
    finder = TableFinder.__new__(TableFinder)  # its steps run here, one replaced
    finder.page, finder.settings = page, TableSettings.resolve(table_settings)
    finder.edges = finder.get_edges()
    finder.intersections = edges_to_intersections(finder.edges, finder.settings.intersection_x_tolerance,
                                                  finder.settings.intersection_y_tolerance)
    finder.cells = intersections_to_cells(finder.intersections)
    return [Table(page, group) for group in cells_to_tables(finder.cells)]

"""A box on a page, in pdfplumber's coordinates (x0, top, x1, bottom), and its centre.

A grid cell (grids.CellBox) and a printed number (accounting.Token) are both placed by their
centre: a number belongs to the cell, the row or the table its centre falls in. The centre is
written once here; each keeps its own fields (a cell names its page, a number its line).
"""

from __future__ import annotations


class Box:
    """Mixed into a dataclass that has the fields x0, top, x1 and bottom."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

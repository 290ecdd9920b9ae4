"""Cells of a located table → tidy rows of cells.csv.

Works on geometry, not on the order an engine lists cells in: a column's meaning is the header
text printed above it (all header cells covering its centre, top to bottom), and every value is
put under the header its box sits under. That is what keeps merged spans, multi-row headers, split
类/款/项 codes and two-sided 收入/支出 layouts from shifting numbers between columns.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..domain import WANYUAN_PER_UNIT, parse_amount
from .grids import CellBox
from .specs import CODE, ITEM, ROW_NO, THREE_PUBLIC_BY_NUMBER, TableSpec

_CODE = re.compile(r"^\d{2,7}$")
_CODE_IN_ITEM = re.compile(r"^(\d{3}|\d{5}|\d{7})(\D.*)$")
# A row that starts like this is a body row even with no number in it. Not 合计: header cells
# say 合计 too (财政拨款 决算数 → 合计 | 一般公共预算 …), and a 合计 row with no number adds nothing.
_ROW_START = re.compile(r"^([一二三四五六七八九十]+、|\d{3,7}$)")


# What the reader made of a cell: the accounting of printed numbers (`accounting`) names the
# reason a number was not read from these. A number in a cell of role VALUE is a cell of cells.csv.
VALUE, CODE_ROLE, ROW_NO_ROLE, COLUMN_NO, HEADER, ITEM_ROLE, UNPLACED = (
    "value", "code", "row_no", "column_no", "header", "item", "unplaced",
)

# Header words that label the code columns (类 款 项) or the index columns. A producer may print
# the first body row (合计) in the band of that header row: those words are header, not the row's name.
_MARKS = re.compile(r"[0-9\-−–—_.,:;|/\\'\"`~!?*+=()\s]")  # not a header's words: digits, ASCII marks, dashes
_MARKED_NUMBER = re.compile(r"(\d{1,2})[A-Za-z|!'`]{1,2}")  # 2L, 7| : a short number and a stroke
_HEADER_WORDS = re.compile(r"^(类款项|类|款|项|栏次|行次)$")
_HEADER_PREFIX = re.compile(r"^类款项(?=\S)")


@dataclass
class TextCell:
    box: CellBox
    text: str
    role: str = ""  # set by normalise_table: VALUE, CODE_ROLE, … (see above)
    lines: tuple[tuple[str, float, float], ...] = ()  # (text, top, bottom) of each printed line
    printed_lines: tuple[str, ...] = ()  # the same lines as the PDF spells them (document.normalise)

    @property
    def printed(self) -> str:
        """The cell's text as the PDF spells it (cells.csv ``printed``), where it was read from a page."""
        return "".join(self.printed_lines) if self.printed_lines else self.text


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def split_shared_bands(cells: list[TextCell]) -> list[TextCell]:
    """Cells cut where a figure is printed under header words in one unruled band.

    Some producers draw no rule between the header and the 合计 row: one grid cell then holds
    本年收入合计 and, on its last line, 2946.25. Wherever a cell's last line is an amount and a line
    above it is words, every cell of that page crossing the line between them is cut there, so the
    words stay header and the figures become the first body row, in cells of their own.
    """
    cuts: dict[int, set[float]] = {}
    for c in cells:
        if len(c.lines) >= 2 and parse_amount(c.lines[-1][0]) is not None and not any(
                parse_amount(t) is not None for t, _, _ in c.lines[:-1]) and any(_cjk(t) for t, _, _ in c.lines[:-1]):
            above = max(b for _, _, b in c.lines[:-1])
            cuts.setdefault(c.box.page, set()).add(round((above + c.lines[-1][1]) / 2, 1))
    if not cuts:
        return cells
    out: list[TextCell] = []
    for c in cells:
        ys = sorted(y for y in cuts.get(c.box.page, ()) if c.box.top + 1 < y < c.box.bottom - 1)
        if not ys:
            out.append(c)
            continue
        y = ys[0]  # one cut per band: the 合计 row
        for top, bottom, pick in ((c.box.top, y, lambda m: m < y), (y, c.box.bottom, lambda m: m >= y)):
            kept = [i for i, ln in enumerate(c.lines) if pick((ln[1] + ln[2]) / 2)]
            lines = tuple(c.lines[i] for i in kept)
            printed = tuple(c.printed_lines[i] for i in kept) if c.printed_lines else ()
            box = CellBox(c.box.page, c.box.x0, top, c.box.x1, bottom)
            out.append(TextCell(box, "".join(t for t, _, _ in lines), lines=lines, printed_lines=printed))
    return out


def _rows(cells: list[TextCell]) -> list[list[TextCell]]:
    """Cluster cells into printed rows by page and top edge, each row left to right."""
    out: list[list[TextCell]] = []
    for c in sorted(cells, key=lambda c: (c.box.page, c.box.top, c.box.x0)):
        if out and out[-1][0].box.page == c.box.page and abs(c.box.top - out[-1][0].box.top) < 2.0:
            out[-1].append(c)
        else:
            out.append([c])
    return [sorted(r, key=lambda c: c.box.x0) for r in out]


def _is_column_number_row(row: list[TextCell]) -> bool:
    """The 栏次 row (栏次 1 2 3 …, or bare 1 … 12) labels columns; it is not data.

    Its label read half right (OCR of a picture: 栏次 as 仁次) still names it when the numbers
    run 1, 2, 3 … from 1: a short label with 栏 or 次 in it never heads a row of such figures."""
    texts = [c.text for c in row if c.text]
    if any(t == "栏次" for t in texts):
        return True
    # a column number with a rule's stroke read beside it (OCR: 2L for 2 at a cell's edge) is that number
    texts = [m.group(1) if (m := _MARKED_NUMBER.fullmatch(t)) else t for t in texts]
    nums = [t for t in texts if t.isdigit()]
    labels = [t for t in texts if not t.isdigit()]
    ints = [int(t) for t in nums]
    counted = len(ints) >= 2 and all(b == a + 1 for a, b in zip(ints, ints[1:]))
    if labels and counted and len(ints) >= 3 and ints[0] == 1 and len(labels) == 1:
        return len(labels[0]) <= 3 and ("栏" in labels[0] or "次" in labels[0])
    return counted and not labels


def _is_data_row(row: list[TextCell]) -> bool:
    if _is_column_number_row(row):
        return False
    texts = [c.text for c in row if c.text]
    if not texts:
        return False
    return any(parse_amount(t) is not None for t in texts) or bool(_ROW_START.match(texts[0]))


def _is_blank_total_row(row: list[TextCell]) -> bool:
    """合计 / 总计 alone on its row, every other cell blank: a body row whose figures are not printed.

    Taken into the header it would become the code column's label, and the codes below it names.
    """
    texts = [c.text for c in row if c.text]
    return len(row) > 2 and len(texts) == 1 and texts[0] in {"合计", "总计"}


@dataclass
class Leaf:
    """One column of the table: its box across, its full header label, role and key."""

    x0: float
    x1: float
    label: str
    key: str | None
    number: int | None = None


def _leaves(header: list[TextCell], spec: TableSpec, number_cells: list[TextCell]) -> list[Leaf]:
    """The lowest header cells are the columns; each takes the text of every header cell above it."""
    leaves: list[Leaf] = []
    # 栏次 1–12 name the 三公 table's columns only where all twelve are printed: a turned table
    # (项目 | 预算数 | 决算数) numbers its two columns 1 and 2 too
    wide = sum(n.text.isdigit() for n in number_cells) >= len(THREE_PUBLIC_BY_NUMBER)
    # a header naming no stage (only 决算数 printed, and not said): its figures are the title's stage
    unstaged = spec.unstaged if spec.unstaged and not any(s.matches(c.text) for c in header for s in spec.row_stages) else ""
    for c in header:
        below = [o for o in header if o is not c and o.box.top > c.box.top + 1 and o.box.x0 - 1 <= c.box.xc <= o.box.x1 + 1]
        if below:
            continue
        above = sorted(
            (o for o in header if o.box.x0 - 1 <= c.box.xc <= o.box.x1 + 1 and o.box.top <= c.box.top + 1),
            key=lambda o: o.box.top,
        )
        label = "".join(o.text for o in above)
        number = next((int(n.text) for n in number_cells if n.text.isdigit() and c.box.x0 <= n.box.xc <= c.box.x1), None)
        key = spec.column_key(label)
        if key is None and (words := _MARKS.sub("", label)) != label:
            # a stray mark in a header's words (read from a picture: 行1-次 for 行 above 次): the
            # words alone; never instead of a label that names a column as printed
            key = spec.column_key(words)
        if key is None and unstaged:
            key = spec.column_key(unstaged + label)
        if key is None and spec.key == "three_public" and number is not None and wide:
            key = THREE_PUBLIC_BY_NUMBER.get(number)
        leaves.append(Leaf(c.box.x0, c.box.x1, label, key, number))
    return _unambiguous(sorted(leaves, key=lambda l: l.x0))


def _unambiguous(leaves: list[Leaf]) -> list[Leaf]:
    """Columns of one record group that the rules give the same key lose it.

    A region that splits a column the spec knows whole (财政拨款收入 printed as 一般公共预算 |
    政府性基金, both `fiscal`) would otherwise have two figures under one key, one taken for the
    other or both added up by a check. Unkeyed, their figures are unexplained: the department is
    reviewed, and no check is built on a misread.
    """
    starts = _segments(leaves)

    def group(leaf: Leaf) -> tuple[int, str | None]:
        return max((i for i, x in enumerate(starts) if leaf.x0 >= x - 1), default=0), leaf.key

    counts = Counter(group(leaf) for leaf in leaves if leaf.key not in (CODE, ITEM, ROW_NO, None))
    for leaf in leaves:
        if leaf.key not in (CODE, ITEM, ROW_NO, None) and counts[group(leaf)] > 1:
            leaf.key = None
    return leaves


def _segments(leaves: list[Leaf]) -> list[float]:
    """x where each record group starts: two-sided tables and the 3-up basic_expenditure layout
    print several records side by side in one printed row."""
    starts: list[float] = []
    if not leaves:
        return starts
    first_role = leaves[0].key
    seen_value = False
    starts.append(leaves[0].x0)
    for leaf in leaves[1:]:
        if leaf.key == first_role and seen_value:
            starts.append(leaf.x0)
            seen_value = False
        elif leaf.key not in (CODE, ITEM, ROW_NO, None):
            seen_value = True
    return starts


def _leaf_for(leaves: list[Leaf], box: CellBox) -> Leaf | None:
    for leaf in leaves:
        if leaf.x0 - 1 <= box.xc <= leaf.x1 + 1:
            return leaf
    return None


def _group_of(spec: TableSpec, code: str, item: str, label: str) -> str:
    if not spec.groups:
        return ""
    if "人员" in item or "人员经费" in label and not code:
        return "personnel"
    if "公用" in item or "公用经费" in label and not code:
        return "public"
    for prefix, group in spec.groups:
        if code.startswith(prefix):
            return group
    return "personnel" if "人员经费" in label else "public" if "公用经费" in label else ""


def normalise_table(spec: TableSpec, cells: list[TextCell], unit: str) -> list[dict]:
    """Tidy records (without department/year) for one table's cells across its pages."""
    rows = _rows([c for c in cells if c.box.x1 - c.box.x0 > 0.5])
    factor = WANYUAN_PER_UNIT.get(unit, Decimal(1))
    leaves: list[Leaf] = []
    records: list[dict] = []
    page_seen_data: set[int] = set()
    last_row: tuple[int, float] | None = None  # the last data row read: (page, top)
    header: list[TextCell] = []
    numbers: list[TextCell] = []
    for row in rows:
        page = row[0].box.page
        if page not in page_seen_data and not _is_data_row(row) and _is_blank_total_row(row):
            for c in row:  # a 合计 row with no figure printed (a blank template): no header, no data
                c.role = ITEM_ROLE if c.text else UNPLACED
            continue
        if page not in page_seen_data and leaves and last_row and not _is_data_row(row):
            previous = [r for r in records if r["page"] == last_row[0] and abs(r["top"] - last_row[1]) < 2.0]
            if _rest_of_split_row(spec, row, leaves, header, previous):
                continue
        if page not in page_seen_data and not _is_data_row(row):
            column_numbers = _is_column_number_row(row)
            if column_numbers:
                numbers.extend(row)
            elif not leaves:
                header.extend(row)
            for c in row:
                c.role = COLUMN_NO if column_numbers else HEADER
            continue
        if page not in page_seen_data:
            page_seen_data.add(page)
            if not leaves:
                leaves = _leaves(header, spec, numbers)
        if not leaves:
            for c in row:
                c.role = UNPLACED
            continue
        records.extend(_row_records(spec, row, leaves, factor))
        last_row = (page, row[0].box.top)
    return records


def _rest_of_split_row(spec: TableSpec, row: list[TextCell], leaves: list[Leaf], header: list[TextCell],
                       last_row: list[dict]) -> bool:
    """Whether `row` is the rest of the last data row read (`last_row`: its records, none if it printed
    no figure), which a page break split, and if so join it.

    Word, WPS and Writer let a table row break across pages: the end of a long name (其他行政事业单位
    | 医疗支出) opens the next page, alone under the name column, with no code and no figure. Taken for
    a header row it was dropped and the item read short. Only names qualify (no number, no word of
    the table's own header), and only before the page's first data row.
    """
    texts = [c for c in row if c.text]
    if not texts:
        return False
    printed_header = {c.text for c in header}
    for c in texts:
        leaf = _leaf_for(leaves, c.box)
        if (leaf is None or leaf.key != ITEM or c.text in printed_header or _HEADER_WORDS.match(c.text)
                or parse_amount(c.text) is not None):
            return False
    starts = _segments(leaves)

    def group_no(x0: float) -> int:
        return max((i for i, x in enumerate(starts) if x0 + 1 >= x - 1), default=0)

    for c in texts:
        for r in (r for r in last_row if group_no(r["x0"]) == group_no(c.box.x0)):
            r["item"] += c.text
            xc = (r["x0"] + r["x1"]) / 2
            label = next((l.label for l in leaves if l.x0 - 1 <= xc <= l.x1 + 1), "")
            r["group"] = _group_of(spec, r["code"], r["item"], label)
        c.role = ITEM_ROLE
    return True


def _row_records(spec: TableSpec, row: list[TextCell], leaves: list[Leaf], factor: Decimal) -> list[dict]:
    starts = _segments(leaves)
    segs: dict[int, dict] = {}
    for c in row:
        leaf = _leaf_for(leaves, c.box)
        c.role = UNPLACED
        if leaf is None:
            continue
        text = _HEADER_PREFIX.sub("", c.text) if leaf.key in (CODE, ITEM) else c.text
        if leaf.key in (CODE, ITEM, ROW_NO) and _HEADER_WORDS.match(text):
            c.role = HEADER  # 类 / 款 / 项 printed in the band of the row
            continue
        # a cell belongs to the record group its left edge starts in (a 合计 label may span a
        # whole group's code, name and amount columns)
        left = c.box.x0 + 1
        seg_no = max((i for i, x in enumerate(starts) if left >= x - 1), default=0)
        seg = segs.setdefault(seg_no, {"code": [], "item": "", "row_no": "", "values": [], "label": leaf.label})
        # a column of a turned table (预算数 | 决算数, spec.row_parts) has no key of its own: its
        # figures are keyed by their row's name below
        turned = leaf.key is None and bool(spec.row_parts)
        value = parse_amount(text) if leaf.key not in (CODE, ITEM, ROW_NO, None) or turned else None
        if leaf.key not in (CODE, ITEM, ROW_NO) and value is None and text and not seg["item"]:
            seg["item"] = text  # a label printed across value columns (公用经费合计)
            c.role = ITEM_ROLE
        elif leaf.key == CODE:
            if _CODE.match(text):
                seg["code"].append(text)
                c.role = CODE_ROLE
            elif text and not seg["item"]:
                seg["item"] = text  # 合计 printed across the code and name columns
                c.role = ITEM_ROLE
        elif leaf.key == ITEM and text:
            # a second name cell in the same group (a split name column) continues the name
            seg["item"] = seg["item"] + text if seg["item"] and seg["item"] != text else text
            c.role = ITEM_ROLE
        elif leaf.key == ROW_NO:
            seg["row_no"] = text if text.isdigit() else seg["row_no"]
            c.role = ROW_NO_ROLE
        elif (leaf.key is not None or turned) and value is not None:
            seg["values"].append((leaf, c, value, c.printed))  # as the PDF spells it
            c.role = VALUE
    # a group whose label spans into the next group's columns lends it its name
    ordered = sorted(segs)
    for prev, cur in zip(ordered, ordered[1:]):
        a, b = segs[prev], segs[cur]
        if b["values"] and not b["item"] and not b["code"] and a["item"] and not a["values"]:
            b["item"], b["code"] = a["item"], a["code"]
    out = []
    for seg_no, seg in sorted(segs.items()):
        code = "".join(seg["code"])
        item = seg["item"]
        if not code and not spec.two_sided:
            # some producers print the code inside the name cell: 201一般公共服务支出
            m = _CODE_IN_ITEM.match(item)
            if m:
                code, item = m.group(1), m.group(2)
        side = ""
        if spec.two_sided:
            side = _side(seg["label"], seg_no)
        for leaf, cell, value, printed in seg["values"]:
            box = cell.box
            if spec.two_sided:
                side = _side(leaf.label, seg_no)
            column, name = leaf.key, item
            if column is None:  # a turned table: the row names the part, so it is the column's, not an item
                column, name = spec.row_column_key(leaf.label, item), ""
                if column is None:
                    cell.role = UNPLACED  # a count or a cost beyond the spec's (会议费): accounted as unread
                    continue
            out.append(
                {
                    "table": spec.key,
                    "side": side,
                    "code": code,
                    "item": name,
                    "row_no": seg["row_no"],
                    "column": column,
                    "value": float((value * factor).normalize()),
                    "printed": printed,
                    "page": box.page,
                    "x0": round(box.x0, 2),
                    "top": round(box.top, 2),
                    "x1": round(box.x1, 2),
                    "bottom": round(box.bottom, 2),
                    "group": _group_of(spec, code, item, leaf.label),
                }
            )
    return out


def _side(label: str, seg_no: int) -> str:
    if label.startswith("收"):
        return "income"
    if label.startswith("支"):
        return "expenditure"
    return "income" if seg_no == 0 else "expenditure"

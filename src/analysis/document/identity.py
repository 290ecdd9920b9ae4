"""Who and when: the department and the year a report is about, and where each was read.

Why it reads the pages squeezed (lines joined, spaces dropped): covers break their title
anywhere (``中共上海市普陀区委`` / ``社会工作部2024年度`` / ``部门决算``), and a year set in a
second font can land on a line of its own. A pattern over the joined text does not care where
the breaks fall. When the report itself does not say, the file name and its folder are tried
(``data/raw/2023/中共武汉市青山区委办公室.pdf``), and the result says which source was used so
the index can warn about a guessed identity; a year that nothing gives is reported, never silently
filed under ``unknown-year``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import readable_name

YEAR = r"(?:19|20)\d{2}"
TITLE_YEAR = re.compile(r"(" + YEAR + r")年度?(?:部门|单位)?(?:决算|收入|支出|财政|一般|政府|国有|“|\")")
"""A year as the titles print it: 2023年度收入支出决算总表, 2024年度部门决算, 2023年“三公”…"""
DEPARTMENT_LINE = re.compile(
    r"(?:^|\s)(?:部门|部门名称|单位名称|单位|编制单位|预算单位|填报单位|公开单位|部门（单位）名称|部门\(单位\)名称)\s*[:：]\s*(\S+)"
)
COVER_TITLE = re.compile(r"(?:部门|单位)?决算")
# The year a cover gives before its 决算 title, whatever lies between (2023年度泸州市中医医院单位决算)
COVER_YEAR = re.compile(r"(" + YEAR + r")年度?[^\d]{0,40}?决算")
YEAR_WORD = re.compile(YEAR + r"\s*年度?")
NOT_A_NAME = {"元", "万元", "千元"}


@dataclass(frozen=True)
class Identity:
    department: str
    year: int | None
    department_source: str  # "tables" (部门：…), "cover", "file name"
    year_source: str  # "titles", "folder", "file name", "" (not read)

    @property
    def warning(self) -> str:
        """What a reviewer must know about this identity ('' when both come from the report)."""
        notes = []
        if self.year is None:
            notes.append("year not read from the report, its file name or its folder: outputs under unknown-year/")
        elif self.year_source not in ("titles", "cover"):
            notes.append(f"year {self.year} taken from the {self.year_source}, not from the report")
        if self.department_source == "file name":
            notes.append(f"department {self.department} taken from the file name, not from the report")
        return "; ".join(notes)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def year_from_titles(pages: list[str]) -> int | None:
    years: Counter[int] = Counter()
    for text in pages:
        years.update(int(y) for y in TITLE_YEAR.findall(_squeeze(text)))
    return years.most_common(1)[0][0] if years else None


def department_from_tables(pages: list[str]) -> str:
    names: Counter[str] = Counter()
    for text in pages:
        for line in text.splitlines():
            m = DEPARTMENT_LINE.search(line)
            if m and "万元" not in m.group(1) and m.group(1) not in NOT_A_NAME:
                names[m.group(1)] += 1
    return names.most_common(1)[0][0] if names else ""


def department_from_cover(cover: str) -> str:
    """The cover's name before its 决算 title, wherever the year and the breaks fall; or, on a cover
    that prints the title first (2023年度部门决算 / 中共武汉市青山区委办公室), the line after it."""
    squeezed = _squeeze(cover)
    m = COVER_TITLE.search(squeezed)
    head = squeezed[:m.start()] if m else re.split(YEAR, squeezed)[0]
    name = re.sub(r"年度$", "", YEAR_WORD.sub("", head))[:60]
    if name or not m:
        return name
    lines = [_squeeze(line) for line in cover.splitlines() if line.strip()]
    at = next((i for i, line in enumerate(lines) if COVER_TITLE.search(line)), len(lines))
    after = next((line for line in lines[at + 1:] if not YEAR_WORD.match(line) and line != "目录"), "")
    return after[:60] if not re.search(r"[，。：:]", after) else ""


HEADING_NAME = re.compile(r"^([\u4e00-\u9fff（）()]{4,40}?)" + YEAR + r"年度")


def misread_cover(name: str, pages: list[str]) -> str:
    """The name the pages' headings print (中共…社会工作部2024年度部门决算表) when the cover's name,
    read by OCR, is at most two edits from it (a character read wrong, read as two, or lost): a
    glyph misread on the cover (its large bold 工 read as ι, or as I.), not another department. The
    headings' name must stand on two pages or more, so one misread heading does not overrule the
    cover. '' when there is no such name."""
    names: Counter[str] = Counter()
    for text in pages[1:]:
        names.update({m.group(1) for line in text.splitlines() if (m := HEADING_NAME.match(_squeeze(line)))})
    for other, count in names.most_common():
        if count >= 2 and other != name and _edits(name, other) <= min(2, len(other) // 5):
            return other
    return ""


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: characters put in, left out or replaced to make `a` into `b`."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def from_path(path: Path) -> tuple[str, int | None, str]:
    """(department, year, where the year came from) as the file name and its folder give them."""
    stem = readable_name(path.stem)  # a GBK name unzipped as bytes
    year, source = None, ""
    if re.fullmatch(YEAR, path.parent.name):
        year, source = int(path.parent.name), "folder"
    elif m := re.search(r"(?<!\d)(" + YEAR + r")(?!\d)", stem):
        year, source = int(m.group(1)), "file name"
    name = re.sub(r"(?<!\d)" + YEAR + r"(?:年度?)?(?!\d)|部门决算|决算|[_\-\s]+", "", stem) or stem
    return name, year, source


def report_identity(pages: list[str], path: Path, cover_by_ocr: bool = False) -> Identity:
    """The department and year from the report (tables' 部门： lines, cover, titles), else its path.

    `cover_by_ocr`: the cover was read from its picture, so a name one glyph away from the one its
    headings print is that name misread (`misread_cover`); on a text layer it is the report's own
    slip, left for the department-name check to show."""
    year = year_from_titles(pages)
    year_source = "titles" if year else ""
    if year is None and pages and (m := COVER_YEAR.search(_squeeze(pages[0]))):
        year, year_source = int(m.group(1)), "cover"
    department, department_source = department_from_tables(pages), "tables"
    if not department and pages:
        department, department_source = department_from_cover(pages[0]), "cover"
        if cover_by_ocr and department:
            department = misread_cover(department, pages) or department
    path_name, path_year, path_source = from_path(path)
    if not department:
        department, department_source = path_name, "file name"
    if year is None and path_year is not None:
        year, year_source = path_year, path_source
    return Identity(department, year, department_source, year_source)

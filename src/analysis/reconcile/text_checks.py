"""Text quality: slips a proof-reader catches, read from the report's page text.

Template leftovers (XX局, XXX万元, 部门名称), doubled characters (于于, 。。), a heading or 截至
date whose year is not the report's, the department named two ways in the table headers, and 元
written where the tables count in 万元. These are `warn` (the figures may still be right) except a
wrong year in a heading, which misdates what follows and is a `fail`. Each finding is its own row
(`text.placeholder[部门名称]`), so a new slip shows as a new row even where one was known.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator

from .evidence import Ref, note
from .frames import Inputs
from .registry import CheckSpec, Finding, register
from .verdict import Outcome

# a form label (部门名称：…) is not a leftover; the word inside a sentence is
LABEL_WORD = re.compile(r"(?:部门|单位|部门（单位）)名称(?![：:\s]|\s*$)")
PLACEHOLDERS = (
    re.compile(r"[XＸ×]{2,}(?:局|厅|委|办|部门|中心|万元|元|个|辆|%)?"),
    re.compile(r"某某[\u4e00-\u9fff]?"),
    LABEL_WORD,
)
REPEATED = re.compile(r"(于于|的的|和和|与与|。。|，，|、、|；；|：：)")
REPEATED_OK = ("目的的", "的的确")
HEADING_HINTS = ("决算", "自评表", "情况说明", "重点工作")  # not 预算: next year's budget may be attached
YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
AS_OF = re.compile(r"截[至止]\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
HEADING_END = re.compile(r"(表|决算|情况|说明)(（续表?）)?$")
# 中共上海市普陀区委社会工作部2024年度部门决算表: the name a heading puts before the year
HEADING_NAME = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?P<name>[\u4e00-\u9fff（）()]{4,40}?"
                          r"[部局委办室院心会所站队馆处厅府校团社行园司])(?:19|20)\d{2}年")
NAME_LABEL = re.compile(r"(?:^|[\s　])(?:部门|部门名称|单位名称|编制部门|编制单位|预算单位)[：:]\s*([^\s：:，。]{2,40})")
YUAN = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*元(?![/每])")


def needs_text(rule: Callable[[Inputs, list[tuple[int, str]]], Iterator[Finding]]) -> Callable[[Inputs, CheckSpec], Iterator[Finding]]:
    """Give the rule the page text, or say insufficient_data when the caller passed none."""
    @functools.wraps(rule)
    def run(inp: Inputs, spec: CheckSpec) -> Iterator[Finding]:
        if not inp.text_pages:
            yield Finding(None, Outcome("insufficient_data", detail="no page text given"))
            return
        yield from rule(inp, [(int(p), str(t or "")) for p, t in inp.text_pages])
    return run


def _findings(hits: list[tuple[int, str, str]], status: str, clean: str) -> Iterator[Finding]:
    """One finding per match, numbered in reading order when it repeats; one pass if none.

    The id names the match, not the page, so a layout change (a table fewer, a page earlier) does
    not rename the finding; the page is in the `pages` column.
    """
    if not hits:
        yield Finding(None, Outcome("pass", detail=clean))
        return
    seen: Counter[str] = Counter()
    for page, match, context in hits:
        subject = match
        seen[subject] += 1
        if seen[subject] > 1:
            subject += f"#{seen[subject]}"
        note(Ref("text", page=int(page), text=context, needle=match))
        yield Finding(subject, Outcome(status, detail=f"“…{context}…”"), str(page), match)


def _context(text: str, start: int, end: int, width: int = 14) -> str:
    return re.sub(r"\s+", "", text[max(0, start - width):end + width])


@needs_text
def rule_placeholder(inp: Inputs, pages: list[tuple[int, str]]) -> Iterator[Finding]:
    """Template words left in (XX局, XXX万元, 部门名称 inside a sentence)."""
    hits = []
    for page, text in pages:
        joined = text.replace("\n", "")  # a word may wrap across lines
        line_ends = set(itertools.accumulate(len(line) for line in text.split("\n")[:-1]))
        for rx in PLACEHOLDERS:
            for m in rx.finditer(joined):
                if rx is LABEL_WORD and m.end() in line_ends:
                    continue  # 单位名称 ending its line is a form cell (…单位名称⏎备注), not a leftover
                hits.append((page, m.group(0), _context(joined, m.start(), m.end())))
    yield from _findings(hits, "warn", "no template placeholder found")


@needs_text
def rule_repeated(inp: Inputs, pages: list[tuple[int, str]]) -> Iterator[Finding]:
    """Doubled characters a typist left (用于于, 。。), read across line breaks."""
    hits = []
    for page, text in pages:
        squeezed = re.sub(r"\s+", "", text)
        for m in REPEATED.finditer(squeezed):
            around = squeezed[max(0, m.start() - 1):m.end() + 1]
            if any(ok in around for ok in REPEATED_OK):
                continue
            hits.append((page, m.group(0), _context(squeezed, m.start(), m.end())))
    yield from _findings(hits, "warn", "no doubled character found")


def report_year(inp: Inputs, pages: list[tuple[int, str]]) -> int | None:
    """The accounts year: from the cells, else the commonest year in the headings."""
    if inp.year:
        return inp.year
    years = Counter(int(y) for _, line in _heading_lines(pages) for y in YEAR.findall(line))
    return years.most_common(1)[0][0] if years else None


def _heading_lines(pages: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    for page, text in pages:
        for line in text.splitlines():
            squeezed = re.sub(r"\s+", "", line)
            if 0 < len(squeezed) <= 60 and not re.search(r"[，。；]", squeezed) and \
                    any(h in squeezed for h in HEADING_HINTS) and HEADING_END.search(squeezed) and YEAR.search(line):
                yield page, line


@needs_text
def rule_wrong_year(inp: Inputs, pages: list[tuple[int, str]]) -> Iterator[Finding]:
    """A heading (2022年度收入决算表) or 截至 date naming a year that is not the report's."""
    year = report_year(inp, pages)
    if year is None:
        yield Finding(None, Outcome("insufficient_data", detail="the report's year is unknown"))
        return
    hits = []
    for page, line in _heading_lines(pages):
        years = {int(y) for y in YEAR.findall(line)}
        if years and year not in years:
            hits.append((page, str(min(years)), re.sub(r"\s+", "", line)))
    for page, text in pages:
        squeezed = re.sub(r"\s+", "", text)
        for m in AS_OF.finditer(squeezed):
            if int(m.group(1)) != year:
                hits.append((page, m.group(1), _context(squeezed, m.start(), m.end())))
    yield from _findings(hits, "fail", f"every heading and 截至 date says {year}")


@needs_text
def rule_department_name(inp: Inputs, pages: list[tuple[int, str]]) -> Iterator[Finding]:
    """The department is named the same way in every table header (部门：…) and heading."""
    names: dict[str, list[int]] = {}
    for page, text in pages:
        for line in text.splitlines():
            for m in NAME_LABEL.finditer(line):
                name = re.split(r"金额单位|单位[：:]|填报日期|日期[：:]", m.group(1))[0]
                if len(name) >= 2:
                    names.setdefault(name, []).append(page)
    for page, line in _heading_lines(pages):
        if m := HEADING_NAME.match(re.sub(r"\s+", "", line)):
            names.setdefault(m.group("name"), []).append(page)
    if inp.department and names and inp.department not in names:
        names.setdefault(inp.department, [])
    if not names:
        yield Finding(None, Outcome("insufficient_data", detail="no 部门： label found in the text"))
    elif len(names) == 1:
        name = next(iter(names))
        yield Finding(None, Outcome("pass", detail=f"{name} throughout"))
    else:
        shown = "; ".join(f"{n} (pages {','.join(map(str, sorted(set(p)))) or 'cells'})" for n, p in names.items())
        for n, ps in names.items():
            for page in sorted(set(ps)):
                note(Ref("text", page=int(page), text=n, needle=n))
        yield Finding(None, Outcome("warn", detail=f"named {len(names)} ways: {shown}"),
                      ";".join(str(p) for p in sorted({p for ps in names.values() for p in ps})))


@needs_text
def rule_yuan_unit(inp: Inputs, pages: list[tuple[int, str]]) -> Iterator[Finding]:
    """A sum written in 元 where the tables count in 万元 (10 000 times off if it is a table figure)."""
    units = {inp.unit(t) for t in ("summary", "income", "expenditure")}
    if units == {"元"}:
        yield Finding(None, Outcome("not_applicable", detail="the tables count in 元"))
        return
    hits = []
    for page, text in pages:
        squeezed = re.sub(r"[ \t]+", "", text).replace("\n", "")
        for m in YUAN.finditer(squeezed):
            hits.append((page, f"{m.group(1)}元", _context(squeezed, m.start(), m.end())))
    yield from _findings(hits, "warn", "no amount written in 元")


# 占 followed by a bare number: a share whose % is missing (占本年支出 88.7，); a unit or % after it is fine
SHARE_WITHOUT_PCT = re.compile(r"占(?:[^，。；：\d%％]{0,24}?)(?<![\d.])(\d+(?:\.\d+)?)(?=[，。；、）)]|$)")


@needs_text
def rule_share_without_percent(inp: Inputs, pages: list[tuple[int, str]]) -> Iterator[Finding]:
    """A share stated with 占 but no % sign (占本年支出88.7，): the reader cannot tell what it is."""
    hits = []
    for page, text in pages:
        squeezed = re.sub(r"\s+", "", text)
        for m in SHARE_WITHOUT_PCT.finditer(squeezed):
            hits.append((page, f"占{m.group(1)}", _context(squeezed, m.start(), m.end())))
    yield from _findings(hits, "warn", "every 占 share carries its %")


for _id, _zh, _en, _rule in (
    ("text.placeholder", "模板占位词未替换（XX局、XXX万元、部门名称）", "template placeholder left in", rule_placeholder),
    ("text.repeated_char", "重复字符（于于、。。）", "doubled character", rule_repeated),
    ("text.wrong_year", "标题或截至日期年份与决算年度不符", "a heading or 截至 date names another year", rule_wrong_year),
    ("text.department_name", "部门名称前后一致", "the department is named one way", rule_department_name),
    ("text.yuan_unit", "表格单位为万元而说明写作元", "元 written where the tables count in 万元", rule_yuan_unit),
    ("text.share_without_percent", "“占”后的比例缺少%", "a 占 share printed without its % sign",
     rule_share_without_percent),
):
    register(CheckSpec(_id, "text", _zh, _en, (), _rule))



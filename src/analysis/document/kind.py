"""What a document is, from its titles: final accounts, a budget, or something else.

Why titles and not words anywhere: every final-accounts report says 预算 a hundred times
(年初预算, 一般公共预算…), and a budget report may print 决算 (上年决算数). What tells them
apart is what the document calls itself and its tables: a budget's tables are titled
``…预算表`` / ``…预算总表`` and its cover says 部门预算 / 单位预算, even where no page says
部门预算 in full (江苏 2018: 公开01表 收支预算总表 …); a final-accounts report titles its tables
``…决算表`` and calls itself 部门决算. A document that is neither (a government-information annual
report, anything else) is named by its own title line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEADER = re.compile(r"[.…·．]{2,}\s*\d*$|\s+\d{1,3}$")  # 目录 dot leaders and page numbers
_ENUM = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\d{1,2}\s*[.．、]|公开\d{1,2}表)")
# A budget's tables may also be titled without 预算表 (湖北: 部门收支总表, 部门收入总表, 一般公共预算支出表 …),
# never so in final accounts, whose tables end 决算表; covers say …年度预算公开(说明) / …年度决算公开说明
# (重庆 丰都, 湖北 曾都 2021, 新疆 乌鲁木齐 2023).
BUDGET_TITLE = re.compile(
    r"预算(?:总)?表$|(?:部门|单位)预算$|(?:部门|单位)预算(?:编制)?说明$|预算公开(?:说明)?$"
    r"|^(?:部门|财政拨款)收支总表$|^部门(?:收入|支出)总表$|^(?:一般公共|政府性基金|国有资本经营)预算(?:基本)?支出表$"
)
FINAL_TITLE = re.compile(
    r"决算(?:总)?表$|(?:部门|单位)决算$|决算情况说明$|(?:部门|单位)决算(?:情况)?$|决算公开(?:说明)?$"
)
INFO_REPORT = re.compile(r"政府信息公开(?:工作)?年度报告")
MAX_TITLE = 60


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # "final_accounts", "budget", "information_report", "other"
    evidence: str  # a few titles, as printed
    word: str = "部门预算"  # what a budget calls itself: 部门预算, or 单位预算 for one unit

    @property
    def what(self) -> str:
        """The document named in one clause, for the refusal message."""
        return {
            "budget": f"a budget report ({self.word}), not final accounts (部门决算): {self.evidence}",
            "information_report": f"a government-information annual report (政府信息公开工作年度报告), not final accounts (部门决算): {self.evidence}",
            "other": f"not a final-accounts report (部门决算): {self.evidence}",
        }.get(self.kind, "a final-accounts report (部门决算)")


def _titles(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        squeezed = re.sub(r"\s+", "", _LEADER.sub("", line.strip()))
        squeezed = _ENUM.sub("", squeezed)
        if squeezed and len(squeezed) <= MAX_TITLE:
            out.append(squeezed)
    return out


def document_kind(lines: list[str]) -> DocumentKind:
    """Classify a document by its title lines (see the module's docstring)."""
    titles = _titles(lines)
    budget = list(dict.fromkeys(t for t in titles if BUDGET_TITLE.search(t)))
    final = list(dict.fromkeys(t for t in titles if FINAL_TITLE.search(t)))
    if final and len(final) >= len(budget):
        return DocumentKind("final_accounts", "、".join(final[:3]))
    if budget:
        # what it calls itself first (the cover: 上海市2025年市级单位预算)
        named = next((m.group(0) for t in budget if (m := re.search(r"(?:部门|单位)预算", t))), "部门预算")
        return DocumentKind("budget", f"{len(budget)} titles such as {'、'.join(budget[:3])}", named)
    info = next((t for t in titles if INFO_REPORT.search(t)), "")
    if info:
        return DocumentKind("information_report", f"titled {info}")
    first = next((t for t in titles if re.search(r"[\u4e00-\u9fff]{4,}", t)), "")
    return DocumentKind("other", f"no 决算 title; its first title is {first}" if first else "no 决算 title")

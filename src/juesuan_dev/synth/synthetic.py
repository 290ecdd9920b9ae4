"""Synthetic departments of any size, deterministic from a seed, with sums that add up.

Benchmarks need reports of 10 or 1000 rows; reconciliation tests need a report whose every
identity holds (类 = Σ款 = Σ项, 合计 = Σ类, 基本 + 项目 = 合计, the 总表 agree with the detail
tables, the narrative quotes the table figures) so that a planted change is the only failure.
Amounts are generated as integer fen (0.01 万元) and summed as integers, so no rounding can break
an identity. The bundled sample description is the template for headers, notes and layout; the
cover says 合成示例 / synthetic so nobody mistakes the output for a published report.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

from analysis.config import SAMPLE_DESCRIPTION
from .model import Block, Department, Part, Row, Table, load_description

# 类 codes and names, in the order the 总表 lists them (row index in the 26 expenditure lines).
FUNCTION_CLASSES: list[tuple[str, str]] = [
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"), ("211", "节能环保支出"), ("212", "城乡社区支出"), ("213", "农林水支出"),
    ("214", "交通运输支出"), ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"),
    ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"), ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"), ("229", "其他支出"), ("231", "债务还本支出"),
    ("232", "债务付息支出"), ("234", "抗疫特别国债安排的支出"),
]
ITEM_NAMES = ["行政运行", "一般行政管理事务", "机关服务", "事业运行", "专项业务活动", "信息化建设",
              "专项普查活动", "宣传教育", "规划编制与实施", "基础设施建设与维护"]
BASIC_PERSONNEL = ["30101", "30102", "30103", "30107", "30108", "30109", "30110", "30112", "30113", "30302", "30307"]
BASIC_PUBLIC = ["30201", "30202", "30207", "30211", "30213", "30216", "30226", "30227", "30229", "30299"]


def fen_text(fen: int, keep_zeros: bool = False) -> str:
    """Fen → printed 万元 the way reports do: 964.80 for totals, 4.3 / 25 for ordinary cells."""
    text = f"{fen // 100}.{fen % 100:02d}"
    return text if keep_zeros else text.rstrip("0").rstrip(".")


@dataclass
class _Line:
    code: str
    name: str
    basic: int = 0
    project: int = 0

    @property
    def total(self) -> int:
        return self.basic + self.project


def _composition(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split into `parts` positive integers."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def function_lines(n_rows: int, rng: random.Random) -> list[_Line]:
    """类/款/项 lines in print order with consistent basic/project sums; n_rows = number of 项."""
    n_classes = max(1, min(len(FUNCTION_CLASSES), n_rows // 6 or 1))
    classes = sorted(rng.sample(FUNCTION_CLASSES, n_classes))
    out: list[_Line] = []
    for (code, name), n_items in zip(classes, _composition(rng, n_rows, n_classes) if n_rows > 1 else [n_rows]):
        lei = _Line(code, name)
        out.append(lei)
        n_kuan = max(1, min(99, (n_items + 2) // 3))
        kuan_sizes = _composition(rng, n_items, n_kuan) if n_kuan > 1 else [n_items]
        kuan_codes = sorted(rng.sample(range(1, 100), n_kuan))
        for kc, size in zip(kuan_codes, kuan_sizes):
            kuan = _Line(f"{code}{kc:02d}", f"{name.removesuffix('支出')}第{kc}款事务")
            out.append(kuan)
            item_codes = sorted(rng.sample(range(1, 99), size))
            for j, ic in enumerate(item_codes):
                long = j == size - 1 and size > 1
                item_name = f"其他{kuan.name}支出" if long else ITEM_NAMES[(ic + kc) % len(ITEM_NAMES)]
                kind = rng.random()
                basic = rng.randint(100, 90000) if kind < 0.75 else 0
                project = rng.randint(100, 40000) if kind >= 0.5 else 0
                out.append(_Line(f"{kuan.code}{ic:02d}", item_name, basic, project))
                kuan.basic += basic
                kuan.project += project
            lei.basic += kuan.basic
            lei.project += kuan.project
    return out


def _code_rows(lines: list[_Line], columns: dict[str, str], total: _Line) -> list[Row]:
    """Rows of a 类/款/项 table; columns maps column key → 'total'/'basic'/'project'."""
    def values(line: _Line, keep: bool) -> dict[str, str]:
        return {k: fen_text(getattr(line, attr), keep) for k, attr in columns.items() if getattr(line, attr)}
    rows = [Row(item="合计", values=values(total, True), total=True)]
    rows += [Row(code=ln.code, item=ln.name, values=values(ln, False)) for ln in lines]
    return rows


def _set_side(table: Table, side: str, by_row_no: dict[str, dict[str, str]]) -> None:
    for panel in table.panels:
        if panel.side == side:
            for row in panel.rows:
                row.values = dict(by_row_no.get(row.row_no, {}))


def _fill_summaries(dept: Department, lines: list[_Line], total: int) -> None:
    t = fen_text(total, True)
    per_class = {ln.code: fen_text(ln.total) for ln in lines if len(ln.code) == 3}
    class_rank = {code: i for i, (code, _) in enumerate(FUNCTION_CLASSES)}
    summary = dept.table("summary")
    inc = {"1": {"amount": t}, "27": {"amount": t}, "31": {"amount": t}}
    exp = {str(32 + class_rank[c]): {"amount": v} for c, v in per_class.items()}
    exp |= {"58": {"amount": t}, "62": {"amount": t}}
    _set_side(summary, "income", inc)
    _set_side(summary, "expenditure", exp)
    fiscal = dept.table("fiscal_summary")
    _set_side(fiscal, "income", {"1": {"amount": t}, "27": {"amount": t}, "32": {"amount": t}})
    both = {str(33 + class_rank[c]): {"total": v, "general_budget": v} for c, v in per_class.items()}
    both |= {r: {"total": t, "general_budget": t} for r in ("59", "64")}
    _set_side(fiscal, "expenditure", both)


def _fill_basic(dept: Department, rng: random.Random, basic: int) -> tuple[int, int, int]:
    """Split the basic expenditure into personnel/public items; returns (personnel, public, 30231)."""
    personnel = basic * rng.randint(85, 95) // 100
    public = basic - personnel
    vehicle = public // 4 if public >= 4 else 0
    amounts: dict[str, int] = {}
    for code, fen in zip(BASIC_PERSONNEL, _composition(rng, personnel, len(BASIC_PERSONNEL)) if personnel >= len(BASIC_PERSONNEL) else [personnel] + [0] * 10):
        amounts[code] = fen
    rest = public - vehicle
    for code, fen in zip(BASIC_PUBLIC, _composition(rng, rest, len(BASIC_PUBLIC)) if rest >= len(BASIC_PUBLIC) else [rest] + [0] * 9):
        amounts[code] = fen
    amounts["30231"] = vehicle
    amounts["301"] = sum(v for k, v in amounts.items() if k.startswith("301") and len(k) == 5)
    amounts["303"] = sum(v for k, v in amounts.items() if k.startswith("303") and len(k) == 5)
    amounts["302"] = public
    for panel in dept.table("basic_expenditure").panels:
        for row in panel.rows:
            if row.item == "人员经费合计":
                row.values = {"amount": fen_text(personnel, True)}
            elif row.item == "公用经费合计":
                row.values = {"amount": fen_text(public, True)}
            else:
                fen = amounts.get(row.code, 0)
                row.values = {"amount": fen_text(fen)} if fen else {}
    return personnel, public, vehicle


def _fill_three_public(dept: Department, rng: random.Random, vehicle: int) -> int:
    budget = vehicle + rng.randint(0, max(1, vehicle // 2))
    row = dept.table("three_public").panels[0].rows[0]
    row.values = {}
    for kind, fen in (("budget", budget), ("actual", vehicle)):
        if fen:
            for what in ("total", "vehicle", "vehicle_operation"):
                row.values[f"{kind}_{what}"] = fen_text(fen)
    return budget


def _narrative(dept: Department, lines: list[_Line], total: int, basic: int, project: int,
               personnel: int, public: int, vehicle: int, vehicle_budget: int) -> list[Block]:
    y, t = dept.year, fen_text(total)
    pct = lambda part: f"{part * 100 / total:.1f}" if total else "0"  # noqa: E731 - local shorthand
    blocks = [
        Block("h", "一、收入支出决算总体情况说明"), Block("p", f"{y}年度收、支总计 {t}万元。"),
        Block("h", "二、收入决算情况说明"),
        Block("p", f"{y}年度收入合计 {t}万元。其中：财政拨款收入{t}万元，占本年收入 100%。"),
        Block("h", "三、支出决算情况说明"),
        Block("p", f"{y}年度支出合计 {t}万元。其中：基本支出 {fen_text(basic)}万元，占本年支出 {pct(basic)}%；"
                   f"项目支出 {fen_text(project)}万元，占本年支出{pct(project)}%。"),
        Block("h", "五、一般公共预算财政拨款支出决算情况说明"),
        Block("h2", "（二）一般公共预算财政拨款支出决算结构情况"),
    ]
    classes = [ln for ln in lines if len(ln.code) == 3]
    for i, ln in enumerate(classes, 1):
        blocks.append(Block("p", f"{i}.{ln.name.removesuffix('支出')}（类）支出 {fen_text(ln.total)}万元，占 {pct(ln.total)}%。"))
    blocks += [
        Block("h", "六、一般公共预算财政拨款基本支出决算情况说明"),
        Block("p", f"{y}年度一般公共预算财政拨款基本支出 {fen_text(basic)}万元，其中：人员经费 {fen_text(personnel)}万元，"
                   f"公用经费 {fen_text(public)}万元。"),
        Block("h", "九、财政拨款“三公”经费支出决算情况说明"),
        Block("p", f"{y}年度“三公”经费财政拨款支出预算为 {fen_text(vehicle_budget) or '0'}万元，支出决算为 "
                   f"{fen_text(vehicle) or '0'}万元。"),
        Block("h", "十、机关运行经费支出情况"),
        Block("p", f"{y}年度机关运行经费支出 {fen_text(public)}万元。"),
    ]
    return blocks


def synthetic_department(n_rows: int, seed: int = 0, year: int = 2023) -> Department:
    """A consistent synthetic department with n_rows 项 lines (plus their 类/款 and 合计).

    Same (n_rows, seed, year) → same description → same PDF bytes.
    """
    if n_rows < 1:
        raise ValueError("n_rows must be at least 1")
    rng = random.Random(f"juesuan-synth-{n_rows}-{seed}")
    dept = copy.deepcopy(_template())
    dept.year = year
    dept.department = f"合成示例部门{n_rows}-{seed}"
    dept.cover.title = f"{year}年度部门决算"
    dept.cover.lines = [f"{n_rows} 项 · seed {seed}"]
    dept.cover.label = "合成示例 / synthetic — 非真实数据 (not a published report)"
    for t in dept.tables:
        t.title = f"{year}年度{t.title[4 + 2:]}" if t.title[:4].isdigit() else t.title
    lines = function_lines(n_rows, rng)
    total_line = _Line("", "合计", sum(ln.basic for ln in lines if len(ln.code) == 3),
                       sum(ln.project for ln in lines if len(ln.code) == 3))
    total, basic, project = total_line.total, total_line.basic, total_line.project
    dept.table("income").panels[0].rows = _code_rows(lines, {"total": "total", "fiscal": "total"}, total_line)
    for key in ("expenditure", "general_budget_expenditure"):
        dept.table(key).panels[0].rows = _code_rows(lines, {"total": "total", "basic": "basic", "project": "project"}, total_line)
    _fill_summaries(dept, lines, total)
    personnel, public, vehicle = _fill_basic(dept, rng, basic)
    vehicle_budget = _fill_three_public(dept, rng, vehicle)
    narrative = _narrative(dept, lines, total, basic, project, personnel, public, vehicle, vehicle_budget)
    dept.parts = [
        Part("overview", "第一部分 部门概况", [Block("h", "一、部门主要职能"),
             Block("p", "本部门为合成示例（synthetic），用于测试与基准，数据非真实。")]),
        Part("tables", f"第二部分 {year}年度部门决算表"),
        Part("explanation", f"第三部分 {year}年度部门决算情况说明", narrative),
        Part("appendix", "第六部分 附件"),
    ]
    _fill_performance(dept, total, basic, project)
    return dept


def _fill_performance(dept: Department, total: int, basic: int, project: int) -> None:
    whole = dept.performance[0]
    whole.header_left = f"部门名称：{dept.department}"
    whole.info_rows = [["部门名称", dept.department],
                       ["基本支出总额", f"{fen_text(basic)}万元", "项目支出总额", f"{fen_text(project)}万元"]]
    whole.budget.rows = [["部门整体支出总额", fen_text(total), fen_text(total), "100%", "20"]]
    whole.title = f"{dept.year} 年度部门整体绩效项目自评表"
    dept.performance = [whole]


_TEMPLATE: Department | None = None


def _template() -> Department:
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = load_description(SAMPLE_DESCRIPTION)
    return _TEMPLATE

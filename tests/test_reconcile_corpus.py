"""The generated-variant corpus: the bundled sample rendered with one planted error each, extracted
from the PDF and reconciled. Each planted error is caught by the check meant for it and no other
check changes verdict (a removed table may only turn the checks that needed it into
insufficient_data). The variants are generated here, never hand-edited files."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import SAMPLE_DESCRIPTION
from analysis.pipeline import check_department
from juesuan_dev.synth import PageBreakSpec, RenderOptions, load_description, render_pdf, replace_text, set_cell

pytestmark = pytest.mark.slow


def _statuses(dept, tmp: Path, name: str, options: RenderOptions | None = None) -> dict[str, str]:
    pdf = render_pdf(dept, tmp / f"{name}.pdf", options)
    checks = check_department(pdf, tmp / f"out-{name}").checks
    return dict(zip(checks["check_id"], checks["status"], strict=True))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    dept = load_description(SAMPLE_DESCRIPTION)
    tmp = tmp_path_factory.mktemp("corpus")
    return dept, tmp, _statuses(dept, tmp, "baseline")


def _changed(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    return {k: (before.get(k), after.get(k)) for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def test_baseline_has_no_fail_and_its_real_slips(corpus) -> None:
    _, _, base = corpus
    assert "fail" not in base.values(), [k for k, v in base.items() if v == "fail"]
    assert {k for k, v in base.items() if v == "warn"} == {
        "narrative.class_share_pct[社会保障和就业]",  # 43.66/1132.98 = 3.85%, printed 3.8
        "text.placeholder[部门名称]",  # 2023年度部门名称政府采购支出总额
        "text.repeated_char[于于]",  # 主要用于于车辆燃油
    }


VARIANTS = [
    # a changed cell: an economic item of 302
    ("changed_cell", lambda d: set_cell(d, "basic_expenditure", "amount", "13.84", code="30226"),
     {"basic_expenditure.class_sum[302]"}),
    # a transposed pair of digits in the income table's 合计 column (财政拨款 column untouched)
    ("transposed_digits", lambda d: set_cell(d, "income", "total", "66.14", code="2210201"),
     {"income.row_identity[2210201]", "income.hierarchy[22102]"}),
    # a narrative figure altered
    ("narrative_figure", lambda d: replace_text(d, "占本年支出 88.7%", "占本年支出 87.7%"),
     {"narrative.basic_share_pct"}),
    # a direction word altered
    ("direction_word", lambda d: replace_text(d, "决算数小于预算数", "决算数大于预算数"),
     {"narrative.three_public_actual_vs_budget"}),
    # 减少 → 增加: last year's base becomes 873.58, so 259.4 is 29.7%, not the printed 18.63%
    ("yoy_direction_word", lambda d: replace_text(d, "一般公共预算财政拨款支出减少 259.4万元", "一般公共预算财政拨款支出增加 259.4万元"),
     {"narrative.general_budget_yoy_change_pct"}),
    # a part of a sum stated in the text
    ("text_part", lambda d: replace_text(d, "保险费 1.87万元", "保险费 1.78万元"),
     {"narrative.sum[vehicle_operation_parts]"}),
    # a 类 share
    ("class_share", lambda d: replace_text(d, "占 83%", "占 73%"), {"narrative.class_share_pct[一般公共服务]"}),
]


@pytest.mark.parametrize("name, plant, expected", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_planted_error_is_caught_by_its_check_alone(corpus, name, plant, expected) -> None:
    dept, tmp, base = corpus
    diff = _changed(base, _statuses(plant(dept), tmp, name))
    assert set(diff) == expected, diff
    assert all(new == "fail" for _, new in diff.values()), diff


def test_placeholder_left(corpus) -> None:
    dept, tmp, base = corpus
    variant = replace_text(dept, "2023年度区委办公室机关运行经费支出", "2023年度XX局机关运行经费支出")
    diff = _changed(base, _statuses(variant, tmp, "placeholder"))
    assert len(diff) == 1, diff
    assert diff == {"text.placeholder[XX局]": (None, "warn")}


def test_wrong_year(corpus) -> None:
    dept, tmp, base = corpus
    variant = replace_text(dept, "截至2023 年 12月 31日", "截至2022 年 12月 31日")
    diff = _changed(base, _statuses(variant, tmp, "wrong_year"))
    assert diff.pop("text.wrong_year") == ("pass", None)
    assert diff == {"text.wrong_year[2022]": (None, "fail")}


def test_table_removed(corpus) -> None:
    dept, tmp, base = corpus
    diff = _changed(base, _statuses(dept, tmp, "no_three_public", RenderOptions(omit_tables=("three_public",))))
    assert diff.pop("table.present[three_public]") == ("pass", "fail")
    assert diff and all(new == "insufficient_data" for _, new in diff.values()), diff


LAYOUTS = [
    ("split_codes", RenderOptions(split_codes=True), {}),
    ("unit_yuan", RenderOptions(unit="元"), {"text.yuan_unit": ("pass", "not_applicable")}),  # tables in 元
    ("portrait_unnumbered", RenderOptions(landscape=False, table_numbers=False), {}),
    ("page_breaks", RenderOptions(page_break_inside=(
        PageBreakSpec("income", 8), PageBreakSpec("basic_expenditure", 10, repeat_header=False),
        PageBreakSpec("expenditure", 5, blank_page=True))), {}),
    ("table_order", RenderOptions(table_order=("three_public", "basic_expenditure")), {}),
]


@pytest.mark.parametrize("name, options, expected", LAYOUTS, ids=[v[0] for v in LAYOUTS])
def test_layout_variants_change_no_verdict(corpus, name, options, expected) -> None:
    """Regions lay the same report out differently: that alone must not change a verdict."""
    dept, tmp, base = corpus
    assert _changed(base, _statuses(dept, tmp, name, options)) == expected

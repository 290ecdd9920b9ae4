"""`juesuan render --next-year`: the sample one year on, every amount doubled, every identity kept."""

from __future__ import annotations

import pytest

from analysis.config import SAMPLE_DESCRIPTION
from juesuan_dev.synth import expected_cells, later_year, load_description


@pytest.fixture(scope="module")
def years():
    d23 = load_description(SAMPLE_DESCRIPTION)
    return d23, later_year(d23, 2)


def _paragraphs(dept) -> str:
    return "\n".join(b.text for part in dept.parts for b in part.blocks if b.kind != "table")


def test_every_printed_amount_is_doubled(years) -> None:
    d23, d24 = years
    before, after = expected_cells(d23), expected_cells(d24)
    assert len(before) == len(after)
    assert (after["value"].round(2) == (2 * before["value"]).round(2)).all()
    total = after[(after["table"] == "summary") & (after["item"] == "总计")]["value"]
    assert set(total.round(2)) == {2265.96}  # the seed's 1132.98, doubled


def test_the_text_moves_on_a_year_and_doubles_its_amounts(years) -> None:
    d23, d24 = years
    text = _paragraphs(d24)
    assert d24.year == 2024 and d24.cover.title == "2024年度部门决算" and d24.cover.label == "合成示例"
    assert "2024年度收、支总计 2265.96万元" in text
    assert "人员经费 1929.6万元" in text  # seed: 人员经费 964.8万元
    assert "占本年支出 88.7%" in text  # shares unchanged
    assert "1955年 2月至 2018年 10月" in text  # years outside the report's own are left alone
    assert "与 2023年度相比" in text and "2022" not in text
    assert d24.performance[0].title.startswith("2024 年度") and "2025年" in d24.performance[0].header_right
    assert d24.performance[0].budget.rows[0][1:3] == ["2265.96", "2265.96"]  # 预算数, 执行数
    assert d24.performance[0].budget.rows[0][3:] == ["100%", "20"]  # 执行率, 得分 unchanged
    assert d23.year == 2023 and "2023年度收、支总计 1132.98万元" in _paragraphs(d23)  # the original untouched


def test_factor_must_be_a_whole_number_at_least_one() -> None:
    with pytest.raises(ValueError):
        later_year(load_description(SAMPLE_DESCRIPTION), 0)

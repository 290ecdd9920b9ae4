"""The verdict policy on hand-made numbers: rounding envelope, truncated percentages, gaps."""

from decimal import Decimal as D

from analysis.reconcile.verdict import dec, part_le_whole, quote_outcome, ratio_interval, sum_outcome


def test_exact_sum_passes() -> None:
    # the sample's 合计: 1132.98 = 基本 1004.99 + 项目 127.99
    o = sum_outcome(D("1132.98"), [D("1004.99"), D("127.99")])
    assert o.status == "pass" and o.difference == 0


def test_gap_within_rounding_warns() -> None:
    # Putuo 302 = 10.23 printed, its eight non-zero items add up to 10.22
    items = [D(x) for x in ("3.78", "1.15", "0.02", "0.68", "0.48", "1.48", "2.43", "0.20")] + [D(0)] * 19
    o = sum_outcome(D("10.23"), items)
    assert o.status == "warn"
    assert o.expected == D("10.22") and o.difference == D("0.01")
    assert o.tolerance == D("0.045")  # 0.005 × (8 + 1): printed zeros do not widen it


def test_gap_beyond_rounding_fails() -> None:
    # a transposed pair of digits in the same class: 10.32 against 10.22
    o = sum_outcome(D("10.32"), [D("10.22")])
    assert o.status == "fail"


def test_blank_total_is_insufficient_data_not_a_pass() -> None:
    assert sum_outcome(None, [D(1)]).status == "insufficient_data"


def test_percentage_rounding_passes_truncation_warns_else_fails() -> None:
    lo, hi = ratio_interval(D("43.66"), D("1132.98"))  # 3.8535…%
    assert quote_outcome(D("3.85"), lo, hi).status == "pass"
    assert quote_outcome(D("3.9"), lo, hi).status == "pass"
    assert quote_outcome(D("3.8"), lo, hi).status == "warn"  # the seed's 社会保障和就业 “占3.8%”
    assert quote_outcome(D("3.7"), lo, hi).status == "fail"
    lo, hi = ratio_interval(D("939.82"), D("1132.98"))  # 82.95% printed “占 83%”
    assert quote_outcome(D("83"), lo, hi).status == "pass"


def test_ratio_of_zero_base_is_undefined() -> None:
    assert ratio_interval(D(0), D(0)) is None


def test_part_le_whole() -> None:
    assert part_le_whole(D("10.96"), D("10.96")).status == "pass"  # 30231 ≤ 用车运行
    assert part_le_whole(D("12.00"), D("10.96")).status == "fail"


def test_dec_reads_printed_floats_exactly() -> None:
    assert dec(1132.98) == D("1132.98")
    assert dec(float("nan")) is None and dec(None) is None and dec("") is None

"""The report's arithmetic proves OCR readings: confirmed, possible misreadings with their
alternative, and real breaks that stay fails.

The frames are small and made by hand: a 支出决算表 whose figures close (合计 30.00 = 201 = 20101 =
17.50 + 12.50; every row total = basic + project), read by OCR, and the same table with one cell
misread or misprinted. The expected readings are the table's own figures written here.
"""

from __future__ import annotations

import pandas as pd

from analysis.catalogue import CELLS_COLUMNS, TABLES_COLUMNS, conform
from analysis.reconcile import REGISTRY, run_checks
from analysis.reconcile.ocr_alternatives import alternatives
from analysis.reconcile.ocr_proof import with_verdicts

# code, item, total, basic, project — as a hand-typed 支出决算表 prints them
ROWS = [
    ("", "合计", "30.00", "20.00", "10.00"),
    ("201", "一般公共服务支出", "30.00", "20.00", "10.00"),
    ("20101", "人大事务", "30.00", "20.00", "10.00"),
    ("2010101", "行政运行", "17.50", "17.50", None),
    ("2010102", "一般行政管理事务", "12.50", "2.50", "10.00"),
]
SPECS = [s for s in REGISTRY if s.id in ("expenditure.row_identity", "expenditure.hierarchy")]


def table(printed: dict[tuple[str, str], str] | None = None, confidence: dict[tuple[str, str], float] | None = None,
          source: str = "ocr") -> pd.DataFrame:
    """The table's cells; `printed` replaces what the OCR read for (code, column)."""
    rows = []
    for code, item, *values in ROWS:
        for column, text in zip(("total", "basic", "project"), values):
            if text is None:
                continue
            text = (printed or {}).get((code, column), text)
            rows.append({"department": "测试部门", "year": 2023, "table": "expenditure", "code": code, "item": item,
                         "column": column, "value": float(text.replace(",", "")), "page": 5, "printed": text,
                         "source": source, "confidence": (confidence or {}).get((code, column), 0.99)})
    return conform(pd.DataFrame(rows), CELLS_COLUMNS)


TABLES = conform(pd.DataFrame([{"table": "expenditure", "title": "支出决算表", "pages": "5", "unit": "万元",
                                "status": "extracted"}]), TABLES_COLUMNS)


def run(cells: pd.DataFrame, specs=SPECS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """checks, and the cells with each OCR cell's verdict."""
    proof: list = []
    checks = run_checks(cells, TABLES, specs=specs, proof=proof)
    return checks, with_verdicts(cells, proof[0] if proof else None)


def verdict(cells: pd.DataFrame, code: str, column: str) -> tuple[str, str]:
    hit = cells[(cells["code"] == code) & (cells["column"] == column)].iloc[0]
    return hit["ocr_check"], hit["alternative"]


def test_a_table_whose_sums_close_confirms_every_ocr_value():
    checks, cells = run(table())
    assert (checks["status"] == "pass").any() and not (checks["status"] == "fail").any()
    assert set(cells["ocr_check"]) == {"confirmed"}
    assert set(cells["alternative"]) == {""}


def test_a_seven_read_as_one_is_a_possible_misreading_with_its_alternative_and_no_fail():
    # the page prints 17.50; the engine read 11.50: the row (11.50 ≠ 17.50 + 0) and 20101 = Σ项 break
    checks, cells = run(table({("2010101", "total"): "11.50"}))
    assert verdict(cells, "2010101", "total") == ("possible_misreading", "17.50")
    assert not (checks["status"] == "fail").any()
    doubted = checks[checks["label_zh"].str.contains("OCR 读数可能有误")]
    assert set(doubted["status"]) == {"insufficient_data"}
    assert {"expenditure.row_identity[2010101]", "expenditure.hierarchy[20101]"} <= set(doubted["check_id"])
    assert doubted["detail"].str.contains("read as '17.50' every identity").all() and doubted["detail"].str.contains("would say fail").all()
    assert "读作 11.50，可能为 17.50" in doubted["label_zh"].iloc[0]
    # the cells the misread broke are confirmed once its alternative closes their sums
    assert verdict(cells, "20101", "total") == ("confirmed", "")
    assert verdict(cells, "2010101", "basic") == ("confirmed", "")


def test_a_lost_decimal_point_is_found():
    checks, cells = run(table({("2010102", "project"): "1000"}))
    assert verdict(cells, "2010102", "project") == ("possible_misreading", "10.00")
    assert not (checks["status"] == "fail").any()


def test_a_real_break_stays_a_fail():
    # printed 17.40 where the sums need 17.50: no OCR confusion turns 17.40 into 17.50
    checks, cells = run(table({("2010101", "total"): "17.40"}))
    assert "fail" in set(checks.loc[checks["check_id"] == "expenditure.row_identity[2010101]", "status"])
    assert verdict(cells, "2010101", "total") == ("unconfirmed", "")
    failed = checks[checks["status"] == "fail"]
    assert failed["detail"].str.contains("read by OCR").all()  # which figures were read from the image


def test_a_low_confidence_break_is_doubted_without_an_alternative():
    checks, cells = run(table({("2010101", "total"): "17.40"}, confidence={("2010101", "total"): 0.42}))
    assert verdict(cells, "2010101", "total") == ("possible_misreading", "")
    assert not (checks["status"] == "fail").any()
    assert checks["label_zh"].str.contains("识别置信度低").any()


def test_a_text_layer_table_is_judged_as_before():
    checks, cells = run(table({("2010101", "total"): "11.50"}, source="text"))
    assert (checks.loc[checks["check_id"] == "expenditure.row_identity[2010101]", "status"] == "fail").all()
    assert set(cells["ocr_check"]) == {""}


def test_a_check_comparing_ocr_with_the_text_layer_says_which_is_which():
    summary = conform(pd.DataFrame([{"department": "测试部门", "year": 2023, "table": "summary", "side": "expenditure",
                                     "item": "本年支出合计", "row_no": "27", "column": "amount", "value": 30.0, "page": 3,
                                     "printed": "30.00", "source": "text"}]), CELLS_COLUMNS)
    cells = pd.concat([summary, table()], ignore_index=True)
    tables = pd.concat([TABLES, conform(pd.DataFrame([{"table": "summary", "status": "extracted", "unit": "万元"}]),
                                        TABLES_COLUMNS)], ignore_index=True)
    spec = [s for s in REGISTRY if s.id == "cross.summary_expenditure_total"]
    checks = run_checks(cells, tables, specs=spec)
    row = checks.iloc[0]
    assert row["status"] == "pass"
    assert "第 5 页数字为 OCR 识别" in row["label_zh"] and "文字层" in row["label_zh"]
    assert "text layer" in row["detail"]


def test_alternatives_list_the_usual_confusions():
    texts = {r.text: r.kind for r in alternatives("1,234.56")}
    assert texts["7,234.56"] == "digit"  # 1 → 7
    assert texts["1,284.56"] == "digit"  # 3 → 8
    assert "1,234.55" in texts and "1,234.50" in texts
    assert texts["123,456"] == "decimal_point"
    assert "12,345.6" in texts  # the point in the wrong place
    assert "11,234.56" in texts and texts["11,234.56"] in ("lost_digit",)
    assert "1,24.56" not in texts and "1,234.56" not in texts
    assert alternatives("-") == [] and alternatives("") == []
    # one of two alike digits lost (88.7 read 8.7): the few readings tried where every lost digit is too many
    doubled = {r.text: r.kind for r in alternatives("8.7", kinds=("doubled_digit",))}
    assert doubled == {"88.7": "doubled_digit", "8.77": "doubled_digit"}


# -- the bundled sample (hand-transcribed from the seed) read wholly by OCR ----------------------------


def _sample_read_by_ocr(misread: dict[tuple[str, str, str], str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The seed's cells as an OCR engine would give them, `misread` replacing what it read for
    (table, code, column); checks, the cells with verdicts, and the checks of the true reading."""
    from fixtures.sample_cells import (sample_cells, sample_narrative, sample_performance, sample_tables,
                                       sample_text_pages)

    frames = {"tables": sample_tables(), "narrative": sample_narrative(), "performance": sample_performance(),
              "text_pages": sample_text_pages()}
    cells = sample_cells()
    cells["printed"] = cells["value"].map(lambda v: f"{v:,.2f}")
    cells["source"], cells["confidence"] = "ocr", 0.97
    for (tbl, code, column), text in misread.items():
        at = (cells["table"] == tbl) & (cells["code"] == code) & (cells["column"] == column)
        assert at.sum() == 1
        cells.loc[at, ["value", "printed"]] = [float(text.replace(",", "")), text]
    proof: list = []
    checks = run_checks(cells, proof=proof, **frames)
    return checks, with_verdicts(cells, proof[0]), run_checks(sample_cells(), **frames)


def test_the_sample_read_by_ocr_is_confirmed_by_its_arithmetic():
    checks, cells, truth = _sample_read_by_ocr({})
    assert set(cells["ocr_check"]) == {"confirmed"}
    assert checks["status"].value_counts().to_dict() == truth["status"].value_counts().to_dict()


def test_three_misreadings_in_the_sample_are_each_found_and_none_is_a_fail():
    # seed: 30102 津贴补贴 374.83, 公务用车运行费 决算 10.96, 2210201 住房公积金 66.41
    checks, cells, truth = _sample_read_by_ocr({
        ("basic_expenditure", "30102", "amount"): "374.88",  # 3 read as 8: hides in 301's rounding envelope (a warn)
        ("three_public", "", "actual_vehicle_operation"): "16.96",  # 0 read as 6
        ("general_budget_expenditure", "2210201", "total"): "6641",  # the decimal point lost
    })
    doubted = cells[cells["ocr_check"] == "possible_misreading"].set_index("printed")["alternative"].to_dict()
    assert doubted == {"374.88": "374.83", "16.96": "10.96", "6641": "66.41"}
    assert not (checks["status"] == "fail").any() and not (truth["status"] == "fail").any()
    assert (cells["ocr_check"] == "confirmed").sum() == len(cells) - 3


def test_a_real_reports_rounding_slip_is_not_called_a_misreading():
    # Putuo 2024 prints 302 as 10.23 where its items add to 10.22 (a warn of 0.01 in the document itself)
    from pathlib import Path

    real = pd.read_csv(Path(__file__).parent / "pdfs/real/putuo-social-work-2024.cells.csv", dtype={"code": str},
                       keep_default_na=False)
    real["value"] = pd.to_numeric(real["value"].replace("", None))
    cells = conform(real[real["value"].notna()], CELLS_COLUMNS)
    cells["source"], cells["confidence"] = "ocr", 0.97
    proof: list = []
    checks = run_checks(cells, pd.DataFrame(), proof=proof)
    assert checks.loc[checks["check_id"] == "basic_expenditure.class_sum[302]", "status"].tolist() == ["warn"]
    assert set(with_verdicts(cells, proof[0])["ocr_check"]) == {"confirmed"}


def test_a_figure_of_the_text_misread_by_ocr_is_doubted_not_failed():
    # seed: “2023年度支出合计 1132.98万元。”, “其中：基本支出 1004.99万元，占本年支出 88.7%”
    from fixtures.sample_cells import (sample_cells, sample_narrative, sample_performance, sample_tables,
                                       sample_text_pages)

    narrative = sample_narrative()
    narrative["source"] = "ocr"
    for fact, value, sentence in (("total_expenditure", 1182.98, "2023年度支出合计 1182.98万元。"),
                                  ("basic_share_pct", 83.7, "其中：基本支出 1004.99万元，占本年支出 83.7%")):
        narrative.loc[narrative["fact"] == fact, ["value", "sentence"]] = [value, sentence]
    proof: list = []
    checks = run_checks(sample_cells(), sample_tables(), narrative, sample_performance(), sample_text_pages(),
                        proof=proof)
    facts = with_verdicts(narrative, proof[0], "fact").set_index("fact")
    assert facts.loc["total_expenditure", ["ocr_check", "alternative"]].tolist() == ["possible_misreading", "1132.98"]
    assert facts.loc["basic_share_pct", ["ocr_check", "alternative"]].tolist() == ["possible_misreading", "88.7"]
    assert not (checks["status"] == "fail").any()
    row = checks.set_index("check_id").loc["narrative.total_expenditure"]
    assert row["status"] == "insufficient_data" and "说明中的数字读作 1182.98，可能为 1132.98" in row["label_zh"]
    from analysis.reconcile.ocr_review import review_lines

    (line,) = review_lines(sample_cells(), with_verdicts(narrative, proof[0], "fact"))
    assert line.startswith("OCR 读数可能有误 2 处")
    assert "第 13 页说明“2023年度支出合计 1182.98万元。”中的数字读作 1182.98，可能为 1132.98" in line


def test_a_percentage_of_the_text_with_one_of_two_alike_digits_lost_is_doubted_not_failed():
    # seed: “其中：基本支出 1004.99万元，占本年支出 88.7%”, read 8.7% from the sample scanned at 150 dpi
    from fixtures.sample_cells import (sample_cells, sample_narrative, sample_performance, sample_tables,
                                       sample_text_pages)

    narrative = sample_narrative()
    narrative["source"] = "ocr"
    narrative.loc[narrative["fact"] == "basic_share_pct", ["value", "sentence"]] = [8.7, "其中：基本支出 1004.99万元，占本年支出 8.7%"]
    proof: list = []
    checks = run_checks(sample_cells(), sample_tables(), narrative, sample_performance(), sample_text_pages(),
                        proof=proof)
    facts = with_verdicts(narrative, proof[0], "fact").set_index("fact")
    assert facts.loc["basic_share_pct", ["ocr_check", "alternative"]].tolist() == ["possible_misreading", "88.7"]
    assert not (checks["status"] == "fail").any()
    assert checks.set_index("check_id").loc["narrative.basic_share_pct", "status"] == "insufficient_data"


def test_two_misreadings_in_one_sum_are_found_together():
    # 2010101 合计 17.50 read 11.50 (7 → 1) and 2010102 合计 12.50 read 72.50 (1 → 7): 20101 = Σ项 breaks by
    # +54.00, which neither reading alone explains; each also breaks its own row (合计 = 基本 + 项目)
    checks, cells = run(table({("2010101", "total"): "11.50", ("2010102", "total"): "72.50"}))
    assert verdict(cells, "2010101", "total") == ("possible_misreading", "17.50")
    assert verdict(cells, "2010102", "total") == ("possible_misreading", "12.50")
    assert not (checks["status"] == "fail").any()


def test_a_self_evaluation_table_read_by_ocr_is_not_accused():
    # the seed's 部门整体 自评表 (page 16 of the sample) with one indicator's score lost: 总分 no longer adds up,
    # and nothing else prints those scores: read from the page's picture, that is no fail
    from fixtures.sample_cells import sample_cells, sample_performance, sample_tables

    performance = sample_performance()
    scores = performance[(performance["scope"] == "部门整体") & performance["score"].notna()
                         & ~performance["level1"].isin(["总分", "预算执行情况"])]
    performance = performance.drop(index=scores.index[0])
    page = int(performance.loc[performance["scope"] == "部门整体", "page"].iloc[0])
    specs = [s for s in REGISTRY if s.id == "performance.total_score"]
    as_text = run_checks(sample_cells(), sample_tables(), None, performance, specs=specs)
    assert "fail" in set(as_text["status"])
    as_ocr = run_checks(sample_cells(), sample_tables(), None, performance, specs=specs, ocr_pages={page: "no_text_layer"})
    doubted = as_ocr[as_ocr["label_zh"].str.contains("OCR 读数可能有误")]
    assert not (as_ocr["status"] == "fail").any() and set(doubted["status"]) == {"insufficient_data"}
    assert doubted["detail"].str.contains("would say fail").all()

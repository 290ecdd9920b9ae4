"""The real Shanghai report (WPS output): every cell must equal the hand-checked transcription."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import read_pdf

KEY = ["table", "side", "code", "item", "column"]


def _diff(got: pd.DataFrame, expected_csv) -> pd.DataFrame:
    exp = pd.read_csv(expected_csv, dtype=str, keep_default_na=False)
    exp["value"] = exp["value"].astype(float)
    exp["page"] = exp["page"].astype(int)
    g = got[KEY + ["value", "page"]].copy()
    g[KEY] = g[KEY].fillna("").astype(str)
    g["page"] = g["page"].astype(int)
    merged = exp.merge(g, on=KEY, how="outer", indicator=True, suffixes=("_expected", "_got"))
    return merged[
        (merged["_merge"] != "both")
        | (merged["value_expected"] != merged["value_got"])
        | (merged["page_expected"] != merged["page_got"])
    ]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["tabula", "pdfplumber"])
def test_putuo_cells_match_hand_transcription(engine, putuo_pdf, putuo_expected_cells):
    ex = read_pdf(putuo_pdf, engine)
    bad = _diff(ex.cells, putuo_expected_cells)
    assert bad.empty, bad.to_string()
    assert len(ex.cells) == 205  # rows of the transcription (206 lines less the header)


@pytest.mark.slow
def test_putuo_tables_found_three_empty(putuo_pdf):
    ex = read_pdf(putuo_pdf, "pdfplumber")
    status = dict(zip(ex.tables["table"], ex.tables["status"]))
    assert status == {
        "summary": "extracted",
        "income": "extracted",
        "expenditure": "extracted",
        "fiscal_summary": "extracted",
        "general_budget_expenditure": "extracted",
        "basic_expenditure": "extracted",
        "gov_fund": "empty",
        "soe_capital": "empty",
        "three_public": "empty",
    }
    pages = dict(zip(ex.tables["table"], ex.tables["pages"]))
    assert pages["income"] == "6;7"  # continues on a second landscape page
    assert pages["fiscal_summary"] == "10;11"
    note = dict(zip(ex.tables["table"], ex.tables["note"]))["gov_fund"]
    assert note == "中共上海市普陀区委社会工作部本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"
    assert ex.department == "中共上海市普陀区委社会工作部"
    assert ex.year == 2024


@pytest.mark.slow
def test_putuo_cells_keep_their_box_and_group(putuo_pdf):
    cells = read_pdf(putuo_pdf, "pdfplumber").cells
    row = cells[(cells["table"] == "basic_expenditure") & (cells["code"] == "30213")].iloc[0]
    assert row["item"] == "维修（护）费"  # fullwidth brackets as printed
    assert row["value"] == 0.02 and row["page"] == 13
    assert row["group"] == "public"
    assert 0 < row["x0"] < row["x1"] <= 595.3 and 0 < row["top"] < row["bottom"] <= 841.9
    wrapped = cells[(cells["table"] == "general_budget_expenditure") & (cells["code"] == "2080505")]
    assert set(wrapped["item"]) == {"机关事业单位基本养老保险缴费支出"}  # wrapped over three lines in the PDF
    personnel = cells[(cells["table"] == "basic_expenditure") & (cells["item"] == "人员经费合计")]
    assert personnel["value"].tolist() == [95.36] and personnel["group"].tolist() == ["personnel"]

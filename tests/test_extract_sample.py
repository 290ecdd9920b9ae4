"""The bundled sample and its layout variants: every number of the nine tables must equal the
hand transcription of the seed text (tests/fixtures/sample_cells.py), whatever the layout."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.config import SAMPLE_DESCRIPTION, SAMPLE_PDF
from analysis import read_pdf
from juesuan_dev.synth import PageBreakSpec, RenderOptions, load_description, render_pdf

from fixtures.sample_cells import sample_cells

KEY = ["table", "side", "code", "item", "column"]


def _mismatches(got: pd.DataFrame, tables: tuple[str, ...] | None = None) -> pd.DataFrame:
    exp = sample_cells()
    if tables is not None:
        exp = exp[exp["table"].isin(tables)]
    frames = []
    for df in (exp, got):
        d = df[KEY + ["value"]].copy()
        d[KEY] = d[KEY].fillna("").astype(str)
        d["value"] = d["value"].astype(float).round(6)
        frames.append(d)
    m = frames[0].merge(frames[1], on=KEY, how="outer", indicator=True, suffixes=("_expected", "_got"))
    return m[(m["_merge"] != "both") | (m["value_expected"] != m["value_got"])]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["tabula", "pdfplumber", "tabula-subprocess"])
def test_bundled_sample_every_number(engine):
    ex = read_pdf(SAMPLE_PDF, engine)
    bad = _mismatches(ex.cells)
    assert bad.empty, bad.to_string()
    assert ex.department == "中共武汉市青山区委办公室" and ex.year == 2023
    status = dict(zip(ex.tables["table"], ex.tables["status"]))
    assert status["gov_fund"] == status["soe_capital"] == "empty"
    assert sum(s == "extracted" for s in status.values()) == 7
    notes = dict(zip(ex.tables["table"], ex.tables["note"]))
    assert notes["gov_fund"] == "本部门当年无政府性基金预算财政拨款收入支出。"
    assert notes["soe_capital"] == "本部门当年无国有资本经营预算财政拨款支出。"


@pytest.mark.slow
def test_sample_rows_carry_row_numbers_groups_and_printed_text():
    cells = read_pdf(SAMPLE_PDF, "pdfplumber").cells
    total = cells[(cells["table"] == "summary") & (cells["item"] == "本年支出合计")].iloc[0]
    assert (total["side"], total["row_no"], total["value"]) == ("expenditure", "58", 1132.98)
    personnel = cells[(cells["table"] == "basic_expenditure") & (cells["item"] == "人员经费合计")].iloc[0]
    assert personnel["printed"] == "964.80" and personnel["group"] == "personnel"
    public = cells[(cells["table"] == "basic_expenditure") & (cells["code"] == "30231")].iloc[0]
    assert public["item"] == "公务用车运行维护费" and public["group"] == "public"
    wrapped = cells[(cells["table"] == "income") & (cells["code"] == "2013199")]
    assert set(wrapped["item"]) == {"其他党委办公厅（室）及相关机构事务支出"}


def _render(tmp_path, name: str, options: RenderOptions):
    pdf = tmp_path / f"{name}.pdf"
    render_pdf(load_description(SAMPLE_DESCRIPTION), pdf, options)
    return pdf


VARIANTS = {
    "split_codes": RenderOptions(split_codes=True),
    "unit_yuan": RenderOptions(unit="元"),
    "portrait": RenderOptions(landscape=False),
    "no_numbers_reordered": RenderOptions(
        table_numbers=False, table_order=("three_public", "basic_expenditure", "summary")
    ),
    "title_variant": RenderOptions(title_variants={"summary": "部门收支决算总表"}),
    "page_breaks": RenderOptions(
        page_break_inside=(
            PageBreakSpec("income", 6, repeat_header=True),
            PageBreakSpec("expenditure", 8, repeat_header=False),
            PageBreakSpec("general_budget_expenditure", 5, repeat_header=False, blank_page=True),
        )
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_layout_variants_give_the_same_numbers(tmp_path, variant):
    ex = read_pdf(_render(tmp_path, variant, VARIANTS[variant]), "tabula")
    bad = _mismatches(ex.cells)
    assert bad.empty, bad.to_string()


@pytest.mark.slow
def test_continuation_pages_are_listed(tmp_path):
    ex = read_pdf(_render(tmp_path, "breaks", VARIANTS["page_breaks"]), "pdfplumber")
    pages = dict(zip(ex.tables["table"], ex.tables["pages"]))
    for table in ("income", "expenditure", "general_budget_expenditure"):
        assert len(pages[table].split(";")) == 2, pages


@pytest.mark.slow
def test_missing_table_is_reported_not_skipped(tmp_path):
    ex = read_pdf(_render(tmp_path, "omit", RenderOptions(omit_tables=("three_public",))), "pdfplumber")
    row = ex.tables.set_index("table").loc["three_public"]
    assert row["status"] == "missing"
    assert not (ex.cells["table"] == "three_public").any()
    assert _mismatches(ex.cells, tables=tuple(t for t in sample_cells()["table"].unique() if t != "three_public")).empty


@pytest.mark.slow
def test_unit_yuan_is_read_and_converted(tmp_path):
    ex = read_pdf(_render(tmp_path, "yuan", VARIANTS["unit_yuan"]), "pdfplumber")
    assert set(ex.tables.loc[ex.tables["status"] == "extracted", "unit"]) == {"元"}
    total = ex.cells[(ex.cells["table"] == "income") & (ex.cells["item"] == "合计") & (ex.cells["column"] == "total")]
    assert total["value"].tolist() == [1132.98]
    assert total["printed"].tolist() == ["11329800.00"]

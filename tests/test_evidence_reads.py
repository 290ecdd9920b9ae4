"""Each finding carries what it read: the cells, facts and words it compared, and nothing of the
findings before it. Expected figures are the sample's, as printed in the seed text (支出决算表,
一般公共预算财政拨款基本支出决算明细表, the 情况说明), written by hand."""

from __future__ import annotations

import re

import pandas as pd
from fixtures.sample_cells import sample_cells, sample_narrative, sample_performance, sample_tables, sample_text_pages
from test_reconcile_planted import set_cell, set_fact

from analysis.reconcile import REGISTRY, run_checks
from analysis.reconcile.evidence import Ref, resolve


def _run(**overrides) -> tuple[pd.DataFrame, pd.DataFrame]:
    frames = {"cells": sample_cells(), "tables": sample_tables(), "narrative": sample_narrative(),
              "performance": sample_performance(), "text_pages": sample_text_pages()}
    frames.update(overrides)
    reads: list[tuple[str, Ref]] = []
    checks = run_checks(**frames, evidence=reads)
    return checks, resolve(reads, frames["cells"], frames["narrative"])


def _cells(evidence: pd.DataFrame, check_id: str) -> set[tuple[str, str, str, float]]:
    rows = evidence[(evidence["check_id"] == check_id) & (evidence["kind"] == "cell")]
    return {(r.table, r.code or r.item, r.column, round(float(r.value), 2)) for r in rows.itertuples()}


def test_a_row_identity_reads_that_row_only() -> None:
    # seed, 支出决算表: 2101101 行政单位医疗 22.34 = 21.83 + 0.51 (basic planted as 21.38);
    # the row before it, 21011 行政事业单位医疗 69.83 = 66.08 + 3.75
    checks, evidence = _run(cells=set_cell(sample_cells(), "expenditure", "basic", 21.38, "2101101"))
    assert checks.set_index("check_id").loc["expenditure.row_identity[2101101]", "status"] == "fail"
    assert _cells(evidence, "expenditure.row_identity[2101101]") == {
        ("expenditure", "2101101", "total", 22.34), ("expenditure", "2101101", "basic", 21.38),
        ("expenditure", "2101101", "project", 0.51)}
    # the row before it in the same rule got its own figures, not these
    assert _cells(evidence, "expenditure.row_identity[21011]") == {
        ("expenditure", "21011", "total", 69.83), ("expenditure", "21011", "basic", 66.08),
        ("expenditure", "21011", "project", 3.75)}


def test_a_class_sum_reads_the_class_and_its_items() -> None:
    # seed: 302 商品和服务支出 40.19 over its 款 (30201 办公费 4.3, 30226 劳务费 13.48, 30299 … 3.6)
    _, evidence = _run()
    got = _cells(evidence, "basic_expenditure.class_sum[302]")
    assert ("basic_expenditure", "302", "amount", 40.19) in got
    assert {("basic_expenditure", "30201", "amount", 4.30), ("basic_expenditure", "30226", "amount", 13.48),
            ("basic_expenditure", "30299", "amount", 3.60)} <= got
    assert all(code.startswith("302") for _, code, _, _ in got)


def test_a_text_figure_reads_its_sentence_and_the_table_figures() -> None:
    # 说明: 基本支出 1004.99万元，占本年支出 88.7% (planted 87.7); 支出决算表 合计: 1132.98, 基本 1004.99
    narrative = set_fact(sample_narrative(), "basic_share_pct", 87.7)
    checks, evidence = _run(narrative=narrative)
    rows = evidence[evidence["check_id"] == "narrative.basic_share_pct"]
    facts = rows[rows["kind"] == "fact"]
    assert "88.7%" in "".join(facts["text"]).replace(" ", "") or "87.7" in "".join(facts["text"])
    assert set(facts["printed"]) >= {"basic_share_pct"}
    assert {("expenditure", "合计", "total", 1132.98), ("expenditure", "合计", "basic", 1004.99)} <= \
        _cells(evidence, "narrative.basic_share_pct")


def test_a_text_slip_reads_its_words() -> None:
    # the seed's own slip: 主要用于于车辆燃油, on the page of the text that prints it
    _, evidence = _run()
    page = next(p for p, text in sample_text_pages() if "于于" in text.replace("\n", ""))
    rows = evidence[evidence["check_id"] == "text.repeated_char[于于]"]
    assert list(rows["kind"]) == ["text"] and list(rows["needle"]) == ["于于"]
    assert "用于于车辆燃油" in rows["text"].iloc[0]
    assert int(rows["page"].iloc[0]) == page


def test_evidence_names_only_findings_of_this_run() -> None:
    checks, evidence = _run()
    assert set(evidence["check_id"]) <= set(checks["check_id"])
    # a check that read nothing (the nine tables are present) has no evidence rows, not others'
    assert "table.present[summary]" not in set(evidence["check_id"])


def test_every_check_has_a_chinese_label() -> None:
    for spec in REGISTRY:
        assert re.search(r"[\u4e00-\u9fff]", spec.label_zh), spec.id
    checks, _ = _run()
    labels = checks["label_zh"].astype(str)
    assert (labels.str.len() > 0).all()
    # keys of the data (table, column, subject keys) are not what a reader sees
    english = labels[labels.str.contains(r"\b[a-z]+_[a-z_]+\b")]
    assert english.empty, english.head().tolist()
    assert checks["description"].str.contains(" / ").all()  # the English stays in the data


def test_a_self_evaluation_total_reads_its_printed_figures() -> None:
    # seed, 部门整体支出绩效自评表: 总分 97 = 预算执行 20 + indicators 77; planted 总分 96
    perf = sample_performance()
    perf.loc[(perf["scope"] == "部门整体") & (perf["level1"] == "总分"), "score"] = 96.0
    checks, evidence = _run(performance=perf)
    failed = checks[(checks["status"] == "fail") & checks["check_id"].str.startswith("performance.")]
    assert not failed.empty
    rows = evidence[evidence["check_id"].isin(failed["check_id"]) & (evidence["kind"] == "form")]
    assert {"96", "20"} <= set(rows["needle"].str.replace(r"\.0+$", "", regex=True))
    assert set(rows["page"].astype(int)) == {22}  # the page the fixture's 自评表 is on

"""The user is told which pages were read by OCR, how many values the arithmetic confirmed, and
which are possible misreadings (named, with their alternative): in cells.csv, meta.json's review,
`juesuan recheck`, the report and the index.

A tiny tidy folder is written by hand: the 支出决算表 of test_ocr_proof read by OCR from a scanned
page 5, its 2010101 合计 read 11.50 where the page prints 17.50 (the sums need 17.50).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analysis.catalogue import TABLES_COLUMNS, conform, load_department
from analysis.domain import TABLE_KEYS
from analysis.cli import app
from analysis.outputs import write_table
from analysis.present import ocr_view, report
from analysis.present.loader import key_figures
from analysis.reconcile.folder import recheck_folder
from test_ocr_proof import TABLES, table

MISREAD = {("2010101", "total"): "11.50"}


def folder(root: Path, cells: pd.DataFrame, ocr_pages: list[dict]) -> Path:
    out = root / "2023" / "测试部门"
    out.mkdir(parents=True)
    write_table(cells, out, "cells")
    # the other eight tables printed empty (本部门无…), so only the 支出决算表's figures are judged
    others = conform(pd.DataFrame([{"table": t, "status": "empty", "unit": "万元"} for t in TABLE_KEYS
                                   if t != "expenditure"]), TABLES_COLUMNS)
    write_table(pd.concat([TABLES, others], ignore_index=True), out, "tables")
    meta = {"department": "测试部门", "year": 2023, "slug": "测试部门", "pdf": "测试部门.pdf",
            "review": ["年度 2023 取自文件名，报告中未读出"], "ocr_pages": ocr_pages}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture()
def misread(tmp_path: Path) -> Path:
    out = folder(tmp_path, table(MISREAD), [{"page": 5, "reason": "no_text_layer"}])
    recheck_folder(out)
    return out


def test_cells_csv_and_the_review_name_the_misreading(misread: Path):
    cells = pd.read_csv(misread / "cells.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    hit = cells[(cells["code"] == "2010101") & (cells["column"] == "total")].iloc[0]
    assert (hit["source"], hit["printed"], hit["ocr_check"], hit["alternative"]) == ("ocr", "11.50",
                                                                                      "possible_misreading", "17.50")
    assert set(cells.loc[cells.index != hit.name, "ocr_check"]) == {"confirmed"}
    checks = pd.read_csv(misread / "checks.csv", encoding="utf-8-sig")
    assert not (checks["status"] == "fail").any()
    review = json.loads((misread / "meta.json").read_text(encoding="utf-8"))["review"]
    assert review[0] == "年度 2023 取自文件名，报告中未读出"  # the other reasons are kept
    assert review[1].startswith("OCR 读数可能有误 1 处")
    assert "第 5 页支出决算表“2010101 行政运行”合计读作 11.50，可能为 17.50" in review[1]


def test_a_hand_correction_confirms_the_reading_and_clears_the_review(misread: Path):
    cells = pd.read_csv(misread / "cells.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    at = (cells["code"] == "2010101") & (cells["column"] == "total")
    cells.loc[at, ["value", "printed"]] = ["17.5", "17.50"]
    cells.to_csv(misread / "cells.csv", index=False, encoding="utf-8-sig")
    recheck_folder(misread)
    data = load_department(misread)
    assert set(data.cells["ocr_check"]) == {"confirmed"}
    assert not any(r.startswith("OCR") for r in data.meta["review"])


def test_the_report_and_the_index_tell_it_in_chinese(misread: Path):
    data = load_department(misread)
    figures = key_figures(data)
    assert (figures["ocr_values"], figures["ocr_confirmed"], figures["ocr_possible_misreading"]) == (14, 13, 1)
    assert figures["verdict"] == "review"
    assert figures["ocr_pages"] == "第 5 页（无文字层（扫描件））"
    section = ocr_view.section(data)._repr_html_()
    assert "第 5 页（无文字层（扫描件））" in section
    assert "核实 13 个" in section and "可能误读 1 个" in section
    assert "17.50" in section and "11.50" in section and "行政运行" in section
    assert "数据不足" in section  # the checks it leaves undecided, with their verdict
    assert "OCR 识别" in report.figures_table(figures)._repr_html_()
    assert "可能误读" in report.findings(figures, data.checks)._repr_html_()
    entry = report.IndexEntry(department=data.department, year=2023, slug=data.slug, status="ok", figures=figures,
                              review=data.meta["review"])
    index = report.render_index([entry])
    assert "OCR 识别 14 个：勾稽核实 13 个" in index and "可能误读 1 个" in index
    assert "合计读作 11.50，可能为 17.50" in index  # the review line names the cell
    assert "待复核" in index


def test_a_report_without_ocr_says_so(tmp_path: Path):
    out = folder(tmp_path, table(source="text"), [])
    recheck_folder(out)
    data = load_department(out)
    assert "未使用 OCR" in ocr_view.section(data)._repr_html_()
    assert "OCR 识别" not in report.figures_table(key_figures(data))._repr_html_()


def test_recheck_prints_the_misreadings_and_asks_for_review(misread: Path):
    res = CliRunner().invoke(app, ["recheck", str(misread)])
    assert res.exit_code == 1, res.output
    assert "ocr values: 14 table values read from page images (pages 5 (no_text_layer)): 13 confirmed" in res.output
    assert "OCR? 第 5 页支出决算表“2010101 行政运行”合计读作 11.50，可能为 17.50" in res.output


@pytest.mark.slow  # checks the sample with both table readers: tabula starts the JVM
def test_a_doubted_finding_is_shown_with_its_crop_from_the_page(tmp_path: Path):
    """The bundled sample through the pipeline; its 支出决算表 then marked as read by OCR with the
    2013101 行政运行 合计 (seed: 799.87) read 199.87: the findings it breaks are shown with the page."""
    from analysis.config import SAMPLE_PDF
    from analysis.pipeline import check_department

    out = check_department(SAMPLE_PDF, tmp_path, engine="pdfplumber").out_dir
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    page = cells["table"] == "expenditure"
    cells.loc[page, "source"], cells.loc[page, "confidence"] = "ocr", "0.96"
    at = page & (cells["code"] == "2013101") & (cells["column"] == "total")
    assert cells.loc[at, "printed"].tolist() == ["799.87"]
    cells.loc[at, ["value", "printed"]] = ["199.87", "199.87"]
    cells.to_csv(out / "cells.csv", index=False, encoding="utf-8-sig")
    checks = recheck_folder(out)
    assert not (checks["status"] == "fail").any()
    data = load_department(out)
    hit = data.cells[data.cells["printed"] == "199.87"].iloc[0]
    assert (hit["ocr_check"], hit["alternative"]) == ("possible_misreading", "799.87")
    evidence = report.evidence_of(data, SAMPLE_PDF)
    shown = [f for f in evidence.findings if f.check["status"] == "insufficient_data"]
    assert shown and all(f.crops for f in shown)  # the cell boxed on its page, for the second look
    html = report.findings_evidence(evidence)._repr_html_()
    assert "可能为 799.87" in html and "请对照原图复核" in html and "数据不足" in html

"""The corpus dataset: every cell of every department, Frictionless-valid, DuckDB-queryable, incremental.

The corpus: the bundled sample (2023), the same department a year on rendered by `juesuan render
--next-year 2` (2024, every amount doubled), and the two real reports in tests/pdfs/real (the
普陀 report and the blank 上海 template, which prints no figures). Expected numbers come from the
documents: the seed text, the hand transcription of the 普陀 tables, and the seed doubled.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import PROJ_ROOT, SAMPLE_DEPARTMENT
from analysis.pipeline import check_department
from analysis.present import corpus as corpus_reader
from analysis.present.dataset import FACT_TABLES, build_dataset
from analysis.reconcile.folder import recheck_folder
from fixtures.documents import PUTUO_CELLS, PUTUO_PDF, SHANGHAI_TEMPLATE
from fixtures.sample_cells import sample_cells
from two_years import corpus as two_year_corpus

pytestmark = pytest.mark.slow
KEY = ["table", "side", "code", "item", "column"]
PUTUO = "中共上海市普陀区委社会工作部"


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    pdfs = two_year_corpus(tmp_path_factory.mktemp("pdfs"))
    root = tmp_path_factory.mktemp("processed")
    for pdf in (pdfs / "2023" / f"{SAMPLE_DEPARTMENT}.pdf", pdfs / "2024" / f"{SAMPLE_DEPARTMENT}.pdf",
                PUTUO_PDF, SHANGHAI_TEMPLATE):
        check_department(pdf, root)
    return root


@pytest.fixture(scope="module")
def built(processed):
    return build_dataset(processed)


def _departments(processed: Path) -> pd.DataFrame:
    return pd.read_parquet(processed / "dataset" / "departments.parquet")


def test_one_row_per_report(processed, built) -> None:
    departments = _departments(processed)
    assert sorted(zip(departments["department"], departments["year"])) == [
        ("上海市XX局", 2024), (PUTUO, 2024), (SAMPLE_DEPARTMENT, 2023), (SAMPLE_DEPARTMENT, 2024)]
    assert built.departments == 4 and len(built.rewritten) == 4
    by = departments.set_index(["department", "year"])
    assert by.loc[(SAMPLE_DEPARTMENT, 2023), "total_expenditure"] == pytest.approx(1132.98)
    assert by.loc[(SAMPLE_DEPARTMENT, 2024), "total_expenditure"] == pytest.approx(2265.96)
    assert by.loc[(PUTUO, 2024), "total_expenditure"] == pytest.approx(307.82)


def test_every_cell_of_every_department(processed, built) -> None:
    cells = pd.read_parquet(processed / "dataset" / "cells")  # one read spans the corpus
    departments = _departments(processed)
    for folder in sorted(processed.glob("20*/*")):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        own = pd.read_parquet(folder / "cells.parquet")
        mine = cells[cells["pdf_sha256"] == meta["pdf_sha256"]]
        assert len(mine) == len(own), folder.name
        assert sorted(mine["value"].dropna()) == sorted(own["value"].dropna())
        assert set(mine["year"].astype(int)) <= {meta["year"]}
    assert set(cells["pdf_sha256"]) <= set(departments["pdf_sha256"])
    assert cells[["page", "x0", "top", "x1", "bottom"]].notna().all().all()  # every number has its place


def _found(expected: pd.DataFrame, got: pd.DataFrame) -> pd.DataFrame:
    """Expected (KEY, value) rows missing from got."""
    exp = expected[KEY + ["value"]].fillna("").astype({"value": float}).round(2)
    have = got[KEY + ["value"]].fillna("").astype({"value": float}).round(2)
    merged = exp.merge(have.drop_duplicates(), how="left", indicator=True)
    return merged[merged["_merge"] == "left_only"]


def test_hand_transcriptions_are_in_the_dataset(processed, built) -> None:
    cells = corpus_reader.read_table(processed / "dataset", "cells")
    putuo = pd.read_csv(PUTUO_CELLS, dtype=str, keep_default_na=False).assign(
        value=lambda d: d["value"].astype(float))
    assert _found(putuo, cells[(cells["department"] == PUTUO) & (cells["year"] == 2024)]).empty
    sample = sample_cells()
    qingshan = cells[cells["department"] == SAMPLE_DEPARTMENT]
    assert _found(sample, qingshan[qingshan["year"] == 2023]).empty
    assert _found(sample.assign(value=sample["value"] * 2), qingshan[qingshan["year"] == 2024]).empty


def test_every_table_spans_the_corpus_with_provenance(processed, built) -> None:
    for table in FACT_TABLES:
        df = pd.read_parquet(processed / "dataset" / table)
        assert {"department", "pdf_sha256", "year"} <= set(df.columns), table
        assert df["pdf_sha256"].str.fullmatch(r"[0-9a-f]{64}").all(), table
    narrative = corpus_reader.read_table(processed / "dataset", "narrative")
    facts = narrative.set_index(["department", "year", "fact"])
    # the seed: 2023年度收入合计 1132.98 万元, on the page the sentence is printed
    assert facts.loc[(SAMPLE_DEPARTMENT, 2023, "total_income"), "value"] == pytest.approx(1132.98)
    assert narrative["page"].notna().all()
    checks = corpus_reader.read_table(processed / "dataset", "checks")
    yoy = checks[(checks["category"] == "year_on_year") & (checks["department"] == SAMPLE_DEPARTMENT)]
    assert set(yoy.loc[yoy["year"] == 2024, "status"]) == {"pass"}
    assert set(yoy.loc[yoy["year"] == 2023, "status"]) == {"not_applicable"}


def test_datapackage_validates_with_frictionless(processed, built) -> None:
    from frictionless import validate

    report = validate(processed / "dataset" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    descriptor = json.loads((processed / "dataset" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"][1:]:  # every row of every file was read
        assert rows[resource["name"]] == len(pd.read_parquet(processed / "dataset" / resource["path"]))
    schema = json.loads((processed / "dataset" / "schemas" / "cells.json").read_text(encoding="utf-8"))
    value = next(f for f in schema["fields"] if f["name"] == "value")
    assert value["title"] == "金额" and value["unit"] == "万元" and value["columnType"] == "value"
    assert schema["foreignKeys"][0]["reference"] == {"resource": "departments", "fields": ["pdf_sha256"]}


def test_frictionless_catches_a_broken_dataset(processed, built, tmp_path) -> None:
    """The validation is not a formality: a cell whose report is not listed breaks the foreign key."""
    from frictionless import validate

    copy = tmp_path / "dataset"
    shutil.copytree(processed / "dataset", copy)
    target = next((copy / "cells" / "year=2024").glob("*.parquet"))
    df = pd.read_parquet(target)
    df.loc[0, "pdf_sha256"] = "0" * 64
    df.to_parquet(target, index=False)
    report = validate(copy / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_duckdb_runs_the_readme_query(processed, built) -> None:
    import duckdb

    readme = (PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    sql = re.search(r"<!-- duckdb-example -->\s*```sql\n(.*?)```", readme, re.S).group(1)
    sql = sql.replace("data/processed/dataset", (processed / "dataset").as_posix())
    rows = duckdb.sql(sql).fetchall()
    assert [(d, int(y), round(v, 2)) for d, y, v in rows] == [
        (SAMPLE_DEPARTMENT, 2023, 1132.98), (PUTUO, 2024, 307.82), (SAMPLE_DEPARTMENT, 2024, 2265.96)]


def _mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*.parquet")
            if p.name != "departments.parquet"}


def test_rebuilt_incrementally(processed, built, tmp_path) -> None:
    root = tmp_path / "processed"
    shutil.copytree(processed, root)
    first = build_dataset(root)
    assert first.rewritten == []  # copied with its times (copy2): every fingerprint still matches
    before = _mtimes(root / "dataset")
    again = build_dataset(root)
    assert again.rewritten == [] and again.removed == [] and _mtimes(root / "dataset") == before

    time.sleep(0.01)
    recheck_folder(root / "2024" / PUTUO)  # a reviewer re-checks one department
    changed = build_dataset(root)
    assert changed.rewritten == [f"2024/{PUTUO}"]
    after = _mtimes(root / "dataset")
    moved = {k for k in before if after.get(k) != before[k]}
    assert moved and all(PUTUO in k for k in moved)

    shutil.rmtree(root / "2023" / SAMPLE_DEPARTMENT)
    removed = build_dataset(root)
    assert removed.removed == [f"2023/{SAMPLE_DEPARTMENT}"]
    assert not list((root / "dataset").glob("*/year=2023/*.parquet"))
    assert 2023 not in set(_departments(root)["year"])
    assert not [p for p in (root / "dataset").rglob("*") if p.name.startswith(".")]  # no temporaries left


def test_compare_notebook_runs_on_the_dataset(processed, built, tmp_path) -> None:
    import papermill as pm

    from analysis.config import NOTEBOOKS_DIR

    out = tmp_path / "compare.ipynb"
    pm.execute_notebook(str(NOTEBOOKS_DIR / "compare_departments.ipynb"), str(out), kernel_name="python3",
                        parameters={"processed_dir": str(processed)}, progress_bar=False, cwd=str(NOTEBOOKS_DIR))
    text = out.read_text(encoding="utf-8")
    assert text.count("image/png") >= 5  # 规模, 结构, 人员经费分布, 三公逐年, 核对
    assert PUTUO in text and "2265.96" in text


def test_a_hand_corrected_csv_reaches_the_dataset(processed, built, tmp_path) -> None:
    """cells.csv is the copy a reviewer corrects: newer than its Parquet copy, it is what the dataset takes."""
    root = tmp_path / "processed"
    shutil.copytree(processed, root)
    folder = root / "2024" / PUTUO
    csv = folder / "cells.csv"
    text = csv.read_text(encoding="utf-8-sig")
    line = ",302,商品和服务支出,,amount,10.23,"  # printed 10.23 though its items add up to 10.22
    assert text.count(line) == 1
    time.sleep(0.01)
    csv.write_text(text.replace(line, line.replace("10.23", "10.22")), encoding="utf-8-sig")
    again = build_dataset(root)
    assert again.rewritten == [f"2024/{PUTUO}"]
    cells = corpus_reader.read_table(root / "dataset", "cells")
    mine = cells[(cells["department"] == PUTUO) & (cells["table"] == "basic_expenditure") & (cells["code"] == "302")]
    assert mine["value"].round(2).tolist() == [10.22]

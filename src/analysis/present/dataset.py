"""The corpus dataset: every department's tidy files as one Parquet dataset, partitioned by year.

Researchers work across departments and years; each department's folder is a unit for review,
not for research. `data/processed/dataset/` holds the same rows for the whole corpus:

    dataset/cells/year=2023/<slug>.parquet        (and narrative, performance, checks)
    dataset/departments.parquet                   one row per report: identity and key figures
    dataset/datapackage.json                      Frictionless descriptor (fields, Chinese titles, units, keys)
    dataset/manifest.json                         which tidy folder each file came from, and its fingerprint

so `pd.read_parquet("dataset/cells")` or one DuckDB query spans the corpus (the year comes from
the `year=` folder, hive style). Every row carries its provenance: the department, the PDF's
sha256 (the report's identity: two PDFs of one department and year are told apart by content),
and the page (and for cells the box) it was read from.

It is rebuilt incrementally: a department's files are rewritten only when its tidy folder changed
(its files' sizes and times: the fingerprint), a removed folder's files are removed, and only the
small files (departments, descriptor, manifest) are written every time — each atomically.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..outputs import write_atomic, write_text_atomic
from ..catalogue import CELLS_COLUMNS, CHECKS_COLUMNS, NARRATIVE_COLUMNS, PERFORMANCE_COLUMNS, edited_copy_is_newer
from .loader import DepartmentData, find_department_dirs, key_figures, load_department

DATASET = "dataset"  # the folder under the processed root
# in a tidy folder: its department failed in `juesuan run` (the reason inside). Its files may be
# those of a blank template or a report cut short, so it stays out of the dataset until it succeeds.
FAILED_MARKER = "failed.txt"
FACT_TABLES = ("cells", "narrative", "performance", "checks")
FORMAT_VERSION = 1  # bump when a file's columns change: every department is rewritten


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string / number / integer
    title: str  # 中文 label
    description: str = ""
    unit: str = ""
    column_type: str = ""  # Fiscal Data Package ColumnType, where one fits


PROVENANCE = (
    Field("department", "string", "部门", "department name as printed in the report",
          column_type="administrative-classification:generic:label"),
    Field("pdf_sha256", "string", "PDF 文件 SHA-256", "the report's identity: the SHA-256 of the PDF's bytes"),
)
BOX = (
    Field("page", "integer", "页码", "1-based page of the PDF the value was read from"),
    Field("x0", "number", "左", "cell box: left edge, PDF points from the page's left", unit="pt"),
    Field("top", "number", "上", "cell box: top edge, PDF points from the page's top", unit="pt"),
    Field("x1", "number", "右", "cell box: right edge", unit="pt"),
    Field("bottom", "number", "下", "cell box: bottom edge", unit="pt"),
)
MONEY = "万元"

FIELDS: dict[str, tuple[Field, ...]] = {
    "cells": PROVENANCE + (
        Field("table", "string", "报表", "canonical table key (summary, income, … three_public)"),
        Field("side", "string", "收支方", "income / expenditure for the two-sided tables, else empty"),
        # 功能分类 codes in most tables, 经济分类 in basic_expenditure: a custom ColumnType above both
        Field("code", "string", "科目编码", "classification code, digits only: function 类/款/项 3/5/7 digits; "
              "economic (basic_expenditure) 3/5", column_type="classification:generic:code"),
        Field("item", "string", "科目名称", "row label as printed", column_type="classification:generic:label"),
        Field("row_no", "string", "行次", "printed 行次, where the table has one"),
        Field("column", "string", "栏目", "canonical column key (total, basic, project, …)"),
        Field("value", "number", "金额", "the printed number, converted to 万元", unit=MONEY, column_type="value"),
        Field("printed", "string", "原文", "the value's text as printed (before unit conversion)"),
        Field("group", "string", "经费类别", "personnel 人员经费 / public 公用经费 (basic_expenditure rows)"),
        Field("source", "string", "读取方式", "text (the PDF's text layer) / ocr (the page image)"),
        Field("confidence", "number", "识别置信度", "the OCR engine's confidence (0–1); empty for text"),
        Field("alternative", "string", "可能读法", "the reading that closes every identity a doubtful OCR value breaks"),
        Field("ocr_check", "string", "算术核实", "confirmed / possible_misreading / unconfirmed (OCR values)"),
    ) + BOX,
    "narrative": PROVENANCE + (
        Field("fact", "string", "说明项", "stable key of the stated figure (total_income, yoy_change_pct, …)"),
        Field("value", "number", "数值", "the figure as stated, in `unit`", column_type="value"),
        Field("unit", "string", "单位", "万元 / 元 / % / 辆 / 个 …"),
        Field("sentence", "string", "原句", "the source sentence"),
        BOX[0],
    ),
    "performance": PROVENANCE + (
        Field("scope", "string", "自评对象", "部门整体, or the project's name", column_type="activity:generic:project:label"),
        Field("level1", "string", "一级指标"),
        Field("level2", "string", "二级指标"),
        Field("indicator", "string", "三级指标"),
        Field("target", "string", "年初目标值", "as printed (≥30, 100%)"),
        Field("actual", "string", "实际完成值", "as printed"),
        Field("score", "number", "得分", unit="分"),
        BOX[0],
    ),
    "checks": PROVENANCE + (
        Field("check_id", "string", "核对编号", "stable id: <spec>[<subject>]"),
        Field("category", "string", "核对类别", "table / hierarchy / cross_table / narrative / performance / text / year_on_year"),
        Field("description", "string", "核对内容", "Chinese / English"),
        Field("expected", "number", "应为", "the figure recomputed from others: 万元, or % for a percentage check"),
        Field("actual", "number", "所印", "the figure as printed (万元, or %)"),
        Field("difference", "number", "差额", "actual − expected"),
        Field("tolerance", "number", "容差", "what rounding can explain"),
        Field("status", "string", "结论", "pass / warn / fail / not_applicable / insufficient_data"),
        Field("tables", "string", "涉及报表", "table keys, ';'-separated"),
        Field("pages", "string", "页码", "pages, ';'-separated"),
        Field("detail", "string", "说明", "the evidence: the sentence, the figures, the gap"),
    ),
}
PRIMARY_KEYS = {
    "cells": ["pdf_sha256", "table", "page", "x0", "top"],  # a printed cell is one place on one page
    "checks": ["pdf_sha256", "check_id"],
}
DEPARTMENT_FIELDS = (
    Field("pdf_sha256", "string", "PDF 文件 SHA-256", "the report's identity"),
    Field("year", "integer", "年度", "the accounts year printed in the report", column_type="date:fiscal-year"),
    Field("department", "string", "部门", "as printed in the report", column_type="administrative-classification:generic:label"),
    Field("slug", "string", "文件名", "the department's folder and file name in this dataset"),
    Field("pdf", "string", "PDF 文件名", "the PDF's file name"),
    Field("total_income", "number", "本年收入合计", unit=MONEY, column_type="value"),
    Field("total_expenditure", "number", "本年支出合计", unit=MONEY, column_type="value"),
    Field("basic", "number", "基本支出", unit=MONEY, column_type="value"),
    Field("project", "number", "项目支出", unit=MONEY, column_type="value"),
    Field("basic_share_pct", "number", "基本支出占比", unit="%"),
    Field("personnel", "number", "人员经费", unit=MONEY, column_type="value"),
    Field("public", "number", "公用经费", unit=MONEY, column_type="value"),
    Field("personnel_share_pct", "number", "人员经费占基本支出比重", unit="%"),
    Field("three_public_budget", "number", "“三公”经费预算数", unit=MONEY, column_type="value"),
    Field("three_public_actual", "number", "“三公”经费决算数", unit=MONEY, column_type="value"),
    Field("performance_score", "number", "部门整体绩效自评总分", unit="分"),
    Field("checks_pass", "integer", "核对通过数"),
    Field("checks_warn", "integer", "核对警告数"),
    Field("checks_fail", "integer", "核对不符数"),
    Field("checks_insufficient", "integer", "核对数据不足数"),
    Field("verdict", "string", "核对结论", "pass / warn / fail / unchecked"),
)
def _with_contract_columns(fields: tuple[Field, ...], columns: list[str], dropped: set[str]) -> tuple[Field, ...]:
    """fields, plus any column the tidy file's contract has that is not described here (as text):
    a column added to the contract reaches the dataset without waiting for a description."""
    known = {f.name for f in fields} | dropped
    return fields + tuple(Field(c, "string", c) for c in columns if c not in known)


FIELDS = {
    "cells": _with_contract_columns(FIELDS["cells"], CELLS_COLUMNS, {"year"}),
    "narrative": _with_contract_columns(FIELDS["narrative"], NARRATIVE_COLUMNS, set()),
    "performance": _with_contract_columns(FIELDS["performance"], PERFORMANCE_COLUMNS, set()),
    "checks": _with_contract_columns(FIELDS["checks"], CHECKS_COLUMNS, set()),
}
TITLES = {"cells": "报表数字", "narrative": "情况说明中的数字", "performance": "绩效自评指标",
          "checks": "勾稽核对结论", "departments": "部门"}


def _arrow_schema(fields: tuple[Field, ...]):
    import pyarrow as pa

    types = {"string": pa.string(), "number": pa.float64(), "integer": pa.int64()}
    return pa.schema([(f.name, types[f.type]) for f in fields])


def typed(df: pd.DataFrame, fields: tuple[Field, ...]) -> pd.DataFrame:
    """df in exactly these columns and types: every file of a table has one schema, so a reader
    spanning the corpus never meets int here and text there (or a column of nothing but nulls)."""
    out = pd.DataFrame(index=df.index)
    for f in fields:
        col = df[f.name] if f.name in df.columns else pd.Series(pd.NA, index=df.index)
        if f.type == "string":
            out[f.name] = col.astype("string").fillna("").astype(object)
        elif f.type == "integer":
            out[f.name] = pd.to_numeric(col, errors="coerce").astype("Int64")
        else:
            out[f.name] = pd.to_numeric(col, errors="coerce").astype("float64")
    return out.reset_index(drop=True)


def department_frames(data: DepartmentData) -> dict[str, pd.DataFrame]:
    """A tidy folder's rows as the dataset's tables: each row stamped with its report's identity."""
    sha = str(data.meta.get("pdf_sha256") or "")
    frames = {}
    for table in FACT_TABLES:
        df = getattr(data, table).copy()
        df["department"] = data.department
        df["pdf_sha256"] = sha
        frames[table] = typed(df, FIELDS[table])
    return frames


def department_row(figures: dict, meta: dict) -> dict:
    """The departments table's row: the report's identity (meta.json) and its key figures."""
    row = {**figures, "pdf_sha256": str(meta.get("pdf_sha256") or ""), "year": meta.get("year"),
           "department": meta.get("department") or figures.get("department"), "slug": meta.get("slug") or figures.get("slug"),
           "pdf": str(meta.get("pdf") or "")}
    return {f.name: _plain(row.get(f.name)) for f in DEPARTMENT_FIELDS}


def _plain(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def fingerprint(folder: Path) -> str:
    """What a tidy folder holds, cheaply: its files' names, sizes and modification times."""
    parts = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and not p.name.startswith(".") and p.suffix in (".csv", ".parquet", ".json"):
            st = p.stat()
            parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256(f"v{FORMAT_VERSION}|{_columns_version()}|{'|'.join(parts)}".encode()).hexdigest()[:32]


def _columns_version() -> str:
    return hashlib.sha256(repr(FIELDS).encode()).hexdigest()[:8]


# ---------------------------------------------------------------- writing


@dataclass
class DatasetResult:
    root: Path
    departments: int = 0
    rewritten: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)  # folder → why it is not in the dataset

    def summary(self) -> str:
        line = (f"dataset: {self.departments} departments ({len(self.rewritten)} rewritten, "
                f"{len(self.removed)} removed) → {self.root}")
        return "\n".join([line, *(f"  not in the dataset: {k}: {why}" for k, why in self.left_out.items())])


def _write_parquet(df: pd.DataFrame, fields: tuple[Field, ...], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, schema=_arrow_schema(fields), preserve_index=False)
    write_atomic(path, lambda tmp: pq.write_table(table, tmp))


def dataset_root(processed_root: Path) -> Path:
    return Path(processed_root) / DATASET


def _arrow_table(folder: Path, table: str, department: str, sha: str):
    """The tidy Parquet file as the dataset's table, in Arrow: no pandas round trip (a tenth of the
    time). None when there is no Parquet file, or a column will not cast (the pandas path then)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    source = folder / f"{table}.parquet"
    if not source.exists() or edited_copy_is_newer(folder, table):
        return None  # a hand-corrected CSV is the copy of record
    t = pq.read_table(source)
    n = t.num_rows
    schema = _arrow_schema(FIELDS[table])
    arrays = []
    try:
        for f, target in zip(FIELDS[table], schema):
            if f.name in ("department", "pdf_sha256"):
                arrays.append(pa.array([department if f.name == "department" else sha] * n, pa.string()))
            elif f.name not in t.column_names:
                arrays.append(pa.array([""] * n, pa.string()) if f.type == "string" else pa.nulls(n, target.type))
            elif f.type == "string":
                arrays.append(pc.fill_null(t[f.name].cast(pa.string()), ""))
            else:
                arrays.append(t[f.name].cast(target.type))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pa.Table.from_arrays(arrays, schema=schema)


def export_department(folder: Path, root: Path, figures: dict | None = None) -> dict:
    """Write one tidy folder's files into the dataset; return its manifest entry.

    `figures` are the department's key figures when the caller has them (the batch worker has
    just computed them for the index); otherwise the folder is loaded to compute them.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    fp = fingerprint(folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    year = meta.get("year")
    if not isinstance(year, int):
        raise ValueError("the report's year was not read, so it has no year partition")
    department, sha, slug = str(meta.get("department") or ""), str(meta.get("pdf_sha256") or ""), folder.name
    data = None
    if figures is None:
        data = load_department(folder)
        figures = key_figures(data)
    files = {}
    for table in FACT_TABLES:
        arrow = _arrow_table(folder, table, department, sha)
        if arrow is None:  # CSV only, or odd types: through the loader's reading
            data = data or load_department(folder)
            frame = department_frames(data)[table]
            arrow = pa.Table.from_pandas(frame, schema=_arrow_schema(FIELDS[table]), preserve_index=False)
        if arrow.num_rows == 0:
            continue  # no file rather than an empty one: fewer files, same rows
        rel = f"{table}/year={year}/{slug}.parquet"
        write_atomic(root / rel, lambda tmp, arrow=arrow: pq.write_table(arrow, tmp))
        files[table] = rel
    return {"fingerprint": fp, "year": year, "files": files, "department": department_row(figures, {**meta, "slug": slug})}


def _department_folders(processed_root: Path) -> tuple[dict[str, Path], dict[str, str]]:
    """The tidy folders that belong in the dataset, and those left out because their department failed."""
    folders = {folder_key(p): p for p in find_department_dirs(processed_root) if p.parent.name != DATASET}
    failed = {key: p / FAILED_MARKER for key, p in folders.items() if (p / FAILED_MARKER).exists()}
    return ({key: p for key, p in folders.items() if key not in failed},
            {key: f"its department failed in juesuan run ({m.read_text(encoding='utf-8', errors='replace').strip()})"
             for key, m in failed.items()})


def _read_manifest(root: Path) -> dict:
    try:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest.get("departments", {}) if manifest.get("format") == FORMAT_VERSION else {}


def folder_key(folder: Path) -> str:
    """<year>/<slug>: how the manifest names a tidy folder."""
    return f"{folder.parent.name}/{folder.name}"


def build_dataset(processed_root: Path, exported: dict[str, dict] | None = None) -> DatasetResult:
    """Bring <processed_root>/dataset/ up to date with the tidy folders beside it.

    `exported`: entries the batch's workers already wrote (folder key → entry); taken as they are
    when the folder has not changed since.
    """
    processed_root = Path(processed_root)
    root = processed_root / DATASET
    result = DatasetResult(root=root)
    old = _read_manifest(root)
    folders, result.left_out = _department_folders(processed_root)
    entries: dict[str, dict] = {}
    for key, folder in folders.items():
        previous = old.get(key)
        fp = fingerprint(folder)
        fresh = (exported or {}).get(key)
        if fresh and fresh["fingerprint"] == fp:
            if previous:  # a table this department no longer has
                for rel in set(previous["files"].values()) - set(fresh["files"].values()):
                    (root / rel).unlink(missing_ok=True)
            entries[key] = fresh
            result.rewritten.append(key)
            continue
        if previous and previous["fingerprint"] == fp and all((root / rel).exists() for rel in previous["files"].values()):
            entries[key] = previous
            continue
        try:
            entry = export_department(folder, root)
        except Exception as exc:  # noqa: BLE001 - one bad folder must not stop the dataset
            result.left_out[key] = f"{type(exc).__name__}: {exc}"
            entry = None
        stale = set((previous or {}).get("files", {}).values()) - set((entry or {}).get("files", {}).values())
        for rel in stale:  # a table this department no longer has (or the department left out)
            (root / rel).unlink(missing_ok=True)
        if entry is not None:
            entries[key] = entry
            result.rewritten.append(key)
    for key in sorted(set(old) - set(folders)):
        for rel in old[key]["files"].values():
            (root / rel).unlink(missing_ok=True)
        result.removed.append(key)
    departments = pd.DataFrame([e["department"] for e in entries.values()], columns=[f.name for f in DEPARTMENT_FIELDS])
    _write_parquet(typed(departments, DEPARTMENT_FIELDS).sort_values(["year", "slug"]).reset_index(drop=True),
                   DEPARTMENT_FIELDS, root / "departments.parquet")
    for table in FACT_TABLES:
        write_text_atomic(root / "schemas" / f"{table}.json", json.dumps(table_schema(table), ensure_ascii=False, indent=1))
    write_text_atomic(root / "datapackage.json", json.dumps(datapackage(entries), ensure_ascii=False, indent=1))
    write_text_atomic(root / "manifest.json", json.dumps({"format": FORMAT_VERSION, "departments": entries},
                                                         ensure_ascii=False, indent=1))
    result.departments = len(entries)
    return result


# ---------------------------------------------------------------- the descriptor


def _field(f: Field) -> dict:
    d = {"name": f.name, "type": f.type, "title": f.title}
    if f.description:
        d["description"] = f.description
    if f.unit:
        d["unit"] = f.unit
    if f.column_type:
        d["columnType"] = f.column_type
    return d


def table_schema(table: str) -> dict:
    """Table Schema of one fact table: fields, keys, and the year that lives in the folder name."""
    schema: dict = {
        "fields": [_field(f) for f in FIELDS[table]],
        # Fiscal Data Package: columns the denormalised form has that the file does not
        "extraFields": [
            {"name": "year", "type": "integer", "title": "年度", "columnType": "date:fiscal-year",
             "description": "the partition folder year=YYYY (hive style): pd.read_parquet and DuckDB add it"},
            {"name": "currency", "type": "string", "title": "币种", "columnType": "value-currency:code",
             "constant": "CNY"},
        ],
        "foreignKeys": [{"fields": ["pdf_sha256"], "reference": {"resource": "departments", "fields": ["pdf_sha256"]}}],
    }
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[table]
    return schema


def datapackage(entries: dict[str, dict]) -> dict:
    """The Frictionless descriptor: one resource per file (so a validator reads every row of every
    file), their schemas shared by table, all keyed to the one departments resource."""
    resources = [{
        "name": "departments", "path": "departments.parquet", "format": "parquet", "profile": "tabular-data-resource",
        "title": TITLES["departments"], "description": "one row per report: identity and key figures (万元)",
        "schema": {"fields": [_field(f) for f in DEPARTMENT_FIELDS], "primaryKey": ["pdf_sha256"]},
    }]
    for key, entry in sorted(entries.items(), key=lambda kv: (kv[1]["year"], kv[0])):
        dept = entry["department"]
        for table, rel in sorted(entry["files"].items()):
            resources.append({
                "name": f"{table}-{entry['year']}-{dept['pdf_sha256'][:16]}",
                "path": rel, "format": "parquet", "profile": "tabular-data-resource",
                "title": f"{dept['department']} {entry['year']}年度 {TITLES[table]}",
                "schema": f"schemas/{table}.json",
                "partition": {"year": entry["year"]},
            })
    return {
        "name": "juesuan-final-accounts",
        "title": "部门决算数据集",
        "description": "Every number printed in the nine standard tables, the figures stated in the text, the "
                       "绩效自评表 indicators and the reconciliation of Chinese departments' final-accounts reports "
                       "(部门决算). Amounts in 万元 (10,000 CNY). Files are partitioned by year (year=YYYY folders).",
        "countryCode": "CN",
        "profile": "tabular-data-package",
        "resources": resources,
    }

"""One department, end to end: PDF → tidy files (and, with checks, checks.csv) in its own folder.

The single entry point the CLI, the notebooks and the batch runner share, so a department's
outputs are the same whichever way it was run.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .catalogue import (
    CATALOGUE,
    CHECKS_COLUMNS,
    EVIDENCE_COLUMNS,
    NARRATIVE_COLUMNS,
    PERFORMANCE_COLUMNS,
    UNREAD_COLUMNS,
    conform,
    empty_frame,
)
from .config import PROCESSED_DIR
from .errors import readable_name
from .document.pdfdoc import open_report
from .outputs import department_dir, write_table, write_text_atomic
from .document.identity import Identity
from .document.second_reading import READING_COLUMNS, reading_frame
from .prose.narrative import UNCOVERED_COLUMNS, NarrativeReading, read_narrative
from .prose.performance import performance_of
from .reconcile import fact_sources, run_checks
from .reconcile.evidence import resolve
from .reconcile.ocr_proof import with_verdicts
from .reconcile.ocr_review import review_lines
from .reconcile.prior_report import identity
from .reconcile.year_on_year import previous_report
from .tables.accounting import NumberCount
from .tables.agreement import disputed_cells
from .tables.grids import DEFAULT_ENGINE
from .tables.read import read_tables


@dataclass
class Report:
    """What one report PDF states, as the frames of the data contract (nothing written yet)."""

    pdf: Path
    department: str
    year: int | None
    cells: pd.DataFrame
    tables: pd.DataFrame
    narrative: pd.DataFrame = field(default_factory=lambda: empty_frame(NARRATIVE_COLUMNS))
    performance: pd.DataFrame = field(default_factory=lambda: empty_frame(PERFORMANCE_COLUMNS))
    uncovered: pd.DataFrame = field(default_factory=lambda: empty_frame(UNCOVERED_COLUMNS))
    pages: list[tuple[int, str]] = field(default_factory=list)  # the text layer, for the text checks
    # numbers printed on the table pages that are not cells, with the reason (unread.csv)
    unread: pd.DataFrame = field(default_factory=lambda: empty_frame(UNREAD_COLUMNS))
    numbers: NumberCount = field(default_factory=NumberCount)  # printed / read / unexplained
    reading: pd.DataFrame = field(default_factory=lambda: empty_frame(READING_COLUMNS))  # ours vs PDFium's, per page
    identity: Identity | None = None  # where the department and year were read
    figures: int = 0  # printed figures of the narrative (facts' numbers + uncovered rows)
    has_text: bool = True  # False: no explanatory text, the tables alone (NarrativeReading.has_text)
    engines: tuple[str, str] = ("", "")  # the grid engine reported, the one that checked it ("" = none)
    second_error: str = ""  # why the second engine could not read the tables

    @property
    def disputed(self) -> pd.DataFrame:
        """The cells the two grid engines read differently (cells.csv agreement)."""
        return disputed_cells(self.cells)

    def engines_summary(self) -> str:
        """One line: do the two table readers agree on every cell?"""
        mine, other = self.engines
        if not other:
            return f"tables: read by {mine or 'one engine'} alone"
        if self.second_error:
            return f"tables: {other} could not check {mine}'s reading ({self.second_error}) — for review"
        n = len(self.disputed)
        if not n:
            return f"tables: {mine} and {other} agree on all {len(self.cells)} cells"
        return f"tables: {mine} and {other} read {n} cells differently (cells.csv agreement) — for review"
    # pages read by OCR from their pictures → why (no_text_layer, pictured, text_layer_disagrees)
    ocr_pages: dict[int, str] = field(default_factory=dict)
    # pages whose picture draws none of the Chinese its text layer spells (a font not embedded)
    undrawn_pages: list[int] = field(default_factory=list)

    @property
    def coverage(self) -> NarrativeReading:
        return NarrativeReading(self.narrative, self.uncovered, self.figures, self.has_text)

    def reading_summary(self) -> str:
        """One line: do juesuan's lines and PDFium's text agree on every page's numbers?"""
        differ = self.reading[~self.reading["agrees"].astype(bool)] if len(self.reading) else self.reading
        if not len(differ):
            return f"reading: the numbers of all {len(self.reading)} pages agree with PDFium's text"
        pages = ", ".join(str(int(p)) for p in differ["page"])
        return f"reading: pages {pages} differ from PDFium's text (check text.second_reading) — for review"

    @property
    def review(self) -> list[str]:
        """Why this department needs a reviewer's eye before its figures are used ([] when none).

        In Chinese: the index shows these lines as they are.
        """
        out = []
        if not self.has_text:
            out.append("报告只印有表格，没有情况说明文字：文字与表格之间的核对不适用")
        if len(self.coverage.unexplained):
            out.append(f"情况说明中有 {len(self.coverage.unexplained)} 个金额或百分比未能读出（见 uncovered.csv）")
        differ = self.reading.loc[~self.reading["agrees"].astype(bool), "page"] if len(self.reading) else []
        if len(differ):
            out.append(f"第 {'、'.join(str(int(p)) for p in differ)} 页的数字与 PDFium 文字层不一致（见 reading.csv）")
        lying = [p for p, why in sorted(self.ocr_pages.items()) if why == "text_layer_disagrees"]
        if lying:
            out.append(f"第 {'、'.join(map(str, lying))} 页的文字层与页面图像不一致（文字层中的数字页面上没有），已按图像识别（OCR）读取")
        if self.undrawn_pages:
            out.append(f"第 {'、'.join(map(str, self.undrawn_pages))} 页的页面上没有画出中文字（PDF 缺少中文字体，显示为方框）："
                       "数字与页面图像一致，项目名称只能取自文字层，未能与页面核对")
        ident = self.identity
        if ident is not None and ident.year is None:
            out.append("未能读出年度：输出放在 unknown-year/ 下")
        elif ident is not None and ident.year_source != "titles":
            out.append(f"年度 {ident.year} 取自{'文件夹名' if ident.year_source == 'folder' else '文件名'}，报告中未读出")
        if len(d := self.disputed):
            named = "；".join(d["named"].head(5)) + (f" 等 {len(d)} 个" if len(d) > 5 else "")
            out.append(f"两种表格读法（{'、'.join(self.engines)}）有 {len(d)} 个单元格读得不同：{named}"
                       f"（所报为 {self.engines[0]} 的读数，见 cells.csv agreement 列）")
        if self.second_error:
            out.append(f"第二种表格读法未能读完，agreement 为 unchecked 的单元格未经核对：{self.second_error}")
        if ident is not None and ident.department_source == "file name":
            out.append(f"部门名称“{ident.department}”取自文件名，报告中未读出")
        return out


@dataclass
class DepartmentResult(Report):
    """A Report written to its folder, with its checks once they have run."""

    slug: str = ""
    out_dir: Path = Path()
    checks: pd.DataFrame = field(default_factory=lambda: empty_frame(CHECKS_COLUMNS))
    # the previous year's report the year-on-year checks used (meta.json `previous`); unset = not looked up
    previous: dict | None = None
    previous_looked_up: bool = False
    evidence: pd.DataFrame = field(default_factory=lambda: empty_frame(EVIDENCE_COLUMNS))  # what each check read

    @property
    def review(self) -> list[str]:
        """The report's reasons, and the OCR readings the arithmetic doubts (named, with their alternative)."""
        return super().review + review_lines(self.cells, self.narrative, self.checks)

    def summary(self) -> str:
        counts = self.tables["status"].value_counts().to_dict()
        parts = ", ".join(f"{n} {s}" for s, n in counts.items())
        lines = [
            f"{self.department} {self.year}: {len(self.cells)} cells from 9 tables ({parts}); "
            f"{len(self.narrative)} narrative facts, {len(self.performance)} performance rows → {self.out_dir}",
            self.coverage.summary(),
            self.reading_summary(),
            self.engines_summary(),
        ]
        if self.ocr_pages:
            reasons = sorted(set(self.ocr_pages.values()))
            lines.append(f"ocr: {len(self.ocr_pages)} page(s) read from their pictures ({', '.join(reasons)}): "
                         + ", ".join(map(str, sorted(self.ocr_pages))))
        if self.identity is not None and self.identity.warning:
            lines.append(f"identity: {self.identity.warning}")
        return "\n".join(lines)


def read_pdf(pdf: str | Path, engine: str = DEFAULT_ENGINE) -> Report:
    """Everything a report states, from one opening of the PDF: the nine tables (cells, tables),
    the narrative facts and what no pattern read (uncovered), the 绩效自评表 rows (performance),
    and each page's numbers as PDFium's own text reads them (reading).

    The one way in (`analysis.read_pdf`), as camelot's: the CLI, the notebooks and the batch all
    read a report through it; engine is the grid engine whose cells are reported, tabula or
    pdfplumber (the other reads the same tables, and every cell says whether they agree).
    """
    pdf = Path(pdf)
    with open_report(pdf) as doc:
        ex = read_tables(doc, engine)
        performance = performance_of(doc)
        reading = reading_frame([p.agreement for p in doc.pages])
        ocr_pages = doc.ocr_pages()
        undrawn_pages = list(doc.undrawn)
    table_pages = frozenset(int(p) for pages in ex.tables["pages"] for p in str(pages).split(";") if p.strip().isdigit())
    narrated = read_narrative(ex.pages, table_pages)
    narrative, uncovered = narrated.facts, narrated.uncovered
    return Report(
        pdf=pdf,
        department=ex.department or readable_name(pdf.stem),
        year=ex.year,
        cells=ex.cells,
        tables=ex.tables,
        narrative=conform(narrative, list(dict.fromkeys([*NARRATIVE_COLUMNS, *narrative.columns]))),
        performance=conform(performance, list(dict.fromkeys([*PERFORMANCE_COLUMNS, *performance.columns]))),
        uncovered=uncovered,
        pages=ex.pages,
        unread=ex.unread,
        numbers=ex.numbers,
        reading=reading,
        identity=ex.identity,
        figures=narrated.figures,
        has_text=narrated.has_text,
        engines=ex.engines,
        second_error=ex.second_error,
        ocr_pages=ocr_pages,
        undrawn_pages=undrawn_pages,
    )


def write_department(report: Report, out_root: Path = PROCESSED_DIR) -> DepartmentResult:
    """Write a report's tidy files under <out_root>/<year>/<slug>/ (its own folder: see own_folder)."""
    out_dir = own_folder(department_dir(out_root, report.year or "unknown-year", report.department), report.pdf)
    fields = {name: getattr(report, name) for name in Report.__dataclass_fields__}
    result = DepartmentResult(**fields, slug=out_dir.name, out_dir=out_dir)
    # uncovered and reading always: an empty file says "nothing left", a missing one says "not known"
    _write(result, ("cells", "tables", "unread", "narrative", "performance", "uncovered", "reading"))
    return result


def check_department(pdf: str | Path, out_root: Path = PROCESSED_DIR, engine: str = DEFAULT_ENGINE) -> DepartmentResult:
    """read_pdf, write the tidy files, then reconcile (with the year before's report when it was
    read: the year-on-year checks): writes checks.csv beside them."""
    result = write_department(read_pdf(pdf, engine), out_root)
    prior = previous_report(out_root, result.department, result.year)
    result.previous, result.previous_looked_up = (identity(prior[0]) if prior else None), True
    reads: list = []
    proof: list = []
    if result.ocr_pages:  # the text's figures printed on a page read from its picture are OCR readings too
        result.narrative = result.narrative.assign(source=fact_sources(result.narrative, result.ocr_pages))
    checks = run_checks(result.cells, result.tables, result.narrative, result.performance, text_pages=result.pages,
                        unread=result.unread, reading=result.reading, uncovered=result.uncovered,
                        evidence=reads, previous=prior[1] if prior else None,
                        ocr_pages=result.ocr_pages, proof=proof)
    result.checks = conform(checks, CHECKS_COLUMNS)
    result.evidence = resolve(reads, result.cells, result.narrative)
    # OCR readings carry what the arithmetic said of them (cells.csv ocr_check, alternative)
    stems: tuple[str, ...] = ("checks", "evidence")
    if proof:
        result.cells = conform(with_verdicts(result.cells, proof[0]), list(result.cells.columns))
        result.narrative = conform(with_verdicts(result.narrative, proof[0], "fact"), list(result.narrative.columns))
        stems = ("cells", "narrative", *stems)
    _write(result, stems)
    return result


def pdf_sha256(pdf: Path) -> str:
    """The PDF's identity: two files for one department and year are told apart by content."""
    digest = hashlib.sha256()
    with pdf.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def own_folder(base: Path, pdf: Path) -> Path:
    """base, unless it already holds another PDF's outputs: then base-2, base-3 …

    Two PDFs that print the same department and year (a re-publication, a corrected copy) would
    otherwise overwrite each other's tidy files silently. The same PDF (same bytes) reuses its
    folder, so a re-run replaces its own outputs.

    A folder is claimed before anything is written to it: its CLAIM file, holding the PDF's
    digest, is created whole or not at all (a hard link of a written file, which fails when the
    name exists), so two PDFs written at once never share a folder. meta.json, written last,
    cannot serve: both would find it missing.
    """
    digest = pdf_sha256(pdf)
    for n in range(1, 1000):
        target = base if n == 1 else base.with_name(f"{base.name}-{n}")
        owner = _claim(target, digest, pdf.name)
        if owner == digest:
            return target
    raise ValueError(f"{pdf.name}: more than 999 different PDFs print the department {base.name}")


CLAIM = "pdf.sha256"  # in a tidy folder: the digest of the PDF whose folder it is


def _claim(target: Path, digest: str, pdf_name: str) -> str:
    """The digest of the PDF that owns target: ours if it was free and is now claimed."""
    claim = target / CLAIM
    try:
        return claim.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    try:  # a folder written before claims existed: its meta.json says whose it is
        info = json.loads((target / "meta.json").read_text(encoding="utf-8"))
        if not (info.get("pdf_sha256") == digest if "pdf_sha256" in info else info.get("pdf") == pdf_name):
            return str(info.get("pdf_sha256") or info.get("pdf") or "another PDF")
    except (OSError, ValueError):
        pass  # free (or a damaged meta.json left by a crash: rewritten)
    target.mkdir(parents=True, exist_ok=True)
    mine = target / f".{CLAIM}.{os.getpid()}.{threading.get_ident()}.tmp"  # swept if a crash leaves it
    try:
        mine.write_text(digest, encoding="utf-8")
        os.link(mine, claim)  # fails if another process claimed it first
    except FileExistsError:
        pass
    finally:
        mine.unlink(missing_ok=True)
    return claim.read_text(encoding="utf-8").strip()


def _write(result: DepartmentResult, stems: tuple[str, ...]) -> None:
    for stem in stems:
        write_table(getattr(result, stem), result.out_dir, stem, parquet=CATALOGUE[stem].parquet)
    meta = {
        "department": result.department,
        "year": result.year,
        "slug": result.slug,
        "pdf": readable_name(result.pdf.name),
        "pdf_sha256": pdf_sha256(result.pdf),
        "files": sorted(p.name for p in result.out_dir.glob("*.csv")),
        # where the identity was read, and what a reviewer must look at (the index shows both)
        "department_source": result.identity.department_source if result.identity else "",
        "year_source": result.identity.year_source if result.identity else "",
        "identity_warning": result.identity.warning if result.identity else "",
        "explanatory_text": result.has_text,  # false: a document of the tables alone (no 情况说明)
        "narrative_figures": result.figures,
        "narrative_read": result.coverage.read,
        "narrative_unexplained": len(result.coverage.unexplained),
        "pages_differing_from_pdfium": [int(p) for p in result.reading.loc[~result.reading["agrees"].astype(bool), "page"]]
        if len(result.reading) else [],
        "engines": [e for e in result.engines if e],  # the reported grid engine, then the one that checked it
        "cells_disputed": len(result.disputed),
        "review": result.review,
        "ocr_pages": [{"page": p, "reason": why} for p, why in sorted(result.ocr_pages.items())],
    }
    if result.previous_looked_up:
        meta["previous"] = result.previous  # null: checked with no report of the year before
    write_text_atomic(result.out_dir / "meta.json", json.dumps(meta, ensure_ascii=False, indent=2))

"""Bad input gets a typed error naming the file and the fix (never a stack trace from a library)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from analysis.errors import (
    BrokenPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    NotAPdfError,
    NotFinalAccountsError,
)
from analysis import read_pdf
from analysis.document.pdfdoc import open_report
from fixtures.documents import NEGATIVES_DIR
from juesuan_dev.synth.styles import register_font


def _text_pdf(path: Path, lines: list[str]) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(register_font(), 12)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 20 * i, line)
    c.showPage()
    c.save()
    return path


def test_html_saved_as_pdf(tmp_path):
    f = tmp_path / "部门决算 2023.pdf"
    f.write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>", encoding="utf-8")
    with pytest.raises(NotAPdfError, match=r"部门决算 2023\.pdf: the file is an HTML page"):
        open_report(f)


def test_zero_bytes(tmp_path):
    f = tmp_path / "empty.pdf"
    f.write_bytes(b"")
    with pytest.raises(NotAPdfError, match=r"empty\.pdf: the file is empty"):
        open_report(f)


def test_truncated_download(tmp_path):
    full = _text_pdf(tmp_path / "full.pdf", ["2023年度收入支出决算总表"])
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(full.read_bytes()[:400])
    with pytest.raises(BrokenPdfError, match=r"cut\.pdf: .*truncated"):
        read_pdf(cut)


def test_encrypted_needs_password(tmp_path):
    plain = _text_pdf(tmp_path / "plain.pdf", ["2023年度部门决算"])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(EncryptedPdfError, match=r"locked\.pdf: the PDF is encrypted"):
        open_report(locked)


def test_encrypted_with_empty_user_password_opens(tmp_path):
    plain = _text_pdf(tmp_path / "plain.pdf", ["2023年度部门决算 中共武汉市青山区委办公室"])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner")
    restricted = tmp_path / "restricted.pdf"
    with restricted.open("wb") as fh:
        writer.write(fh)
    with open_report(restricted) as doc:
        assert "中共武汉市青山区委办公室" in doc.full_text


def test_pages_without_text_that_ocr_cannot_read_either(tmp_path):
    """A scan is read by OCR now (tests/test_ocr_reports.py); pages whose picture holds no text
    either are still refused, saying so."""
    f = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    for _ in range(3):
        c.rect(72, 72, 400, 600, fill=1)  # stands in for a page image: marks, no characters
        c.showPage()
    c.save()
    with pytest.raises(NoTextLayerError, match=r"scan\.pdf: none of its 3 pages has a text layer .*OCR found no text"):
        open_report(f)


def test_budget_report_is_refused(tmp_path):
    f = _text_pdf(
        tmp_path / "budget.pdf",
        ["中共武汉市青山区委办公室2024年部门预算", "一、部门预算收支总表", "本部门2024年收入预算1200万元，其中财政拨款收入预算1200万元，合计支出预算1200万元。"],
    )
    with pytest.raises(NotFinalAccountsError, match=r"budget\.pdf: this is a budget report \(部门预算\)"):
        read_pdf(f, engine="pdfplumber")


def test_random_document_is_refused(tmp_path):
    f = _text_pdf(tmp_path / "notes.pdf", ["会议纪要", "今天讨论了三件事情，并形成了一致意见，下周继续推进。"] * 3)
    with pytest.raises(NotFinalAccountsError, match=r"notes\.pdf: none of the nine standard final-accounts tables"):
        read_pdf(f, engine="pdfplumber")


def test_damaged_body_gets_one_plain_reason(tmp_path):
    """A header and an end marker around garbage: the reader's own reason, in one clause."""
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"%PDF-1.7\ngarbage, not objects\n%%EOF\n")
    with pytest.raises(BrokenPdfError) as caught:
        open_report(bad)
    assert re.fullmatch(r"坏文件\.pdf: cannot parse the PDF \(PDFium: [^()]+\); the file is damaged; download it again",
                        str(caught.value)), str(caught.value)


# What each real document is, from tests/pdfs/negatives/README.md: three budgets (two 部门预算, one 单位预算),
# named as budgets from their own titles even where no page says 部门预算, and an information-disclosure
# annual report, named as that.
NEGATIVES = {
    "jiangsu-zhengxie-tables-2018-budget.pdf": "this is a budget report (部门预算)",
    "shanghai-putuo-office-2025-budget.pdf": "this is a budget report (部门预算)",
    "jiangsu-huaian-hongze-gov-2023-other.pdf": "this is a government-information annual report (政府信息公开工作年度报告)",
    "shanghai-finance-bureau-unit-2025-budget.pdf": "this is a budget report (单位预算)",
}


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_real_documents_that_are_not_final_accounts_are_refused_in_one_line(name):
    assert {p.name for p in NEGATIVES_DIR.glob("*.pdf")} == set(NEGATIVES)
    with pytest.raises(NotFinalAccountsError) as refused:
        read_pdf(NEGATIVES_DIR / name, "pdfplumber")
    message = str(refused.value)
    assert message.startswith(f"{name}: {NEGATIVES[name]}") and "\n" not in message

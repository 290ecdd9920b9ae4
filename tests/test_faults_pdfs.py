"""Issue 20: PDFs as they come from government sites and their servers. A report protected by an
owner password only (it opens without a password, but its permissions forbid changes): `check`
reads it, and the batch must also write its annotated PDF, which pypdf cannot append to an
encrypted file. A damaged cross-reference table: a message, not a traceback. A whole PDF with
padding after its %%EOF: read, not refused as truncated.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions

import faults_build as fb
from analysis.config import SAMPLE_PDF
from analysis.document.pdfdoc import open_report
from analysis.errors import BrokenPdfError, OversizedPdfError
from analysis.present.evidence import EvidencePdf, Mark


def _print_only(source: Path, path: Path) -> Path:
    """source with an empty user password and an owner password, allowing printing only."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128",
                   permissions_flag=UserAccessPermissions.PRINT)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_an_owner_password_only_report_gets_its_annotated_copy(tmp_path: Path) -> None:
    pdf = _print_only(SAMPLE_PDF, tmp_path / "仅限阅读.pdf")
    original = pdf.read_bytes()
    restricted = PdfReader(pdf)
    assert restricted.is_encrypted and restricted.decrypt("")  # what the publisher's file is
    # a figure on page 4 (the 收入支出决算总表), boxed in pdfplumber's coordinates (top-left origin)
    mark = Mark("summary.total", "fail", "cell", page=4, box=(300.0, 200.0, 360.0, 212.0))
    out = tmp_path / "reports" / "仅限阅读.annotated.pdf"
    with EvidencePdf(pdf) as doc:
        doc.annotate([mark], {"summary.total": "收支总表：本年收入合计 ≠ 本年支出合计（不符）"}, out)
    assert pdf.read_bytes() == original
    annotated = PdfReader(out)
    assert annotated.is_encrypted and annotated.decrypt("")  # opens as the original opens
    annots = [a.get_object() for a in annotated.pages[3].get("/Annots", [])]
    notes = [str(a["/Contents"]) for a in annots if a["/Subtype"] == "/Highlight"]
    assert notes == ["收支总表：本年收入合计 ≠ 本年支出合计（不符）"]
    assert len(annotated.pages) == len(restricted.pages)
    # no more allowed than the original allowed
    allowed = UserAccessPermissions(annotated.user_access_permissions)
    assert allowed == UserAccessPermissions(restricted.user_access_permissions)
    assert UserAccessPermissions.PRINT in allowed and UserAccessPermissions.MODIFY not in allowed


@pytest.fixture(scope="module")
def small_report(tmp_path_factory) -> Path:
    """A synthetic report of 14 pages (synthetic_department(4, seed=1)), its xref a classic table."""
    return fb.report(tmp_path_factory.mktemp("pdfs") / "base.pdf", fb.department(1))


@pytest.mark.parametrize("damage", ["pages counted low", "xref offsets zeroed"])
def test_a_damaged_cross_reference_table_is_refused_with_a_message(tmp_path, small_report, damage):
    data = small_report.read_bytes()
    if damage == "pages counted low":  # the page tree says 11 pages, its kids hold 14
        data = re.sub(rb"/Count 14\b", b"/Count 11", data, count=1)
    else:  # every offset of the xref table points at the start of the file
        at = data.rfind(b"\nxref")
        data = data[:at + 30] + re.sub(rb"\d{10}", b"0000000000", data[at + 30:at + 1500]) + data[at + 1500:]
    pdf = tmp_path / "损坏.pdf"
    pdf.write_bytes(data)
    with pytest.raises(BrokenPdfError, match=r"^损坏\.pdf: the PDF's page tree or cross-reference table is damaged "
                                             r"\(readers disagree: \d+ or \d+ pages\); the file is damaged; download it again"):
        open_report(pdf)


@pytest.mark.parametrize("padding", [b"\0" * 4096, b" " * 4096, random.Random(20).randbytes(4096)])
def test_a_whole_pdf_with_padding_after_its_end_is_read(tmp_path, small_report, padding):
    pdf = tmp_path / "补齐.pdf"
    pdf.write_bytes(small_report.read_bytes() + padding)
    with open_report(pdf) as doc:
        assert doc.page_count == 14


def test_a_pdf_cut_inside_an_appended_update_is_still_truncated(tmp_path, small_report):
    """The first revision ends with %%EOF, then an update begins and the download stops."""
    pdf = tmp_path / "截断的更新.pdf"
    pdf.write_bytes(small_report.read_bytes() + b"\n15 0 obj\n<< /Type /Annot /Subtype /Highlight")
    with pytest.raises(BrokenPdfError, match="looks truncated"):
        open_report(pdf)


def test_a_decompression_bomb_is_refused_naming_its_page_before_any_reader_inflates_it(tmp_path):
    """4 MB that inflate to 4 GiB on page 2: refused in well under a second, memory bounded."""
    import resource
    import time

    pdf = fb.bomb(tmp_path / "炸弹.pdf", gib=4, page=2)
    assert pdf.stat().st_size < 6 * 1024 * 1024
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.time()
    with pytest.raises(OversizedPdfError, match=r"^炸弹\.pdf: page 2's content inflates to more than 128 MiB "
                                                r"\(a decompression bomb, or a damaged stream\); juesuan does not read it"):
        open_report(pdf)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mib < 400, f"the refusal itself took {grown_mib:.0f} MiB more"
    print(f"refused in {time.time() - started:.2f}s")  # a figure, not an assertion

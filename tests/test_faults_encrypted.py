"""Issue 20: a report protected by an owner password only (it opens without a password, but its
permissions forbid changes), as government sites often publish them. `check` reads it; the batch
must also write its annotated PDF, which pypdf cannot append to an encrypted file.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions

from analysis.config import SAMPLE_PDF
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

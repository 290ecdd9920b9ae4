"""The planted-error sample, run end to end: its report shows each planted error with both of its
sides cut from the PDF, its annotated PDF highlights them, the original stays untouched, and the
report stays small enough to mail. Expected figures and pages are the document's: the seed text
with the changes of data/sample/planted-errors.txt, on the pages the sample prints them."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from analysis.batch import plan, run_batch
from analysis.config import PROJ_ROOT, SAMPLE_DESCRIPTION
from analysis.present.evidence import COLOURS, collect
from analysis.present.findings_zh import anchor
from analysis.present.loader import load_department
from juesuan_dev.synth.command import render_command

pytestmark = pytest.mark.slow

PLANTED = [line for line in (PROJ_ROOT / "data" / "sample" / "planted-errors.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]

# check id → (status, {side: figures printed there, as the crop captions quote them}); pages and
# figures read off the rendered sample (the seed's figures, with the planted change)
EXPECTED = {
    "basic_expenditure.class_sum[302]": ("fail", {"表格": ["13.84", "40.19"]}),
    "income.row_identity[2210201]": ("fail", {"表格": ["66.14", "66.41"]}),
    "income.hierarchy[22102]": ("fail", {"表格": ["79.67", "66.14", "13.26"]}),
    "narrative.basic_share_pct": ("fail", {"表格": ["1132.98", "1004.99"], "文字说明": ["“87.7”"]}),
    "narrative.three_public_actual_vs_budget": ("fail", {"表格": ["21", "10.96"], "文字说明": ["“大于”"]}),
    # 燃油费 6万元 is printed without decimals, so the parts may round by 0.5: 10.87 vs 10.96 is a warn
    "narrative.sum[vehicle_operation_parts]": ("warn", {"文字说明": ["“10.96”", "“6”", "“2.91”", "“1.78”", "“0.18”"]}),
    "narrative.class_share_pct[一般公共服务]": ("fail", {"表格": ["939.82", "1132.98"], "文字说明": ["“73”"]}),
    "text.placeholder[XX局]": ("warn", {"文字说明": ["“XX局”"]}),
    "text.wrong_year[2022]": ("fail", {"文字说明": ["“2022”"]}),
}
# where the text's figures are printed (page, words): found again by pdfplumber inside our boxes
TEXT_FIGURES = {"narrative.basic_share_pct": (12, "87.7"), "narrative.class_share_pct[一般公共服务]": (12, "73"),
                "narrative.three_public_actual_vs_budget": (13, "大于"), "text.wrong_year[2022]": (13, "2022")}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("planted")
    pdf = render_command(str(SAMPLE_DESCRIPTION), root / "in" / "2023" / "planted.pdf", changes=PLANTED)
    before = _sha(pdf)
    result = run_batch(plan(root / "in", root / "out"), workers=1, progress=False)
    assert not result.failed, result.failed
    outcome = result.outcomes[0]
    return {"pdf": pdf, "sha": before, "out": root / "out", "html": Path(outcome.html), "dir": Path(outcome.out_dir),
            "index": result.index}


def _block(text: str, check_id: str) -> str:
    start = text.index(f'id="{anchor(check_id)}"')
    end = text.find('<div class="jz-finding ', start + 1)
    return text[start:end if end > 0 else len(text)]


def test_each_planted_error_shows_both_sides(planted) -> None:
    text = planted["html"].read_text(encoding="utf-8")
    for check_id, (status, sides) in EXPECTED.items():
        block = _block(text, check_id)
        assert f"jz-{status}" in text[text.rindex("<div", 0, text.index(f'id="{anchor(check_id)}"')):][:200], check_id
        for side, figures in sides.items():
            assert f"<b>{side}</b>" in block, (check_id, side)
            for figure in figures:
                assert figure in html.unescape(block), (check_id, side, figure)
        assert block.count('src="data:image/png;base64,') >= len(sides), check_id  # a crop per side at least


def test_boxes_sit_on_the_printed_figures(planted) -> None:
    data = load_department(planted["dir"])
    evidence = collect(data.checks, data.evidence, data.tables, planted["pdf"])
    marks = {(m.check_id, m.page): m for m in evidence.marks if m.kind != "cell"}
    with pdfplumber.open(planted["pdf"]) as pdf:
        for check_id, (page, words) in TEXT_FIGURES.items():
            box = marks[(check_id, page)].box
            inside = pdf.pages[page - 1].within_bbox((box[0] - 0.5, box[1] - 0.5, box[2] + 0.5, box[3] + 0.5))
            assert inside.extract_text().replace(" ", "") == words, check_id
    # a cell's box: 2210201 住房公积金, 本年收入合计 printed 66.14 on page 5 (收入决算表)
    cells = [m for m in evidence.marks if m.check_id == "income.row_identity[2210201]"]
    with pdfplumber.open(planted["pdf"]) as pdf:
        texts = {pdf.pages[m.page - 1].within_bbox(m.box).extract_text().replace(" ", "") for m in cells}
    assert texts == {"66.14", "66.41"} and {m.page for m in cells} == {5}


def test_report_is_small_and_self_contained(planted) -> None:
    size = planted["html"].stat().st_size
    print(f"planted report: {size / 1e6:.2f} MB")
    assert size <= 3_000_000
    text = planted["html"].read_text(encoding="utf-8")
    sources = re.findall(r'<img\b[^>]*?\ssrc="([^"]*)"', text)
    assert sum(s.startswith("data:image/png;base64,") for s in sources) >= len(EXPECTED)
    assert all(s.startswith("data:") for s in sources), [s[:40] for s in sources if not s.startswith("data:")]


def test_findings_are_told_in_chinese(planted) -> None:
    text = planted["html"].read_text(encoding="utf-8")
    start = text.rindex("<section", 0, text.index('id="evidence"'))
    section = text[start:text.index("</section>", start)]
    visible = re.sub(r"<style.*?</style>", "", section, flags=re.S)
    visible = html.unescape(re.sub(r"<[^>]+>", " ", visible))
    words = set(re.findall(r"[A-Za-z]{3,}", visible))
    # only names remain: the PDF, and the template word the sample's own label quotes (XXX万元)
    assert words <= {"PDF", "XXX"}, words


def test_tables_as_read_are_collapsed_with_counts(planted) -> None:
    text = planted["html"].read_text(encoding="utf-8")
    tables = re.findall(r'<details class="jz-table" data-table="([a-z_]+)"', text)
    assert len(tables) == 9 and "<details open" not in text
    income = text[text.index('data-table="income"'):]
    income = income[:income.index("</details>")]
    # seed, 收入决算表: 合计 and 18 coded rows, each printing 本年收入合计 and 财政拨款收入
    assert "表格数字 38 个全部读出，0 个无法解释" in income  # with the extractor's counts
    assert 'src="data:image/jpeg;base64,' in income  # the page's thumbnail
    assert "住房公积金" in income and "66.14" in income


def test_annotated_pdf_highlights_each_finding_and_leaves_the_original(planted) -> None:
    pdf, out = planted["pdf"], planted["html"].with_suffix(".annotated.pdf")
    assert _sha(pdf) == planted["sha"]  # the input is untouched
    original = pdf.read_bytes()
    annotated = out.read_bytes()
    assert annotated[:len(original)] == original  # an incremental update: the original bytes, then ours
    notes: dict[str, set[tuple[float, ...]]] = {}
    for page in PdfReader(out).pages:
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            assert a["/Subtype"] == "/Highlight"
            cid = re.search(r"（([^（）]+(?:\[[^\]]*\])?)）$", str(a["/Contents"])).group(1)
            notes.setdefault(cid, set()).add(tuple(round(float(c), 2) for c in a["/C"]))
    fail = tuple(round(c / 255, 2) for c in COLOURS["fail"])
    warn = tuple(round(c / 255, 2) for c in COLOURS["warn"])
    for check_id, (status, _) in EXPECTED.items():
        assert notes.get(check_id) == {fail if status == "fail" else warn}, check_id
    assert "不符" in next(str(a.get_object()["/Contents"]) for p in PdfReader(out).pages for a in p.get("/Annots") or [])


def test_index_links_the_evidence(planted) -> None:
    text = planted["index"].read_text(encoding="utf-8")
    report = planted["html"].relative_to(planted["out"] / "reports").as_posix()
    assert f'href="{report.replace(".html", ".annotated.pdf")}"' in text
    for check_id in EXPECTED:
        assert f'href="{report}#{anchor(check_id)}"' in text, check_id


def test_a_self_evaluation_figure_is_found_on_its_page(planted) -> None:
    # seed: 2023 年度部门整体绩效项目自评表 … 总分 97; its page is where pdfplumber reads that title
    from analysis.present.evidence import EvidencePdf

    with pdfplumber.open(planted["pdf"]) as pdf:
        page = next(i + 1 for i, p in enumerate(pdf.pages) if "部门整体绩效项目自评表" in (p.extract_text() or "")
                    .replace(" ", ""))
        with EvidencePdf(planted["pdf"]) as doc:
            mark = doc.text_mark("performance.total_score[部门整体]", "fail",
                                 {"kind": "form", "page": page, "needle": "97.0", "text": ""})
        assert mark is not None
        inside = pdf.pages[page - 1].crop(mark.box).extract_text().replace(" ", "")
    assert inside == "97"

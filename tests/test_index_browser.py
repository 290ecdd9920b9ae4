"""The index in a real browser (headless Chromium, from a file: URL, no network): what is on the
screen after its script ran, sorted and filtered through the URL fragment, and a department name
that is markup shows as text and runs nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.present import report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# .ci/run installs Chromium, so in CI a missing browser is a failure, not a skip
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="Chromium is not installed (apt-get install chromium)")

EVIL = '<script>document.title="pwned"</script>"引号\'部门'


def _failure(status: str, n: int) -> dict:
    return {"check_id": f"table.check[{n}]", "status": status, "category": "table", "label_zh": f"核对{n}",
            "expected": 1.0, "actual": 2.0, "difference": 1.0, "tolerance": 0.01, "pages": "5", "detail": ""}


def _entries() -> list[report.IndexEntry]:
    def entry(slug, name, verdict, spend, failures, status="ok", read=0, unexplained=0):
        figures = {"total_expenditure": spend, "total_income": spend, "verdict": verdict,
                   "checks_fail": sum(f["status"] == "fail" for f in failures),
                   "checks_warn": sum(f["status"] == "warn" for f in failures),
                   "numbers_read": read, "numbers_unexplained": unexplained,
                   "review": unexplained > 0} if status == "ok" else {}
        return report.IndexEntry(department=name, year=2023, slug=slug, status=status, report=f"2023/{slug}.html",
                                 figures=figures, failures=failures, reason="" if status == "ok" else "坏文件")
    return [
        entry("a", "甲局", "fail", 500.0, [_failure("fail", 1), _failure("fail", 2), _failure("warn", 3)], read=180,
              unexplained=2),
        entry("b", "乙局", "pass", 2000.0, [], read=186),
        entry("c", EVIL, "warn", 50.0, [_failure("warn", 4)], read=120, unexplained=5),
        entry("d", "丁局", "", float("nan"), [], status="failed"),
    ]


class _Rows(HTMLParser):
    """The departments table's rows in screen order, with whether each is hidden."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, bool]] = []
        self.title = ""
        self.scripts = 0
        self._in_title = False
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self.rows.append((a.get("id", ""), "hidden" in a))
        if tag == "title":
            self._in_title = True
        if tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    assert CHROMIUM is not None, "Chromium is not installed, though .ci/run installs it"
    path = tmp_path_factory.mktemp("index") / "index.html"
    report.write_index(_entries(), path)
    return path


def _screen(index: Path, fragment: str = "") -> tuple[_Rows, str]:
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--virtual-time-budget=3000", "--dump-dom", index.as_uri() + (f"#{fragment}" if fragment else "")],
            capture_output=True, text=True, timeout=120, check=True).stdout
    parsed = _Rows()
    parsed.feed(dom)
    return parsed, dom


def _shown(rows: _Rows) -> list[str]:
    return [slug for slug, hidden in rows.rows if not hidden]


def test_script_ran_and_nothing_from_a_pdf_ran(index) -> None:
    rows, dom = _screen(index)
    assert 'data-ready="1"' in dom  # the page's own script ran
    assert rows.title == "部门决算分析报告索引"  # the department called <script>… did not
    assert rows.scripts == 1
    assert "&lt;script&gt;document.title=" in dom and "引号'部门" in dom.replace("&#39;", "'")
    assert _shown(rows) == ["a", "b", "c", "d"]
    assert "显示 4 / 4 个部门" in dom


def test_sorted_by_amount(index) -> None:
    rows, _ = _screen(index, "sort=total_expenditure&dir=desc")
    assert _shown(rows) == ["b", "a", "c", "d"]  # 2000 > 500 > 50; no figure goes last
    rows, _ = _screen(index, "sort=total_expenditure&dir=asc")
    assert _shown(rows) == ["c", "a", "b", "d"]


def test_sorted_by_number_of_findings_and_verdict(index) -> None:
    rows, _ = _screen(index, "sort=findings&dir=desc")
    assert _shown(rows)[:2] == ["a", "c"]  # 3 findings, then 1
    rows, _ = _screen(index, "sort=verdict&dir=desc")
    assert _shown(rows) == ["d", "a", "c", "b"]  # run failed, 不符, 警告, 通过


def test_sorted_by_numbers_unexplained_and_said_in_the_readers_terms(index) -> None:
    rows, dom = _screen(index, "sort=unexplained&dir=desc")
    assert _shown(rows) == ["c", "a", "b", "d"]  # 5 > 2 > 0; a failed run has no count and goes last
    rows, _ = _screen(index, "sort=unexplained&dir=asc")
    assert _shown(rows) == ["b", "a", "c", "d"]
    assert "表格数字 186 个全部读出，0 个无法解释" in dom and "表格数字 182 个，读出 180 个，2 个无法解释" in dom


def test_filtered_by_verdict_name_and_findings(index) -> None:
    rows, dom = _screen(index, "verdict=fail,warn")
    assert _shown(rows) == ["a", "c"] and "显示 2 / 4 个部门" in dom
    rows, _ = _screen(index, "min=2")
    assert _shown(rows) == ["a"]
    rows, _ = _screen(index, "q=引号")
    assert _shown(rows) == ["c"]


def test_evidence_is_two_clicks_away(index) -> None:
    _, dom = _screen(index)
    # click 1 opens the department's list of findings (a <details>), click 2 follows one to its crops
    assert dom.count('href="2023/a.html#f-') == 3
    assert 'href="2023/a.html#evidence"' in dom

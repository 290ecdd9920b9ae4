"""The sample as producers juesuan was never tuned to write it (tests/pdfs/unseen/, made by
scripts/make-unseen.py): every cell equal to the hand transcription, no check failed (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.pipeline import check_department

from test_extract_sample import _mismatches

UNSEEN = Path(__file__).parent / "pdfs" / "unseen"


@pytest.mark.slow  # reads a whole report; tabula starts the JVM
@pytest.mark.parametrize("engine", ["pdfplumber", "tabula"])
@pytest.mark.parametrize("name", ["writer-docx-second-font.pdf", "writer-docx-no-cjk-font.pdf",
                                  "writer-docx-second-font-pdftocairo.pdf"])
def test_word_habits_through_writer_read_every_cell(tmp_path: Path, name: str, engine: str) -> None:
    # writer-docx-no-cjk-font breaks 2101199 其他行政事业单位 | 医疗支出 across pages 6 and 7 (and
    # the 财政拨款支出决算表's copy of it across two more); the second-font one breaks a row that
    # prints no figure (七、文化旅 | 游体育与传媒支出), which must lend its name to no other row;
    # its pdftocairo rewrite gives the CJK fonts the FontBBox as descent (glyphs.within_reason)
    # writer-docx-no-cjk-font names a Chinese font it does not embed: its pages show empty boxes (tofu)
    # where the layer spells Chinese, and the figures plainly; the layer is read, and a reviewer told
    result = check_department(UNSEEN / name, tmp_path, engine)
    tofu = [line for line in result.review if "没有画出中文字" in line]
    assert bool(tofu) == (name == "writer-docx-no-cjk-font.pdf"), result.review
    bad = _mismatches(result.cells)
    assert bad.empty, bad.to_string()
    assert (result.department, result.year) == ("中共武汉市青山区委办公室", 2023)
    failed = result.checks[result.checks["status"] == "fail"]
    assert failed.empty, failed.to_string()
    assert len(result.narrative) > 100  # the seed's facts (120 read from the bundled sample)

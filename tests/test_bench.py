"""`juesuan bench run` works end to end and prints the figures issue 5 asks for.

Asserts the shape of the report, never a speed (that is what the benchmark is for: its numbers
depend on the machine and its load).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from juesuan_dev import bench

pytestmark = pytest.mark.slow


def test_bench_run_prints_every_configuration_and_the_summary_line(tmp_path: Path, capsys) -> None:
    bench.main(2, keep=tmp_path)
    lines = capsys.readouterr().out.strip().splitlines()
    text = "\n".join(lines)
    for label in ("juesuan run, 1 worker ", "juesuan run, 2 workers", "naive: papermill CLI + nbconvert CLI"):
        line = next(ln for ln in lines if ln.startswith(label))
        assert re.search(r"\s2 depts\s.*/min\s+median \d+\.\d+s p95 \d+\.\d+s\s+peak RSS/worker \d+ MiB", line), line
        assert "failed" not in line
    # with 2 departments on 2 workers each is its worker's first: only the 1-worker run has a warm one
    assert text.count("where a warm department's seconds go (median): imports") == 1
    assert text.count("paid once per worker (first department beyond a warm one): kernel start") == 2
    assert re.fullmatch(r"departments_per_min=\d+\.\d speedup_vs_naive=\d+\.\d peak_rss_mib=\d+", lines[-1]), lines[-1]
    assert len(list((tmp_path / "corpus").rglob("*.pdf"))) == 2  # the corpus the figures are about

"""The naive baseline is timed on departments that stand for the corpus, not on the first few by name."""

from __future__ import annotations

from pathlib import Path

from analysis.batch.planning import Job
from juesuan_dev.bench import naive_sample


def _job(folder: Path, name: str, size: int) -> Job:
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(b"%" * size)
    return Job(pdf=pdf, department=name, year="2023", slug=name, processed_root=folder, reports_root=folder)


def test_the_sample_spreads_over_the_sizes(tmp_path: Path) -> None:
    # names in the reverse order of sizes: taking the first by name would take the largest
    jobs = [_job(tmp_path, f"dept-{99 - size:02d}", 1000 * size) for size in range(1, 21)]
    picked = naive_sample(sorted(jobs, key=lambda job: job.slug), 4)
    # 20 reports in four quarters of five by size; the middle of each: the 3rd, 8th, 13th, 18th smallest
    assert [job.pdf.stat().st_size // 1000 for job in picked] == [3, 8, 13, 18]


def test_a_small_corpus_is_timed_whole(tmp_path: Path) -> None:
    jobs = [_job(tmp_path, name, size) for name, size in (("a", 300), ("b", 100))]
    assert sorted(job.slug for job in naive_sample(jobs, 4)) == ["a", "b"]

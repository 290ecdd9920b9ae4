#!/usr/bin/env python3
"""Prove a change left every output file as it was: run, then compare two runs file by file.

    scripts/compare-outputs.py run OUT PDF...      extract + check each PDF into OUT/<pdf stem>.<engine>/
    scripts/compare-outputs.py compare BEFORE AFTER

`run` drives the `juesuan check` command (the one interface that survives a restructuring), so
the same script produces the baseline from the old code and the comparison from the new. CSV and
JSON files are compared as text, Parquet files with pandas (a Parquet file's bytes carry the
writer's version, not the data), anything else byte for byte. Exit 1 on any difference.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

ENGINES = ("tabula", "pdfplumber")


def _juesuan(args: list[str]) -> str:
    juesuan = Path(sys.executable).with_name("juesuan")
    done = subprocess.run([str(juesuan), *args], capture_output=True, text=True)
    return f"exit {done.returncode}\n{done.stdout}{done.stderr}"


def run(out: Path, pdfs: list[Path]) -> int:
    """Per PDF and grid engine, the files `juesuan check` writes, and what it and `juesuan words` print."""
    out.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        for engine in ENGINES:
            target = out / f"{pdf.stem}.{engine}"
            shutil.rmtree(target, ignore_errors=True)
            console = _juesuan(["check", str(pdf), "--out", str(target), "--engine", engine])
            console = console.replace(str(out), "<OUT>")  # the summary names the folder it wrote
            target.mkdir(parents=True, exist_ok=True)
            # the console is an output too (summary, fail lines); the exit code says pass/fail
            (target / "console.txt").write_text(console, encoding="utf-8")
            print(f"{pdf.name} ({engine}): {console.splitlines()[0]}")
        (out / f"{pdf.stem}.words.txt").write_text(_juesuan(["words", str(pdf)]), encoding="utf-8")
    return 0


def _same(a: Path, b: Path) -> str | None:
    """None when the two files hold the same thing, else what differs."""
    if a.suffix == ".parquet":
        left, right = pd.read_parquet(a), pd.read_parquet(b)
        try:
            pd.testing.assert_frame_equal(left, right, check_exact=True)
        except AssertionError as exc:
            return str(exc).splitlines()[0]
        return None
    if a.read_bytes() == b.read_bytes():
        return None
    if a.suffix in {".csv", ".json", ".txt"}:
        la, lb = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
        for n, (x, y) in enumerate(zip(la, lb), 1):
            if x != y:
                return f"line {n}: {x!r} != {y!r}"
        return f"{len(la)} lines != {len(lb)} lines"
    return "bytes differ"


def compare(before: Path, after: Path) -> int:
    names = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    names |= {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    problems = 0
    for name in sorted(names):
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"ONLY IN {'after' if b.exists() else 'before'}: {name}")
            problems += 1
            continue
        diff = _same(a, b)
        if diff:
            print(f"DIFFERS {name}: {diff}")
            problems += 1
    print(f"{len(names)} files compared, {problems} differ")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "run":
        return run(Path(argv[1]), [Path(p) for p in argv[2:]])
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Regenerate tests/pdfs/producers/: the sample and the real reports as other producers write them.

Usage (from the repository root, with the dev extra installed):
    python scripts/make-producer-pdfs.py [chromium libreoffice libreoffice-calc ghostscript ghostscript-old]

Needs the producers' programs: chromium, soffice (libreoffice-writer-nogui, libreoffice-calc-nogui)
and gs (ghostscript). Each sees the packaged Noto Sans SC only. See tests/pdfs/producers/README.md.
"""

from __future__ import annotations

import sys

from analysis.config import PROJ_ROOT, SAMPLE_DESCRIPTION, SAMPLE_PDF
from juesuan_dev.synth.producers import PRODUCERS, make_corpus


def main(argv: list[str]) -> int:
    unknown = sorted(set(argv) - set(PRODUCERS))
    if unknown:
        print(f"unknown producer(s) {unknown}; known: {', '.join(PRODUCERS)}", file=sys.stderr)
        return 2
    pdfs = PROJ_ROOT / "tests" / "pdfs"
    for path in make_corpus(pdfs / "producers", SAMPLE_DESCRIPTION, SAMPLE_PDF, pdfs / "real", tuple(argv)):
        print(f"{path.relative_to(PROJ_ROOT)}  {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Two consecutive reports of one department, rendered with `juesuan render --next-year`.

2023 is the bundled sample (the seed report). 2024 is the same description one year on with every
amount doubled (`--next-year 2`: doubled figures keep every table identity exact), whose four
与上年相比 sentences are restated by hand against 2023. The seed prints 收、支总计 1132.98 万元, so
2024 prints 2265.96 and each change is +1132.98 万元, +100 %.

The planted 2024 states a change that is consistent within its own report but not with the
2023 report: 增加 1000 万元、增长 79% (1000 / (2265.96 − 1000) = 79.0 %, so the one-report check of
the percentage passes) — only the year before's report shows that the change was 1132.98.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis.config import SAMPLE_DEPARTMENT, SAMPLE_DESCRIPTION, SAMPLE_PDF
from juesuan_dev.synth.command import render_command

# the sample's sentences after --next-year 2 (years moved on, 259.4 doubled) → the honest 2024 text
HONEST = [
    "与 2023年度相比，收、支总计各减少 518.8万元，下降 18.6%=>与 2023年度相比，收、支总计各增加 1132.98万元，增长 100%",
    "财政拨款收、支总计各减少 518.8万元，下降 18.6 %=>财政拨款收、支总计各增加 1132.98万元，增长 100%",
    "比 2023年度决算数减少 518.8万元，减少主要原因=>比 2023年度决算数增加 1132.98万元，增加主要原因",
    "一般公共预算财政拨款支出减少 518.8万元，下降 18.63%=>一般公共预算财政拨款支出增加 1132.98万元，增长 100%",
]
PLANTED_SENTENCE = "与 2023年度相比，收、支总计各增加 1000万元，增长 79%"
PLANTED = [HONEST[0].split("=>")[0] + "=>" + PLANTED_SENTENCE, *HONEST[1:]]


def corpus(folder: Path, planted: bool = False) -> Path:
    """<folder>/2023/<sample>.pdf and <folder>/2024/<sample>.pdf (honest, or with the planted change)."""
    (folder / "2023").mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE_PDF, folder / "2023" / f"{SAMPLE_DEPARTMENT}.pdf")
    (folder / "2024").mkdir(exist_ok=True)
    render_command(str(SAMPLE_DESCRIPTION), folder / "2024" / f"{SAMPLE_DEPARTMENT}.pdf", next_year=2,
                   changes=PLANTED if planted else HONEST)
    return folder

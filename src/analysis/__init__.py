"""juesuan (决算): Chinese departments' final-accounts PDFs → verified tidy data, charts, reports.

The one way in, as camelot's::

    import analysis
    report = analysis.read_pdf("data/raw/2023/某局.pdf")           # engine="pdfplumber" (default) | "tabula"
    report.cells, report.tables, report.narrative, report.performance

`read_pdf` lives in `analysis.pipeline` (one department end to end) and is loaded on first use,
so importing a small module (analysis.config, the CLI's --help) does not import pandas and the
PDF readers. The stages below it, in import order: document → tables → prose → reconcile →
pipeline → present → batch → cli (README, docs/architecture.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["read_pdf", "Report"]

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import Report, read_pdf


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import pipeline  # the whole reading stack: loaded when first asked for

        return getattr(pipeline, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")

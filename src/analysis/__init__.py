"""juesuan (决算): Chinese departments' final-accounts PDFs → verified tidy data, charts, reports."""

__version__ = "0.1.0"

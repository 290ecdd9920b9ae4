"""Typed errors that name the file and say what the user can do.

A batch over hundreds of departments reports these per department and goes on, so the message
must stand alone: file name, what is wrong, what to do.
"""

from __future__ import annotations

from pathlib import Path


class JuesuanError(Exception):
    """Base of every error juesuan raises on purpose (anything else is a bug)."""

    def __init__(self, path: str | Path | None, problem: str, advice: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        self.advice = advice
        where = f"{self.path.name}: " if self.path is not None else ""
        tail = f"; {advice}" if advice else ""
        super().__init__(f"{where}{problem}{tail}")


class NotAPdfError(JuesuanError):
    """The file is not a PDF at all (an HTML error page, an empty or truncated download)."""


class BrokenPdfError(JuesuanError):
    """The file claims to be a PDF but cannot be parsed."""


class EncryptedPdfError(JuesuanError):
    """The PDF is encrypted with a password we do not have."""


class NoTextLayerError(JuesuanError):
    """Pages carry images only (a scan); numbers cannot be read without OCR."""


class NotFinalAccountsError(JuesuanError):
    """A readable PDF that is not a 部门决算 report (a budget, some other document)."""


class DiskFullError(JuesuanError):
    """No space left while writing an output (the half-written file is removed, the old one kept)."""


class TableStructureError(JuesuanError):
    """A standard table was found but its grid could not be read into cells."""


class JavaMissingError(JuesuanError):
    """tabula needs a Java runtime and none was found."""


class FontMissingError(JuesuanError):
    """No CJK font is available to render Chinese text."""


class OcrUnavailableError(JuesuanError):
    """A page must be read from its image and the OCR engine cannot be loaded (a broken install)."""

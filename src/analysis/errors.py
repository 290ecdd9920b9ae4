"""Typed errors that name the file and say what the user can do.

A batch over hundreds of departments reports these per department and goes on, so the message
must stand alone: file name, what is wrong, what to do.
"""

from __future__ import annotations

from pathlib import Path


def readable_name(name: str) -> str:
    """A file name as a person reads it, in a form UTF-8 can hold.

    unzip keeps the bytes of names packed on Chinese Windows (GBK), and Python holds bytes that
    are not UTF-8 as lone surrogates, which no UTF-8 file, JSON or notebook can hold: writing
    one stopped a whole batch. Such a name is decoded as GB18030 (GBK's superset) when its
    bytes are that, else its odd bytes are shown as \\xNN.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


class JuesuanError(Exception):
    """Base of every error juesuan raises on purpose (anything else is a bug)."""

    def __init__(self, path: str | Path | None, problem: str, advice: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        self.advice = advice
        where = f"{readable_name(self.path.name)}: " if self.path is not None else ""
        tail = f"; {advice}" if advice else ""
        super().__init__(f"{where}{problem}{tail}")


class NotAPdfError(JuesuanError):
    """The file is not a PDF at all (an HTML error page, an empty or truncated download)."""


class BrokenPdfError(JuesuanError):
    """The file claims to be a PDF but cannot be parsed."""


class EncryptedPdfError(JuesuanError):
    """The PDF is encrypted with a password we do not have."""


class OversizedPdfError(JuesuanError):
    """A page whose content inflates past juesuan's bound (a decompression bomb, a damaged stream)."""


class NoTextLayerError(JuesuanError):
    """Pages carry images only (a scan); numbers cannot be read without OCR."""


class NotFinalAccountsError(JuesuanError):
    """A readable PDF that is not a 部门决算 report (a budget, some other document)."""


class DiskFullError(JuesuanError):
    """No space left while writing an output (the half-written file is removed, the old one kept)."""


class EditedFileError(JuesuanError):
    """A tidy file corrected by hand (cells.csv in Excel) that cannot be read as the contract says."""


class BusyError(JuesuanError):
    """Another `juesuan run` is writing to the same output folder."""


class TableStructureError(JuesuanError):
    """A standard table was found but its grid could not be read into cells."""


class JavaMissingError(JuesuanError):
    """tabula needs a Java runtime and none was found."""


class FontMissingError(JuesuanError):
    """No CJK font is available to render Chinese text."""


class OcrUnavailableError(JuesuanError):
    """A page must be read from its image and the OCR engine cannot be loaded (a broken install)."""

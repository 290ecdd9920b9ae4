"""Refuse a PDF whose page contents inflate beyond a bound, before PDFium or pdfminer parse them.

A few MB of compressed content can inflate to gigabytes (a decompression bomb, or a damaged
stream): PDFium then takes all the memory it can, and under a memory limit the process dies with
SIGABRT and no word. Each page's content streams (and the form XObjects it draws) are inflated
here first by pypdf, whose filters stop at their own limit (LimitReachedError, 75 MB a stream by
default); a page whose content passes PAGE_CONTENT_BYTES in all is refused, naming the page.
Images are not inflated: they are decoded only where a page is rendered (the evidence crops).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OversizedPdfError

PAGE_CONTENT_BYTES = 128 * 1024 * 1024  # far above any report's page (tables are 10–500 KB)
_MIB = 1024 * 1024
# Deflate inflates at most about 1032:1, and ASCII85 / hex only shrink: a stream under one such
# filter whose stored bytes times this cannot pass the bound is not inflated to be measured (the
# sample's pages would cost 0.1 s of pure-Python ASCII85 decoding). Two compressing filters in
# a chain multiply: those streams are always inflated.
_MAX_RATIO = 1100
_COMPRESSING = {"/FlateDecode", "/Fl"}  # LZW can exceed deflate's ratio: measured, never bounded
_TEXT = {"/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx"}


def check_content_size(path: Path, limit: int = PAGE_CONTENT_BYTES) -> None:
    """Raise OversizedPdfError when a page's content would inflate past `limit` bytes.

    Files pypdf cannot parse, or cannot decrypt, are left to the readers that follow (their
    messages say what is wrong); only a measured excess is refused here.
    """
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            return
        pages = list(reader.pages)
    except Exception:  # noqa: BLE001 - damage is pdfdoc's to report, with its own message
        return
    for number, page in enumerate(pages, start=1):
        try:
            size = _page_content_bytes(page, limit)
        except LimitReachedError:
            size = limit + 1
        except Exception:  # noqa: BLE001 - a stream pypdf cannot decode: PDFium may; not ours to judge
            continue
        if size > limit:
            raise OversizedPdfError(
                path, f"page {number}'s content inflates to more than {limit // _MIB} MiB (a decompression bomb, "
                      "or a damaged stream); juesuan does not read it",
                "check where the file came from and download it again from the publisher")


def _page_content_bytes(page, limit: int) -> int:
    """Inflated bytes of the page's content streams and of the form XObjects it draws, up to limit."""
    from pypdf.filters import decode_stream_data
    from pypdf.generic import ArrayObject, StreamObject

    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    streams = list(contents) if isinstance(contents, ArrayObject) else [contents] if contents is not None else []
    streams += _forms(page.get("/Resources"), seen=set())
    total = 0
    for stream in streams:
        stream = stream.get_object()
        if isinstance(stream, StreamObject):
            total += _at_most(stream, limit - total) or len(decode_stream_data(stream))
            if total > limit:
                break
    return total


def _at_most(stream, room: int) -> int:
    """The most the stream can inflate to, when its filters bound it within room; else 0 (measure it)."""
    filters = stream.get("/Filter")
    filters = [] if filters is None else [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
    if sum(f in _COMPRESSING for f in filters) > 1 or any(f not in _COMPRESSING | _TEXT for f in filters):
        return 0
    stored = getattr(stream, "_data", None)  # the bytes as stored (pypdf's EncodedStreamObject)
    size = len(stored) if isinstance(stored, bytes) else 0
    bound = size * _MAX_RATIO if any(f in _COMPRESSING for f in filters) else size
    return max(bound, 1) if 0 < size and bound <= room else 0


def _forms(resources, seen: set[int], depth: int = 0) -> list:
    """The form XObjects of a resource dictionary, and theirs, each once (a form may draw itself)."""
    resources = resources.get_object() if resources is not None else None
    if not resources or depth > 8:
        return []
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else {}
    found = []
    for ref in xobjects.values():
        key = getattr(ref, "idnum", id(ref))
        form = ref.get_object()
        if key in seen or form.get("/Subtype") != "/Form":
            continue
        seen.add(key)
        found.append(form)
        found += _forms(form.get("/Resources"), seen, depth + 1)
    return found

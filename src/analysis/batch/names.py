"""File names that are not UTF-8, through the batch: the name the notebook reads, and run.json.

unzip leaves the GBK bytes of an archive packed on Chinese Windows as the file name; Python holds
those bytes as lone surrogates, which a notebook's JSON, the index and run.json cannot hold.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from ..errors import readable_name
from .planning import Job


def readable_input(job: Job) -> Path:
    """The PDF under a name a notebook can hold: itself, or, when its name is not UTF-8 (a GBK name
    unzipped as bytes), a link to it named as the name reads (errors.readable_name), so the
    identity read from the file name, meta.json and the index all show that name."""
    try:
        str(job.pdf).encode("utf-8")
        return job.pdf
    except UnicodeEncodeError:
        pass
    digest = hashlib.sha256(os.fsencode(job.pdf)).hexdigest()[:12]
    link = job.processed_root / ".inputs" / digest / readable_name(job.pdf.parent.name) / readable_name(job.pdf.name)
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        try:
            link.symlink_to(job.pdf)
        except FileExistsError:
            pass  # made by an earlier attempt
    return link


def json_text(value: object) -> str:
    """JSON in UTF-8 for people, with the bytes of a name that is not UTF-8 kept as \\udcNN escapes
    (json.load gives the same string back, os.fsencode the same bytes) rather than failing the write."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return re.sub("[\udc80-\udcff]", lambda m: f"\\u{ord(m.group()):04x}", text)

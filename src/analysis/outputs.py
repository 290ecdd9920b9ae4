"""Writing outputs: atomically, under names derived from a sanitised slug.

A crash or a full disk must never leave a half-written CSV that a later run mistakes for a
finished one, and a department name taken from a PDF must never steer a path out of the output
folder.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import time
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .errors import DiskFullError

_UMASK = os.umask(0)
os.umask(_UMASK)

NAME_MAX = 255  # bytes in one file name (ext4, APFS, NTFS in UTF-16 units: the strictest is bytes)
# a slug leaves room for what is added to it: "-999", ".annotated.pdf", a hidden temporary name's parts
SLUG_BYTES = 200

_UNSAFE = re.compile(r"[^\w\u3400-\u9fff\uf900-\ufaff-]+")


def slugify(name: str) -> str:
    """A file-system-safe slug that keeps Chinese characters (users recognise their department).

    Path separators, dots, quotes, spaces and markup characters all become '-'; the result can
    never be '', '.' or '..'.
    """
    text = unicodedata.normalize("NFKC", name).strip()
    slug = _UNSAFE.sub("-", text).strip("-_")
    slug = re.sub(r"-{2,}", "-", slug)[:80]
    while len(slug.encode("utf-8")) > SLUG_BYTES:  # 80 Chinese characters are 240 bytes
        slug = slug[:-1].rstrip("-_")
    return slug or "department"


def department_dir(root: Path, year: int | str, department: str) -> Path:
    """<root>/<year>/<slug>/, guaranteed to stay inside root."""
    year_part = slugify(str(year))
    target = (root / year_part / slugify(department)).resolve()
    if root.resolve() not in target.parents:
        raise ValueError(f"refusing to write outside {root}: {target}")
    return target


def fitted(text: str, room: int) -> str:
    """text, or when its UTF-8 form is longer than room bytes, its beginning and a hash of the whole.

    A name that fits the folder can still make a hidden temporary name beside it that does not
    (`File name too long`); the hash keeps two long names apart.
    """
    raw = text.encode("utf-8")
    if len(raw) <= room:
        return text
    digest = hashlib.sha256(raw).hexdigest()[:12]
    return f"{raw[: max(0, room - 13)].decode('utf-8', 'ignore')}~{digest}"


def hidden_name(name: str, suffix: str) -> str:
    """'.<name><suffix>', shortened by hashing where it would exceed NAME_MAX bytes."""
    return f".{fitted(name, NAME_MAX - 1 - len(suffix.encode('utf-8')))}{suffix}"


def write_atomic(path: Path, writer: Callable[[Path], None]) -> Path:
    """Run writer(tmp) on a temporary file beside path, then rename it over path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(hidden_name(path.name, f".{uuid.uuid4().hex[:8]}.tmp"))
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # ours alone while written
        writer(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # created 0600; outputs are ordinary files
        os.replace(tmp, path)
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        raise DiskFullError(path, "the disk is full (no space left on device); nothing was written",
                            f"free some space under {path.parent} and run again (finished departments are skipped)") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


# Temporary names: write_atomic's ".<name>.<random>.tmp", temporary_beside's ".<stem>.<8 hex>.ipynb".
_TEMPORARY = re.compile(r"^\..+\.(tmp|[0-9a-f]{8}\.ipynb)$")


def temporary_beside(notebook: Path) -> Path:
    """A hidden name beside an executed notebook, for papermill (which names its own output and
    wants the .ipynb suffix); renamed over it when whole, swept by a later run if left behind."""
    return notebook.with_name(hidden_name(notebook.stem, f".{uuid.uuid4().hex[:8]}.ipynb"))


STALE_AFTER = 6 * 3600  # seconds: far beyond any write, and beyond a department's run


def sweep_stale_temporaries(root: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files an interrupted run (killed mid-write) left under root.

    They were never outputs (a reader sees the old file or the new one), but nothing else removes
    them. Only files older than `older_than` go: a younger one may belong to a run still writing.
    """
    if not root.is_dir():
        return []
    cutoff = time.time() - older_than
    removed = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            try:
                if _TEMPORARY.match(name) and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue  # gone already, or not ours to remove
    return removed


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC / EDQUOT, also from libraries (pyarrow) that put the text in but not the errno."""
    return isinstance(exc, OSError) and (exc.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left on device" in str(exc))


def write_text_atomic(path: Path, text: str) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_table(df: pd.DataFrame, folder: Path, stem: str, parquet: bool = True) -> list[Path]:
    """Write df as <stem>.csv (UTF-8 with BOM, so Excel shows the Chinese) and <stem>.parquet."""
    written = [write_atomic(folder / f"{stem}.csv", lambda tmp: df.to_csv(tmp, index=False, encoding="utf-8-sig"))]
    if parquet:
        written.append(write_atomic(folder / f"{stem}.parquet", lambda tmp: df.to_parquet(tmp, index=False)))
    return written

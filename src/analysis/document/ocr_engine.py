"""The one OCR engine: RapidOCR's PP-OCR models, loaded once per process, behind two calls.

Why RapidOCR (``rapidocr``, Apache-2.0): its wheel carries the PP-OCRv6 detection and
recognition models (ONNX, run by onnxruntime), so ``pip install`` is the whole set-up and nothing
is fetched when it runs (the models' SHA-256 are checked against the files in the wheel); it
depends on the headless OpenCV build, so it imports on a machine without libGL. Everything else in
juesuan that looks at an image goes through the two calls below, so the engine can be swapped in
one place.

The models take a second or so to load: they are loaded on first use (a report with a good text
layer whose sample agrees never pays for detection) and kept for the process (a batch worker
reads many departments).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..errors import OcrUnavailableError

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Recognised:
    """One recognised line: its text and the engine's confidence (0–1)."""

    text: str
    confidence: float


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:  # a broken install: the dependency is declared
        raise OcrUnavailableError(None, f"the OCR engine cannot be imported ({exc})",
                                  "reinstall juesuan (make venv, or pip install rapidocr onnxruntime)") from exc
    # warnings only: the engine logs every call at info level otherwise
    # recognition pads every crop to at least rec_img_shape's width: a cell's number is short,
    # and the package's 320 doubled the work for nothing (measured: 60 numbers, 5.8 → 2.7 s CPU)
    # detection scales a picture so its *shorter* side is at least 736 px by default: a strip of
    # a page (1654 × 228 px) became 5300 × 736, ten times the work; pages are rendered at a
    # resolution the detector reads as it is, so only a longer side above 2400 px is scaled down.
    # recognition batches of two: the recogniser pads every crop of a batch to the widest one, and
    # a batch of 16 cells (a 2-digit figure beside a 30-character item) paid for the padding;
    # measured on a 14-page scan's 938 crops, page by page: 16 → 15.6 s CPU (1.2 s of it the
    # allocator's), 4 → 10.7 s, 2 → 9.8 s, 1 → 9.6 s (a call each costs more on short pages)
    # One thread per process: a batch runs a worker per core, and onnxruntime's spinning threads
    # cost CPU for nothing on small inputs (measured: the text-layer check, 0.40 → 0.25 s).
    return RapidOCR(params={"Global.log_level": "error", "Global.max_side_len": 2400,
                            "Det.limit_type": "max", "Det.limit_side_len": 2400,
                            "Rec.rec_batch_num": 2, "Rec.rec_img_shape": [3, 48, 48],
                            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                            "EngineConfig.onnxruntime.inter_op_num_threads": 1})


def recognise(crops: list[np.ndarray]) -> list[Recognised]:
    """Recognition only, one line of text per crop (a table cell's line, a number's box).

    Crops are grey or RGB uint8 arrays; an empty list costs nothing (the model is not loaded).
    """
    if not crops:
        return []
    crops = [_rgb(c) for c in crops]
    with _LOCK:
        engine = _engine()
        result = engine.recognize_txt(crops)
    return [Recognised(t or "", float(s)) for t, s in zip(result.txts, result.scores)]


def detect(image: np.ndarray) -> list[tuple[tuple[float, float], ...]]:
    """Detection only: every line of text on a picture, as a quadrilateral (4 × (x, y) pixels)."""
    with _LOCK:
        engine = _engine()
        result = engine(_rgb(image), use_cls=False, use_rec=False)
    if result.boxes is None:
        return []
    return [tuple((float(x), float(y)) for x, y in box) for box in result.boxes]


def _rgb(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))
    return np.ascontiguousarray(image[:, :, :3])

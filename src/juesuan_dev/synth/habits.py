"""Text-layer habits of the software real reports are made with, applied to a rendered PDF.

Why a rewrite of the finished PDF rather than options of the typesetter: a habit is about how
the *text layer* is written, not about the layout. Every glyph stays where reportlab put it;
only the way the content stream draws it changes, so a report rendered with a habit looks the
same as the plain one and must read the same. The habits are those seen in published reports:

* ``digit-font`` — digits (and ``. , %``) in a second font, larger and on a lowered baseline:
  ONLYOFFICE and Word set Latin text in a Latin font next to the Chinese one, and the two
  fonts' boxes do not line up (the failure that tore numbers from their words).
* ``char-by-char`` — every character positioned on its own (a text matrix per glyph), as
  PDF printers and WPS often write, so no string holds a whole word or number.
* ``shuffled-stream`` — text drawn in an order unrelated to reading order (after all graphics,
  the runs in a seeded random order, each run's glyphs in their own order), as producers that
  draw by font or by layer do.
* ``justified`` — white space between every pair of characters, as justified text has: each
  glyph keeps its place but is drawn narrower (85 %), so a gap of 0.15 em opens after every
  Chinese character and a smaller one between digits, and every glyph is placed on its own.

The rewrite interprets the page's content stream (graphics state, text state, fonts' widths and
ToUnicode maps), removes the text objects from where they were and draws every run again at its
absolute position at the end of the stream.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

HABITS = ("digit-font", "char-by-char", "shuffled-stream", "justified")
DIGITS = set("0123456789.,%")
JUSTIFY_SCALE = 0.85  # glyphs drawn this narrow on their own origins: the rest of each advance is space
DIGIT_FONT = "/JuesuanLatin"  # a standard-14 font: every reader knows it without embedding
DIGIT_SCALE = 1.05  # the Latin font is set a little larger
DIGIT_RISE = -0.35  # and its baseline sits a third of an em lower (the boxes PDFium gives ONLYOFFICE digits are that far off)

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass
class _Font:
    widths: dict[int, float]  # code → width in text space units per 1000
    unicode: dict[int, str]
    default_width: float = 1000.0

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width) / 1000.0


def _parse_tounicode(data: bytes) -> dict[int, str]:
    """The bfchar / bfrange entries of a ToUnicode CMap (single-byte codes, as reportlab writes)."""
    out: dict[int, str] = {}
    text = data.decode("latin1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + k)
    return out


def _font(obj) -> _Font:
    obj = obj.get_object()
    first = int(obj.get("/FirstChar", 0))
    widths = {first + i: float(w) for i, w in enumerate(obj.get("/Widths", []) or [])}
    unicode: dict[int, str] = {}
    if "/ToUnicode" in obj:
        unicode = _parse_tounicode(obj["/ToUnicode"].get_object().get_data())
    if not unicode:  # a simple font without a map: its codes are Latin-1 (WinAnsi for digits)
        unicode = {c: chr(c) for c in range(256)}
    if not widths:  # a standard-14 font (reportlab's Helvetica): widths from reportlab's metrics
        from reportlab.pdfbase.pdfmetrics import getFont

        base = str(obj.get("/BaseFont", "/Helvetica"))[1:]
        try:
            face = getFont(base)
            widths = {c: face.stringWidth(chr(c), 1000) for c in range(32, 256)}
        except Exception:  # unknown base font: a nominal width keeps positions sane
            widths = {}
        return _Font(widths, unicode, 500.0)
    return _Font(widths, unicode)


@dataclass
class _Run:
    """Glyphs drawn by one text-showing operator, with everything needed to draw them again."""

    font: str
    size: float
    glyphs: list[tuple[bytes, str, Matrix]]  # code, unicode, absolute text-rendering matrix
    char_space: float
    horiz: float
    rise: float
    fill: list  # the fill colour operations in force


def _string_bytes(s) -> bytes:
    if isinstance(s, bytes):
        return bytes(s)
    original = getattr(s, "get_original_bytes", None)
    return original() if original else str(s).encode("latin1")


def _interpret(operations: list, fonts: dict[str, _Font]) -> tuple[list, list[_Run]]:
    """The page's graphics operations without its text objects, and every text run drawn."""
    kept: list = []
    runs: list[_Run] = []
    ctm = IDENTITY
    fill: list = []
    stack: list[tuple[Matrix, list]] = []
    tm = tlm = IDENTITY
    font, size, tc, tw, tz, tl, ts = "", 0.0, 0.0, 0.0, 1.0, 0.0, 0.0
    in_text = False

    def show(operand) -> None:
        nonlocal tm
        f = fonts.get(font)
        items = operand if isinstance(operand, list) else [operand]
        glyphs = []
        for item in items:
            if isinstance(item, (int, float)) or hasattr(item, "as_numeric"):
                tm = _mul((1, 0, 0, 1, -float(item) / 1000.0 * size * tz, 0), tm)
                continue
            for code in _string_bytes(item):
                trm = _mul(_mul((size * tz, 0, 0, size, 0, ts), tm), ctm)
                glyphs.append((bytes([code]), f.unicode.get(code, "") if f else "", trm))
                w = (f.width(code) if f else 0.5) * size + tc + (tw if code == 32 else 0.0)
                tm = _mul((1, 0, 0, 1, w * tz, 0), tm)
        if glyphs:
            runs.append(_Run(font, size, glyphs, tc, tz, ts, list(fill)))

    for operands, op in operations:
        o = op.decode("latin1") if isinstance(op, bytes) else op
        if o == "BT":
            in_text, tm, tlm = True, IDENTITY, IDENTITY
            continue
        if o == "ET":
            in_text = False
            continue
        if o == "q":
            stack.append((ctm, list(fill)))
        elif o == "Q":
            ctm, fill = stack.pop() if stack else (IDENTITY, [])
        elif o == "cm":
            ctm = _mul(tuple(float(v) for v in operands), ctm)
        elif o in ("rg", "g", "k", "sc", "scn", "cs"):
            fill = [(operands, op)] if o != "scn" and o != "sc" else [*fill, (operands, op)]
        if in_text or o in ("Tf", "Tc", "Tw", "Tz", "TL", "Ts"):
            if o == "Tf":
                font, size = str(operands[0]), float(operands[1])
            elif o == "Tc":
                tc = float(operands[0])
            elif o == "Tw":
                tw = float(operands[0])
            elif o == "Tz":
                tz = float(operands[0]) / 100.0
            elif o == "TL":
                tl = float(operands[0])
            elif o == "Ts":
                ts = float(operands[0])
            elif o == "Tm":
                tm = tlm = tuple(float(v) for v in operands)
            elif o in ("Td", "TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if o == "TD":
                    tl = -ty
                tm = tlm = _mul((1, 0, 0, 1, tx, ty), tlm)
            elif o == "T*":
                tm = tlm = _mul((1, 0, 0, 1, 0, -tl), tlm)
            elif o in ("Tj", "TJ"):
                show(operands[0])
            elif o == "'":
                tm = tlm = _mul((1, 0, 0, 1, 0, -tl), tlm)
                show(operands[0])
            elif o == '"':
                tw, tc = float(operands[0]), float(operands[1])
                tm = tlm = _mul((1, 0, 0, 1, 0, -tl), tlm)
                show(operands[2])
            continue  # text operators are redrawn from the runs
        kept.append((operands, op))
    return kept, runs


def _pieces(runs: list[_Run], habits: set[str]) -> list[_Run]:
    """Split runs as the habits write them: per glyph, or at every digit / non-digit boundary."""
    out: list[_Run] = []
    for run in runs:
        if "char-by-char" in habits or "justified" in habits:
            groups = [[g] for g in run.glyphs]
        elif "digit-font" in habits:
            groups = []
            for g in run.glyphs:
                if groups and (groups[-1][-1][1] in DIGITS) == (g[1] in DIGITS):
                    groups[-1].append(g)
                else:
                    groups.append([g])
        else:
            groups = [run.glyphs]
        out += [_Run(run.font, run.size, grp, run.char_space, run.horiz, run.rise, run.fill) for grp in groups]
    return out


def _fmt(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") or "0"


def _draw(piece: _Run, habits: set[str], escape) -> list[str]:
    """Content-stream lines that draw one piece at its absolute position."""
    digits = "digit-font" in habits and all(u in DIGITS for _, u, _ in piece.glyphs)
    a, b, c, d, e, f = piece.glyphs[0][2]
    scale = (a * a + b * b) ** 0.5 or 1.0  # the size the glyph is drawn at on the page
    if "justified" in habits:  # narrower along the baseline, from the same origin
        a, b = a * JUSTIFY_SCALE, b * JUSTIFY_SCALE
    lines = ["BT", *(" ".join(_operand(v) for v in ops) + " " + (op.decode() if isinstance(op, bytes) else op)
                     for ops, op in piece.fill)]
    if digits:
        rise = DIGIT_RISE * scale
        lines += [f"{DIGIT_FONT} {_fmt(DIGIT_SCALE)} Tf", f"{_fmt(a)} {_fmt(b)} {_fmt(c)} {_fmt(d)} {_fmt(e + c / scale * rise)} {_fmt(f + d / scale * rise)} Tm"]
        text = "".join(u for _, u, _ in piece.glyphs).encode("latin1")
    else:
        lines += [f"{piece.font} 1 Tf", f"{_fmt(a)} {_fmt(b)} {_fmt(c)} {_fmt(d)} {_fmt(e)} {_fmt(f)} Tm"]
        text = b"".join(code for code, _, _ in piece.glyphs)
    spacing = piece.char_space / max(piece.size, 1e-6)  # Tc scales with the matrix: ems of the font
    if spacing:
        lines.append(f"{_fmt(spacing)} Tc")
    lines += [f"({escape(text)}) Tj", "ET"]
    return lines


def _operand(v) -> str:
    if isinstance(v, (int, float)) or hasattr(v, "as_numeric"):
        return _fmt(float(v))
    return str(v)


def _escape(data: bytes) -> str:
    out = []
    for byte in data:
        ch = chr(byte)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= byte < 127:
            out.append(ch)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


def apply_habits(src: Path, dst: Path, habits: tuple[str, ...], seed: int = 0) -> None:
    """Write `src` to `dst` with the given text-layer habits (see the module's docstring)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

    unknown = set(habits) - set(HABITS)
    if unknown:
        raise ValueError(f"unknown text habit(s) {sorted(unknown)}; known: {list(HABITS)}")
    wanted = set(habits)
    rng = random.Random(seed)
    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        resources = page["/Resources"].get_object()
        font_dict = resources.get("/Font")
        fonts = {str(k): _font(v) for k, v in (font_dict.get_object().items() if font_dict else [])}
        contents = page.get_contents()
        if contents is None:
            continue
        kept, runs = _interpret(ContentStream(contents, reader).operations, fonts)
        if "shuffled-stream" in wanted:
            rng.shuffle(runs)  # runs in any order; each run's own glyphs stay in theirs
        pieces = _pieces(runs, wanted)
        stream = ContentStream(None, reader)
        stream.operations = kept
        text = "\n".join(line for p in pieces for line in _draw(p, wanted, _escape))
        data = stream.get_data() + b"\nq\n" + text.encode("latin1") + b"\nQ\n"
        new = DecodedStreamObject()
        new.set_data(data)
        page[NameObject("/Contents")] = writer._add_object(new)
        page.compress_content_streams()
        if "digit-font" in wanted:
            latin = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                      NameObject("/BaseFont"): NameObject("/Times-Roman"),
                                      NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
            if font_dict is None:
                resources[NameObject("/Font")] = font_dict = DictionaryObject()
            font_dict.get_object()[NameObject(DIGIT_FONT)] = writer._add_object(latin)
    with open(dst, "wb") as fh:
        writer.write(fh)

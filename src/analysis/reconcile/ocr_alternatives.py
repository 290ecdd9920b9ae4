"""The other readings an OCR engine could have made of a printed number: its usual confusions.

Why: a figure read from a page image may be wrong in a few known ways — one digit taken for a
similar one (1↔7, 3↔8, 0↔8/6/9, 5↔6, 2↔7), a decimal point lost or invented, a digit dropped (most
often one of two alike: 88.7 read 8.7) or doubled. The report's arithmetic can tell which reading the page prints (`ocr_proof`), but only
among candidates: this module lists them, most likely first, as printed text. Pure string work:
nothing here knows about tables or checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..domain import parse_amount

# Digits an OCR engine takes for one another (both ways), as seen on scanned 决算 tables.
CONFUSIONS: dict[str, str] = {}
for _a, _b in (("1", "7"), ("3", "8"), ("0", "8"), ("0", "6"), ("0", "9"), ("5", "6"), ("2", "7")):
    CONFUSIONS[_a] = CONFUSIONS.get(_a, "") + _b
    CONFUSIONS[_b] = CONFUSIONS.get(_b, "") + _a

# The kinds of misreading, in the order they are tried (and preferred when two close the same sums).
DIGIT, POINT, LOST, EXTRA = "digit", "decimal_point", "lost_digit", "extra_digit"
# the lost digit an engine drops most: one of two alike side by side (88.7% read 8.7%); a few
# readings where LOST is ten a place, so it can be tried where LOST is too many
DOUBLED = "doubled_digit"
KIND_ZH = {DIGIT: "数字形近误认", POINT: "小数点误读", LOST: "漏读一位数字", EXTRA: "多读一位数字",
           DOUBLED: "漏读一位重复数字"}


@dataclass(frozen=True)
class Reading:
    """One alternative reading: its text as it would be printed, its number, and how it differs."""

    text: str
    number: Decimal
    kind: str
    change: str  # for a reader: "1→7 (第 3 位)", "小数点", …


def _group(digits: str) -> str:
    """Thousands separators for the integer part, as the tables print them (1,234.56)."""
    sign, body = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    whole, dot, frac = body.partition(".")
    grouped = f"{int(whole):,}" if whole.isdigit() and whole else whole
    return f"{sign}{grouped}{dot}{frac}"


def _plain(text: str) -> str:
    """The printed text without separators or spaces (the characters an OCR engine read)."""
    return text.replace(",", "").replace("，", "").replace(" ", "").strip()


def _wellformed(candidate: str) -> bool:
    body = candidate.removeprefix("-")
    if not body or body.count(".") > 1 or body.startswith(".") or body.endswith("."):
        return False
    whole = body.split(".")[0]
    return whole == "0" or not whole.startswith("0")  # 012.5 is no printed number


def alternatives(printed: str, *, kinds: tuple[str, ...] = (DIGIT, POINT, LOST, EXTRA)) -> list[Reading]:
    """Every other reading of `printed` one misreading away, most likely kind first, no duplicates.

    `kinds` narrows the search (the cheap kinds first, the 10 × n lost digits only when asked).
    A text that is not a number (blank, "-") has none.
    """
    plain = _plain(printed)
    if parse_amount(plain) is None:
        return []
    grouped = "," in printed
    seen = {plain}
    out: list[Reading] = []

    def add(candidate: str, kind: str, change: str) -> None:
        if candidate in seen or not _wellformed(candidate):
            return
        number = parse_amount(candidate)
        if number is None:
            return
        seen.add(candidate)
        out.append(Reading(_group(candidate) if grouped else candidate, number, kind, change))

    positions = [i for i, ch in enumerate(plain) if ch.isdigit()]
    if DIGIT in kinds:
        for n, i in enumerate(positions, 1):
            for other in CONFUSIONS.get(plain[i], ""):
                add(plain[:i] + other + plain[i + 1:], DIGIT, f"{plain[i]}→{other}（第 {n} 位数字）")
    if DOUBLED in kinds:
        for n, i in enumerate(positions, 1):
            add(plain[:i] + plain[i] + plain[i:], DOUBLED, f"漏读重复的数字 {plain[i]}（第 {n} 位）")
    if POINT in kinds:
        body = plain.replace(".", "")
        sign = "-" if body.startswith("-") else ""
        digits = body.removeprefix("-")
        if "." in plain:
            add(sign + digits, POINT, "小数点为误读")
        for cut in range(1, len(digits)):
            add(f"{sign}{digits[:cut]}.{digits[cut:]}", POINT, "小数点位置")
    if LOST in kinds:
        for i in range(len(plain) + 1):
            for d in "0123456789":
                add(plain[:i] + d + plain[i:], LOST, f"漏读数字 {d}")
    if EXTRA in kinds:
        for n, i in enumerate(positions, 1):
            add(plain[:i] + plain[i + 1:], EXTRA, f"多读数字 {plain[i]}（第 {n} 位）")
    return out

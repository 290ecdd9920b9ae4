"""The verdict policy: how a printed figure is judged against the figure recomputed from others.

Real reports print every figure rounded to 0.01 万元 (or a percentage to a few decimals), so a
difference is not by itself an error. The rules, with the reasoning a reviewer would use:

- A total against the sum of its n printed parts may be off by rounding alone: each of the n + 1
  printed figures carries up to half a unit of rounding, so up to half_unit × (n + 1). Exact →
  `pass`; inside that envelope → `warn` ("within rounding"); beyond → `fail`. Parts printed as 0
  (or blank) do not widen the envelope: an empty category is empty, and counting the dozens of
  0.00 lines of a basic-expenditure table would let a transposed pair of digits pass as rounding.
- A printed figure that restates or derives from others (a percentage, a figure quoted in the
  text) is compared against the *interval* its inputs allow: it passes when some value in that
  interval rounds to the printed figure at its printed precision, is a `warn` when it only
  truncates to it (3.85% printed 3.8%), and fails otherwise.
- Part ≤ whole checks fail only when the part exceeds the whole beyond rounding.

All arithmetic is Decimal from the printed values, never float sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

# Half of the printing unit 0.01 万元: the most rounding can move one printed figure.
HALF_UNIT = Decimal("0.005")
ZERO = Decimal(0)
HUNDRED = Decimal(100)

STATUS_RANK = {"pass": 0, "not_applicable": 1, "insufficient_data": 2, "warn": 3, "fail": 4}


@dataclass(frozen=True)
class Outcome:
    """One verdict: what the rule expected, what was printed, and why the status is what it is."""

    status: str
    expected: Decimal | None = None
    actual: Decimal | None = None
    tolerance: Decimal | None = None
    detail: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected


def dec(value: object) -> Decimal | None:
    """A printed value as Decimal (floats go through repr, so 1132.98 stays 1132.98), None if blank."""
    if value is None or isinstance(value, Decimal):
        return value
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if f != f:  # NaN: a blank cell
        return None
    return Decimal(repr(f)).quantize(Decimal("0.000001")).normalize() + ZERO


def decimals_of(value: Decimal) -> int:
    """How many decimals a printed value shows (88.7 → 1, 83 → 0)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def worst(statuses: list[str]) -> str:
    """The most serious of several statuses (fail > warn > insufficient_data > not_applicable > pass)."""
    return max(statuses, key=STATUS_RANK.__getitem__) if statuses else "not_applicable"


def sum_outcome(total: Decimal | None, parts: list[Decimal | None], half_unit: Decimal = HALF_UNIT,
                what: str = "") -> Outcome:
    """A printed total against the sum of its printed parts (blank parts count as nothing)."""
    if total is None:
        return Outcome("insufficient_data", detail=f"{what}: total not printed or not extracted".strip(": "))
    present = [p for p in parts if p is not None]
    expected = sum(present, ZERO)
    n = max(1, sum(1 for p in present if p != 0))
    tolerance = half_unit * (n + 1)
    diff = abs(total - expected)
    if diff == 0:
        return Outcome("pass", expected, total, tolerance, what)
    if diff <= tolerance:
        note = f"within rounding ({diff} ≤ {tolerance} for {n} parts)"
        return Outcome("warn", expected, total, tolerance, f"{what}; {note}" if what else note)
    note = f"off by {total - expected}, beyond rounding ({tolerance} for {n} parts)"
    return Outcome("fail", expected, total, tolerance, f"{what}; {note}" if what else note)


def equal_outcome(printed: Decimal | None, other: Decimal | None, half_unit: Decimal = HALF_UNIT,
                  what: str = "") -> Outcome:
    """The same figure printed in two places: a sum with one part."""
    if other is None and printed is None:
        return Outcome("insufficient_data", detail=f"{what}: neither figure found".strip(": "))
    if other is None:
        return Outcome("insufficient_data", None, printed, None, f"{what}: counterpart not found".strip(": "))
    return sum_outcome(printed, [other], half_unit, what)


def part_le_whole(part: Decimal | None, whole: Decimal | None, half_unit: Decimal = HALF_UNIT,
                  what: str = "") -> Outcome:
    """A part (a basic-expenditure line) may not exceed its whole (the 三公 figure it belongs to)."""
    if part is None or whole is None:
        return Outcome("insufficient_data", whole, part, None, f"{what}: a figure is missing".strip(": "))
    tolerance = half_unit * 2
    if part <= whole:
        return Outcome("pass", whole, part, tolerance, what)
    if part - whole <= tolerance:
        return Outcome("warn", whole, part, tolerance, f"{what}; part exceeds whole within rounding".strip("; "))
    return Outcome("fail", whole, part, tolerance, f"{what}; part exceeds whole by {part - whole}".strip("; "))


def _round(x: Decimal, places: int, mode: str) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=mode)


def quote_outcome(printed: Decimal | None, lo: Decimal | None, hi: Decimal | None, what: str = "",
                  decimals: int | None = None) -> Outcome:
    """A printed figure against the interval [lo, hi] of the value it states.

    Passes when some value in the interval rounds (half up) to the printed figure at its printed
    precision; `warn` when some value only truncates to it; `fail` otherwise. Signs are compared
    on magnitudes, as the text states a decrease in words (减少 259.4万元).
    """
    if printed is None or lo is None or hi is None:
        return Outcome("insufficient_data", None, printed, None, f"{what}: an input is missing".strip(": "))
    p = abs(printed)
    lo, hi = sorted((abs(lo), abs(hi))) if (lo >= 0) == (hi >= 0) else (ZERO, max(abs(lo), abs(hi)))
    places = decimals_of(p) if decimals is None else decimals
    step = Decimal(1).scaleb(-places)
    mid = (lo + hi) / 2
    expected = _round(mid, places + 2, ROUND_HALF_UP)
    # rounding: x ∈ [p − step/2, p + step/2); truncation: x ∈ [p, p + step)
    rounds = lo < p + step / 2 and hi >= p - step / 2
    truncates = lo < p + step and hi >= p
    tol = step / 2
    if rounds:
        return Outcome("pass", expected, p, tol, what)
    if truncates:
        note = (f"printed {p} is {_round(mid, places, ROUND_DOWN)} truncated; rounded it would be "
                f"{_round(mid, places, ROUND_HALF_UP)}")
        return Outcome("warn", expected, p, tol, f"{what}; {note}" if what else note)
    note = f"printed {p} but the figures give {expected}"
    return Outcome("fail", expected, p, tol, f"{what}; {note}" if what else note)


def ratio_interval(num: Decimal, den: Decimal, half_unit: Decimal = HALF_UNIT,
                   scale: Decimal = HUNDRED) -> tuple[Decimal, Decimal] | None:
    """The range of num/den × scale when both were printed rounded (None when den may be 0)."""
    num, den = abs(num), abs(den)
    if den - half_unit <= 0:
        return None
    lo = max(ZERO, num - half_unit) / (den + half_unit) * scale
    hi = (num + half_unit) / (den - half_unit) * scale
    return lo, hi

"""The verdict policy: how a printed figure is judged against the figure recomputed from others.

Real reports print every figure rounded (0.01 万元, 0.3 万元, a percentage to a few decimals), so a
difference is not by itself an error. The rules, with the reasoning a reviewer would use:

- **The printed-precision envelope.** Each printed term contributes half a unit of its own last
  printed decimal: "0.3" carries ±0.05, "0.30" ±0.005, a table printed to the cent ±0.005 per cell.
  A total against the sum of its parts may be off by the sum of those halves. Exact → `pass`;
  inside the envelope → `warn` ("within rounding"); beyond → `fail`. Parts printed as 0 (or
  blank) do not widen it: an empty category is empty, and counting the dozens of 0.00 lines of a
  basic-expenditure table would let a transposed pair of digits pass as rounding.
- **A percentage** (a share, a completion rate, a change %) passes when the value recomputed from
  the printed figures rounds to the printed one at its printed precision; it is a `warn` when that
  value only truncates to it (3.85% printed 3.8%), or when only some value inside the envelope of
  its inputs rounds to it; beyond that it fails.
- **A figure quoted at another precision** (the text's 259.4 for the table's 259.40) passes when the
  table's figure rounds to it; a gap inside the envelope of the two printings warns.
- Part ≤ whole checks fail only when the part exceeds the whole beyond the envelope.

All arithmetic is Decimal in 万元 from the printed values, never float sums.
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


def half_of(value: Decimal, floor: Decimal = ZERO) -> Decimal:
    """Half a unit of a printed value's last decimal (0.3 → 0.05, 259.4 → 0.05, 83 → 0.5).

    A value read back from a float has lost its trailing zeros (0.30 → 0.3), so its half is an
    upper bound: the envelope errs on the side of `warn`, never of a false `fail`. `floor` is the
    least half the source prints (a table's own precision).
    """
    return max(floor, Decimal("0.5") * Decimal(1).scaleb(-decimals_of(value)))


def worst(statuses: list[str]) -> str:
    """The most serious of several statuses (fail > warn > insufficient_data > not_applicable > pass)."""
    return max(statuses, key=STATUS_RANK.__getitem__) if statuses else "not_applicable"


def sum_outcome(total: Decimal | None, parts: list[Decimal | None], half_unit: Decimal = HALF_UNIT,
                what: str = "", halves: list[Decimal] | None = None) -> Outcome:
    """A printed total against the sum of its printed parts (blank parts count as nothing).

    The envelope is half a printing unit per term: `half_unit` for each (one table's precision), or
    `halves` — the total's half first, then each part's — where the terms were printed at different
    precisions (the text's 0.3 beside a table's 2961.68).
    """
    if total is None:
        return Outcome("insufficient_data", detail=f"{what}: total not printed or not extracted".strip(": "))
    present = [(p, h) for p, h in zip(parts, halves[1:] if halves else [half_unit] * len(parts), strict=True)
               if p is not None]
    expected = sum((p for p, _ in present), ZERO)
    nonzero = [h for p, h in present if p != 0]
    n = max(1, len(nonzero))
    tolerance = (halves[0] if halves else half_unit) + (sum(nonzero, ZERO) if nonzero else half_unit)
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
                  decimals: int | None = None, mid: Decimal | None = None) -> Outcome:
    """A printed figure against the value it states: `mid`, recomputed from the printed inputs,
    inside the interval [lo, hi] their envelope allows.

    `pass` when `mid` rounds (half up) to the printed figure at its printed precision; `warn` when
    it only truncates to it, or when only some other value inside [lo, hi] rounds to it; `fail`
    otherwise. Without `mid` the interval's midpoint stands in. Signs are compared on magnitudes,
    as the text states a decrease in words (减少 259.4万元).
    """
    if printed is None or lo is None or hi is None:
        return Outcome("insufficient_data", None, printed, None, f"{what}: an input is missing".strip(": "))
    p = abs(printed)
    lo, hi = sorted((abs(lo), abs(hi))) if (lo >= 0) == (hi >= 0) else (ZERO, max(abs(lo), abs(hi)))
    places = decimals_of(p) if decimals is None else decimals
    step = Decimal(1).scaleb(-places)
    mid = abs(mid) if mid is not None else (lo + hi) / 2
    expected = _round(mid, places + 2, ROUND_HALF_UP)
    tol = step / 2
    if _round(mid, places, ROUND_HALF_UP) == p:
        return Outcome("pass", expected, p, tol, what)
    # truncation: mid ∈ [p, p + step); inside the envelope: some x ∈ [lo, hi] with x ∈ [p − step/2, p + step/2)
    if _round(mid, places, ROUND_DOWN) == p:
        note = (f"printed {p} is {_round(mid, places, ROUND_DOWN)} truncated; rounded it would be "
                f"{_round(mid, places, ROUND_HALF_UP)}")
        return Outcome("warn", expected, p, tol, f"{what}; {note}" if what else note)
    if lo < p + step / 2 and hi >= p - step / 2:
        note = (f"the figures give {expected}, which rounds to {_round(mid, places, ROUND_HALF_UP)}; "
                f"printed {p} lies within the rounding of its inputs")
        return Outcome("warn", expected, p, tol, f"{what}; {note}" if what else note)
    note = f"printed {p} but the figures give {expected}"
    return Outcome("fail", expected, p, tol, f"{what}; {note}" if what else note)


def quote_amount(printed: Decimal | None, value: Decimal | None, value_half: Decimal = HALF_UNIT,
                 what: str = "", printed_half: Decimal | None = None) -> Outcome:
    """A printed amount quoting another printing of the same figure (the text quoting a table).

    `pass` when the other printing rounds to it at its own precision (259.40 quoted as 259.4);
    `warn` when the gap is inside the envelope of the two printings; `fail` beyond. `printed_half`
    is the quoting figure's half unit where its printed decimals are known (0.30 → 0.005), else it
    is read from the value.
    """
    if printed is None or value is None:
        return Outcome("insufficient_data", value, printed, None, f"{what}: a figure is missing".strip(": "))
    half = half_of(printed) if printed_half is None else printed_half
    exponent = (2 * half).normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else decimals_of(printed)
    tolerance = half + value_half
    if _round(abs(value), places, ROUND_HALF_UP) == abs(printed):
        return Outcome("pass", value, printed, tolerance, what)
    gap = abs(abs(printed) - abs(value))
    if gap <= tolerance:
        note = f"within rounding ({gap} ≤ {tolerance})"
        return Outcome("warn", value, printed, tolerance, f"{what}; {note}" if what else note)
    note = f"off by {abs(printed) - abs(value)}, beyond rounding ({tolerance})"
    return Outcome("fail", value, printed, tolerance, f"{what}; {note}" if what else note)


def ratio_interval(num: Decimal, den: Decimal, half_unit: Decimal = HALF_UNIT,
                   scale: Decimal = HUNDRED, den_half: Decimal | None = None) -> tuple[Decimal, Decimal] | None:
    """The range of num/den × scale when both were printed rounded (None when den may be 0).

    `half_unit` is the numerator's half a printing unit, `den_half` the denominator's (the same
    when not given).
    """
    num, den = abs(num), abs(den)
    dh = half_unit if den_half is None else den_half
    if den - dh <= 0:
        return None
    lo = max(ZERO, num - half_unit) / (den + dh) * scale
    hi = (num + half_unit) / (den - dh) * scale
    return lo, hi


def ratio_outcome(printed: Decimal, num: Decimal, den: Decimal, what: str = "",
                  num_half: Decimal = HALF_UNIT, den_half: Decimal = HALF_UNIT,
                  decimals: int | None = None) -> Outcome | None:
    """A printed percentage of num/den: None when the base may be 0 (the caller says why).

    `decimals` is the percentage's printed precision where known (100.00% → 2), else its value's.
    """
    interval = ratio_interval(num, den, num_half, den_half=den_half)
    if interval is None:
        return None
    return quote_outcome(printed, *interval, what, decimals, mid=abs(num) / abs(den) * HUNDRED)

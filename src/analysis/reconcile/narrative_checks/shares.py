"""Stated shares (占X的p%): the subject's amount over its base's, each base a legitimate reading."""

from __future__ import annotations

from decimal import Decimal

from ..frames import Inputs
from ..verdict import Outcome, ratio_outcome
from .facts import Fact
from .figures import Figure
from .lookups import amount_with_half, best


def _ratio(f: Fact, num: tuple[Decimal, Decimal] | None, den: tuple[Decimal, Decimal] | None,
           what: str) -> Outcome:
    printed = f.value
    if num is None or den is None:
        return Outcome("insufficient_data", None, printed, detail=f"{what}: numerator or denominator not found")
    o = ratio_outcome(printed, num[0], den[0], f"{what} {num[0]}/{den[0]}", num[1], den[1], f.decimals)
    if o is None:
        return Outcome("not_applicable", None, printed,
                       detail=f"{what}: the base is 0, so a percentage of it is undefined ({num[0]}/{den[0]})")
    return o


def judge_share(inp: Inputs, fs: list[Fact], f: Fact, fig: Figure) -> Outcome:
    """A share of the figure's base, or of another base a region may take it of: the kindest reading."""
    num = amount_with_half(inp, fs, f.stem, f.name, f.index + 1)
    return best(_ratio(f, num, amount_with_half(inp, fs, base, "", f.index + 1), f"share of {base or 'total'}")
                for base in (fig.share_of, *fig.share_also))

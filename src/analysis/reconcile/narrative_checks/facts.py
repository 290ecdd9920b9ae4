"""The narrative frame as facts: each stated figure with its subject, kind, value in 万元, and the
decimals it is printed with (the half unit a quotation of it allows)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ...domain import WANYUAN_PER_UNIT
from ..evidence import Ref as Read
from ..evidence import note
from ..frames import Inputs
from ..verdict import HALF_UNIT, dec, half_of
from .figures import AMOUNT_KEY, BY_STEM

SUFFIXES = ("yoy_change_amount", "yoy_change_pct", "yoy_change_direction", "budget_change_amount",
            "budget_change_pct", "budget_change_direction", "actual_vs_budget", "completion_pct",
            "share_pct", "full_year_budget", "budget", "actual", "amount", "reason")


@dataclass(frozen=True)
class Fact:
    index: int
    key: str
    stem: str
    suffix: str
    name: str
    value: Decimal | None
    page: str
    sentence: str
    occurrence: int
    text: str = ""  # the cue the reader matched (完成年初预算的, 涉及预算金额) or the words of a text fact
    raw: Decimal | None = None  # the figure as printed, before a 元 / 亿元 figure was put in 万元
    section: str = ""  # the heading the sentence sits under

    @property
    def check_id(self) -> str:
        base = self.key.split(":", 1)[0]
        subject = self.name + (f"#{self.occurrence}" if self.occurrence > 1 else "")
        return f"narrative.{base}" + (f"[{subject}]" if subject else "")

    @property
    def decimals(self) -> int | None:
        """The decimals the sentence prints the figure with (100.00% → 2), None where not found."""
        raw = self.raw if self.raw is not None else self.value
        return None if raw is None else printed_decimals(self.sentence, raw)

    @property
    def half(self) -> Decimal:
        """Half a unit of the figure's last printed decimal, in 万元 (0.3万元 → 0.05, 0.30万元 → 0.005).

        The decimals are read from the sentence where the figure is found there (the frame's float
        has lost a trailing zero), else from the value itself (a wider envelope, never a narrower).
        """
        if self.value is None:
            return HALF_UNIT
        raw = self.raw if self.raw is not None else self.value
        scale = abs(self.value / raw) if raw != 0 else Decimal(1)
        shown = self.decimals
        return (half_of(raw) if shown is None else Decimal("0.5").scaleb(-shown)) * scale


def split_key(key: str) -> tuple[str, str, str]:
    """'class_share_pct:卫生健康' → ('class', 'share_pct', '卫生健康'); 'basic_expenditure' → ('basic', 'amount', '')."""
    base, _, name = key.partition(":")
    if base in AMOUNT_KEY:
        return AMOUNT_KEY[base], "amount", name
    for suffix in SUFFIXES:
        if base == suffix:
            return "", suffix, name
        if base.endswith("_" + suffix):
            stem = base[: -len(suffix) - 1]
            return stem, ("amount" if suffix == "actual" and stem in BY_STEM else suffix), name
    return base, "", name


def _cell_text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) or value is pd.NA else str(value)

def facts(narrative: pd.DataFrame) -> list[Fact]:
    """The narrative frame as parsed facts, money in 万元, in printed order."""
    if narrative is None or not len(narrative) or "fact" not in narrative:
        return []
    out: list[Fact] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(narrative.itertuples(index=False)):
        key = str(getattr(row, "fact", "") or "")
        raw = value = dec(getattr(row, "value", None))
        unit = str(getattr(row, "unit", "") or "")
        if value is not None and unit in WANYUAN_PER_UNIT:  # a hand-written frame may keep 元
            value = value * WANYUAN_PER_UNIT[unit]
        stem, suffix, name = split_key(key)
        seen[key] = seen.get(key, 0) + 1
        page = getattr(row, "page", "")
        page = "" if page is None or (isinstance(page, float) and page != page) else str(int(float(page)))
        out.append(Fact(i, key, stem, suffix, name, value, page, str(getattr(row, "sentence", "") or ""),
                        seen[key], _cell_text(getattr(row, "text", "")), raw, _cell_text(getattr(row, "section", ""))))
    return out


_NUMBER_IN_TEXT = re.compile(r"\d[\d,]*(?:\.\d+)?")


def printing_of(sentence: str, raw: Decimal) -> re.Match[str] | None:
    """Where the sentence prints the figure (its first printing of that value)."""
    for m in _NUMBER_IN_TEXT.finditer(sentence or ""):
        try:
            if Decimal(m.group(0).replace(",", "")) == raw:
                return m
        except ArithmeticError:
            continue
    return None


def printed_decimals(sentence: str, raw: Decimal) -> int | None:
    """How many decimals the sentence prints its figure with."""
    m = printing_of(sentence, raw)
    return None if m is None else len(m.group(0).partition(".")[2])


def facts_of(inp: Inputs) -> list[Fact]:
    """facts(inp.narrative), parsed once per run."""
    if "facts" not in inp.cache:
        inp.cache["facts"] = facts(inp.narrative)
    return inp.cache["facts"]  # type: ignore[return-value]


def text_value(fs: list[Fact], stem: str, suffixes: tuple[str, ...], name: str, before: int | None = None) -> Fact | None:
    """The nearest text fact of this stem/name (before a position, when given)."""
    hits = [f for f in fs if f.stem == stem and f.suffix in suffixes and f.name == name and f.value is not None
            and (before is None or f.index < before)]
    return noted(hits[-1]) if hits else None


def noted(f: Fact) -> Fact:
    """A fact a finding uses: its sentence becomes the finding's evidence."""
    note(Read("fact", fact=f.index))
    return f

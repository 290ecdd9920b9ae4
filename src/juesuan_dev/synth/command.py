"""What `juesuan render` does, kept here so the CLI stays a thin shell (and so it is testable).

DESCRIPTION is a description YAML, or `synthetic:N[:SEED]` for a generated department. Flags
override the description's own `render:` settings; an `--options` YAML gives the same settings as
a file, so a corpus of variants is a folder of small YAML files.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .edit import apply_changes, parse_change
from .model import Department, load_description
from .options import PageBreakSpec, RenderOptions
from .render import render_pdf
from .synthetic import synthetic_department
from .years import later_year


def resolve_description(description: str) -> Department:
    """A path to a YAML description, or synthetic:N[:SEED]."""
    if description.startswith("synthetic:"):
        _, n, *seed = description.split(":")
        return synthetic_department(int(n), int(seed[0]) if seed else 0)
    return load_description(Path(description))


def render_command(
    description: str,
    out: Path,
    *,
    options_file: Path | None = None,
    split_codes: bool | None = None,
    unit: str | None = None,
    landscape: bool | None = None,
    table_numbers: bool | None = None,
    omit: list[str] | None = None,
    titles: list[str] | None = None,
    breaks: list[str] | None = None,
    order: str | None = None,
    changes: list[str] | None = None,
    next_year: int = 0,
    thousands: bool | None = None,
    total_in_header: bool | None = None,
    under_header_words: bool | None = None,
    blank: list[str] | None = None,
    habits: list[str] | None = None,
    dpi: int | None = None,
) -> Path:
    """Load, move on a year (next_year = the amounts' factor), apply changes, merge options
    (description < options file < flags), render."""
    dept = resolve_description(description)
    if next_year:
        dept = later_year(dept, next_year)
    settings = dict(dept.render)
    if options_file is not None:
        settings |= yaml.safe_load(options_file.read_text(encoding="utf-8")) or {}
    opts = RenderOptions.from_dict(settings)
    flags: dict[str, object] = {}
    if split_codes is not None:
        flags["split_codes"] = split_codes
    if unit is not None:
        flags["unit"] = unit
    if landscape is not None:
        flags["landscape"] = landscape
    if table_numbers is not None:
        flags["table_numbers"] = table_numbers
    if omit:
        flags["omit_tables"] = tuple(omit)
    if titles:
        flags["title_variants"] = {**opts.title_variants, **dict(t.split("=", 1) for t in titles)}
    if breaks:
        flags["page_break_inside"] = tuple(PageBreakSpec.parse(b) for b in breaks)
    if order:
        flags["table_order"] = tuple(k.strip() for k in order.split(",") if k.strip())
    if thousands is not None:
        flags["thousands"] = thousands
    if total_in_header is not None:
        flags["total_in_header"] = total_in_header
    if under_header_words is not None:
        flags["total_under_header_words"] = under_header_words
    if blank:
        columns: dict[str, list[str]] = {}
        for b in blank:
            table, _, column = b.partition(":")
            if not column:
                raise ValueError(f"--blank {b!r}: write TABLE:COLUMN, e.g. three_public:actual_*")
            columns.setdefault(table, []).append(column)
        flags["blank_columns"] = {**opts.blank_columns, **{k: tuple(v) for k, v in columns.items()}}
    if habits:
        flags["text_habits"] = tuple(habits)
    if dpi is not None:
        flags["scan_dpi"] = dpi
    if changes:
        dept = apply_changes(dept, [parse_change(c) for c in changes])
    return render_pdf(dept, out, opts.merged(**flags))

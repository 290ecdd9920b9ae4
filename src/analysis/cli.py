"""The `juesuan` command. Each subcommand is a thin shell over a function in the package.

Subcommands import their stage inside the function, on purpose: `juesuan --help` and a typo must
not pay for pandas, the PDF readers, the JVM or Dask, and the dev tools may not be installed.
"""

from __future__ import annotations

import errno
import functools
import importlib
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import click
import typer

from .config import PROCESSED_DIR
from .errors import BusyError, DiskFullError, FontMissingError, JavaMissingError, JuesuanError, readable_name
from .tables.grids import DEFAULT_ENGINE

app = typer.Typer(help="juesuan (决算): 部门决算 PDF → verified tidy data, charts and reports.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks: print figures, assert nothing.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


# Exit statuses, the same in every command (README, "Exit statuses"): scripts tell them apart.
OK, CHECK_FAILED, REFUSED, FAILED, INTERRUPTED = 0, 1, 2, 3, 130
# juesuan's own environment, not the input: the user fixes the machine, not the file
_ENVIRONMENT = (DiskFullError, JavaMissingError, FontMissingError, BusyError)


def _error(message: str, status: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(status)


def statuses(command: Callable) -> Callable:
    """Every command ends in one of the documented statuses with a one-line message, never in a
    bare traceback: 2 when the input is refused, 3 when juesuan could not do its work (a full
    disk, a folder it may not write, a missing runtime, a bug), 130 on Ctrl-C."""

    @functools.wraps(command)
    def guarded(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            raise _error("interrupted (Ctrl-C): outputs already finished are kept, none is left half-written under "
                         "its name; run the same command again to go on", INTERRUPTED) from None
        except JuesuanError as exc:
            raise _error(str(exc), FAILED if isinstance(exc, _ENVIRONMENT) else REFUSED) from exc
        except OSError as exc:
            raise _error(_os_message(exc), FAILED) from exc
        except Exception as exc:  # noqa: BLE001 - a bug: said in one line, with what to send
            if os.environ.get("JUESUAN_TRACEBACK"):
                traceback.print_exc()
            raise _error(f"juesuan failed: {type(exc).__name__}: {exc} — a bug in juesuan; please report it with "
                         "the command you ran (JUESUAN_TRACEBACK=1 shows where)", FAILED) from exc

    return guarded


def _os_message(exc: OSError) -> str:
    """An operating-system refusal to write or read, with the path and what to do."""
    where = readable_name(str(exc.filename)) if exc.filename else "a file"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"{where}: cannot write here ({exc.strerror}); choose an output folder you may write to "
                "(--out DIR) or change its permissions")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{where}: the disk is full (no space left on device); free some space and run again"
    return f"{where}: {exc.strerror or exc}"


def _dev(module: str, command: str) -> ModuleType:
    """A module of the juesuan_dev package (the `dev` extra), or one line saying how to install it.

    Imported here and nowhere else in `analysis`: the runtime package neither needs the renderer
    and benchmarks nor their dependencies (reportlab).
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        typer.echo(f"error: {command} needs the developer tools: pip install -e '.[dev]' ({exc})", err=True)
        raise typer.Exit(REFUSED) from exc


@app.command()
@statuses
def extract(
    pdf: Path = typer.Argument(..., exists=True, dir_okay=False, help="a 部门决算 PDF"),
    out: Path | None = typer.Option(None, help="output root (default data/processed)"),
    engine: str = typer.Option(DEFAULT_ENGINE, help="the grid engine whose cells are reported, tabula or pdfplumber "
                               "(the other reads every table too; cells they read differently are marked for review)"),
) -> None:
    """Extract the nine standard tables into cells.csv and tables.csv."""
    from . import read_pdf
    from .pipeline import write_department

    result = write_department(read_pdf(pdf, engine=engine), out or PROCESSED_DIR)  # a refused PDF: statuses, exit 2
    typer.echo(result.summary())
    typer.echo(result.numbers.line())


@app.command()
@statuses
def check(
    pdf: Path = typer.Argument(..., exists=True, dir_okay=False, help="a 部门决算 PDF"),
    out: Path | None = typer.Option(None, help="output root (default data/processed)"),
    engine: str = typer.Option(DEFAULT_ENGINE, help="the grid engine whose cells are reported, tabula or pdfplumber "
                               "(the other reads every table too; cells they read differently are marked for review)"),
) -> None:
    """Extract everything and reconcile it: writes checks.csv, prints the summary and every fail.

    Exit status 1 when a check fails or a printed number on a table page is unexplained (unread.csv)."""
    from .pipeline import check_department
    from .reconcile import summarise
    from .reconcile.folder import fail_lines

    result = check_department(pdf, out or PROCESSED_DIR, engine=engine)  # a refused PDF: statuses, exit 2
    typer.echo(result.summary())
    typer.echo(result.numbers.line())
    typer.echo(summarise(result.checks).to_string(index=False))
    fails = fail_lines(result.checks)
    for line in fails:
        typer.echo(line)
    doubted = _ocr_lines(result.cells, None, result.narrative, result.checks)  # the pages: summary() said them
    # a printed number the reader could not place, a cell the two table readers read differently (or one
    # the second reader could not check), or an OCR reading the arithmetic doubts: the checks may rest on a
    # missing or misread cell
    raise typer.Exit(CHECK_FAILED if fails or result.numbers.unexplained or len(result.disputed)
                     or result.second_error or doubted else OK)


def _ocr_lines(cells, ocr_pages, narrative=None, checks=None) -> int:
    """Print what the arithmetic said of the OCR readings; how many readings and checks it doubts."""
    from .reconcile.ocr_proof import UNCORROBORATED_ZH, doubted
    from .reconcile.ocr_review import misreading_text, misreadings, pages_of, summary_line

    if line := summary_line(cells, pages_of(ocr_pages)):
        typer.echo(line)
    found = misreadings(cells, narrative)
    for m in found:
        typer.echo(f"OCR? {misreading_text(m)}")
    if checks is None or not len(checks):
        return len(found)
    undecided = checks[doubted(checks)]
    for r in undecided[undecided["label_zh"].astype(str).str.contains(UNCORROBORATED_ZH, regex=False)].itertuples():
        typer.echo(f"OCR? {r.check_id}: {r.label_zh} ({r.status})")  # no misread value names them: the check does
    return len(found) + len(undecided)


@app.command()
@statuses
def recheck(
    folder: Path = typer.Argument(..., exists=True, file_okay=False, help="a tidy folder, data/processed/<year>/<slug>"),
    pdf: Path | None = typer.Option(None, exists=True, dir_okay=False, help="the report's PDF, for the text checks"),
) -> None:
    """Re-run the checks on a tidy folder (after correcting cells.csv by hand): rewrites checks.csv."""
    from .reconcile import summarise
    from .reconcile.folder import fail_lines, recheck_folder

    from .catalogue import load_department

    checks = recheck_folder(folder, pdf)
    typer.echo(summarise(checks).to_string(index=False))
    for line in fail_lines(checks):
        typer.echo(line)
    data = load_department(folder)
    doubted = _ocr_lines(data.cells, data.meta.get("ocr_pages"), data.narrative, checks)
    raise typer.Exit(CHECK_FAILED if fail_lines(checks) or doubted else OK)  # a file it cannot read: statuses, exit 2


@app.command()
@statuses
def run(
    source: Path = typer.Argument(None, help="a folder of PDFs (searched recursively), one PDF, or a departments .yml (default data/raw)"),
    out: Path | None = typer.Option(None, help="write reports/ and data/processed/ under this folder"),
    workers: int = typer.Option(2, min=1, help="local Dask worker processes"),
    scheduler: str | None = typer.Option(None, help="an existing Dask scheduler, e.g. tcp://host:8786"),
    force: bool = typer.Option(False, help="re-run departments whose outputs are already up to date"),
) -> None:
    """One report per department (papermill on Dask), then reports/index.html; exit 1 if any failed."""
    from .batch import plan, run_batch, summary
    from .batch.planning import hidden_pdfs
    from .config import RAW_DIR

    jobs = plan(source, out)
    hidden = hidden_pdfs(source or RAW_DIR)
    if hidden:
        names = ", ".join(readable_name(str(p.relative_to(source or RAW_DIR))) for p in hidden[:5])
        more = f" and {len(hidden) - 5} more" if len(hidden) > 5 else ""
        typer.echo(f"note: {len(hidden)} PDF file{'s are' if len(hidden) > 1 else ' is'} not read: hidden (a name or "
                   f"folder starting with '.', like macOS's '._' copies): {names}{more}; rename one to read it, or "
                   "give it as the source", err=True)
    if not jobs:
        typer.echo(f"error: no PDFs found in {source or 'data/raw'}", err=True)
        raise typer.Exit(REFUSED)
    result = run_batch(jobs, workers=workers, scheduler=scheduler, resume=not force)
    typer.echo(summary(result))
    raise typer.Exit(CHECK_FAILED if result.failed else OK)


@app.command()
@statuses
def words(
    pdf: Path = typer.Argument(..., exists=True, dir_okay=False, help="a 部门决算 PDF"),
    uncovered: bool = typer.Option(True, "--uncovered/--no-uncovered", help="also list figures no pattern read"),
) -> None:
    """Print the report's words as data: narrative facts, figures not read (coverage), 自评表 rows."""
    from .prose.narrative import words_report

    typer.echo(words_report(pdf, uncovered=uncovered))


@app.command()
@statuses
def render(
    description: str = typer.Argument(..., help="a description .yml (data/sample/…), or synthetic:N[:SEED]"),
    out: Path = typer.Option(..., help="the PDF to write"),
    options: Path | None = typer.Option(None, exists=True, dir_okay=False, help="render options .yml"),
    split_codes: bool | None = typer.Option(None, "--split-codes/--joined-codes", help="类/款/项 as three columns"),
    unit: str | None = typer.Option(None, help="万元 (default) or 元"),
    landscape: bool | None = typer.Option(None, "--landscape/--no-landscape", help="wide tables on landscape pages"),
    table_numbers: bool | None = typer.Option(None, "--table-numbers/--no-table-numbers", help="print 公开NN表"),
    omit: list[str] = typer.Option([], help="leave this table out (repeatable)"),
    title: list[str] = typer.Option([], help="KEY=TITLE title variant, e.g. summary=部门收支决算总表 (repeatable)"),
    page_break: list[str] = typer.Option([], help="TABLE:ROW[:norepeat][:blank] (repeatable)"),
    order: str | None = typer.Option(None, help="table keys in print order, comma-separated"),
    change: list[str] = typer.Option([], help="plant a change: TABLE:CODE:COLUMN=VALUE or OLD=>NEW (repeatable)"),
    next_year: int = typer.Option(0, "--next-year", metavar="FACTOR",
                                  help="render the department one year later, every amount × FACTOR (a whole number); "
                                       "--change then applies to the later year's text"),
    thousands: bool | None = typer.Option(None, "--thousands/--no-thousands", help="values with thousands separators (1,132.98)"),
    total_in_header: bool | None = typer.Option(None, "--total-in-header/--total-below-header",
                                                help="the 合计 row in the band of the 类 款 项 header row"),
    under_header_words: bool | None = typer.Option(None, "--total-under-header-words/--total-ruled-off",
                                                   help="… and unruled under the header words (one cell: 本年收入合计 / 1132.98)"),
    blank: list[str] = typer.Option([], help="TABLE:COLUMN printed blank, prefix* allowed, e.g. three_public:actual_* (repeatable)"),
    habit: list[str] = typer.Option([], help="a producer's habit: digit-font, char-by-char, shuffled-stream, justified "
                                             "(the text layer), lying-punctuation (、 read as 1, 。 as 2), scanned or "
                                             "pictured-tables (pages as pictures) (repeatable)"),
    dpi: int | None = typer.Option(None, help="resolution of the scanned / pictured-tables habits' pictures [default: 200]"),
    turned: list[str] = typer.Option([], help="a table printed turned, its parts as rows: three_public (项目 | 预算数 | 决算数; 云南)"),
    producer: str | None = typer.Option(None, help="typeset with another program: chromium, libreoffice, libreoffice-calc "
                                                   "(the tables alone), ghostscript, ghostscript-old (juesuan's PDF rewritten), "
                                                   "ghostscript-ps2write (printed to PostScript and back: a text layer of glyph numbers)"),
) -> None:
    """Render a structured description to a realistic 部门决算 PDF (sample, synthetic or planted variants)."""
    render_command = _dev("juesuan_dev.synth.command", "juesuan render").render_command

    try:
        path = render_command(description, out, options_file=options, split_codes=split_codes, unit=unit,
                              landscape=landscape, table_numbers=table_numbers, omit=omit, titles=title,
                              breaks=page_break, order=order, changes=change, thousands=thousands,
                              total_in_header=total_in_header, under_header_words=under_header_words, blank=blank,
                              habits=habit, next_year=next_year, turned=turned, producer=producer, dpi=dpi)
    except (JuesuanError, LookupError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(REFUSED) from exc
    typer.echo(str(path))


@bench_app.command("extract")
@statuses
def bench_extract(pdfs: list[Path] = typer.Argument(None, help="reports to time (default: the sample and a synthetic 30-page report)")) -> None:
    """Time the table extraction alone: pages per second, seconds per report cold and warm, per engine."""
    _dev("juesuan_dev.bench_extract", "juesuan bench").main(pdfs or None)


@bench_app.command("charts")
def bench_charts(rounds: int = typer.Option(10, min=1, help="warm rounds to take the median of")) -> None:
    """Time one department's charts, warm, as the report notebook draws them (median seconds)."""
    _dev("juesuan_dev.bench_charts", "juesuan bench").main(rounds)


@bench_app.command("ocr")
def bench_ocr() -> None:
    """OCR: cells exact on a 200-dpi scan of the sample, narrative read, a 30-page scan's seconds, the text-layer check's cost."""
    _dev("juesuan_dev.bench_ocr", "juesuan bench").main()


@bench_app.command("run")
@statuses
def bench_run(departments: int = typer.Option(20, min=2, help="synthetic departments in the corpus")) -> None:
    """Time whole batches (1 and 2 workers) against the naive sequential papermill + nbconvert CLI."""
    _dev("juesuan_dev.bench", "juesuan bench").main(departments)


if __name__ == "__main__":  # pragma: no cover
    app()

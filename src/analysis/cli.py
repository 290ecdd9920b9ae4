"""The `juesuan` command. Each subcommand is a thin shell over a function in the package."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="juesuan (决算): 部门决算 PDF → verified tidy data, charts and reports.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks: print figures, assert nothing.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@app.command()
def extract(
    pdf: Path = typer.Argument(..., exists=True, dir_okay=False, help="a 部门决算 PDF"),
    out: Path | None = typer.Option(None, help="output root (default data/processed)"),
    engine: str = typer.Option("tabula", help="grid engine: tabula or pdfplumber"),
) -> None:
    """Extract the nine standard tables into cells.csv and tables.csv."""
    from .config import PROCESSED_DIR
    from .errors import JuesuanError
    from .pipeline import extract_department

    try:
        result = extract_department(pdf, out or PROCESSED_DIR, engine=engine)
    except JuesuanError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(result.summary())


@app.command()
def check(
    pdf: Path = typer.Argument(..., exists=True, dir_okay=False, help="a 部门决算 PDF"),
    out: Path | None = typer.Option(None, help="output root (default data/processed)"),
    engine: str = typer.Option("tabula", help="grid engine: tabula or pdfplumber"),
) -> None:
    """Extract everything and reconcile it: writes checks.csv, prints the summary and every fail."""
    from .config import PROCESSED_DIR
    from .errors import JuesuanError
    from .pipeline import check_department
    from .reconcile import summarise

    try:
        result = check_department(pdf, out or PROCESSED_DIR, engine=engine)
    except JuesuanError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(result.summary())
    typer.echo(summarise(result.checks).to_string(index=False))
    fails = result.checks[result.checks["status"] == "fail"]
    for row in fails.itertuples():
        typer.echo(f"FAIL {row.check_id}: {row.description} expected={row.expected} actual={row.actual} (pages {row.pages}) {row.detail}")
    raise typer.Exit(1 if len(fails) else 0)


@bench_app.command("extract")
def bench_extract(pdfs: list[Path] = typer.Argument(None, help="reports to time (default: the sample and a synthetic 30-page report)")) -> None:
    """Time the table extraction alone: pages per second, seconds per report cold and warm, per engine."""
    from .bench_extract import main

    main(pdfs or None)


if __name__ == "__main__":  # pragma: no cover
    app()

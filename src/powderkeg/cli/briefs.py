"""`powderkeg brief`: an analyst's note on a country or a pair, every figure footnoted."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from powderkeg.cli.options import DbOption


def brief(
    entity: Annotated[str, typer.Argument(help="The country: an id (XKX) or a name (kosovo).")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="File to write: .html, .md (charts beside) or .pdf.")
    ],
    vs: Annotated[
        str | None, typer.Option("--vs", help="A second country to set beside the first.")
    ] = None,
    check: Annotated[
        str | None,
        typer.Option("--check", help="An article (file, URL or -) to check: adds a section."),
    ] = None,
    since: Annotated[int, typer.Option("--since", help="First year the brief covers.")] = 2014,
    on: Annotated[
        str | None,
        typer.Option("--date", help="The 'generated on' date, YYYY-MM-DD (default: today)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a brief on a country (or, with --vs, a pair): charts, every number footnoted."""
    from powderkeg.api.briefs import brief as write_brief

    generated = _date(on) if on is not None else date.today()
    written = write_brief(
        entity, vs=vs, out=out, check=check, since=since, generated=generated, db=db
    )
    console = Console(stderr=True)
    console.print(f"wrote {written}", highlight=False)
    if written.suffix.lower() == ".md":
        console.print(f"charts in {written.with_name(written.stem + '_charts')}", highlight=False)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--date") from None

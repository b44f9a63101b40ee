"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from powderkeg.cli.output import Format

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output: a table for people, json or csv for programs."),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Store file to use (default: $POWDERKEG_HOME/powderkeg.duckdb or the user data dir).",
        envvar="POWDERKEG_DB",
    ),
]
VintageOption = Annotated[
    str | None, typer.Option("--vintage", help="Pin one release (e.g. 2024); default: the latest.")
]

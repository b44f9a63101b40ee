"""`powderkeg check`: the numbers of an article, checked internally and against the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from powderkeg.cli.options import DbOption

_STYLE = {"consistent": "green", "inconsistent": "bold red", "unverifiable": "dim"}


def check(
    source: Annotated[
        str, typer.Argument(help="Article: a .txt/.md/.html file, a URL, or - for stdin.")
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json (the documented contract) or html.")
    ] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead.")] = None,
    db: DbOption = None,
) -> None:
    """Find every numeric claim of an article and check it: arithmetic inside the text and the data."""
    import json

    from powderkeg import api

    if fmt not in {"table", "json", "html"}:
        raise typer.BadParameter("use table, json or html", param_hint="--format")
    report = api.check_source(source, db=db)
    if fmt == "json":
        _write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n", out)
    elif fmt == "html":
        _write(api.annotated_article(report, title=f"Claims in {Path(source).name}"), out)
    else:
        console = Console(record=out is not None)
        console.print(_table(report))
        if out is not None:
            _write(console.export_text(), out)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        Console(stderr=True).print(f"wrote {out}")


def _table(report: object) -> Table:
    from powderkeg.cli.output import human_value

    table = Table(title="Checks", show_lines=True, header_style="bold")
    for column in ("claim", "check", "verdict", "stated", "recomputed", "explanation / evidence"):
        table.add_column(column, overflow="fold", no_wrap=column in {"check", "verdict"})
    text: str = report.text  # type: ignore[attr-defined]
    for check in report.checks:  # type: ignore[attr-defined]
        claims = " · ".join(text[start:end] for start, end in check.spans)
        evidence = "\n".join(
            f"{e.source}{f' [{e.vintage}]' if e.vintage else ''} {e.locator}"
            for e in check.evidence
        )
        table.add_row(
            claims,
            f"{check.kind} ({check.basis})",
            f"[{_STYLE[check.verdict]}]{check.verdict}[/]",
            "" if check.stated is None else human_value(check.stated, ""),
            "" if check.recomputed is None else human_value(check.recomputed, ""),
            check.explanation + (f"\n[dim]{evidence}[/dim]" if evidence else ""),
        )
    return table

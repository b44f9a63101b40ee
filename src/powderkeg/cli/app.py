"""The `powderkeg` command: a thin Typer wrapper over the Python API.

Command modules import the API inside each command, so `powderkeg --help` does not load pandas/DuckDB.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from powderkeg.cli import briefs, claims, data, demo, events, register, serve, spending
from powderkeg.errors import PowderkegError

app = typer.Typer(
    name="powderkeg",
    help="An observatory of militarization and escalation between states; every number traceable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command()(spending.spending)
app.command()(spending.compare)
app.command()(spending.explain)
app.command()(spending.cagr)
app.command()(spending.measures)
app.command()(data.sources)
app.command()(data.ingest)
app.command()(data.fetch)
app.command()(data.init)
app.command()(register.profile)
app.command()(register.timeline)
app.command()(register.transfers)
app.command()(register.dependency)
app.command()(register.add)
app.command()(register.remove)
app.command()(register.records)
app.command()(claims.check)
app.command()(briefs.brief)
app.command()(serve.serve)
app.command()(events.escalation)
app.command()(events.alerts)
app.command(hidden=True)(data.bundle)
app.command()(demo.demo)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; known errors print one message and exit with their code, never a traceback."""
    try:
        app(args=argv, prog_name="powderkeg")
    except SystemExit as done:  # Typer exits this way, also after usage errors (code 2)
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    except PowderkegError as error:
        Console(stderr=True).print(f"[bold red]error:[/bold red] {error}", highlight=False)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Commands about the store's contents: sources, ingest, fetch, init, bundle."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
)

from powderkeg.cli.options import DbOption, FormatOption, VintageOption
from powderkeg.cli.output import Format, emit, records

SOURCE_COLUMNS = ["source", "dataset", "vintage", "file_name", "values", "licence", "sha256"]


def sources(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """The raw files the store holds values from: publisher, release, licence, sha256."""
    from powderkeg import api

    frame = api.source_files(db=db)
    frame["sha256"] = frame["sha256"].str.slice(0, 12) if fmt is Format.table else frame["sha256"]
    emit(frame, fmt, columns=SOURCE_COLUMNS, title="Sources in the store")
    if fmt is Format.table:
        Console().print(f"Sources powderkeg can ingest: {', '.join(api.known_sources())}")


def ingest(
    source: Annotated[
        str,
        typer.Argument(
            help="sipri_milex, owid_grapher, wb_wdi, sipri_arms; ucdp_prio (conflict-years); "
            "gdelt (event files); ucdp_ged or acled_export (incidents)."
        ),
    ],
    paths: Annotated[list[Path], typer.Argument(help="The public file(s) as downloaded.")],
    vintage: VintageOption = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Load public files you have; the same file twice adds nothing, a new release adds a vintage."""
    from powderkeg import api
    from powderkeg.cli import events

    if source == "gdelt":
        events.ingest_gdelt(paths)
        return
    if source in {"ucdp_ged", "acled_export"}:
        events.ingest_incidents(events.IncidentSource(source), paths)
        return
    reports = []
    with _steps() as progress:
        for path in paths:
            task = progress.add_task(f"ingest {path.name}", total=None)
            step = _describer(progress, task)
            reports.append(api.ingest(source, path, vintage=vintage, db=db, progress=step))
    _report(reports, fmt)


def _describer(progress: Progress, task: TaskID) -> Callable[[str], None]:
    def describe(message: str) -> None:
        progress.update(task, description=message)

    return describe


def fetch(
    source: Annotated[str, typer.Argument(help="Source id to download and ingest (or gdelt).")],
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask the server for a newer file.")
    ] = False,
    start: Annotated[
        str | None, typer.Option("--from", help="gdelt: first day, YYYY-MM-DD.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="gdelt: last day, YYYY-MM-DD.")] = None,
    daily: Annotated[
        bool, typer.Option("--daily", help="gdelt: the daily GDELT 1.0 files, not 15-minute 2.0.")
    ] = False,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Download a source's public files (cached, retried) and ingest them."""
    from powderkeg import api
    from powderkeg.cli import events

    if source == "gdelt":
        if start is None or end is None:
            raise typer.BadParameter("gdelt needs --from and --to", param_hint="--from/--to")
        granularity = events.Granularity.daily if daily else events.Granularity.quarter_hour
        events.fetch_gdelt(start, end, granularity=granularity)
        return
    with Progress(
        TextColumn("download"), BarColumn(), DownloadColumn(), console=Console(stderr=True)
    ) as progress:
        task = progress.add_task("download", total=None)
        reports = api.fetch(
            source,
            refresh=refresh,
            db=db,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    _report(reports, fmt)


def init(
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Build (or complete) the store from the bundled offline extract."""
    from powderkeg import api

    added = api.rebuild(db=db)
    if fmt is Format.table:
        Console().print(f"Loaded {added:,} values from the bundled extract.")
    else:
        emit_rows = [{"values_added": added}]
        import pandas as pd

        emit(pd.DataFrame(emit_rows), fmt, columns=["values_added"])


def bundle(
    shared_data: Annotated[
        Path, typer.Argument(help="Folder with the public files (../shared/data).")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write (default: the package).")
    ] = None,
) -> None:
    """Rebuild the bundled offline extract from the public files (for maintainers)."""
    from powderkeg import api

    count, target = api.build_bundle(
        shared_data, out, progress=lambda name: Console(stderr=True).print(name)
    )
    Console().print(f"wrote {count:,} values to {target}")


def _steps() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), console=Console(stderr=True))


def _report(reports: Sequence[object], fmt: Format) -> None:
    import pandas as pd

    frame = pd.DataFrame([vars(report) for report in reports])
    if fmt is Format.table:
        for row in records(frame):
            Console().print(
                f"{row['source_id']} {Path(row['path']).name}: vintage {row['vintage']}, "
                f"{row['rows_read']:,} values read, {row['rows_added']:,} new"
            )
        return
    emit(frame, fmt, columns=list(frame.columns))

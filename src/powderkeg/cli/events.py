"""Commands about events: the escalation index of a pair, its alerts, and getting event files."""

from __future__ import annotations

import json
import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from powderkeg.cli.options import DbOption, FormatOption
from powderkeg.cli.output import Format, emit, records

if TYPE_CHECKING:
    import pandas as pd

# Index columns in the table view, under shorter headings.
INDEX_SHOWN = {
    "period": "period",
    "events": "events",
    "goldstein_mean": "goldstein",
    "material_conflict_share": "material conflict",
    "cooperation_share": "cooperation",
    "tone_mean": "tone",
    "composite": "composite",
    "incidents": "incidents",
}
ALERT_SHOWN = ["period", "pair", "metrics", "detail", "evidence"]


class Frequency(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class IncidentSource(StrEnum):
    ucdp_ged = "ucdp_ged"
    acled_export = "acled_export"


class Method(StrEnum):
    robust = "robust"
    ewma = "ewma"


FreqOption = Annotated[Frequency, typer.Option("--freq", help="Period: day, week or month.")]
EngineOption = Annotated[
    Engine, typer.Option("--engine", help="duckdb (in process) or spark (the spark extra).")
]
MasterOption = Annotated[
    str | None,
    typer.Option(
        "--master",
        help="Spark master, e.g. spark://host:7077 (default: $POWDERKEG_SPARK_MASTER or local[2]).",
        envvar="POWDERKEG_SPARK_MASTER",
    ),
]
EventsDirOption = Annotated[
    str | None,
    typer.Option(
        "--events-dir",
        help="GDELT events folder or URL, e.g. s3a://bucket/events "
        "(default: $POWDERKEG_HOME/events).",
        envvar="POWDERKEG_EVENTS_DIR",
    ),
]
NearOption = Annotated[
    float, typer.Option("--near-km", help="Incidents count within this distance of the border.")
]
SinceOption = Annotated[
    str | None, typer.Option("--since", "--from", help="First day: YYYY-MM-DD, YYYY-MM or YYYY.")
]


def escalation(
    a: Annotated[str, typer.Argument(help="First country: ISO3, ISO2 or name (e.g. XKX).")],
    b: Annotated[str, typer.Argument(help="Second country (e.g. SRB).")],
    freq: FreqOption = Frequency.week,
    engine: EngineOption = Engine.duckdb,
    master: MasterOption = None,
    since: SinceOption = None,
    until: Annotated[str | None, typer.Option("--to", help="Last day.")] = None,
    near_km: NearOption = 25.0,
    events_dir: EventsDirOption = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """How relations between two countries move: conflict vs cooperation, tone, border incidents."""
    from powderkeg.api import events as api

    frame = api.escalation(
        a,
        b,
        freq=freq.value,
        start=since,
        end=until,
        engine=engine.value,
        master=master,
        events_dir=events_dir,
        near_km=near_km,
        db=db,
    )
    _notes(frame)
    if fmt is not Format.table:
        emit(_dated(frame), fmt, columns=list(frame.columns))
        return
    shown = _with_data(frame)
    title = f"Escalation index {a} – {b}, per {freq.value} (higher composite = more escalation)"
    table = _rounded(_dated(shown)).rename(columns=INDEX_SHOWN)
    emit(table, fmt, columns=list(INDEX_SHOWN.values()), title=title)
    if len(shown) < len(frame):
        Console(stderr=True).print(f"{len(frame) - len(shown)} periods without data not shown")


def alerts(
    a: Annotated[str, typer.Argument(help="Country whose pairs to watch (default XKX).")] = "XKX",
    b: Annotated[
        str | None, typer.Argument(help="The other country; default: every partner of A.")
    ] = None,
    since: SinceOption = None,
    freq: FreqOption = Frequency.week,
    method: Annotated[
        Method, typer.Option("--method", help="robust (median/MAD) or ewma baseline.")
    ] = Method.robust,
    threshold: Annotated[
        float, typer.Option("--threshold", help="z-score that raises an alert.")
    ] = 3.5,
    window: Annotated[int, typer.Option("--window", help="Periods in the baseline.")] = 26,
    top: Annotated[int, typer.Option("--top", help="Events listed per alert.")] = 5,
    engine: EngineOption = Engine.duckdb,
    master: MasterOption = None,
    near_km: NearOption = 25.0,
    events_dir: EventsDirOption = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Periods where a pair breaks from its own history, each with the events behind it."""
    from powderkeg.api import events as api

    frame = api.alerts(
        a,
        b,
        since=since,
        freq=freq.value,
        method=method.value,
        threshold=threshold,
        window=window,
        top=top,
        engine=engine.value,
        master=master,
        events_dir=events_dir,
        near_km=near_km,
        db=db,
    )
    _notes(frame)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(_finite(records(_dated(frame))), ensure_ascii=False, indent=1))
        sys.stdout.write("\n")
    elif fmt is Format.csv:
        emit(_flat_alerts(_dated(frame)), fmt, columns=list(frame.columns))
    else:
        shown = _dated(frame).assign(
            pair=frame["a"].astype(str) + "–" + frame["b"].astype(str),
            evidence=frame["top_urls"].map(lambda urls: "\n".join(urls[:3])),
        )
        emit(shown, fmt, columns=ALERT_SHOWN, title=f"Alerts for {a}" + (f" – {b}" if b else ""))


def ingest_gdelt(
    paths: Annotated[list[Path], typer.Argument(help="GDELT export files (.export.CSV[.zip]).")],
    events_dir: Annotated[
        Path | None, typer.Option("--events-dir", help="Default: $POWDERKEG_HOME/events.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad file instead of skipping it.")
    ] = False,
) -> None:
    """Add GDELT event export files to the events folder; duplicates and bad files are counted."""
    from powderkeg.api import events as api

    report = api.ingest_events(paths, events_dir=events_dir, strict=strict)
    Console().print(report.summary(), highlight=False)


class Granularity(StrEnum):
    quarter_hour = "15min"
    daily = "daily"


def fetch_gdelt(
    start: Annotated[str, typer.Option("--from", help="First day (UTC), YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day (UTC), YYYY-MM-DD.")],
    granularity: Annotated[
        Granularity,
        typer.Option("--granularity", help="15min (GDELT 2.0) or daily (GDELT 1.0 files)."),
    ] = Granularity.quarter_hour,
    events_dir: Annotated[
        Path | None, typer.Option("--events-dir", help="Default: $POWDERKEG_HOME/events.")
    ] = None,
) -> None:
    """Download GDELT's event files for a date range (cached, resumable) and ingest them."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from powderkeg.api import events as api

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
    ) as progress:
        download = progress.add_task("download", total=None)
        ingest = progress.add_task("ingest", total=None, visible=False)
        report = api.fetch_events(
            start,
            end,
            granularity="daily" if granularity is Granularity.daily else "15min",
            events_dir=events_dir,
            on_download=lambda step: progress.update(
                download, completed=step.files_done, total=step.files_total
            ),
            on_ingest=lambda step: progress.update(
                ingest, completed=step.files_done, total=step.files_total, visible=True
            ),
        )
    Console().print(report.summary(), highlight=False)


def ingest_incidents(
    source: Annotated[IncidentSource, typer.Argument(help="ucdp_ged or acled_export.")],
    paths: Annotated[list[Path], typer.Argument(help="Event files (UCDP GED CSV, ACLED export).")],
) -> None:
    """Keep UCDP GED or your ACLED export's events as incidents for the escalation index."""
    from powderkeg.api import events as api

    chosen: api.IncidentSource = "ucdp_ged" if source is IncidentSource.ucdp_ged else "acled_export"
    report = api.ingest_incidents(paths, source=chosen)
    Console().print(report.summary(), highlight=False)


# --- printing -------------------------------------------------------------------------------------


def _notes(frame: pd.DataFrame) -> None:
    for note in frame.attrs.get("notes", []):
        Console(stderr=True).print(f"note: {note}", highlight=False)


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    """Periods as YYYY-MM-DD text, not midnight time stamps."""
    return frame.assign(period=frame["period"].dt.strftime("%Y-%m-%d"))


def _with_data(frame: pd.DataFrame) -> pd.DataFrame:
    has_events = frame["events"].fillna(0) > 0
    has_incidents = frame["incidents"].fillna(0) > 0
    return frame[has_events | has_incidents]


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    floats = frame.select_dtypes("float").columns
    return frame.assign(**{name: frame[name].round(3) for name in floats})


def _flat_alerts(frame: pd.DataFrame) -> pd.DataFrame:
    """List columns as text, for CSV: URLs joined by " | ", events and breaks as JSON."""
    return frame.assign(
        top_urls=frame["top_urls"].map(" | ".join),
        top_events=frame["top_events"].map(lambda value: json.dumps(_finite(value))),
        breaks=frame["breaks"].map(lambda value: json.dumps(_finite(value))),
    )


def _finite(value: Any) -> Any:
    """`value` with infinite floats (a break from a flat baseline) as null: JSON has no inf."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value

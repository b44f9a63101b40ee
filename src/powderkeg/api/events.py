"""Events and the escalation monitor: the dyad index, its alerts, and getting the event files.

GDELT events live as date-partitioned Parquet in the events folder (default
`$POWDERKEG_HOME/events`, see `ingest_events`); UCDP GED and ACLED events a user ingested live as
point files in the incidents folder (`$POWDERKEG_HOME/incidents`, see `ingest_incidents`); curated
incidents come from the register in the store. With no GDELT files the index still answers from
the incidents, its GDELT columns empty, and says so in `frame.attrs["notes"]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final, Literal

import httpx
import pandas as pd

from powderkeg.api.core import DbPath, entity_ids, opened
from powderkeg.errors import QueryError
from powderkeg.indicators import alerts as alert_rules
from powderkeg.indicators import escalation as index
from powderkeg.indicators import incidents
from powderkeg.indicators.monitor import NO_GDELT_NOTE, Monitor, within
from powderkeg.provenance import file_digest
from powderkeg.sources import acled_export, gdelt_events, gdelt_fetch, ucdp_ged
from powderkeg.sources.fetch import default_cache_dir, make_client
from powderkeg.store import engines, home_dir

EventsDir = Path | str | None
IncidentSource = Literal["ucdp_ged", "acled_export"]
DEFAULT_NEAR_KM: Final = 25.0
_PARSERS: Final = {"ucdp_ged": ucdp_ged.parse, "acled_export": acled_export.parse}
_POINTS: Final = {"ucdp_ged": incidents.ged_points, "acled_export": incidents.acled_points}
__all__ = [
    "NO_GDELT_NOTE",
    "EventsFetchReport",
    "IncidentIngestReport",
    "alerts",
    "default_events_dir",
    "default_incidents_dir",
    "escalation",
    "fetch_events",
    "ingest_events",
    "ingest_incidents",
]


def default_events_dir() -> Path:
    """Where GDELT events are kept: $POWDERKEG_HOME/events (or the user data dir's)."""
    return home_dir() / "events"


def default_incidents_dir() -> Path:
    """Where ingested UCDP GED and ACLED points are kept: $POWDERKEG_HOME/incidents."""
    return home_dir() / "incidents"


# --- the index ------------------------------------------------------------------------------------


def escalation(
    a: str,
    b: str,
    *,
    freq: str = "week",
    start: date | str | None = None,
    end: date | str | None = None,
    engine: str = "duckdb",
    master: str | None = None,
    events_dir: EventsDir = None,
    incidents_dir: Path | None = None,
    near_km: float = DEFAULT_NEAR_KM,
    root_only: bool = False,
    db: DbPath = None,
) -> pd.DataFrame:
    """The escalation index of a pair, one row per period from `start` to `end`.

    Columns: period, a, b, the GDELT metrics of powderkeg.indicators.escalation (events …
    composite), and incidents, incident_deaths, incident_sources within `near_km` of the
    pair's common border. Periods without events have events = 0 (within the span GDELT files
    cover) and empty metrics. `frame.attrs["notes"]` says what is missing.
    """
    first, second = entity_ids([a, b])
    chosen = index.check_freq(freq)
    span = (_as_date(start, "start"), _as_date(end, "end"))
    with _monitor(engine, master, events_dir, incidents_dir, near_km, db) as monitor:
        frame = monitor.pair_index(first, second, chosen, root_only=root_only)
    return within(frame, chosen, *span)


# --- alerts ---------------------------------------------------------------------------------------


def alerts(
    a: str,
    b: str | None = None,
    *,
    since: date | str | None = None,
    freq: str = "week",
    engine: str = "duckdb",
    master: str | None = None,
    events_dir: EventsDir = None,
    incidents_dir: Path | None = None,
    near_km: float = DEFAULT_NEAR_KM,
    method: Literal["robust", "ewma"] = "robust",
    threshold: float = 3.5,
    window: int = 26,
    min_history: int = 8,
    min_events: int = 5,
    top: int = 5,
    max_partners: int = 10,
    db: DbPath = None,
) -> pd.DataFrame:
    """Periods since `since` where the pair (or, without `b`, any pair with `a`) breaks from its baseline.

    One row per pair and period (powderkeg.indicators.alerts.ALERT_COLUMNS): the metrics that
    broke with value vs baseline and z-score, and the `top` events behind it (GDELT events by
    |Goldstein| × mentions with their SOURCEURL, then incidents near the border). Without `b`,
    the partners are the `max_partners` countries with most GDELT events with `a`, else the
    countries bordering `a` (incidents only). Rule parameters: powderkeg.indicators.alerts.
    """
    rule = alert_rules.AlertRule(method, threshold, window, min_history, min_events)
    chosen = index.check_freq(freq)
    first_day = _as_date(since, "since")
    (first,) = entity_ids([a])
    with _monitor(engine, master, events_dir, incidents_dir, near_km, db) as monitor:
        others = entity_ids([b]) if b else monitor.partners(first, max_partners, min_events)
        found = [
            monitor.pair_alerts(first, other, chosen, rule, since=first_day, top=top)
            for other in others
        ]
        notes = monitor.notes
    present = [frame for frame in found if not frame.empty]
    out = pd.concat(present, ignore_index=True) if present else alert_rules.empty_alerts()
    out = out.sort_values(["period", "severity"], ascending=[True, False], ignore_index=True)
    out.attrs["notes"] = notes
    return out


# --- getting events -------------------------------------------------------------------------------


def ingest_events(
    paths: Iterable[Path | str],
    *,
    events_dir: Path | None = None,
    progress: gdelt_events.Progress | None = None,
    strict: bool = False,
) -> gdelt_events.IngestReport:
    """Add GDELT export files (.export.CSV or .zip) to the events folder; duplicates skipped.

    A bad file is skipped and listed in the report (with `strict`, its error is raised).
    """
    target = events_dir or default_events_dir()
    files = [Path(path) for path in paths]
    _refuse_mixed_layouts(target, {gdelt_events.layout_of(path) for path in files})
    return gdelt_events.ingest_files(files, target, progress=progress, strict=strict)


@dataclass(frozen=True)
class EventsFetchReport:
    """A range download (what came, what GDELT lacks) and the ingest of what came."""

    fetched: gdelt_fetch.FetchReport
    ingested: gdelt_events.IngestReport

    def summary(self) -> str:
        return f"{self.fetched.summary()}\n{self.ingested.summary()}"


def fetch_events(
    start: date | str,
    end: date | str,
    *,
    granularity: gdelt_fetch.Granularity = "15min",
    client: httpx.Client | None = None,
    cache_dir: Path | None = None,
    events_dir: Path | None = None,
    on_download: Callable[[gdelt_fetch.FetchProgress], None] | None = None,
    on_ingest: gdelt_events.Progress | None = None,
) -> EventsFetchReport:
    """Download GDELT's export files for the days `start` … `end` (UTC) and ingest them.

    "15min": GDELT 2.0 quarter-hour files; "daily": GDELT 1.0 daily files (other event ids:
    keep them in another `events_dir`). Downloads are cached (a re-run resumes); files GDELT
    does not have are listed in the report, never fatal.
    """
    first, last = _as_date(start, "start"), _as_date(end, "end")
    if first is None or last is None:
        raise QueryError("fetching GDELT needs a first and a last day")
    target = events_dir or default_events_dir()
    layout = gdelt_events.GDELT_V1 if granularity == "daily" else gdelt_events.GDELT_V2
    _refuse_mixed_layouts(target, {layout})
    http = client or make_client()
    try:
        fetched = gdelt_fetch.fetch_range(
            first,
            last,
            client=http,
            cache_dir=cache_dir or default_cache_dir() / "gdelt",
            granularity=granularity,
            on_progress=on_download,
        )
    finally:
        if client is None:
            http.close()
    ingested = gdelt_events.ingest_files(fetched.paths, target, progress=on_ingest)
    return EventsFetchReport(fetched, ingested)


def _refuse_mixed_layouts(events_dir: Path, incoming: set[gdelt_events.Layout]) -> None:
    """GDELT 1.0 daily and 2.0 quarter-hour files give one event two ids: never mix them."""
    held = _held_layout(events_dir)
    mixed = incoming | ({held} if held is not None else set())
    if len(mixed) > 1:
        raise QueryError(
            f"{events_dir} would mix GDELT 1.0 daily and GDELT 2.0 15-minute files, which "
            "list the same events under other ids (counted twice): use another --events-dir"
        )


def _held_layout(events_dir: Path) -> gdelt_events.Layout | None:
    """The layout of the files already ingested into `events_dir`, from a part's file stamp."""
    for part in events_dir.glob(f"{engines.EVENT_PARTS_GLOB}"):
        stamp = part.name.removeprefix("part-").split("-", 1)[0]
        if stamp.isdigit() and len(stamp) in (8, 14):
            return gdelt_events.GDELT_V1 if len(stamp) == 8 else gdelt_events.GDELT_V2
    return None


@dataclass
class IncidentIngestReport:
    """What `ingest_incidents` kept: point files written, rows per file, files already there."""

    source: str
    written: list[Path] = field(default_factory=list)
    points: int = 0
    unchanged: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.source}: {len(self.written)} files ingested ({self.points:,} events), "
            f"{len(self.unchanged)} already there"
        )


def ingest_incidents(
    paths: Iterable[Path | str],
    *,
    source: IncidentSource,
    incidents_dir: Path | None = None,
) -> IncidentIngestReport:
    """Read UCDP GED or ACLED export files and keep their events as points for the index.

    A file is parsed whole first (a bad one raises its InputError and writes nothing); the points
    go to `<incidents_dir>/<source>/<sha256 prefix>.parquet`, so the same file twice adds nothing.
    ACLED data stay on this machine: powderkeg never sends or bundles them.
    """
    if source not in _PARSERS:
        raise QueryError(f"unknown incident source {source!r}; choose {', '.join(_PARSERS)}")
    folder = (incidents_dir or default_incidents_dir()) / source
    report = IncidentIngestReport(source)
    for path in map(Path, paths):
        target = folder / f"{file_digest(path)[:16]}.parquet"
        if target.exists():
            report.unchanged.append(target)
            continue
        points = _POINTS[source](_PARSERS[source](path).frame, file_name=path.name)
        incidents.write_points(points, target)
        report.written.append(target)
        report.points += len(points)
    return report


# --- what a question reads from ------------------------------------------------------------------


@contextmanager
def _monitor(
    engine: str,
    master: str | None,
    events_dir: EventsDir,
    incidents_dir: Path | None,
    near_km: float,
    db: DbPath,
) -> Iterator[Monitor]:
    """The GDELT events on `engine` (when any are ingested), the store and the incident points."""
    if engine not in engines.ENGINES:
        raise QueryError(f"unknown engine {engine!r}; choose one of {', '.join(engines.ENGINES)}")
    folder = events_dir if events_dir is not None else default_events_dir()
    events = None
    if engines.has_local_events(folder):
        events = engines.events_table(engines.open_engine(engine, master=master), folder)
    points = incidents.read_points(incidents_dir or default_incidents_dir())
    with opened(db) as store:
        yield Monitor(events, store, points, near_km=near_km)


def _as_date(value: date | str | None, name: str) -> date | None:
    """A date from a date or text "YYYY", "YYYY-MM" or "YYYY-MM-DD" (the first day it names)."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    padded = {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text)
    try:
        return date.fromisoformat(padded)
    except ValueError:
        raise QueryError(
            f"{name} must be a date YYYY-MM-DD (or YYYY-MM, YYYY), got {value!r}"
        ) from None

"""Download the GDELT event export files of a date range into the download cache.

Two kinds of file, chosen with `granularity`:

- `"15min"`: GDELT 2.0, one export every quarter hour,
  `http://data.gdeltproject.org/gdeltv2/YYYYMMDDHHMMSS.export.CSV.zip` (61 columns), from
  2015-02-18 23:00 UTC on. The URLs are built for every quarter hour of the range rather than
  read from the 100 MB master file list; with a client, `lastupdate.txt` tells which quarter
  hour was published last, and later ones are not asked for.
- `"daily"`: GDELT **1.0** daily files, `http://data.gdeltproject.org/events/YYYYMMDD.export.CSV.zip`,
  from 2013-04-01 on. They have 58 columns (no `*_ADM2Code`), DATEADDED is a day, and their
  events are not those of the 15-minute files under other IDs: do not mix both kinds in one
  event folder. `gdelt_events.ingest_files` reads them with the GDELT 1.0 layout (by name).
  A day's file appears the next morning, so days from today (UTC) on are not asked for.

Every file goes through `fetch.fetch` (cache first, retries, HTML and broken zips refused), so a
re-run downloads only what the cache lacks. A file GDELT does not have (404: the archive has
gaps) or that fails for another reason is listed in the report; neither stops the run.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Final, Literal

import httpx

from powderkeg.errors import FetchError, QueryError
from powderkeg.sources.fetch import Download, fetch

Granularity = Literal["15min", "daily"]

V2_BASE: Final = "http://data.gdeltproject.org/gdeltv2/"
V1_BASE: Final = "http://data.gdeltproject.org/events/"
LAST_UPDATE_URL: Final = V2_BASE + "lastupdate.txt"
FIRST_QUARTER_HOUR: Final = datetime(2015, 2, 18, 23, 0, tzinfo=UTC)
FIRST_DAY: Final = date(2013, 4, 1)
QUARTER_HOUR: Final = timedelta(minutes=15)

_EXPORT_STAMP: Final = re.compile(r"/(\d{14})\.export\.CSV\.zip\s*$", re.IGNORECASE)
_NOT_FOUND: Final = re.compile(r"\bHTTP 404\b")


@dataclass(frozen=True)
class MissingFile:
    """A file of the range that is not in the cache, and why."""

    url: str
    reason: str


@dataclass(frozen=True)
class FetchProgress:
    """Sent after each file of the range."""

    url: str
    files_done: int
    files_total: int
    ok: bool
    from_cache: bool


@dataclass
class FetchReport:
    """What a range download got: new files, cached files, missing (404) and failed ones."""

    urls: list[str]
    downloaded: list[Download] = field(default_factory=list)
    cached: list[Download] = field(default_factory=list)
    missing: list[MissingFile] = field(default_factory=list)  # GDELT answered 404
    failed: list[MissingFile] = field(default_factory=list)  # any other failure
    notes: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        """Local files of the range, in time order: what to ingest."""
        return sorted((item.path for item in [*self.downloaded, *self.cached]), key=_stamp_order)

    def summary(self) -> str:
        text = (
            f"{len(self.urls)} files in range: {len(self.downloaded)} downloaded, "
            f"{len(self.cached)} already cached, {len(self.missing)} missing on the server, "
            f"{len(self.failed)} failed"
        )
        lines = [text, *self.notes]
        lines += [f"missing {item.url}" for item in self.missing]
        lines += [f"failed {item.url}: {item.reason}" for item in self.failed]
        return "\n".join(lines)


def list_export_urls(
    start: date,
    end: date,
    *,
    granularity: Granularity,
    client: httpx.Client | None = None,
    now: datetime | None = None,
) -> list[str]:
    """The export URLs of the days `start` … `end` (inclusive, UTC) that GDELT can have.

    Quarter hours or days before the archive begins, or not yet published, are left out; with
    a `client`, GDELT's `lastupdate.txt` gives the last published quarter hour.
    """
    if start > end:
        raise QueryError(f"the range {start} … {end} ends before it starts")
    moment = now or datetime.now(UTC)
    if granularity == "daily":
        return [f"{V1_BASE}{day:%Y%m%d}.export.CSV.zip" for day in _days(start, end, moment)]
    if granularity != "15min":
        raise QueryError(f"granularity is '15min' or 'daily', not {granularity!r}")
    # Without lastupdate.txt, the quarter hour under way is assumed not yet published.
    latest = latest_quarter_hour(client) if client is not None else _floor(moment) - QUARTER_HOUR
    return [
        f"{V2_BASE}{stamp:%Y%m%d%H%M%S}.export.CSV.zip" for stamp in _quarters(start, end, latest)
    ]


def fetch_range(
    start: date,
    end: date,
    *,
    client: httpx.Client,
    cache_dir: Path,
    granularity: Granularity = "15min",
    on_progress: Callable[[FetchProgress], None] | None = None,
    retries: int = 3,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchReport:
    """Bring every export file of the range into `cache_dir`; list what GDELT does not have."""
    urls = list_export_urls(start, end, granularity=granularity, client=client)
    report = FetchReport(urls, notes=_range_notes(start, end, granularity, urls))
    for number, url in enumerate(urls, start=1):
        download = _fetch_one(url, client, cache_dir, retries, sleep, report)
        if on_progress is not None:
            ok, cached = download is not None, download is not None and download.from_cache
            on_progress(FetchProgress(url, number, len(urls), ok, cached))
    return report


def latest_quarter_hour(client: httpx.Client) -> datetime:
    """The time stamp of the newest GDELT 2.0 export, from `lastupdate.txt`."""
    try:
        response = client.get(LAST_UPDATE_URL)
    except httpx.HTTPError as error:
        raise FetchError(
            f"GET {LAST_UPDATE_URL} failed: {type(error).__name__}: {error}"
        ) from error
    if not response.is_success:
        raise FetchError(f"GET {LAST_UPDATE_URL} failed: HTTP {response.status_code}")
    for line in response.text.splitlines():
        found = _EXPORT_STAMP.search(line)
        if found is not None:
            return datetime.strptime(found.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    raise FetchError(f"{LAST_UPDATE_URL} names no export file: {response.text[:200]!r}")


# --- the range ------------------------------------------------------------------------------------


def _quarters(start: date, end: date, latest: datetime) -> list[datetime]:
    first = max(datetime(start.year, start.month, start.day, tzinfo=UTC), FIRST_QUARTER_HOUR)
    stop = min(
        datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1),
        latest + QUARTER_HOUR,
    )
    count = max(0, (stop - first) // QUARTER_HOUR)
    return [first + number * QUARTER_HOUR for number in range(count)]


def _days(start: date, end: date, moment: datetime) -> list[date]:
    first = max(start, FIRST_DAY)
    last = min(end, moment.astimezone(UTC).date() - timedelta(days=1))
    return [first + timedelta(days=number) for number in range(max(0, (last - first).days + 1))]


def _floor(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def _range_notes(start: date, end: date, granularity: Granularity, urls: list[str]) -> list[str]:
    begins = FIRST_QUARTER_HOUR.date() if granularity == "15min" else FIRST_DAY
    kind = "GDELT 2.0 15-minute" if granularity == "15min" else "GDELT 1.0 daily"
    notes = []
    if start < begins:
        notes.append(f"{kind} files begin on {begins}; earlier days were not asked for")
    if not urls:
        notes.append(f"no {kind} file is published yet for {start} … {end}")
    return notes


def _stamp_order(path: Path) -> str:
    return path.name.rsplit("_", 1)[-1]


# --- one file -------------------------------------------------------------------------------------


def _fetch_one(
    url: str,
    client: httpx.Client,
    cache_dir: Path,
    retries: int,
    sleep: Callable[[float], None],
    report: FetchReport,
) -> Download | None:
    try:
        download = fetch(
            url, client=client, cache_dir=cache_dir, expect="zip", retries=retries, sleep=sleep
        )
    except FetchError as error:
        reason = str(error)
        missing = MissingFile(url, reason)
        (report.missing if _NOT_FOUND.search(reason) else report.failed).append(missing)
        return None
    (report.cached if download.from_cache else report.downloaded).append(download)
    return download

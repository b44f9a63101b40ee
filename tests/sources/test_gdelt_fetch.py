"""GDELT range downloads against an in-memory server: URLs, resumable cache, missing files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from powderkeg.errors import FetchError, QueryError
from powderkeg.sources.gdelt_events import ingest_files
from powderkeg.sources.gdelt_fetch import (
    LAST_UPDATE_URL,
    FetchProgress,
    fetch_range,
    latest_quarter_hour,
    list_export_urls,
)

LATER = datetime(2030, 1, 1, tzinfo=UTC)
V2 = "http://data.gdeltproject.org/gdeltv2/"


def _last_update(stamp: str) -> bytes:
    return (
        f"150383 297a16b493de7cf6ca809a7cc31d0b93 {V2}{stamp}.export.CSV.zip\n"
        f"318084 bb27f78ba45f69a17ea6ed7755e9f8ff {V2}{stamp}.mentions.CSV.zip\n"
        f"10768507 ea8dde0beb0ba98810a92db068c0ce99 {V2}{stamp}.gkg.csv.zip\n"
    ).encode()


class Gdelt:
    """A MockTransport handler standing in for data.gdeltproject.org; logs the paths asked for."""

    def __init__(self, files: dict[str, Callable[[], httpx.Response]], last: str) -> None:
        self.files = files
        self.last = last
        self.asked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[-1]
        self.asked.append(name)
        if name == "lastupdate.txt":
            return httpx.Response(200, content=_last_update(self.last))
        reply = self.files.get(name)
        return reply() if reply is not None else httpx.Response(404, text="Not Found")

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


@pytest.fixture
def export_zip(fixtures: Path) -> bytes:
    return (fixtures / "gdelt_events" / "20240115103000.export.CSV.zip").read_bytes()


def _serve(content: bytes, status: int = 200) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(status, content=content)


def _no_wait(_seconds: float) -> None:
    return None


# --- the URLs of a range --------------------------------------------------------------------------


def test_a_day_has_96_quarter_hour_files() -> None:
    urls = list_export_urls(date(2024, 1, 15), date(2024, 1, 15), granularity="15min", now=LATER)
    assert len(urls) == 96
    assert urls[0] == f"{V2}20240115000000.export.CSV.zip"
    assert urls[-1] == f"{V2}20240115234500.export.CSV.zip"


def test_quarter_hours_after_the_last_update_are_not_asked_for() -> None:
    server = Gdelt({}, last="20240115101500")
    urls = list_export_urls(
        date(2024, 1, 15), date(2024, 1, 16), granularity="15min", client=server.client()
    )
    assert len(urls) == 42  # 00:00 … 10:15
    assert urls[-1] == f"{V2}20240115101500.export.CSV.zip"


def test_without_a_client_the_quarter_hour_under_way_is_left_out() -> None:
    now = datetime(2024, 1, 15, 10, 20, tzinfo=UTC)
    urls = list_export_urls(date(2024, 1, 15), date(2024, 1, 15), granularity="15min", now=now)
    assert urls[-1] == f"{V2}20240115100000.export.CSV.zip"


def test_gdelt_2_files_begin_on_18_february_2015() -> None:
    urls = list_export_urls(date(2015, 2, 1), date(2015, 2, 18), granularity="15min", now=LATER)
    assert [url.rsplit("/", 1)[1][:12] for url in urls] == [
        "201502182300",
        "201502182315",
        "201502182330",
        "201502182345",
    ]


def test_daily_files_are_gdelt_1_files_from_april_2013_up_to_yesterday() -> None:
    now = datetime(2024, 1, 16, 8, 0, tzinfo=UTC)
    assert list_export_urls(date(2013, 3, 31), date(2013, 4, 2), granularity="daily", now=now) == [
        "http://data.gdeltproject.org/events/20130401.export.CSV.zip",
        "http://data.gdeltproject.org/events/20130402.export.CSV.zip",
    ]
    recent = list_export_urls(date(2024, 1, 14), date(2024, 1, 20), granularity="daily", now=now)
    assert [url.rsplit("/", 1)[1] for url in recent] == [
        "20240114.export.CSV.zip",
        "20240115.export.CSV.zip",
    ]


def test_a_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(QueryError, match="ends before it starts"):
        list_export_urls(date(2024, 1, 2), date(2024, 1, 1), granularity="15min", now=LATER)


def test_unreadable_last_update_is_a_fetch_error() -> None:
    client = httpx.Client(
        transport=httpx.MockTransport(lambda _request: httpx.Response(200, text="maintenance"))
    )
    with pytest.raises(FetchError, match="names no export file"):
        latest_quarter_hour(client)
    failing = httpx.Client(transport=httpx.MockTransport(lambda _r: httpx.Response(503)))
    with pytest.raises(FetchError, match=f"GET {LAST_UPDATE_URL} failed: HTTP 503"):
        latest_quarter_hour(failing)


# --- downloading a range --------------------------------------------------------------------------


def test_range_download_lists_missing_and_failed_files_without_stopping(
    tmp_path: Path, export_zip: bytes
) -> None:
    server = Gdelt(
        {
            "20240115100000.export.CSV.zip": _serve(export_zip),
            "20240115101500.export.CSV.zip": _serve(b"<html><title>Error</title></html>"),
            "20240115103000.export.CSV.zip": _serve(export_zip),
            "20240115104500.export.CSV.zip": _serve(b"", status=500),
        },
        last="20240115104500",
    )
    start = date(2024, 1, 15)
    report = fetch_range(
        start, start, client=server.client(), cache_dir=tmp_path, sleep=_no_wait, retries=1
    )
    assert len(report.urls) == 44
    assert [item.url.rsplit("/", 1)[1][:12] for item in report.downloaded] == [
        "202401151000",
        "202401151030",
    ]
    assert len(report.missing) == 40
    assert all("HTTP 404" in item.reason for item in report.missing)
    failed = {item.url.rsplit("/", 1)[1][:12]: item.reason for item in report.failed}
    assert "HTML page" in failed["202401151015"]
    assert "HTTP 500" in failed["202401151045"]
    assert "2 downloaded, 0 already cached, 40 missing on the server, 2 failed" in report.summary()


def test_range_download_resumes_from_the_cache(tmp_path: Path, export_zip: bytes) -> None:
    files = {
        "20240115000000.export.CSV.zip": _serve(export_zip),
        "20240115001500.export.CSV.zip": _serve(export_zip),
    }
    day = date(2024, 1, 15)
    first = Gdelt(files, last="20240115001500")
    fetch_range(day, day, client=first.client(), cache_dir=tmp_path)
    again = Gdelt(files, last="20240115001500")
    report = fetch_range(day, day, client=again.client(), cache_dir=tmp_path)
    assert again.asked == ["lastupdate.txt"]  # nothing downloaded twice
    assert (len(report.downloaded), len(report.cached)) == (0, 2)


def test_range_download_reports_progress_per_file(tmp_path: Path, export_zip: bytes) -> None:
    server = Gdelt({"20240115000000.export.CSV.zip": _serve(export_zip)}, last="20240115001500")
    seen: list[FetchProgress] = []
    day = date(2024, 1, 15)
    fetch_range(day, day, client=server.client(), cache_dir=tmp_path, on_progress=seen.append)
    assert [(step.files_done, step.files_total, step.ok) for step in seen] == [
        (1, 2, True),
        (2, 2, False),
    ]


def test_downloaded_files_ingest_in_time_order(tmp_path: Path, export_zip: bytes) -> None:
    server = Gdelt(
        {
            "20240115001500.export.CSV.zip": _serve(export_zip),
            "20240115000000.export.CSV.zip": _serve(export_zip),
        },
        last="20240115001500",
    )
    day = date(2024, 1, 15)
    report = fetch_range(day, day, client=server.client(), cache_dir=tmp_path / "cache")
    assert [path.name.rsplit("_", 1)[1] for path in report.paths] == [
        "20240115000000.export.CSV.zip",
        "20240115001500.export.CSV.zip",
    ]
    ingested = ingest_files(report.paths, tmp_path / "events")
    assert (ingested.rows_written, ingested.duplicates_skipped) == (3, 3)
    assert [part.name for result in ingested.files for part in result.parts] == [
        "part-20240115000000-0.parquet"
    ]


def test_range_before_the_archive_is_noted(tmp_path: Path) -> None:
    server = Gdelt({}, last="20240115001500")
    report = fetch_range(
        date(2014, 1, 1), date(2014, 1, 2), client=server.client(), cache_dir=tmp_path
    )
    assert report.urls == []
    assert report.notes[0] == (
        "GDELT 2.0 15-minute files begin on 2015-02-18; earlier days were not asked for"
    )

"""GDELT event exports into partitioned Parquet: layout, types, dedupe, bad input, atomic writes."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from powderkeg.errors import FormatError
from powderkeg.sources import gdelt_events
from powderkeg.sources.gdelt_events import (
    COLUMNS_V1,
    COLUMNS_V2,
    EVENT_SCHEMA,
    GDELT_V1,
    GDELT_V2,
    IngestProgress,
    ingest_files,
    iter_chunks,
    layout_of,
    read_events,
    replace_bad_bytes,
    scan_events,
)

FIRST = "20240115101500.export.CSV"  # 4 events, plain
SECOND = "20240115103000.export.CSV.zip"  # 3 events, zipped; repeats event 1190000004
THIRD = "20240116000000.export.CSV"  # 2 events of the next day; one invalid UTF-8 byte


@pytest.fixture
def folder(fixtures: Path) -> Path:
    return fixtures / "gdelt_events"


@pytest.fixture
def lines(folder: Path) -> list[bytes]:
    """The lines of the first fixture, without line ends."""
    return (folder / FIRST).read_bytes().splitlines()


def _with(line: bytes, **cells: str) -> bytes:
    """`line` with some cells (by GDELT 2.0 column name) replaced."""
    values = line.split(b"\t")
    for name, value in cells.items():
        values[COLUMNS_V2.index(name)] = value.encode("utf-8")
    return b"\t".join(values)


def _write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def _ids(out: Path) -> list[int]:
    return sorted(scan_events(out).select("GLOBALEVENTID").collect().to_series().to_list())


def _files(out: Path) -> list[str]:
    return sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())


# --- layout ---------------------------------------------------------------------------------------


def test_columns_follow_the_published_gdelt_2_header(shared_data: Path) -> None:
    header = shared_data / "gdelt" / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"
    with header.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["tableId", "dataType"]
    assert tuple(row[0] for row in rows[1:]) == COLUMNS_V2
    assert len(COLUMNS_V2) == 61


def test_codes_are_kept_as_strings_as_the_codebook_advises(shared_data: Path) -> None:
    header = shared_data / "gdelt" / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"
    with header.open(encoding="utf-8", errors="replace", newline="") as handle:
        declared = {row[0]: row[1] for row in csv.reader(handle)}
    for name in ("EventCode", "EventBaseCode", "EventRootCode", "Actor1Code", "SOURCEURL"):
        assert declared[name] == "STRING"
        assert EVENT_SCHEMA[name] == pl.String()


def test_gdelt_1_daily_layout_lacks_only_the_adm2_columns() -> None:
    assert len(COLUMNS_V1) == 58
    assert set(COLUMNS_V2) - set(COLUMNS_V1) == {
        "Actor1Geo_ADM2Code",
        "Actor2Geo_ADM2Code",
        "ActionGeo_ADM2Code",
    }


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("20240115101500.export.CSV.zip", GDELT_V2),
        ("20240115101500.export.CSV", GDELT_V2),
        ("20240115.export.CSV.zip", GDELT_V1),
        ("data.gdeltproject.org_0a1b2c3d4e5f_20240115.export.CSV.zip", GDELT_V1),
        ("events.tsv", GDELT_V2),
    ],
)
def test_layout_is_chosen_by_the_file_name(name: str, layout: object) -> None:
    assert layout_of(Path(name)) is layout


# --- what is kept ---------------------------------------------------------------------------------


def test_read_events_keeps_leading_zeros_of_event_codes(folder: Path) -> None:
    events = read_events(folder / FIRST)
    first = events.row(0, named=True)
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == (
        "010",
        "010",
        "01",
    )
    assert events.schema == EVENT_SCHEMA


def test_read_events_types_dates_and_turns_empty_cells_into_nulls(folder: Path) -> None:
    events = read_events(folder / FIRST)
    fourth = events.row(3, named=True)
    assert fourth["SQLDATE"] == date(2023, 12, 15)
    assert fourth["DATEADDED"] == datetime(2024, 1, 15, 10, 15, tzinfo=UTC)
    assert fourth["Actor1CountryCode"] is None
    assert fourth["Actor2Code"] is None
    assert fourth["GoldsteinScale"] == -10.0
    assert events["IsRootEvent"].to_list() == [True, False, True, False]


def test_fast_and_careful_readers_give_the_same_rows(folder: Path) -> None:
    fast = read_events(folder / FIRST)
    careful = pl.concat([chunk.frame for chunk in iter_chunks(folder / FIRST, chunk_bytes=400)])
    assert careful.equals(fast)


def test_gdelt_1_daily_file_is_read_with_58_columns(
    folder: Path, tmp_path: Path, lines: list[bytes]
) -> None:
    adm2 = {COLUMNS_V2.index(name) for name in set(COLUMNS_V2) - set(COLUMNS_V1)}
    daily = []
    for line in lines:
        cells = _with(line, DATEADDED="20240115").split(b"\t")
        daily.append(b"\t".join(cell for number, cell in enumerate(cells) if number not in adm2))
    events = read_events(_write(tmp_path / "20240115.export.CSV", daily))
    assert events.height == 4
    assert events["DATEADDED"].unique().to_list() == [datetime(2024, 1, 15, tzinfo=UTC)]
    same = read_events(folder / FIRST).drop("DATEADDED")
    assert events.drop("DATEADDED").equals(same)  # the columns after the ADM2 gaps line up


# --- ingest ---------------------------------------------------------------------------------------


def test_ingest_partitions_by_day_of_dateadded(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    ingest_files([folder / FIRST, folder / SECOND, folder / THIRD], out)
    assert _files(out) == [
        "day=2024-01-15/part-20240115101500-0.parquet",
        "day=2024-01-15/part-20240115103000-0.parquet",
        "day=2024-01-16/part-20240116000000-0.parquet",
    ]
    events = scan_events(out).collect()
    assert events.filter(pl.col("day") == date(2024, 1, 16))["GLOBALEVENTID"].sort().to_list() == [
        1190000007,
        1190000008,
    ]


def test_scan_of_an_empty_folder_has_the_event_columns(tmp_path: Path) -> None:
    events = scan_events(tmp_path).collect()
    assert events.height == 0
    assert events.schema == pl.Schema({**EVENT_SCHEMA, "day": pl.Date()})


def test_ingest_writes_only_the_kept_columns(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    report = ingest_files([folder / FIRST], out)
    written = pl.read_parquet(report.files[0].parts[0])
    assert written.schema == EVENT_SCHEMA
    assert written["EventCode"].to_list() == ["010", "1724", "036", "190"]


def test_ingest_keeps_an_event_repeated_across_files_once(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    report = ingest_files([folder / FIRST, folder / SECOND, folder / THIRD], out)
    assert (report.rows_read, report.rows_written, report.duplicates_skipped) == (9, 8, 1)
    assert _ids(out) == list(range(1190000001, 1190000009))


def test_ingest_again_adds_nothing(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    paths = [folder / FIRST, folder / SECOND, folder / THIRD]
    ingest_files(paths, out)
    before = _files(out)
    again = ingest_files(paths, out)
    assert (again.rows_read, again.rows_written, again.duplicates_skipped) == (9, 0, 9)
    assert _files(out) == before


def test_ingest_dedupes_against_parts_written_by_an_earlier_run(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "events"
    ingest_files([folder / FIRST], out)
    later = ingest_files([folder / SECOND], out)
    assert (later.rows_written, later.duplicates_skipped) == (2, 1)


def test_ingest_dedupes_within_one_file(tmp_path: Path, lines: list[bytes]) -> None:
    report = ingest_files([_write(tmp_path / FIRST, [*lines, lines[0]])], tmp_path / "events")
    assert (report.rows_read, report.rows_written, report.duplicates_skipped) == (5, 4, 1)


def test_invalid_utf8_byte_is_replaced_and_counted(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    report = ingest_files([folder / THIRD], out)
    assert report.bad_bytes_replaced == 1
    url = scan_events(out).filter(pl.col("GLOBALEVENTID") == 1190000007).collect()["SOURCEURL"][0]
    assert url.endswith("/šir\ufffda-granica")


def test_invalid_utf8_byte_inside_a_zip_is_replaced_and_counted(
    folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "20240116000000.export.CSV.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / THIRD, arcname=THIRD)
    report = ingest_files([path], tmp_path / "events")
    assert (report.rows_written, report.bad_bytes_replaced) == (2, 1)


def test_replace_bad_bytes_counts_each_invalid_byte() -> None:
    assert replace_bad_bytes(b"a\xff\xfeb\xc5\xa1") == ("a\ufffd\ufffdbš".encode(), 2)


def test_ingest_reports_progress_after_each_file(folder: Path, tmp_path: Path) -> None:
    seen: list[IngestProgress] = []
    ingest_files([folder / FIRST, folder / SECOND], tmp_path / "events", progress=seen.append)
    assert [
        (step.path.name, step.files_done, step.files_total, step.rows_read) for step in seen
    ] == [
        (FIRST, 1, 2, 4),
        (SECOND, 2, 2, 7),
    ]


@pytest.mark.parametrize(
    "day_of",
    [
        lambda number: 10 + number * 3 // 200,  # in DATEADDED order: runs of one day are sliced
        lambda number: 10 + number % 3,  # interleaved: more runs than are worth slicing
    ],
)
def test_events_of_many_days_land_in_their_days(
    tmp_path: Path, lines: list[bytes], day_of: Callable[[int], int]
) -> None:
    rows = [
        _with(lines[0], GLOBALEVENTID=str(1000 + number), DATEADDED=f"202401{day_of(number)}120000")
        for number in range(200)
    ]
    out = tmp_path / "events"
    report = ingest_files([_write(tmp_path / "mixed.export.CSV", rows)], out)
    assert report.rows_written == 200
    days = scan_events(out).group_by("day").len().sort("day").collect()
    assert days["day"].to_list() == [date(2024, 1, 10), date(2024, 1, 11), date(2024, 1, 12)]
    assert sorted(days["len"].to_list()) == [66, 67, 67]
    assert {path.name for path in out.rglob("*.parquet")} == {"part-mixed-export-0.parquet"}


# --- bad input ------------------------------------------------------------------------------------


def _skipped(path: Path, out: Path) -> str:
    report = ingest_files([path], out)
    assert report.files == []
    assert [bad.path for bad in report.bad_files] == [path]
    assert _files(out) == []  # nothing half-written, no staging left behind
    return report.bad_files[0].reason


def test_file_with_58_columns_is_skipped_naming_the_line(
    tmp_path: Path, lines: list[bytes]
) -> None:
    short = [b"\t".join(line.split(b"\t")[:58]) for line in lines]
    reason = _skipped(_write(tmp_path / FIRST, short), tmp_path / "events")
    assert reason.startswith("line 1: 58 columns where a GDELT 2.0 export has 61")


def test_strict_ingest_raises_format_error_naming_file_and_line(
    tmp_path: Path, lines: list[bytes]
) -> None:
    path = _write(tmp_path / FIRST, [lines[0], lines[1], b"\t".join(lines[2].split(b"\t")[:58])])
    with pytest.raises(FormatError) as raised:
        ingest_files([path], tmp_path / "events", strict=True)
    assert (raised.value.path, raised.value.where) == (str(path), "line 3")


def test_surplus_cell_in_the_middle_of_a_file_is_named(tmp_path: Path, lines: list[bytes]) -> None:
    shifted = _with(lines[1], Actor1Name="KOSOVO\tPOLICE")
    reason = _skipped(_write(tmp_path / FIRST, [lines[0], shifted, lines[2]]), tmp_path / "e")
    assert reason.startswith("line 2: 62 columns")


def test_line_missing_its_last_cell_is_named(tmp_path: Path, lines: list[bytes]) -> None:
    cut = lines[3].rsplit(b"\t", 1)[0]
    reason = _skipped(_write(tmp_path / FIRST, [*lines[:3], cut]), tmp_path / "events")
    assert reason.startswith("line 4: 60 columns")


def test_filled_surplus_cell_at_line_end_is_named(tmp_path: Path, lines: list[bytes]) -> None:
    reason = _skipped(_write(tmp_path / FIRST, [lines[0], lines[1] + b"\tx"]), tmp_path / "e")
    assert reason.startswith("line 2: 62 columns")


def test_empty_surplus_cell_at_line_end_is_tolerated(tmp_path: Path, lines: list[bytes]) -> None:
    report = ingest_files(
        [_write(tmp_path / FIRST, [line + b"\t" for line in lines])], tmp_path / "e"
    )
    assert report.rows_written == 4


def test_empty_source_url_is_accepted(tmp_path: Path, lines: list[bytes]) -> None:
    events = read_events(_write(tmp_path / FIRST, [_with(lines[0], SOURCEURL=""), *lines[1:]]))
    assert events["SOURCEURL"].null_count() == 1
    assert events.height == 4


def test_unparsable_number_is_named_with_line_and_column(
    tmp_path: Path, lines: list[bytes]
) -> None:
    bad = _with(lines[2], NumMentions="two")
    reason = _skipped(_write(tmp_path / FIRST, [lines[0], lines[1], bad]), tmp_path / "events")
    assert reason == "line 3: NumMentions is not Int32: 'two'"


def test_impossible_event_date_is_named(tmp_path: Path, lines: list[bytes]) -> None:
    reason = _skipped(
        _write(tmp_path / FIRST, [_with(lines[0], SQLDATE="20240230")]), tmp_path / "e"
    )
    assert reason == "line 1: SQLDATE is not a valid date: '20240230'"


def test_line_numbers_count_across_chunks(tmp_path: Path, lines: list[bytes]) -> None:
    path = _write(tmp_path / FIRST, [*lines, *lines[:2], _with(lines[2], DATEADDED="")])
    with pytest.raises(FormatError) as raised:
        list(iter_chunks(path, chunk_bytes=500))
    assert raised.value.where == "line 7"
    assert "DATEADDED is empty" in raised.value.message


def test_truncated_zip_is_skipped(folder: Path, tmp_path: Path) -> None:
    whole = (folder / SECOND).read_bytes()
    path = tmp_path / SECOND
    path.write_bytes(whole[: len(whole) // 2])
    assert _skipped(path, tmp_path / "events").startswith("truncated or corrupt zip archive")


def test_zip_with_a_corrupt_member_is_skipped(folder: Path, tmp_path: Path) -> None:
    whole = bytearray((folder / SECOND).read_bytes())
    whole[60:64] = b"\x00\x00\x00\x00"  # inside the compressed data
    path = tmp_path / SECOND
    path.write_bytes(bytes(whole))
    assert _skipped(path, tmp_path / "events").startswith("truncated or corrupt zip archive")


def test_html_page_saved_as_zip_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / SECOND
    path.write_bytes(b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>\n")
    assert "HTML" in _skipped(path, tmp_path / "events")


def test_zip_holding_two_files_is_skipped(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / SECOND
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.export.CSV", (folder / FIRST).read_bytes())
        archive.writestr("b.export.CSV", (folder / FIRST).read_bytes())
    assert _skipped(path, tmp_path / "events").startswith("a GDELT export zip holds one file")


def test_bad_file_among_good_ones_costs_only_itself(folder: Path, tmp_path: Path) -> None:
    html = tmp_path / "20240115104500.export.CSV.zip"
    html.write_bytes(b"<html><body>Service unavailable</body></html>")
    report = ingest_files([folder / FIRST, html, folder / THIRD], tmp_path / "events")
    assert (report.files_read, len(report.bad_files), report.rows_written) == (2, 1, 6)
    assert "1 skipped" in report.summary()


# --- atomic writes --------------------------------------------------------------------------------


def test_run_killed_while_placing_parts_is_completed_by_a_rerun(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "events"
    place = gdelt_events._place
    calls = {"n": 0}

    def dies_on_second(*args: object, **kwargs: object) -> Path:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return place(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gdelt_events, "_place", dies_on_second)
    with pytest.raises(KeyboardInterrupt):
        ingest_files([folder / FIRST, folder / SECOND, folder / THIRD], out)
    assert _files(out) == ["day=2024-01-15/part-20240115101500-0.parquet"]
    monkeypatch.setattr(gdelt_events, "_place", place)
    rerun = ingest_files([folder / FIRST, folder / SECOND, folder / THIRD], out)
    assert (rerun.rows_written, rerun.duplicates_skipped) == (4, 5)
    assert _ids(out) == list(range(1190000001, 1190000009))


def test_staging_left_by_a_killed_run_is_ignored_and_removed(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    stale = out / ".staging-killed" / "day=2024-01-15"
    stale.mkdir(parents=True)
    read_events(folder / FIRST).write_parquet(stale / "000000.parquet.part")
    ingest_files([folder / THIRD], out)
    assert not (out / ".staging-killed").exists()
    assert _ids(out) == [1190000007, 1190000008]


def test_a_full_disk_is_not_mistaken_for_a_bad_file(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(_frame: pl.DataFrame, _path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gdelt_events, "_write_part", no_space)
    with pytest.raises(OSError, match="No space left"):
        ingest_files([folder / THIRD], tmp_path / "events")


def test_large_zip_member_is_unpacked_to_disk(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gdelt_events, "_IN_MEMORY_MEMBER", 10)
    report = ingest_files([folder / SECOND], tmp_path / "events")
    assert report.rows_written == 3
    assert _files(tmp_path / "events") == ["day=2024-01-15/part-20240115103000-0.parquet"]


def test_zipped_and_plain_copies_of_a_file_give_the_same_events(
    folder: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(folder / SECOND) as archive:
        plain = archive.read(archive.namelist()[0])
    path = tmp_path / SECOND.removesuffix(".zip")
    path.write_bytes(plain)
    assert read_events(path).equals(read_events(folder / SECOND))

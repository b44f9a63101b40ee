"""GDELT event export files, streamed into date-partitioned Parquet with one row per event.

An export file is tab-separated UTF-8 text without a header and without quoting, one event per
line: 61 columns in GDELT 2.0 (`YYYYMMDDHHMMSS.export.CSV[.zip]`, one file every 15 minutes),
58 in the GDELT 1.0 daily files (`YYYYMMDD.export.CSV[.zip]`: no `*_ADM2Code` columns, and
DATEADDED is a day). The layout is chosen by the file name (`layout_of`). Only the 22 columns
the escalation index uses are kept (`EVENT_SCHEMA`); codes stay strings ("010", not 10); empty
cells become nulls.

`ingest_files` writes

    out_dir/day=YYYY-MM-DD/part-<file stamp>-<n>.parquet

where the day is the UTC day of DATEADDED. A 15-minute file lands whole in one partition, and
GDELT exports an event once, in the update that first saw it, so the same GLOBALEVENTID always
falls in the same partition: events are deduplicated against the part files already in that
partition (their ID column is the index) and across the files of a run.

Each file is first parsed into a hidden staging folder inside `out_dir`, then checked, and only
then moved into place, part by part (each rename is atomic). A bad file, or one interrupted
while being parsed, leaves nothing behind; a run killed while moving parts leaves complete parts
only, and re-running the same files completes it and adds nothing twice.

Two readers produce the same rows. The fast one hands the whole file to Polars' streaming CSV
reader (projection: only the kept columns are converted), takes its rows in batches, and
suspects anything unusual: a
surplus cell, a missing SOURCEURL (which a short line also leaves), a missing ID or date, a
value that does not parse, bytes that are not UTF-8. A suspected file is read again by the
careful reader, chunk by chunk, which counts the separators of every chunk, replaces invalid
UTF-8 bytes by U+FFFD (and counts them), and names the file and line of the first problem.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

import polars as pl

from powderkeg.errors import FormatError, InputError
from powderkeg.provenance import SourceCard

SOURCE_ID: Final = "gdelt_events"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="GDELT Event Database 2.0",
    publisher="The GDELT Project",
    title="GDELT 2.0 event export files (15-minute updates)",
    url="https://www.gdeltproject.org/data.html#rawdatafiles",
    licence="GDELT terms of use: free for unrestricted use and redistribution, with citation",
    citation="The GDELT Project, GDELT 2.0 Event Database, https://www.gdeltproject.org/",
)

# The 61 columns of a GDELT 2.0 export, in file order (GDELT 2.0 Event Codebook, Sep 2016).
COLUMNS_V2: Final = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
# GDELT 1.0 daily files (from 2013-04-01) have the same columns without the three ADM2 codes.
COLUMNS_V1: Final = tuple(name for name in COLUMNS_V2 if not name.endswith("_ADM2Code"))

_OUTPUT_TYPES: Final[dict[str, pl.DataType]] = {
    "GLOBALEVENTID": pl.Int64(),
    "SQLDATE": pl.Date(),
    "Actor1Code": pl.String(),
    "Actor1CountryCode": pl.String(),
    "Actor2Code": pl.String(),
    "Actor2CountryCode": pl.String(),
    "IsRootEvent": pl.Boolean(),
    "EventCode": pl.String(),
    "EventBaseCode": pl.String(),
    "EventRootCode": pl.String(),
    "QuadClass": pl.Int8(),
    "GoldsteinScale": pl.Float64(),
    "NumMentions": pl.Int32(),
    "NumSources": pl.Int32(),
    "NumArticles": pl.Int32(),
    "AvgTone": pl.Float64(),
    "ActionGeo_Type": pl.Int8(),
    "ActionGeo_CountryCode": pl.String(),
    "ActionGeo_Lat": pl.Float64(),
    "ActionGeo_Long": pl.Float64(),
    "DATEADDED": pl.Datetime("us", "UTC"),
    "SOURCEURL": pl.String(),
}
# The kept columns, in this order and with these types, in every Parquet part.
EVENT_SCHEMA: Final = pl.Schema(_OUTPUT_TYPES)
PARTITION_KEY: Final = "day"

Progress = Callable[["IngestProgress"], None]

# Dates and the root flag are read as text or small integers and converted after parsing.
_READ_TYPES: Final[dict[str, pl.DataType]] = {
    **_OUTPUT_TYPES,
    "SQLDATE": pl.String(),
    "IsRootEvent": pl.Int8(),
    "DATEADDED": pl.String(),
}
_REQUIRED: Final = ("GLOBALEVENTID", "SQLDATE", "DATEADDED")
_SURPLUS: Final = "_surplus_cell"  # an extra schema column: filled only when a line is too long
_CHUNK_BYTES: Final = 32 * 1024 * 1024
_BATCH_ROWS: Final = 200_000  # rows per batch of the fast reader
_BUFFER_ROWS: Final = 400_000  # rows held in memory before staged parts are written
_MAX_RUNS: Final = 64  # runs of one day in a batch that are sliced rather than regrouped
_ID_CACHE: Final = 16_000_000  # event IDs kept in memory (8 bytes each)
_IN_MEMORY_MEMBER: Final = 64 * 1024 * 1024  # larger zip members are unpacked to disk first
_HTML_STARTS: Final = (b"<!doctype", b"<html", b"<head", b"<body", b"<?xml")
_ZIP_MAGIC: Final = b"PK\x03\x04"
_STAMP: Final = re.compile(r"(?<!\d)(\d{14}|\d{8})\.export\.csv(?:\.zip)?$", re.IGNORECASE)
_UNSAFE: Final = re.compile(r"[^A-Za-z0-9_-]+")
_ESCAPED: Final = re.compile("[\udc80-\udcff]")
_ZIP_ERRORS: Final = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)
_STAGING_PREFIX: Final = ".staging-"
_STAGED_SUFFIX: Final = ".parquet.part"


@dataclass(frozen=True)
class Layout:
    """The column layout of one kind of export file."""

    name: str
    columns: tuple[str, ...]
    date_added_format: str

    @property
    def kept(self) -> list[int]:
        """Positions of the EVENT_SCHEMA columns, in EVENT_SCHEMA order."""
        return [self.columns.index(name) for name in EVENT_SCHEMA]

    def read_schema(self) -> dict[str, pl.DataType]:
        return {name: _READ_TYPES.get(name, pl.String()) for name in self.columns}


GDELT_V2: Final = Layout("GDELT 2.0 export", COLUMNS_V2, "%Y%m%d%H%M%S")
GDELT_V1: Final = Layout("GDELT 1.0 daily export", COLUMNS_V1, "%Y%m%d")


def layout_of(path: Path) -> Layout:
    """GDELT 1.0 for `YYYYMMDD.export.CSV[.zip]` (the daily files), else GDELT 2.0."""
    found = _STAMP.search(path.name)
    return GDELT_V1 if found is not None and len(found.group(1)) == 8 else GDELT_V2


# --- reports --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileResult:
    """What one source file contributed."""

    path: Path
    layout: str
    rows_read: int
    rows_written: int
    duplicates: int
    bad_bytes: int
    parts: tuple[Path, ...]


@dataclass(frozen=True)
class BadFile:
    """A file skipped as a whole: nothing of it was written."""

    path: Path
    reason: str


@dataclass(frozen=True)
class IngestProgress:
    """Sent after each file, read or skipped."""

    path: Path
    files_done: int
    files_total: int
    rows_read: int


@dataclass
class IngestReport:
    """Files read and skipped, rows read and written, duplicates and bad bytes."""

    out_dir: Path
    files: list[FileResult] = field(default_factory=list)
    bad_files: list[BadFile] = field(default_factory=list)

    @property
    def files_read(self) -> int:
        return len(self.files)

    @property
    def rows_read(self) -> int:
        return sum(result.rows_read for result in self.files)

    @property
    def rows_written(self) -> int:
        return sum(result.rows_written for result in self.files)

    @property
    def duplicates_skipped(self) -> int:
        return sum(result.duplicates for result in self.files)

    @property
    def bad_bytes_replaced(self) -> int:
        return sum(result.bad_bytes for result in self.files)

    def summary(self) -> str:
        text = (
            f"{self.files_read} files read, {len(self.bad_files)} skipped; "
            f"{self.rows_read:,} rows read, {self.rows_written:,} written, "
            f"{self.duplicates_skipped:,} duplicates skipped, "
            f"{self.bad_bytes_replaced:,} bad bytes replaced"
        )
        return "\n".join([text, *(f"skipped {bad.path}: {bad.reason}" for bad in self.bad_files)])


# --- public API -----------------------------------------------------------------------------------


def read_events(path: Path) -> pl.DataFrame:
    """Every event of one export file (kept columns, file order); FormatError if it is not one.

    Holds the whole file in memory: for large files use `ingest_files`.
    """
    try:
        frames = list(_fast_frames(path, layout_of(path)))
    except _NOT_CLEAN:
        frames = [parsed.frame for parsed in iter_chunks(path)]
    return pl.concat(frames) if frames else EVENT_SCHEMA.to_frame()


def ingest_files(
    paths: Iterable[Path],
    out_dir: Path,
    *,
    progress: Progress | None = None,
    strict: bool = False,
) -> IngestReport:
    """Add the events of `paths` to the partitioned Parquet folder `out_dir`, skipping duplicates.

    A file that is not a usable export is skipped and listed in `report.bad_files`; with
    `strict`, its FormatError is raised instead (files before it stay written). One ingest at
    a time per `out_dir`: a new run first removes what a killed run left in staging.
    """
    files = list(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out_dir)
    report = IngestReport(out_dir)
    index = _IdIndex(out_dir, capacity=_ID_CACHE)
    for number, path in enumerate(files, start=1):
        try:
            report.files.append(_ingest_one(path, out_dir, index))
        except InputError as problem:
            if strict:
                raise
            report.bad_files.append(BadFile(path, _reason(problem)))
        if progress is not None:
            progress(IngestProgress(path, number, len(files), report.rows_read))
    return report


def scan_events(out_dir: Path) -> pl.LazyFrame:
    """The ingested events as one lazy frame, with the partition column `day` (a date).

    An empty frame of the same schema when nothing has been ingested into `out_dir` yet.
    """
    pattern = f"{PARTITION_KEY}=*/*.parquet"
    if not any(out_dir.glob(pattern)):
        return (
            EVENT_SCHEMA.to_frame()
            .with_columns(pl.lit(None, pl.Date()).alias(PARTITION_KEY))
            .lazy()
        )
    return pl.scan_parquet(
        out_dir / pattern,
        hive_partitioning=True,
        hive_schema={PARTITION_KEY: pl.Date()},
    )


# --- one file -------------------------------------------------------------------------------------


def _ingest_one(path: Path, out_dir: Path, index: _IdIndex) -> FileResult:
    layout = layout_of(path)
    with _staging(out_dir) as staging:
        bad_bytes = _stage(path, layout, staging)
        committed = _commit(staging, out_dir, _stem(path), index)
    return FileResult(
        path=path,
        layout=layout.name,
        rows_read=committed.rows,
        rows_written=committed.rows - committed.duplicates,
        duplicates=committed.duplicates,
        bad_bytes=bad_bytes,
        parts=tuple(committed.parts),
    )


def _stage(path: Path, layout: Layout, staging: Path) -> int:
    """Parse the file into staged parts (fast reader, else careful); return bad bytes replaced."""
    try:
        _stage_frames(_fast_frames(path, layout, unpack_to=staging), staging)
        return 0
    except _NOT_CLEAN:
        _empty(staging)
    bad = 0

    def careful() -> Iterator[pl.DataFrame]:
        nonlocal bad
        for parsed in iter_chunks(path):
            bad += parsed.bad_bytes
            yield parsed.frame

    _stage_frames(careful(), staging)
    return bad


def _stage_frames(frames: Iterable[pl.DataFrame], staging: Path) -> None:
    writer = _StagedWriter(staging)
    for frame in frames:
        writer.add(frame)
    writer.flush()


@contextmanager
def _staging(out_dir: Path) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=out_dir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _empty(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _remove_stale_staging(out_dir: Path) -> None:
    for stale in out_dir.glob(f"{_STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)


def _stem(path: Path) -> str:
    """The GDELT time stamp of the file name, else the name made safe for a part name."""
    found = _STAMP.search(path.name)
    if found is not None:
        return found.group(1)
    name = path.name.removesuffix(".zip")
    return _UNSAFE.sub("-", name.rsplit(".", 1)[0] if "." in name else name).strip("-") or "file"


def _reason(problem: InputError) -> str:
    return f"{problem.where}: {problem.message}" if problem.where else problem.message


# --- the fast reader ------------------------------------------------------------------------------


class _NotCleanError(Exception):
    """The fast reader saw something it does not vouch for; the careful reader decides."""


_NOT_CLEAN: Final = (_NotCleanError, pl.exceptions.PolarsError, OSError, *_ZIP_ERRORS)


def _fast_frames(
    path: Path, layout: Layout, *, unpack_to: Path | None = None
) -> Iterator[pl.DataFrame]:
    """Batches from Polars' streaming reader; _NotCleanError at the first row it cannot vouch for."""
    with _fast_source(path, unpack_to=unpack_to) as source:
        for frame in _fast_query(source, layout).collect_batches(chunk_size=_BATCH_ROWS):
            if frame["GLOBALEVENTID"].null_count():
                raise _NotCleanError
            yield frame


@contextmanager
def _fast_source(path: Path, *, unpack_to: Path | None) -> Iterator[Path | bytes]:
    """The file itself, or its zip member: in memory, or unpacked to `unpack_to` when large."""
    with path.open("rb") as handle:
        if handle.read(4) != _ZIP_MAGIC:
            yield path
            return
        with _zip_member(handle, path) as (member, size):
            if size <= _IN_MEMORY_MEMBER or unpack_to is None:
                yield member.read()
                return
            unpacked = unpack_to / "member.tsv"
            with unpacked.open("wb") as target:
                shutil.copyfileobj(member, target, _CHUNK_BYTES)
            yield unpacked


def _fast_query(source: Path | bytes, layout: Layout) -> pl.LazyFrame:
    """Kept columns, typed; GLOBALEVENTID is nulled on every line the careful reader must see.

    Such lines: a surplus cell (it fills the extra schema column), no SOURCEURL (as a line
    that is a cell short has), a missing ID, event date or DATEADDED, or a date that does not
    parse. Polars pads short lines with nulls and ignores surplus cells beyond the schema.
    """
    schema = {**layout.read_schema(), _SURPLUS: pl.String()}
    lines = pl.scan_csv(
        source,
        has_header=False,
        separator="\t",
        quote_char=None,
        schema=schema,
        missing_columns="insert",
    )
    clean = pl.col(_SURPLUS).is_null() & pl.col("SOURCEURL").is_not_null()
    clean = clean & pl.all_horizontal(pl.col(name).is_not_null() for name in _REQUIRED)
    return (
        lines.select(*EVENT_SCHEMA, _SURPLUS)
        .with_columns(_conversions(layout))
        .with_columns(pl.when(clean).then(pl.col("GLOBALEVENTID")).alias("GLOBALEVENTID"))
        .drop(_SURPLUS)
    )


def _conversions(layout: Layout) -> list[pl.Expr]:
    return [
        pl.col("SQLDATE").str.to_date("%Y%m%d", strict=False),
        pl.col("IsRootEvent").cast(pl.Boolean),
        pl.col("DATEADDED")
        .str.to_datetime(layout.date_added_format, time_unit="us", strict=False)
        .dt.replace_time_zone("UTC"),
    ]


# --- the careful reader ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedChunk:
    """Whole lines of an export parsed into EVENT_SCHEMA."""

    frame: pl.DataFrame
    lines: int  # blank lines included
    bad_bytes: int  # invalid UTF-8 bytes replaced by U+FFFD


def iter_chunks(path: Path, *, chunk_bytes: int = _CHUNK_BYTES) -> Iterator[ParsedChunk]:
    """Parse `path` chunk by chunk, in bounded memory; FormatError names the first bad line."""
    layout = layout_of(path)
    line = 1
    with _open_bytes(path) as stream:
        for data in _line_chunks(stream, chunk_bytes, path=path):
            parsed = parse_chunk(data, layout, path=path, first_line=line)
            yield parsed
            line += parsed.lines


def parse_chunk(data: bytes, layout: Layout, *, path: Path, first_line: int = 1) -> ParsedChunk:
    """Parse `data` (whole lines) as `layout`; FormatError names the first bad line."""
    bad = 0
    try:
        raw = _read_csv(data, layout)
    except pl.exceptions.ComputeError as error:
        if "utf-8" not in str(error):
            raise _locate(data, layout, path=path, first_line=first_line) from None
        data, bad = replace_bad_bytes(data)
        raw = _read_csv_or_locate(data, layout, path=path, first_line=first_line)
    except pl.exceptions.PolarsError:
        raise _locate(data, layout, path=path, first_line=first_line) from None
    blank = raw.select(pl.all_horizontal(pl.all().is_null())).to_series()
    # Polars pads short lines with nulls and drops surplus cells: the separators tell.
    if data.count(b"\t") != (len(layout.columns) - 1) * (raw.height - blank.sum()):
        _check_cells(data, layout, path=path, first_line=first_line)
    frame = _typed(raw, blank, layout, path=path, first_line=first_line)
    return ParsedChunk(frame, raw.height, bad)


def replace_bad_bytes(data: bytes) -> tuple[bytes, int]:
    """`data` with every byte that is not valid UTF-8 replaced by U+FFFD, and their count."""
    text, count = _ESCAPED.subn("\ufffd", data.decode("utf-8", "surrogateescape"))
    return text.encode("utf-8"), count


@contextmanager
def _open_bytes(path: Path) -> Iterator[IO[bytes]]:
    """The export's bytes as a stream, unzipped if need be."""
    with ExitStack() as stack:
        try:
            handle = stack.enter_context(path.open("rb"))
            head = handle.read(64)
            handle.seek(0)
            _reject_html(head, path=path)
            stream: IO[bytes] = handle
            if head.startswith(_ZIP_MAGIC):
                stream, _size = stack.enter_context(_zip_member(handle, path))
        except (*_ZIP_ERRORS, OSError) as error:
            raise _unreadable(error, path) from None
        yield stream


def _unreadable(error: Exception, path: Path) -> FormatError:
    if isinstance(error, OSError):
        return FormatError(f"cannot read the file: {error.strerror or error}", path=path)
    return FormatError(f"truncated or corrupt zip archive: {error}", path=path)


@contextmanager
def _zip_member(handle: IO[bytes], path: Path) -> Iterator[tuple[IO[bytes], int]]:
    with zipfile.ZipFile(handle) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) != 1:
            raise FormatError(
                f"a GDELT export zip holds one file; this one holds {len(members)}",
                path=path,
                offenders=[info.filename for info in members],
            )
        with archive.open(members[0]) as member:
            yield member, members[0].file_size


def _reject_html(head: bytes, *, path: Path) -> None:
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_HTML_STARTS):
        raise FormatError(
            "file is an HTML or XML page (a saved error page?), not a GDELT export", path=path
        )


def _line_chunks(stream: IO[bytes], size: int, *, path: Path) -> Iterator[bytes]:
    """Blocks of about `size` bytes that end at a line end (a last line gets its newline)."""
    rest = b""
    while block := _read(stream, size, path=path):
        block = rest + block if rest else block
        cut = block.rfind(b"\n") + 1
        rest = block[cut:]
        if cut:
            yield block[:cut]
    if rest.strip():
        yield rest + b"\n"


def _read(stream: IO[bytes], size: int, *, path: Path) -> bytes:
    """The next block; a zip member that turns out truncated or corrupt is a FormatError."""
    try:
        return stream.read(size)
    except (*_ZIP_ERRORS, OSError) as error:
        raise _unreadable(error, path) from None


def _read_csv(data: bytes, layout: Layout) -> pl.DataFrame:
    return pl.read_csv(
        data,
        has_header=False,
        separator="\t",
        quote_char=None,
        schema=layout.read_schema(),
        columns=layout.kept,
        raise_if_empty=False,
    )


def _read_csv_or_locate(
    data: bytes, layout: Layout, *, path: Path, first_line: int
) -> pl.DataFrame:
    try:
        return _read_csv(data, layout)
    except pl.exceptions.PolarsError:
        raise _locate(data, layout, path=path, first_line=first_line) from None


def _typed(
    raw: pl.DataFrame, blank: pl.Series, layout: Layout, *, path: Path, first_line: int
) -> pl.DataFrame:
    """Convert dates and the root flag; every event needs an ID, an event date and DATEADDED."""
    frame = raw.with_columns(_conversions(layout))
    for name in _REQUIRED:
        missing = frame[name].is_null() & ~blank
        if missing.any():
            row = int(missing.arg_true()[0])
            value = raw[name][row]
            what = "is empty" if value is None else f"is not a valid date: {value!r}"
            raise FormatError(f"{name} {what}", path=path, where=f"line {first_line + row}")
    return frame.filter(~blank) if blank.any() else frame


# --- locating problems ----------------------------------------------------------------------------


def _check_cells(data: bytes, layout: Layout, *, path: Path, first_line: int) -> None:
    """Raise at the first line whose cell count is wrong; empty surplus cells at the end pass."""
    expected = len(layout.columns)
    for number, line in enumerate(data.split(b"\n")[:-1], start=first_line):
        cells = line.split(b"\t")
        if not line.strip() or len(cells) == expected:
            continue
        if len(cells) > expected and not b"".join(cells[expected:]).strip():
            continue  # the fast reader cannot see such cells either; the columns are in place
        hint = " (a GDELT 1.0 daily file? name it YYYYMMDD.export.CSV)" if len(cells) == 58 else ""
        raise FormatError(
            f"{len(cells)} columns where a {layout.name} has {expected}{hint}",
            path=path,
            where=f"line {number}",
        )


def _locate(data: bytes, layout: Layout, *, path: Path, first_line: int) -> FormatError:
    """A FormatError at the first line with the wrong cell count, else the first bad value."""
    try:
        _check_cells(data, layout, path=path, first_line=first_line)
    except FormatError as problem:
        return problem
    text = pl.read_csv(
        data,
        has_header=False,
        separator="\t",
        quote_char=None,
        schema=dict.fromkeys(layout.columns, pl.String()),
        columns=layout.kept,
        encoding="utf8-lossy",
        raise_if_empty=False,
    )
    for name in EVENT_SCHEMA:
        wanted = _READ_TYPES[name]
        failed = (
            text[name].cast(wanted, strict=False).is_null() & text[name].is_not_null()
        ).arg_true()
        if failed.len():
            row = int(failed[0])
            return FormatError(
                f"{name} is not {wanted}: {text[name][row]!r}",
                path=path,
                where=f"line {first_line + row}",
            )
    return FormatError(f"cannot be read as a {layout.name}", path=path)


# --- staging and committing -----------------------------------------------------------------------


class _StagedWriter:
    """Buffers parsed rows by day and writes them as staged parts, in bounded memory.

    When more than `buffer_rows` rows wait, the days the last batch did not touch are written
    first (in DATEADDED order, as GDELT files are, those days are complete), then all days.
    """

    def __init__(self, staging: Path, buffer_rows: int = _BUFFER_ROWS) -> None:
        self.staging = staging
        self.buffer_rows = buffer_rows
        self.buffers: dict[str, list[pl.DataFrame]] = {}
        self.buffered = 0
        self.written = 0

    def add(self, frame: pl.DataFrame) -> None:
        days = _by_day(frame)
        for day, pieces in days.items():
            self.buffers.setdefault(day, []).extend(pieces)
        self.buffered += frame.height
        if self.buffered > self.buffer_rows:
            for day in [day for day in self.buffers if day not in days]:
                self._write(day)
        if self.buffered > self.buffer_rows:
            self.flush()

    def flush(self) -> None:
        for day in list(self.buffers):
            self._write(day)

    def _write(self, day: str) -> None:
        frames = self.buffers.pop(day)
        frame = pl.concat(frames) if len(frames) > 1 else frames[0]
        self.buffered -= frame.height
        folder = self.staging / f"{PARTITION_KEY}={day}"
        folder.mkdir(exist_ok=True)
        _write_part(frame, folder / f"{self.written:06d}{_STAGED_SUFFIX}")
        self.written += 1


def _by_day(frame: pl.DataFrame) -> dict[str, list[pl.DataFrame]]:
    """The rows of `frame` by the UTC day of DATEADDED.

    GDELT files run in DATEADDED order, so a batch holds a few runs of one day each: those are
    sliced out without copying. A batch in no useful order is regrouped.
    """
    day = frame["DATEADDED"].dt.date().alias(PARTITION_KEY)
    runs = day.rle()
    if runs.len() > _MAX_RUNS:
        keyed = frame.with_columns(day).partition_by(PARTITION_KEY, as_dict=True, include_key=False)
        return {str(key): [rows] for (key,), rows in keyed.items()}
    days: dict[str, list[pl.DataFrame]] = {}
    start = 0
    for length, value in runs.struct.unnest().iter_rows():
        days.setdefault(str(value), []).append(frame.slice(start, length))
        start += length
    return days


def _write_part(frame: pl.DataFrame, path: Path) -> None:
    # zstd level 1: about the speed of LZ4 at about the size of zstd's default level.
    frame.write_parquet(path, compression="zstd", compression_level=1, statistics=True)


@dataclass
class _Committed:
    rows: int = 0
    duplicates: int = 0
    parts: list[Path] = field(default_factory=list)


def _commit(staging: Path, out_dir: Path, stem: str, index: _IdIndex) -> _Committed:
    """Move the staged parts into `out_dir`, without the events it already holds."""
    committed = _Committed()
    staged = sorted(
        (part.parent.name.split("=", 1)[1], part.name, part)
        for part in staging.glob(f"{PARTITION_KEY}=*/*{_STAGED_SUFFIX}")
    )
    for day, _name, part in staged:
        ids = pl.read_parquet(part, columns=["GLOBALEVENTID"]).to_series()
        fresh = ids.is_first_distinct() & ~ids.is_in(index.ids(day).implode())
        committed.rows += ids.len()
        committed.duplicates += ids.len() - int(fresh.sum())
        if fresh.any():
            committed.parts.append(_place(part, fresh, out_dir / f"{PARTITION_KEY}={day}", stem))
            index.add(day, ids.filter(fresh))
    return committed


def _place(part: Path, fresh: pl.Series, folder: Path, stem: str) -> Path:
    """Rename the staged part into `folder`; rewrite it first if some of its rows are old."""
    folder.mkdir(exist_ok=True)
    if not fresh.all():
        rewritten = part.with_name(part.name + ".fresh")
        _write_part(pl.read_parquet(part).filter(fresh), rewritten)
        os.replace(rewritten, part)
    number = 0
    while (final := folder / f"part-{stem}-{number}.parquet").exists():
        number += 1
    os.replace(part, final)
    return final


# --- the ID index ---------------------------------------------------------------------------------


class _IdIndex:
    """GLOBALEVENTIDs per day partition, read from the committed parts on first use.

    At most `capacity` IDs stay in memory; the least recently used partitions are dropped
    first and read again from disk when needed (only committed rows enter the index, so
    they are always on disk).
    """

    def __init__(self, out_dir: Path, *, capacity: int) -> None:
        self.out_dir = out_dir
        self.capacity = capacity
        self.cache: dict[str, list[pl.Series]] = {}
        self.sizes: dict[str, int] = {}

    def ids(self, day: str) -> pl.Series:
        if day not in self.cache:
            self._load(day)
        chunks = self.cache.pop(day)
        self.cache[day] = chunks  # most recently used last
        if len(chunks) > 1:
            chunks[:] = [pl.concat(chunks)]
        return chunks[0]

    def add(self, day: str, ids: pl.Series) -> None:
        self.cache.setdefault(day, []).append(ids)
        self.sizes[day] = self.sizes.get(day, 0) + ids.len()
        self._evict(protect=day)

    def _load(self, day: str) -> None:
        parts = sorted((self.out_dir / f"{PARTITION_KEY}={day}").glob("part-*.parquet"))
        if parts:
            ids = pl.read_parquet(parts, columns=["GLOBALEVENTID"]).to_series()
        else:
            ids = pl.Series("GLOBALEVENTID", [], dtype=pl.Int64())
        self.cache[day] = [ids]
        self.sizes[day] = ids.len()

    def _evict(self, *, protect: str) -> None:
        total = sum(self.sizes.values())
        for day in list(self.cache):
            if total <= self.capacity:
                return
            if day != protect:
                total -= self.sizes.pop(day)
                del self.cache[day]

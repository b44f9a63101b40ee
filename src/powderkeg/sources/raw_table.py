"""Raw event tables: the text cells of a delimited or JSON file, and their conversion to types.

The event parsers (UCDP, ACLED) first read a file into a RawTable: every cell as written, each
record tagged with where it starts ("line=12" in a CSV, "record=3" in a JSON array). Converting
a column then collects every bad cell, with its place and column, so a parser raises one
ValidationError that lists all of them instead of stopping at the first.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, TextIO

import pandas as pd

from powderkeg.errors import FormatError, ValidationError
from powderkeg.sources.sniff import is_zip, sniff

DateStyle = Literal["iso", "d-m-y", "m-d-y", "d month y"]

DELIMITERS: Final = {",": "comma", ";": "semicolon", "\t": "tab"}
_INTEGER: Final = r"[+-]?\d+"
_DECIMAL: Final = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
# A time of day after an ISO date is accepted and dropped (some UCDP releases write one).
_ISO_TIME: Final = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_PATTERNS: Final[dict[DateStyle, str]] = {
    "iso": rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_ISO_TIME}",
    "d-m-y": r"(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})",
    "m-d-y": r"(?P<month>\d{1,2})[-/.](?P<day>\d{1,2})[-/.](?P<year>\d{4})",
    "d month y": r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})",
}
_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class RawTable:
    """The cells of a file as text ("" when empty), and where each record starts."""

    path: Path
    cells: pd.DataFrame
    places: pd.Series

    def __len__(self) -> int:
        return len(self.cells)

    def text(self, column: str) -> pd.Series:
        """The column's cells with surrounding whitespace removed."""
        return self.cells[column].str.strip()

    def keep(self, mask: pd.Series) -> RawTable:
        """Only the records where `mask` is true, renumbered from 0."""
        return RawTable(
            path=self.path,
            cells=self.cells[mask].reset_index(drop=True),
            places=self.places[mask].reset_index(drop=True),
        )


@dataclass
class CellErrors:
    """Bad cells of one RawTable, collected over the whole file and raised once."""

    table: RawTable
    offenders: list[str] = field(default_factory=list)

    def add(self, mask: pd.Series, column: str, why: str) -> None:
        """Record every cell of `column` where `mask` is true as bad, saying `why`."""
        if not mask.any():
            return
        values = self.table.cells.loc[mask, column]
        places = self.table.places[mask]
        self.offenders.extend(
            f"{place};column={column}: {value!r} ({why})"
            for place, value in zip(places, values, strict=True)
        )

    def raise_if_any(self, message: str) -> None:
        if self.offenders:
            raise ValidationError(
                f"{message}: {len(self.offenders)} bad cell(s)",
                path=self.table.path,
                offenders=self.offenders,
            )


# --- reading --------------------------------------------------------------------------------------


def read_delimited(
    path: Path, *, required: Sequence[str], optional: Sequence[str] = (), what: str
) -> tuple[RawTable, str]:
    """Read a CSV, or a zip holding one CSV, keeping the `required` and present `optional` columns.

    The delimiter (comma, semicolon or tab) is the one that makes the first line a header with
    every required column; it is returned with the table. `what` names the file in messages.
    """
    try:
        with _open_text(path) as handle:
            header_line = handle.readline()
            delimiter = _find_delimiter(header_line, required, path=path, what=what)
            header = [name.strip() for name in _split(header_line, delimiter)]
            rows, starts = _read_records(handle, delimiter, len(header), path=path)
    except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise FormatError(f"unreadable {what}: {error}", path=path) from None
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}", path=path) from None
    if not rows:
        raise FormatError(f"the {what} has a header but no records", path=path)
    wanted = [*required, *(name for name in optional if name in header)]
    columns = {name: [row[header.index(name)] for row in rows] for name in wanted}
    table = RawTable(
        path=path,
        cells=pd.DataFrame(columns, dtype=object),
        places=pd.Series([f"line={start}" for start in starts], dtype=object),
    )
    return table, delimiter


def table_from_records(
    records: Sequence[object],
    *,
    path: Path,
    required: Sequence[str],
    optional: Sequence[str] = (),
    what: str,
) -> RawTable:
    """A RawTable from JSON objects (one per record); places are "record=<n>", counted from 1."""
    objects = _objects(records, required, path=path, what=what)
    present = [name for name in optional if any(name in record for record in objects)]
    columns = {
        name: [_json_cell(record.get(name)) for record in objects] for name in [*required, *present]
    }
    places = [f"record={number}" for number in range(1, len(objects) + 1)]
    return RawTable(
        path=path,
        cells=pd.DataFrame(columns, dtype=object),
        places=pd.Series(places, dtype=object),
    )


def _objects(
    records: Sequence[object], required: Sequence[str], *, path: Path, what: str
) -> list[Mapping[str, object]]:
    if not records:
        raise FormatError(f"the {what} holds no records", path=path)
    objects: list[Mapping[str, object]] = []
    missing: list[str] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            raise FormatError(f"{what}: record {number} is not a JSON object", path=path)
        lacking = [name for name in required if name not in record]
        if lacking:
            missing.append(f"record={number}: lacks {', '.join(lacking)}")
        objects.append(record)
    if missing:
        raise FormatError(f"{what}: records lack required fields", path=path, offenders=missing)
    return objects


@contextmanager
def _open_text(path: Path) -> Iterator[TextIO]:
    """The file's text, or the text of the single CSV inside it when it is a zip."""
    if not is_zip(path):
        sniff(path, expect="csv")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield handle
        return
    sniff(path, expect="zip")
    with zipfile.ZipFile(path) as archive:
        members = [name for name in archive.namelist() if name.lower().endswith(".csv")]
        if len(members) != 1:
            raise FormatError(
                f"expected one CSV inside the zip archive, found {len(members)}",
                path=path,
                offenders=archive.namelist(),
            )
        with archive.open(members[0]) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _find_delimiter(line: str, required: Sequence[str], *, path: Path, what: str) -> str:
    best: list[str] = []
    for delimiter in DELIMITERS:
        names = [name.strip() for name in _split(line, delimiter)]
        if all(name in names for name in required):
            return delimiter
        best = max(best, names, key=len)
    missing = [name for name in required if name not in best]
    raise FormatError(
        f"not a {what}: the first line is not a header with the expected columns",
        path=path,
        where="line=1",
        offenders=[f"missing: {', '.join(missing)}", f"found: {', '.join(best) or '(nothing)'}"],
    )


def _read_records(
    handle: TextIO, delimiter: str, width: int, *, path: Path
) -> tuple[list[list[str]], list[int]]:
    """Records after the header and the physical line each starts on (a quoted field may span
    lines); blank lines are skipped, records of the wrong width are all reported together."""
    reader = csv.reader(handle, delimiter=delimiter)
    rows: list[list[str]] = []
    starts: list[int] = []
    bad: list[str] = []
    end = 1  # the header's line
    for cells in reader:
        start, end = end + 1, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != width:
            bad.append(f"line={start}: {len(cells)} fields, the header has {width}")
            continue
        rows.append(cells)
        starts.append(start)
    if bad:
        raise ValidationError("records with the wrong number of fields", path=path, offenders=bad)
    return rows, starts


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value)


# --- converting -----------------------------------------------------------------------------------


def texts(table: RawTable, column: str) -> pd.Series:
    """The column as strings, empty cells as <NA>."""
    text = table.text(column)
    return text.where(text != "").astype("string")


def required_texts(table: RawTable, column: str, errors: CellErrors) -> pd.Series:
    """Like `texts`, and every empty cell is an error."""
    values = texts(table, column)
    errors.add(values.isna(), column, "empty")
    return values


def integers(
    table: RawTable, column: str, errors: CellErrors, *, required: bool = True
) -> pd.Series:
    """The column as Int64; empty cells are <NA> (an error when `required`)."""
    text = table.text(column)
    empty = text == ""
    good = text.str.fullmatch(_INTEGER).astype(bool)
    errors.add(~empty & ~good, column, "not an integer")
    if required:
        errors.add(empty, column, "empty")
    values = [int(cell) if ok else None for cell, ok in zip(text, good, strict=True)]
    return pd.Series(values, index=text.index, dtype="Int64")


def numbers(
    table: RawTable, column: str, errors: CellErrors, *, required: bool = True
) -> pd.Series:
    """The column as float64 (plain decimals only); empty cells are NaN."""
    text = table.text(column)
    empty = text == ""
    good = text.str.fullmatch(_DECIMAL).astype(bool)
    errors.add(~empty & ~good, column, "not a number")
    if required:
        errors.add(empty, column, "empty")
    return pd.to_numeric(text.where(good), errors="coerce").astype("float64")


def codes(
    table: RawTable,
    column: str,
    errors: CellErrors,
    allowed: Sequence[int],
    *,
    required: bool = True,
) -> pd.Series:
    """An integer code column whose values must be among `allowed`."""
    values = integers(table, column, errors, required=required)
    outside = values.notna() & ~values.isin(list(allowed))
    errors.add(outside.astype(bool), column, f"expected one of {', '.join(map(str, allowed))}")
    return values


def in_range(
    values: pd.Series, low: float, high: float, column: str, errors: CellErrors
) -> pd.Series:
    """Report values outside [low, high]; returns `values` unchanged."""
    outside = values.notna() & ((values < low) | (values > high))
    errors.add(outside.astype(bool), column, f"outside {low:g} … {high:g}")
    return values


def dates(
    table: RawTable,
    column: str,
    errors: CellErrors,
    *,
    styles: Sequence[DateStyle] = ("iso",),
    required: bool = True,
) -> pd.Series:
    """The column as datetime64 (day precision), each cell read by the first style it matches."""
    text = table.text(column)
    empty = text == ""
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for style in styles:
        parsed = parsed.fillna(_dates_in_style(text, style))
    errors.add(~empty & parsed.isna(), column, f"not a valid date ({' or '.join(styles)})")
    if required:
        errors.add(empty, column, "empty")
    return parsed


def _dates_in_style(text: pd.Series, style: DateStyle) -> pd.Series:
    parts = text.str.extract(f"^(?:{_DATE_PATTERNS[style]})$")
    month = parts["month"].str.casefold().map(_MONTHS) if style == "d month y" else parts["month"]
    numeric = pd.DataFrame(
        {
            "year": pd.to_numeric(parts["year"], errors="coerce"),
            "month": pd.to_numeric(month, errors="coerce"),
            "day": pd.to_numeric(parts["day"], errors="coerce"),
        }
    )
    return pd.to_datetime(numeric, errors="coerce").astype("datetime64[ns]")


def guess_date_style(samples: pd.Series) -> tuple[DateStyle, bool]:
    """The style of the non-empty date texts in `samples`, and whether the guess is ambiguous.

    ISO dates (yyyy-mm-dd) are recognised by shape. Dates with the year last are day-first
    when some first number exceeds 12 and month-first when some second number does; with no
    such evidence they are taken as day-first and reported ambiguous.
    """
    text = samples[samples.str.strip() != ""].str.strip()
    if text.empty or text.str.fullmatch(_DATE_PATTERNS["iso"]).astype(bool).all():
        return "iso", False
    parts = text.str.extract(r"^(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}$").astype("float64")
    first_is_day = bool((parts[0] > 12).any())
    second_is_day = bool((parts[1] > 12).any())
    if second_is_day and not first_is_day:
        return "m-d-y", False
    return "d-m-y", not first_is_day

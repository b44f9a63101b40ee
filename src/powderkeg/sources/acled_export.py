"""Parser for a user's own ACLED export: the CSV download or the API's JSON response.

ACLED's terms let a registered user work with the data but not hand the raw records to anyone
else, so powderkeg ships and downloads no ACLED data: a user exports events with their own
account and points powderkeg at the file. Both forms carry the same fields (31 in the current
schema); the parser keeps the event's id, date, type, actors, place, fatalities and source, and
resolves the country through the crosswalk from the numeric `iso` code and the `country` name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import pandas as pd

from powderkeg.entities import Crosswalk
from powderkeg.errors import FormatError, UnmappedEntityError, ValidationError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import ParsedFile
from powderkeg.sources.raw_table import (
    CellErrors,
    RawTable,
    dates,
    in_range,
    integers,
    numbers,
    read_delimited,
    required_texts,
    table_from_records,
    texts,
)
from powderkeg.sources.sniff import read_json

SOURCE_ID: Final = "acled_export"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="Armed Conflict Location & Event Data (ACLED)",
    publisher="ACLED (Armed Conflict Location & Event Data)",
    title="ACLED events, a user's own export (CSV download or API JSON)",
    url="https://acleddata.com/",
    licence=(
        "ACLED Terms of Use and Attribution Policy: registered users only; users may not give "
        "anyone else access to ACLED's original or raw data. powderkeg therefore never "
        "redistributes ACLED data and downloads none: each user exports their own"
    ),
    citation=(
        "Raleigh, Clionadh, Andrew Linke, Håvard Hegre & Joakim Karlsen (2010) Introducing "
        "ACLED: An Armed Conflict Location and Event Dataset. Journal of Peace Research 47(5); "
        "ACLED, https://acleddata.com (state the date of access and the filters used)"
    ),
)
# Empty on purpose: ACLED data come only from the user's own account (see CARD.licence).
DOWNLOAD_URLS: Final[tuple[str, ...]] = ()

COLUMNS: Final = (
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "iso",
    "entity_id",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "source",
    "notes",
    "locator",
)
_REQUIRED: Final = (
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "latitude",
    "longitude",
    "fatalities",
    "source",
    "notes",
)
_OPTIONAL: Final = ("iso", "geo_precision", "timestamp")
_WHAT: Final = "ACLED export"


def parse(path: Path, *, vintage: str | None = None) -> ParsedFile:
    """Read an ACLED export (CSV, a zip holding one, or API JSON).

    ACLED is updated continuously; pass the date you exported the data as `vintage`. Without
    it the vintage is the day of the newest `timestamp` (the last change to any event).
    """
    table = _json_table(path) if _looks_like_json(path) else _csv_table(path)
    errors = CellErrors(table)
    frame = _typed(table, errors)
    _check_year(frame, errors)
    errors.raise_if_any(f"bad values in an {_WHAT}")
    _check_unique_ids(frame, path)
    frame["entity_id"] = _entity_ids(table, frame)
    frame["locator"] = table.places.astype("string")
    found, notes = _vintage(table, vintage)
    return ParsedFile(frame=frame.loc[:, list(COLUMNS)], vintage=found, notes=notes)


def _looks_like_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(256)
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}", path=path) from None
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")


def _csv_table(path: Path) -> RawTable:
    table, _ = read_delimited(path, required=_REQUIRED, optional=_OPTIONAL, what=_WHAT)
    return table


def _json_table(path: Path) -> RawTable:
    document = read_json(path)
    records = _api_records(document, path)
    return table_from_records(
        records, path=path, required=_REQUIRED, optional=_OPTIONAL, what=_WHAT
    )


def _api_records(document: object, path: Path) -> list[object]:
    """The `data` list of an API response ({"status": 200, "success": true, "data": [...]})."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise FormatError(
            "not an ACLED API response: expected a JSON object with a 'data' list", path=path
        )
    status, success = document.get("status", 200), document.get("success", True)
    if status != 200 or success is not True:
        messages = [str(message) for message in document.get("messages") or []]
        raise FormatError(
            f"the ACLED API reported a failure (status {status}, success {success})",
            path=path,
            offenders=messages,
        )
    records: list[object] = document["data"]
    return records


def _typed(table: RawTable, errors: CellErrors) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id_cnty": required_texts(table, "event_id_cnty", errors),
            # The API and its CSV write 2019-03-06; the web export "06 March 2019".
            "event_date": dates(table, "event_date", errors, styles=("iso", "d month y")),
            "year": integers(table, "year", errors),
            "event_type": required_texts(table, "event_type", errors),
            "sub_event_type": required_texts(table, "sub_event_type", errors),
            "actor1": required_texts(table, "actor1", errors),
            "actor2": texts(table, "actor2"),
            "country": required_texts(table, "country", errors),
            "iso": _optional_integers(table, "iso", errors),
            "latitude": in_range(numbers(table, "latitude", errors), -90, 90, "latitude", errors),
            "longitude": in_range(
                numbers(table, "longitude", errors), -180, 180, "longitude", errors
            ),
            "geo_precision": _optional_integers(table, "geo_precision", errors),
            "fatalities": in_range(
                integers(table, "fatalities", errors), 0, float("inf"), "fatalities", errors
            ),
            "source": texts(table, "source"),
            "notes": texts(table, "notes"),
        }
    )


def _check_year(frame: pd.DataFrame, errors: CellErrors) -> None:
    """`year` repeats the year of `event_date`; a mismatch means a shifted or edited record."""
    other = frame["year"] != frame["event_date"].dt.year
    errors.add(other.fillna(False).astype(bool), "year", "not the year of event_date")


def _optional_integers(table: RawTable, column: str, errors: CellErrors) -> pd.Series:
    if column not in table.cells.columns:
        return pd.Series(pd.NA, index=table.cells.index, dtype="Int64")
    return integers(table, column, errors, required=False)


def _check_unique_ids(frame: pd.DataFrame, path: Path) -> None:
    twice = frame["event_id_cnty"].duplicated(keep=False)
    if twice.any():
        ids = sorted({str(value) for value in frame.loc[twice, "event_id_cnty"]})
        raise ValidationError("event ids that appear twice", path=path, offenders=ids)


def _entity_ids(table: RawTable, frame: pd.DataFrame) -> pd.Series:
    """The entity of each event's country: from `iso` (ISO 3166 numeric; ACLED writes 0 where
    there is none, as for Kosovo) and from the name; when both resolve they must agree."""
    crosswalk = Crosswalk.bundled()
    isos = [None if pd.isna(iso) else int(iso) for iso in frame["iso"]]
    keys = list(zip(isos, frame["country"].astype(str), strict=True))
    resolved: dict[tuple[int | None, str], str] = {}
    problems: list[str] = []
    for iso, country in sorted(set(keys), key=str):
        entity_id = _resolve(crosswalk, iso, country, problems)
        if entity_id is not None:
            resolved[(iso, country)] = entity_id
    if problems:
        raise UnmappedEntityError(
            "countries the entity crosswalk cannot place", path=table.path, offenders=problems
        )
    return pd.Series([resolved[key] for key in keys], index=frame.index, dtype="string")


def _resolve(
    crosswalk: Crosswalk, iso: int | None, country: str, problems: list[str]
) -> str | None:
    by_iso = crosswalk.by_code("iso_numeric", iso) if iso else None
    by_name = crosswalk.find(country)
    if by_iso is not None and by_name is not None and by_iso != by_name:
        problems.append(f"iso {iso} is {by_iso.id} but country {country!r} is {by_name.id}")
        return None
    found = by_iso or by_name
    if found is None:
        problems.append(f"iso {iso}, country {country!r}")
        return None
    return found.id


def _vintage(table: RawTable, given: str | None) -> tuple[str, list[str]]:
    if given is not None:
        return given, []
    stamps = pd.Series(dtype="Int64")
    if "timestamp" in table.cells.columns:
        stamps = pd.to_numeric(table.text("timestamp"), errors="coerce").dropna()
    if stamps.empty:
        return "unknown", ["no vintage given and no 'timestamp' field: vintage 'unknown'"]
    newest = datetime.fromtimestamp(int(stamps.max()), tz=UTC).date().isoformat()
    return newest, [
        f"vintage {newest} is the day of the newest 'timestamp' (last change to an event); "
        "pass vintage= the date you exported the data"
    ]

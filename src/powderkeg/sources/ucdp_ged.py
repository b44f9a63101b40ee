"""Parser for the UCDP Georeferenced Event Dataset (GED), one row per event (CSV).

The GED CSV has 49 columns (id, relid, year, active_year, code_status, type_of_violence, …,
best, high, low, gwnoa, gwnob; UCDP GED Codebook version 25.1). The parser keeps the event's
identity, dates, place, parties and death estimates, and turns the Gleditsch–Ward number of the
country where the event happened (`country_id`) into a powderkeg entity id. A zip holding the one
CSV, as UCDP publishes it, is read as well.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pandas as pd

from powderkeg.entities import Crosswalk
from powderkeg.errors import UnmappedEntityError, ValidationError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import ParsedFile
from powderkeg.sources.raw_table import (
    CellErrors,
    RawTable,
    codes,
    dates,
    in_range,
    integers,
    numbers,
    read_delimited,
    required_texts,
    texts,
)

SOURCE_ID: Final = "ucdp_ged"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="UCDP Georeferenced Event Dataset (GED)",
    publisher="Uppsala Conflict Data Program (UCDP), Uppsala University",
    title="UCDP Georeferenced Event Dataset, global, event level (CSV); "
    "columns per the UCDP GED Codebook version 25.1 (https://ucdp.uu.se/downloads/ged/ged251.pdf)",
    url="https://ucdp.uu.se/downloads/",
    licence="CC BY 4.0",
    citation=(
        "Sundberg, Ralph & Erik Melander (2013) Introducing the UCDP Georeferenced Event "
        "Dataset. Journal of Peace Research 50(4); Högbladh, Stina (2025) UCDP GED Codebook "
        "version 25.1. Department of Peace and Conflict Research, Uppsala University"
    ),
)
DOWNLOAD_URLS: Final = ("https://ucdp.uu.se/downloads/ged/ged251-csv.zip",)

COLUMNS: Final = (
    "event_id",
    "relid",
    "year",
    "active_year",
    "type_of_violence",
    "conflict_id",
    "conflict_name",
    "dyad_id",
    "dyad_name",
    "side_a",
    "side_b",
    "date_start",
    "date_end",
    "date_prec",
    "latitude",
    "longitude",
    "where_prec",
    "country",
    "entity_id",
    "region",
    "event_clarity",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "deaths_best",
    "deaths_low",
    "deaths_high",
    "locator",
)
# The GED columns read (the other 21 — sources, admin units, PRIO-GRID cell … — are ignored).
_READ: Final = (
    "id",
    "relid",
    "year",
    "active_year",
    "type_of_violence",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
)
_DEATHS: Final = {
    "deaths_a": "deaths_a",
    "deaths_b": "deaths_b",
    "deaths_civilians": "deaths_civilians",
    "deaths_unknown": "deaths_unknown",
    "deaths_best": "best",
    "deaths_low": "low",
    "deaths_high": "high",
}
_VERSION_IN_NAME: Final = (re.compile(r"v(\d+)_(\d+)"), re.compile(r"ged(\d{2})(\d)"))
_WHAT: Final = "UCDP GED event file"


def parse(path: Path, *, vintage: str | None = None) -> ParsedFile:
    """Read a GED event CSV; the vintage ("25.1") comes from `vintage` or the file name."""
    table, _ = read_delimited(path, required=_READ, what=_WHAT)
    errors = CellErrors(table)
    frame = _typed(table, errors)
    _check_consistency(frame, errors)
    errors.raise_if_any(f"bad values in a {_WHAT}")
    _check_unique_ids(frame, path)
    frame["entity_id"] = _entity_ids(table, frame)
    frame["locator"] = table.places.astype("string")
    found, notes = _vintage(path, vintage)
    return ParsedFile(frame=frame.loc[:, list(COLUMNS)], vintage=found, notes=notes)


def _typed(table: RawTable, errors: CellErrors) -> pd.DataFrame:
    typed = {
        "event_id": integers(table, "id", errors),
        "relid": texts(table, "relid"),
        "year": integers(table, "year", errors),
        "active_year": codes(table, "active_year", errors, (0, 1)).astype("boolean"),
        "type_of_violence": codes(table, "type_of_violence", errors, (1, 2, 3)),
        "conflict_id": integers(table, "conflict_new_id", errors),
        "conflict_name": required_texts(table, "conflict_name", errors),
        "dyad_id": integers(table, "dyad_new_id", errors),
        "dyad_name": texts(table, "dyad_name"),
        "side_a": required_texts(table, "side_a", errors),
        "side_b": required_texts(table, "side_b", errors),
        "date_start": dates(table, "date_start", errors),
        "date_end": dates(table, "date_end", errors),
        "date_prec": codes(table, "date_prec", errors, (1, 2, 3, 4, 5)),
        "latitude": in_range(numbers(table, "latitude", errors), -90, 90, "latitude", errors),
        "longitude": in_range(numbers(table, "longitude", errors), -180, 180, "longitude", errors),
        "where_prec": codes(table, "where_prec", errors, (1, 2, 3, 4, 5, 6, 7)),
        "country": required_texts(table, "country", errors),
        "region": texts(table, "region"),
        "event_clarity": codes(table, "event_clarity", errors, (1, 2)),
    }
    for name, column in _DEATHS.items():
        typed[name] = in_range(integers(table, column, errors), 0, float("inf"), column, errors)
    # Checked here so a malformed country_id is reported with the other bad cells.
    integers(table, "country_id", errors)
    return pd.DataFrame(typed)


def _check_consistency(frame: pd.DataFrame, errors: CellErrors) -> None:
    """Dates in order and low ≤ best ≤ high, as the codebook defines them."""
    backwards = frame["date_end"] < frame["date_start"]
    errors.add(backwards.fillna(False).astype(bool), "date_end", "before date_start")
    low, best, high = frame["deaths_low"], frame["deaths_best"], frame["deaths_high"]
    errors.add((low > best).fillna(False).astype(bool), "low", "above best")
    errors.add((best > high).fillna(False).astype(bool), "high", "below best")


def _check_unique_ids(frame: pd.DataFrame, path: Path) -> None:
    twice = frame["event_id"].duplicated(keep=False)
    if twice.any():
        ids = sorted({str(value) for value in frame.loc[twice, "event_id"]})
        raise ValidationError("event ids that appear twice", path=path, offenders=ids)


def _entity_ids(table: RawTable, frame: pd.DataFrame) -> pd.Series:
    """The entity of each event's country, from its GW number; unknown numbers all raise."""
    crosswalk = Crosswalk.bundled()
    numbers_seen = table.text("country_id")
    mapping = {number: crosswalk.by_code("gw", number) for number in set(numbers_seen)}
    unknown = sorted(number for number, entity in mapping.items() if entity is None)
    if unknown:
        raise UnmappedEntityError(
            "country_id (Gleditsch–Ward) numbers unknown to the entity crosswalk",
            path=table.path,
            where="column=country_id",
            offenders=[f"{n} ({_first_name(frame, numbers_seen, n)})" for n in unknown],
        )
    ids = {number: entity.id for number, entity in mapping.items() if entity is not None}
    return numbers_seen.map(ids).astype("string")


def _first_name(frame: pd.DataFrame, numbers_seen: pd.Series, number: str) -> str:
    return str(frame.loc[numbers_seen == number, "country"].iloc[0])


def _vintage(path: Path, given: str | None) -> tuple[str, list[str]]:
    if given is not None:
        return given, []
    for pattern in _VERSION_IN_NAME:
        match = pattern.search(path.name.lower())
        if match:
            found = f"{int(match.group(1))}.{match.group(2)}"
            return found, [f"vintage {found} read from the file name {path.name!r}"]
    return "unknown", [
        f"no GED version in the file name {path.name!r}: vintage 'unknown'; pass vintage="
    ]

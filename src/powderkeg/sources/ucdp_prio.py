"""Parser for the UCDP/PRIO Armed Conflict Dataset, conflict-year level (CSV).

One record per conflict and year in which it caused at least 25 battle-related deaths. UCDP
publishes a comma-separated file with ISO dates (yyyy-mm-dd); copies re-saved by a spreadsheet
use semicolons and day-first dates (22-4-1996). Both are read: the delimiter is found from the
header and the date style from the dates themselves, and the notes say which was used.

The Gleditsch–Ward state numbers in the gwno_* columns ("345" or "2, 20, 200") become lists of
powderkeg entity ids through the crosswalk; the column names stay UCDP's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pandas as pd

from powderkeg.entities import Crosswalk
from powderkeg.errors import UnmappedEntityError, ValidationError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import ParsedFile
from powderkeg.sources.raw_table import (
    DELIMITERS,
    CellErrors,
    DateStyle,
    RawTable,
    codes,
    dates,
    guess_date_style,
    integers,
    read_delimited,
    required_texts,
    texts,
)

SOURCE_ID: Final = "ucdp_prio"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="UCDP/PRIO Armed Conflict Dataset",
    publisher="Uppsala Conflict Data Program (UCDP), Uppsala University, and PRIO",
    title="UCDP/PRIO Armed Conflict Dataset, conflict-year level (CSV)",
    url="https://ucdp.uu.se/downloads/",
    licence="CC BY 4.0",
    citation=(
        "Gleditsch, Nils Petter, Peter Wallensteen, Mikael Eriksson, Margareta Sollenberg & "
        "Håvard Strand (2002) Armed Conflict 1946–2001: A New Dataset. Journal of Peace Research "
        "39(5); Davies, Shawn, Therese Pettersson, Margareta Sollenberg & Magnus Öberg (2025) "
        "Organized violence 1989–2024, and the challenges of identifying civilian victims. "
        "Journal of Peace Research 62(4)"
    ),
)
DOWNLOAD_URLS: Final = ("https://ucdp.uu.se/downloads/ucdpprio/ucdp-prio-acd-251-csv.zip",)

GW_COLUMNS: Final = ("gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd", "gwno_loc")
DATE_COLUMNS: Final = ("start_date", "start_date2", "ep_end_date")
REGIONS: Final = {1: "Europe", 2: "Middle East", 3: "Asia", 4: "Africa", 5: "Americas"}
COLUMNS: Final = (
    "conflict_id",
    "location",
    "side_a",
    "side_b",
    "incompatibility",
    "territory_name",
    "year",
    "intensity_level",
    "type_of_conflict",
    "start_date",
    "start_date2",
    "ep_end",
    "ep_end_date",
    *GW_COLUMNS,
    "region",
    "version",
    "locator",
)
_READ: Final = tuple(name for name in COLUMNS if name != "locator")
_WHAT: Final = "UCDP/PRIO conflict file"


def parse(path: Path) -> ParsedFile:
    """Read a UCDP/PRIO conflict-year CSV (UCDP's layout or a semicolon re-save)."""
    table, delimiter = read_delimited(path, required=_READ, what=_WHAT)
    table, notes = _drop_split_records(table)
    style, ambiguous = guess_date_style(pd.concat([table.cells[c] for c in DATE_COLUMNS]))
    errors = CellErrors(table)
    frame = _typed(table, style, errors)
    errors.raise_if_any(f"bad values in a {_WHAT}")
    _check_unique_years(frame, path)
    for column, lists in _entity_columns(table).items():
        frame[column] = lists
    frame["locator"] = table.places.astype("string")
    notes.append(f"read as {DELIMITERS[delimiter]}-separated, dates {style}")
    if ambiguous:
        notes.append("no date starts with a number above 12: dates assumed day-first")
    return ParsedFile(frame=frame.loc[:, list(COLUMNS)], vintage=_vintage(frame, path), notes=notes)


def _drop_split_records(table: RawTable) -> tuple[RawTable, list[str]]:
    """Drop records that a line break inside a field split in two.

    A spreadsheet re-save can break a record where a field held a line break: the first part
    ends before `year`, the second starts with an empty `conflict_id`, and the fields after the
    break are shifted. Neither part can be trusted, so both are skipped and named in a note.
    """
    head = (table.text("year") == "") & (table.text("conflict_id") != "")
    tail = (table.text("conflict_id") == "").shift(-1, fill_value=False)
    first = head & tail
    broken = first | first.shift(1, fill_value=False)
    if not broken.any():
        return table, []
    described = [
        f"conflict {conflict} ({place} and the record after it)"
        for conflict, place in zip(
            table.cells.loc[first, "conflict_id"], table.places[first], strict=True
        )
    ]
    note = (
        f"skipped {int(first.sum())} record(s) split over two lines by a line break inside a "
        f"field: {'; '.join(described)}"
    )
    return table.keep(~broken), [note]


def _typed(table: RawTable, style: DateStyle, errors: CellErrors) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "conflict_id": integers(table, "conflict_id", errors),
            "location": required_texts(table, "location", errors),
            "side_a": required_texts(table, "side_a", errors),
            "side_b": required_texts(table, "side_b", errors),
            "incompatibility": codes(table, "incompatibility", errors, (1, 2, 3)),
            "territory_name": texts(table, "territory_name"),
            "year": integers(table, "year", errors),
            "intensity_level": codes(table, "intensity_level", errors, (1, 2)),
            "type_of_conflict": codes(table, "type_of_conflict", errors, (1, 2, 3, 4)),
            "start_date": dates(table, "start_date", errors, styles=(style,)),
            "start_date2": dates(table, "start_date2", errors, styles=(style,)),
            "ep_end": codes(table, "ep_end", errors, (0, 1)).astype("boolean"),
            "ep_end_date": dates(table, "ep_end_date", errors, styles=(style,), required=False),
            "region": _regions(table, errors),
            # Side A's state and the location are always coded; the lists are filled later.
            "gwno_a": required_texts(table, "gwno_a", errors),
            "gwno_loc": required_texts(table, "gwno_loc", errors),
            "version": required_texts(table, "version", errors),
        }
    )


def _regions(table: RawTable, errors: CellErrors) -> pd.Series:
    """UCDP region codes ("1" or "1, 3") as lists of region names."""
    parts = [[part.strip() for part in cell.split(",")] for cell in table.text("region")]
    good = [all(part in map(str, REGIONS) for part in cell) for cell in parts]
    errors.add(~pd.Series(good, dtype=bool), "region", f"expected codes among {sorted(REGIONS)}")
    names = [
        [REGIONS[int(p)] for p in cell] if ok else [] for cell, ok in zip(parts, good, strict=True)
    ]
    return pd.Series(names, dtype=object)


def _entity_columns(table: RawTable) -> dict[str, pd.Series]:
    """Each gwno_* column as lists of entity ids; unknown or malformed numbers all raise at once."""
    crosswalk = Crosswalk.bundled()
    columns: dict[str, pd.Series] = {}
    unknown: list[str] = []
    for column in GW_COLUMNS:
        lists = [
            _entity_ids(crosswalk, cell, f"{place};column={column}", unknown)
            for place, cell in zip(table.places, table.text(column), strict=True)
        ]
        columns[column] = pd.Series(lists, dtype=object)
    if unknown:
        raise UnmappedEntityError(
            "Gleditsch–Ward numbers unknown to the entity crosswalk",
            path=table.path,
            offenders=unknown,
        )
    return columns


def _entity_ids(crosswalk: Crosswalk, cell: str, where: str, unknown: list[str]) -> list[str]:
    ids: list[str] = []
    for part in filter(None, (part.strip() for part in cell.split(","))):
        entity = crosswalk.by_code("gw", part) if part.isdigit() else None
        if entity is None:
            unknown.append(f"{where}: {part!r}")
        else:
            ids.append(entity.id)
    return ids


def _check_unique_years(frame: pd.DataFrame, path: Path) -> None:
    twice = frame.duplicated(["conflict_id", "year"], keep=False)
    if twice.any():
        pairs = sorted(
            {
                f"conflict {c}, year {y}"
                for c, y in frame.loc[twice, ["conflict_id", "year"]].itertuples(index=False)
            }
        )
        raise ValidationError("conflict-years that appear twice", path=path, offenders=pairs)


def _vintage(frame: pd.DataFrame, path: Path) -> str:
    versions = sorted(set(frame["version"].dropna()))
    if len(versions) != 1:
        raise ValidationError("a file should hold one UCDP version", path=path, offenders=versions)
    return str(versions[0])

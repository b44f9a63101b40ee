"""Parsers for the SIPRI Arms Transfers Database: the trade register and the TIV-of-imports table.

The trade register lists deals (one record per supplier, recipient, weapon and order) with their
numbers, years and SIPRI trend-indicator values (TIV). The TIV table gives TIV of imports per
recipient and year. Both are CSV exports of SIPRI's query forms; there is no stable file URL.

TIV is not money. It is SIPRI's volume measure of major weapons transferred, in millions of TIV,
built from production costs of a core set of weapons; it must never be compared with, added to or
converted like US$ figures. Every TIV column here is named `tiv…` and its unit is TIV_UNIT.

Recipient and supplier names stay as SIPRI spells them ("Turkiye", "Bosnia-Herzegovina",
"unknown supplier(s)", "NLA (Macedonia)*"); mapping them to entities is a later step.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

import pandas as pd

from powderkeg.errors import FormatError, ValidationError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import ParsedFile, conform
from powderkeg.sources.sniff import sniff

SOURCE_ID: Final = "sipri_arms"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="SIPRI Arms Transfers Database",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    title="SIPRI Arms Transfers Database: trade register and TIV tables (CSV exports)",
    url="https://www.sipri.org/databases/armstransfers",
    licence="SIPRI terms and conditions (https://www.sipri.org/about/terms-and-conditions)",
    citation=(
        "SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, "
        "https://doi.org/10.55163/SAFC1241"
    ),
)
# The register and tables come out of SIPRI's query form (armstrade.sipri.org); no stable file URL.
DOWNLOAD_URLS: Final[tuple[str, ...]] = ()

TIV_UNIT: Final = "TIV million (SIPRI trend-indicator value, not US$)"

# SIPRI's weapon categories (its "Coverage" page), the values of the `category` column.
AIRCRAFT: Final = "aircraft"
AIR_DEFENCE: Final = "air defence systems"
ANTI_SUBMARINE: Final = "anti-submarine warfare weapons"
ARMOURED_VEHICLES: Final = "armoured vehicles"
ARTILLERY: Final = "artillery"
ENGINES: Final = "engines"
MISSILES: Final = "missiles"
NAVAL_WEAPONS: Final = "naval weapons"
SATELLITES: Final = "satellites"
SENSORS: Final = "sensors"
SHIPS: Final = "ships"
OTHER: Final = "other"
WEAPON_CATEGORIES: Final = (
    AIRCRAFT,
    AIR_DEFENCE,
    ANTI_SUBMARINE,
    ARMOURED_VEHICLES,
    ARTILLERY,
    ENGINES,
    MISSILES,
    NAVAL_WEAPONS,
    SATELLITES,
    SENSORS,
    SHIPS,
    OTHER,
)

# A description names its weapon by its last word ("anti-submarine helicopter" is a helicopter,
# "missile boat" a boat); "x/y" alternatives are tried left to right ("naval mine/torpedo").
_HEAD_NOUNS: Final[dict[str, str]] = {
    **dict.fromkeys(("aircraft", "helicopter", "uav"), AIRCRAFT),
    # SIPRI counts torpedoes, guided bombs, shells and rockets, loitering munitions and
    # one-way attack drones (e.g. Shahed-136) as missiles.
    **dict.fromkeys(("missile", "sam", "torpedo", "bomb", "shell", "rocket"), MISSILES),
    **dict.fromkeys(("munition", "drone"), MISSILES),
    **dict.fromkeys(("radar", "sonar"), SENSORS),
    **dict.fromkeys(("engine", "turbofan", "turbojet", "turboprop", "turbine"), ENGINES),
    "reactor": ENGINES,  # a ship's nuclear propulsion reactor
    "satellite": SATELLITES,
    **dict.fromkeys(("tank", "car", "vehicle", "bridgelayer", "chassis"), ARMOURED_VEHICLES),
    **dict.fromkeys(("ship", "boat", "craft", "submarine", "corvette", "frigate"), SHIPS),
    **dict.fromkeys(("cruiser", "minehunter", "minelayer", "minesweeper", "gunboat"), SHIPS),
    **dict.fromkeys(("icebreaker", "tug", "tanker"), SHIPS),
    # SIPRI's "other" holds turrets and air-refuelling systems; its aircraft are fixed-wing
    # aircraft and helicopters, so airships land here, as does the one armed ground robot.
    **dict.fromkeys(("turret", "airship", "ugv"), OTHER),
}
# Head nouns whose category depends on a qualifier: (substring of the description, category),
# first match wins; "" is the head's own default.
_QUALIFIED_HEADS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "gun": (("anti-aircraft", AIR_DEFENCE), ("naval", NAVAL_WEAPONS), ("", ARTILLERY)),
    "mortar": (("anti-submarine", ANTI_SUBMARINE), ("", ARTILLERY)),
    "launcher": (("anti-submarine", ANTI_SUBMARINE), ("naval", NAVAL_WEAPONS), ("", ARTILLERY)),
    "carrier": (("aircraft", SHIPS), ("", ARMOURED_VEHICLES)),
    "destroyer": (("tank", ARMOURED_VEHICLES), ("", SHIPS)),
    "system": (
        ("naval", NAVAL_WEAPONS),
        ("refuel", OTHER),
        # Land-based anti-ship missile batteries, counted like other missile launchers.
        ("coastal", ARTILLERY),
        ("electro-optical", SENSORS),
        ("eo/", SENSORS),
        ("reconnaissance", SENSORS),
        ("intelligence", SENSORS),
        ("search", SENSORS),
        ("sam", AIR_DEFENCE),
        ("abm", AIR_DEFENCE),
        ("air-defence", AIR_DEFENCE),
        ("ad system", AIR_DEFENCE),
        ("anti-aircraft", AIR_DEFENCE),
    ),
}


def weapon_category(description: str) -> str | None:
    """SIPRI's weapon category for a weapon description, or None when no rule knows it."""
    text = description.strip().lower()
    words = text.split()
    if not words:
        return None
    for head in words[-1].strip("()").split("/"):
        if head in _HEAD_NOUNS:
            return _HEAD_NOUNS[head]
        for qualifier, category in _QUALIFIED_HEADS.get(head, ()):
            if qualifier in text:
                return category
    return None


@dataclass(frozen=True)
class ParsedRegister:
    """The trade register: one row per deal record, typed; `notes` says what was repaired."""

    frame: pd.DataFrame
    vintage: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedTiv:
    """A TIV table in long form: one row per recipient and year with deliveries."""

    frame: pd.DataFrame
    vintage: str
    notes: list[str] = field(default_factory=list)


REGISTER_COLUMNS: Final = {
    "record_id": "string",
    "locator": "string",
    "recipient": "string",
    "supplier": "string",
    "order_year": "Int64",
    "order_year_uncertain": "bool",
    "number_ordered": "Int64",
    "number_ordered_uncertain": "bool",
    "designation": "string",
    "description": "string",
    "category": "string",
    "number_delivered": "Int64",
    "number_delivered_uncertain": "bool",
    "delivery_years": "string",
    "first_delivery_year": "Int64",
    "last_delivery_year": "Int64",
    "status": "string",
    "second_hand": "bool",
    "comments": "string",
    "tiv_per_unit": "float64",
    "tiv_total_order": "float64",
    "tiv_delivered": "float64",
}
TIV_COLUMNS: Final = {
    "recipient": "string",
    "year": "int64",
    "tiv": "float64",
    "flags": "string",
    "locator": "string",
}
BELOW_HALF: Final = "below_0.5"  # flag of a 0 in a TIV table: deliveries worth under 0.5 m TIV

# The register's 16 columns: our key, and SIPRI's header text ("" for the unlabelled flag columns).
_REGISTER_LAYOUT: Final = (
    ("recipient", "Recipient"),
    ("supplier", "Supplier"),
    ("order_year", "Year of order"),
    ("order_year_flag", ""),
    ("number_ordered", "Number ordered"),
    ("number_ordered_flag", ""),
    ("designation", "Weapon designation"),
    ("description", "Weapon description"),
    ("number_delivered", "Number delivered"),
    ("number_delivered_flag", ""),
    ("delivery_years", "Year(s) of delivery"),
    ("status", "status"),
    ("comments", "Comments"),
    ("tiv_per_unit", "SIPRI TIV per unit"),
    ("tiv_total_order", "SIPRI TIV for total order"),
    ("tiv_delivered", "SIPRI TIV of delivered weapons"),
)
_WIDTH: Final = len(_REGISTER_LAYOUT)
_COMMENTS: Final = 12  # index of Comments; the three TIV columns follow it
_HEADER_SEARCH_ROWS: Final = 30  # SIPRI's own exports start with a few lines of prose
_INTEGER: Final = re.compile(r"\d+")
_NUMBER: Final = re.compile(r"\d+(\.\d*)?|\.\d+")
_YEAR: Final = re.compile(r"\(?(\d{4})\)?")
_ID_DIGITS: Final = 16


class _Row(NamedTuple):
    """One CSV row and the physical lines it spans (1-based, inclusive)."""

    first: int
    last: int
    cells: list[str]

    @property
    def locator(self) -> str:
        lines = f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"
        return f"line={lines}"


def parse_register(path: Path, *, vintage: str | None = None) -> ParsedRegister:
    """Read a trade-register CSV into one typed row per deal record, repairing split records."""
    sniff(path, expect="csv")
    rows = _read_rows(path)
    header, body = _find_header(rows, "Recipient", path=path)
    _check_register_header(header, path=path)
    records, repaired, problems = _join_split_records(body)
    typed = _typed_records(records, problems)
    if problems:
        raise ValidationError(
            f"{len(problems)} bad values in the trade register", path=path, offenders=problems
        )
    if not typed:
        raise FormatError("the trade register has a header but no records", path=path)
    frame = _register_frame(typed)
    chosen, vintage_note = _register_vintage(frame, vintage)
    notes = [*_register_notes(frame, repaired), vintage_note]
    return ParsedRegister(frame=frame, vintage=chosen, notes=notes)


def parse_tiv_imports(path: Path, *, vintage: str | None = None) -> ParsedTiv:
    """Read a TIV-of-imports table (recipients × years) into rows of recipient, year and TIV."""
    sniff(path, expect="csv")
    rows = _read_rows(path)
    header, body = _find_header(rows, "Recipient", path=path)
    years = _year_columns(header, path=path)
    totals = [row for row in body if _is_total_row(row)]
    problems: list[str] = []
    values = [
        value
        for row in body
        if not _is_total_row(row)
        for value in _tiv_values(row, years, problems, width=len(header.cells))
    ]
    if problems:
        raise ValidationError(
            f"{len(problems)} bad values in the TIV table", path=path, offenders=problems
        )
    if not values:
        raise FormatError("the TIV table has a header but no values", path=path)
    frame = pd.DataFrame.from_records(values, columns=list(TIV_COLUMNS)).astype(TIV_COLUMNS)
    last_year = max(years.values())
    chosen = vintage or str(last_year + 1)
    notes = _tiv_notes(frame, years, totals, vintage=vintage, chosen=chosen)
    return ParsedTiv(frame=frame, vintage=chosen, notes=notes)


def parse(path: Path) -> ParsedFile:
    """The TIV-of-imports table in the store's frame contract (measure arms_imports_tiv, unit TIV)."""
    parsed = parse_tiv_imports(path)
    tiv = parsed.frame
    frame = pd.DataFrame(
        {
            "entity_name": tiv["recipient"],
            "entity_code": pd.NA,
            "period": tiv["year"],
            "measure": "arms_imports_tiv",
            "value": tiv["tiv"] * 1e6,  # base units: TIV, as US$ not US$ m
            "unit": "TIV",
            "currency": pd.NA,
            "price_basis": "",
            "base_year": pd.NA,
            "flags": tiv["flags"],
            "locator": tiv["locator"],
        }
    )
    return ParsedFile(
        frame=conform(frame, path=str(path)), vintage=parsed.vintage, notes=parsed.notes
    )


def is_trade_register(path: Path) -> bool:
    """Whether `path` is a trade register (records) rather than a TIV table (recipients × years)."""
    sniff(path, expect="csv")
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        head = [handle.readline() for _ in range(30)]
    return any("Weapon designation" in line for line in head)


# --- reading CSV rows -------------------------------------------------------------------------


def _read_rows(path: Path) -> list[_Row]:
    """Every non-blank row with the physical lines it spans (a quoted cell may span several)."""
    rows: list[_Row] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            last = 0
            for cells in reader:
                first, last = last + 1, reader.line_num
                if any(cell.strip() for cell in cells):
                    rows.append(_Row(first, last, cells))
    except UnicodeDecodeError as error:
        raise FormatError(
            f"not UTF-8 text: {error.reason} at byte {error.start}", path=path
        ) from None
    except csv.Error as error:
        raise FormatError(f"not readable as CSV: {error}", path=path) from None
    return rows


def _find_header(rows: Sequence[_Row], first_cell: str, *, path: Path) -> tuple[_Row, list[_Row]]:
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if row.cells[0].strip() == first_cell:
            return row, list(rows[index + 1 :])
    seen = rows[0].cells[:4] if rows else []
    raise FormatError(
        f"no header row starting with {first_cell!r} in the first {_HEADER_SEARCH_ROWS} rows",
        path=path,
        offenders=[f"first row: {', '.join(seen)}"],
    )


# --- the trade register -----------------------------------------------------------------------


def _check_register_header(header: _Row, *, path: Path) -> None:
    found = [cell.strip() for cell in header.cells]
    expected = [label for _, label in _REGISTER_LAYOUT]
    if [label.casefold() for label in found] == [label.casefold() for label in expected]:
        return
    width = max(len(found), len(expected))
    found += ["<none>"] * (width - len(found))
    expected += ["<none>"] * (width - len(expected))
    differences = [
        f"column {number}: expected {want!r}, found {got!r}"
        for number, (want, got) in enumerate(zip(expected, found, strict=True), start=1)
        if want.casefold() != got.casefold()
    ]
    raise FormatError(
        "not a SIPRI trade register: its columns differ from the expected 16",
        path=path,
        where=header.locator,
        offenders=differences,
    )


def _join_split_records(body: list[_Row]) -> tuple[list[_Row], list[str], list[str]]:
    """Merge each record that a line break in Comments split over two lines.

    The split leaves the first line with empty TIV cells and a second line holding the rest of
    the comment followed by the three TIVs ("<comment tail>,0.03,0.36,0,,,…").
    """
    records: list[_Row] = []
    repaired: list[str] = []
    problems: list[str] = []
    for row in body:
        if records and _continues(records[-1], row):
            records[-1] = _merged(records[-1], row)
            repaired.append(records[-1].locator)
        elif len(row.cells) != _WIDTH or not row.cells[0].strip():
            problems.append(f"{row.locator}: not a record ({len(row.cells)} cells): {row.cells}")
        else:
            records.append(row)
    return records, repaired, problems


def _continues(previous: _Row, row: _Row) -> bool:
    tivs_missing = not any(cell.strip() for cell in previous.cells[_COMMENTS + 1 :])
    rest_empty = not any(cell.strip() for cell in row.cells[4:])
    return tivs_missing and rest_empty and len(row.cells) >= 4 and previous.last + 1 == row.first


def _merged(head: _Row, tail: _Row) -> _Row:
    comment = " ".join(
        part for part in (head.cells[_COMMENTS].strip(), tail.cells[0].strip()) if part
    )
    cells = [*head.cells[:_COMMENTS], comment, *tail.cells[1:4]]
    return _Row(head.first, tail.last, cells)


class _Cells:
    """The cells of one record by key, converting values and noting the ones that do not parse."""

    def __init__(self, row: _Row, problems: list[str]) -> None:
        self._row = row
        self._values = {
            key: cell.strip() for (key, _), cell in zip(_REGISTER_LAYOUT, row.cells, strict=True)
        }
        self._problems = problems

    def text(self, key: str) -> str:
        return self._values[key]

    def integer(self, key: str) -> int | None:
        value = self._values[key]
        if value and not _INTEGER.fullmatch(value):
            self._bad(key, "a whole number")
            return None
        return int(value) if value else None

    def number(self, key: str) -> float:
        value = self._values[key]
        if value and not _NUMBER.fullmatch(value):
            self._bad(key, "a number")
            return float("nan")
        return float(value) if value else float("nan")

    def flag(self, key: str) -> bool:
        value = self._values[key]
        if value not in ("", "?"):
            self._bad(key, "'?' or empty")
        return value == "?"

    def years(self, key: str) -> list[int]:
        parts = [part.strip() for part in self._values[key].split(";") if part.strip()]
        matches = [_YEAR.fullmatch(part) for part in parts]
        if not all(matches):
            self._bad(key, "years separated by '; '")
            return []
        return [int(match.group(1)) for match in matches if match]

    def _bad(self, key: str, wanted: str) -> None:
        label = dict(_REGISTER_LAYOUT)[key] or f"flag column ({key})"
        self._problems.append(
            f"{self._row.locator};column={label}: {self._values[key]!r} is not {wanted}"
        )


def _typed_records(records: list[_Row], problems: list[str]) -> list[dict[str, Any]]:
    typed = [_typed(row, _Cells(row, problems)) for row in records]
    for record, record_id in zip(typed, _record_ids(records), strict=True):
        record["record_id"] = record_id
    return typed


def _typed(row: _Row, cells: _Cells) -> dict[str, Any]:
    years = cells.years("delivery_years")
    status = cells.text("status")
    return {
        "locator": row.locator,
        "recipient": cells.text("recipient"),
        "supplier": cells.text("supplier"),
        "order_year": cells.integer("order_year"),
        "order_year_uncertain": cells.flag("order_year_flag"),
        "number_ordered": cells.integer("number_ordered"),
        "number_ordered_uncertain": cells.flag("number_ordered_flag"),
        "designation": cells.text("designation"),
        "description": cells.text("description"),
        "category": weapon_category(cells.text("description")) or OTHER,
        "number_delivered": cells.integer("number_delivered"),
        "number_delivered_uncertain": cells.flag("number_delivered_flag"),
        "delivery_years": cells.text("delivery_years"),
        "first_delivery_year": min(years) if years else None,
        "last_delivery_year": max(years) if years else None,
        "status": status,
        "second_hand": status.casefold().startswith("second hand"),
        "comments": cells.text("comments"),
        "tiv_per_unit": cells.number("tiv_per_unit"),
        "tiv_total_order": cells.number("tiv_total_order"),
        "tiv_delivered": cells.number("tiv_delivered"),
    }


def _record_ids(records: list[_Row]) -> list[str]:
    """Content ids: the same record in another file or release gets the same id.

    The id is the first 16 hex digits of the sha256 of the record's trimmed cells; identical
    records (SIPRI lists some deals twice, cell for cell) get "-2", "-3" … in file order.
    """
    seen: Counter[str] = Counter()
    ids = []
    for row in records:
        text = "\x1f".join(cell.strip() for cell in row.cells)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:_ID_DIGITS]
        seen[digest] += 1
        ids.append(digest if seen[digest] == 1 else f"{digest}-{seen[digest]}")
    return ids


def _register_frame(typed: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(typed, columns=list(REGISTER_COLUMNS))
    frame = frame.astype(REGISTER_COLUMNS)
    frame.attrs["tiv_unit"] = TIV_UNIT
    return frame


def _register_vintage(frame: pd.DataFrame, vintage: str | None) -> tuple[str, str]:
    last_order = int(frame["order_year"].max())
    last_delivery = frame["last_delivery_year"].max()
    latest = max(last_order, int(last_delivery) if pd.notna(last_delivery) else last_order)
    if vintage:
        return vintage, f"vintage {vintage} as given (the data run to {latest})"
    inferred = str(latest + 1)
    return inferred, (
        f"vintage {inferred} inferred as the latest order or delivery year ({latest}) + 1: "
        "SIPRI's spring release of year N covers transfers to N-1"
    )


def _register_notes(frame: pd.DataFrame, repaired: list[str]) -> list[str]:
    notes = [f"{len(frame)} records; TIV columns in {TIV_UNIT}"]
    if repaired:
        notes.append(
            f"{len(repaired)} records split over two lines by a line break in Comments were "
            f"joined: {', '.join(repaired)}"
        )
    duplicates = int(frame["record_id"].str.contains("-", regex=False).sum())
    if duplicates:
        notes.append(f"{duplicates} records repeat an earlier record cell for cell (kept, ids -2…)")
    unmatched = sorted(
        {text for text in frame["description"] if weapon_category(str(text)) is None}
    )
    if unmatched:
        notes.append(f"descriptions without a category rule, put under 'other': {unmatched}")
    return notes


# --- the TIV table ----------------------------------------------------------------------------


def _year_columns(header: _Row, *, path: Path) -> dict[int, int]:
    years = {
        index: int(label)
        for index, cell in enumerate(header.cells)
        if re.fullmatch(r"\d{4}", label := cell.strip())
    }
    if not years:
        raise FormatError(
            "not a SIPRI TIV table: no year columns after 'Recipient'",
            path=path,
            where=header.locator,
            offenders=[f"header: {', '.join(header.cells[:8])}"],
        )
    return years


def _is_total_row(row: _Row) -> bool:
    return row.cells[0].strip().casefold().startswith("total")


def _tiv_values(
    row: _Row, years: dict[int, int], problems: list[str], *, width: int
) -> Iterator[dict[str, Any]]:
    if len(row.cells) != width:
        problems.append(f"{row.locator}: {len(row.cells)} cells, the header has {width}")
        return
    recipient = row.cells[0].strip()
    for index, year in years.items():
        value = row.cells[index].strip()
        if not value:
            continue  # blank: no deliveries that year
        where = f"{row.locator};column={year}"
        if not _NUMBER.fullmatch(value):
            problems.append(f"{where}: {value!r} is not a number")
            continue
        tiv = float(value)
        flags = BELOW_HALF if tiv == 0 else ""
        yield {"recipient": recipient, "year": year, "tiv": tiv, "flags": flags, "locator": where}


def _tiv_notes(
    frame: pd.DataFrame,
    years: dict[int, int],
    totals: list[_Row],
    *,
    vintage: str | None,
    chosen: str,
) -> list[str]:
    first, last = min(years.values()), max(years.values())
    notes = [
        f"{frame['recipient'].nunique()} recipients, years {first}-{last}, values in {TIV_UNIT}",
        "blank cells (no deliveries) give no row; 0 means under 0.5 m TIV, flagged below_0.5",
        "the total columns (e.g. 1950-2023, Percentage) were skipped",
    ]
    if totals:
        names = ", ".join(row.cells[0].strip() for row in totals)
        notes.append(f"aggregate rows skipped: {names} ({', '.join(r.locator for r in totals)})")
    if vintage:
        notes.append(f"vintage {vintage} as given (the years run to {last})")
    else:
        notes.append(f"vintage {chosen} inferred as the last year column ({last}) + 1")
    return notes

"""Parser for Our World in Data grapher CSV exports of SIPRI military expenditure.

An export has the columns `Entity, Code, Year`, one value column named after the indicator and
optional metadata columns (the OWID world region). Code is empty for regions such as
"Africa (SIPRI)" and `OWID_*` for entities without an ISO code (Kosovo is `OWID_KOS`). The file
says neither its SIPRI release nor the base year of constant-price values: both are inferred
from the last data year unless given, and the inference is written into the notes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from powderkeg.errors import FormatError, ValidationError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import COLUMNS, ParsedFile, conform
from powderkeg.sources.sniff import sniff

SOURCE_ID: Final = "owid_grapher"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="SIPRI Military Expenditure Database",  # the values and their release are SIPRI's
    publisher="Our World in Data, from the SIPRI Military Expenditure Database",
    title="Military spending (SIPRI), OWID grapher CSV export",
    url="https://ourworldindata.org/grapher/military-spending-sipri",
    licence="CC BY 4.0 (OWID processing); SIPRI Terms and Conditions for the underlying data",
    citation=(
        "SIPRI Military Expenditure Database, processed by Our World in Data, "
        "https://ourworldindata.org/grapher/military-spending-sipri"
    ),
)
_CSV_QUERY: Final = "?v=1&csvType=full&useColumnShortNames=false"
DOWNLOAD_URLS: Final = (
    f"https://ourworldindata.org/grapher/military-spending-sipri.csv{_CSV_QUERY}",
    f"https://ourworldindata.org/grapher/military-spending-as-a-share-of-gdp-sipri.csv{_CSV_QUERY}",
)

_KEY_COLUMNS: Final = ("Entity", "Code", "Year")
_METADATA_COLUMNS: Final = frozenset({"World region according to OWID"})
_NUMBER: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class _Measure:
    measure: str
    unit: str
    currency: str | None
    price_basis: str
    constant: bool


# Value column name (as OWID spells it with useColumnShortNames=false) -> what it measures.
_VALUE_COLUMNS: Final = {
    "Military expenditure": _Measure("constant_usd", "USD", "USD", "constant", constant=True),
    "Military expenditure (% of GDP)": _Measure("share_gdp", "percent", None, "", constant=False),
}


def parse(path: Path, *, vintage: str | None = None, base_year: int | None = None) -> ParsedFile:
    """Read an OWID grapher export; `vintage`/`base_year` default to values inferred from it."""
    sniff(path, expect="csv")
    rows = _read_rows(path)
    frame = pd.DataFrame.from_records(rows, columns=[*COLUMNS, "_constant"])
    notes: list[str] = []
    last_year = int(frame["period"].max())
    if vintage is None:
        vintage = str(last_year + 1)
        notes.append(
            f"vintage {vintage} inferred as the last data year ({last_year}) + 1, the SIPRI "
            "release the export was built from"
        )
    _set_base_year(frame, base_year, last_year, notes)
    return ParsedFile(frame=conform(frame, path=str(path)), vintage=vintage, notes=notes)


def _read_rows(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    bad: list[str] = []
    line = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = _header(next(reader, None), path=path)
            measures = _value_columns(header, path=path)
            for cells in reader:
                line = reader.line_num
                _read_record(cells, line, header, measures, rows, bad)
    except (csv.Error, UnicodeDecodeError) as error:
        raise FormatError(
            f"unreadable CSV: {error}", path=path, where=f"after line={line}"
        ) from None
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}", path=path) from None
    if bad:
        raise ValidationError("bad cells in an OWID export", path=path, offenders=bad)
    if not rows:
        raise FormatError("no values in the file", path=path)
    return rows


def _header(cells: list[str] | None, *, path: Path) -> list[str]:
    header = [cell.strip() for cell in cells or []]
    if tuple(header[:3]) != _KEY_COLUMNS:
        raise FormatError(
            f"not an OWID grapher export: expected the columns {', '.join(_KEY_COLUMNS)} first",
            path=path,
            where="line=1",
            offenders=[f"columns found: {', '.join(header) or '(none)'}"],
        )
    return header


def _value_columns(header: list[str], *, path: Path) -> dict[int, _Measure]:
    values = {
        i: name for i, name in enumerate(header[3:], start=3) if name not in _METADATA_COLUMNS
    }
    unknown = [name for name in values.values() if name not in _VALUE_COLUMNS]
    if unknown or not values:
        raise FormatError(
            f"unknown value columns (known: {', '.join(_VALUE_COLUMNS)}; "
            f"columns found: {', '.join(header)})",
            path=path,
            where="line=1",
            offenders=unknown or ["(no value column)"],
        )
    return {i: _VALUE_COLUMNS[name] for i, name in values.items()}


def _read_record(
    cells: list[str],
    line: int,
    header: list[str],
    measures: dict[int, _Measure],
    rows: list[dict[str, Any]],
    bad: list[str],
) -> None:
    if not any(cell.strip() for cell in cells):
        return
    if len(cells) != len(header):
        bad.append(f"line={line}: {len(cells)} fields, the header has {len(header)}")
        return
    entity, code, year_text = (cell.strip() for cell in cells[:3])
    year = _int_or_none(year_text)
    if not entity or year is None:
        bad.append(f"line={line}: entity {entity!r}, year {year_text!r}")
        return
    for index, measure in measures.items():
        text = cells[index].strip()
        if not text:
            continue
        number = _float_or_none(text)
        if number is None:
            bad.append(f"line={line};column={header[index]}: {text!r}")
            continue
        rows.append(
            _row(entity, code, year, number, measure, f"line={line};column={header[index]}")
        )


def _row(
    entity: str, code: str, year: int, value: float, measure: _Measure, locator: str
) -> dict[str, Any]:
    return {
        "entity_name": entity,
        "entity_code": code or None,
        "period": year,
        "measure": measure.measure,
        "value": value,
        "unit": measure.unit,
        "currency": measure.currency,
        "price_basis": measure.price_basis,
        "base_year": None,
        "flags": "",
        "locator": locator,
        "_constant": measure.constant,
    }


def _set_base_year(
    frame: pd.DataFrame, base_year: int | None, last_year: int, notes: list[str]
) -> None:
    constant = frame["_constant"].astype(bool)
    if not constant.any():
        return
    if base_year is None:
        # SIPRI prices each release in constant US$ of the year before its last data year.
        base_year = last_year - 1
        notes.append(
            f"constant US$ base year {base_year} inferred as the last data year ({last_year}) - 1, "
            "SIPRI's convention; pass base_year when the export says otherwise"
        )
    frame["base_year"] = frame["base_year"].astype("Int64")
    frame.loc[constant, "base_year"] = base_year


def _int_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _float_or_none(text: str) -> float | None:
    # Plain decimals only: float() would also take "nan", "inf" and "1_000".
    return float(text) if _NUMBER.fullmatch(text) else None

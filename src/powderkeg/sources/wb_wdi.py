"""Parser for World Bank WDI bulk CSV files (`API_<indicator>_DS2_en_csv_v2_<n>.csv`).

One indicator per file, in the World Bank's bulk layout: a preamble ("Data Source", "Last Updated
Date", each followed by a blank line), then `Country Name, Country Code, Indicator Name,
Indicator Code, 1960, ...` with a trailing empty column, one row per economy or aggregate. The
API download is a zip holding that CSV plus two Metadata_*.csv files; `parse` reads either.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

import pandas as pd

from powderkeg.errors import FormatError, ValidationError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import COLUMNS, ParsedFile, conform
from powderkeg.sources.sniff import check_text, is_zip, sniff

SOURCE_ID: Final = "wb_wdi"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="World Development Indicators",
    publisher="World Bank",
    title="World Development Indicators, bulk CSV download per indicator",
    url="https://datacatalog.worldbank.org/search/dataset/0037712/World-Development-Indicators",
    licence="CC BY 4.0 (World Bank open data terms)",
    citation="World Bank, World Development Indicators, https://data.worldbank.org/indicator",
)


@dataclass(frozen=True)
class _Indicator:
    measure: str
    unit: str
    currency: str | None
    price_basis: str


# Indicator Code -> what its values are, in the frame's conventions.
INDICATORS: Final = {
    "NY.GDP.MKTP.CD": _Indicator("gdp", "USD", "USD", "current"),
    "SP.POP.TOTL": _Indicator("population", "persons", None, ""),
    "FP.CPI.TOTL.ZG": _Indicator("cpi_inflation", "percent", None, ""),
    "MS.MIL.TOTL.P1": _Indicator("armed_forces", "persons", None, ""),
    "MS.MIL.XPND.CD": _Indicator("current_usd", "USD", "USD", "current"),
    "MS.MIL.XPND.GD.ZS": _Indicator("share_gdp", "percent", None, ""),
}
DOWNLOAD_URLS: Final = tuple(
    f"https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=csv" for code in INDICATORS
)

_KEY_COLUMNS: Final = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
_UPDATED: Final = "Last Updated Date"
_PREAMBLE_KEYS: Final = frozenset({"Data Source", _UPDATED})
_PREAMBLE_MAX_LINES: Final = 10
_API_MEMBER: Final = re.compile(r"API_.+\.csv", re.IGNORECASE)
_YEAR: Final = re.compile(r"\d{4}")
_NUMBER: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class _Layout:
    """What the preamble and header say: vintage, and which column holds which year."""

    vintage: str
    header: list[str]
    years: dict[int, int]


@dataclass
class _Body:
    rows: list[dict[str, Any]]
    bad: list[str]
    codes: dict[str, int]  # indicator code -> first line it appears on
    names: set[str]


def parse(path: Path) -> ParsedFile:
    """Read a WDI bulk CSV, or the API zip that holds one, into the common frame."""
    text, prefix = _text_of(path)
    records = _records(text, path=path)
    layout = _read_layout(records, path=path)
    body = _read_body(records, layout, prefix)
    code, indicator = _single_indicator(body, path=path)
    if body.bad:
        raise ValidationError("bad cells in a WDI file", path=path, offenders=body.bad)
    frame = pd.DataFrame.from_records(
        [{**row, **_indicator_columns(indicator)} for row in body.rows], columns=list(COLUMNS)
    )
    notes = [
        f"vintage {layout.vintage} is the file's '{_UPDATED}'",
        f"indicator {code} ({', '.join(sorted(body.names))}) read as measure {indicator.measure}",
    ]
    return ParsedFile(frame=conform(frame, path=str(path)), vintage=layout.vintage, notes=notes)


def _text_of(path: Path) -> tuple[str, str]:
    """The CSV text and a locator prefix (the zip member, if any)."""
    if is_zip(path):
        sniff(path, expect="zip")
        member, data = _api_member(path)
        check_text(data[: 64 * 1024], path=path, where=f"member={member}")
        return _decode(data, path=path), f"member={member};"
    sniff(path, expect="csv")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}", path=path) from None
    return _decode(data, path=path), ""


def _api_member(path: Path) -> tuple[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        wanted = [name for name in names if _API_MEMBER.fullmatch(Path(name).name)]
        if len(wanted) != 1:
            raise FormatError(
                "expected exactly one API_*.csv member in the WDI zip",
                path=path,
                offenders=[f"members: {', '.join(names) or '(none)'}"],
            )
        return wanted[0], archive.read(wanted[0])


def _decode(data: bytes, *, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(f"not UTF-8 text at byte {error.start}", path=path) from None


def _records(text: str, *, path: Path) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the physical line each ends on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as error:
        raise FormatError(
            f"unreadable CSV: {error}", path=path, where=f"line={reader.line_num + 1}"
        ) from None


def _read_layout(records: Iterator[tuple[int, list[str]]], *, path: Path) -> _Layout:
    preamble, header, line = _read_preamble(records, path=path)
    if tuple(cell.strip() for cell in header[:4]) != _KEY_COLUMNS:
        raise FormatError(
            f"not a WDI header: expected {', '.join(_KEY_COLUMNS)}, 1960, ...",
            path=path,
            where=f"line={line}",
            offenders=[f"found: {', '.join(header)}"],
        )
    vintage, vintage_line = preamble.get(_UPDATED, ("", 1))
    if not _is_iso_date(vintage):
        raise FormatError(
            f"missing or malformed WDI preamble line '{_UPDATED}' (e.g. 2025-04-15)",
            path=path,
            where=f"line={vintage_line}",
            offenders=[f"{_UPDATED}: {vintage!r}"],
        )
    return _Layout(vintage, [cell.strip() for cell in header], _year_columns(header, line, path))


def _read_preamble(
    records: Iterator[tuple[int, list[str]]], *, path: Path
) -> tuple[dict[str, tuple[str, int]], list[str], int]:
    """The preamble's key -> (value, line), then the header row and its line."""
    preamble: dict[str, tuple[str, int]] = {}
    for line, cells in records:
        if any(cell.strip() for cell in cells):
            key = cells[0].strip()
            if key not in _PREAMBLE_KEYS:
                return preamble, cells, line
            preamble[key] = (cells[1].strip() if len(cells) > 1 else "", line)
        if line >= _PREAMBLE_MAX_LINES:
            break
    raise FormatError(
        f"no WDI header row in the first {_PREAMBLE_MAX_LINES} lines", path=path, where="line=1"
    )


def _year_columns(header: list[str], line: int, path: Path) -> dict[int, int]:
    cells = [cell.strip() for cell in header]
    years = {i: int(cell) for i, cell in enumerate(cells[4:], start=4) if _YEAR.fullmatch(cell)}
    # The World Bank ends every line with a comma, hence one empty last column.
    odd = [cell for i, cell in enumerate(cells[4:], start=4) if i not in years and cell]
    if odd or not years:
        raise FormatError(
            "WDI header: columns after 'Indicator Code' must be years",
            path=path,
            where=f"line={line}",
            offenders=odd or ["(no year columns)"],
        )
    return years


def _read_body(records: Iterator[tuple[int, list[str]]], layout: _Layout, prefix: str) -> _Body:
    body = _Body(rows=[], bad=[], codes={}, names=set())
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(layout.header):
            body.bad.append(
                f"line={line}: {len(cells)} fields, the header has {len(layout.header)}"
            )
            continue
        body.codes.setdefault(cells[3].strip(), line)
        body.names.add(cells[2].strip())
        _read_values(cells, line, layout, prefix, body)
    return body


def _read_values(cells: list[str], line: int, layout: _Layout, prefix: str, body: _Body) -> None:
    name, code = cells[0].strip(), cells[1].strip()
    for index, year in layout.years.items():
        text = cells[index].strip()
        if not text:
            continue
        locator = f"{prefix}line={line};column={year}"
        if not _NUMBER.fullmatch(text):
            body.bad.append(f"{locator}: {text!r}")
            continue
        row = {"entity_name": name, "entity_code": code or None, "period": year}
        body.rows.append({**row, "value": float(text), "locator": locator})


def _single_indicator(body: _Body, *, path: Path) -> tuple[str, _Indicator]:
    codes = list(body.codes)
    if len(codes) != 1:
        raise ValidationError(
            "a WDI file holds one indicator; this one has several (or none)",
            path=path,
            offenders=[f"line={line}: {code!r}" for code, line in body.codes.items()] or ["(none)"],
        )
    code = codes[0]
    if code not in INDICATORS:
        raise FormatError(
            f"unknown WDI indicator (known: {', '.join(INDICATORS)})",
            path=path,
            where=f"line={body.codes[code]};column=Indicator Code",
            offenders=[code],
        )
    return code, INDICATORS[code]


def _indicator_columns(indicator: _Indicator) -> dict[str, Any]:
    return {
        "measure": indicator.measure,
        "unit": indicator.unit,
        "currency": indicator.currency,
        "price_basis": indicator.price_basis,
        "base_year": None,
        "flags": "",
    }


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10

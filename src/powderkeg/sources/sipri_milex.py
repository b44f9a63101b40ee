"""Parser for the SIPRI Military Expenditure Database workbook (SIPRI-Milex-data-1949-<year>.xlsx).

The workbook holds one sheet per measure (local currency by financial and by calendar year,
constant and current US$, share of GDP, per capita, share of government spending). Each sheet
has a few lines of prose, a header row starting with "Country", then countries grouped under
region rows that carry no data. Cells hold numbers or the sentinels ". ." / "..." (no data) and
"xxx" (the state did not exist or was not independent). SIPRI marks estimates with a blue font
and highly uncertain figures with a red font: formatting only, so the workbook is read with
openpyxl's styles (one full load, well under a second for the 2024 release).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import openpyxl
import pandas as pd
from openpyxl.styles.colors import COLOR_INDEX

from powderkeg.errors import FormatError, ValidationError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import COLUMNS, ParsedFile, conform
from powderkeg.sources.sniff import sniff

SOURCE_ID: Final = "sipri_milex"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="SIPRI Military Expenditure Database",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    title="SIPRI Military Expenditure Database, Excel workbook (1949 to latest year)",
    url="https://www.sipri.org/databases/milex",
    licence="SIPRI Terms and Conditions (https://www.sipri.org/about/terms-and-conditions)",
    citation=(
        "SIPRI Military Expenditure Database, Stockholm International Peace Research Institute, "
        "https://doi.org/10.55163/CQGC9685"
    ),
)
# The file name changes with every April release; this is the 2024 release (data 1949-2023).
DOWNLOAD_URLS: Final = (
    "https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2023.xlsx",
)

UnitKind = Literal["local", "usd", "percent"]


@dataclass(frozen=True)
class _SheetSpec:
    """How the cells of one data sheet become frame rows."""

    measure: str
    scale: float
    unit_kind: UnitKind
    price_basis: str
    flags: tuple[str, ...] = ()


_FIXED_SHEETS: Final = {
    "Local currency financial years": _SheetSpec(
        "local_currency_fy", 1.0, "local", "current", ("financial_year",)
    ),
    "Local currency calendar years": _SheetSpec("local_currency", 1.0, "local", "current"),
    "Current US$": _SheetSpec("current_usd", 1e6, "usd", "current"),
    "Share of GDP": _SheetSpec("share_gdp", 100.0, "percent", ""),
    "Per capita": _SheetSpec("per_capita", 1.0, "usd", "current"),
    "Share of Govt. spending": _SheetSpec("share_govt_spending", 100.0, "percent", ""),
}
# The constant-price sheet names its base year, which moves with each release.
_CONSTANT_SHEET: Final = re.compile(r"Constant \((\d{4})\) US\$")
_CONSTANT_SPEC: Final = _SheetSpec("constant_usd", 1e6, "usd", "constant")

_HEADER_SEARCH_ROWS: Final = 40
_FOOTNOTE_MARKS: Final = "†‡§¶*‖⁰¹²³⁴⁵⁶⁷⁸⁹"
_BUDGET_MARK: Final = "§"
_MISSING: Final = frozenset({"...", "..", "…"})
_NOT_A_STATE: Final = "xxx"
_NUMBER: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

# (country as spelled by SIPRI, word in its Currency column) -> ISO 4217 code of the series.
# Checked against the workbook's own implied exchange rate (local currency / current US$):
# SIPRI converts redenominated currencies (marked ‖) to the latest unit, hence e.g. TRY, GHS.
_LOCAL_CURRENCIES: Final[dict[tuple[str, str], str]] = {
    ("Afghanistan", "Afghani"): "AFN",
    ("Albania", "Lek"): "ALL",
    ("Algeria", "Dinar"): "DZD",
    ("Angola", "Kwanzas"): "AOA",
    ("Argentina", "Pesos"): "ARS",
    ("Armenia", "Drams"): "AMD",
    ("Australia", "Dollars"): "AUD",
    ("Austria", "Euro"): "EUR",
    ("Azerbaijan", "Manats"): "AZN",
    ("Bahrain", "Dinar"): "BHD",
    ("Bangladesh", "Takas"): "BDT",
    ("Belarus", "Roubles"): "BYN",
    ("Belgium", "Euro"): "EUR",
    ("Belize", "Dollars"): "BZD",
    ("Benin", "CFA Francs"): "XOF",
    ("Bolivia", "Bolivianos"): "BOB",
    ("Bosnia and Herzegovina", "Marka"): "BAM",
    ("Botswana", "Pula"): "BWP",
    ("Brazil", "Reais"): "BRL",
    ("Brunei", "Dollars"): "BND",
    ("Bulgaria", "Leva"): "BGN",
    ("Burkina Faso", "CFA Francs"): "XOF",
    ("Burundi", "Francs"): "BIF",
    ("Cambodia", "Riel"): "KHR",
    ("Cameroon", "CFA Francs"): "XAF",
    ("Canada", "Dollars"): "CAD",
    ("Cape Verde", "Escudos"): "CVE",
    ("Central African Republic", "CFA Francs"): "XAF",
    ("Chad", "CFA Francs"): "XAF",
    ("Chile", "Pesos"): "CLP",
    ("China", "Yuan"): "CNY",
    ("Colombia", "Pesos"): "COP",
    ("Congo, DR", "Francs"): "CDF",
    ("Congo, Republic", "CFA Francs"): "XAF",
    ("Costa Rica", "Colones"): "CRC",
    ("Cote d'Ivoire", "CFA Francs"): "XOF",
    # Labelled "Kunas", but the implied rate is the EUR/US$ rate in every year 1992-2023.
    ("Croatia", "Kunas"): "EUR",
    ("Cuba", "Pesos"): "CUP",
    ("Cyprus", "Euro"): "EUR",
    ("Czechia", "Koruny"): "CZK",
    ("Czechoslovakia", "Korunas"): "CSK",
    ("Denmark", "Kroner"): "DKK",
    ("Djibouti", "Francs"): "DJF",
    ("Dominican Republic", "Pesos"): "DOP",
    ("Ecuador", "US dollars"): "USD",
    ("Egypt", "Pounds"): "EGP",
    ("El Salvador", "US dollars"): "USD",
    ("Equatorial Guinea", "CFA Francs"): "XAF",
    ("Eritrea", "Nakfa"): "ERN",
    ("Estonia", "Euro"): "EUR",
    ("Eswatini", "Lilangeni"): "SZL",
    ("Ethiopia", "Birr"): "ETB",
    ("European Union", "Euro"): "EUR",
    ("Fiji", "Dollars"): "FJD",
    ("Finland", "Euro"): "EUR",
    ("France", "Euro"): "EUR",
    ("Gabon", "CFA Francs"): "XAF",
    ("Gambia, The", "Dalasis"): "GMD",
    ("Georgia", "Lari"): "GEL",
    ("German Democratic Republic", "Marks"): "DDM",
    ("Germany", "Euro"): "EUR",
    ("Ghana", "Cedis"): "GHS",
    ("Greece", "Euro"): "EUR",
    ("Guatemala", "Quetzales"): "GTQ",
    ("Guinea", "Francs"): "GNF",
    ("Guinea-Bissau", "CFA Francs"): "XOF",
    ("Guyana", "Dollars"): "GYD",
    ("Haiti", "Gourdes"): "HTG",
    ("Honduras", "Lempiras"): "HNL",
    ("Hungary", "Forint"): "HUF",
    ("Iceland", "Krónur"): "ISK",
    ("India", "Rupees"): "INR",
    ("Indonesia", "Rupiah"): "IDR",
    ("Iran", "Rial"): "IRR",
    ("Iraq", "Dinar"): "IQD",
    ("Ireland", "Euro"): "EUR",
    ("Israel", "Shekels"): "ILS",
    ("Italy", "Euro"): "EUR",
    ("Jamaica", "Dollars"): "JMD",
    ("Japan", "Yen"): "JPY",
    ("Jordan", "Dinar"): "JOD",
    ("Kazakhstan", "Tenge"): "KZT",
    ("Kenya", "Shillings"): "KES",
    ("Korea, North", "Won"): "KPW",
    ("Korea, South", "Won"): "KRW",
    ("Kosovo", "Euro"): "EUR",
    ("Kuwait", "Dinar"): "KWD",
    ("Kyrgyz Republic", "Som"): "KGS",
    ("Laos", "Kip"): "LAK",
    ("Latvia", "Euro"): "EUR",
    ("Lebanon", "Pounds"): "LBP",
    ("Lesotho", "Maloti"): "LSL",
    # SIPRI footnote 25: Liberia's budget is reported in US dollars, and so are these figures.
    ("Liberia", "Dollars"): "USD",
    ("Libya", "Dinar"): "LYD",
    ("Lithuania", "Euro"): "EUR",
    ("Luxembourg", "Euro"): "EUR",
    ("Madagascar", "Ariary"): "MGA",
    ("Malawi", "Kwacha"): "MWK",
    ("Malaysia", "Ringgit"): "MYR",
    ("Mali", "CFA Francs"): "XOF",
    ("Malta", "Euro"): "EUR",
    ("Mauritania", "Ouguiyas"): "MRU",
    ("Mauritius", "Rupees"): "MUR",
    ("Mexico", "Pesos"): "MXN",
    ("Moldova", "Lei"): "MDL",
    ("Mongolia", "Tugriks"): "MNT",
    ("Montenegro", "Euro"): "EUR",
    ("Morocco", "Dirhams"): "MAD",
    ("Mozambique", "Meticais"): "MZN",
    ("Myanmar", "Kyats"): "MMK",
    ("Namibia", "Dollars"): "NAD",
    ("Nepal", "Rupees"): "NPR",
    ("Netherlands", "Euro"): "EUR",
    ("New Zealand", "Dollars"): "NZD",
    ("Nicaragua", "Córdobas"): "NIO",
    ("Niger", "CFA Francs"): "XOF",
    ("Nigeria", "Naira"): "NGN",
    ("North Macedonia", "Denars"): "MKD",
    ("Norway", "Kroner"): "NOK",
    ("Oman", "Rials"): "OMR",
    ("Pakistan", "Rupees"): "PKR",
    ("Panama", "Balboas"): "PAB",
    ("Papua New Guinea", "Kina"): "PGK",
    ("Paraguay", "Guaranies"): "PYG",
    ("Peru", "New soles"): "PEN",
    ("Philippines", "Pesos"): "PHP",
    ("Poland", "Zlotys"): "PLN",
    ("Portugal", "Euro"): "EUR",
    ("Qatar", "Riyals"): "QAR",
    ("Romania", "New lei"): "RON",
    ("Russia", "Roubles"): "RUB",
    ("Rwanda", "Francs"): "RWF",
    ("Saudi Arabia", "Riyals"): "SAR",
    ("Senegal", "CFA Francs"): "XOF",
    # Serbia and Montenegro (FRY) to 2005, Serbia from 2006; dinar figures in today's RSD.
    ("Serbia", "Dinar"): "RSD",
    ("Seychelles", "Rupees"): "SCR",
    # Old leones: the implied rate is 19,680 per US$ in 2023, not the redenominated (2022) SLE.
    ("Sierra Leone", "Leones"): "SLL",
    ("Singapore", "Dollars"): "SGD",
    ("Slovakia", "Euro"): "EUR",
    ("Slovenia", "Euro"): "EUR",
    ("Somalia", "US dollars"): "USD",
    ("South Africa", "Rand"): "ZAR",
    ("South Sudan", "Pounds"): "SSP",
    ("Spain", "Euro"): "EUR",
    ("Sri Lanka", "Rupees"): "LKR",
    ("Sudan", "Pounds"): "SDG",
    ("Sweden", "Kroner"): "SEK",
    ("Switzerland", "Francs"): "CHF",
    ("Syria", "Pounds"): "SYP",
    ("Taiwan", "Dollars"): "TWD",
    ("Tajikistan", "Somoni"): "TJS",
    ("Tanzania", "Shillings"): "TZS",
    ("Thailand", "Baht"): "THB",
    ("Timor Leste", "US dollars"): "USD",
    ("Togo", "CFA Francs"): "XOF",
    ("Trinidad and Tobago", "Dollars"): "TTD",
    ("Tunisia", "Dinar"): "TND",
    ("Turkmenistan", "Manat"): "TMT",
    ("Türkiye", "Liras"): "TRY",
    ("USSR", "Roubles"): "SUR",
    ("Uganda", "Shillings"): "UGX",
    ("Ukraine", "Hryvnias"): "UAH",
    ("United Arab Emirates", "Dirhams"): "AED",
    ("United Kingdom", "Pounds"): "GBP",
    ("United States of America", "US dollars"): "USD",
    ("Uruguay", "Pesos"): "UYU",
    ("Uzbekistan", "Som"): "UZS",
    ("Venezuela", "Bolívar"): "VEF",
    ("Viet Nam", "Dong"): "VND",
    ("Yemen", "Riyals"): "YER",
    ("Yemen, North", "Rials"): "YER",
    # SFRY to 1991, in the 1966-1989 dinar.
    ("Yugoslavia", "Dinar"): "YUD",
    ("Zambia", "Kwacha"): "ZMW",
    ("Zimbabwe", "US dollars"): "USD",
}
# Series whose currency changes inside the series although the Currency column does not.
_CURRENCY_FROM_YEAR: Final[dict[str, tuple[int, str]]] = {
    # Implied rate 1.0 until 2018, then 2.5 (2019) to 375 (2023): the RTGS/Zimbabwe dollar.
    "Zimbabwe": (2019, "ZWL"),
}
# Written into the notes whenever the country's local-currency series yields values.
_CURRENCY_CAVEATS: Final[dict[str, str]] = {
    "Belarus": (
        "Belarus local currency tagged BYN, but the implied rate is about 10 times the BYN/US$ "
        "rate in every year: the figures look like thousands of pre-2016 roubles (BYR)"
    ),
    "Croatia": "Croatia local currency is labelled 'Kunas' in the workbook but is in euro (EUR)",
    "Venezuela": (
        "Venezuela local currency tagged VEF; from 2019 the implied rate is about 1000 times "
        "the market rate in VEF terms, so the series changes unit there"
    ),
    "Zimbabwe": "Zimbabwe local currency is US$ to 2018 and Zimbabwe dollars (ZWL) from 2019",
}

_USD_MEASURES: Final = ("current_usd", "constant_usd", "per_capita")


@dataclass(frozen=True)
class _DataSheet:
    name: str
    spec: _SheetSpec
    base_year: int | None


@dataclass(frozen=True)
class _Header:
    row: int
    notes_col: int
    currency_col: int | None
    years: dict[int, int]  # 0-based column index -> year


@dataclass
class _Tally:
    """What reading all sheets found: value rows and every problem, reported together."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    bad_cells: list[str] = field(default_factory=list)
    unmapped: set[str] = field(default_factory=set)
    caveats: set[str] = field(default_factory=set)
    not_a_state: int = 0
    missing: int = 0
    last_year: int = 0


@dataclass(frozen=True)
class _RowContext:
    sheet: _DataSheet
    name: str
    flags: frozenset[str]
    currency_word: str


def parse(path: Path) -> ParsedFile:
    """Read every data sheet of a SIPRI milex workbook into the common frame."""
    sniff(path, expect="xlsx")
    workbook = _open_workbook(path)
    tally = _Tally()
    try:
        sheets = _data_sheets(workbook.sheetnames, path=path)
        palette = list(getattr(workbook, "_colors", None) or COLOR_INDEX)
        for sheet in sheets:
            _read_sheet(workbook[sheet.name], sheet, palette, tally, path=path)
    finally:
        workbook.close()
    _raise_problems(tally, path=path)
    frame = pd.DataFrame.from_records(tally.rows, columns=list(COLUMNS))
    frame, dropped = _drop_rateless_zeros(frame)
    vintage = str(tally.last_year + 1)
    notes = _notes(tally, sheets, vintage=vintage, dropped_zeros=dropped)
    return ParsedFile(frame=conform(frame, path=str(path)), vintage=vintage, notes=notes)


def _open_workbook(path: Path) -> Any:
    # Styles (fonts) are only available in the normal, not the read-only, mode.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Workbook contains no default style"
            return openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as error:  # openpyxl raises many unrelated types on a broken workbook
        raise FormatError(
            f"cannot read as an xlsx workbook: {type(error).__name__}: {error}", path=path
        ) from None


def _data_sheets(names: Sequence[str], *, path: Path) -> list[_DataSheet]:
    found = [_DataSheet(name, spec, None) for name, spec in _FIXED_SHEETS.items() if name in names]
    constant = [(name, m) for name in names if (m := _CONSTANT_SHEET.fullmatch(name))]
    missing = [name for name in _FIXED_SHEETS if name not in names]
    if len(constant) != 1:
        missing.append("Constant (<base year>) US$")
    if missing:
        raise FormatError(
            f"not a SIPRI milex workbook: data sheets missing (sheets found: {', '.join(names)})",
            path=path,
            offenders=missing,
        )
    name, match = constant[0]
    return [*found, _DataSheet(name, _CONSTANT_SPEC, int(match.group(1)))]


def _read_sheet(
    worksheet: Any, sheet: _DataSheet, palette: list[str], tally: _Tally, *, path: Path
) -> None:
    rows = worksheet.iter_rows()
    header = _find_header(rows, sheet, path=path)
    tally.last_year = max(tally.last_year, *header.years.values())
    for cells in rows:
        _read_row(cells, header, sheet, palette, tally)


def _find_header(rows: Iterable[Sequence[Any]], sheet: _DataSheet, *, path: Path) -> _Header:
    for number, cells in enumerate(rows, start=1):
        if cells and _text(cells[0].value) == "Country":
            return _parse_header([c.value for c in cells], cells[0].row, sheet, path=path)
        if number >= _HEADER_SEARCH_ROWS:
            break
    raise FormatError(
        f"no header row starting with 'Country' in the first {_HEADER_SEARCH_ROWS} rows",
        path=path,
        where=f"sheet={sheet.name}",
    )


def _parse_header(values: list[Any], row: int, sheet: _DataSheet, *, path: Path) -> _Header:
    labels = [_text(value) for value in values]
    years = {index: year for index, value in enumerate(values) if (year := _year(value))}
    required = ["Notes"] + (["Currency"] if sheet.spec.unit_kind == "local" else [])
    missing = [label for label in required if label not in labels]
    if not years:
        missing.append("year columns (1949, 1950, ...)")
    if missing:
        raise FormatError(
            f"header lacks columns (found: {', '.join(label for label in labels if label)})",
            path=path,
            where=f"sheet={sheet.name}!row {row}",
            offenders=missing,
        )
    currency = labels.index("Currency") if "Currency" in labels else None
    return _Header(row, labels.index("Notes"), currency, years)


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value) and value == int(value):
        year = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        year = int(value.strip())
    else:
        return None
    return year if 1900 <= year <= 2100 else None


def _read_row(
    cells: Sequence[Any], header: _Header, sheet: _DataSheet, palette: list[str], tally: _Tally
) -> None:
    year_cells = [(year, cells[i]) for i, year in header.years.items() if i < len(cells)]
    if not any(_text(cell.value) for _, cell in year_cells):
        return  # a region heading, a blank line or prose under the table
    raw_name = _text(cells[0].value)
    name = raw_name.translate(str.maketrans("", "", _FOOTNOTE_MARKS)).strip()
    if not name:
        tally.bad_cells.append(f"sheet={sheet.name}!{cells[0].coordinate}: values but no country")
        return
    notes = _text(cells[header.notes_col].value) if header.notes_col < len(cells) else ""
    context = _RowContext(
        sheet=sheet,
        name=name,
        flags=_row_flags(raw_name, name, notes, sheet.spec),
        currency_word=_currency_word(cells, header),
    )
    for year, cell in year_cells:
        _read_cell(cell, year, context, palette, tally)


def _row_flags(raw_name: str, name: str, notes: str, spec: _SheetSpec) -> frozenset[str]:
    flags = set(spec.flags)
    if raw_name != name or notes:
        flags.add("footnote")  # SIPRI attaches a special note or numbered footnote to the series
    if _BUDGET_MARK in raw_name or _BUDGET_MARK in notes:
        flags.add("budget")  # § = adopted budget rather than actual expenditure
    return frozenset(flags)


def _currency_word(cells: Sequence[Any], header: _Header) -> str:
    if header.currency_col is None or header.currency_col >= len(cells):
        return ""
    return _text(cells[header.currency_col].value)


def _read_cell(
    cell: Any, year: int, context: _RowContext, palette: list[str], tally: _Tally
) -> None:
    kind, number = _classify(cell.value)
    if kind == "missing":
        tally.missing += 1
    elif kind == "not_a_state":
        tally.not_a_state += 1
    elif kind == "junk":
        tally.bad_cells.append(f"sheet={context.sheet.name}!{cell.coordinate}: {cell.value!r}")
    else:
        currency = _series_currency(context, year, tally)
        if currency is not None:
            tally.rows.append(_value_row(cell, year, number, currency, context, palette))


def _classify(value: Any) -> tuple[str, float]:
    """Sort a cell into a number, a missing-data or not-a-state sentinel, or junk."""
    if value is None:
        return "missing", math.nan
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ("number", float(value)) if math.isfinite(value) else ("junk", math.nan)
    text = _text(value)
    if not text or text.replace(" ", "") in _MISSING:
        return "missing", math.nan
    if text.lower() == _NOT_A_STATE:
        return "not_a_state", math.nan
    if _NUMBER.fullmatch(text):
        return "number", float(text)
    return "junk", math.nan


def _series_currency(context: _RowContext, year: int, tally: _Tally) -> str | None:
    """The ISO code of a value's currency; None (and noted) when the workbook's word is unknown."""
    kind = context.sheet.spec.unit_kind
    if kind != "local":
        return "USD" if kind == "usd" else ""
    code = _LOCAL_CURRENCIES.get((context.name, context.currency_word))
    if code is None:
        tally.unmapped.add(f"{context.name}: {context.currency_word or '(blank)'}")
        return None
    switch = _CURRENCY_FROM_YEAR.get(context.name)
    if switch is not None and year >= switch[0]:
        code = switch[1]
    if context.name in _CURRENCY_CAVEATS:
        tally.caveats.add(_CURRENCY_CAVEATS[context.name])
    return code


def _value_row(
    cell: Any, year: int, number: float, currency: str, context: _RowContext, palette: list[str]
) -> dict[str, Any]:
    spec = context.sheet.spec
    flags = set(context.flags)
    colour = _font_colour(cell, palette)
    if colour is not None:
        flags.add(colour)
    return {
        "entity_name": context.name,
        "entity_code": None,
        "period": year,
        "measure": spec.measure,
        "value": number * spec.scale,
        "unit": "percent" if spec.unit_kind == "percent" else currency,
        "currency": currency or None,
        "price_basis": spec.price_basis,
        "base_year": context.sheet.base_year,
        "flags": ",".join(sorted(flags)),
        "locator": f"sheet={context.sheet.name}!{cell.coordinate}",
    }


def _font_colour(cell: Any, palette: list[str]) -> str | None:
    """'estimate' for SIPRI's blue font, 'uncertain' for its red font, else None."""
    colour = cell.font.color if cell.font is not None else None
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        rgb = colour.rgb
    elif colour.type == "indexed" and 0 <= colour.indexed < len(palette):
        rgb = palette[colour.indexed]
    else:
        return None  # theme colours: SIPRI uses none for data cells
    red, green, blue = (int(rgb[-6:][i : i + 2], 16) for i in (0, 2, 4))
    if blue >= 0xC0 and max(red, green) <= 0x66:
        return "estimate"
    if red >= 0xC0 and max(green, blue) <= 0x66:
        return "uncertain"
    return None


def _drop_rateless_zeros(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drop US$ zeros where the same country-year has positive local-currency spending.

    SIPRI writes 0 in its US$ sheets where it has no exchange rate (e.g. Yugoslavia 1958-1990),
    which is not a zero budget; genuine zeros (Costa Rica, Iceland) are zero in local currency too.
    """
    local = frame[(frame["measure"] == "local_currency") & (frame["value"] > 0)]
    spent = set(zip(local["entity_name"], local["period"], strict=True))
    keys = zip(frame["entity_name"], frame["period"], strict=True)
    in_spent = pd.Series([key in spent for key in keys], index=frame.index, dtype=bool)
    rateless = frame["measure"].isin(_USD_MEASURES) & (frame["value"] == 0) & in_spent
    return frame[~rateless], int(rateless.sum())


def _raise_problems(tally: _Tally, *, path: Path) -> None:
    if tally.bad_cells:
        raise ValidationError(
            "cells that are neither numbers nor SIPRI's '. .'/'xxx' markers",
            path=path,
            offenders=tally.bad_cells,
        )
    if tally.unmapped:
        raise ValidationError(
            "local currencies without an ISO 4217 code in sipri_milex._LOCAL_CURRENCIES",
            path=path,
            where="Currency column",
            offenders=sorted(tally.unmapped),
        )


def _notes(
    tally: _Tally, sheets: list[_DataSheet], *, vintage: str, dropped_zeros: int
) -> list[str]:
    base_years = [
        f"{sheet.base_year} (sheet {sheet.name!r})" for sheet in sheets if sheet.base_year
    ]
    notes = [
        f"vintage {vintage} inferred as the last year column ({tally.last_year}) + 1: SIPRI "
        "releases each April with data to the previous year; the workbook does not state it",
        f"constant US$ base year {', '.join(base_years)} read from the sheet name",
        f"{tally.not_a_state} cells marked 'xxx' (state did not exist or was not independent) "
        "produced no value",
        f"{tally.missing} cells marked '. .'/'...' or empty (data unavailable) produced no value",
    ]
    if dropped_zeros:
        notes.append(
            f"{dropped_zeros} US$ zeros dropped where local-currency spending is positive "
            "(SIPRI had no exchange rate for those years)"
        )
    return notes + sorted(tally.caveats)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()

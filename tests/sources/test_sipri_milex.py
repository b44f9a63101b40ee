"""SIPRI milex workbook: a tiny workbook in SIPRI's layout for edge cases, the real 2024 release
for known answers."""

from __future__ import annotations

import csv
import math
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.styles import Font
from openpyxl.styles.colors import Color

from powderkeg.errors import FormatError, ValidationError
from powderkeg.sources import sipri_milex
from powderkeg.sources.frame import COLUMNS, ParsedFile

REAL_WORKBOOK = "sipri_milex/SIPRI-Milex-data-1949-2023.xlsx"
BALKANS_EXTRACT = "sipri_milex/sipri_milex_1949-2023_balkans_long_extract.csv"
DOLLAR_MEASURES = ("current_usd", "constant_usd", "per_capita")

# --- a tiny workbook in SIPRI's layout -------------------------------------------------------

YEARS = (2007.0, 2008.0, 2009.0)
# sheet name -> (header row, the columns before the first year), as in the 2024 release.
LAYOUT: dict[str, tuple[int, list[str]]] = {
    "Local currency financial years": (
        8,
        ["Country", "Currency", "Fiscal Year (Jan-Dec if not stated)", "Notes"],
    ),
    "Local currency calendar years": (7, ["Country", "Currency", "Notes"]),
    "Constant (2019) US$": (6, ["Country", "", "Notes"]),
    "Current US$": (6, ["Country", "Notes"]),
    "Share of GDP": (6, ["Country", "Notes"]),
    "Per capita": (7, ["Country", "Notes"]),
    "Share of Govt. spending": (8, ["Country", "Notes", "Reporting year"]),
}
LOCAL = ("Local currency financial years", "Local currency calendar years")
SHARES = ("Share of GDP", "Share of Govt. spending")
USD = ("Constant (2019) US$", "Current US$", "Per capita")
BLUE = Font(name="Times New Roman", size=10, color=Color(indexed=12))  # as SIPRI writes it
RED = Font(name="Times New Roman", size=10, color="FFFF0000")  # an rgb red, as Excel would

# name as written, currency word, notes, cells for 2007-2009 (by sheet group when they differ)
Cells = Sequence[Any]
COUNTRIES: list[tuple[str, str, str, Cells | Mapping[str, Cells]]] = [
    ("Kosovo", "Euro", "", {"money": ["xxx", ". .", 107.6], "share": ["xxx", ". .", 0.0125]}),
    ("Serbia", "Dinar", "§79", {"money": [90.5, 100.25, 120.0], "share": [0.02, 0.021, 0.0285]}),
    ("Montenegro†", "Euro", "76", ["…", 64.19, ".."]),
    ("Albania", "Lek", "", {"local": [1.5e9, 1.6e9, 1.7e9], "usd": [0, 0, 0], "share": [0.01] * 3}),
    ("Costa Rica", "Colones   ", "", [0, 0, 0]),
]
MIDDLE_EAST = [("Türkiye", "Liras     ", "‖", [1.5, "...", 2.5])]
# Kosovo sits on the first country row: region rows and a blank row come first.
FIRST_COUNTRY_OFFSET = 4


def _cells_for(cells: Cells | Mapping[str, Cells], sheet: str) -> Cells:
    if not isinstance(cells, Mapping):
        return cells
    group = "local" if sheet in LOCAL else "share" if sheet in SHARES else "usd"
    return cells.get(group) or cells["money" if group != "share" else "share"]


def build_workbook(
    path: Path,
    *,
    sheets: Sequence[str] = tuple(LAYOUT),
    overrides: Mapping[tuple[str, str], Cells] | None = None,
    currencies: Mapping[str, str] | None = None,
) -> Path:
    """Write a workbook with SIPRI's sheets, header offsets, region rows, sentinels and fonts."""
    book = openpyxl.Workbook()
    book.active.title = "Front page"
    book.create_sheet("Regional totals").append(["Military expenditure by region"])
    for name in sheets:
        _write_sheet(book.create_sheet(name), name, overrides or {}, currencies or {})
    book.create_sheet("Footnotes").append(["†", "Figures do not include military pensions"])
    book.save(path)
    return path


def _write_sheet(
    sheet: Any, name: str, overrides: Mapping[tuple[str, str], Cells], currencies: Mapping[str, str]
) -> None:
    header_row, before_years = LAYOUT[name]
    sheet.append([f"Military expenditure by country, {name}, 2007-2009      © SIPRI 2023"])
    while sheet.max_row < header_row - 1:
        sheet.append(["Figures in blue are SIPRI estimates. Figures in red are highly uncertain."])
    sheet.append([*before_years, *YEARS])
    sheet.append([])
    sheet.append(["Europe"])
    sheet.append(["South-Eastern Europe"])
    for country in COUNTRIES:
        _write_country(sheet, name, before_years, country, overrides, currencies)
    sheet.append([])
    sheet.append(["Middle East"])
    for country in MIDDLE_EAST:
        _write_country(sheet, name, before_years, country, overrides, currencies)
    sheet.append(["Note: the totals do not always add up because of rounding."])


def _write_country(
    sheet: Any,
    name: str,
    before_years: list[str],
    country: tuple[str, str, str, Cells | Mapping[str, Cells]],
    overrides: Mapping[tuple[str, str], Cells],
    currencies: Mapping[str, str],
) -> None:
    label, currency, notes, cells = country
    known = {"Country": label, "Currency": currencies.get(label, currency), "Notes": notes}
    values = overrides.get((name, label), _cells_for(cells, name))
    sheet.append([known.get(column, "") for column in before_years] + list(values))
    row = sheet.max_row
    first_year_col = len(before_years) + 1
    if label == "Serbia":
        sheet.cell(row=row, column=first_year_col + 2).font = BLUE
    if label == "Montenegro†":
        sheet.cell(row=row, column=first_year_col + 1).font = RED


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> ParsedFile:
    path = build_workbook(tmp_path_factory.mktemp("sipri") / "SIPRI-Milex-data-2007-2009.xlsx")
    return sipri_milex.parse(path)


def _rows(parsed: ParsedFile, name: str, measure: str) -> pd.DataFrame:
    frame = parsed.frame
    return frame[(frame["entity_name"] == name) & (frame["measure"] == measure)]


def _value(parsed: ParsedFile, name: str, measure: str, year: int) -> float:
    rows = _rows(parsed, name, measure)
    hits = rows[rows["period"] == year]
    assert len(hits) == 1, f"{name} {measure} {year}: {len(hits)} rows"
    return float(hits["value"].iloc[0])


def _flags(parsed: ParsedFile, name: str, measure: str, year: int) -> set[str]:
    rows = _rows(parsed, name, measure)
    text = str(rows[rows["period"] == year]["flags"].iloc[0])
    return set(text.split(",")) - {""}


def test_parse_returns_the_frame_contract_columns(tiny: ParsedFile) -> None:
    assert tuple(tiny.frame.columns) == COLUMNS
    assert len(tiny.frame) > 0


def test_parse_reads_all_seven_data_sheets(tiny: ParsedFile) -> None:
    assert set(tiny.frame["measure"]) == {
        "local_currency_fy",
        "local_currency",
        "constant_usd",
        "current_usd",
        "share_gdp",
        "per_capita",
        "share_govt_spending",
    }


def test_parse_skips_region_rows_blank_rows_and_prose(tiny: ParsedFile) -> None:
    assert set(tiny.frame["entity_name"]) == {
        "Kosovo",
        "Serbia",
        "Montenegro",
        "Albania",
        "Costa Rica",
        "Türkiye",
    }


def test_parse_scales_us_dollar_millions_to_dollars(tiny: ParsedFile) -> None:
    assert _value(tiny, "Kosovo", "current_usd", 2009) == pytest.approx(107.6e6)
    assert _value(tiny, "Kosovo", "constant_usd", 2009) == pytest.approx(107.6e6)


def test_parse_keeps_per_capita_and_local_currency_in_units(tiny: ParsedFile) -> None:
    assert _value(tiny, "Serbia", "per_capita", 2008) == pytest.approx(100.25)
    assert _value(tiny, "Albania", "local_currency", 2008) == pytest.approx(1.6e9)


def test_parse_turns_share_fractions_into_percent(tiny: ParsedFile) -> None:
    assert _value(tiny, "Serbia", "share_gdp", 2009) == pytest.approx(2.85)
    assert _value(tiny, "Kosovo", "share_govt_spending", 2009) == pytest.approx(1.25)
    shares = tiny.frame[tiny.frame["measure"].isin(["share_gdp", "share_govt_spending"])]
    assert set(shares["unit"]) == {"percent"}
    assert shares["currency"].isna().all()


def test_parse_treats_xxx_as_not_a_state(tiny: ParsedFile) -> None:
    assert 2007 not in set(tiny.frame.loc[tiny.frame["entity_name"] == "Kosovo", "period"])
    assert any(note.startswith("7 cells marked 'xxx'") for note in tiny.notes)


@pytest.mark.parametrize(
    ("name", "year", "sentinel"),
    [
        ("Kosovo", 2008, ". ."),
        ("Montenegro", 2007, "…"),
        ("Montenegro", 2009, ".."),
        ("Türkiye", 2008, "..."),
    ],
)
def test_parse_drops_missing_data_sentinels(
    tiny: ParsedFile, name: str, year: int, sentinel: str
) -> None:
    rows = tiny.frame[(tiny.frame["entity_name"] == name) & (tiny.frame["period"] == year)]
    assert rows.empty, f"{sentinel!r} produced rows"


def test_parse_strips_footnote_marker_from_name_and_flags_it(tiny: ParsedFile) -> None:
    assert not tiny.frame["entity_name"].str.contains("†").any()
    assert "footnote" in _flags(tiny, "Montenegro", "current_usd", 2008)
    assert "footnote" not in _flags(tiny, "Kosovo", "current_usd", 2009)


def test_parse_flags_series_sipri_marks_as_adopted_budget(tiny: ParsedFile) -> None:
    assert {"budget", "footnote"} <= _flags(tiny, "Serbia", "current_usd", 2007)
    assert "budget" not in _flags(tiny, "Montenegro", "current_usd", 2008)


def test_parse_flags_blue_font_as_estimate(tiny: ParsedFile) -> None:
    assert "estimate" in _flags(tiny, "Serbia", "current_usd", 2009)
    assert "estimate" not in _flags(tiny, "Serbia", "current_usd", 2008)


def test_parse_flags_red_font_as_uncertain(tiny: ParsedFile) -> None:
    assert "uncertain" in _flags(tiny, "Montenegro", "share_gdp", 2008)
    assert "uncertain" not in _flags(tiny, "Serbia", "share_gdp", 2009)


def test_parse_flags_the_financial_year_sheet(tiny: ParsedFile) -> None:
    assert "financial_year" in _flags(tiny, "Kosovo", "local_currency_fy", 2009)
    assert "financial_year" not in _flags(tiny, "Kosovo", "local_currency", 2009)


def test_parse_reads_the_base_year_from_the_constant_sheet_name(tiny: ParsedFile) -> None:
    frame = tiny.frame
    constant = frame[frame["measure"] == "constant_usd"]
    assert set(constant["base_year"]) == {2019}
    assert set(constant["price_basis"]) == {"constant"}
    assert frame.loc[frame["measure"] != "constant_usd", "base_year"].isna().all()


def test_parse_tags_local_currency_with_iso_codes(tiny: ParsedFile) -> None:
    local = tiny.frame[tiny.frame["measure"] == "local_currency"]
    codes = dict(zip(local["entity_name"], local["currency"], strict=True))
    assert codes == {
        "Kosovo": "EUR",
        "Serbia": "RSD",
        "Montenegro": "EUR",
        "Albania": "ALL",
        "Costa Rica": "CRC",
        "Türkiye": "TRY",
    }
    assert (local["unit"] == local["currency"]).all()


def test_parse_tags_us_dollar_sheets_with_usd(tiny: ParsedFile) -> None:
    usd = tiny.frame[tiny.frame["measure"].isin(["current_usd", "constant_usd", "per_capita"])]
    assert set(usd["currency"]) == {"USD"}
    assert set(usd["unit"]) == {"USD"}


def test_parse_drops_dollar_zeros_where_local_spending_is_positive(tiny: ParsedFile) -> None:
    assert _rows(tiny, "Albania", "current_usd").empty
    assert len(_rows(tiny, "Albania", "local_currency")) == 3
    # Costa Rica has no army: zero in local currency too, so its zeros are kept.
    assert _value(tiny, "Costa Rica", "current_usd", 2008) == 0.0
    assert any("zeros dropped" in note for note in tiny.notes)


def test_parse_locates_each_value_by_sheet_and_cell(tiny: ParsedFile) -> None:
    header_row = LAYOUT["Current US$"][0]
    kosovo_row = header_row + FIRST_COUNTRY_OFFSET  # header, blank, two region rows, Kosovo
    rows = _rows(tiny, "Kosovo", "current_usd")
    assert list(rows["locator"]) == [
        f"sheet=Current US$!E{kosovo_row}"
    ]  # A name, B notes, C-E years
    assert (tiny.frame["locator"].str.len() > 0).all()


def test_parse_infers_the_vintage_from_the_last_year_column(tiny: ParsedFile) -> None:
    assert tiny.vintage == "2010"
    assert any("inferred" in note and "2009" in note for note in tiny.notes)


def test_parse_rejects_a_currency_word_it_cannot_map(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "book.xlsx", currencies={"Kosovo": "Drachma", "Serbia": ""})
    with pytest.raises(ValidationError) as caught:
        sipri_milex.parse(path)
    assert caught.value.offenders == ["Kosovo: Drachma", "Serbia: (blank)"]


def test_parse_names_every_junk_cell_by_sheet_and_cell(tmp_path: Path) -> None:
    path = build_workbook(
        tmp_path / "book.xlsx",
        overrides={
            ("Current US$", "Serbia"): [90.5, "12abc", 120.0],
            ("Share of GDP", "Kosovo"): ["xxx", "n/a", 0.0125],
        },
    )
    with pytest.raises(ValidationError) as caught:
        sipri_milex.parse(path)
    serbia_row = LAYOUT["Current US$"][0] + FIRST_COUNTRY_OFFSET + 1
    kosovo_row = LAYOUT["Share of GDP"][0] + FIRST_COUNTRY_OFFSET
    assert caught.value.offenders == [
        f"sheet=Current US$!D{serbia_row}: '12abc'",
        f"sheet=Share of GDP!D{kosovo_row}: 'n/a'",
    ]
    assert str(path) in str(caught.value)


def test_parse_rejects_values_in_a_row_without_a_country_name(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    kosovo_row = LAYOUT["Current US$"][0] + FIRST_COUNTRY_OFFSET
    book["Current US$"].cell(row=kosovo_row, column=1).value = None
    book.save(path)
    with pytest.raises(ValidationError) as caught:
        sipri_milex.parse(path)
    assert caught.value.offenders == [f"sheet=Current US$!A{kosovo_row}: values but no country"]


def test_parse_rejects_a_workbook_without_the_current_usd_sheet(tmp_path: Path) -> None:
    sheets = [name for name in LAYOUT if name != "Current US$"]
    path = build_workbook(tmp_path / "book.xlsx", sheets=sheets)
    with pytest.raises(FormatError, match="data sheets missing") as caught:
        sipri_milex.parse(path)
    assert caught.value.offenders == ["Current US$"]


def test_parse_rejects_a_workbook_without_a_constant_price_sheet(tmp_path: Path) -> None:
    sheets = [name for name in LAYOUT if not name.startswith("Constant")]
    with pytest.raises(FormatError, match="data sheets missing"):
        sipri_milex.parse(build_workbook(tmp_path / "book.xlsx", sheets=sheets))


def test_parse_rejects_a_truncated_workbook(tmp_path: Path) -> None:
    whole = build_workbook(tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) - 700])
    with pytest.raises(FormatError, match="truncated or corrupt"):
        sipri_milex.parse(cut)


def test_parse_rejects_an_html_page_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "SIPRI-Milex-data-1949-2023.xlsx"
    path.write_text("<!DOCTYPE html><html><body>Access denied</body></html>")
    with pytest.raises(FormatError, match="HTML"):
        sipri_milex.parse(path)


def test_parse_rejects_a_sheet_whose_header_lacks_notes(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    header_row = LAYOUT["Per capita"][0]
    book["Per capita"].cell(row=header_row, column=2).value = "Remarks"
    book.save(path)
    with pytest.raises(FormatError, match="header lacks columns") as caught:
        sipri_milex.parse(path)
    assert caught.value.where == f"sheet=Per capita!row {header_row}"
    assert caught.value.offenders == ["Notes"]


def test_parse_rejects_a_sheet_without_a_country_header(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    book["Share of GDP"].cell(row=LAYOUT["Share of GDP"][0], column=1).value = "State"
    book.save(path)
    with pytest.raises(FormatError, match="no header row") as caught:
        sipri_milex.parse(path)
    assert caught.value.where == "sheet=Share of GDP"


# --- the real 2024 release ---------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data: Path) -> ParsedFile:
    return sipri_milex.parse(shared_data / REAL_WORKBOOK)


def test_real_parse_is_fast_enough(shared_data: Path) -> None:
    started = time.perf_counter()
    sipri_milex.parse(shared_data / REAL_WORKBOOK)
    assert time.perf_counter() - started < 10


def test_real_kosovo_current_usd(real: ParsedFile) -> None:
    assert _value(real, "Kosovo", "current_usd", 2022) == pytest.approx(107.60e6, abs=0.005e6)
    assert _value(real, "Kosovo", "current_usd", 2023) == pytest.approx(133.19e6, abs=0.005e6)


def test_real_kosovo_local_currency_is_euro_in_units(real: ParsedFile) -> None:
    for measure in ("local_currency", "local_currency_fy"):
        assert _value(real, "Kosovo", measure, 2023) == 123_277_000
        kosovo = _rows(real, "Kosovo", measure)
        assert set(kosovo["currency"]) == {"EUR"}


def test_real_serbia_share_of_gdp(real: ParsedFile) -> None:
    assert round(_value(real, "Serbia", "share_gdp", 2023), 2) == 2.85


def test_real_every_data_sheet_yields_rows(real: ParsedFile) -> None:
    sheets = set(real.frame["locator"].str.extract(r"^sheet=(.+)!", expand=False))
    assert sheets == {
        "Local currency financial years",
        "Local currency calendar years",
        "Constant (2022) US$",
        "Current US$",
        "Share of GDP",
        "Per capita",
        "Share of Govt. spending",
    }


def test_real_every_row_has_a_cell_locator(real: ParsedFile) -> None:
    assert real.frame["locator"].str.fullmatch(r"sheet=[^!]+![A-Z]{1,3}\d+").all()


def test_real_constant_sheet_is_in_2022_dollars(real: ParsedFile) -> None:
    constant = _rows(real, "Kosovo", "constant_usd")
    assert set(constant["base_year"]) == {2022}


def test_real_vintage_is_the_2024_release(real: ParsedFile) -> None:
    assert real.vintage == "2024"


def test_real_xxx_cells_produce_no_rows(real: ParsedFile) -> None:
    # Yugoslavia's cells from 1993 and the USSR's from 1992 are 'xxx' in this release.
    for name, year in (("Yugoslavia", 2000), ("USSR", 1995)):
        frame = real.frame
        assert frame[(frame["entity_name"] == name) & (frame["period"] == year)].empty
    assert any(note.startswith("1567 cells marked 'xxx'") for note in real.notes)


def test_real_blue_cell_is_flagged_as_estimate(real: ParsedFile) -> None:
    serbia = _rows(real, "Serbia", "current_usd")
    cell = serbia[serbia["locator"] == "sheet=Current US$!BY148"]
    assert "estimate" in str(cell["flags"].iloc[0])
    assert "estimate" not in _flags(real, "Kosovo", "current_usd", 2023)


def test_real_red_cell_is_flagged_as_uncertain(real: ParsedFile) -> None:
    algeria = _rows(real, "Algeria", "current_usd")
    cell = algeria[algeria["locator"] == "sheet=Current US$!BS10"]
    assert int(cell["period"].iloc[0]) == 2017
    assert "uncertain" in str(cell["flags"].iloc[0])


def test_real_names_carry_no_footnote_markers(real: ParsedFile) -> None:
    assert not real.frame["entity_name"].str.contains(r"[†‡§¶*‖]").any()


def test_real_croatia_local_currency_is_euro_despite_the_kunas_label(real: ParsedFile) -> None:
    croatia = _rows(real, "Croatia", "local_currency")
    assert set(croatia["currency"]) == {"EUR"}
    assert any(note.startswith("Croatia") for note in real.notes)


def test_real_zimbabwe_switches_from_usd_to_zwl_in_2019(real: ParsedFile) -> None:
    zimbabwe = _rows(real, "Zimbabwe", "local_currency").set_index("period")["currency"]
    assert zimbabwe[2018] == "USD"
    assert zimbabwe[2019] == "ZWL"


def test_real_yugoslav_dollar_zeros_without_exchange_rate_are_dropped(real: ParsedFile) -> None:
    assert _rows(real, "Yugoslavia", "current_usd").empty
    assert len(_rows(real, "Yugoslavia", "local_currency")) == 33
    assert _value(real, "Costa Rica", "current_usd", 2000) == 0.0


def test_real_values_match_the_independent_balkans_extract(
    real: ParsedFile, shared_data: Path
) -> None:
    # The extract was read from the same workbook with the stdlib XML parser, not with openpyxl.
    measure_scale = {
        "Local currency financial years": ("local_currency_fy", 1.0),
        "Local currency calendar years": ("local_currency", 1.0),
        "Constant (2022) US$": ("constant_usd", 1e6),
        "Current US$": ("current_usd", 1e6),
        "Share of GDP": ("share_gdp", 100.0),
        "Per capita": ("per_capita", 1.0),
        "Share of Govt. spending": ("share_govt_spending", 100.0),
    }
    frame = real.frame
    parsed = {
        (name, measure, int(period)): float(value)
        for name, measure, period, value in zip(
            frame["entity_name"], frame["measure"], frame["period"], frame["value"], strict=True
        )
    }
    compared = set()
    with (shared_data / BALKANS_EXTRACT).open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    for record in records:
        measure, scale = measure_scale[record["sheet"]]
        key = (record["country"], measure, int(record["year"]))
        raw = record["value_raw"]
        if raw in ("...", "xxx", ". ."):
            continue
        if float(raw) == 0 and key not in parsed and measure in DOLLAR_MEASURES:
            continue  # a dollar zero dropped for want of an exchange rate
        assert math.isclose(parsed[key], float(raw) * scale, rel_tol=1e-12), key
        compared.add(key)
    countries = {record["country"] for record in records}
    assert compared == {key for key in parsed if key[0] in countries}

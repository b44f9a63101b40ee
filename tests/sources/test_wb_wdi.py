"""WDI bulk CSV: a tiny copy of the real layout for edge cases, the five real files for known
answers, and the API zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import FormatError, ValidationError
from powderkeg.sources import wb_wdi
from powderkeg.sources.frame import COLUMNS, ParsedFile

TINY = "wb_wdi/API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475_tiny.csv"
WDI = "worldbank_wdi"
REAL = {
    "gdp": "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv",
    "population": "API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv",
    "cpi_inflation": "API_FP.CPI.TOTL.ZG_DS2_en_csv_v2_390884.csv",
    "current_usd": "API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475.csv",
    "armed_forces": "API_MS.MIL.TOTL.P1_DS2_en_csv_v2_115556_balkans_extract.csv",
}
PREAMBLE = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2025-04-15",\n\n'
HEADER = '"Country Name","Country Code","Indicator Name","Indicator Code","2022","2023",\n'


def _one(parsed: ParsedFile, code: str, year: int) -> pd.Series:
    frame = parsed.frame
    hits = frame[(frame["entity_code"] == code) & (frame["period"] == year)]
    assert len(hits) == 1, f"{code} {year}: {len(hits)} rows"
    return hits.iloc[0]


def _write(tmp_path: Path, text: str, name: str = "API_X_DS2_en_csv_v2_1.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def _api_zip(tmp_path: Path, csv_path: Path) -> Path:
    path = tmp_path / "API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Metadata_Indicator_API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475.csv", "x\n")
        archive.write(csv_path, arcname="API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475.csv")
        archive.writestr("Metadata_Country_API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475.csv", "y\n")
    return path


def test_parse_returns_the_frame_contract_columns(fixtures: Path) -> None:
    parsed = wb_wdi.parse(fixtures / TINY)
    assert tuple(parsed.frame.columns) == COLUMNS


def test_parse_reads_military_expenditure_as_current_us_dollars(fixtures: Path) -> None:
    row = _one(wb_wdi.parse(fixtures / TINY), "SRB", 2022)
    assert row["measure"] == "current_usd"
    assert row["value"] == pytest.approx(1_426_365_507.30537)
    assert (row["unit"], row["currency"], row["price_basis"]) == ("USD", "USD", "current")
    assert row["entity_name"] == "Serbia"


def test_parse_takes_the_vintage_from_last_updated_date(fixtures: Path) -> None:
    assert wb_wdi.parse(fixtures / TINY).vintage == "2024-03-28"


def test_parse_locates_values_by_physical_line_and_year(fixtures: Path) -> None:
    # lines 1-4 preamble, 5 header, 6 Aruba, 7 Serbia
    assert _one(wb_wdi.parse(fixtures / TINY), "SRB", 2022)["locator"] == "line=7;column=2022"


def test_parse_emits_no_rows_for_empty_cells(fixtures: Path) -> None:
    frame = wb_wdi.parse(fixtures / TINY).frame
    assert "ABW" not in set(frame["entity_code"])  # Aruba: every year empty
    assert set(frame["entity_code"]) == {"SRB", "WLD", "XKX"}


def test_parse_reads_the_api_member_of_a_bulk_zip(tmp_path: Path, fixtures: Path) -> None:
    parsed = wb_wdi.parse(_api_zip(tmp_path, fixtures / TINY))
    row = _one(parsed, "SRB", 2022)
    member = "API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475.csv"
    assert row["locator"] == f"member={member};line=7;column=2022"
    assert parsed.vintage == "2024-03-28"


def test_parse_rejects_a_zip_without_an_api_member(tmp_path: Path) -> None:
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Metadata_Country_API_X.csv", "x\n")
    with pytest.raises(FormatError, match=r"exactly one API_\*\.csv") as caught:
        wb_wdi.parse(path)
    assert "Metadata_Country_API_X.csv" in caught.value.offenders[0]


def test_parse_rejects_an_unknown_indicator(tmp_path: Path) -> None:
    row = '"Serbia","SRB","Population, female","SP.POP.TOTL.FE.IN","3400000","3390000",\n'
    with pytest.raises(FormatError, match="unknown WDI indicator") as caught:
        wb_wdi.parse(_write(tmp_path, PREAMBLE + HEADER + row))
    assert caught.value.offenders == ["SP.POP.TOTL.FE.IN"]
    assert caught.value.where == "line=6;column=Indicator Code"


def test_parse_rejects_a_file_mixing_indicators(tmp_path: Path) -> None:
    rows = (
        '"Serbia","SRB","Population, total","SP.POP.TOTL","6664449","6623183",\n'
        '"Serbia","SRB","GDP (current US$)","NY.GDP.MKTP.CD","6.4E10","8.1E10",\n'
    )
    with pytest.raises(ValidationError, match="one indicator") as caught:
        wb_wdi.parse(_write(tmp_path, PREAMBLE + HEADER + rows))
    assert caught.value.offenders == ["line=6: 'SP.POP.TOTL'", "line=7: 'NY.GDP.MKTP.CD'"]


def test_parse_rejects_a_wrong_header_naming_its_line(tmp_path: Path) -> None:
    header = '"Country","Code","Indicator","Series","2022","2023",\n'
    with pytest.raises(FormatError, match="not a WDI header") as caught:
        wb_wdi.parse(_write(tmp_path, PREAMBLE + header))
    assert caught.value.where == "line=5"


def test_parse_rejects_a_non_year_column_after_the_key_columns(tmp_path: Path) -> None:
    header = HEADER.replace('"2023"', '"Notes"')
    with pytest.raises(FormatError, match="must be years") as caught:
        wb_wdi.parse(_write(tmp_path, PREAMBLE + header))
    assert caught.value.offenders == ["Notes"]


def test_parse_rejects_a_file_without_the_preamble(tmp_path: Path) -> None:
    row = '"Serbia","SRB","Population, total","SP.POP.TOTL","6664449","6623183",\n'
    with pytest.raises(FormatError, match="Last Updated Date") as caught:
        wb_wdi.parse(_write(tmp_path, HEADER + row))
    assert caught.value.where == "line=1"
    assert caught.value.offenders == ["Last Updated Date: ''"]


def test_parse_rejects_a_malformed_last_updated_date(tmp_path: Path) -> None:
    preamble = PREAMBLE.replace("2025-04-15", "15/04/2025")
    with pytest.raises(FormatError, match="Last Updated Date") as caught:
        wb_wdi.parse(_write(tmp_path, preamble + HEADER))
    assert caught.value.offenders == ["Last Updated Date: '15/04/2025'"]
    assert caught.value.where == "line=3"


def test_parse_names_every_junk_value_and_short_row(tmp_path: Path) -> None:
    rows = (
        '"Serbia","SRB","Population, total","SP.POP.TOTL","6664449","about 6.6m",\n'
        '"Kosovo","XKX","Population, total","SP.POP.TOTL","1761985"\n'
        '"Albania","ALB","Population, total","SP.POP.TOTL","N/A","2745972",\n'
    )
    with pytest.raises(ValidationError) as caught:
        wb_wdi.parse(_write(tmp_path, PREAMBLE + HEADER + rows))
    assert caught.value.offenders == [
        "line=6;column=2023: 'about 6.6m'",
        "line=7: 5 fields, the header has 7",
        "line=8;column=2022: 'N/A'",
    ]


def test_parse_rejects_an_html_page_instead_of_csv(tmp_path: Path) -> None:
    path = tmp_path / "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv"
    path.write_text("<html><head><title>502 Bad Gateway</title></head></html>")
    with pytest.raises(FormatError, match="HTML"):
        wb_wdi.parse(path)


def test_parse_rejects_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv"
    path.write_bytes(b"")
    with pytest.raises(FormatError, match="empty"):
        wb_wdi.parse(path)


def test_download_urls_cover_every_known_indicator() -> None:
    for code in wb_wdi.INDICATORS:
        url = f"https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=csv"
        assert url in wb_wdi.DOWNLOAD_URLS


# --- the real files ------------------------------------------------------------------------


@pytest.mark.parametrize(("measure", "name"), sorted(REAL.items()))
def test_real_files_parse_to_their_measure(shared_data: Path, measure: str, name: str) -> None:
    parsed = wb_wdi.parse(shared_data / WDI / name)
    assert set(parsed.frame["measure"]) == {measure}
    assert parsed.frame["locator"].str.fullmatch(r"line=\d+;column=\d{4}").all()


def test_real_kosovo_population_2023(shared_data: Path) -> None:
    parsed = wb_wdi.parse(shared_data / WDI / REAL["population"])
    row = _one(parsed, "XKX", 2023)
    assert row["value"] == 1_756_366
    assert row["unit"] == "persons"
    assert parsed.vintage == "2025-04-15"


def test_real_us_inflation_2024(shared_data: Path) -> None:
    parsed = wb_wdi.parse(shared_data / WDI / REAL["cpi_inflation"])
    assert _one(parsed, "USA", 2024)["value"] == pytest.approx(2.94952520485207)
    assert _one(parsed, "USA", 2024)["unit"] == "percent"


def test_real_serbia_military_expenditure_2022(shared_data: Path) -> None:
    parsed = wb_wdi.parse(shared_data / WDI / REAL["current_usd"])
    assert _one(parsed, "SRB", 2022)["value"] == pytest.approx(1_426e6, rel=1e-3)
    assert parsed.vintage == "2024-03-28"


def test_real_kosovo_gdp_2023(shared_data: Path) -> None:
    parsed = wb_wdi.parse(shared_data / WDI / REAL["gdp"])
    assert _one(parsed, "XKX", 2023)["value"] == pytest.approx(10_468_219_225.4869)


def test_real_armed_forces_extract_has_no_kosovo_rows(shared_data: Path) -> None:
    parsed = wb_wdi.parse(shared_data / WDI / REAL["armed_forces"])
    codes = set(parsed.frame["entity_code"])
    assert "XKX" not in codes
    assert codes == {"ALB", "BIH", "HRV", "MKD", "MNE", "SRB", "TUR", "USA"}
    assert _one(parsed, "SRB", 2020)["value"] == 32_000
    assert parsed.vintage == "2026-04-08"


def test_real_files_keep_aggregates_with_their_codes(shared_data: Path) -> None:
    parsed = wb_wdi.parse(shared_data / WDI / REAL["population"])
    assert _one(parsed, "WLD", 2023)["entity_name"] == "World"

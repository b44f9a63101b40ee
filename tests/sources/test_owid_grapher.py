"""OWID grapher exports: tiny copies of the real layout for edge cases, the real exports for known
answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import FormatError, ValidationError
from powderkeg.sources import owid_grapher
from powderkeg.sources.frame import COLUMNS, ParsedFile

CONSTANT_REAL = "sipri_milex/owid_military-spending-sipri_constant2024usd_1949-2025.csv"
SHARE_REAL = "sipri_milex/owid_military-spending-as-a-share-of-gdp-sipri_1949-2024.csv"
CONSTANT_TINY = "owid_grapher/military-spending-sipri_tiny.csv"
SHARE_TINY = "owid_grapher/military-spending-as-a-share-of-gdp-sipri_tiny.csv"


def _one(parsed: ParsedFile, name: str, year: int) -> pd.Series:
    frame = parsed.frame
    hits = frame[(frame["entity_name"] == name) & (frame["period"] == year)]
    assert len(hits) == 1, f"{name} {year}: {len(hits)} rows"
    return hits.iloc[0]


def _write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_returns_the_frame_contract_columns(fixtures: Path) -> None:
    parsed = owid_grapher.parse(fixtures / CONSTANT_TINY)
    assert tuple(parsed.frame.columns) == COLUMNS
    assert len(parsed.frame) == 6


def test_parse_reads_military_expenditure_as_constant_us_dollars(fixtures: Path) -> None:
    row = _one(owid_grapher.parse(fixtures / CONSTANT_TINY), "Kosovo", 2024)
    assert row["measure"] == "constant_usd"
    assert row["value"] == 165_657_250
    assert (row["unit"], row["currency"], row["price_basis"]) == ("USD", "USD", "constant")


def test_parse_infers_base_year_and_vintage_from_the_last_year(fixtures: Path) -> None:
    parsed = owid_grapher.parse(fixtures / CONSTANT_TINY)
    assert set(parsed.frame["base_year"]) == {2024}
    assert parsed.vintage == "2026"
    assert any("base year 2024 inferred" in note for note in parsed.notes)
    assert any("vintage 2026 inferred" in note for note in parsed.notes)


def test_parse_takes_vintage_and_base_year_when_given(fixtures: Path) -> None:
    parsed = owid_grapher.parse(fixtures / CONSTANT_TINY, vintage="2026-04-27", base_year=2023)
    assert parsed.vintage == "2026-04-27"
    assert set(parsed.frame["base_year"]) == {2023}
    assert not any("inferred" in note for note in parsed.notes)


def test_parse_reads_share_of_gdp_as_percent_without_base_year(fixtures: Path) -> None:
    parsed = owid_grapher.parse(fixtures / SHARE_TINY)
    row = _one(parsed, "Serbia", 2023)
    assert row["measure"] == "share_gdp"
    assert row["value"] == pytest.approx(2.2080731)
    assert row["unit"] == "percent"
    assert pd.isna(row["currency"])
    assert pd.isna(row["base_year"])
    assert parsed.vintage == "2025"


def test_parse_keeps_owid_codes_and_leaves_region_codes_empty(fixtures: Path) -> None:
    parsed = owid_grapher.parse(fixtures / CONSTANT_TINY)
    assert _one(parsed, "Kosovo", 2024)["entity_code"] == "OWID_KOS"
    assert _one(parsed, "Serbia", 2024)["entity_code"] == "SRB"
    assert pd.isna(_one(parsed, "Africa (SIPRI)", 2024)["entity_code"])


def test_parse_locates_values_by_physical_line_and_column(fixtures: Path) -> None:
    parsed = owid_grapher.parse(fixtures / CONSTANT_TINY)
    # line 1 header, 2 Africa (SIPRI), 3 Kosovo 2008, 4 Kosovo 2024
    assert _one(parsed, "Kosovo", 2024)["locator"] == "line=4;column=Military expenditure"


def test_parse_skips_rows_with_an_empty_value(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Entity,Code,Year,Military expenditure,World region according to OWID\n"
        "Kosovo,OWID_KOS,2007,,Europe\n"
        "Kosovo,OWID_KOS,2008,1006653.7,Europe\n",
    )
    parsed = owid_grapher.parse(path)
    assert list(parsed.frame["period"]) == [2008]
    assert list(parsed.frame["locator"]) == ["line=3;column=Military expenditure"]


def test_parse_rejects_an_unknown_value_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "Entity,Code,Year,Military personnel\nKosovo,OWID_KOS,2024,5000\n")
    with pytest.raises(FormatError, match="unknown value columns") as caught:
        owid_grapher.parse(path)
    assert caught.value.offenders == ["Military personnel"]
    assert "Entity, Code, Year, Military personnel" in str(caught.value)


def test_parse_rejects_a_file_without_entity_code_year(tmp_path: Path) -> None:
    path = _write(tmp_path, "Country,Year,Military expenditure\nKosovo,2024,1\n")
    with pytest.raises(FormatError, match="Entity, Code, Year") as caught:
        owid_grapher.parse(path)
    assert caught.value.where == "line=1"


def test_parse_names_every_junk_value_by_line_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Entity,Code,Year,Military expenditure (% of GDP)\n"
        "Kosovo,OWID_KOS,2023,1.27\n"
        "Kosovo,OWID_KOS,2024,n/a\n"
        "Serbia,SRB,twenty,2.2\n"
        "Serbia,SRB,2024,inf\n",
    )
    with pytest.raises(ValidationError) as caught:
        owid_grapher.parse(path)
    assert caught.value.offenders == [
        "line=3;column=Military expenditure (% of GDP): 'n/a'",
        "line=4: entity 'Serbia', year 'twenty'",
        "line=5;column=Military expenditure (% of GDP): 'inf'",
    ]


def test_parse_rejects_an_html_page_saved_as_csv(tmp_path: Path) -> None:
    path = _write(tmp_path, "<!DOCTYPE html>\n<html><body>Too many requests</body></html>\n")
    with pytest.raises(FormatError, match="HTML"):
        owid_grapher.parse(path)


def test_parse_rejects_a_header_only_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "Entity,Code,Year,Military expenditure\n")
    with pytest.raises(FormatError, match="no values"):
        owid_grapher.parse(path)


# --- the real exports ----------------------------------------------------------------------


def test_real_kosovo_constant_2024_dollars(shared_data: Path) -> None:
    parsed = owid_grapher.parse(shared_data / CONSTANT_REAL)
    assert _one(parsed, "Kosovo", 2024)["value"] == 165_657_250
    assert parsed.vintage == "2026"
    assert set(parsed.frame["base_year"]) == {2024}
    assert len(parsed.frame) == 9112


def test_real_serbia_share_of_gdp_2023(shared_data: Path) -> None:
    parsed = owid_grapher.parse(shared_data / SHARE_REAL)
    assert round(float(_one(parsed, "Serbia", 2023)["value"]), 2) == 2.21
    assert parsed.vintage == "2025"


def test_real_locators_point_at_the_line_holding_the_value(shared_data: Path) -> None:
    path = shared_data / CONSTANT_REAL
    parsed = owid_grapher.parse(path)
    row = _one(parsed, "Serbia", 2024)
    line = int(str(row["locator"]).split(";")[0].removeprefix("line="))
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert text.startswith("Serbia,SRB,2024,")

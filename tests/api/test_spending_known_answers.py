"""Known answers from the real files, through the public API on the default (bundled) store."""

from __future__ import annotations

from pathlib import Path

import pytest

import powderkeg
from powderkeg import QueryError


def value(frame, entity: str, year: int) -> float:  # type: ignore[no-untyped-def]
    rows = frame[(frame["entity"] == entity) & (frame["year"] == year)]
    assert len(rows) == 1, rows
    return float(rows["value"].iloc[0])


def test_kosovo_current_usd_2022_and_2023(default_db: Path) -> None:
    frame = powderkeg.spending("XKX", measure="current_usd", start=2022, end=2023, db=default_db)
    assert value(frame, "XKX", 2022) / 1e6 == pytest.approx(107.60, abs=0.005)
    assert value(frame, "XKX", 2023) / 1e6 == pytest.approx(133.19, abs=0.005)
    assert set(frame["vintage"]) == {"2024"}


def test_kosovo_nominal_growth_2023(default_db: Path) -> None:
    frame = powderkeg.spending("kosovo", measure="growth_nominal", year=2023, db=default_db)
    assert value(frame, "XKX", 2023) == pytest.approx(23.78, abs=0.005)


def test_kosovo_local_currency_2023_is_euro(default_db: Path) -> None:
    frame = powderkeg.spending("XK", measure="local_currency", year=2023, db=default_db)
    assert value(frame, "XKX", 2023) / 1e6 == pytest.approx(123.277, abs=0.0005)
    assert frame["currency"].iloc[0] == "EUR"


def test_kosovo_2024_current_usd_comes_from_the_2026_release(default_db: Path) -> None:
    frame = powderkeg.spending("XKX", measure="current_usd", year=2024, db=default_db)
    assert value(frame, "XKX", 2024) / 1e6 == pytest.approx(165.66, abs=0.005)
    assert frame["vintage"].iloc[0] == "2026"
    assert "base year" in frame["method"].iloc[0]


def test_serbia_share_of_gdp_2023_latest_and_all_vintages(default_db: Path) -> None:
    latest = powderkeg.spending("SRB", measure="share_gdp", year=2023, db=default_db)
    assert value(latest, "SRB", 2023) == pytest.approx(2.21, abs=0.005)
    assert "2024=" in latest["other_vintages"].iloc[0]
    every = powderkeg.spending(
        "SRB", measure="share_gdp", year=2023, all_vintages=True, db=default_db
    )
    by_vintage = dict(zip(every["vintage"], every["value"].round(2), strict=True))
    assert by_vintage["2024"] == 2.85
    assert min(by_vintage.values()) == 2.21


def test_pinning_a_vintage_returns_that_release(default_db: Path) -> None:
    frame = powderkeg.spending("SRB", measure="share_gdp", year=2023, vintage="2024", db=default_db)
    assert value(frame, "SRB", 2023) == pytest.approx(2.85, abs=0.005)


def test_kosovo_ranks_below_the_western_balkans_median_in_2023(default_db: Path) -> None:
    frame = powderkeg.compare("western-balkans", year=2023, measure="share_gdp", db=default_db)
    kosovo = frame[frame["entity"] == "XKX"].iloc[0]
    assert bool(kosovo["below_median"])
    assert kosovo["value"] < frame["region_median"].iloc[0]
    assert set(frame["entity"]) <= {"ALB", "BIH", "HRV", "XKX", "MNE", "MKD", "SRB"}
    assert frame["rank"].min() == 1


def test_user_defined_region(default_db: Path) -> None:
    frame = powderkeg.compare(
        "pair", year=2023, measure="current_usd", regions={"pair": ["XKX", "SRB"]}, db=default_db
    )
    assert list(frame["entity"]) == ["SRB", "XKX"]


def test_constant_usd_at_a_chosen_base_year_uses_us_cpi(default_db: Path) -> None:
    current = powderkeg.spending("XKX", measure="current_usd", year=2015, db=default_db)
    frame = powderkeg.spending(
        "XKX", measure="constant_usd", year=2015, base_year=2020, db=default_db
    )
    assert "US CPI" in frame["method"].iloc[0]
    assert value(frame, "XKX", 2015) > value(current, "XKX", 2015)  # 2015 → 2020 prices rose


def test_conversion_records_the_rate(default_db: Path) -> None:
    frame = powderkeg.spending(
        "XKX", measure="current_usd", year=2023, currency="EUR", db=default_db
    )
    assert frame["currency"].iloc[0] == "EUR"
    assert "USD→EUR 2023" in frame["method"].iloc[0]
    assert value(frame, "XKX", 2023) / 1e6 == pytest.approx(123.28, rel=0.01)


def test_explain_reaches_the_workbook_cell_and_digest(default_db: Path) -> None:
    found = powderkeg.explain("XKX", "current_usd", 2023, db=default_db)
    assert found["locator"].startswith("sheet=Current US$!")
    assert found["snapshot"]["sha256"].startswith("0cbbe317")
    assert found["snapshot"]["file_name"] == "SIPRI-Milex-data-1949-2023.xlsx"


def test_explain_of_a_derived_value_lists_its_inputs(default_db: Path) -> None:
    found = powderkeg.explain("XKX", "growth_nominal", 2023, db=default_db)
    years = sorted(item["year"] for item in found["inputs"])
    assert years == [2022, 2023]


def test_unknown_entity_is_a_query_error_with_suggestions(default_db: Path) -> None:
    with pytest.raises(QueryError, match="Kosov"):
        powderkeg.spending("Kosovoo", db=default_db)


def test_unknown_measure_is_a_query_error(default_db: Path) -> None:
    with pytest.raises(QueryError, match="unknown measure"):
        powderkeg.spending("XKX", measure="tanks", db=default_db)


def test_explain_of_a_stored_derived_value_follows_the_lineage_table(default_db: Path) -> None:
    found = powderkeg.explain("XKX", "current_usd", 2024, db=default_db)
    assert [item["measure"] for item in found["inputs"]] == ["constant_usd"]
    assert found["inputs"][0]["locator"] == found["locator"]
    assert found["inputs"][0]["base_year"] == 2024

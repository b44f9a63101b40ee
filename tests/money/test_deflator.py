"""Price index chained from yearly inflation: hand series and the real WDI US CPI."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import QueryError, ValidationError
from powderkeg.money import PriceIndex, inflation_from_frame
from powderkeg.sources.frame import COLUMNS

WDI_CPI = "worldbank_wdi/API_FP.CPI.TOTL.ZG_DS2_en_csv_v2_390884.csv"


def _wdi_usa_inflation(path: Path) -> dict[int, float]:
    """The USA row of the WDI bulk CSV (4 preamble lines, then the header)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _ in range(4):
            next(handle)
        for row in csv.DictReader(handle):
            if row["Country Code"] == "USA":
                return {int(k): float(v) for k, v in row.items() if k and k.isdigit() and v}
    raise AssertionError("no USA row")


@pytest.fixture(scope="module")
def us_inflation(shared_data: Path) -> dict[int, float]:
    return _wdi_usa_inflation(shared_data / WDI_CPI)


def test_ten_percent_then_zero_gives_factor_one_point_one() -> None:
    index = PriceIndex.from_inflation({2001: 10.0, 2002: 0.0}, source="hand")
    assert index.years == (2000, 2001, 2002)
    assert index.factor(2000, 2002) == pytest.approx(1.1)
    assert index.factor(2001, 2002) == pytest.approx(1.0)
    assert index.factor(2002, 2000) == pytest.approx(1 / 1.1)
    assert index.factor(2001, 2001) == 1.0
    assert index.source == "hand"


def test_deflation_lowers_later_prices() -> None:
    index = PriceIndex.from_inflation({2010: -50.0, 2011: 100.0}, source="hand")
    assert index.factor(2009, 2010) == pytest.approx(0.5)
    assert index.factor(2009, 2011) == pytest.approx(1.0)


def test_gap_in_the_series_names_the_missing_years() -> None:
    with pytest.raises(ValidationError, match="gaps") as caught:
        PriceIndex.from_inflation({2000: 1.0, 2001: 2.0, 2004: 3.0}, source="hand")
    assert caught.value.offenders == ["2002", "2003"]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -100.0, -150.0])
def test_rates_that_cannot_make_a_price_level_are_rejected(bad: float) -> None:
    with pytest.raises(ValidationError, match="not finite"):
        PriceIndex.from_inflation({2000: 1.0, 2001: bad}, source="hand")


def test_empty_series_is_rejected() -> None:
    with pytest.raises(ValidationError, match="no inflation rates"):
        PriceIndex.from_inflation({}, source="hand")


def test_year_outside_the_index_says_which_years_are_covered() -> None:
    index = PriceIndex.from_inflation({2001: 10.0, 2002: 0.0}, source="hand")
    with pytest.raises(QueryError, match=r"no price level for 2003.*covers 2000–2002"):
        index.factor(2000, 2003)
    with pytest.raises(QueryError, match="1999"):
        index.factor(1999, 2002)


def test_real_us_factor_2022_to_2024_compounds_the_two_wdi_rates(
    us_inflation: dict[int, float],
) -> None:
    index = PriceIndex.from_inflation(us_inflation, source="WDI FP.CPI.TOTL.ZG, USA")
    expected = (1 + us_inflation[2023] / 100) * (1 + us_inflation[2024] / 100)
    assert index.factor(2022, 2024) == pytest.approx(expected, rel=1e-12)
    assert index.years[0] == min(us_inflation) - 1 == 1959
    assert index.years[-1] == max(us_inflation) == 2024


def test_real_us_factors_are_consistent_across_any_three_years(
    us_inflation: dict[int, float],
) -> None:
    index = PriceIndex.from_inflation(us_inflation, source="WDI")
    for a, b, c in itertools.combinations((1960, 1980, 1999, 2008, 2020, 2024), 3):
        assert index.factor(a, b) * index.factor(b, c) == pytest.approx(index.factor(a, c))
        assert index.factor(a, c) * index.factor(c, a) == pytest.approx(1.0)
    # US prices more than doubled from 1990 to 2024 (CPI-U 130.7 → 313.7).
    assert index.factor(1990, 2024) == pytest.approx(313.7 / 130.7, rel=0.01)


def test_inflation_from_frame_picks_one_entitys_cpi_rows() -> None:
    rows = [
        ("United States", "USA", 2023, "cpi_inflation", 4.1),
        ("United States", "USA", 2024, "cpi_inflation", 2.9),
        ("United States", "USA", 2024, "gdp", 2.9e13),
        ("Serbia", "SRB", 2024, "cpi_inflation", 4.6),
        ("United States", "USA", 2022, "cpi_inflation", None),
    ]
    frame = pd.DataFrame(
        [
            {"entity_name": n, "entity_code": c, "period": p, "measure": m, "value": v}
            for n, c, p, m, v in rows
        ],
        columns=list(COLUMNS),
    )
    assert inflation_from_frame(frame) == {2023: 4.1, 2024: 2.9}
    assert inflation_from_frame(frame, entity_code="SRB") == {2024: 4.6}
    doubled = pd.concat([frame, frame.iloc[[0]]])
    with pytest.raises(ValidationError, match="more than one") as caught:
        inflation_from_frame(doubled)
    assert caught.value.offenders == ["2023"]

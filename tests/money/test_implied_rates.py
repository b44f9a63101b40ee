"""SIPRI-implied rates: local currency ÷ current US$, per entity and year."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import ValidationError
from powderkeg.money import IMPLIED_COLUMNS, IMPLIED_SOURCE, ecb_yearly_rate, implied_rates

Maker = Callable[..., pd.DataFrame]


def test_kosovo_2023_implied_euro_rate_is_within_one_percent_of_the_ecb(sipri_frame: Maker) -> None:
    # SIPRI 2024 release, Kosovo 2023: 123.277 m EUR and 133.19 m current US$.
    frame = sipri_frame(
        [
            ("Kosovo", 2023, "local_currency", 123.277e6, "EUR"),
            ("Kosovo", 2023, "current_usd", 133.19e6, "USD"),
        ]
    )
    rates = implied_rates(frame)
    assert list(rates.columns) == list(IMPLIED_COLUMNS)
    (row,) = rates.itertuples(index=False)
    assert (row.entity_name, row.currency, row.year) == ("Kosovo", "EUR", 2023)
    assert row.lcu_per_usd == pytest.approx(123.277 / 133.19)
    ecb = ecb_yearly_rate("USD", "EUR", 2023).value
    assert row.lcu_per_usd == pytest.approx(ecb, rel=0.01)
    assert row.source == IMPLIED_SOURCE
    assert row.inputs == (
        "local=sheet=local_currency!Kosovo:2023;usd=sheet=current_usd!Kosovo:2023"
    )


def test_years_missing_either_value_or_with_a_zero_are_skipped(sipri_frame: Maker) -> None:
    frame = sipri_frame(
        [
            ("Serbia", 2020, "local_currency", 130.0e9, "RSD"),
            ("Serbia", 2020, "current_usd", 1.3e9, "USD"),
            ("Serbia", 2021, "local_currency", None, "RSD"),
            ("Serbia", 2021, "current_usd", 1.4e9, "USD"),
            ("Serbia", 2022, "local_currency", 190.0e9, "RSD"),
            ("Serbia", 2023, "local_currency", 230.0e9, "RSD"),
            ("Serbia", 2023, "current_usd", 0.0, "USD"),
            ("Serbia", 2024, "local_currency", 0.0, "RSD"),
            ("Serbia", 2024, "current_usd", 2.0e9, "USD"),
        ]
    )
    assert implied_rates(frame)["year"].tolist() == [2020]


def test_other_measures_are_ignored_and_entities_kept_apart(sipri_frame: Maker) -> None:
    frame = sipri_frame(
        [
            ("Serbia", 2023, "current_usd", 2.0e9, "USD"),
            ("Albania", 2023, "local_currency", 40.0e9, "ALL"),
            ("Serbia", 2023, "local_currency", 220.0e9, "RSD"),
            ("Albania", 2023, "current_usd", 0.4e9, "USD"),
            ("Albania", 2023, "share_gdp", 1.7, ""),
            ("Serbia", 2023, "constant_usd", 1.5e9, "USD"),
        ]
    )
    rates = implied_rates(frame)
    assert rates[["entity_name", "currency"]].values.tolist() == [
        ["Albania", "ALL"],
        ["Serbia", "RSD"],
    ]
    assert rates["lcu_per_usd"].tolist() == pytest.approx([100.0, 110.0])


def test_empty_input_gives_an_empty_table(sipri_frame: Maker) -> None:
    rates = implied_rates(sipri_frame([]))
    assert rates.empty
    assert list(rates.columns) == list(IMPLIED_COLUMNS)


def test_local_currency_without_an_iso_code_is_rejected(sipri_frame: Maker) -> None:
    frame = sipri_frame(
        [
            ("Croatia", 2023, "local_currency", 1.3e9, "Kunas"),
            ("Croatia", 2023, "current_usd", 1.4e9, "USD"),
        ]
    )
    with pytest.raises(ValidationError, match="ISO 4217") as caught:
        implied_rates(frame)
    assert caught.value.offenders == ["Croatia 2023 (sheet=local_currency!Croatia:2023)"]


def test_two_values_for_one_entity_year_are_rejected(sipri_frame: Maker) -> None:
    frame = sipri_frame(
        [
            ("Serbia", 2023, "current_usd", 2.0e9, "USD"),
            ("Serbia", 2023, "current_usd", 2.1e9, "USD"),
        ]
    )
    with pytest.raises(ValidationError, match="more than one current_usd"):
        implied_rates(frame)


def test_negative_values_are_rejected(sipri_frame: Maker) -> None:
    frame = sipri_frame([("Serbia", 2023, "local_currency", -5.0, "RSD")])
    with pytest.raises(ValidationError, match="negative local_currency"):
        implied_rates(frame)


def test_frame_without_needed_columns_is_rejected(sipri_frame: Maker) -> None:
    frame = sipri_frame([]).drop(columns=["locator", "currency"])
    with pytest.raises(ValidationError) as caught:
        implied_rates(frame)
    assert caught.value.offenders == ["currency", "locator"]


def _sipri_euro_rows(extract: Path, country: str) -> list[tuple[str, int, str, float | None, str]]:
    """The real SIPRI calendar-year local and current-US$ cells of a euro-using country."""
    sheets = {
        "Local currency calendar years": ("local_currency", 1.0, "EUR"),
        "Current US$": ("current_usd", 1e6, "USD"),  # the extract keeps US$ in millions
    }
    rows = []
    with extract.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            if record["country"] != country or record["sheet"] not in sheets:
                continue
            measure, scale, currency = sheets[record["sheet"]]
            try:
                value: float | None = float(record["value_raw"]) * scale
            except ValueError:  # ". . ." and "xxx" mark missing years
                value = None
            rows.append((country, int(record["year"]), measure, value, currency))
    return rows


@pytest.mark.parametrize("country", ["Kosovo", "Montenegro"])
def test_real_sipri_euro_rates_track_the_ecb_every_year(
    shared_data: Path, sipri_frame: Maker, country: str
) -> None:
    extract = shared_data / "sipri_milex" / "sipri_milex_1949-2023_balkans_long_extract.csv"
    rates = implied_rates(sipri_frame(_sipri_euro_rows(extract, country)))
    euro_years = rates.loc[rates["year"] >= 1999]
    assert len(euro_years) >= 15
    for year, implied in zip(euro_years["year"], euro_years["lcu_per_usd"], strict=True):
        ecb = ecb_yearly_rate("USD", "EUR", int(year)).value
        assert implied == pytest.approx(ecb, rel=0.01), year

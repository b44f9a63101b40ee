"""Money results expressed in another currency at the yearly average rate, the rate recorded."""

from __future__ import annotations

import pandas as pd

from powderkeg.indicators.memo import remembered
from powderkeg.money import RateBook, implied_rates
from powderkeg.store import Store
from powderkeg.store.queries import latest_values

# SIPRI's own local-currency and US$ figures imply the rates it used.
SIPRI_SOURCES = ("sipri_milex", "owid_grapher")


def rate_book(store: Store) -> RateBook:
    """ECB rates plus SIPRI-implied rates for every entity with local currency and current US$."""
    return remembered(store, "rate_book", lambda: _rate_book(store))


def _rate_book(store: Store) -> RateBook:
    frame = latest_values(store, ["local_currency", "current_usd"], SIPRI_SOURCES)
    return RateBook(implied=implied_rates(frame) if not frame.empty else None)


def convert_currency(store: Store, result: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Convert rows that carry a currency; constant values convert at their base year's rate."""
    money = result["currency"].notna() & (result["currency"] != currency)
    if not money.any():
        return result
    book = rate_book(store)
    out = result.copy()
    for index, row in out[money].iterrows():
        year = int(row["base_year"]) if pd.notna(row["base_year"]) else int(row["year"])
        converted = book.convert(float(row["value"]), str(row["currency"]), currency, year)
        out.at[index, "value"] = converted.value
        out.at[index, "currency"] = currency
        out.at[index, "unit"] = currency
        rate = converted.rate
        out.at[index, "method"] = (
            f"{row['method']}; × {rate.value:.6g} {rate.base}→{rate.quote} {rate.year} ({rate.source})"
        )
    return out

"""Money results expressed in another currency at the yearly average rate, the rate recorded."""

from __future__ import annotations

import pandas as pd

from powderkeg.indicators.series import Selection, stored
from powderkeg.money import RateBook, implied_rates
from powderkeg.store import Store


def rate_book(store: Store) -> RateBook:
    """ECB rates plus SIPRI-implied rates for every entity with local currency and current US$."""
    local = stored(store, _all_entities(store), "local_currency", Selection())
    usd = stored(store, _all_entities(store), "current_usd", Selection())
    frame = pd.concat([local, usd], ignore_index=True)
    frame = frame.rename(columns={"year": "period"}).assign(entity_name=frame["entity"])
    return RateBook(implied=implied_rates(frame) if not frame.empty else None)


def _all_entities(store: Store) -> list[str]:
    return [str(row[0]) for row in store.rows("SELECT DISTINCT entity_id FROM observations")]


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

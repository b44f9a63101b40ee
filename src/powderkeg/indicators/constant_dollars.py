"""Constant US$: SIPRI's own series where it has the asked base year, else current US$ × US CPI.

The two methods differ: SIPRI deflates local currency by the local CPI and converts at the base
year's rate; the CPI route deflates dollar values by US inflation. Each row's `method` says which.
"""

from __future__ import annotations

import pandas as pd

from powderkeg.errors import QueryError
from powderkeg.indicators.series import Selection, as_result, empty_result, stored
from powderkeg.money import PriceIndex
from powderkeg.store import Store


def constant_usd(
    store: Store, entities: list[str], selection: Selection, base_year: int | None
) -> pd.DataFrame:
    """Constant US$ in `base_year` prices (default: the base year of the newest stored series)."""
    published = stored(store, entities, "constant_usd", selection)
    bases = sorted({int(b) for b in published["base_year"].dropna()})
    if base_year is None:
        if not bases:
            return empty_result()
        base_year = bases[-1]
    if base_year in bases:
        return published[published["base_year"] == base_year].reset_index(drop=True)
    return deflated_current(store, entities, selection, base_year)


def us_price_index(store: Store) -> tuple[PriceIndex, pd.DataFrame]:
    """The US CPI index chained from the stored World Bank inflation rates, and those rates."""
    rates = stored(store, ["USA"], "cpi_inflation", Selection())
    if rates.empty:
        raise QueryError(
            "constant dollars at this base year need US CPI inflation: "
            "ingest World Bank FP.CPI.TOTL.ZG (`powderkeg ingest wb_wdi FILE`)"
        )
    vintage = ", ".join(sorted(set(rates["vintage"])))
    source = f"World Bank WDI FP.CPI.TOTL.ZG, United States, vintage {vintage}"
    series = dict(zip(rates["year"].astype(int), rates["value"].astype(float), strict=True))
    return PriceIndex.from_inflation(series, source=source), rates


def deflated_current(
    store: Store, entities: list[str], selection: Selection, base_year: int
) -> pd.DataFrame:
    current = stored(store, entities, "current_usd", selection)
    index, _rates = us_price_index(store)
    index.level(base_year)  # raises QueryError naming the covered years
    covered = current[current["year"].isin(index.years)].copy()
    if covered.empty:
        return empty_result()
    factors = covered["year"].map(lambda year: index.factor(int(year), base_year))
    covered["value"] = covered["value"] * factors
    covered["measure"] = "constant_usd"
    covered["price_basis"] = "constant"
    covered["base_year"] = base_year
    covered["method"] = [
        f"current US$ × {factor:.6f} (US CPI {year}→{base_year}; {index.source})"
        for year, factor in zip(covered["year"], factors, strict=True)
    ]
    covered["inputs"] = covered["observation_id"].astype("string")
    covered["observation_id"] = pd.NA
    covered["sha256"] = ""
    return as_result(covered)

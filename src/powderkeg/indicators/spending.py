"""Spending measures for one or more entities: stored values, and values derived from them.

Stored measures come straight from the store (latest vintage by default). Derived measures record
their method and inputs: YoY growth (nominal from current US$, real from constant US$), constant US$
at any base year (current US$ × a US-CPI factor when no stored series has that base), % of GDP and per
capita where the store lacks the published figure, and conversion into another currency.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from powderkeg.errors import QueryError
from powderkeg.indicators.constant_dollars import constant_usd
from powderkeg.indicators.conversion import convert_currency
from powderkeg.indicators.derive import Derivation, derive
from powderkeg.indicators.series import Selection, clip_years, empty_result, stored
from powderkeg.sources.frame import MEASURES as STORED_MEASURES
from powderkeg.store import Store

DERIVED_MEASURES: Final = {
    "growth_nominal": "year-on-year change of current US$, percent",
    "growth_real": "year-on-year change of constant US$, percent",
}
ALL_MEASURES: Final = {**STORED_MEASURES, **DERIVED_MEASURES}

_GROWTH = Derivation(
    measure="",
    unit="percent",
    currency=None,
    price_basis="",
    method="",
    compute=lambda now, before: (now / before - 1.0) * 100.0,
)
_SHARE_OF_GDP = Derivation(
    measure="share_gdp",
    unit="percent",
    currency=None,
    price_basis="",
    method="current US$ ÷ GDP in current US$ × 100",
    compute=lambda spending, gdp: spending / gdp * 100.0,
)
_PER_CAPITA = Derivation(
    measure="per_capita",
    unit="USD",
    currency="USD",
    price_basis="current",
    method="current US$ ÷ population",
    compute=lambda spending, people: spending / people,
)


def spending(
    store: Store,
    entities: Sequence[str],
    measure: str = "current_usd",
    *,
    start: int | None = None,
    end: int | None = None,
    selection: Selection | None = None,
    base_year: int | None = None,
    currency: str | None = None,
) -> pd.DataFrame:
    """Values of `measure` for `entities` (ids), one row per entity-year (per vintage if asked)."""
    if measure not in ALL_MEASURES:
        raise QueryError(f"unknown measure {measure!r}; known: {', '.join(ALL_MEASURES)}")
    chosen = selection or Selection()
    result = _values(store, list(entities), measure, chosen, base_year)
    result = clip_years(result, start, end)
    if currency is not None:
        result = convert_currency(store, result, currency.upper())
    return result.sort_values(["entity", "year", "vintage"], kind="stable").reset_index(drop=True)


def _values(
    store: Store, entities: list[str], measure: str, selection: Selection, base_year: int | None
) -> pd.DataFrame:
    if measure == "constant_usd":
        return constant_usd(store, entities, selection, base_year)
    if measure == "growth_nominal":
        return _growth(stored(store, entities, "current_usd", selection), measure, selection)
    if measure == "growth_real":
        series = constant_usd(store, entities, selection, base_year)
        return _growth(series, measure, selection)
    values = stored(store, entities, measure, selection)
    if measure == "share_gdp":
        return _with_fallback(values, _ratio(store, entities, "gdp", _SHARE_OF_GDP, selection))
    if measure == "per_capita":
        return _with_fallback(values, _ratio(store, entities, "population", _PER_CAPITA, selection))
    return values


def _per_vintage(series: pd.DataFrame, selection: Selection) -> list[pd.DataFrame]:
    """All-vintages questions derive within each vintage, never across two."""
    if not selection.all_vintages or series.empty:
        return [series]
    return [group for _, group in series.groupby("vintage", sort=True)]


def _growth(series: pd.DataFrame, measure: str, selection: Selection) -> pd.DataFrame:
    basis = "current US$" if measure == "growth_nominal" else "constant US$"
    how = Derivation(
        measure=measure,
        unit=_GROWTH.unit,
        currency=None,
        price_basis="",
        method=f"year-on-year change of {basis}: (value / previous year's value − 1) × 100",
        compute=_GROWTH.compute,
    )
    parts = [derive(part, part, how, b_year_offset=-1) for part in _per_vintage(series, selection)]
    return _concat(parts)


def _ratio(
    store: Store, entities: list[str], denominator: str, how: Derivation, selection: Selection
) -> pd.DataFrame:
    numerator = stored(store, entities, "current_usd", selection)
    below = stored(store, entities, denominator, Selection())
    return _concat([derive(part, below, how) for part in _per_vintage(numerator, selection)])


def _with_fallback(published: pd.DataFrame, computed: pd.DataFrame) -> pd.DataFrame:
    """Published values first; computed ones only for entity-years with no published value."""
    if computed.empty:
        return published
    have = set(zip(published["entity"], published["year"], strict=True))
    missing = [key not in have for key in zip(computed["entity"], computed["year"], strict=True)]
    return _concat([published, computed[missing]])


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [part for part in parts if not part.empty]
    if not parts:
        return empty_result()
    return pd.concat(parts, ignore_index=True)

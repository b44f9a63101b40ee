"""Yearly exchange rates implied by SIPRI's own figures, for currencies the ECB does not fix.

SIPRI publishes each country's military expenditure both in local currency (calendar year) and in
current US$; it converts one into the other with a yearly average market rate. Dividing the two
recovers that rate, local currency units per US$, for exactly the years SIPRI covers.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from powderkeg.errors import ValidationError

IMPLIED_SOURCE: Final = "implied by SIPRI local currency ÷ current US$"
IMPLIED_COLUMNS: Final = (
    "entity_name",
    "currency",
    "year",
    "lcu_per_usd",
    "source",
    "inputs",
)
_NEEDED: Final = ("entity_name", "period", "measure", "value", "currency", "locator")
_KEYS: Final = ["entity_name", "period"]


def implied_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Return local-currency-per-US$ rates for every entity-year with both SIPRI measures.

    `frame` follows the frame contract (powderkeg.sources.frame); only rows of the measures
    "local_currency" and "current_usd" are used. Years where either value is missing or zero
    are skipped. The result has IMPLIED_COLUMNS, one row per (entity_name, currency, year),
    sorted by them.
    """
    _check_columns(frame)
    local = _measure_rows(frame, "local_currency")
    _check_currency_codes(local)
    usd = _measure_rows(frame, "current_usd").drop(columns="currency")
    pairs = local.merge(usd, on=_KEYS, suffixes=("_local", "_usd"))
    usable = pairs["value_local"].ne(0) & pairs["value_usd"].ne(0)
    return _as_rates(pairs.loc[usable])


def _check_columns(frame: pd.DataFrame) -> None:
    missing = [name for name in _NEEDED if name not in frame.columns]
    if missing:
        raise ValidationError("frame lacks the columns implied rates need", offenders=missing)


def _measure_rows(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The non-missing rows of one measure; at most one per entity and year, none negative."""
    rows = frame.loc[frame["measure"] == measure, [*_KEYS, "value", "currency", "locator"]]
    rows = rows.dropna(subset=["value"])
    doubled = rows.duplicated(subset=_KEYS, keep=False)
    if doubled.any():
        raise ValidationError(
            f"more than one {measure} value per entity and year",
            offenders=_describe_rows(rows.loc[doubled]),
        )
    negative = rows["value"] < 0
    if negative.any():
        raise ValidationError(
            f"negative {measure} values", offenders=_describe_rows(rows.loc[negative])
        )
    return rows


def _check_currency_codes(local: pd.DataFrame) -> None:
    codes = local["currency"].astype("string").fillna("")
    bad = ~codes.str.fullmatch(r"[A-Z]{3}")
    if bad.any():
        raise ValidationError(
            "local currency rows without an ISO 4217 currency code",
            offenders=_describe_rows(local.loc[bad]),
        )


def _describe_rows(rows: pd.DataFrame) -> list[str]:
    return sorted(
        {
            f"{entity} {period} ({locator})"
            for entity, period, locator in rows[["entity_name", "period", "locator"]].itertuples(
                index=False
            )
        }
    )


def _as_rates(pairs: pd.DataFrame) -> pd.DataFrame:
    inputs = "local=" + pairs["locator_local"].astype("string")
    inputs = inputs + ";usd=" + pairs["locator_usd"].astype("string")
    rates = pd.DataFrame(
        {
            "entity_name": pairs["entity_name"].astype("string"),
            "currency": pairs["currency"].astype("string"),
            "year": pairs["period"].astype("int64"),
            "lcu_per_usd": (pairs["value_local"] / pairs["value_usd"]).astype("float64"),
            "source": pd.Series(IMPLIED_SOURCE, index=pairs.index, dtype="string"),
            "inputs": inputs,
        },
        columns=list(IMPLIED_COLUMNS),
    )
    return rates.sort_values(["entity_name", "currency", "year"]).reset_index(drop=True)

"""Peer comparison inside a region: rank, percentile, and distance to the regional median."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from powderkeg.entities import region_members
from powderkeg.errors import QueryError
from powderkeg.indicators.series import Selection
from powderkeg.indicators.spending import spending
from powderkeg.store import Store


def compare(
    store: Store,
    *,
    region: str,
    year: int,
    measure: str = "share_gdp",
    selection: Selection | None = None,
    regions: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """One row per member with a value: rank 1 = highest, percentile, median and gap to it."""
    members = region_members(region, regions)
    values = spending(store, members, measure, start=year, end=year, selection=selection)
    if values.empty:
        raise QueryError(f"no {measure} values for any member of {region!r} in {year}")
    currencies = sorted(set(values["currency"].dropna()))
    if len(currencies) > 1:
        raise QueryError(
            f"{measure} is in {', '.join(currencies)}: ranking and a median across currencies mean "
            "nothing; compare current_usd, constant_usd, share_gdp or per_capita instead"
        )
    values = values.sort_values("value", ascending=False).reset_index(drop=True)
    median = float(values["value"].median())
    count = len(values)
    values["rank"] = values["value"].rank(ascending=False, method="min").astype("int64")
    # Share of the other members this one is above or level with: 100 = highest, 0 = lowest.
    below_or_equal = values["value"].rank(ascending=True, method="max") - 1
    values["percentile"] = (below_or_equal / max(count - 1, 1) * 100).round(1)
    values["region"] = region
    values["region_median"] = median
    values["vs_median"] = values["value"] - median
    values["below_median"] = values["value"] < median
    values["members_without_value"] = ", ".join(sorted(set(members) - set(values["entity"])))
    return values

"""Compound annual growth over a span of years."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from powderkeg.errors import QueryError
from powderkeg.indicators.series import Selection
from powderkeg.indicators.spending import spending
from powderkeg.store import Store


def cagr(
    store: Store,
    entities: Sequence[str],
    *,
    start: int,
    end: int,
    measure: str = "constant_usd",
    selection: Selection | None = None,
) -> pd.DataFrame:
    """(value_end / value_start)^(1 / years) − 1, in percent, per entity with both values."""
    if end <= start:
        raise QueryError(f"CAGR needs end > start (got {start}–{end})")
    values = spending(store, entities, measure, start=start, end=end, selection=selection)
    rows = []
    for entity, group in values.groupby("entity", sort=True):
        first = group[group["year"] == start]
        last = group[group["year"] == end]
        if first.empty or last.empty or float(first["value"].iloc[0]) <= 0:
            continue
        ratio = float(last["value"].iloc[0]) / float(first["value"].iloc[0])
        rows.append(
            {
                "entity": entity,
                "measure": f"cagr_{measure}",
                "start": start,
                "end": end,
                "value": (ratio ** (1 / (end - start)) - 1) * 100,
                "unit": "percent",
                "start_value": float(first["value"].iloc[0]),
                "end_value": float(last["value"].iloc[0]),
                "vintage": "+".join(sorted({*first["vintage"], *last["vintage"]})),
                "inputs": f"{first['observation_id'].iloc[0]},{last['observation_id'].iloc[0]}",
            }
        )
    return pd.DataFrame(rows)

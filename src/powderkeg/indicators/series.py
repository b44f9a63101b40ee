"""Reading stored series and shaping indicator results: one row per entity, year and measure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from powderkeg.indicators.vintages import DATASET_RANK, latest, pinned, with_keys
from powderkeg.store import Store
from powderkeg.store.queries import latest_observations, observations

RESULT_COLUMNS: Final = [
    "entity",
    "entity_name",
    "year",
    "measure",
    "value",
    "unit",
    "currency",
    "price_basis",
    "base_year",
    "vintage",
    "dataset",
    "source",
    "flags",
    "method",
    "locator",
    "sha256",
    "observation_id",
    "inputs",
    "other_vintages",
]


@dataclass(frozen=True)
class Selection:
    """Which vintages a question is about."""

    vintage: str | None = None
    all_vintages: bool = False

    def apply(self, rows: pd.DataFrame) -> pd.DataFrame:
        if self.all_vintages:
            return with_keys(rows).assign(other_vintages="")
        if self.vintage is not None:
            return pinned(rows, self.vintage)
        return latest(rows)


def stored(
    store: Store,
    entities: Sequence[str],
    measure: str,
    selection: Selection,
    *,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """The stored values of one measure, shaped as results (method "stored" or its derivation)."""
    if selection == Selection():  # the common question, answered by the store in one query
        chosen = latest_observations(
            store,
            entities=entities,
            measures=[measure],
            source_rank=DATASET_RANK,
            start=start,
            end=end,
        )
    else:
        rows = observations(store, entities=entities, measures=[measure], start=start, end=end)
        chosen = selection.apply(rows)
    if chosen.empty:
        return empty_result()
    method = chosen["derivation"].fillna("stored")
    return as_result(chosen.assign(method=method, inputs=""))


def empty_result() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in RESULT_COLUMNS})


def as_result(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=RESULT_COLUMNS)
    out["observation_id"] = out["observation_id"].astype("Int64")
    out["base_year"] = out["base_year"].astype("Int64")
    out["year"] = out["year"].astype("int64")
    return out.reset_index(drop=True)


def clip_years(frame: pd.DataFrame, start: int | None, end: int | None) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if start is not None:
        keep &= frame["year"] >= start
    if end is not None:
        keep &= frame["year"] <= end
    return frame[keep].reset_index(drop=True)

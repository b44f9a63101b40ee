"""Where a value came from: the stored value, its raw file and cell, and what it was derived from."""

from __future__ import annotations

from typing import Any

import pandas as pd

from powderkeg.errors import QueryError
from powderkeg.indicators.series import Selection
from powderkeg.indicators.spending import spending
from powderkeg.store import Store
from powderkeg.store.queries import lineage_inputs, observation, snapshots


def explain(
    store: Store,
    entity: str,
    measure: str,
    year: int,
    *,
    selection: Selection | None = None,
    base_year: int | None = None,
) -> dict[str, Any]:
    """The value of `measure` for `entity` in `year`, with its full lineage down to file and cell."""
    rows = spending(
        store, [entity], measure, start=year, end=year, selection=selection, base_year=base_year
    )
    if rows.empty:
        raise QueryError(f"no {measure} value for {entity} in {year}")
    value = _records(rows.head(1))[0]
    value["inputs"] = _inputs(store, rows.iloc[0])
    value["snapshot"] = _snapshot_of(store, rows.iloc[0])
    value["other_vintages"] = _other_vintages(store, entity, measure, year, base_year)
    return value


def _inputs(store: Store, row: pd.Series) -> list[dict[str, Any]]:
    """The stored values a derived value rests on, each with its own snapshot."""
    ids = _input_ids(row)
    found = [observation(store, i) for i in ids]
    if pd.notna(row["observation_id"]):
        found.append(lineage_inputs(store, int(row["observation_id"])))
    records: list[dict[str, Any]] = []
    for frame in found:
        for record in _records(frame):
            record["snapshot"] = _snapshot_by_id(store, int(record["snapshot_id"]))
            records.append(record)
    return records


def _input_ids(row: pd.Series) -> list[int]:
    text = "" if pd.isna(row["inputs"]) else str(row["inputs"])
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def _snapshot_of(store: Store, row: pd.Series) -> dict[str, Any] | None:
    if pd.isna(row["observation_id"]):
        return None
    found = observation(store, int(row["observation_id"]))
    return _snapshot_by_id(store, int(found["snapshot_id"].iloc[0]))


def _snapshot_by_id(store: Store, snapshot_id: int) -> dict[str, Any]:
    table = snapshots(store)
    return _records(table[table["snapshot_id"] == snapshot_id])[0]


def _other_vintages(
    store: Store, entity: str, measure: str, year: int, base_year: int | None
) -> list[dict[str, Any]]:
    every = spending(
        store,
        [entity],
        measure,
        start=year,
        end=year,
        selection=Selection(all_vintages=True),
        base_year=base_year,
    )
    keep = ["vintage", "value", "dataset", "source", "locator", "sha256"]
    return _records(every[keep]) if not every.empty else []


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready records: NaN/NA become None, numpy scalars become Python ones."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {
            str(key): (value.item() if hasattr(value, "item") else value)
            for key, value in rec.items()
        }
        for rec in clean.to_dict(orient="records")
    ]

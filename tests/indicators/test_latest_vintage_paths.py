"""The store's one-query choice of the latest vintage equals the in-memory rule it replaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from powderkeg.indicators.vintages import DATASET_RANK, latest
from powderkeg.store import Store
from powderkeg.store.queries import latest_observations, observations

ENTITIES = ["ALB", "BIH", "HRV", "XKX", "MNE", "MKD", "SRB", "TUR", "USA", "GRC"]


@pytest.mark.parametrize(
    "measure", ["current_usd", "constant_usd", "share_gdp", "local_currency", "population"]
)
def test_sql_and_pandas_pick_the_same_values(default_db: Path, measure: str) -> None:
    with Store(default_db) as store:
        in_sql = latest_observations(
            store, entities=ENTITIES, measures=[measure], source_rank=DATASET_RANK
        )
        in_memory = latest(observations(store, entities=ENTITIES, measures=[measure]))
    key = ["entity", "year", "measure", "base_year"]
    left = in_sql.sort_values(key).reset_index(drop=True)
    right = in_memory.sort_values(key).reset_index(drop=True)
    assert len(left) == len(right) > 0
    assert list(left["observation_id"]) == list(right["observation_id"])
    assert list(left["other_vintages"]) == list(right["other_vintages"])

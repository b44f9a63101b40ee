"""A session keeps one store open; remembered results are recomputed after any load."""

from __future__ import annotations

from pathlib import Path

import powderkeg
from powderkeg.api.core import opened
from powderkeg.indicators.memo import remembered


def test_calls_inside_a_session_share_one_open_store(default_db: Path) -> None:
    with powderkeg.session(db=default_db):
        with opened(default_db) as first, opened(default_db) as second:
            assert first is second
        frame = powderkeg.spending("XKX", year=2023, db=default_db)
    assert round(float(frame["value"].iloc[0]) / 1e6, 2) == 133.19


def test_remembered_results_follow_the_data_version(tmp_path: Path, shared_data: Path) -> None:
    db = tmp_path / "s.duckdb"
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with opened(db) as store:
        assert remembered(store, "probe", compute) == 1
        assert remembered(store, "probe", compute) == 1
    powderkeg.ingest(
        "owid_grapher",
        shared_data
        / "sipri_milex"
        / "owid_military-spending-as-a-share-of-gdp-sipri_1949-2024.csv",
        db=db,
    )
    with opened(db) as store:
        assert remembered(store, "probe", compute) == 2

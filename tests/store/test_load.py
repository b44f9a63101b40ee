"""Loads are one transaction each, idempotent, and keep releases side by side."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import StoreError
from powderkeg.store import Store, load_snapshot
from powderkeg.store.migrate import migration_names
from powderkeg.store.queries import lineage_inputs, observation_count, observations
from tests.store.conftest import make_frame, make_snapshot

ROWS = [
    ("XKX", 2022, "current_usd", 107.6e6, "sheet=Current US$!A1"),
    ("XKX", 2023, "current_usd", 133.19e6, "sheet=Current US$!A2"),
    ("SRB", 2023, "share_gdp", 2.85, "sheet=Share of GDP!B7"),
]


def test_open_records_each_named_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    with Store(path) as store:
        names = [row[0] for row in store.rows("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == migration_names()


def test_loading_the_same_file_twice_adds_no_rows(store: Store, tmp_path: Path) -> None:
    snap = make_snapshot(tmp_path / "a.xlsx", vintage="2024", content="release 2024")
    first = load_snapshot(store, snap, make_frame(ROWS))
    second = load_snapshot(store, snap, make_frame(ROWS))
    assert (first.rows_added, second.rows_added) == (3, 0)
    assert second.snapshot_id == first.snapshot_id
    assert not second.new_snapshot
    assert observation_count(store) == 3


def test_a_newer_release_is_kept_beside_the_old_one(store: Store, tmp_path: Path) -> None:
    old = make_snapshot(tmp_path / "a.xlsx", vintage="2024", content="release 2024")
    new = make_snapshot(tmp_path / "b.xlsx", vintage="2026", content="release 2026")
    load_snapshot(store, old, make_frame(ROWS))
    revised = [(e, p, m, v * 1.01, loc) for e, p, m, v, loc in ROWS]
    load_snapshot(store, new, make_frame(revised))
    serbia = observations(store, entities=["SRB"], measures=["share_gdp"])
    assert sorted(serbia["vintage"]) == ["2024", "2026"]
    assert sorted(serbia["value"].round(4)) == [2.85, round(2.85 * 1.01, 4)]


def test_a_partial_extract_then_the_whole_file_adds_only_what_was_missing(
    store: Store, tmp_path: Path
) -> None:
    snap = make_snapshot(tmp_path / "a.xlsx", vintage="2024", content="same bytes")
    load_snapshot(store, snap, make_frame(ROWS[:1]))
    result = load_snapshot(store, snap, make_frame(ROWS))
    assert result.rows_added == 2
    assert observation_count(store) == 3


def test_a_failing_load_leaves_the_store_unchanged(store: Store, tmp_path: Path) -> None:
    snap = make_snapshot(tmp_path / "a.xlsx", vintage="2024", content="x")
    broken = make_frame(ROWS)
    broken.loc[2, "value"] = None  # violates NOT NULL after two good rows
    with pytest.raises(StoreError, match="NOT NULL"):
        load_snapshot(store, snap, broken)
    assert observation_count(store) == 0
    assert store.scalar("SELECT count(*) FROM snapshots") == 0
    assert store.scalar("SELECT count(*) FROM ingests") == 0


def test_derived_values_record_their_inputs(store: Store, tmp_path: Path) -> None:
    snap = make_snapshot(tmp_path / "a.csv", vintage="2026", content="owid")
    frame = make_frame([("XKX", 2024, "constant_usd", 165.66e6, "line=9")])
    derived = frame.copy()
    derived["measure"] = "current_usd"
    derived["derivation"] = "constant in its own base year"
    derived["inputs"] = "constant_usd@line=9"
    load_snapshot(store, snap, pd.concat([frame, derived], ignore_index=True))
    current = observations(store, measures=["current_usd"])
    inputs = lineage_inputs(store, int(current["observation_id"].iloc[0]))
    assert list(inputs["measure"]) == ["constant_usd"]
    assert list(inputs["locator"]) == ["line=9"]


def test_every_load_appends_a_ledger_row(store: Store, tmp_path: Path) -> None:
    snap = make_snapshot(tmp_path / "a.xlsx", vintage="2024", content="ledger")
    load_snapshot(store, snap, make_frame(ROWS))
    load_snapshot(store, snap, make_frame(ROWS))
    ledger = store.rows(
        "SELECT rows_read, rows_added, first_period, last_period FROM ingests ORDER BY id"
    )
    assert ledger == [(3, 3, 2022, 2023), (3, 0, 2022, 2023)]

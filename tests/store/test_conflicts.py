"""Conflict-years in the store: idempotent loads, all-or-nothing, read per entity, newest version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import StoreError
from powderkeg.pipeline import conflict_frame
from powderkeg.provenance import Snapshot
from powderkeg.sources import ucdp_prio
from powderkeg.store import Store
from powderkeg.store.conflicts import conflict_years, load_conflict_years

TINY = "ucdp_prio/UcdpPrioConflict_v25_1_original_layout.csv"


def _snapshot_and_frame(path: Path, vintage: str | None = None) -> tuple[Snapshot, pd.DataFrame]:
    parsed = ucdp_prio.parse(path)
    snapshot = Snapshot.of_file(ucdp_prio.CARD, path, vintage=vintage or parsed.vintage)
    return snapshot, conflict_frame(parsed.frame)


def _rows(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM conflict_years") or 0)


def test_loading_the_same_file_twice_adds_nothing(store: Store, fixtures: Path) -> None:
    snapshot, frame = _snapshot_and_frame(fixtures / TINY)
    first = load_conflict_years(store, snapshot, frame)
    second = load_conflict_years(store, snapshot, frame)
    assert (first.rows_added, first.new_snapshot) == (len(frame), True)
    assert (second.rows_added, second.new_snapshot) == (0, False)
    assert second.snapshot_id == first.snapshot_id
    assert _rows(store) == len(frame) == 10


def test_a_partial_load_is_completed_by_the_whole_file(store: Store, fixtures: Path) -> None:
    snapshot, frame = _snapshot_and_frame(fixtures / TINY)
    load_conflict_years(store, snapshot, frame.iloc[:4])
    rest = load_conflict_years(store, snapshot, frame)
    assert rest.rows_added == len(frame) - 4
    assert _rows(store) == len(frame)


def test_a_failed_load_writes_neither_rows_nor_snapshot(store: Store, fixtures: Path) -> None:
    snapshot, frame = _snapshot_and_frame(fixtures / TINY)
    doubled = pd.concat([frame, frame.iloc[:1]], ignore_index=True)
    with pytest.raises(StoreError, match="nothing was written"):
        load_conflict_years(store, snapshot, doubled)
    assert _rows(store) == 0
    assert store.scalar("SELECT count(*) FROM snapshots") == 0


def test_kosovo_is_found_through_the_contested_territory(store: Store, fixtures: Path) -> None:
    snapshot, frame = _snapshot_and_frame(fixtures / TINY)
    load_conflict_years(store, snapshot, frame)
    kosovo = conflict_years(store, ["XKX"])
    assert list(kosovo["year"]) == [1998, 1999]
    assert set(kosovo["conflict_id"]) == {412}
    # Gleditsch–Ward 345 is Yugoslavia: Kosovo appears only through territory_name "Kosovo".
    assert [list(ids) for ids in kosovo["entities"]] == [["YUG", "XKX"], ["YUG", "XKX"]]
    assert list(kosovo["locator"]) == ["line=9", "line=10"]


def test_secondary_supporters_are_not_parties(store: Store, fixtures: Path) -> None:
    snapshot, frame = _snapshot_and_frame(fixtures / TINY)
    load_conflict_years(store, snapshot, frame)
    # NATO states backed side B of conflict 412 in 1999 (gwno_b_2nd); they are not listed.
    assert conflict_years(store, ["USA"]).empty
    macedonia = conflict_years(store, ["MKD"])
    assert list(macedonia["conflict_id"]) == [417]


def test_only_the_newest_version_is_read(store: Store, fixtures: Path, tmp_path: Path) -> None:
    old_path = tmp_path / "ucdp_v24.csv"
    shutil.copy(fixtures / TINY, old_path)
    with old_path.open("a", encoding="utf-8") as handle:
        handle.write("\n")  # another file (another sha256), loaded as an older version
    old, frame = _snapshot_and_frame(old_path, vintage="24.1")
    load_conflict_years(store, old, frame)
    new, frame = _snapshot_and_frame(fixtures / TINY)
    load_conflict_years(store, new, frame)
    found = conflict_years(store, ["HRV"])
    assert set(found["vintage"]) == {"25.1"}
    assert list(found["year"]) == sorted(found["year"])
    assert len(found) == len(found.drop_duplicates(["conflict_id", "year"]))

"""Storing armed conflicts: UCDP/PRIO conflict-years per snapshot, and reading them per entity."""

from __future__ import annotations

from typing import Final

import duckdb
import pandas as pd

from powderkeg.errors import StoreError
from powderkeg.provenance import Snapshot
from powderkeg.store.load import LoadResult, snapshot_row_id
from powderkeg.store.store import Store

CONFLICT_COLUMNS: Final = (
    "conflict_id", "year", "location", "side_a", "side_b", "territory_name", "incompatibility",
    "intensity_level", "type_of_conflict", "start_date", "start_date2", "ep_end", "ep_end_date",
    "entities", "locator",
)  # fmt: skip


def load_conflict_years(store: Store, snapshot: Snapshot, frame: pd.DataFrame) -> LoadResult:
    """Add conflict-years (CONFLICT_COLUMNS) as `snapshot`; idempotent, one transaction."""
    incoming = frame.loc[:, list(CONFLICT_COLUMNS)].copy()
    # DuckDB infers a list column from Python lists; tuples or arrays would not scan the same way.
    incoming["entities"] = incoming["entities"].map(list)
    store.con.register("incoming_conflicts", incoming)
    try:
        with store.transaction() as con:
            snapshot_id, is_new = snapshot_row_id(con, snapshot)
            before = _count(con, snapshot_id)
            _insert(con, snapshot_id, snapshot.vintage)
            added = _count(con, snapshot_id) - before
    except duckdb.Error as exc:
        raise StoreError(f"loading {snapshot.path} failed, nothing was written: {exc}") from exc
    finally:
        store.con.unregister("incoming_conflicts")
    return LoadResult(snapshot_id, len(frame), added, is_new)


def _insert(con: duckdb.DuckDBPyConnection, snapshot_id: int, vintage: str) -> None:
    con.execute(
        """INSERT INTO conflict_years (snapshot_id, conflict_id, year, location, side_a, side_b,
               territory_name, incompatibility, intensity_level, type_of_conflict, start_date,
               start_date2, ep_end, ep_end_date, entities, vintage, locator)
           SELECT ?, i.conflict_id, i.year, i.location, i.side_a, i.side_b, i.territory_name,
               i.incompatibility, i.intensity_level, i.type_of_conflict,
               CAST(i.start_date AS DATE), CAST(i.start_date2 AS DATE), i.ep_end,
               CAST(i.ep_end_date AS DATE), CAST(i.entities AS VARCHAR[]), ?, i.locator
           FROM incoming_conflicts i
           WHERE NOT EXISTS (SELECT 1 FROM conflict_years c
               WHERE c.snapshot_id = ? AND c.conflict_id = i.conflict_id AND c.year = i.year)""",
        [snapshot_id, vintage, snapshot_id],
    )


def _count(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> int:
    found = con.execute("SELECT count(*) FROM conflict_years WHERE snapshot_id = ?", [snapshot_id])
    return int(found.fetchall()[0][0])


def conflict_years(store: Store, entities: list[str]) -> pd.DataFrame:
    """Conflict-years involving any of `entities`, from one snapshot of the newest version.

    Two copies of one version (UCDP's CSV and a re-saved one) would repeat every row, so only the
    snapshot loaded last of that version is read.
    """
    return store.con.execute(
        """SELECT c.*, s.file_name, s.sha256, s.dataset
           FROM conflict_years c JOIN snapshots s ON s.id = c.snapshot_id
           WHERE c.snapshot_id = (SELECT snapshot_id FROM conflict_years
                                  ORDER BY vintage DESC, snapshot_id DESC LIMIT 1)
             AND list_has_any(c.entities, ?::VARCHAR[])
           ORDER BY c.year, c.conflict_id""",
        [entities],
    ).df()

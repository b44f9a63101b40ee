"""Transactional, idempotent loading of one snapshot's values.

A snapshot is identified by (source_id, sha256). Loading the same file again adds no rows; loading a
newer release adds a new snapshot whose values stand beside the old ones as another vintage. Rows are
identified inside a snapshot by (locator, measure), so a partial extract of a file and later the whole
file share one snapshot and the second load adds only what the first lacked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from powderkeg.errors import StoreError
from powderkeg.provenance import Snapshot
from powderkeg.store.store import Store

# Columns a frame must carry to be loaded: the parser's columns plus resolved ids and lineage.
LOAD_COLUMNS = (
    "entity_id",
    "entity_name",
    "period",
    "measure",
    "value",
    "unit",
    "currency",
    "price_basis",
    "base_year",
    "flags",
    "locator",
    "derivation",
    "inputs",
)


@dataclass(frozen=True)
class LoadResult:
    snapshot_id: int
    rows_read: int
    rows_added: int
    new_snapshot: bool


def load_snapshot(store: Store, snapshot: Snapshot, frame: pd.DataFrame) -> LoadResult:
    """Load `frame` (LOAD_COLUMNS) as the values of `snapshot`, in one transaction."""
    frame = frame.loc[:, list(LOAD_COLUMNS)]
    store.con.register("incoming", frame)
    try:
        with store.transaction() as con:
            snapshot_id, is_new = snapshot_row_id(con, snapshot)
            before = _count(con, snapshot_id)
            _insert_observations(con, snapshot_id, snapshot)
            added = _count(con, snapshot_id) - before
            _insert_lineage(con, snapshot_id)
            _record_ingest(con, snapshot, snapshot_id, frame, added)
    except duckdb.Error as exc:
        raise StoreError(f"loading {snapshot.path} failed, nothing was written: {exc}") from exc
    finally:
        store.con.unregister("incoming")
    return LoadResult(snapshot_id, len(frame), added, is_new)


def snapshot_row_id(con: duckdb.DuckDBPyConnection, snap: Snapshot) -> tuple[int, bool]:
    """The id of `snap`'s row in snapshots, inserting it first if new; and whether it was new."""
    found = con.execute(
        "SELECT id FROM snapshots WHERE source_id = ? AND sha256 = ?", [snap.source_id, snap.sha256]
    ).fetchall()
    if found:
        return int(found[0][0]), False
    inserted = con.execute(
        """INSERT INTO snapshots (source_id, dataset, publisher, title, url, vintage, retrieved,
               licence, citation, sha256, byte_size, file_name)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        [
            snap.source_id,
            snap.dataset,
            snap.publisher,
            snap.title,
            snap.url,
            snap.vintage,
            snap.retrieved,
            snap.licence,
            snap.citation,
            snap.sha256,
            snap.byte_size,
            snap.path.rsplit("/", 1)[-1],
        ],
    ).fetchall()
    return int(inserted[0][0]), True


def _count(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> int:
    found = con.execute(
        "SELECT count(*) FROM observations WHERE snapshot_id = ?", [snapshot_id]
    ).fetchall()
    return int(found[0][0])


def _insert_observations(con: duckdb.DuckDBPyConnection, snapshot_id: int, snap: Snapshot) -> None:
    con.execute(
        """INSERT INTO observations (entity_id, period, measure, value, unit, currency,
                   price_basis, base_year, dataset, vintage, flags, snapshot_id, locator,
                   source_name, derivation)
               SELECT i.entity_id, i.period, i.measure, i.value, i.unit, i.currency,
                   coalesce(i.price_basis, ''), i.base_year, ?, ?, coalesce(i.flags, ''), ?,
                   i.locator, i.entity_name, i.derivation
               FROM incoming i
               WHERE NOT EXISTS (
                   SELECT 1 FROM observations o
                   WHERE o.snapshot_id = ? AND o.locator = i.locator AND o.measure = i.measure)""",
        [snap.dataset, snap.vintage, snapshot_id, snapshot_id],
    )
    _stage_inputs(con)


def _stage_inputs(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the derived rows' inputs ("measure@locator + measure@locator") for the lineage step."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE staged_inputs AS
           SELECT i.locator, i.measure, trim(part) AS input
           FROM incoming i, unnest(string_split(coalesce(i.inputs, ''), ' + ')) AS t(part)
           WHERE trim(part) <> ''"""
    )


def _insert_lineage(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> None:
    con.execute(
        """INSERT OR IGNORE INTO lineage (derived_id, input_id, role)
           SELECT d.id, src.id, 'input'
           FROM staged_inputs s
           JOIN observations d
             ON d.snapshot_id = ? AND d.locator = s.locator AND d.measure = s.measure
           JOIN observations src
             ON src.snapshot_id = ?
            AND src.measure = split_part(s.input, '@', 1)
            AND src.locator = substr(s.input, length(split_part(s.input, '@', 1)) + 2)""",
        [snapshot_id, snapshot_id],
    )
    con.execute("DROP TABLE staged_inputs")


def _record_ingest(
    con: duckdb.DuckDBPyConnection,
    snap: Snapshot,
    snapshot_id: int,
    frame: pd.DataFrame,
    added: int,
) -> None:
    periods = frame["period"]
    con.execute(
        """INSERT INTO ingests (source_id, file_name, sha256, snapshot_id, rows_read, rows_added,
               first_period, last_period, notes, finished_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            snap.source_id,
            snap.path.rsplit("/", 1)[-1],
            snap.sha256,
            snapshot_id,
            len(frame),
            added,
            int(periods.min()) if len(frame) else None,
            int(periods.max()) if len(frame) else None,
            "",
            datetime.now(UTC).replace(tzinfo=None),
        ],
    )

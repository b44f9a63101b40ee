"""Storing the register: SIPRI transfer records per snapshot, curated records per collection."""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import duckdb
import pandas as pd

from powderkeg.errors import StoreError, ValidationError
from powderkeg.provenance import Snapshot
from powderkeg.store.load import LoadResult, snapshot_row_id
from powderkeg.store.store import Store

TRANSFER_COLUMNS: Final = (
    "record_id", "locator", "recipient_id", "supplier_id", "recipient_name", "supplier_name",
    "order_year", "order_year_uncertain", "number_ordered", "number_ordered_uncertain",
    "designation", "description", "category", "number_delivered", "number_delivered_uncertain",
    "delivery_years", "first_delivery_year", "last_delivery_year", "status", "second_hand",
    "comments", "tiv_per_unit", "tiv_total_order", "tiv_delivered",
)  # fmt: skip
RECORD_COLUMNS: Final = (
    "record_id", "kind", "date", "end_date", "title", "entities", "fields", "sources",
    "confidence", "provenance", "collection", "file", "line", "locator", "sha256",
)  # fmt: skip


def load_transfers(store: Store, snapshot: Snapshot, frame: pd.DataFrame) -> LoadResult:
    """Add a trade register's records (TRANSFER_COLUMNS) as `snapshot`; idempotent, one transaction."""
    store.con.register("incoming_transfers", frame.loc[:, list(TRANSFER_COLUMNS)])
    columns = ", ".join(TRANSFER_COLUMNS)
    try:
        with store.transaction() as con:
            snapshot_id, is_new = snapshot_row_id(con, snapshot)
            before = _count(con, "transfers", snapshot_id)
            con.execute(
                f"""INSERT INTO transfers (snapshot_id, vintage, {columns})
                    SELECT ?, ?, {columns} FROM incoming_transfers i
                    WHERE NOT EXISTS (SELECT 1 FROM transfers t
                        WHERE t.snapshot_id = ? AND t.record_id = i.record_id)""",
                [snapshot_id, snapshot.vintage, snapshot_id],
            )
            added = _count(con, "transfers", snapshot_id) - before
    except duckdb.Error as exc:
        raise StoreError(f"loading {snapshot.path} failed, nothing was written: {exc}") from exc
    finally:
        store.con.unregister("incoming_transfers")
    return LoadResult(snapshot_id, len(frame), added, is_new)


def _count(con: duckdb.DuckDBPyConnection, table: str, snapshot_id: int) -> int:
    found = con.execute(f"SELECT count(*) FROM {table} WHERE snapshot_id = ?", [snapshot_id])
    return int(found.fetchall()[0][0])


@dataclass(frozen=True)
class RecordsLoad:
    collection: str
    removed: int
    added: int


def replace_collection(store: Store, collection: str, records: pd.DataFrame) -> RecordsLoad:
    """Make `collection`'s records exactly `records` (RECORD_COLUMNS), in one transaction.

    A record id already held by another collection is refused: a user's file never overrides the
    bundled records, and two user files cannot claim one id.
    """
    clashes = _clashing_ids(store, collection, list(records["record_id"]))
    if clashes:
        raise ValidationError("record ids already used by another collection", offenders=clashes)
    rows = [_record_row(record) for record in records.to_dict(orient="records")]
    try:
        with store.transaction() as con:
            removed = _delete_collection(con, collection)
            placeholders = ", ".join("?" * len(RECORD_COLUMNS))
            con.executemany(f"INSERT INTO register_records VALUES ({placeholders})", rows)
    except duckdb.Error as exc:
        raise StoreError(f"storing the records of {collection} failed: {exc}") from exc
    return RecordsLoad(collection, removed, len(rows))


def remove_collection(store: Store, collection: str) -> int:
    """Delete every record of a user collection; return how many went."""
    if collection == "bundled":
        raise ValidationError("the bundled records cannot be removed; remove only your own files")
    with store.transaction() as con:
        return _delete_collection(con, collection)


def _delete_collection(con: duckdb.DuckDBPyConnection, collection: str) -> int:
    found = con.execute(
        "DELETE FROM register_records WHERE collection = ? RETURNING record_id", [collection]
    ).fetchall()
    return len(found)


def _clashing_ids(store: Store, collection: str, ids: list[str]) -> list[str]:
    found = store.rows(
        """SELECT record_id || ' (in ' || collection || ')' FROM register_records
           WHERE collection <> ? AND record_id IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY record_id""",
        [collection, ids],
    )
    return [str(row[0]) for row in found]


def _record_row(record: Mapping[Hashable, Any]) -> tuple[object, ...]:
    out = dict(record)
    out["fields"] = json.dumps(record["fields"], ensure_ascii=False, default=str)
    out["sources"] = json.dumps(record["sources"], ensure_ascii=False, default=str)
    out["entities"] = list(record["entities"])
    return tuple(out[column] for column in RECORD_COLUMNS)


def collections(store: Store) -> pd.DataFrame:
    return store.con.execute(
        """SELECT collection, provenance, file, sha256, count(*) AS records
           FROM register_records GROUP BY ALL ORDER BY provenance, collection"""
    ).df()


def records(
    store: Store, *, entities: list[str] | None = None, kinds: list[str] | None = None
) -> pd.DataFrame:
    """Curated records involving any of `entities`, of `kinds`; fields and sources as Python."""
    clauses, params = [], []
    if entities is not None:
        clauses.append("list_has_any(entities, ?::VARCHAR[])")
        params.append(entities)
    if kinds is not None:
        clauses.append("kind IN (SELECT unnest(?::VARCHAR[]))")
        params.append(kinds)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    frame = store.con.execute(
        f"SELECT * FROM register_records {where} ORDER BY date, record_id", params
    ).df()
    frame["fields"] = frame["fields"].map(json.loads)
    frame["sources"] = frame["sources"].map(json.loads)
    return frame


def transfers(
    store: Store, *, recipients: list[str] | None = None, suppliers: list[str] | None = None
) -> pd.DataFrame:
    """Transfer records of the newest register snapshot that has them, with its vintage."""
    clauses, params = [], []
    if recipients is not None:
        clauses.append("recipient_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(recipients)
    if suppliers is not None:
        clauses.append("supplier_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(suppliers)
    where = " AND ".join(["t.vintage = (SELECT max(vintage) FROM transfers)", *clauses])
    return store.con.execute(
        f"""SELECT t.*, s.file_name, s.sha256, s.source_id AS source
            FROM transfers t JOIN snapshots s ON s.id = t.snapshot_id
            WHERE {where} ORDER BY t.order_year, t.record_id""",
        params,
    ).df()

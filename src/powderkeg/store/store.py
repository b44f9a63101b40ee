"""The Store: one DuckDB file, opened, migrated and kept in step with the entity crosswalk."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from powderkeg.entities import Crosswalk, Entity
from powderkeg.errors import StoreError
from powderkeg.store.location import default_db_path
from powderkeg.store.migrate import migrate

_ENTITY_COLUMNS = (
    "iso3",
    "name",
    "kind",
    "iso2",
    "iso_numeric",
    "fips",
    "cameo",
    "gw",
    "wb",
    "region",
)


class Store:
    """An open powderkeg store. Use as a context manager, or call close()."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        self.con = self._connect()
        self._data_version: tuple[int, ...] | None = None
        if not read_only:
            migrate(self.con)
            self._sync_entities(Crosswalk.bundled().entities())

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `powderkeg init` or any query first")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return duckdb.connect(str(self.path), read_only=self.read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commit when the block ends, roll back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
        self._data_version = None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    def data_version(self) -> tuple[int, ...]:
        """Changes whenever a load adds or removes data: a cheap key for caches of derived results.

        Another process may load meanwhile; a store opened for one question sees one version.
        """
        if self._data_version is not None:
            return self._data_version
        found = self.rows(
            """SELECT (SELECT count(*) FROM observations), (SELECT coalesce(max(id), 0) FROM snapshots),
                      (SELECT count(*) FROM transfers), (SELECT count(*) FROM register_records),
                      (SELECT count(*) FROM ingests)"""
        )
        self._data_version = tuple(int(v) for v in found[0])
        return self._data_version

    def meta(self, key: str) -> str | None:
        value = self.scalar("SELECT value FROM store_meta WHERE key = ?", [key])
        return None if value is None else str(value)

    def set_meta(self, con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
        con.execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)", [key, value])

    def _sync_entities(self, entities: Sequence[Entity]) -> None:
        """Replace the entities table when the crosswalk changed since the last sync."""
        rows = [tuple(getattr(entity, column) for column in _ENTITY_COLUMNS) for entity in entities]
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        if self.meta("entities_digest") == digest:
            return
        with self.transaction() as con:
            con.execute("DELETE FROM entities")
            con.executemany(
                f"INSERT INTO entities VALUES ({', '.join('?' * len(_ENTITY_COLUMNS))})", rows
            )
            self.set_meta(con, "entities_digest", digest)

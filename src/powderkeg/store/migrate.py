"""Named schema migrations, each applied once, in its own transaction, with a record that it ran."""

from __future__ import annotations

from importlib import resources

import duckdb

from powderkeg.errors import StoreError

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""


def migration_names() -> list[str]:
    """The packaged migrations in the order they apply (their file names sort that way)."""
    folder = resources.files("powderkeg.store") / "migrations"
    return sorted(
        item.name.removesuffix(".sql") for item in folder.iterdir() if item.name.endswith(".sql")
    )


def _sql(name: str) -> str:
    return (resources.files("powderkeg.store") / "migrations" / f"{name}.sql").read_text("utf-8")


def applied(con: duckdb.DuckDBPyConnection) -> set[str]:
    con.execute(_LEDGER)
    return {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every pending migration; return the names applied now."""
    done = applied(con)
    unknown = done - set(migration_names())
    if unknown:
        raise StoreError(
            f"the store was written by a newer powderkeg (migrations {sorted(unknown)}); upgrade powderkeg"
        )
    pending = [name for name in migration_names() if name not in done]
    for name in pending:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(_sql(name))
            con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc
    return pending

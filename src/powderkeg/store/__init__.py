"""The only package that talks to DuckDB: schema, migrations, transactional loads, queries."""

from powderkeg.store.load import LOAD_COLUMNS, LoadResult, load_snapshot
from powderkeg.store.location import default_db_path, home_dir
from powderkeg.store.store import Store

__all__ = ["LOAD_COLUMNS", "LoadResult", "Store", "default_db_path", "home_dir", "load_snapshot"]

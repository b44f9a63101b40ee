"""Opening the analytical engines: DuckDB always, Spark only with the extra, clear errors otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from powderkeg.errors import QueryError, StoreError
from powderkeg.store import engines


def test_without_pyspark_the_spark_engine_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # makes `import pyspark…` fail
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(StoreError, match=r"powderkeg\[spark\]"):
        engines.spark_engine("local[1]")


def test_the_spark_master_comes_from_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(engines.SPARK_MASTER_VARIABLE, raising=False)
    assert engines.spark_master() == "local[2]"
    monkeypatch.setenv(engines.SPARK_MASTER_VARIABLE, "spark://head:7077")
    assert engines.spark_master() == "spark://head:7077"
    assert engines.spark_master("local[4]") == "local[4]"


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(QueryError, match="duckdb, spark"):
        engines.open_engine("sqlite")


def test_an_empty_events_folder_has_no_events_and_cannot_be_read(tmp_path: Path) -> None:
    assert not engines.has_local_events(tmp_path)
    assert engines.has_local_events("s3a://bucket/events")  # remote: assumed, read by the engine
    with pytest.raises(StoreError, match="cannot read GDELT events"):
        engines.events_table(engines.duckdb_engine(), tmp_path)


def test_duckdb_engine_takes_thread_and_memory_limits() -> None:
    backend = engines.duckdb_engine(threads=1, memory_limit="512MB")
    assert engines.engine_name(backend) == "duckdb"
    threads = backend.raw_sql("SELECT current_setting('threads')").fetchall()
    assert threads == [(1,)]

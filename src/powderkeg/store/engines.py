"""The analytical engines that run the event aggregations, as Ibis backends.

This is the one place that opens an engine: DuckDB in process (the default) or Apache Spark
(optional extra `powderkeg[spark]`, imported only when asked for). Both answer the same Ibis
expressions (powderkeg.indicators.escalation), so the numbers do not depend on the engine.

Spark's master comes from the argument, else `$POWDERKEG_SPARK_MASTER`, else `local[2]`. Settings
for a cluster (executor memory, s3a credentials…) belong in Spark's own configuration
(`spark-defaults.conf`, `$SPARK_CONF_DIR`) or in `config=`; docs/escalation.md has the recipe.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

from powderkeg.errors import QueryError, StoreError

if TYPE_CHECKING:  # Ibis loads only when an engine is opened, keeping the CLI start fast
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend

EngineName = Literal["duckdb", "spark"]
ENGINES: Final[tuple[str, ...]] = get_args(EngineName)
SPARK_MASTER_VARIABLE: Final = "POWDERKEG_SPARK_MASTER"
DEFAULT_SPARK_MASTER: Final = "local[2]"
SPARK_INSTALL_HINT: Final = 'install powderkeg[spark] (pip install "powderkeg[spark]") and Java 17'
# The partition folders gdelt_events.ingest_files writes: <events_dir>/day=YYYY-MM-DD/*.parquet.
EVENT_PARTS_GLOB: Final = "day=*/*.parquet"

# Always set: UTC so DATEADDED reads the same on every machine; no console progress bars.
_SPARK_SETTINGS: Final = {
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.showConsoleProgress": "false",
}
# Only for local[N]: a laptop needs few shuffle partitions and no web UI.
_LOCAL_SPARK_SETTINGS: Final = {
    "spark.ui.enabled": "false",
    "spark.driver.memory": "1g",
}
_LOCAL_MASTER: Final = re.compile(r"local(\[(\d+|\*)\])?$")


def duckdb_engine(*, threads: int | None = None, memory_limit: str | None = None) -> BaseBackend:
    """An in-memory DuckDB backend (the data stay in their Parquet files)."""
    import ibis

    backend = ibis.duckdb.connect()
    if threads is not None:
        backend.raw_sql(f"SET threads = {int(threads)}")
    if memory_limit is not None:
        backend.raw_sql(f"SET memory_limit = '{_quoted(memory_limit)}'")
    return backend


def spark_master(master: str | None = None) -> str:
    """`master`, else $POWDERKEG_SPARK_MASTER, else local[2]."""
    return master or os.environ.get(SPARK_MASTER_VARIABLE) or DEFAULT_SPARK_MASTER


def spark_engine(
    master: str | None = None, *, config: Mapping[str, str] | None = None
) -> BaseBackend:
    """A Spark backend on `master` (see spark_master); StoreError if PySpark or Java is missing.

    An already running Spark session in this process is reused (Spark allows one per process).
    """
    chosen = spark_master(master)
    session = _spark_session(chosen, _spark_settings(chosen, config or {}))
    import ibis

    try:
        return ibis.pyspark.connect(session)
    except ImportError as error:  # Ibis without its PySpark backend's own requirements
        raise StoreError(f"Ibis cannot drive Spark here ({error}): {SPARK_INSTALL_HINT}") from error


def open_engine(
    name: str, *, master: str | None = None, config: Mapping[str, str] | None = None
) -> BaseBackend:
    """The engine called `name` ("duckdb" or "spark")."""
    if name == "duckdb":
        return duckdb_engine()
    if name == "spark":
        return spark_engine(master, config=config)
    raise QueryError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


def engine_name(backend: BaseBackend) -> EngineName:
    """ "duckdb" or "spark" for a backend made here."""
    return "spark" if backend.name == "pyspark" else "duckdb"


def events_table(backend: BaseBackend, events_dir: Path | str) -> ir.Table:
    """The ingested GDELT events under `events_dir` (a folder or a URL such as s3a://bucket/events).

    The table has the gdelt_events columns plus the partition column `day` (the UTC day of
    DATEADDED). StoreError when the folder holds no event files.
    """
    location = _location(events_dir)
    try:
        if engine_name(backend) == "spark":
            return backend.read_parquet(location)
        return backend.read_parquet(f"{location}/{EVENT_PARTS_GLOB}", hive_partitioning=True)
    except Exception as error:  # each engine has its own error types; the message says enough
        raise StoreError(
            f"cannot read GDELT events from {location}: {_first_line(error)}"
        ) from error


def has_local_events(events_dir: Path | str) -> bool:
    """True when `events_dir` holds event files, or is a remote URL (which cannot be listed here)."""
    if _is_url(events_dir):
        return True
    return any(Path(events_dir).glob(EVENT_PARTS_GLOB))


def stop_spark() -> None:
    """Stop this process's Spark session, if there is one (frees its JVM memory)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return
    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def _spark_session(master: str, settings: Mapping[str, str]) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise StoreError(f"the Spark engine needs PySpark: {SPARK_INSTALL_HINT}") from error
    builder = SparkSession.builder.master(master).appName("powderkeg")
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as error:  # PySpark raises its own runtime errors when Java cannot start
        raise StoreError(
            f"Spark could not start on {master}: {_first_line(error)}; {SPARK_INSTALL_HINT}"
        ) from error
    session.sparkContext.setLogLevel("ERROR")
    return session


def _spark_settings(master: str, config: Mapping[str, str]) -> dict[str, str]:
    settings = dict(_SPARK_SETTINGS)
    local = _LOCAL_MASTER.match(master)
    if local is not None:
        cores = local.group(2) or "1"
        settings.update(_LOCAL_SPARK_SETTINGS)
        settings["spark.sql.shuffle.partitions"] = (
            str(os.cpu_count() or 2) if cores == "*" else cores
        )
    settings.update(config)
    return settings


def _location(events_dir: Path | str) -> str:
    if _is_url(events_dir):
        return str(events_dir).rstrip("/")
    return Path(events_dir).expanduser().resolve().as_posix()


def _is_url(events_dir: Path | str) -> bool:
    return isinstance(events_dir, str) and "://" in events_dir


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__

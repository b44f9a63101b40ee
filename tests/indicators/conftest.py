"""Fixtures for the event indicators: planted GDELT events on disk, and one Spark per session."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.indicators.planted import planted_events, write_events

SPARK_SETTINGS = {
    "spark.driver.memory": "1g",
    "spark.sql.shuffle.partitions": "2",
    "spark.ui.enabled": "false",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark: needs PySpark and Java; skipped with a reason when either is missing"
    )


@pytest.fixture(scope="session")
def planted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The planted events (tests/indicators/planted.py) as ingested Parquet."""
    return write_events(planted_events(), tmp_path_factory.mktemp("planted") / "events")


@pytest.fixture(scope="session")
def spark_backend() -> Iterator[Any]:
    """A local[2] Spark backend with small memory settings, started once per session."""
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("PySpark is not installed (pip install 'powderkeg[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java is not installed; Spark needs Java 17")
    from powderkeg.store import engines

    backend = engines.spark_engine("local[2]", config=SPARK_SETTINGS)
    yield backend
    engines.stop_spark()

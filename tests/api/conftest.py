"""A default store built once per session from the bundled extract, in a temporary home."""

from __future__ import annotations

from pathlib import Path

import pytest

import powderkeg


@pytest.fixture(scope="session")
def default_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("default-store") / "powderkeg.duckdb"
    powderkeg.rebuild(db=path)
    return path

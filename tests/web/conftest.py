"""A dashboard app on its own copy of the default store, shared by the web tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from powderkeg.web import create_app


@pytest.fixture(scope="session")
def web_db(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's store: the app reads it, no other test writes it."""
    path = tmp_path_factory.mktemp("web-store") / "powderkeg.duckdb"
    shutil.copyfile(default_db, path)
    return path


@pytest.fixture(scope="session")
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db, warm_up=False)) as client:
        yield client


@pytest.fixture(scope="session")
def essay(shared_data: Path) -> str:
    return (shared_data.parent / "articles" / "militarization-of-kosovo.txt").read_text("utf-8")

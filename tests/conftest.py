"""Shared fixtures: where the real public data lives, and an isolated powderkeg home per test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public files (../shared/data); CI has them beside the checkout."""
    assert SHARED_DATA.is_dir(), f"expected the shared data at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def powderkeg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh POWDERKEG_HOME so no test touches the user's store."""
    home = tmp_path / "home"
    monkeypatch.setenv("POWDERKEG_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def default_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per session from the bundled extract, in a temporary folder."""
    import powderkeg

    path = tmp_path_factory.mktemp("default-store") / "powderkeg.duckdb"
    powderkeg.rebuild(db=path)
    return path

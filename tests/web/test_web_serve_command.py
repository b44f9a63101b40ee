"""`powderkeg serve`: loopback by default, a loud warning otherwise, the store made first."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
import uvicorn
from typer.testing import CliRunner

from powderkeg.cli.serve import APP_FACTORY, is_loopback, serve
from powderkeg.web.app import app_from_environment


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """uvicorn.run replaced by a recorder: the command runs, no server starts."""
    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: runs.append({"app": app, **options}))
    monkeypatch.setenv("POWDERKEG_DB", "")  # recorded, so the command's setting is undone after
    monkeypatch.delenv("POWDERKEG_DB")
    return runs


def _serve(*args: str) -> Any:
    app = typer.Typer()
    app.command()(serve)
    return CliRunner().invoke(app, list(args))


def test_serve_binds_loopback_by_default(
    started: list[dict[str, Any]], default_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "powderkeg.duckdb"
    shutil.copyfile(default_db, db)
    result = _serve("--db", str(db))
    assert result.exit_code == 0, result.output
    assert started == [
        {"app": APP_FACTORY, "factory": True, "host": "127.0.0.1", "port": 8000,
         "log_level": "warning"}
    ]  # fmt: skip
    assert "warning" not in result.output
    assert "http://127.0.0.1:8000/" in result.output


def test_serve_warns_loudly_off_loopback(
    started: list[dict[str, Any]], default_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "powderkeg.duckdb"
    shutil.copyfile(default_db, db)
    result = _serve("--host", "0.0.0.0", "--port", "8123", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "warning" in result.output
    assert "not on loopback" in result.output
    assert started[0]["host"] == "0.0.0.0"


def test_serve_creates_a_missing_store_and_hands_it_to_the_app(
    started: list[dict[str, Any]], tmp_path: Path
) -> None:
    db = tmp_path / "fresh" / "powderkeg.duckdb"
    assert _serve("--db", str(db)).exit_code == 0
    assert db.exists()
    app = app_from_environment()  # what uvicorn calls, in the same environment
    assert app.state.dashboard.path == db


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("::", False),
        ("dashboard.example.org", False),
    ],
)
def test_loopback_addresses_are_recognised(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_bad_port_is_refused(started: list[dict[str, Any]]) -> None:
    assert _serve("--port", "70000").exit_code == 2
    assert started == []

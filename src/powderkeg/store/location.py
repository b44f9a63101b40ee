"""Where the store lives: --db, else $POWDERKEG_HOME, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_FILE_NAME = "powderkeg.duckdb"


def home_dir() -> Path:
    """The folder for the store and caches: $POWDERKEG_HOME or the platform's user data dir."""
    configured = os.environ.get("POWDERKEG_HOME")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("powderkeg", appauthor=False))


def default_db_path() -> Path:
    return home_dir() / DB_FILE_NAME

"""Synthetic snapshots for store tests: tiny frames in the load contract, files on disk for digests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.provenance import Snapshot
from powderkeg.store import LOAD_COLUMNS, Store


def make_snapshot(path: Path, *, vintage: str, content: str) -> Snapshot:
    path.write_text(content)
    from powderkeg.provenance import file_digest

    sha256, size = file_digest(path)
    return Snapshot(
        source_id="sipri_milex",
        dataset="SIPRI Military Expenditure Database",
        publisher="SIPRI",
        title="test workbook",
        url="https://example.invalid/milex.xlsx",
        licence="test",
        citation="test",
        vintage=vintage,
        retrieved=date(2026, 11, 27),
        sha256=sha256,
        byte_size=size,
        path=str(path),
    )


def make_frame(rows: list[tuple[str, int, str, float, str]]) -> pd.DataFrame:
    """Rows of (entity_id, period, measure, value, locator) as a loadable frame."""
    records = [
        {
            "entity_id": entity,
            "entity_name": entity,
            "period": period,
            "measure": measure,
            "value": value,
            "unit": "percent" if measure == "share_gdp" else "USD",
            "currency": None if measure == "share_gdp" else "USD",
            "price_basis": "" if measure == "share_gdp" else "current",
            "base_year": None,
            "flags": "",
            "locator": locator,
            "derivation": None,
            "inputs": None,
        }
        for entity, period, measure, value, locator in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=list(LOAD_COLUMNS))
    return frame.astype({"base_year": "Int64", "period": "int64", "value": "float64"})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(tmp_path / "store.duckdb")
    yield opened
    opened.close()

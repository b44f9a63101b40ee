"""`powderkeg.fetch` downloads (through an injected transport, never the network) and ingests."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import powderkeg
from powderkeg import FetchError

OWID = "sipri_milex/owid_military-spending-as-a-share-of-gdp-sipri_1949-2024.csv"
OWID_CONSTANT = "sipri_milex/owid_military-spending-sipri_constant2024usd_1949-2025.csv"


def serving(shared_data: Path, seen: list[str]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        name = OWID if "share-of-gdp" in request.url.path else OWID_CONSTANT
        body = (shared_data / name).read_bytes()
        return httpx.Response(200, content=body, headers={"content-type": "text/csv"})

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_fetch_downloads_each_file_once_and_ingests_it(tmp_path: Path, shared_data: Path) -> None:
    seen: list[str] = []
    db = tmp_path / "s.duckdb"
    with serving(shared_data, seen) as client:
        first = powderkeg.fetch("owid_grapher", client=client, cache_dir=tmp_path / "cache", db=db)
        again = powderkeg.fetch("owid_grapher", client=client, cache_dir=tmp_path / "cache", db=db)
    assert len(seen) == 2  # the second call is served from the cache
    assert [report.vintage for report in first] == ["2026", "2025"]
    assert all(report.rows_added > 0 for report in first)
    assert all(report.rows_added == 0 for report in again)
    world = powderkeg.spending("USA", measure="share_gdp", year=2023, db=db)
    assert world["source"].iloc[0] == "owid_grapher"


def test_fetch_refuses_an_html_page(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = b"<!DOCTYPE html><html><title>Maintenance</title></html>"
        return httpx.Response(200, content=page, headers={"content-type": "text/html"})

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        pytest.raises(FetchError, match="HTML"),
    ):
        powderkeg.fetch("owid_grapher", client=client, cache_dir=tmp_path, db=tmp_path / "s.db")

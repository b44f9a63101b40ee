"""The dashboard API: view functions, and the Dashboard that builds each page once, read-only."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from powderkeg.api import dashboard
from powderkeg.api.dashboard import Dashboard
from powderkeg.errors import QueryError
from powderkeg.reports import views


@pytest.fixture
def own_db(default_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "powderkeg.duckdb"
    shutil.copyfile(default_db, path)
    return path


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Replace views.<name> by a wrapper that records each call (and still builds the view)."""
    calls: list[Any] = []
    original: Callable[..., Any] = getattr(views, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append((*args[1:], *kwargs.values()))
        return original(*args, **kwargs)

    monkeypatch.setattr(views, name, counted)
    return calls


def test_view_functions_accept_names_as_well_as_ids(default_db: Path) -> None:
    view = dashboard.dyad_view("kosovo", "serbia", db=default_db)
    assert (view["a"]["id"], view["b"]["id"]) == ("XKX", "SRB")


def test_unknown_entity_is_a_query_error(default_db: Path) -> None:
    with pytest.raises(QueryError, match="unknown country"):
        dashboard.country_view("Atlantis", db=default_db)


def test_json_twin_leaves_out_only_chart_svgs_and_segments(default_db: Path) -> None:
    view = dashboard.check_view("Kosovo spent 100 million EUR in 2023.", db=default_db)
    twin = dashboard.json_twin(view)
    assert set(view) - set(twin) == {"segments"}
    json.dumps(twin, allow_nan=False)
    country = dashboard.country_view("XKX", db=default_db)
    assert "charts" in country
    assert "charts" not in dashboard.json_twin(country)


def test_check_view_decodes_an_upload_by_its_name(default_db: Path) -> None:
    page = b"<html><body><p>Kosovo spent 100 million EUR in 2023.</p></body></html>"
    view = dashboard.check_view(page, filename="article.html", db=default_db)
    assert view["origin"] == "article.html"
    assert "<p>" not in view["text"]


def test_a_page_is_built_once_per_process(own_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    board = Dashboard(own_db)
    calls = _counting(monkeypatch, "country")
    first = board.country("XKX")
    assert board.country("kosovo") is first  # names resolve to the same page
    assert calls == [("XKX",)]


def test_concurrent_requests_for_a_new_page_build_it_once(
    own_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = Dashboard(own_db)
    calls = _counting(monkeypatch, "sources")
    pages: list[object] = []
    threads = [threading.Thread(target=lambda: pages.append(board.sources())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(pages) == 8
    assert all(page is pages[0] for page in pages)


def test_the_oldest_page_is_dropped_past_the_limit(
    own_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = Dashboard(own_db, pages_kept=2)
    calls = _counting(monkeypatch, "compare")
    for year in (2020, 2021, 2022, 2020):
        board.compare("western-balkans", year, "share_gdp")
    # kept: 2020; 2020, 2021; 2021, 2022 (2020 dropped); 2022, 2020 (built again)
    assert [call[1] for call in calls] == [2020, 2021, 2022, 2020]
    board.compare("western-balkans", 2022, "share_gdp")
    assert len(calls) == 4


def test_a_failed_build_is_not_kept(own_db: Path) -> None:
    board = Dashboard(own_db)
    for _ in range(2):
        with pytest.raises(QueryError, match="unknown measure"):
            board.compare("western-balkans", None, "happiness")


def test_pages_are_built_on_a_read_only_store(
    own_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = Dashboard(own_db)
    seen: list[bool] = []
    original = views.sources

    def spy(store: Any) -> dict[str, Any]:
        seen.append(store.read_only)
        return original(store)

    monkeypatch.setattr(views, "sources", spy)
    board.sources()
    assert seen == [True]


def test_footer_licences_come_from_the_snapshots(own_db: Path) -> None:
    board = Dashboard(own_db)
    datasets = {line["dataset"] for line in board.licences()}
    snapshots = board.sources().view["snapshots"]
    assert {row["dataset"] for row in snapshots} <= datasets

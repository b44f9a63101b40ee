"""Incidents near a pair's border: points from each source, the distance filter, weekly counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from powderkeg.indicators.incidents import (
    POINT_COLUMNS,
    acled_points,
    ged_points,
    has_common_border,
    incidents_by_period,
    near_border_points,
    register_incidents,
    register_points,
)
from powderkeg.sources import acled_export, ucdp_ged
from powderkeg.store import Store

JARINJE = (43.12, 20.52)  # on the Kosovo–Serbia border; 5.8 km from the 1:110m line
PRISTINA = (42.66, 21.17)  # 28.9 km from it


def _points(*rows: tuple[str, str, tuple[float, float], float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source": "register",
                "event_id": name,
                "date": pd.Timestamp(day),
                "latitude": place[0],
                "longitude": place[1],
                "deaths": deaths,
                "injured": None,
                "title": name,
                "reference": f"https://example.org/{name}",
            }
            for name, day, place, deaths in rows
        ]
    )


def test_points_near_the_border_are_kept_with_their_distance() -> None:
    points = _points(
        ("jarinje", "2023-09-24", JARINJE, 1.0), ("pristina", "2023-09-25", PRISTINA, None)
    )
    near = near_border_points(points, "XKX", "SRB", km=10)
    assert near["event_id"].tolist() == ["jarinje"]
    assert near["distance_km"].iloc[0] == pytest.approx(5.8, abs=0.1)
    assert len(near_border_points(points, "XKX", "SRB", km=30)) == 2


def test_a_pair_without_a_common_border_has_no_incidents() -> None:
    points = _points(("jarinje", "2023-09-24", JARINJE, 1.0))
    assert not has_common_border("XKX", "HRV")
    assert not has_common_border("XKX", "USA")  # no outline in the bundled extract
    assert near_border_points(points, "XKX", "HRV", km=500).empty


def test_weekly_counts_start_on_monday_and_sum_known_deaths() -> None:
    points = _points(
        ("sunday", "2023-09-24", JARINJE, 4.0),
        ("monday", "2023-09-18", JARINJE, None),
        ("next-monday", "2023-09-25", JARINJE, None),
    )
    weekly = incidents_by_period(points, "week").set_index("period")
    assert weekly.loc[pd.Timestamp("2023-09-18"), "incidents"] == 2
    assert weekly.loc[pd.Timestamp("2023-09-18"), "incident_deaths"] == 4.0
    assert pd.isna(weekly.loc[pd.Timestamp("2023-09-25"), "incident_deaths"])  # none known
    monthly = incidents_by_period(points, "month")
    assert monthly["incidents"].tolist() == [3]


def test_register_incidents_come_with_coordinates_deaths_and_first_source(
    default_db: Path,
) -> None:
    with Store(default_db) as store:
        points = register_incidents(store, ["XKX", "SRB"])
    assert list(points.columns) == list(POINT_COLUMNS)
    banjska = points.set_index("event_id").loc["xkx-banjska-attack-2023"]
    assert (banjska["latitude"], banjska["longitude"]) == (42.9733, 20.7808)
    assert banjska["deaths"] == 4
    assert banjska["reference"].startswith("https://efe.com/")
    near = near_border_points(points, "XKX", "SRB", km=25)
    assert "xkx-banjska-attack-2023" in set(near["event_id"])


def test_register_records_without_a_full_date_or_place_are_left_out() -> None:
    place = {"coordinates": [43.0, 20.6]}
    base = {"kind": "incidents", "entities": ["XKX"], "title": "t", "sources": [{"url": "u"}]}
    records = pd.DataFrame(
        [
            {**base, "record_id": "dated", "date": "2023-09-24", "fields": place},
            {**base, "record_id": "month", "date": "2023-09", "fields": place},
            {**base, "record_id": "nowhere", "date": "2023-09-24", "fields": {}},
        ]
    )
    assert register_points(records)["event_id"].tolist() == ["dated"]


def test_ucdp_ged_event_at_jarinje_is_near_the_border(fixtures: Path) -> None:
    path = fixtures / "ucdp_ged" / "GEDEvent_v25_1_balkans_synthetic.csv"
    points = ged_points(ucdp_ged.parse(path).frame, file_name=path.name)
    near = near_border_points(points, "XKX", "SRB", km=10)
    assert near["event_id"].tolist() == ["990003"]
    assert near["reference"].iloc[0] == f"{path.name} line=4"
    assert near["source"].iloc[0] == "ucdp_ged"


def test_acled_points_far_from_the_balkans_are_never_near(fixtures: Path) -> None:
    path = fixtures / "acled_export" / "acled_export_10_events.csv"
    points = acled_points(acled_export.parse(path).frame)
    assert len(points) == 10
    assert points["deaths"].sum() == 4
    assert near_border_points(points, "XKX", "SRB", km=100).empty

"""Shared borders and distances to them, on the bundled Natural Earth 1:110m outlines."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from powderkeg.errors import FormatError, QueryError
from powderkeg.geo import (
    EARTH_RADIUS_KM,
    AzimuthalEquidistant,
    distance_to_border_km,
    distances_to_border_km,
    load_countries,
    near_border,
    shared_border,
)
from powderkeg.sources import ucdp_ged

JARINJE = (43.12, 20.52)
PRISTINA = (42.66, 21.17)
BELGRADE = (44.82, 20.46)


def _haversine_to_line_km(lat: float, lon: float, border: shapely.Geometry) -> float:
    """Brute force: the nearest of many points along the border, by the haversine formula."""
    coordinates = shapely.get_coordinates(shapely.segmentize(border, 0.0005))
    phi, lam = np.radians(coordinates[:, 1]), np.radians(coordinates[:, 0])
    phi0, lam0 = math.radians(lat), math.radians(lon)
    a = np.sin((phi - phi0) / 2) ** 2 + math.cos(phi0) * np.cos(phi) * np.sin((lam - lam0) / 2) ** 2
    return float((2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))).min())


def _length_km(border: shapely.Geometry | None) -> float:
    assert border is not None
    return float(AzimuthalEquidistant.centred_on(border).geometry(border).length)


@pytest.mark.parametrize("neighbour", ["SRB", "ALB", "MKD", "MNE"])
def test_kosovo_borders_its_four_neighbours(neighbour: str) -> None:
    assert _length_km(shared_border("XKX", neighbour)) > 20


@pytest.mark.parametrize("other", ["HRV", "BIH", "GRC"])
def test_kosovo_shares_no_border_with_countries_beyond(other: str) -> None:
    assert shared_border("XKX", other) is None


def test_the_border_runs_along_both_outlines() -> None:
    countries = load_countries()
    border = shared_border("XKX", "SRB")
    assert border is not None
    # BORDER_TOLERANCE_KM in degrees of latitude, plus the buffer's polygonal approximation.
    tolerance = 1.0 / 111.2 * 1.01
    for point in shapely.points(shapely.get_coordinates(border)):
        assert countries["XKX"].boundary.distance(point) < 1e-9
        assert countries["SRB"].boundary.distance(point) <= tolerance


def test_kosovo_border_lengths_rank_as_in_reality() -> None:
    # Longest with Serbia, then North Macedonia, Albania, Montenegro (CIA World Factbook:
    # about 366, 160, 112 and 76 km); 1:110m outlines are shorter, but the order holds.
    lengths = {n: _length_km(shared_border("XKX", n)) for n in ["SRB", "MKD", "ALB", "MNE"]}
    assert sorted(lengths, key=lengths.__getitem__, reverse=True) == ["SRB", "MKD", "ALB", "MNE"]


def test_jarinje_crossing_lies_within_10_km_of_the_kosovo_serbia_border() -> None:
    distance = distance_to_border_km(*JARINJE, "XKX", "SRB")
    # Jarinje sits on the real border; what remains is the 1:110m generalisation (docs/geo.md).
    assert 1 < distance < 10


def test_pristina_is_more_than_20_km_from_the_serbian_border() -> None:
    assert distance_to_border_km(*PRISTINA, "XKX", "SRB") > 20


def test_belgrade_is_far_from_the_kosovo_border() -> None:
    assert distance_to_border_km(*BELGRADE, "XKX", "SRB") > 150


@pytest.mark.parametrize(
    ("lat", "lon"),
    [JARINJE, PRISTINA, BELGRADE, (37.98, 23.73), (55.75, 37.6), (40.7, -74.0), (42.9, 20.5)],
)
def test_distance_agrees_with_brute_force_haversine(lat: float, lon: float) -> None:
    border = shared_border("XKX", "SRB")
    assert border is not None
    expected = _haversine_to_line_km(lat, lon, border)
    assert distance_to_border_km(lat, lon, "XKX", "SRB") == pytest.approx(
        expected, rel=1e-3, abs=0.05
    )


def test_near_border_marks_points_within_the_distance() -> None:
    points = pd.DataFrame(
        {
            "latitude": [JARINJE[0], PRISTINA[0], BELGRADE[0]],
            "longitude": [JARINJE[1], PRISTINA[1], BELGRADE[1]],
        },
        index=["jarinje", "pristina", "belgrade"],
    )
    near = near_border(points, "XKX", "SRB", 10)
    assert near.to_dict() == {"jarinje": True, "pristina": False, "belgrade": False}
    assert near_border(points, "XKX", "SRB", 30).to_dict()["pristina"]


def test_near_border_agrees_with_the_single_point_distance() -> None:
    points = pd.DataFrame({"lat": [42.8, 43.3, 42.3, 44.0], "lon": [21.0, 20.8, 21.6, 21.0]})
    distances = distances_to_border_km(points, "XKX", "SRB", lat="lat", lon="lon")
    singles = [
        distance_to_border_km(lat, lon, "XKX", "SRB")
        for lat, lon in zip(points["lat"], points["lon"], strict=True)
    ]
    assert distances.tolist() == pytest.approx(singles)


def test_near_border_is_false_where_a_position_is_missing() -> None:
    points = pd.DataFrame({"latitude": [JARINJE[0], np.nan], "longitude": [JARINJE[1], 20.5]})
    assert near_border(points, "XKX", "SRB", 10).tolist() == [True, False]
    assert distances_to_border_km(points, "XKX", "SRB").isna().tolist() == [False, True]


def test_near_border_finds_the_synthetic_ged_event_at_jarinje(fixtures: Path) -> None:
    events = ucdp_ged.parse(fixtures / "ucdp_ged/GEDEvent_v25_1_balkans_synthetic.csv").frame
    near = events.loc[near_border(events, "XKX", "SRB", 10), "event_id"]
    assert near.tolist() == [990003]


def test_distance_refuses_countries_without_a_common_border() -> None:
    with pytest.raises(QueryError, match="share no border"):
        distance_to_border_km(*PRISTINA, "XKX", "HRV")


def test_unknown_countries_are_named_with_what_the_geometry_holds() -> None:
    with pytest.raises(QueryError, match=r"no geometry for 'FRA'.*XKX"):
        shared_border("XKX", "FRA")


def test_positions_off_the_earth_are_refused() -> None:
    with pytest.raises(QueryError, match="latitude 95"):
        distance_to_border_km(95, 20, "XKX", "SRB")
    with pytest.raises(QueryError, match="rows b"):
        near_border(
            pd.DataFrame({"latitude": [43.0, 43.0], "longitude": [20.0, 200.0]}, index=["a", "b"]),
            "XKX",
            "SRB",
            10,
        )


def test_points_must_have_the_coordinate_columns() -> None:
    with pytest.raises(QueryError, match="lack the column"):
        near_border(pd.DataFrame({"lat": [43.0], "lon": [20.0]}), "XKX", "SRB", 10)


def test_a_gap_within_the_tolerance_still_counts_as_a_border() -> None:
    gap = 0.5 / 111.2  # half a kilometre between two boxes
    countries: dict[str, shapely.Geometry] = {
        "A": box(20.0, 42.0, 20.5, 42.5),
        "B": box(20.5 + gap, 42.0, 21.0, 42.5),
    }
    assert shared_border("A", "B", countries=countries) is not None
    assert shared_border("A", "B", countries=countries, tolerance_km=0.1) is None


def test_countries_touching_only_at_a_corner_share_no_border() -> None:
    countries: dict[str, shapely.Geometry] = {
        "A": box(20.0, 42.0, 20.5, 42.5),
        "B": Polygon([(20.5, 42.5), (21.0, 42.5), (21.0, 43.0)]),
    }
    assert shared_border("A", "B", countries=countries) is None


def test_load_countries_reads_a_geojson_with_id_properties(tmp_path: Path) -> None:
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": "A"},
                "geometry": shapely.geometry.mapping(box(0, 0, 1, 1)),
            }
        ],
    }
    path = tmp_path / "countries.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert list(load_countries(path)) == ["A"]


def test_load_countries_names_a_feature_without_an_id(tmp_path: Path) -> None:
    path = tmp_path / "countries.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"properties": {}}]}', encoding="utf-8"
    )
    with pytest.raises(FormatError) as caught:
        load_countries(path)
    assert caught.value.where == "feature=1"

"""The azimuthal equidistant projection keeps distances from its centre."""

from __future__ import annotations

import math

import numpy as np
import pytest

from powderkeg.geo import EARTH_RADIUS_KM, AzimuthalEquidistant


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(42.66, 21.17), (44.82, 20.46), (40.7, -74.0), (-33.9, 151.2), (43.0, 21.0)],
)
def test_distance_from_the_centre_is_the_great_circle_distance(lat: float, lon: float) -> None:
    projection = AzimuthalEquidistant(lat0=43.0, lon0=21.0)
    x, y = projection.project(np.array([[lon, lat]]))[0]
    assert math.hypot(x, y) == pytest.approx(_haversine_km(43.0, 21.0, lat, lon), abs=1e-6)


def test_north_is_up_and_east_is_right() -> None:
    projection = AzimuthalEquidistant(lat0=43.0, lon0=21.0)
    north, east = projection.project(np.array([[21.0, 44.0], [22.0, 43.0]]))
    assert north[0] == pytest.approx(0.0, abs=1e-9)
    assert north[1] > 0
    assert east[0] > 0
    assert abs(east[1]) < 1.0

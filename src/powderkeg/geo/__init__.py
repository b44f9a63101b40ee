"""Geometry of countries: shared borders and distances to them (Natural Earth, shapely).

A low layer (beside the entity crosswalk, whose ids key the countries): it imports nothing from
powderkeg but its errors. docs/geo.md explains the method and its error.
"""

from powderkeg.geo.borders import (
    BORDER_TOLERANCE_KM,
    BUNDLED_EXTRACT,
    Border,
    bundled_extract,
    distance_to_border_km,
    distances_to_border_km,
    load_countries,
    near_border,
    shared_border,
)
from powderkeg.geo.projection import EARTH_RADIUS_KM, AzimuthalEquidistant

__all__ = [
    "BORDER_TOLERANCE_KM",
    "BUNDLED_EXTRACT",
    "EARTH_RADIUS_KM",
    "AzimuthalEquidistant",
    "Border",
    "bundled_extract",
    "distance_to_border_km",
    "distances_to_border_km",
    "load_countries",
    "near_border",
    "shared_border",
]

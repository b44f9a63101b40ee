"""The map's geometry: checking a GeoJSON FeatureCollection and keeping the features in view.

Only the features whose bounding box meets the map's extent are drawn, which keeps a world file
from putting every country's outline into the SVG.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from powderkeg.errors import QueryError


class Extent(NamedTuple):
    """A longitude/latitude box in degrees (WGS84)."""

    west: float
    south: float
    east: float
    north: float

    def meets(self, other: Extent) -> bool:
        return not (
            other.east < self.west
            or other.west > self.east
            or other.north < self.south
            or other.south > self.north
        )

    def as_feature(self) -> dict[str, Any]:
        """The box as a GeoJSON polygon (clockwise, as d3's spherical geometry expects)."""
        w, s, e, n = self
        ring = [[w, s], [w, n], [e, n], [e, s], [w, s]]
        return {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    def mercator_aspect(self) -> float:
        """Height ÷ width of the box drawn in the Mercator projection."""

        def y(latitude: float) -> float:
            return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))

        return (y(self.north) - y(self.south)) / math.radians(self.east - self.west)


WESTERN_BALKANS = Extent(west=13.0, south=39.5, east=23.5, north=46.6)


def features_of(geojson: Mapping[str, Any], *, chart: str) -> list[Mapping[str, Any]]:
    """The features of a FeatureCollection; a QueryError when there are none."""
    features = geojson.get("features") if geojson.get("type") == "FeatureCollection" else None
    if not isinstance(features, list):
        raise QueryError(f"{chart}: the geometry must be a GeoJSON FeatureCollection")
    if not features:
        raise QueryError(f"{chart}: nothing to draw, the FeatureCollection has no features")
    return features


def bounds(geometry: Mapping[str, Any]) -> Extent | None:
    """The bounding box of a GeoJSON geometry (any type, collections included); None if empty."""
    points = list(_positions(geometry))
    if not points:
        return None
    longitudes = [point[0] for point in points]
    latitudes = [point[1] for point in points]
    return Extent(min(longitudes), min(latitudes), max(longitudes), max(latitudes))


def _positions(geometry: Mapping[str, Any]) -> Iterator[Sequence[float]]:
    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _positions(part)
        return
    yield from _flatten(geometry.get("coordinates", []))


def _flatten(coordinates: Any) -> Iterator[Sequence[float]]:
    # A position is a list of numbers; anything deeper is a list of positions or rings.
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates
        return
    for part in coordinates:
        yield from _flatten(part)

"""The border two countries share, and how far points are from it, on Natural Earth geometry.

Countries are polygons in longitude/latitude (WGS 84), keyed by powderkeg entity id; by default
the Natural Earth 1:110m extract bundled in powderkeg/data/geo. The shared border is the part of
one country's outline that lies within a small tolerance of the other's: Natural Earth's
neighbours normally share vertices, but a generalised or edited file need not. Distances are
measured in an azimuthal equidistant projection centred on the border's midpoint (see
powderkeg.geo.projection for its error); docs/geo.md discusses the much larger error of the
1:110m outlines themselves.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator, Mapping
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, MultiLineString, Point, shape
from shapely.geometry.base import BaseGeometry

from powderkeg.errors import FormatError, QueryError
from powderkeg.geo.projection import EARTH_RADIUS_KM, AzimuthalEquidistant

Border = LineString | MultiLineString

BUNDLED_EXTRACT: Final = "ne_110m_admin_0_balkans.geojson"
BORDER_TOLERANCE_KM: Final = 1.0
_KM_PER_DEGREE_LATITUDE: Final = math.pi * EARTH_RADIUS_KM / 180
# Pieces up to this many tolerances long are contacts at a corner (an L of two legs of about one
# tolerance each), not borders.
_MIN_PIECE: Final = 4


def bundled_extract() -> Traversable:
    """The GeoJSON shipped with powderkeg (Natural Earth 1:110m, Western Balkans and around)."""
    return resources.files("powderkeg").joinpath("data", "geo", BUNDLED_EXTRACT)


def load_countries(path: Path | None = None) -> dict[str, BaseGeometry]:
    """Country geometries by entity id from a GeoJSON whose features carry an `id` property."""
    if path is None:
        return dict(_bundled_countries())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"cannot read the GeoJSON file: {error}", path=path) from None
    return _countries_from_text(text, source=str(path))


@functools.cache
def _bundled_countries() -> Mapping[str, BaseGeometry]:
    return _countries_from_text(bundled_extract().read_text(encoding="utf-8"), BUNDLED_EXTRACT)


def _countries_from_text(text: str, source: str) -> dict[str, BaseGeometry]:
    try:
        features = json.loads(text)["features"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise FormatError(f"not a GeoJSON FeatureCollection: {error}", path=source) from None
    countries: dict[str, BaseGeometry] = {}
    for number, feature in enumerate(features, start=1):
        entity_id, geometry = _feature(feature, where=f"feature={number}", source=source)
        if entity_id in countries:
            raise FormatError(
                f"id {entity_id!r} appears twice", path=source, where=f"feature={number}"
            )
        countries[entity_id] = geometry
    return countries


def _feature(feature: object, *, where: str, source: str) -> tuple[str, BaseGeometry]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    entity_id = properties.get("id") if isinstance(properties, dict) else None
    if not isinstance(feature, dict) or not isinstance(entity_id, str):
        raise FormatError("a feature without an `id` property", path=source, where=where)
    data = feature.get("geometry")
    if not isinstance(data, dict):
        raise FormatError("a feature without a geometry", path=source, where=where)
    try:
        geometry = shape(data)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException) as error:
        raise FormatError(f"unusable geometry: {error}", path=source, where=where) from None
    if geometry.is_empty:
        raise FormatError("an empty geometry", path=source, where=where)
    return entity_id, geometry


def shared_border(
    a: str,
    b: str,
    *,
    countries: Mapping[str, BaseGeometry] | None = None,
    tolerance_km: float = BORDER_TOLERANCE_KM,
) -> Border | None:
    """The border of `a` with `b` (a's outline within `tolerance_km` of b's), or None.

    The tolerance is applied in degrees (tolerance_km / 111.2), so it is a little narrower
    east–west than north–south. Pieces no longer than four tolerances (countries that only
    touch at a corner) are dropped. Near each end the line may run up to about the tolerance
    along a third country's border.
    """
    if countries is None and tolerance_km == BORDER_TOLERANCE_KM:
        return _bundled_border(a, b)
    return _border(_geometry(countries, a), _geometry(countries, b), tolerance_km)


@functools.cache
def _bundled_border(a: str, b: str) -> Border | None:
    countries = _bundled_countries()
    return _border(_geometry(countries, a), _geometry(countries, b), BORDER_TOLERANCE_KM)


def _border(first: BaseGeometry, second: BaseGeometry, tolerance_km: float) -> Border | None:
    tolerance = tolerance_km / _KM_PER_DEGREE_LATITUDE
    near = first.boundary.intersection(second.boundary.buffer(tolerance))
    lines = [part for part in _parts(near) if isinstance(part, LineString) and part.length > 0]
    if not lines:
        return None
    merged = shapely.line_merge(MultiLineString(lines))
    pieces = [part for part in _parts(merged) if isinstance(part, LineString)]
    kept = [piece for piece in pieces if piece.length > _MIN_PIECE * tolerance]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else MultiLineString(kept)


def _parts(geometry: BaseGeometry) -> Iterator[BaseGeometry]:
    """The simple parts of a geometry, however deeply collected."""
    members = getattr(geometry, "geoms", None)
    if members is None:
        yield geometry
        return
    for member in members:
        yield from _parts(member)


def _geometry(countries: Mapping[str, BaseGeometry] | None, entity_id: str) -> BaseGeometry:
    known = _bundled_countries() if countries is None else countries
    found = known.get(entity_id)
    if found is None:
        raise QueryError(
            f"no geometry for {entity_id!r}; the geometry holds {', '.join(sorted(known))}"
        )
    return found


def _required_border(a: str, b: str, countries: Mapping[str, BaseGeometry] | None) -> Border:
    border = shared_border(a, b, countries=countries)
    if border is None:
        raise QueryError(f"{a} and {b} share no border in the geometry used (Natural Earth 1:110m)")
    return border


def distance_to_border_km(
    lat: float,
    lon: float,
    a: str,
    b: str,
    *,
    countries: Mapping[str, BaseGeometry] | None = None,
) -> float:
    """Kilometres from (lat, lon) to the nearest point of the border between `a` and `b`."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise QueryError(f"not a position on Earth: latitude {lat}, longitude {lon}")
    border = _required_border(a, b, countries)
    projection = AzimuthalEquidistant.centred_on(border)
    x, y = projection.project(np.array([[lon, lat]], dtype=np.float64))[0]
    return float(projection.geometry(border).distance(Point(x, y)))


def distances_to_border_km(
    points: pd.DataFrame,
    a: str,
    b: str,
    *,
    countries: Mapping[str, BaseGeometry] | None = None,
    lat: str = "latitude",
    lon: str = "longitude",
) -> pd.Series:
    """For each row of `points`, kilometres to the border of `a` and `b` (NaN without a position)."""
    coordinates = _coordinates(points, lat, lon)
    border = _required_border(a, b, countries)
    projection = AzimuthalEquidistant.centred_on(border)
    line = projection.geometry(border)
    known = np.isfinite(coordinates).all(axis=1)
    distances = np.full(len(points), np.nan)
    if known.any():
        projected = shapely.points(projection.project(coordinates[known]))
        distances[known] = shapely.distance(projected, line)
    return pd.Series(distances, index=points.index, name="border_distance_km")


def near_border(
    points: pd.DataFrame,
    a: str,
    b: str,
    km: float,
    *,
    countries: Mapping[str, BaseGeometry] | None = None,
    lat: str = "latitude",
    lon: str = "longitude",
) -> pd.Series:
    """For each row of `points`, whether it lies within `km` of the border of `a` and `b`.

    Rows without a position are False.
    """
    distances = distances_to_border_km(points, a, b, countries=countries, lat=lat, lon=lon)
    return (distances <= km).rename("near_border")


def _coordinates(points: pd.DataFrame, lat: str, lon: str) -> NDArray[np.float64]:
    missing = [name for name in (lat, lon) if name not in points.columns]
    if missing:
        raise QueryError(f"points lack the column(s) {', '.join(missing)}")
    coordinates = points[[lon, lat]].to_numpy(dtype=np.float64, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        outside = (np.abs(coordinates[:, 0]) > 180) | (np.abs(coordinates[:, 1]) > 90)
    if outside.any():
        rows = [str(label) for label in points.index[outside][:20]]
        raise QueryError(f"positions outside the Earth's range in rows {', '.join(rows)}")
    return coordinates

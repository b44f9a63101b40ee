"""A spherical azimuthal equidistant projection: longitude/latitude to kilometres around a centre.

Distances and directions from the centre are true; elsewhere the scale across the radius grows
as c / sin(c) (c the angular distance from the centre), so a distance measured in the plane is
too long by at most about c²/6: under 0.1 % within 500 km of the centre, about 1 % at 1,500 km.
The Earth is a sphere of the IUGG mean radius; against the WGS 84 ellipsoid that adds up to
about 0.5 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, TypeVar

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

EARTH_RADIUS_KM: Final = 6371.0088
# Beyond this the antipode makes the projection blow up; points there are simply very far.
_MAX_ANGLE: Final = math.pi * (1 - 1e-9)

GeometryT = TypeVar("GeometryT", bound=BaseGeometry)


@dataclass(frozen=True)
class AzimuthalEquidistant:
    """The projection centred on (lat0, lon0), in degrees; x east and y north, in km."""

    lat0: float
    lon0: float

    @classmethod
    def centred_on(cls, geometry: BaseGeometry) -> AzimuthalEquidistant:
        """Centred on the geometry's centroid (its midpoint along a line)."""
        centre = geometry.centroid
        return cls(lat0=centre.y, lon0=centre.x)

    def project(self, lonlat: NDArray[np.float64]) -> NDArray[np.float64]:
        """Project an (n, 2) array of longitude, latitude in degrees to x, y in km."""
        lam = np.radians(lonlat[:, 0] - self.lon0)
        phi = np.radians(lonlat[:, 1])
        phi0 = math.radians(self.lat0)
        cos_c = math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(lam)
        c = np.minimum(np.arccos(np.clip(cos_c, -1.0, 1.0)), _MAX_ANGLE)
        # c / sin(c) tends to 1 at the centre; guard the 0/0 there.
        safe = np.where(c > 1e-12, c, 1.0)
        scale = np.where(c > 1e-12, safe / np.sin(safe), 1.0) * EARTH_RADIUS_KM
        x = scale * np.cos(phi) * np.sin(lam)
        y = scale * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(lam))
        return np.column_stack([x, y])

    def geometry(self, geometry: GeometryT) -> GeometryT:
        """The geometry with every vertex projected (segments stay straight in the plane)."""
        return shapely.transform(geometry, self.project)

"""Incidents on a map of the region: country shapes, the focus countries shaded, incidents as dots.

The geometry comes in as data (a GeoJSON dict) and goes into the chart inline, never as a URL.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from powderkeg.errors import QueryError
from powderkeg.reports.charts.geometry import WESTERN_BALKANS, Extent, bounds, features_of
from powderkeg.reports.charts.inputs import records, require_columns, spoken_list
from powderkeg.reports.charts.style import (
    BORDER_COLOUR,
    FOCUS_COLOUR,
    LAND_COLOUR,
    WIDTH,
    series_scale,
)

_CHART = "incidents_map"


def incidents_map(
    geojson: Mapping[str, Any],
    incidents: pd.DataFrame,
    *,
    focus_ids: Collection[str],
    id_property: str = "id",
    name_property: str = "name",
    extent: Extent = WESTERN_BALKANS,
    title: str = "Incidents",
) -> alt.LayerChart:
    """Countries within `extent` (Mercator), `focus_ids` shaded, and one dot per incident.

    `geojson` is a FeatureCollection whose features carry `id_property` and `name_property`:
    by default those of powderkeg's bundled Natural Earth extract (`id` is the entity id, e.g.
    "XKX"; `name`). For Natural Earth's own file use "ADM0_A3" (Kosovo is "KOS") and "NAME".
    `incidents` has columns `lat`, `lon` (WGS84 degrees), `title` and `kind`; it may be empty.
    """
    shapes = _shapes(geojson, set(focus_ids), id_property, name_property, extent)
    dots = _dots(incidents)
    return alt.LayerChart(
        layer=[_land(shapes), _incident_layer(dots)],
        title=title,
        description=_description(shapes, dots),
        projection=alt.Projection(type="mercator", fit=extent.as_feature()),
        width=WIDTH,
        height=round(WIDTH * extent.mercator_aspect()),
    )


def _shapes(
    geojson: Mapping[str, Any],
    focus: set[str],
    id_property: str,
    name_property: str,
    extent: Extent,
) -> list[dict[str, Any]]:
    features = features_of(geojson, chart=_CHART)
    ids = {str(feature.get("properties", {}).get(id_property)) for feature in features}
    unknown = sorted(focus - ids)
    if unknown:
        raise QueryError(
            f"{_CHART}: focus ids not in the geometry's {id_property!r}: {', '.join(unknown)}"
        )
    kept = [feature for feature in features if _in_view(feature, extent)]
    return [_shape(feature, focus, id_property, name_property) for feature in kept]


def _in_view(feature: Mapping[str, Any], extent: Extent) -> bool:
    box = bounds(feature.get("geometry") or {})
    return box is not None and extent.meets(box)


def _shape(
    feature: Mapping[str, Any], focus: set[str], id_property: str, name_property: str
) -> dict[str, Any]:
    properties = feature.get("properties", {})
    key = str(properties.get(id_property))
    name = str(properties.get(name_property) or key)
    in_focus = key in focus
    # Only what the chart uses: the rest of the properties would only swell the SVG.
    return {
        "type": "Feature",
        "geometry": feature["geometry"],
        "properties": {
            "name": name,
            "focus": in_focus,
            "label": f"{name}{' (focus)' if in_focus else ''}",
        },
    }


def _land(shapes: list[dict[str, Any]]) -> alt.Chart:
    fill = alt.condition("datum.properties.focus", alt.value(FOCUS_COLOUR), alt.value(LAND_COLOUR))
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=shapes))
        .mark_geoshape(stroke=BORDER_COLOUR, strokeWidth=1, clip=True)
        .encode(fill=fill, description="properties.label:N", tooltip="properties.label:N")
    )
    return chart


def _dots(incidents: pd.DataFrame) -> pd.DataFrame:
    needed = ["lat", "lon", "title", "kind"]
    if incidents.empty:  # a map with no incidents is still an answer
        return pd.DataFrame({name: pd.Series(dtype=object) for name in [*needed, "label"]})
    require_columns(incidents, needed, chart=f"{_CHART} (incidents)")
    data = incidents.loc[:, needed].copy()
    for column in ("lat", "lon"):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    unplaced = data.loc[data["lat"].isna() | data["lon"].isna(), "title"].astype(str)
    if len(unplaced):
        raise QueryError(f"{_CHART}: incidents without coordinates: {', '.join(sorted(unplaced))}")
    data["kind"] = data["kind"].astype(str).str.replace("_", " ")
    data["label"] = [
        f"{kind}: {title}"
        for kind, title in zip(data["kind"], data["title"].astype(str), strict=True)
    ]
    return data.sort_values(["kind", "label", "lat", "lon"])


def _incident_layer(dots: pd.DataFrame) -> alt.Chart:
    kinds = sorted(set(dots["kind"]))
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=records(dots)))
        .mark_circle(size=70, opacity=0.85, stroke="white", strokeWidth=1, clip=True)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=alt.Color("kind:N", title="Incident", scale=series_scale(kinds)),
            description="label:N",
            tooltip="label:N",
        )
    )
    return chart


def _description(shapes: Sequence[Mapping[str, Any]], dots: pd.DataFrame) -> str:
    focus = sorted(shape["properties"]["name"] for shape in shapes if shape["properties"]["focus"])
    counts = dots["kind"].value_counts()
    kinds = [f"{counts[kind]} {kind}" for kind in sorted(counts.index)]
    incidents = (
        f"{len(dots)} incidents as dots ({spoken_list(kinds)})" if len(dots) else "no incidents"
    )
    shaded = f"{spoken_list(focus)} shaded" if focus else "no country shaded"
    return f"Map (Mercator) of {len(shapes)} countries in view, {shaded}; {incidents}."

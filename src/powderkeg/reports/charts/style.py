"""The look shared by every chart: sizes, colours and the Vega-Lite config applied at render time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import altair as alt

WIDTH: Final = 560
HEIGHT: Final = 280
ROW_HEIGHT: Final = 26

# Tableau-10 without red and grey: red marks decreases, grey the regional median and the
# countries that are not in focus.
SERIES_COLOURS: Final = (
    "#4c78a8",
    "#f58518",
    "#54a24b",
    "#b279a2",
    "#72b7b2",
    "#eeca3b",
    "#9d755d",
    "#ff9da6",
    "#17becf",
)
MEDIAN_COLOUR: Final = "#7f7f7f"
INCREASE_COLOUR: Final = "#4c78a8"
DECREASE_COLOUR: Final = "#e45756"
LAND_COLOUR: Final = "#e6e6e6"
FOCUS_COLOUR: Final = "#c9d7e8"
BORDER_COLOUR: Final = "#ffffff"

# A generic family only: an SVG that names a web font would tempt a viewer to fetch it.
CONFIG: Final[dict[str, Any]] = {
    "font": "sans-serif",
    "title": {
        "anchor": "start",
        "fontSize": 14,
        "subtitleColor": "#555555",
        "subtitleFontSize": 11,
    },
    "axis": {"labelColor": "#333333", "titleColor": "#333333", "gridColor": "#eeeeee"},
    "legend": {"labelLimit": 220},
    "view": {"stroke": None},
}


def colours_for(count: int) -> list[str]:
    """`count` series colours, repeating the palette if there are more series than colours."""
    return [SERIES_COLOURS[index % len(SERIES_COLOURS)] for index in range(count)]


def series_scale(labels: Iterable[str]) -> alt.Scale:
    """A colour scale giving each label (in sorted order) its own palette colour."""
    domain = sorted(set(labels))
    return alt.Scale(domain=domain, range=colours_for(len(domain)))

"""Charts for briefs and the dashboard: Vega-Lite (via altair) rendered offline to inline SVG.

Each chart function takes pandas frames shaped like powderkeg's results and returns an altair
chart; `to_svg` turns it into a self-contained SVG string with a title and a description.
"""

from powderkeg.reports.charts.arms import arms_imports_by_supplier
from powderkeg.reports.charts.geometry import WESTERN_BALKANS, Extent
from powderkeg.reports.charts.growth import growth_bars
from powderkeg.reports.charts.incidents_map import incidents_map
from powderkeg.reports.charts.render import to_svg, warm_up
from powderkeg.reports.charts.share_of_gdp import share_of_gdp_vs_median
from powderkeg.reports.charts.spending import spending_over_time
from powderkeg.reports.charts.svg import external_references
from powderkeg.reports.charts.timeline import register_timeline

__all__ = [
    "WESTERN_BALKANS",
    "Extent",
    "arms_imports_by_supplier",
    "external_references",
    "growth_bars",
    "incidents_map",
    "register_timeline",
    "share_of_gdp_vs_median",
    "spending_over_time",
    "to_svg",
    "warm_up",
]

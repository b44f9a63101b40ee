"""Charts inside a section: drawn offline to SVG, left out when there is nothing to draw."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from powderkeg.errors import QueryError
from powderkeg.reports.brief.document import Block, Chart
from powderkeg.reports.charts import to_svg


def drawn(name: str, caption: str, build: Callable[[], alt.TopLevelMixin]) -> list[Block]:
    """[the chart] or [] when its data are empty (the chart functions refuse those)."""
    try:
        chart = build()
    except QueryError:
        return []
    return [Chart(name=name, title=caption, svg=to_svg(chart))]

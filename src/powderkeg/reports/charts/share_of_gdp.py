"""Military expenditure as a share of GDP over the years, against the regional median."""

from __future__ import annotations

import altair as alt
import pandas as pd

from powderkeg.reports.charts.inputs import (
    display_names,
    records,
    require,
    require_unit,
    sources_line,
    spoken_list,
    with_values,
    year_span,
)
from powderkeg.reports.charts.style import HEIGHT, MEDIAN_COLOUR, WIDTH, colours_for

_CHART = "share_of_gdp_vs_median"


def share_of_gdp_vs_median(
    frame: pd.DataFrame,
    median_frame: pd.DataFrame,
    *,
    median_label: str = "Regional median",
    title: str = "Military expenditure, share of GDP",
) -> alt.LayerChart:
    """One line per entity (percent of GDP) and a dashed grey line for the regional median.

    `frame` is a `powderkeg.spending(..., measure="share_gdp")` result; `median_frame` has columns
    `year` and `median` (percent), e.g. the `region_median` of `powderkeg.compare` per year.
    """
    data = pd.concat([_countries(frame), _median(median_frame, median_label)], ignore_index=True)
    countries = sorted(set(data.loc[~data["is_median"], "series"]))
    scale = alt.Scale(
        domain=[*countries, median_label], range=[*colours_for(len(countries)), MEDIAN_COLOUR]
    )
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("percent:Q", title="Share of GDP (%)")
    colour = alt.Color("series:N", title=None, scale=scale)
    dash = alt.StrokeDash(
        "is_median:N", legend=None, scale=alt.Scale(domain=[False, True], range=[[1, 0], [5, 3]])
    )
    lines = alt.Chart().mark_line(aria=False).encode(x, y, colour, dash)
    points = (
        alt.Chart()
        .mark_point(filled=True, size=24)
        .encode(x, y, colour, description="label:N", tooltip="label:N")
    )
    return alt.LayerChart(
        layer=[lines, points],
        data=alt.InlineData(values=records(data)),
        title=alt.Title(title, subtitle=[line for line in (sources_line(frame),) if line]),
        description=_description(data, median_label),
        width=WIDTH,
        height=HEIGHT,
    )


def _countries(frame: pd.DataFrame) -> pd.DataFrame:
    data = with_values(
        require(frame, ("entity", "year", "value"), chart=_CHART), "value", chart=_CHART
    )
    require_unit(data, "percent", chart=_CHART)
    return _series(display_names(data), data["year"], data["value"], is_median=False)


def _median(median_frame: pd.DataFrame, label: str) -> pd.DataFrame:
    data = require(median_frame, ("year", "median"), chart=f"{_CHART} (median)")
    data = with_values(data, "median", chart=f"{_CHART} (median)")
    labels = pd.Series(label, index=data.index)
    return _series(labels, data["year"], data["median"], is_median=True)


def _series(
    labels: pd.Series, years: pd.Series, values: pd.Series, *, is_median: bool
) -> pd.DataFrame:
    data = pd.DataFrame(
        {"series": labels.astype(str), "year": years.astype(int), "percent": values}
    )
    data["is_median"] = is_median
    data["label"] = [
        f"{series}, {year}: {percent:.2f}% of GDP"
        for series, year, percent in zip(data["series"], data["year"], data["percent"], strict=True)
    ]
    return data.sort_values(["series", "year"])


def _description(data: pd.DataFrame, median_label: str) -> str:
    latest = data.groupby("series", sort=True).tail(1)
    values = [
        f"{series} {percent:.2f}% in {year}"
        for series, percent, year in zip(
            latest["series"], latest["percent"], latest["year"], strict=True
        )
    ]
    countries = sorted(set(data.loc[~data["is_median"], "series"]))
    return (
        f"Line chart: military expenditure as a percent of GDP for {spoken_list(countries)}, "
        f"{year_span(data['year'])}, with the {median_label.lower()} as a dashed grey line. "
        f"Latest: {spoken_list(values)}."
    )

"""Year-on-year growth of military expenditure: bars per year, one panel per entity."""

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
    year_domain,
    year_span,
)
from powderkeg.reports.charts.style import DECREASE_COLOUR, INCREASE_COLOUR, WIDTH

_CHART = "growth_bars"
_PANEL_HEIGHT = 120
_BASIS = {"growth_real": "constant US$ (real)", "growth_nominal": "current US$ (nominal)"}


def growth_bars(
    frame: pd.DataFrame, *, title: str = "Military expenditure, change on previous year"
) -> alt.Chart:
    """Bars of the percent change on the previous year; decreases in red, one row per entity.

    `frame` is a `powderkeg.spending(..., measure="growth_real")` (or `growth_nominal`) result.
    """
    data = _prepared(frame)
    direction = alt.Color(
        "direction:N",
        title=None,
        scale=alt.Scale(domain=["increase", "decrease"], range=[INCREASE_COLOUR, DECREASE_COLOUR]),
    )
    chart: alt.Chart = (
        alt.Chart(
            alt.InlineData(values=records(data)),
            title=alt.Title(title, subtitle=_subtitle(frame)),
            description=_description(data),
        )
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O",
                title=None,
                scale=alt.Scale(domain=year_domain(data["year"])),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("percent:Q", title="%"),
            color=direction,
            row=alt.Row("series:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
            description="label:N",
            tooltip="label:N",
        )
        .properties(width=WIDTH, height=_PANEL_HEIGHT)
    )
    return chart


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    data = with_values(
        require(frame, ("entity", "year", "value"), chart=_CHART), "value", chart=_CHART
    )
    require_unit(data, "percent", chart=_CHART)
    data = data.assign(
        series=display_names(data), year=data["year"].astype(int), percent=data["value"]
    )
    data["direction"] = data["percent"].map(lambda change: "decrease" if change < 0 else "increase")
    data["label"] = [
        f"{series}, {year}: {percent:+.1f}% on {year - 1}"
        for series, year, percent in zip(data["series"], data["year"], data["percent"], strict=True)
    ]
    return data.loc[:, ["series", "year", "percent", "direction", "label"]].sort_values(
        ["series", "year"]
    )


def _subtitle(frame: pd.DataFrame) -> list[str]:
    measures = sorted(set(frame["measure"].dropna())) if "measure" in frame.columns else []
    basis = "; ".join(_BASIS.get(str(name), str(name)) for name in measures)
    change = "Percent change on the previous year" + (f", based on {basis}" if basis else "")
    return [line for line in (change, sources_line(frame)) if line]


def _description(data: pd.DataFrame) -> str:
    falls = data.loc[data["direction"] == "decrease"]
    fall_text = spoken_list(list(falls["label"])) if len(falls) else "none"
    return (
        f"Bar chart: percent change of military expenditure on the previous year for "
        f"{spoken_list(sorted(set(data['series'])))}, {year_span(data['year'])}, one row each. "
        f"Decreases, drawn in red: {fall_text}."
    )

"""Military expenditure over time: one line per entity, in current or constant money, millions."""

from __future__ import annotations

import altair as alt
import pandas as pd

from powderkeg.errors import QueryError
from powderkeg.reports.charts.inputs import (
    display_names,
    records,
    require,
    sources_line,
    spoken_list,
    with_values,
    year_span,
)
from powderkeg.reports.charts.style import HEIGHT, WIDTH, series_scale

_CHART = "spending_over_time"
_NEEDED = ("entity", "year", "value", "currency", "price_basis", "flags")
_CURRENCY_SIGNS = {"USD": "US$", "EUR": "€"}


def spending_over_time(
    frame: pd.DataFrame,
    *,
    measure_label: str | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """Lines per entity over the years; hollow points where the source flags an estimate.

    `frame` is a `powderkeg.spending(...)` result for `current_usd` or `constant_usd` (money in
    base units; the axis shows millions). The axis title and the default chart title are read
    from the frame ("Constant 2024 US$ (million)"); `measure_label` overrides the axis title.
    """
    data = _prepared(frame)
    money = money_phrase(frame)
    axis_title = measure_label or f"{money} (million)"
    title = title or f"Military expenditure, {money[0].lower()}{money[1:]}"
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("million:Q", title=axis_title)
    scale = series_scale(data["series"])
    colour = alt.Color("series:N", title=None, scale=scale)
    hollow_or_solid = alt.condition(
        "datum.estimate", alt.value("white"), alt.Fill("series:N", scale=scale)
    )
    lines = alt.Chart().mark_line(aria=False).encode(x, y, colour)
    points = (
        alt.Chart()
        .mark_point(size=30, opacity=1)
        .encode(x, y, colour, fill=hollow_or_solid, description="label:N", tooltip="label:N")
    )
    hollow_note = "Hollow points: estimates" if data["estimate"].any() else ""
    subtitle = [line for line in (hollow_note, sources_line(frame)) if line]
    return alt.LayerChart(
        layer=[lines, points],
        data=alt.InlineData(values=records(data)),
        title=alt.Title(title, subtitle=subtitle),
        description=_description(data, title, axis_title),
        width=WIDTH,
        height=HEIGHT,
    )


def money_phrase(frame: pd.DataFrame) -> str:
    """'Current US$' or 'Constant 2024 US$', read from the frame (one basis and currency)."""
    currency = _single(frame, "currency")
    sign = _CURRENCY_SIGNS.get(currency, currency)
    basis = _single(frame, "price_basis")
    if basis == "current":
        return f"Current {sign}"
    if basis != "constant":
        raise QueryError(f"{_CHART}: expects money in current or constant prices, got {basis!r}")
    return f"Constant {_base_year(frame)} {sign}"


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    data = with_values(require(frame, _NEEDED, chart=_CHART), "value", chart=_CHART)
    data = data.assign(
        series=display_names(data),
        year=data["year"].astype(int),
        million=data["value"] / 1e6,
        estimate=data["flags"].fillna("").astype(str).str.split(",").map(lambda f: "estimate" in f),
    )
    data["label"] = [
        f"{series}, {year}: {million:,.1f} million" + (" (estimate)" if estimate else "")
        for series, year, million, estimate in zip(
            data["series"], data["year"], data["million"], data["estimate"], strict=True
        )
    ]
    return data.loc[:, ["series", "year", "million", "estimate", "label"]].sort_values(
        ["series", "year"]
    )


def _description(data: pd.DataFrame, title: str, axis_title: str) -> str:
    latest = data.groupby("series").tail(1)
    values = [
        f"{series} {million:,.1f} in {year}"
        for series, million, year in zip(
            latest["series"], latest["million"], latest["year"], strict=True
        )
    ]
    estimates = int(data["estimate"].sum())
    return (
        f"Line chart: {title}, {axis_title}, for {spoken_list(list(latest['series']))}, "
        f"{year_span(data['year'])}. Latest: {spoken_list(values)}. "
        + (f"{estimates} of {len(data)} values are estimates, drawn hollow." if estimates else "")
    ).strip()


def _single(frame: pd.DataFrame, column: str) -> str:
    values = sorted({str(value) for value in frame[column].dropna()})
    if len(values) != 1:
        raise QueryError(f"{_CHART}: one {column} per chart, got {', '.join(values) or 'none'}")
    return values[0]


def _base_year(frame: pd.DataFrame) -> int:
    years = sorted({int(year) for year in frame.get("base_year", pd.Series()).dropna()})
    if len(years) != 1:
        shown = ", ".join(map(str, years)) or "none"
        raise QueryError(f"{_CHART}: constant prices need one base year, got {shown}")
    return years[0]

"""Register items on a time strip: one row of ticks per kind (acquisitions, drills, incidents…).

Register dates come as "2023", "2023-05" or "2023-05-29". The strip's axis is in decimal years,
and a date known only to the year or month sits in the middle of that year or month (the hover
text keeps the date as written). Decimal years also keep the picture independent of time zones.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import altair as alt
import pandas as pd

from powderkeg.errors import QueryError
from powderkeg.reports.charts.inputs import records, require, spoken_list, year_span
from powderkeg.reports.charts.style import ROW_HEIGHT, WIDTH, series_scale

_CHART = "register_timeline"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def register_timeline(frame: pd.DataFrame, *, title: str = "Timeline of the register") -> alt.Chart:
    """Ticks by date, one row and colour per kind; hovering a tick shows its date and title.

    `frame` is a `powderkeg.timeline(...)` result: columns `date`, `kind`, `title`, and
    optionally `entities` (e.g. "SRB, RUS").
    """
    data = _prepared(frame)
    kinds = sorted(set(data["kind"]))
    first, last = int(data["when"].min()), int(data["when"].max()) + 1
    chart: alt.Chart = (
        alt.Chart(
            alt.InlineData(values=records(data)), title=title, description=_description(data, kinds)
        )
        .mark_tick(thickness=2)
        .encode(
            x=alt.X(
                "when:Q",
                title=None,
                scale=alt.Scale(domain=[first, last]),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            y=alt.Y("kind:N", title=None, sort=kinds),
            color=alt.Color("kind:N", scale=series_scale(kinds), legend=None),
            description="label:N",
            tooltip="label:N",
        )
        .properties(width=WIDTH, height=ROW_HEIGHT * len(kinds))
    )
    return chart


def decimal_year(text: str) -> float:
    """'2023' → 2023.5, '2023-05' → the middle of May 2023, '2023-05-29' → the middle of that day."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {text!r}")
    year = int(match[1])
    if match[2] is None:
        return year + 0.5
    month = int(match[2])
    if match[3] is None:
        first = date(year, month, 1)
        after = date(year + month // 12, month % 12 + 1, 1)
    else:
        first = date(year, month, int(match[3]))
        after = first + timedelta(days=1)
    new_year = date(year, 1, 1)
    middle = (first - new_year).days + (after - first).days / 2
    return year + middle / (date(year + 1, 1, 1) - new_year).days


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    data = require(frame, ("date", "kind", "title"), chart=_CHART).copy()
    data["date"] = data["date"].astype(str)
    data["kind"] = data["kind"].astype(str).str.replace("_", " ")
    data["when"] = _decimal_years(data["date"])
    entities = (
        data["entities"].fillna("").astype(str)
        if "entities" in data
        else pd.Series("", index=data.index)
    )
    data["label"] = [
        f"{when_text} · {kind}{f' · {who}' if who else ''}: {title}"
        for when_text, kind, who, title in zip(
            data["date"], data["kind"], entities, data["title"].astype(str), strict=True
        )
    ]
    return data.loc[:, ["date", "when", "kind", "label"]].sort_values(["when", "kind", "label"])


def _decimal_years(dates: pd.Series) -> list[float]:
    years: list[float] = []
    bad: list[str] = []
    for text in dates:
        try:
            years.append(decimal_year(text))
        except ValueError:
            bad.append(text)
    if bad:
        raise QueryError(
            f"{_CHART}: dates must be YYYY, YYYY-MM or YYYY-MM-DD, got {', '.join(sorted(set(bad)))}"
        )
    return years


def _description(data: pd.DataFrame, kinds: list[str]) -> str:
    counts = data["kind"].value_counts()
    parts = [f"{counts[kind]} {kind}" for kind in kinds]
    return (
        f"Timeline: {len(data)} register items, {year_span(data['when'].astype(int))}, "
        f"one row per kind: {spoken_list(parts)}."
    )

"""Incidents near a pair's common border, per period: curated records, UCDP GED and ACLED events.

Each source is first turned into points with one shape (POINT_COLUMNS): where and when something
happened, how many died, and a reference back to the record (a source URL for curated records,
the file line for UCDP and ACLED rows). `near_border_points` keeps the points within `km` of the
border the two countries share (powderkeg.geo: Natural Earth 1:110m outlines, so distances are
good to several km; docs/geo.md), and `incidents_by_period` counts them per day, week or month.

Only points with a full date count: a curated record dated "2023-09" cannot be put in a week.
UCDP events are placed on `date_start`; an event whose dates span several periods counts once,
in its first.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd
from shapely.geometry.base import BaseGeometry

from powderkeg.geo import distances_to_border_km, load_countries, shared_border
from powderkeg.indicators.escalation import Freq
from powderkeg.store import Store
from powderkeg.store.register import records

POINT_COLUMNS: Final = (
    "source",
    "event_id",
    "date",
    "latitude",
    "longitude",
    "deaths",
    "injured",
    "title",
    "reference",
)
PERIOD_COLUMNS: Final = ("period", "incidents", "incident_deaths", "incident_sources")
REGISTER_SOURCE: Final = "register"
_FULL_DATE: Final = r"^\d{4}-\d{2}-\d{2}$"
_PERIOD_CODE: Final = {"day": "D", "week": "W-SUN", "month": "M"}


def empty_points() -> pd.DataFrame:
    return _typed(pd.DataFrame({name: [] for name in POINT_COLUMNS}))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """POINT_COLUMNS with one dtype per column, whatever the source."""
    out = frame.loc[:, list(POINT_COLUMNS)].copy()
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    for name in ("latitude", "longitude", "deaths", "injured"):
        out[name] = pd.to_numeric(out[name], errors="coerce").astype("float64")
    for name in ("source", "event_id", "title", "reference"):
        out[name] = out[name].astype("string")
    return out.reset_index(drop=True)


# --- points from each source ----------------------------------------------------------------------


def register_points(incidents: pd.DataFrame) -> pd.DataFrame:
    """Points of curated incident records (store.register.records, kind "incidents").

    Records without coordinates or without a full date are left out.
    """
    if incidents.empty:
        return empty_points()
    dated = incidents[incidents["date"].astype("string").str.match(_FULL_DATE).fillna(False)]
    rows = [_register_row(record) for record in dated.to_dict(orient="records")]
    placed = [row for row in rows if row["latitude"] is not None]
    return _typed(pd.DataFrame(placed)) if placed else empty_points()


def _register_row(record: Mapping[Hashable, Any]) -> dict[str, Any]:
    fields = record["fields"]
    position = fields.get("coordinates") or [None, None]
    sources = record["sources"] or [{}]
    return {
        "source": REGISTER_SOURCE,
        "event_id": record["record_id"],
        "date": record["date"],
        "latitude": position[0],
        "longitude": position[1],
        "deaths": fields.get("killed"),
        "injured": fields.get("injured"),
        "title": record["title"],
        "reference": sources[0].get("url"),
    }


def register_incidents(store: Store, entities: Sequence[str]) -> pd.DataFrame:
    """Points of the curated incidents (bundled and the user's) that name any of `entities`."""
    return register_points(records(store, entities=list(entities), kinds=["incidents"]))


def ged_points(events: pd.DataFrame, *, file_name: str = "") -> pd.DataFrame:
    """Points of a parsed UCDP GED frame (sources.ucdp_ged), deaths = the best estimate."""
    return _typed(
        pd.DataFrame(
            {
                "source": "ucdp_ged",
                "event_id": events["event_id"].astype("string"),
                "date": events["date_start"],
                "latitude": events["latitude"],
                "longitude": events["longitude"],
                "deaths": events["deaths_best"],
                "injured": float("nan"),
                "title": events["dyad_name"].fillna(events["conflict_name"]),
                "reference": _references(file_name, events["locator"]),
            }
        )
    )


def acled_points(events: pd.DataFrame, *, file_name: str = "") -> pd.DataFrame:
    """Points of a parsed ACLED export frame (sources.acled_export), deaths = fatalities."""
    return _typed(
        pd.DataFrame(
            {
                "source": "acled_export",
                "event_id": events["event_id_cnty"],
                "date": events["event_date"],
                "latitude": events["latitude"],
                "longitude": events["longitude"],
                "deaths": events["fatalities"],
                "injured": float("nan"),
                "title": events["sub_event_type"] + ": " + events["actor1"],
                "reference": _references(file_name, events["locator"]),
            }
        )
    )


def write_points(points: pd.DataFrame, target: Path) -> None:
    """Keep `points` as a Parquet file; written beside it first, so a crash leaves no half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    points.loc[:, list(POINT_COLUMNS)].to_parquet(partial, index=False)
    partial.replace(target)


def read_points(folder: Path) -> pd.DataFrame:
    """Every point file kept under `folder` (`<source>/<name>.parquet`), as one frame."""
    frames = [pd.read_parquet(path) for path in sorted(folder.glob("*/*.parquet"))]
    return _typed(pd.concat(frames, ignore_index=True)) if frames else empty_points()


def _references(file_name: str, locators: pd.Series) -> pd.Series:
    return (file_name + " " + locators.astype("string")).str.strip() if file_name else locators


# --- near the border, per period ------------------------------------------------------------------


def has_common_border(
    a: str, b: str, *, countries: Mapping[str, BaseGeometry] | None = None
) -> bool:
    """Whether the outlines give `a` and `b` a common border; False when one has no outline.

    The bundled outlines cover the Western Balkans and their neighbours only.
    """
    known = countries if countries is not None else load_countries()
    if a not in known or b not in known:
        return False
    return shared_border(a, b, countries=countries) is not None


def near_border_points(
    points: pd.DataFrame,
    a: str,
    b: str,
    *,
    km: float,
    countries: Mapping[str, BaseGeometry] | None = None,
) -> pd.DataFrame:
    """The points within `km` of the border of `a` and `b`, with their `distance_km`.

    No points when the two share no border.
    """
    if points.empty or not has_common_border(a, b, countries=countries):
        return points.assign(distance_km=pd.Series(dtype="float64")).iloc[0:0]
    distance = distances_to_border_km(points, a, b, countries=countries)
    near = points.assign(distance_km=distance.to_numpy())
    return near[near["distance_km"] <= km].reset_index(drop=True)


def incidents_by_period(points: pd.DataFrame, freq: Freq) -> pd.DataFrame:
    """Per period with points: how many, their deaths (NaN if none is known), their sources.

    Periods are labelled by their first day (weeks start on Monday), as in the escalation index.
    """
    if points.empty:
        return pd.DataFrame(
            {
                "period": pd.Series(dtype="datetime64[ns]"),
                "incidents": pd.Series(dtype="int64"),
                "incident_deaths": pd.Series(dtype="float64"),
                "incident_sources": pd.Series(dtype="string"),
            }
        )
    keyed = points.assign(period=period_of(points["date"], freq))
    grouped = keyed.groupby("period", sort=True)
    out = pd.DataFrame(
        {
            "incidents": grouped.size().astype("int64"),
            "incident_deaths": grouped["deaths"].sum(min_count=1).astype("float64"),
            "incident_sources": grouped["source"].agg(_joined).astype("string"),
        }
    )
    return out.reset_index().loc[:, list(PERIOD_COLUMNS)]


def period_of(dates: pd.Series, freq: Freq) -> pd.Series:
    """The first day of each date's period (weeks start on Monday) as datetime64[ns]."""
    periods = pd.to_datetime(dates).dt.to_period(_PERIOD_CODE[freq])
    return periods.dt.start_time.astype("datetime64[ns]")


def _joined(values: pd.Series) -> str:
    return ", ".join(sorted(set(values.dropna().astype(str))))

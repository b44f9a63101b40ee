"""A pair's whole picture: the GDELT index on an engine, incidents near its border, alerts.

`Monitor` holds what one question reads from — the GDELT events table (None when no files are
ingested), the store (curated incidents) and the ingested UCDP/ACLED points — and joins the
pieces into one frame per pair with every period present, so alerts can judge quiet periods too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from powderkeg.entities import Crosswalk
from powderkeg.errors import QueryError
from powderkeg.geo import load_countries, shared_border
from powderkeg.indicators import alerts as rules
from powderkeg.indicators import escalation as index
from powderkeg.indicators import incidents
from powderkeg.store import Store

if TYPE_CHECKING:
    import ibis.expr.types as ir

NO_GDELT_NOTE: Final = (
    "no GDELT events ingested: run `powderkeg fetch gdelt --from DATE --to DATE` or "
    "`powderkeg ingest gdelt FILES` (GDELT columns are empty until then)"
)
_COUNTS: Final = ("events", "events_a_to_b", "events_b_to_a", "mentions")
_RANGE_FREQ: Final = {"day": "D", "week": "W-MON", "month": "MS"}
Coverage = tuple[pd.Timestamp, pd.Timestamp]
Evidence = dict[pd.Timestamp, list[dict[str, Any]]]


class Monitor:
    """One engine's events, one store and the ingested incident points, for one question."""

    def __init__(
        self, events: ir.Table | None, store: Store, points: pd.DataFrame, *, near_km: float
    ) -> None:
        self.events = events
        self.store = store
        self.points = points
        self.near_km = near_km
        self.coverage = gdelt_coverage(events) if events is not None else None
        self.notes: list[str] = [] if events is not None else [NO_GDELT_NOTE]

    def pair_index(
        self, a: str, b: str, freq: index.Freq, *, root_only: bool = False
    ) -> pd.DataFrame:
        """The pair's index over its whole history, every period present (see docs/escalation.md)."""
        gdelt = index.empty_index()
        if self.events is not None:
            expression = index.escalation_index(
                self.events, index.dyad(a, b), freq=freq, root_only=root_only
            )
            gdelt = index.collect(expression)
        near = self.near_points(a, b)
        per_period = incidents.incidents_by_period(
            near if near is not None else incidents.empty_points(), freq
        )
        frame = spine(gdelt, per_period, freq, self.coverage, has_border=near is not None)
        frame.insert(1, "a", a)
        frame.insert(2, "b", b)
        frame.attrs["notes"] = [*self.notes, *self._pair_notes(a, b, near, gdelt)]
        return frame

    def pair_alerts(
        self,
        a: str,
        b: str,
        freq: index.Freq,
        rule: rules.AlertRule,
        *,
        since: date | None = None,
        top: int = 5,
    ) -> pd.DataFrame:
        """The pair's alerts (periods from `since`), each with its `top` events."""
        found = rules.breaks(self.pair_index(a, b, freq), rule)
        if since is not None:
            found = found[found["period"] >= pd.Timestamp(index.period_start(since, freq))]
        periods = [stamp.date() for stamp in pd.to_datetime(found["period"].unique())]
        evidence = self.evidence(a, b, freq, periods, top)
        return rules.alerts_from_breaks(found, a, b, evidence=evidence)

    def partners(self, a: str, limit: int, min_events: int) -> list[str]:
        """The countries with most GDELT events with `a`, else the countries bordering it."""
        found = gdelt_partners(self.events, a, limit, min_events) if self.events is not None else []
        found = found or neighbours(a)
        if not found:
            raise QueryError(f"no GDELT events and no neighbours found for {a}; name a partner")
        return found

    def near_points(self, a: str, b: str) -> pd.DataFrame | None:
        """Incident points within near_km of the pair's border; None without a common border."""
        if not incidents.has_common_border(a, b):
            return None
        curated = incidents.register_incidents(self.store, [a, b])
        points = pd.concat([curated, self.points], ignore_index=True)
        return incidents.near_border_points(points, a, b, km=self.near_km)

    def evidence(
        self, a: str, b: str, freq: index.Freq, periods: Sequence[date], top: int
    ) -> Evidence:
        """Per period: the `top` GDELT events by weight, then the incidents near the border."""
        found: Evidence = {}
        if not periods:
            return found
        if self.events is not None:
            expression = index.top_events(
                self.events, index.dyad(a, b), periods, freq=freq, per_period=top
            )
            for row in index.collect(expression).to_dict(orient="records"):
                found.setdefault(row["period"], []).append(rules.gdelt_evidence(row))
        near = self.near_points(a, b)
        if near is not None and not near.empty:
            near = near.assign(period=incidents.period_of(near["date"], freq))
            wanted = near[near["period"].dt.date.isin(set(periods))]
            for row in wanted.sort_values(["date", "event_id"]).to_dict(orient="records"):
                found.setdefault(row["period"], []).append(rules.incident_evidence(row))
        return found

    def _pair_notes(
        self, a: str, b: str, near: pd.DataFrame | None, gdelt: pd.DataFrame
    ) -> list[str]:
        notes = []
        if near is None:
            notes.append(f"{a} and {b} share no border in the outlines used: no incident counts")
        if self.events is not None and gdelt.empty:
            notes.append(f"the GDELT events hold no event between {a} and {b}")
        return notes


# --- joining the pieces ---------------------------------------------------------------------------


def gdelt_coverage(events: ir.Table) -> Coverage | None:
    """The first and last day the GDELT files add events for (their `day` partitions)."""
    bounds = events.aggregate(first=events.day.min(), last=events.day.max()).to_pyarrow()
    first, last = bounds["first"][0].as_py(), bounds["last"][0].as_py()
    if first is None or last is None:
        return None
    return pd.Timestamp(first), pd.Timestamp(last)


def spine(
    gdelt: pd.DataFrame,
    per_period: pd.DataFrame,
    freq: index.Freq,
    coverage: Coverage | None,
    *,
    has_border: bool,
) -> pd.DataFrame:
    """Every period from the first to the last with data, the GDELT index and incidents joined.

    Event counts are 0 in periods the GDELT files cover and unknown (NA) outside them; incident
    counts are 0 where none is recorded, NA for a pair without a common border.
    """
    periods = pd.concat([gdelt["period"], per_period["period"]])
    if coverage is not None:
        periods = pd.concat([periods, incidents.period_of(pd.Series(coverage), freq)])
    if periods.empty:
        return _typed(empty_pair_index())
    every = pd.date_range(periods.min(), periods.max(), freq=_RANGE_FREQ[freq])
    frame = pd.DataFrame({"period": every.astype("datetime64[ns]")})
    frame = frame.merge(gdelt, on="period", how="left").merge(per_period, on="period", how="left")
    if coverage is not None:
        covered = frame["period"].between(*incidents.period_of(pd.Series(coverage), freq))
        for name in _COUNTS:
            frame[name] = frame[name].mask(covered & frame[name].isna(), 0)
    if has_border:
        frame["incidents"] = frame["incidents"].fillna(0)
    return _typed(frame)


def empty_pair_index() -> pd.DataFrame:
    frame = index.empty_index()
    for name, dtype in (
        ("incidents", "Int64"),
        ("incident_deaths", "float64"),
        ("incident_sources", "string"),
    ):
        frame[name] = pd.Series(dtype=dtype)
    return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts as nullable integers (a count can be unknown), sources as text."""
    for name in (*_COUNTS, "incidents"):
        frame[name] = frame[name].astype("Int64")
    frame["incident_sources"] = frame["incident_sources"].astype("string")
    return frame


def within(
    frame: pd.DataFrame, freq: index.Freq, start: date | None, end: date | None
) -> pd.DataFrame:
    """The periods that start between `start` (its period included) and `end`."""
    keep = pd.Series(True, index=frame.index)
    if start is not None:
        keep &= frame["period"] >= pd.Timestamp(index.period_start(start, freq))
    if end is not None:
        keep &= frame["period"] <= pd.Timestamp(end)
    kept = frame[keep].reset_index(drop=True)
    kept.attrs = dict(frame.attrs)
    return kept


# --- partners -------------------------------------------------------------------------------------


def gdelt_partners(events: ir.Table, a: str, limit: int, min_events: int) -> list[str]:
    """The entities with most GDELT events with `a` (at least `min_events`), most first."""
    crosswalk = Crosswalk.bundled()
    codes = [index.cameo_code(a, crosswalk)]
    counts = index.collect_plain(index.counterparts(events, codes, min_events=min_events))
    found: list[str] = []
    for code in counts["code"]:
        entity = crosswalk.by_code("cameo", str(code))
        if entity is not None and entity.id != a and entity.id not in found:
            found.append(entity.id)
    return found[:limit]


def neighbours(a: str) -> list[str]:
    """The countries sharing a border with `a` in the bundled outlines."""
    countries = load_countries()
    if a not in countries:
        return []
    return [other for other in sorted(countries) if other != a and shared_border(a, other)]

"""Alerts: the periods where a dyad breaks from its own recent history, with the events behind them.

Each watched metric of the escalation index (WATCHED, with the direction that means escalation)
is compared with a baseline made of the same metric in the `window` periods just before (the
period itself is never part of its own baseline):

- `robust` (default): the modified z-score of Iglewicz and Hoaglin,
  z = (value − median) / (1.4826 × MAD), median and MAD (median absolute deviation) over the
  baseline. 1.4826 × MAD estimates the standard deviation of normal data, but one past crisis in
  the window barely moves it. When MAD is 0 (a baseline of mostly equal values, typical of
  incident counts) the scale falls back to 1.2533 × the mean absolute deviation; when that is 0
  too, the baseline is flat and any departure counts as infinitely far.
- `ewma`: z = (value − EWMA mean) / EWMA standard deviation of the previous periods, with a
  half-life of `halflife` periods: recent periods weigh more, no hard window edge.

A metric breaks when its z-score, signed so that escalation is positive, reaches `threshold`
(default 3.5, Iglewicz and Hoaglin's cut-off for outliers). A baseline needs `min_history`
periods with a value. The GDELT metrics of a period with fewer than `min_events` events are not
judged and do not enter baselines: a share of two events is noise. Event and incident counts of
quiet periods are real zeros and do count.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from powderkeg.errors import QueryError

Method = Literal["robust", "ewma"]
# Metric → +1 when a higher value means escalation, −1 when a lower one does.
WATCHED: Final[Mapping[str, int]] = {
    "events": 1,
    "material_conflict_share": 1,
    "goldstein_mean": -1,
    "tone_mean": -1,
    "incidents": 1,
}
# Metrics that are averages over a period's GDELT events (judged only with enough events).
_PER_EVENT: Final = frozenset({"material_conflict_share", "goldstein_mean", "tone_mean"})
BREAK_COLUMNS: Final = ("period", "metric", "value", "baseline", "z")
ALERT_COLUMNS: Final = (
    "period",
    "a",
    "b",
    "metrics",
    "severity",
    "detail",
    "top_urls",
    "sources",
    "top_events",
    "breaks",
)
MAD_SCALE: Final = 1.4826  # 1 / Φ⁻¹(3/4): MAD → standard deviation for normal data
MEAN_AD_SCALE: Final = 1.2533  # √(π/2): mean absolute deviation → standard deviation


@dataclass(frozen=True)
class AlertRule:
    """How far from its baseline a metric must move to raise an alert (defaults documented above)."""

    method: Method = "robust"
    threshold: float = 3.5
    window: int = 26
    min_history: int = 8
    min_events: int = 5
    halflife: float = 8.0

    def __post_init__(self) -> None:
        if self.method not in ("robust", "ewma"):
            raise QueryError(f"unknown alert method {self.method!r}; choose robust or ewma")
        if self.threshold <= 0 or self.window < 2 or not 1 <= self.min_history <= self.window:
            raise QueryError(
                "an alert rule needs threshold > 0, window ≥ 2 and 1 ≤ min_history ≤ window"
            )


# --- scores ---------------------------------------------------------------------------------------


def judged_values(index: pd.DataFrame, metric: str, rule: AlertRule) -> pd.Series:
    """The metric's values, NaN where a period has too few events to judge a per-event metric."""
    values = index[metric].astype("float64")
    if metric in _PER_EVENT:
        values = values.where(index["events"] >= rule.min_events)
    return values


def scores(values: pd.Series, rule: AlertRule) -> pd.DataFrame:
    """`baseline` (median or EWMA mean of the previous periods) and `z` for every period."""
    if rule.method == "ewma":
        return _ewma_scores(values, rule)
    return _robust_scores(values, rule)


def _robust_scores(values: pd.Series, rule: AlertRule) -> pd.DataFrame:
    history = values.shift(1).rolling(rule.window, min_periods=rule.min_history)
    median = history.median()
    mad = history.apply(_mad, raw=True)
    mean_ad = history.apply(_mean_ad, raw=True)
    scale = (MAD_SCALE * mad).where(mad > 0, MEAN_AD_SCALE * mean_ad)
    return pd.DataFrame({"baseline": median, "z": _z(values - median, scale)})


def _ewma_scores(values: pd.Series, rule: AlertRule) -> pd.DataFrame:
    history = values.shift(1).ewm(halflife=rule.halflife, min_periods=rule.min_history)
    mean = history.mean()
    return pd.DataFrame({"baseline": mean, "z": _z(values - mean, history.std())})


def _mad(window: np.ndarray[Any, np.dtype[np.float64]]) -> float:
    present = window[~np.isnan(window)]
    return float(np.median(np.abs(present - np.median(present))))


def _mean_ad(window: np.ndarray[Any, np.dtype[np.float64]]) -> float:
    present = window[~np.isnan(window)]
    return float(np.mean(np.abs(present - np.mean(present))))


def _z(deviation: pd.Series, scale: pd.Series) -> pd.Series:
    """deviation / scale; ±inf for a departure from a flat baseline (scale 0), 0 for none."""
    flat = scale == 0
    z = (deviation / scale.where(~flat)).mask(flat, np.sign(deviation) * np.inf)
    return z.mask(flat & (deviation == 0), 0.0).astype("float64")


# --- breaks ---------------------------------------------------------------------------------------


def breaks(index: pd.DataFrame, rule: AlertRule | None = None) -> pd.DataFrame:
    """Every (period, metric) whose escalation-signed z-score reaches the threshold (BREAK_COLUMNS).

    `index` is one dyad's index with every period present (quiet ones with 0 events), in order.
    """
    chosen = rule or AlertRule()
    found = [_metric_breaks(index, metric, sign, chosen) for metric, sign in WATCHED.items()]
    present = [frame for frame in found if not frame.empty]
    if not present:
        return _no_breaks()
    return pd.concat(present).sort_values(["period", "metric"], ignore_index=True)


def _metric_breaks(index: pd.DataFrame, metric: str, sign: int, rule: AlertRule) -> pd.DataFrame:
    if metric not in index.columns:
        return _no_breaks()
    values = judged_values(index, metric, rule)
    scored = scores(values, rule)
    broke = (sign * scored["z"] >= rule.threshold) & values.notna()
    return pd.DataFrame(
        {
            "period": index.loc[broke, "period"],
            "metric": metric,
            "value": values[broke],
            "baseline": scored.loc[broke, "baseline"],
            "z": scored.loc[broke, "z"],
        }
    )


def _no_breaks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": pd.Series(dtype="datetime64[ns]"),
            "metric": pd.Series(dtype="string"),
            "value": pd.Series(dtype="float64"),
            "baseline": pd.Series(dtype="float64"),
            "z": pd.Series(dtype="float64"),
        }
    )


# --- alerts ---------------------------------------------------------------------------------------


def alerts_from_breaks(
    found: pd.DataFrame,
    a: str,
    b: str,
    *,
    evidence: Mapping[pd.Timestamp, Sequence[Mapping[str, Any]]],
) -> pd.DataFrame:
    """One alert per period with breaks (ALERT_COLUMNS), with that period's `evidence`.

    `evidence` maps a period to its top events, each a dict with at least `source` (the dataset)
    and `url` (a SOURCEURL, a record's source URL or a file reference).
    """
    periods = sorted(pd.Timestamp(period) for period in found["period"].unique())
    rows = [
        _alert_row(period, found[found["period"] == period], a, b, evidence.get(period, ()))
        for period in periods
    ]
    if not rows:
        return empty_alerts()
    return pd.DataFrame(rows, columns=list(ALERT_COLUMNS))


def _alert_row(
    period: pd.Timestamp, group: pd.DataFrame, a: str, b: str, events: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    ordered = group.assign(strength=group["z"].abs()).sort_values("strength", ascending=False)
    details = [_break_record(row) for row in ordered.to_dict(orient="records")]
    return {
        "period": period,
        "a": a,
        "b": b,
        "metrics": ", ".join(item["metric"] for item in details),
        "severity": float(ordered["strength"].max()),
        "detail": "; ".join(_describe(item) for item in details),
        "top_urls": [str(event["url"]) for event in events if event.get("url")],
        "sources": ", ".join(dict.fromkeys(str(event["source"]) for event in events)),
        "top_events": list(events),
        "breaks": details,
    }


def _break_record(row: Mapping[Hashable, Any]) -> dict[str, Any]:
    return {
        "metric": str(row["metric"]),
        "value": float(row["value"]),
        "baseline": float(row["baseline"]),
        "z": float(row["z"]),
    }


def _describe(item: Mapping[str, Any]) -> str:
    z = item["z"]
    shown = f"{z:+.1f}" if math.isfinite(z) else ("+inf" if z > 0 else "-inf")
    return f"{item['metric']} {item['value']:.3g} vs {item['baseline']:.3g} (z {shown})"


def gdelt_evidence(row: Mapping[Hashable, Any]) -> dict[str, Any]:
    """A GDELT event behind an alert (a row of escalation.top_events)."""
    return {
        "source": "GDELT 2.0",
        "date": pd.Timestamp(row["SQLDATE"]).date().isoformat(),
        "event_id": str(row["GLOBALEVENTID"]),
        "what": f"CAMEO {row['EventCode']} {row['Actor1CountryCode']}→{row['Actor2CountryCode']}",
        "goldstein": float(row["GoldsteinScale"]),
        "mentions": int(row["NumMentions"]),
        "weight": float(row["weight"]),
        "url": row["SOURCEURL"],
    }


def incident_evidence(row: Mapping[Hashable, Any]) -> dict[str, Any]:
    """An incident behind an alert (a point of incidents.near_border_points)."""
    deaths, reference = row["deaths"], row["reference"]
    return {
        "source": str(row["source"]),
        "date": pd.Timestamp(row["date"]).date().isoformat(),
        "event_id": str(row["event_id"]),
        "what": str(row["title"]),
        "deaths": None if pd.isna(deaths) else float(deaths),
        "distance_km": round(float(row["distance_km"]), 1),
        "url": None if pd.isna(reference) else str(reference),
    }


def empty_alerts() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=_ALERT_DTYPES[name]) for name in ALERT_COLUMNS})


_ALERT_DTYPES: Final = {
    "period": "datetime64[ns]",
    "a": "string",
    "b": "string",
    "metrics": "string",
    "severity": "float64",
    "detail": "string",
    "top_urls": "object",
    "sources": "string",
    "top_events": "object",
    "breaks": "object",
}

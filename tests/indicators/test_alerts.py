"""Alerts: robust and EWMA baselines computed by hand, and the planted burst found with its events."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from powderkeg.api.events import alerts
from powderkeg.errors import QueryError
from powderkeg.indicators.alerts import AlertRule, alerts_from_breaks, breaks
from tests.indicators.planted import BURST_WEEK, FIRST_WEEK, PLANTED_URL, WEEKS


def _index(**columns: list[float]) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    periods = pd.date_range("2024-01-01", periods=size, freq="W-MON")
    frame = pd.DataFrame({"period": periods, **columns})
    if "events" not in frame:
        frame["events"] = 100
    return frame


def test_robust_z_is_the_deviation_over_1_4826_mad() -> None:
    # Baseline 10, 12, 10, 12 …: median 11, MAD 1; the last week has 40 events.
    found = breaks(_index(events=[10, 12] * 5 + [40]))
    assert len(found) == 1
    row = found.iloc[0]
    assert row["metric"] == "events"
    assert row["baseline"] == 11
    assert row["z"] == pytest.approx((40 - 11) / 1.4826)


def test_a_zero_mad_falls_back_to_the_mean_absolute_deviation() -> None:
    # Before the last week: ten 0s and one 1, so median 0 and MAD 0; mean deviation 20/121.
    found = breaks(_index(incidents=[0] * 9 + [1, 0, 1]))
    last = found[found["period"] == found["period"].max()].iloc[0]
    assert last["z"] == pytest.approx(1 / (1.2533 * 20 / 121))


def test_a_departure_from_a_flat_baseline_is_infinitely_far() -> None:
    found = breaks(_index(incidents=[0] * 12 + [2]))
    assert found["z"].tolist() == [math.inf]


def test_no_alert_before_min_history_periods() -> None:
    assert breaks(_index(events=[10, 12, 10, 50]), AlertRule(min_history=8)).empty
    assert not breaks(_index(events=[10, 12, 10, 50]), AlertRule(min_history=3)).empty


def test_only_the_escalation_direction_alerts() -> None:
    calm = [1.0, 1.2] * 6
    assert breaks(_index(goldstein_mean=[*calm, 9.0])).empty  # a burst of cooperation
    found = breaks(_index(goldstein_mean=[*calm, -6.0]))
    assert found["metric"].tolist() == ["goldstein_mean"]
    assert found["z"].iloc[0] < 0


def test_per_event_metrics_of_thin_periods_are_not_judged() -> None:
    shares = [0.1, 0.12] * 6 + [0.9]
    events = [20] * 12 + [3]
    assert breaks(_index(material_conflict_share=shares, events=events)).empty
    assert not breaks(_index(material_conflict_share=shares, events=[20] * 13)).empty


def test_ewma_flags_a_spike_against_the_weighted_history() -> None:
    values = [10.0, 12.0] * 8 + [40.0]
    found = breaks(_index(events=values), AlertRule(method="ewma", halflife=4))
    history = pd.Series(values[:-1]).ewm(halflife=4)
    expected = (40 - history.mean().iloc[-1]) / history.std().iloc[-1]
    assert found["z"].tolist() == pytest.approx([expected])


def test_alert_rows_list_metrics_by_strength_and_their_evidence() -> None:
    period = pd.Timestamp("2024-04-08")
    found = pd.DataFrame(
        {
            "period": [period, period],
            "metric": ["events", "goldstein_mean"],
            "value": [32.0, -4.0],
            "baseline": [11.0, 1.0],
            "z": [14.2, -20.5],
        }
    )
    evidence = {period: [{"source": "GDELT 2.0", "url": "https://example.org/a"}]}
    row = alerts_from_breaks(found, "XKX", "SRB", evidence=evidence).iloc[0]
    assert row["metrics"] == "goldstein_mean, events"
    assert row["severity"] == pytest.approx(20.5)
    assert row["top_urls"] == ["https://example.org/a"]
    assert "goldstein_mean -4 vs 1 (z -20.5)" in row["detail"]


@pytest.mark.parametrize(
    "rule", [{"threshold": 0}, {"window": 1}, {"min_history": 30}, {"method": "mean"}]
)
def test_bad_rules_are_refused(rule: dict[str, object]) -> None:
    with pytest.raises(QueryError):
        AlertRule(**rule)  # type: ignore[arg-type]


# --- the planted burst, end to end ----------------------------------------------------------------


def _planted_alerts(planted_dir: Path, default_db: Path, **options: object) -> pd.DataFrame:
    found = alerts("XKX", "SRB", events_dir=planted_dir, db=default_db, **options)  # type: ignore[arg-type]
    last_week = pd.Timestamp(FIRST_WEEK) + pd.Timedelta(weeks=WEEKS - 1)
    return found[found["period"].between(pd.Timestamp(FIRST_WEEK), last_week)]


def test_the_planted_burst_alerts_and_lists_the_planted_event_first(
    planted_dir: Path, default_db: Path, powderkeg_home: Path
) -> None:
    found = _planted_alerts(planted_dir, default_db)
    assert found["period"].tolist() == [pd.Timestamp(BURST_WEEK)]  # quiet weeks never alert
    alert = found.iloc[0]
    assert {"events", "material_conflict_share", "goldstein_mean", "tone_mean"} <= set(
        alert["metrics"].split(", ")
    )
    assert alert["top_urls"][0] == PLANTED_URL
    assert alert["top_events"][0]["goldstein"] == -10.0
    assert alert["sources"] == "GDELT 2.0"


def test_a_threshold_above_the_burst_silences_it(
    planted_dir: Path, default_db: Path, powderkeg_home: Path
) -> None:
    loud = _planted_alerts(planted_dir, default_db)
    highest = max(item["z"] for item in loud.iloc[0]["breaks"] if np.isfinite(item["z"]))
    assert _planted_alerts(planted_dir, default_db, threshold=abs(highest) * 2).empty


def test_ewma_finds_the_same_burst(
    planted_dir: Path, default_db: Path, powderkeg_home: Path
) -> None:
    found = _planted_alerts(planted_dir, default_db, method="ewma")
    assert pd.Timestamp(BURST_WEEK) in set(found["period"])


@pytest.mark.spark
def test_spark_raises_the_same_alerts_with_the_same_events(
    planted_dir: Path, default_db: Path, powderkeg_home: Path, spark_backend: object
) -> None:
    duck = _planted_alerts(planted_dir, default_db)
    spark = _planted_alerts(planted_dir, default_db, engine="spark")
    assert spark["period"].tolist() == duck["period"].tolist()
    assert spark["metrics"].tolist() == duck["metrics"].tolist()
    assert spark["top_urls"].tolist() == duck["top_urls"].tolist()
    assert spark["severity"].tolist() == pytest.approx(duck["severity"].tolist(), abs=1e-9)

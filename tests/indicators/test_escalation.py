"""The escalation index: planted answers counted by hand, and the same numbers on DuckDB and Spark."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from powderkeg.errors import QueryError
from powderkeg.indicators import escalation as index
from powderkeg.store import engines
from tests.indicators.planted import (
    BURST_WEEK,
    PLANTED_ID,
    PLANTED_URL,
    WEEKS,
    event,
    monday_of,
    pair_rows,
    planted_events,
    write_events,
)

PAIR = index.dyad("XKX", "SRB")


def _index(events_dir: Path, **options: Any) -> pd.DataFrame:
    table = engines.events_table(engines.duckdb_engine(), events_dir)
    return index.collect(index.escalation_index(table, PAIR, **options))


def _weekly_by_hand(rows: list[dict[str, Any]]) -> dict[date, dict[str, float]]:
    """The documented metrics per week, from the raw rows with plain arithmetic."""
    weeks: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for row in pair_rows(rows):
        weeks[monday_of(row["SQLDATE"])].append(row)
    out = {}
    for monday, week in weeks.items():
        mentions = sum(row["NumMentions"] for row in week)
        out[monday] = {
            "events": len(week),
            "goldstein_mean": sum(r["GoldsteinScale"] * r["NumMentions"] for r in week) / mentions,
            "material_conflict_share": sum(r["QuadClass"] == 4 for r in week) / len(week),
            "tone_mean": sum(row["AvgTone"] for row in week) / len(week),
        }
    return out


def test_burst_week_material_conflict_share_is_the_planted_count(planted_dir: Path) -> None:
    frame = _index(planted_dir).set_index("period")
    burst = frame.loc[pd.Timestamp(BURST_WEEK)]
    # Week 14 has the third quiet mix (12 events, one of QuadClass 4) plus 20 planted ones.
    assert burst["events"] == 32
    assert burst["material_conflict_share"] == pytest.approx(21 / 32, abs=1e-12)
    assert burst["events_b_to_a"] == 20 + 6  # SRB→KOS: the burst and half the quiet mix
    assert len(frame) == WEEKS


def test_composite_of_every_week_matches_the_documented_formula(planted_dir: Path) -> None:
    by_hand = _weekly_by_hand(planted_events())
    parts = {"material_conflict_share": 1, "goldstein_mean": -1, "tone_mean": -1}
    z: dict[str, dict[date, float]] = {}
    for name in parts:
        values = [week[name] for week in by_hand.values()]
        mean, spread = statistics.mean(values), statistics.stdev(values)
        z[name] = {monday: (week[name] - mean) / spread for monday, week in by_hand.items()}
    expected = {
        pd.Timestamp(monday): sum(sign * z[name][monday] for name, sign in parts.items()) / 3
        for monday in by_hand
    }
    frame = _index(planted_dir).set_index("period")
    for period, composite in expected.items():
        assert frame.loc[period, "composite"] == pytest.approx(composite, abs=1e-9)
    assert frame["composite"].idxmax() == pd.Timestamp(BURST_WEEK)


def test_composite_of_one_burst_among_identical_weeks_is_n_minus_1_over_root_n(
    tmp_path: Path,
) -> None:
    # n weeks with the same events, one of them with a burst that raises the conflict share and
    # lowers Goldstein and tone: each z-score of the burst is ±(n−1)/√n, so the composite is too.
    n = 10
    rows = []
    for week in range(n):
        monday = date(2024, 1, 1) + timedelta(weeks=week)
        rows.append(event(week * 10, monday, "SRB", "KOS", 1, "040", 1.0, 2, 1.0))
        rows.append(event(week * 10 + 1, monday, "KOS", "SRB", 4, "173", -5.0, 2, -2.0))
        if week == 6:
            rows.append(event(week * 10 + 2, monday, "SRB", "KOS", 4, "190", -10.0, 5, -8.0))
    frame = _index(write_events(rows, tmp_path / "events"))
    burst = frame["period"] == pd.Timestamp(date(2024, 1, 1) + timedelta(weeks=6))
    assert frame.loc[burst, "composite"].item() == pytest.approx((n - 1) / math.sqrt(n))
    assert frame.loc[~burst, "composite"].tolist() == pytest.approx([-1 / math.sqrt(n)] * (n - 1))


def test_goldstein_mean_is_weighted_by_mentions(tmp_path: Path) -> None:
    day = date(2024, 3, 6)
    rows = [
        event(1, day, "SRB", "KOS", 4, "190", -10.0, 9, -5.0),
        event(2, day, "KOS", "SRB", 1, "040", 2.0, 1, 3.0),
    ]
    row = _index(write_events(rows, tmp_path / "events")).iloc[0]
    assert row["goldstein_mean"] == pytest.approx((-10.0 * 9 + 2.0 * 1) / 10)
    assert row["tone_mean"] == pytest.approx(-1.0)  # a plain mean: (−5 + 3) / 2
    assert row["mentions"] == 10


def test_a_flat_history_gives_a_composite_of_zero(tmp_path: Path) -> None:
    rows = [event(n, date(2024, 1, 1) + timedelta(weeks=n), "SRB", "KOS", 1, "040", 1.0, 2, 1.0)
            for n in range(4)]  # fmt: skip
    frame = _index(write_events(rows, tmp_path / "events"))
    assert frame["composite"].tolist() == [0.0] * 4


def test_an_event_counts_in_the_week_of_its_event_date_not_the_day_it_was_added(
    planted_dir: Path,
) -> None:
    frame = _index(planted_dir).set_index("period")
    after = frame.loc[pd.Timestamp(BURST_WEEK + timedelta(weeks=1))]
    # Week 15 holds only its quiet mix (the first one, 10 events), not the burst's last event.
    assert after["events"] == 10
    assert after["material_conflict_share"] == pytest.approx(0.1)


def test_other_pairs_self_events_and_missing_actors_never_count(planted_dir: Path) -> None:
    frame = _index(planted_dir)
    assert frame["events"].sum() == len(pair_rows(planted_events()))


def test_month_and_day_periods_hold_the_same_events(planted_dir: Path) -> None:
    months = _index(planted_dir, freq="month")
    days = _index(planted_dir, freq="day")
    assert months["events"].sum() == days["events"].sum() == len(pair_rows(planted_events()))
    assert (months["period"].dt.day == 1).all()
    assert months["period"].iloc[0] == pd.Timestamp("2024-01-01")


def test_start_and_end_choose_periods_without_changing_the_composite(planted_dir: Path) -> None:
    whole = _index(planted_dir).set_index("period")
    part = _index(planted_dir, start=date(2024, 4, 10), end=date(2024, 4, 22))
    # A start inside a week keeps that week (it is labelled by its Monday).
    assert part["period"].tolist() == [pd.Timestamp(f"2024-04-{d}") for d in ("08", "15", "22")]
    for row in part.itertuples():
        assert row.composite == pytest.approx(whole.loc[row.period, "composite"])


def test_root_only_keeps_root_events(planted_dir: Path) -> None:
    roots = [row for row in pair_rows(planted_events()) if row["IsRootEvent"]]
    assert _index(planted_dir, root_only=True)["events"].sum() == len(roots)


def test_top_events_put_the_planted_event_first_with_its_url(planted_dir: Path) -> None:
    table = engines.events_table(engines.duckdb_engine(), planted_dir)
    top = index.collect(index.top_events(table, PAIR, [BURST_WEEK], per_period=3))
    assert top["GLOBALEVENTID"].iloc[0] == PLANTED_ID
    assert top["SOURCEURL"].iloc[0] == PLANTED_URL
    assert top["weight"].iloc[0] == pytest.approx(10.0 * 400)
    assert top["rank"].tolist() == [1, 2, 3]
    assert (top["period"] == pd.Timestamp(BURST_WEEK)).all()


def test_counterparts_rank_the_other_side_by_events(planted_dir: Path) -> None:
    table = engines.events_table(engines.duckdb_engine(), planted_dir)
    found = index.collect_plain(index.counterparts(table, ["SRB"]))
    codes = found["code"].tolist()
    assert codes[0] == "KOS"
    assert set(codes) == {"KOS", "ALB", "RUS"}  # never SRB's missing partners (None)


def test_an_entity_without_a_cameo_code_is_refused() -> None:
    with pytest.raises(QueryError, match="CAMEO"):
        index.dyad("XKX", "AGG_SIPRI_AFRICA")


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(QueryError, match="day, week, month"):
        index.check_freq("fortnight")


@pytest.mark.spark
def test_spark_and_duckdb_give_the_same_index(planted_dir: Path, spark_backend: Any) -> None:
    results = []
    for backend in (engines.duckdb_engine(), spark_backend):
        table = engines.events_table(backend, planted_dir)
        frame = index.collect(index.escalation_index(table, PAIR, freq="week"))
        results.append(frame.sort_values("period", ignore_index=True))
    duck, spark = results
    assert list(duck.dtypes) == list(spark.dtypes)
    pd.testing.assert_frame_equal(duck, spark, check_exact=False, rtol=0, atol=1e-9)


@pytest.mark.spark
def test_spark_and_duckdb_pick_the_same_top_events(planted_dir: Path, spark_backend: Any) -> None:
    periods = [BURST_WEEK, date(2024, 1, 8)]
    results = []
    for backend in (engines.duckdb_engine(), spark_backend):
        table = engines.events_table(backend, planted_dir)
        results.append(index.collect(index.top_events(table, PAIR, periods, per_period=4)))
    pd.testing.assert_frame_equal(results[0], results[1], check_exact=False, rtol=0, atol=1e-9)

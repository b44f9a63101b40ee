"""Synthetic GDELT events with planted answers, written as the ingest writes them.

Twenty ISO weeks from Monday 2024-01-01. Every week Serbia (SRB) and Kosovo (KOS) exchange a
quiet mix of events that cycles through three compositions, so the baseline varies a little but
never much. In BURST_WEEK (2024-04-08) a burst of 20 material-conflict events SRB→KOS is added,
led by PLANTED_URL, the week's weightiest event (Goldstein −10 × 400 mentions). Events of other
pairs, of Kosovo with itself and with a missing actor are mixed in and must never count.

Rows are plain dicts in the columns of gdelt_events.EVENT_SCHEMA, so a test can count them by
hand; `write_events` writes them to `<dir>/day=YYYY-MM-DD/part-*.parquet` by DATEADDED day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from powderkeg.sources.gdelt_events import EVENT_SCHEMA

FIRST_WEEK = date(2024, 1, 1)
WEEKS = 20
BURST_WEEK = date(2024, 4, 8)
PLANTED_URL = "https://example.org/news/planted-border-clash"
PLANTED_ID = 9_000_000
# (QuadClass, EventCode, Goldstein, NumMentions, AvgTone, direction) of each quiet composition.
QUIET: tuple[tuple[tuple[int, str, float, int, float, str], ...], ...] = (
    (
        (1, "040", 1.0, 4, 1.5, "SRB>KOS"),
        (1, "036", 4.0, 2, 2.0, "KOS>SRB"),
        (2, "071", 7.4, 3, 3.0, "SRB>KOS"),
        (3, "112", -2.0, 5, -2.5, "KOS>SRB"),
        (1, "010", 0.0, 6, 0.5, "SRB>KOS"),
        (1, "042", 1.9, 2, 1.0, "KOS>SRB"),
        (4, "173", -5.0, 2, -4.0, "SRB>KOS"),
        (1, "046", 7.0, 3, 2.5, "KOS>SRB"),
        (3, "130", -4.4, 2, -3.0, "SRB>KOS"),
        (1, "051", 3.4, 4, 1.0, "KOS>SRB"),
    ),
    (
        (1, "040", 1.0, 5, 1.0, "KOS>SRB"),
        (1, "036", 4.0, 3, 1.5, "SRB>KOS"),
        (2, "071", 7.4, 2, 2.5, "KOS>SRB"),
        (3, "112", -2.0, 4, -2.0, "SRB>KOS"),
        (1, "010", 0.0, 5, 0.0, "KOS>SRB"),
        (1, "042", 1.9, 3, 1.5, "SRB>KOS"),
        (4, "173", -5.0, 3, -3.5, "KOS>SRB"),
        (1, "046", 7.0, 2, 2.0, "SRB>KOS"),
        (3, "130", -4.4, 3, -2.5, "KOS>SRB"),
        (1, "051", 3.4, 3, 1.5, "SRB>KOS"),
        (3, "111", -2.0, 2, -2.0, "SRB>KOS"),
    ),
    (
        (1, "040", 1.0, 3, 2.0, "SRB>KOS"),
        (1, "036", 4.0, 2, 1.0, "KOS>SRB"),
        (2, "071", 7.4, 4, 3.5, "SRB>KOS"),
        (3, "112", -2.0, 3, -2.0, "KOS>SRB"),
        (1, "010", 0.0, 4, 0.5, "SRB>KOS"),
        (1, "042", 1.9, 2, 1.5, "KOS>SRB"),
        (4, "173", -5.0, 2, -4.5, "SRB>KOS"),
        (1, "046", 7.0, 4, 3.0, "KOS>SRB"),
        (3, "130", -4.4, 2, -3.5, "SRB>KOS"),
        (1, "051", 3.4, 3, 1.0, "KOS>SRB"),
        (2, "073", 7.4, 2, 2.0, "SRB>KOS"),
        (1, "043", 2.8, 3, 1.0, "KOS>SRB"),
    ),
)
# Events that belong to no SRB–KOS dyad: (Actor1CountryCode, Actor2CountryCode, QuadClass).
NOISE: tuple[tuple[str | None, str | None, int], ...] = (
    ("SRB", "ALB", 4),
    ("USA", "RUS", 4),
    ("KOS", "KOS", 4),
    ("SRB", None, 4),
    (None, "KOS", 4),
    ("RUS", "SRB", 1),
)


def event(
    event_id: int,
    day: date,
    actor1: str | None,
    actor2: str | None,
    quad_class: int,
    code: str,
    goldstein: float,
    mentions: int,
    tone: float,
    *,
    added: date | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """One event row in the EVENT_SCHEMA columns."""
    added_day = added or day
    return {
        "GLOBALEVENTID": event_id,
        "SQLDATE": day,
        "Actor1Code": actor1,
        "Actor1CountryCode": actor1,
        "Actor2Code": actor2,
        "Actor2CountryCode": actor2,
        "IsRootEvent": event_id % 2 == 0,
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": code[:2],
        "QuadClass": quad_class,
        "GoldsteinScale": goldstein,
        "NumMentions": mentions,
        "NumSources": 1,
        "NumArticles": mentions,
        "AvgTone": tone,
        "ActionGeo_Type": 4,
        "ActionGeo_CountryCode": "KV",
        "ActionGeo_Lat": 42.9,
        "ActionGeo_Long": 20.8,
        "DATEADDED": datetime(added_day.year, added_day.month, added_day.day, 6, 15, tzinfo=UTC),
        "SOURCEURL": url or f"https://example.org/news/{event_id}",
    }


def planted_events() -> list[dict[str, Any]]:
    """The twenty weeks of quiet SRB–KOS events, the burst, and the noise."""
    rows: list[dict[str, Any]] = []
    for number in range(WEEKS):
        monday = FIRST_WEEK + timedelta(weeks=number)
        rows.extend(_quiet_week(monday, number))
        rows.extend(_noise(monday, number))
    rows.extend(burst())
    return rows


def _quiet_week(monday: date, number: int) -> list[dict[str, Any]]:
    rows = []
    for slot, (quad, code, goldstein, mentions, tone, way) in enumerate(QUIET[number % 3]):
        first, second = way.split(">")
        day = monday + timedelta(days=slot % 7)  # Monday … Sunday, then again
        rows.append(
            event(100_000 + number * 100 + slot, day, first, second, quad, code,
                  goldstein, mentions, tone)
        )  # fmt: skip
    return rows


def _noise(monday: date, number: int) -> list[dict[str, Any]]:
    return [
        event(500_000 + number * 100 + slot, monday + timedelta(days=2), a1, a2, quad, "190",
              -10.0, 50, -8.0)
        for slot, (a1, a2, quad) in enumerate(NOISE)
    ]  # fmt: skip


def burst() -> list[dict[str, Any]]:
    """20 material-conflict events SRB→KOS in BURST_WEEK; the first is the planted top event.

    The last one happened on the week's Sunday but was added on the next Monday: it still
    belongs to BURST_WEEK, the week of its event date.
    """
    sunday = BURST_WEEK + timedelta(days=6)
    rows = [
        event(PLANTED_ID, BURST_WEEK + timedelta(days=3), "SRB", "KOS", 4, "190", -10.0, 400,
              -9.0, url=PLANTED_URL)
    ]  # fmt: skip
    for number in range(1, 19):
        rows.append(
            event(PLANTED_ID + number, BURST_WEEK + timedelta(days=number % 6), "SRB", "KOS",
                  4, "173", -5.0, 3, -6.0)
        )  # fmt: skip
    rows.append(
        event(PLANTED_ID + 19, sunday, "SRB", "KOS", 4, "180", -9.0, 5, -7.0,
              added=sunday + timedelta(days=1))
    )  # fmt: skip
    return rows


def write_events(rows: list[dict[str, Any]], folder: Path) -> Path:
    """Write `rows` as the ingest does: one folder per DATEADDED day, Parquet parts inside."""
    frame = pl.DataFrame(rows, schema=EVENT_SCHEMA)
    keyed = frame.with_columns(pl.col("DATEADDED").dt.date().alias("day"))
    for (day,), part in keyed.partition_by("day", as_dict=True).items():
        target = folder / f"day={day}"
        target.mkdir(parents=True, exist_ok=True)
        part.drop("day").write_parquet(target / "part-synthetic-0.parquet")
    return folder


def pair_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the SRB–KOS dyad, either direction."""
    pair = {("SRB", "KOS"), ("KOS", "SRB")}
    return [row for row in rows if (row["Actor1CountryCode"], row["Actor2CountryCode"]) in pair]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())

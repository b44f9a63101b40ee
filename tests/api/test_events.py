"""The events API: the offline default, GDELT files ingested then indexed, incidents kept as points."""

from __future__ import annotations

import zipfile
from pathlib import Path

import httpx
import pandas as pd
import pytest

from powderkeg.api.events import (
    NO_GDELT_NOTE,
    alerts,
    default_events_dir,
    escalation,
    fetch_events,
    ingest_events,
    ingest_incidents,
)
from powderkeg.errors import QueryError
from powderkeg.sources.gdelt_events import COLUMNS_V2
from tests.indicators.planted import BURST_WEEK, FIRST_WEEK, WEEKS, planted_events, write_events

GDELT_COLUMNS = [
    "events",
    "goldstein_mean",
    "material_conflict_share",
    "tone_mean",
    "composite",
]
BANJSKA_WEEK = pd.Timestamp("2023-09-18")  # the attack was on Sunday 2023-09-24


def test_without_gdelt_files_the_index_answers_from_the_register(
    default_db: Path, powderkeg_home: Path
) -> None:
    frame = escalation("XKX", "SRB", db=default_db)
    assert NO_GDELT_NOTE in frame.attrs["notes"]
    assert frame[GDELT_COLUMNS].isna().all().all()
    week = frame.set_index("period").loc[BANJSKA_WEEK]
    assert week["incidents"] == 1
    assert week["incident_deaths"] == 4
    assert week["incident_sources"] == "register"
    assert (frame["a"] == "XKX").all()
    assert (frame["b"] == "SRB").all()
    assert frame["period"].diff().dropna().eq(pd.Timedelta(weeks=1)).all()  # no gaps


def test_names_and_codes_are_accepted_for_the_pair(default_db: Path, powderkeg_home: Path) -> None:
    frame = escalation("Kosovo", "RS", db=default_db, start="2023-09", end="2023-09-30")
    assert frame["a"].iloc[0] == "XKX"
    assert frame["b"].iloc[0] == "SRB"
    assert frame["period"].min() == pd.Timestamp("2023-08-28")  # the week holding 1 September


def test_gdelt_metrics_fill_the_weeks_the_files_cover(
    default_db: Path, powderkeg_home: Path, tmp_path: Path
) -> None:
    events_dir = write_events(planted_events(), tmp_path / "events")
    frame = escalation("XKX", "SRB", events_dir=events_dir, db=default_db).set_index("period")
    assert NO_GDELT_NOTE not in frame.attrs["notes"]
    covered = frame.loc[pd.Timestamp(FIRST_WEEK) : pd.Timestamp(BURST_WEEK)]
    assert covered["events"].notna().all()
    assert (covered["events"] > 0).all()
    assert frame.loc[pd.Timestamp(BURST_WEEK), "composite"] == frame["composite"].max()
    assert pd.isna(frame.loc[BANJSKA_WEEK, "events"])  # before the files: unknown, not zero
    assert frame.loc[BANJSKA_WEEK, "incidents"] == 1


def test_ingested_gdelt_files_reach_the_index(
    default_db: Path, powderkeg_home: Path, tmp_path: Path
) -> None:
    export = tmp_path / "20240410061500.export.CSV"
    export.write_text(
        _export_line(1, "SRB", "KOS", "4", "190", "-10.0", "7", "https://example.org/one")
        + _export_line(2, "KOS", "SRB", "1", "040", "1.0", "3", "https://example.org/two"),
        encoding="utf-8",
    )
    report = ingest_events([export])
    assert report.rows_written == 2
    assert any(default_events_dir().glob("day=2024-04-10/*.parquet"))
    week = escalation("XKX", "SRB", db=default_db, start="2024-04-08", end="2024-04-08")
    row = week.iloc[0]
    assert (row["events"], row["material_conflict_share"]) == (2, 0.5)
    assert row["goldstein_mean"] == pytest.approx((-10.0 * 7 + 1.0 * 3) / 10)
    assert ingest_events([export]).rows_written == 0  # the same file twice adds nothing


def test_ingested_ucdp_events_count_as_incidents(
    default_db: Path, powderkeg_home: Path, fixtures: Path
) -> None:
    ged = fixtures / "ucdp_ged" / "GEDEvent_v25_1_balkans_synthetic.csv"
    first = ingest_incidents([ged], source="ucdp_ged")
    assert (len(first.written), first.points) == (1, 6)
    again = ingest_incidents([ged], source="ucdp_ged")
    assert (len(again.written), len(again.unchanged)) == (0, 1)
    frame = escalation("XKX", "SRB", db=default_db, start="1999", end="1999-12-31")
    counted = frame[frame["incidents"] > 0]
    assert set(counted["incident_sources"]) == {"ucdp_ged"}
    assert counted["incidents"].sum() >= 1


def test_offline_alerts_name_the_register_incident_behind_them(
    default_db: Path, powderkeg_home: Path
) -> None:
    found = alerts("XKX", "SRB", since="2023-09-01", db=default_db)
    banjska = found.set_index("period").loc[BANJSKA_WEEK]
    assert banjska["metrics"] == "incidents"
    assert banjska["top_events"][0]["event_id"] == "xkx-banjska-attack-2023"
    assert banjska["top_urls"][0].startswith("https://efe.com/")
    assert NO_GDELT_NOTE in found.attrs["notes"]


def test_alerts_without_a_partner_watch_every_partner(
    default_db: Path, powderkeg_home: Path, tmp_path: Path
) -> None:
    events_dir = write_events(planted_events(), tmp_path / "events")
    last_week = pd.Timestamp(FIRST_WEEK) + pd.Timedelta(weeks=WEEKS - 1)
    found = alerts("SRB", since=str(FIRST_WEEK), events_dir=events_dir, db=default_db)
    found = found[found["period"] <= last_week]
    assert found[["a", "b"]].drop_duplicates().values.tolist() == [["SRB", "XKX"]]
    assert found["period"].tolist() == [pd.Timestamp(BURST_WEEK)]


def test_fetched_gdelt_files_are_ingested_and_missing_ones_reported(
    default_db: Path, powderkeg_home: Path, tmp_path: Path
) -> None:
    export = tmp_path / "20240410061500.export.CSV"
    export.write_text(
        _export_line(7, "SRB", "KOS", "4", "190", "-10.0", "4", "https://example.org/seven"),
        encoding="utf-8",
    )
    packed = tmp_path / "export.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(export, arcname=export.name)
    served = {"20240410061500.export.CSV.zip": packed.read_bytes()}

    def gdelt(request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[-1]
        if name == "lastupdate.txt":
            last = "http://data.gdeltproject.org/gdeltv2/20240410063000.export.CSV.zip"
            return httpx.Response(200, text=f"1 abc {last}\n")
        if name in served:
            return httpx.Response(200, content=served[name])
        return httpx.Response(404, text="Not Found")

    client = httpx.Client(transport=httpx.MockTransport(gdelt))
    report = fetch_events("2024-04-10", "2024-04-10", client=client)
    assert len(report.fetched.downloaded) == 1
    assert len(report.fetched.missing) == len(report.fetched.urls) - 1
    assert report.ingested.rows_written == 1
    week = escalation("XKX", "SRB", db=default_db, start="2024-04-10", end="2024-04-10")
    assert week["events"].tolist() == [1]


def test_daily_and_quarter_hour_files_never_share_an_events_folder(
    powderkeg_home: Path, tmp_path: Path
) -> None:
    quarter = tmp_path / "20240410061500.export.CSV"
    quarter.write_text(_export_line(1, "SRB", "KOS", "4", "190", "-10.0", "7", "u"), "utf-8")
    ingest_events([quarter])
    daily = tmp_path / "20240411.export.CSV"
    daily.write_text("", encoding="utf-8")
    with pytest.raises(QueryError, match=r"mix GDELT 1\.0 daily and GDELT 2\.0"):
        ingest_events([daily])


def test_offline_alerts_without_a_partner_watch_the_neighbours(
    default_db: Path, powderkeg_home: Path
) -> None:
    found = alerts("XKX", since="2023", db=default_db)
    assert set(found["b"]) == {"SRB"}  # the register's incidents lie near that border only
    assert BANJSKA_WEEK in set(found["period"])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"engine": "sqlite"}, "unknown engine"),
        ({"freq": "year"}, "unknown frequency"),
        ({"start": "last tuesday"}, "must be a date"),
    ],
)
def test_bad_questions_are_refused_clearly(
    options: dict[str, str], message: str, default_db: Path, powderkeg_home: Path
) -> None:
    with pytest.raises(QueryError, match=message):
        escalation("XKX", "SRB", db=default_db, **options)  # type: ignore[arg-type]


def _export_line(
    event_id: int, actor1: str, actor2: str, quad: str, code: str, goldstein: str,
    mentions: str, url: str,
) -> str:  # fmt: skip
    """One GDELT 2.0 export line (61 tab-separated cells) for 2024-04-10."""
    cells = dict.fromkeys(COLUMNS_V2, "")
    cells.update(
        GLOBALEVENTID=str(event_id), SQLDATE="20240410", MonthYear="202404", Year="2024",
        FractionDate="2024.2767", Actor1Code=actor1, Actor1CountryCode=actor1,
        Actor2Code=actor2, Actor2CountryCode=actor2, IsRootEvent="1", EventCode=code,
        EventBaseCode=code, EventRootCode=code[:2], QuadClass=quad, GoldsteinScale=goldstein,
        NumMentions=mentions, NumSources="1", NumArticles=mentions, AvgTone="-1.5",
        DATEADDED="20240410061500", SOURCEURL=url,
    )  # fmt: skip
    return "\t".join(cells[name] for name in COLUMNS_V2) + "\n"

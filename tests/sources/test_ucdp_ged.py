"""UCDP GED events: a synthetic fixture in the real 49-column layout (see its README)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import FormatError, UnmappedEntityError, ValidationError
from powderkeg.sources import ucdp_ged

FIXTURE = "ucdp_ged/GEDEvent_v25_1_balkans_synthetic.csv"


def _rows(fixtures: Path) -> list[dict[str, str]]:
    text = (fixtures / FIXTURE).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _write(tmp_path: Path, rows: list[dict[str, str]], name: str = "GEDEvent_v25_1.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _event(frame: pd.DataFrame, event_id: int) -> pd.Series:
    return frame.set_index("event_id").loc[event_id]


def test_fixture_has_the_49_columns_of_the_codebook(fixtures: Path) -> None:
    header = (fixtures / FIXTURE).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert len(header) == 49
    assert header[:4] == ["id", "relid", "year", "active_year"]
    assert header[-5:] == ["best", "high", "low", "gwnoa", "gwnob"]


def test_parse_returns_one_typed_row_per_event(fixtures: Path) -> None:
    parsed = ucdp_ged.parse(fixtures / FIXTURE)
    frame = parsed.frame
    assert tuple(frame.columns) == ucdp_ged.COLUMNS
    assert len(frame) == 6
    assert frame["event_id"].dtype == "Int64"
    assert frame["latitude"].dtype == "float64"
    assert parsed.vintage == "25.1"


def test_parse_keeps_dates_deaths_and_parties(fixtures: Path) -> None:
    event = _event(ucdp_ged.parse(fixtures / FIXTURE).frame, 990001)
    assert event["date_start"] == pd.Timestamp("1998-02-28")
    assert event["date_end"] == pd.Timestamp("1998-03-01")
    assert (event["deaths_low"], event["deaths_best"], event["deaths_high"]) == (24, 26, 30)
    assert (event["side_a"], event["side_b"]) == ("Government of Serbia (Yugoslavia)", "UCK")
    assert (event["conflict_id"], event["dyad_id"]) == (412, 725)
    assert event["latitude"] == pytest.approx(42.6667)


def test_parse_places_events_by_the_gw_number_of_their_country(fixtures: Path) -> None:
    frame = ucdp_ged.parse(fixtures / FIXTURE).frame
    by_year = frame.groupby("year")["entity_id"].unique()
    # Kosovo in 1998–99 lies in GW 345, the Federal Republic of Yugoslavia.
    assert list(by_year[1998]) == ["YUG"]
    assert list(by_year[2001]) == ["MKD"]


def test_parse_locates_events_by_line(fixtures: Path) -> None:
    frame = ucdp_ged.parse(fixtures / FIXTURE).frame
    lines = (fixtures / FIXTURE).read_text(encoding="utf-8").splitlines()
    for event_id, locator in zip(frame["event_id"], frame["locator"], strict=True):
        assert lines[int(locator.removeprefix("line=")) - 1].startswith(f"{event_id},")


def test_parse_accepts_dates_with_a_time_of_day(fixtures: Path, tmp_path: Path) -> None:
    rows = _rows(fixtures)
    rows[0]["date_start"] = "1998-02-28 00:00:00.000"
    frame = ucdp_ged.parse(_write(tmp_path, rows)).frame
    assert _event(frame, 990001)["date_start"] == pd.Timestamp("1998-02-28")


def test_parse_lists_every_bad_value_at_once(fixtures: Path, tmp_path: Path) -> None:
    rows = _rows(fixtures)
    rows[0]["latitude"] = "95.5"
    rows[1]["low"] = "9"  # best is 8
    rows[2]["date_end"] = "1999-04-13"  # before date_start
    rows[3]["type_of_violence"] = "4"
    with pytest.raises(ValidationError) as caught:
        ucdp_ged.parse(_write(tmp_path, rows))
    offenders = "\n".join(caught.value.offenders)
    assert "line=2;column=latitude: '95.5'" in offenders
    assert "line=3;column=low: '9' (above best)" in offenders
    assert "line=4;column=date_end: '1999-04-13' (before date_start)" in offenders
    assert "line=5;column=type_of_violence: '4'" in offenders


def test_parse_names_an_unknown_country_number(fixtures: Path, tmp_path: Path) -> None:
    rows = _rows(fixtures)
    rows[4]["country_id"] = "999"
    with pytest.raises(UnmappedEntityError) as caught:
        ucdp_ged.parse(_write(tmp_path, rows))
    assert caught.value.offenders == ["999 (North Macedonia)"]


def test_parse_rejects_an_event_id_given_twice(fixtures: Path, tmp_path: Path) -> None:
    rows = _rows(fixtures)
    rows[1]["id"] = rows[0]["id"]
    with pytest.raises(ValidationError, match="appear twice"):
        ucdp_ged.parse(_write(tmp_path, rows))


def test_parse_reports_records_of_the_wrong_width(fixtures: Path, tmp_path: Path) -> None:
    lines = (fixtures / FIXTURE).read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 2)[0]
    path = tmp_path / "GEDEvent_v25_1.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        ucdp_ged.parse(path)
    assert caught.value.offenders == ["line=4: 47 fields, the header has 49"]


def test_parse_rejects_a_file_without_the_ged_columns(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("id,year,latitude,longitude\n1,2000,42.0,21.0\n", encoding="utf-8")
    with pytest.raises(FormatError, match="not a UCDP GED event file"):
        ucdp_ged.parse(path)


def test_parse_says_when_the_vintage_is_unknown(fixtures: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, _rows(fixtures), name="events.csv")
    assert ucdp_ged.parse(path).vintage == "unknown"
    assert ucdp_ged.parse(path, vintage="24.1").vintage == "24.1"


def test_card_cites_the_ged_codebook() -> None:
    assert "ged251.pdf" in ucdp_ged.CARD.title
    assert "Codebook" in ucdp_ged.CARD.citation
    assert ucdp_ged.DOWNLOAD_URLS == ("https://ucdp.uu.se/downloads/ged/ged251-csv.zip",)

"""ACLED exports: the real 10-event API sample and the same 10 events as an export CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from powderkeg.errors import FormatError, UnmappedEntityError, ValidationError
from powderkeg.sources import acled_export
from powderkeg.sources.frame import ParsedFile

REAL_JSON = "acled/acled_api_sample_views-datafactory.json"
CSV_FIXTURE = "acled_export/acled_export_10_events.csv"


@pytest.fixture(scope="module")
def real(shared_data: Path) -> ParsedFile:
    return acled_export.parse(shared_data / REAL_JSON)


def _response(shared_data: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((shared_data / REAL_JSON).read_text(encoding="utf-8"))
    return loaded


def _write_json(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "acled.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _event(parsed: ParsedFile, event_id: str) -> pd.Series:
    return parsed.frame.set_index("event_id_cnty").loc[event_id]


@pytest.mark.shared_data
def test_parse_reads_the_ten_events_of_the_api_sample(real: ParsedFile) -> None:
    frame = real.frame
    assert tuple(frame.columns) == acled_export.COLUMNS
    assert len(frame) == 10
    assert frame["fatalities"].sum() == 4
    assert set(frame["entity_id"]) == {"GAB", "LBR", "KEN", "AGO", "IND", "SLE", "EGY"}


@pytest.mark.shared_data
def test_parse_types_an_api_event(real: ParsedFile) -> None:
    event = _event(real, "KEN6833")
    assert event["event_date"] == pd.Timestamp("2019-02-02")
    assert event["year"] == 2019
    assert (event["event_type"], event["sub_event_type"]) == (
        "Violence against civilians",
        "Attack",
    )
    assert event["actor2"] == "Civilians (Kenya)"
    assert (event["latitude"], event["longitude"]) == (-1.2692, 36.6713)
    assert (event["iso"], event["geo_precision"], event["fatalities"]) == (404, 2, 2)
    assert event["locator"] == "record=4"


@pytest.mark.shared_data
def test_parse_leaves_an_absent_second_actor_empty(real: ParsedFile) -> None:
    assert pd.isna(_event(real, "GAB214")["actor2"])


@pytest.mark.shared_data
def test_parse_takes_the_vintage_from_the_newest_timestamp_unless_given(
    real: ParsedFile, shared_data: Path
) -> None:
    assert real.vintage == "2021-04-15"
    assert any("pass vintage=" in note for note in real.notes)
    given = acled_export.parse(shared_data / REAL_JSON, vintage="2026-11-27")
    assert (given.vintage, given.notes) == ("2026-11-27", [])


@pytest.mark.shared_data
def test_the_export_csv_and_the_api_json_give_the_same_events(
    real: ParsedFile, fixtures: Path
) -> None:
    from_csv = acled_export.parse(fixtures / CSV_FIXTURE)
    pd.testing.assert_frame_equal(
        from_csv.frame.drop(columns="locator"), real.frame.drop(columns="locator")
    )
    assert from_csv.frame["locator"].iloc[0] == "line=2"


def test_parse_reads_the_web_exports_spelled_out_dates(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / CSV_FIXTURE).read_text(encoding="utf-8")
    path = tmp_path / "export.csv"
    path.write_text(text.replace("GAB214,2019-03-06,", "GAB214,06 March 2019,"), encoding="utf-8")
    event = _event(acled_export.parse(path), "GAB214")
    assert event["event_date"] == pd.Timestamp("2019-03-06")


@pytest.mark.shared_data
def test_parse_places_kosovo_by_name_where_acled_has_no_iso_number(
    shared_data: Path, tmp_path: Path
) -> None:
    document = _response(shared_data)
    document["data"][0].update(country="Kosovo", iso=0)
    event = _event(acled_export.parse(_write_json(tmp_path, document)), "GAB214")
    assert event["entity_id"] == "XKX"


@pytest.mark.shared_data
def test_parse_refuses_an_iso_number_that_contradicts_the_country(
    shared_data: Path, tmp_path: Path
) -> None:
    document = _response(shared_data)
    document["data"][0]["iso"] = 688  # Serbia, while the country says Gabon
    with pytest.raises(UnmappedEntityError) as caught:
        acled_export.parse(_write_json(tmp_path, document))
    assert caught.value.offenders == ["iso 688 is SRB but country 'Gabon' is GAB"]


@pytest.mark.shared_data
def test_parse_lists_every_bad_value_at_once(shared_data: Path, tmp_path: Path) -> None:
    document = _response(shared_data)
    document["data"][0]["year"] = 2018
    document["data"][1]["latitude"] = "north"
    document["data"][2]["fatalities"] = -1
    with pytest.raises(ValidationError) as caught:
        acled_export.parse(_write_json(tmp_path, document))
    offenders = "\n".join(caught.value.offenders)
    assert "record=1;column=year: '2018' (not the year of event_date)" in offenders
    assert "record=2;column=latitude: 'north'" in offenders
    assert "record=3;column=fatalities: '-1'" in offenders


def test_parse_reports_an_api_failure(tmp_path: Path) -> None:
    document = {"status": 403, "success": False, "messages": ["Access denied"], "data": []}
    with pytest.raises(FormatError, match="status 403") as caught:
        acled_export.parse(_write_json(tmp_path, document))
    assert caught.value.offenders == ["Access denied"]


@pytest.mark.shared_data
def test_parse_names_records_that_lack_fields(shared_data: Path, tmp_path: Path) -> None:
    document = _response(shared_data)
    del document["data"][4]["event_date"]
    with pytest.raises(FormatError) as caught:
        acled_export.parse(_write_json(tmp_path, document))
    assert caught.value.offenders == ["record=5: lacks event_date"]


def test_parse_rejects_broken_json(tmp_path: Path) -> None:
    path = tmp_path / "acled.json"
    path.write_text('{"status": 200, "data": [', encoding="utf-8")
    with pytest.raises(FormatError, match="not valid JSON"):
        acled_export.parse(path)


def test_parse_rejects_an_html_page(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text("<html><head><title>Log in</title></head></html>", encoding="utf-8")
    with pytest.raises(FormatError, match="HTML"):
        acled_export.parse(path)


def test_powderkeg_never_downloads_or_redistributes_acled_data() -> None:
    assert acled_export.DOWNLOAD_URLS == ()
    assert "never redistributes" in acled_export.CARD.licence

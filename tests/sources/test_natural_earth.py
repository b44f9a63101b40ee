"""Natural Earth Admin 0 countries: the real 1:110m GeoJSON and the extract made from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from powderkeg.errors import FormatError, UnmappedEntityError, ValidationError
from powderkeg.sources import natural_earth

pytestmark = pytest.mark.shared_data

REAL = "natural_earth/ne_110m_admin_0_countries.geojson"


def test_parse_reads_every_unit_with_its_entity_id(shared_data: Path) -> None:
    parsed = natural_earth.parse(shared_data / REAL)
    frame = parsed.frame
    assert tuple(frame.columns) == natural_earth.COLUMNS
    assert len(frame) == 177
    assert frame["entity_id"].is_unique
    assert parsed.vintage == "unknown"


def test_parse_joins_kosovo_on_adm0_a3_not_iso_a3(shared_data: Path) -> None:
    frame = natural_earth.parse(shared_data / REAL).frame.set_index("entity_id")
    kosovo = frame.loc["XKX"]
    assert (kosovo["adm0_a3"], kosovo["admin"]) == ("KOS", "Kosovo")
    assert kosovo["geometry"].geom_type == "Polygon"
    assert kosovo["geometry"].contains(kosovo["geometry"].representative_point())


def test_parse_locates_features_by_position(shared_data: Path) -> None:
    frame = natural_earth.parse(shared_data / REAL).frame
    features = json.loads((shared_data / REAL).read_text(encoding="utf-8"))["features"]
    row = frame[frame["entity_id"] == "SRB"].iloc[0]
    number = int(row["locator"].removeprefix("feature="))
    assert features[number - 1]["properties"]["ADM0_A3"] == "SRB"


def test_extract_keeps_geometry_and_cuts_properties(shared_data: Path) -> None:
    extract = json.loads(natural_earth.extract_text(shared_data / REAL, ["XKX", "SRB"]))
    source = json.loads((shared_data / REAL).read_text(encoding="utf-8"))["features"]
    kosovo_source = next(f for f in source if f["properties"]["ADM0_A3"] == "KOS")
    assert [f["properties"] for f in extract["features"]] == [
        {"id": "SRB", "name": "Serbia", "ADM0_A3": "SRB"},
        {"id": "XKX", "name": "Kosovo", "ADM0_A3": "KOS"},
    ]
    assert extract["features"][1]["geometry"] == kosovo_source["geometry"]


def test_extract_refuses_ids_the_file_lacks(shared_data: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        natural_earth.extract_text(shared_data / REAL, ["XKX", "AND"])  # Andorra: not at 1:110m
    assert caught.value.offenders == ["AND"]


def test_parse_names_units_unknown_to_the_crosswalk(shared_data: Path, tmp_path: Path) -> None:
    document = json.loads((shared_data / REAL).read_text(encoding="utf-8"))
    document["features"][3]["properties"]["ADM0_A3"] = "ZZZ"
    path = tmp_path / "ne.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UnmappedEntityError) as caught:
        natural_earth.parse(path)
    assert caught.value.offenders == ["feature=4: ADM0_A3 'ZZZ' (Canada)"]


def test_parse_rejects_an_html_page(tmp_path: Path) -> None:
    path = tmp_path / "ne.geojson"
    path.write_text("<!doctype html><title>Rate limited</title>", encoding="utf-8")
    with pytest.raises(FormatError, match="HTML"):
        natural_earth.parse(path)


def test_parse_rejects_json_that_is_not_a_feature_collection(tmp_path: Path) -> None:
    path = tmp_path / "ne.geojson"
    path.write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(FormatError, match="FeatureCollection"):
        natural_earth.parse(path)

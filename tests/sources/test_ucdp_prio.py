"""UCDP/PRIO Armed Conflict Dataset: the real semicolon re-save, and tiny copies in both layouts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import FormatError, UnmappedEntityError, ValidationError
from powderkeg.sources import ucdp_prio
from powderkeg.sources.frame import ParsedFile

REAL = "ucdp/UcdpPrioConflict_v25_1_semicolon.csv"
SEMICOLON = "ucdp_prio/UcdpPrioConflict_v25_1_semicolon_tiny.csv"
ORIGINAL = "ucdp_prio/UcdpPrioConflict_v25_1_original_layout.csv"


@pytest.fixture(scope="module")
def real(shared_data: Path) -> ParsedFile:
    return ucdp_prio.parse(shared_data / REAL)


def _conflict_year(parsed: ParsedFile, conflict: int, year: int) -> pd.Series:
    frame = parsed.frame
    hits = frame[(frame["conflict_id"] == conflict) & (frame["year"] == year)]
    assert len(hits) == 1, f"conflict {conflict} {year}: {len(hits)} rows"
    return hits.iloc[0]


def _edited(fixtures: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = (fixtures / ORIGINAL).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "ucdp.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.shared_data
def test_parse_reads_every_conflict_year_of_the_real_file(real: ParsedFile) -> None:
    assert len(real.frame) == 2750
    assert tuple(real.frame.columns) == ucdp_prio.COLUMNS
    assert real.vintage == "25.1"
    assert real.frame["year"].between(1946, 2024).all()


@pytest.mark.shared_data
def test_parse_knows_the_kosovo_war_as_conflict_412(real: ParsedFile) -> None:
    war_1998 = _conflict_year(real, 412, 1998)
    war_1999 = _conflict_year(real, 412, 1999)
    assert (war_1998["intensity_level"], war_1998["type_of_conflict"]) == (2, 3)
    assert (war_1999["intensity_level"], war_1999["type_of_conflict"]) == (2, 4)
    assert war_1998["territory_name"] == "Kosovo"
    assert war_1998["side_b"] == "UCK"
    assert war_1998["gwno_loc"] == ["YUG"]
    assert war_1998["start_date"] == pd.Timestamp("1996-04-22")
    assert war_1999["ep_end"]
    assert war_1999["ep_end_date"] == pd.Timestamp("1999-11-21")
    # NATO states are coded as secondary supporters of side B in 1999.
    assert {"USA", "GBR", "TUR", "GRC"} <= set(war_1999["gwno_b_2nd"])
    assert war_1998["gwno_b_2nd"] == []


@pytest.mark.shared_data
def test_parse_locates_each_record_on_its_physical_line(
    real: ParsedFile, shared_data: Path
) -> None:
    lines = (shared_data / REAL).read_text(encoding="utf-8").splitlines()
    row = _conflict_year(real, 412, 1999)
    number = int(row["locator"].removeprefix("line="))
    assert lines[number - 1].startswith("412;Serbia (Yugoslavia);")
    assert ";1999;" in lines[number - 1]


@pytest.mark.shared_data
def test_parse_skips_the_record_a_line_break_split_in_two(real: ParsedFile) -> None:
    assert 11349 not in set(real.frame["conflict_id"])
    assert any("conflict 11349 (line=42" in note for note in real.notes)


@pytest.mark.shared_data
def test_parse_reports_the_semicolon_layout_it_detected(real: ParsedFile) -> None:
    assert "read as semicolon-separated, dates d-m-y" in real.notes


def test_both_layouts_give_the_same_values(fixtures: Path) -> None:
    semicolon = ucdp_prio.parse(fixtures / SEMICOLON)
    original = ucdp_prio.parse(fixtures / ORIGINAL)
    assert len(original.frame) == 10
    pd.testing.assert_frame_equal(
        semicolon.frame.drop(columns="locator"), original.frame.drop(columns="locator")
    )
    assert "read as comma-separated, dates iso" in original.notes
    assert not any("skipped" in note for note in original.notes)


def test_parse_turns_gw_lists_into_entity_ids(fixtures: Path) -> None:
    parsed = ucdp_prio.parse(fixtures / ORIGINAL)
    croatia = _conflict_year(parsed, 390, 1992)
    assert croatia["gwno_a"] == ["HRV"]
    assert croatia["gwno_b_2nd"] == ["YUG"]
    assert _conflict_year(parsed, 417, 2001)["gwno_loc"] == ["MKD"]
    assert croatia["region"] == ["Europe"]


def test_parse_reads_several_region_codes_as_names(fixtures: Path, tmp_path: Path) -> None:
    path = _edited(fixtures, tmp_path, ",345,1,25.1\n", ',345,"1, 3",25.1\n')
    assert _conflict_year(ucdp_prio.parse(path), 384, 1991)["region"] == ["Europe", "Asia"]


def test_parse_reads_the_csv_inside_ucdps_zip(fixtures: Path, tmp_path: Path) -> None:
    archive = tmp_path / "ucdp-prio-acd-251-csv.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(fixtures / ORIGINAL, "UcdpPrioConflict_v25_1.csv")
    assert len(ucdp_prio.parse(archive).frame) == 10


def test_parse_lists_every_bad_cell_at_once(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / ORIGINAL).read_text(encoding="utf-8")
    text = text.replace(",Slovenia,1991,1,0,3,1991-06-27,", ",Slovenia,19x1,7,0,3,1991-13-27,")
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        ucdp_prio.parse(path)
    offenders = "\n".join(caught.value.offenders)
    assert "line=2;column=year: '19x1'" in offenders
    assert "line=2;column=intensity_level: '7'" in offenders
    assert "line=2;column=start_date: '1991-13-27'" in offenders


def test_parse_names_unknown_gw_numbers_in_gw_columns(fixtures: Path, tmp_path: Path) -> None:
    path = _edited(fixtures, tmp_path, ",,,,345,1,25.1\n", ",,,,999,1,25.1\n")
    with pytest.raises(UnmappedEntityError) as caught:
        ucdp_prio.parse(path)
    assert caught.value.offenders == ["line=2;column=gwno_loc: '999'"]


def test_parse_rejects_a_header_without_the_ucdp_columns(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("conflict_id,location,year\n1,Somewhere,2000\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        ucdp_prio.parse(path)
    assert "side_a" in caught.value.describe()


def test_parse_rejects_an_html_page(tmp_path: Path) -> None:
    path = tmp_path / "ucdp.csv"
    path.write_text("<!DOCTYPE html><html><body>Not found</body></html>", encoding="utf-8")
    with pytest.raises(FormatError, match="HTML"):
        ucdp_prio.parse(path)


def test_parse_rejects_a_conflict_year_given_twice(fixtures: Path, tmp_path: Path) -> None:
    lines = (fixtures / ORIGINAL).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="appear twice") as caught:
        ucdp_prio.parse(path)
    assert caught.value.offenders == ["conflict 384, year 1991"]


def test_parse_rejects_a_file_mixing_versions(fixtures: Path, tmp_path: Path) -> None:
    path = _edited(fixtures, tmp_path, ",345,1,25.1\n", ",345,1,24.1\n")
    with pytest.raises(ValidationError, match="one UCDP version"):
        ucdp_prio.parse(path)

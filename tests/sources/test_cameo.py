"""CAMEO event codes from GDELT's lookups: known answers, repairs, cross-checks, bad files."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from powderkeg.errors import FormatError, ValidationError
from powderkeg.sources.cameo import (
    QUAD_CLASSES,
    Codebook,
    load_codebook,
    read_event_codes,
    read_goldstein,
)


@pytest.fixture(scope="module")
def gdelt(shared_data: Path) -> Path:
    return shared_data / "gdelt"


@pytest.fixture(scope="module")
def codebook(gdelt: Path) -> Codebook:
    return load_codebook(gdelt / "CAMEO.eventcodes.txt", gdelt / "CAMEO.goldsteinscale.txt")


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


# --- known answers --------------------------------------------------------------------------------


def test_known_codes_read_from_the_lookups(codebook: Codebook) -> None:
    assert codebook.describe("010") == "Make statement, not specified below"
    assert codebook.goldstein("190") == -10.0
    assert codebook.describe("190") == "Use conventional military force, not specified below"
    assert codebook.goldstein("042") == 1.9
    assert codebook.quad_class("190") == 4


def test_codes_keep_their_leading_zeros(codebook: Codebook) -> None:
    statement = codebook["010"]
    assert (statement.root, statement.base, statement.level) == ("01", "010", 2)
    assert codebook.describe("10") == "DEMAND"  # "10" is another code than "010"


def test_lookups_hold_311_codes_in_three_levels(codebook: Codebook) -> None:
    assert len(codebook.codes) == 311
    levels = {code.level for code in codebook.codes.values()}
    assert levels == {1, 2, 3}
    assert sorted(code for code, entry in codebook.codes.items() if entry.level == 1) == [
        f"{root:02d}" for root in range(1, 21)
    ]


def test_root_of_fight_is_material_conflict(codebook: Codebook) -> None:
    assert codebook.root_quad_class["19"] == 4
    assert QUAD_CLASSES[4] == "Material Conflict"


def test_quad_classes_follow_the_quad_lines_of_the_lookup(codebook: Codebook) -> None:
    by_class: dict[int, list[str]] = {}
    for root, quad in sorted(codebook.root_quad_class.items()):
        by_class.setdefault(quad, []).append(root)
    # Each class is one unbroken run of roots, in class order.
    assert [roots[0] for _, roots in sorted(by_class.items())] == ["01", "06", "10", "15"]
    assert [roots[-1] for _, roots in sorted(by_class.items())] == ["05", "09", "14", "20"]


def test_quad_classes_agree_with_gdelt_event_records(codebook: Codebook, gdelt: Path) -> None:
    extract = gdelt / "gdelt1_reduced_20171126_balkans_extract.csv"
    with extract.open(encoding="utf-8", newline="") as handle:
        pairs = {
            (row["EventRootCode"].zfill(2), int(row["QuadClass"])) for row in csv.DictReader(handle)
        }
    assert len(pairs) == 20  # every root occurs in the extract
    assert dict(pairs) == codebook.root_quad_class


def test_every_code_lies_under_its_root_and_base(codebook: Codebook) -> None:
    for code, entry in codebook.codes.items():
        assert entry.root in codebook.codes, code
        assert entry.base in codebook.codes, code
        assert entry.quad_class == codebook.root_quad_class[entry.root]
        assert -10.0 <= entry.goldstein <= 10.0


def test_unknown_code_is_a_validation_error(codebook: Codebook) -> None:
    with pytest.raises(ValidationError, match="unknown CAMEO event code '999'"):
        codebook.describe("999")


# --- repairs of GDELT's glitches ------------------------------------------------------------------


def test_code_106_glued_to_1056_is_split_off(codebook: Codebook) -> None:
    assert codebook.describe("1056") == "Demand de-escalation of military engagement"
    assert codebook.describe("106") == "Demand withdrawal"
    assert codebook.goldstein("106") == -5.0  # the Goldstein file agrees with the glued "[-5.0]"
    assert any("106" in note and "1056" in note for note in codebook.notes)


def test_mojibake_of_044_is_repaired(codebook: Codebook) -> None:
    assert codebook.describe("044") == "Meet at a “third” location"
    assert any("044" in note for note in codebook.notes)


# --- cross-check with an independent copy of the CAMEO codebook -----------------------------------


@pytest.fixture(scope="module")
def tenthe(gdelt: Path) -> dict[str, str]:
    with (gdelt / "cameo_eventcodes_tenthe.csv").open(encoding="utf-8", newline="") as handle:
        return {row[0]: ",".join(row[1:]) for row in csv.reader(handle)}


def test_independent_codebook_knows_every_gdelt_code(
    codebook: Codebook, tenthe: dict[str, str]
) -> None:
    assert set(codebook.codes) <= set(tenthe)
    # Codes added to CAMEO after GDELT's lookup was made:
    assert sorted(set(tenthe) - set(codebook.codes)) == ["155", "176", "1834", "1951", "1952"]


def test_independent_codebook_agrees_on_roots_and_most_descriptions(
    codebook: Codebook, tenthe: dict[str, str]
) -> None:
    same = {
        code
        for code, entry in codebook.codes.items()
        if _words(entry.description) == _words(tenthe[code])
    }
    roots = {code for code, entry in codebook.codes.items() if entry.level == 1}
    assert roots <= same
    assert {"010", "044", "1056", "190"} <= same
    assert len(same) / len(codebook.codes) > 0.9


# --- bad lookups ----------------------------------------------------------------------------------


def test_event_codes_file_without_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "CAMEO.eventcodes.txt"
    path.write_text("01\tMAKE PUBLIC STATEMENT\n", encoding="utf-8")
    with pytest.raises(FormatError, match="expected the header") as raised:
        read_event_codes(path)
    assert raised.value.where == "line 1"


def test_root_before_any_quad_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "CAMEO.eventcodes.txt"
    path.write_text(
        "CAMEOEVENTCODE\tEVENTDESCRIPTION\n01\tMAKE PUBLIC STATEMENT\n", encoding="utf-8"
    )
    with pytest.raises(FormatError, match="before any quad-class line") as raised:
        read_event_codes(path)
    assert raised.value.where == "line 2"


def test_goldstein_score_that_is_not_a_number_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "CAMEO.goldsteinscale.txt"
    path.write_text("CAMEOEVENTCODE\tGOLDSTEINSCALE\n01\t0.0\n010\tn/a\n", encoding="utf-8")
    with pytest.raises(FormatError, match="not a number") as raised:
        read_goldstein(path)
    assert (raised.value.where, raised.value.offenders) == ("line 3", ["n/a"])


def test_goldstein_score_outside_the_scale_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "CAMEO.goldsteinscale.txt"
    path.write_text("CAMEOEVENTCODE\tGOLDSTEINSCALE\n01\t12.5\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="outside"):
        read_goldstein(path)


def test_lookups_listing_different_codes_are_refused(gdelt: Path, tmp_path: Path) -> None:
    scores = (gdelt / "CAMEO.goldsteinscale.txt").read_text(encoding="utf-8")
    path = tmp_path / "CAMEO.goldsteinscale.txt"
    path.write_text(scores.replace("\n0211\t3.4\n", "\n"), encoding="utf-8")
    with pytest.raises(ValidationError, match="list different codes") as raised:
        load_codebook(gdelt / "CAMEO.eventcodes.txt", path)
    assert raised.value.offenders == ["no Goldstein score: 0211"]

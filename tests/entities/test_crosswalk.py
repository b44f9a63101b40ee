"""Behaviour of the entity crosswalk and integrity of its bundled CSV files."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import resources

import pytest

import powderkeg.entities as entities_package
from powderkeg.entities import (
    CODE_SCHEMES,
    KINDS,
    REGIONS,
    Crosswalk,
    Entity,
    region_members,
    strip_footnote_marks,
)
from powderkeg.entities import crosswalk as crosswalk_module
from powderkeg.errors import PowderkegError, QueryError, UnmappedEntityError

COARSE_REGIONS = {"Africa", "Americas", "Antarctica", "Asia", "Europe", "Middle East", "Oceania"}
DEFINED_ID_PREFIXES = ("AGG_", "NSA_", "IGO_", "FMR_", "TER_")


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("powderkeg.entities").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    return Crosswalk.bundled()


@pytest.fixture(scope="module")
def entity_rows() -> list[dict[str, str]]:
    return _rows("entities.csv")


@pytest.fixture(scope="module")
def alias_rows() -> list[dict[str, str]]:
    return _rows("aliases.csv")


def _entity(iso3: str, name: str, gw: int | None = None) -> Entity:
    return Entity(
        iso3=iso3,
        iso2=None,
        iso_numeric=None,
        fips=None,
        cameo=None,
        gw=gw,
        wb=None,
        name=name,
        kind="country",
        region="Europe",
    )


# --- Kosovo, Serbia and the names the brief singles out -------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "Kosovo",
        "Kosova",
        "Kosovo*",
        "Kosovo (UNSCR 1244)",
        "Republic of Kosovo",
        "OWID_KOS",
        "KOS",
        "KSV",
        "XKX",
        "XK",
        "kosovo",
    ],
)
def test_kosovo_resolves_from_every_alias(crosswalk: Crosswalk, spelling: str) -> None:
    found = crosswalk.find(spelling)
    assert found is not None
    assert found.iso3 == "XKX"


@pytest.mark.parametrize(
    ("scheme", "code"),
    [("iso3", "XKX"), ("iso2", "XK"), ("fips", "KV"), ("cameo", "KOS"), ("gw", 347), ("wb", "XKX")],
)
def test_kosovo_resolves_from_every_code_scheme(
    crosswalk: Crosswalk, scheme: str, code: str | int
) -> None:
    found = crosswalk.by_code(scheme, code)
    assert found is not None
    assert found.iso3 == "XKX"


def test_kosovo_has_no_iso_numeric_code_because_iso_assigned_none(crosswalk: Crosswalk) -> None:
    kosovo = crosswalk.entity("XKX")
    assert (kosovo.iso2, kosovo.iso_numeric, kosovo.fips, kosovo.cameo) == ("XK", None, "KV", "KOS")
    assert (kosovo.gw, kosovo.wb, kosovo.kind, kosovo.region) == (347, "XKX", "country", "Europe")


def test_serbia_carries_its_code_in_every_scheme(crosswalk: Crosswalk) -> None:
    serbia = crosswalk.entity("SRB")
    assert (serbia.iso2, serbia.iso_numeric, serbia.fips, serbia.cameo) == ("RS", 688, "RI", "SRB")
    assert (serbia.gw, serbia.wb) == (340, "SRB")


def test_yugoslavia_is_a_former_state_holding_gw_345(crosswalk: Crosswalk) -> None:
    yugoslavia = crosswalk.entity("YUG")
    assert yugoslavia.kind == "former_state"
    assert crosswalk.by_code("gw", 345) == yugoslavia


@pytest.mark.parametrize(
    ("number", "iso3"),
    [
        (260, "DEU"),
        (265, "DDR"),
        (315, "CSK"),
        (316, "CZE"),
        (340, "SRB"),
        (365, "RUS"),
        (678, "YEM"),
        (680, "YMD"),
        (751, "FMR_HYDERABAD"),
        (816, "VNM"),
        (817, "FMR_SOUTH_VIETNAM"),
        (972, "TON"),
    ],
)
def test_gw_numbers_of_historical_and_micro_states_resolve(
    crosswalk: Crosswalk, number: int, iso3: str
) -> None:
    found = crosswalk.by_code("gw", number)
    assert found is not None
    assert found.iso3 == iso3


@pytest.mark.parametrize(
    ("spelling", "iso3"),
    [
        ("Turkey", "TUR"),
        ("Turkiye", "TUR"),
        ("Türkiye", "TUR"),
        ("Republic of Türkiye", "TUR"),
        ("Macedonia", "MKD"),
        ("FYROM", "MKD"),
        ("Former Yugoslav Republic of Macedonia", "MKD"),
        ("North Macedonia", "MKD"),
        ("Macedonia, FYR", "MKD"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Republic of Serbia", "SRB"),
        ("Bosnia-Herzegovina", "BIH"),
        ("Bosnia and Herzegovina", "BIH"),
        ("United States of America", "USA"),
        ("United States", "USA"),
        ("USA", "USA"),
        ("US", "USA"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Eswatini", "SWZ"),
        ("Swaziland", "SWZ"),
        ("Cabo Verde", "CPV"),
        ("Cape Verde", "CPV"),
    ],
)
def test_common_names_and_aliases_resolve(crosswalk: Crosswalk, spelling: str, iso3: str) -> None:
    found = crosswalk.find(spelling)
    assert found is not None
    assert found.iso3 == iso3


# --- matching rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["  Serbia ", "SERBIA", "serbia", "Republic\u00a0of  Serbia", "Republic of serbia\t"],
)
def test_matching_ignores_case_and_surrounding_or_repeated_whitespace(
    crosswalk: Crosswalk, spelling: str
) -> None:
    found = crosswalk.find(spelling)
    assert found is not None
    assert found.iso3 == "SRB"


@pytest.mark.parametrize("spelling", ["Cote d’Ivoire", "Côte d'Ivoire", "COTE D`IVOIRE"])
def test_matching_ignores_diacritics_and_typographic_apostrophes(
    crosswalk: Crosswalk, spelling: str
) -> None:
    found = crosswalk.find(spelling)
    assert found is not None
    assert found.iso3 == "CIV"


@pytest.mark.parametrize("spelling", ["Kosov", "Serbia and", "Republic of", "Macedonia FYR", ""])
def test_matching_never_guesses_near_misses(crosswalk: Crosswalk, spelling: str) -> None:
    assert crosswalk.find(spelling) is None


def test_two_letter_strings_fall_back_to_iso2(crosswalk: Crosswalk) -> None:
    found = crosswalk.find("rs")
    assert found is not None
    assert found.iso3 == "SRB"


def test_iso2_is_not_tried_for_longer_strings(crosswalk: Crosswalk) -> None:
    assert crosswalk.find("RSB") is None


def test_defined_ids_are_found_like_iso_codes(crosswalk: Crosswalk) -> None:
    found = crosswalk.find("nsa_nla_macedonia")
    assert found is not None
    assert found.kind == "non_state"


# --- footnote marks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Libya‡§¶", "Libya"),
        ("Kosovo *", "Kosovo"),
        ("Eritrea § ‖ ", "Eritrea"),
        ("Burkina Faso†", "Burkina Faso"),
        ("Congo, DR", "Congo, DR"),
        ("Guinea 23", "Guinea 23"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
    ],
)
def test_strip_footnote_marks_removes_only_sipri_marks_and_trailing_space(
    raw: str, clean: str
) -> None:
    assert strip_footnote_marks(raw) == clean


def test_names_with_footnote_marks_are_not_matched_until_stripped(crosswalk: Crosswalk) -> None:
    assert crosswalk.find("Libya‡§") is None
    found = crosswalk.find(strip_footnote_marks("Libya‡§"))
    assert found is not None
    assert found.iso3 == "LBY"


# --- resolve_names ----------------------------------------------------------------------------


def test_resolve_names_maps_each_distinct_spelling_to_an_id(crosswalk: Crosswalk) -> None:
    names = ["Serbia", "Kosova", "kosovo", "Serbia", "Türkiye"]
    resolved = crosswalk.resolve_names(names, path="f.csv", where="column Country")
    assert resolved == {"Serbia": "SRB", "Kosova": "XKX", "kosovo": "XKX", "Türkiye": "TUR"}


def test_unknown_names_are_all_listed_in_one_error_sorted_and_deduplicated(
    crosswalk: Crosswalk,
) -> None:
    names = ["Serbia", "Narnia", "Atlantis", "Narnia", "Kosovo", "Oz"]
    with pytest.raises(UnmappedEntityError) as caught:
        crosswalk.resolve_names(names, path="data/f.csv", where="column Recipient")
    error = caught.value
    assert error.offenders == ["Atlantis", "Narnia", "Oz"]
    assert (error.path, error.where) == ("data/f.csv", "column Recipient")
    assert "Atlantis" in str(error)
    assert "Narnia" in str(error)


# --- entity, by_code, entities ------------------------------------------------------------------


def test_entity_accepts_any_case_of_an_id(crosswalk: Crosswalk) -> None:
    assert crosswalk.entity(" xkx ").name == "Kosovo"


def test_entity_raises_query_error_not_key_error_for_unknown_id(crosswalk: Crosswalk) -> None:
    with pytest.raises(QueryError, match="XXK"):
        crosswalk.entity("XXK")


def test_by_code_rejects_an_unknown_scheme(crosswalk: Crosswalk) -> None:
    with pytest.raises(QueryError, match="iso_numeric"):
        crosswalk.by_code("cow", 345)


def test_by_code_reads_numeric_codes_given_as_text(crosswalk: Crosswalk) -> None:
    albania = crosswalk.by_code("iso_numeric", "008")
    assert albania is not None
    assert albania.iso3 == "ALB"
    assert crosswalk.by_code("gw", "3 4 5") is None


def test_by_code_returns_none_for_a_code_nobody_holds(crosswalk: Crosswalk) -> None:
    assert crosswalk.by_code("gw", 999) is None
    assert crosswalk.by_code("fips", "QQ") is None


def test_by_code_knows_secondary_codes_from_aliases(crosswalk: Crosswalk) -> None:
    germany = crosswalk.by_code("gw", 255)
    assert germany is not None
    assert germany.iso3 == "DEU"
    assert crosswalk.entity("DEU").gw == 260


def test_entities_can_be_filtered_by_kind(crosswalk: Crosswalk) -> None:
    for kind in KINDS:
        chosen = crosswalk.entities(kind)
        assert chosen
        assert {entity.kind for entity in chosen} == {kind}
    assert len(crosswalk.entities()) == sum(len(crosswalk.entities(kind)) for kind in KINDS)


def test_entities_rejects_an_unknown_kind(crosswalk: Crosswalk) -> None:
    with pytest.raises(QueryError, match="former_state"):
        crosswalk.entities("state")


# --- parse_query ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "iso3"),
    [("kosovo", "XKX"), ("XK", "XKX"), ("xkx", "XKX"), ("Serbia", "SRB"), ("bih", "BIH")],
)
def test_parse_query_turns_user_tokens_into_ids(
    crosswalk: Crosswalk, token: str, iso3: str
) -> None:
    assert crosswalk.parse_query(token) == iso3


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("Kosvo", "Kosovo (XKX)"), ("Serbai", "Serbia (SRB)"), ("Montenegr", "Montenegro (MNE)")],
)
def test_parse_query_suggests_close_names(crosswalk: Crosswalk, typo: str, suggestion: str) -> None:
    with pytest.raises(QueryError) as caught:
        crosswalk.parse_query(typo)
    assert suggestion in str(caught.value)


def test_parse_query_offers_no_suggestion_when_nothing_is_close(crosswalk: Crosswalk) -> None:
    with pytest.raises(QueryError) as caught:
        crosswalk.parse_query("qqqqqqqqqq")
    assert "did you mean" not in str(caught.value)


# --- regions ----------------------------------------------------------------------------------


def test_western_balkans_has_the_seven_states_including_kosovo() -> None:
    assert set(region_members("western-balkans")) == {
        "ALB",
        "BIH",
        "HRV",
        "XKX",
        "MNE",
        "MKD",
        "SRB",
    }


@pytest.mark.parametrize("spelling", ["Western Balkans", "western_balkans", " WESTERN-BALKANS "])
def test_region_names_ignore_case_and_separators(spelling: str) -> None:
    assert region_members(spelling) == REGIONS["western-balkans"]


def test_user_defined_regions_resolve_member_names_to_ids() -> None:
    extra = {"kosovo-serbia": ["Kosovo", "Serbia", "kosova"]}
    assert region_members("kosovo-serbia", extra) == ("XKX", "SRB")


def test_user_defined_regions_override_built_in_ones() -> None:
    assert region_members("western-balkans", {"Western Balkans": ["ALB"]}) == ("ALB",)


def test_unknown_region_raises_query_error_naming_known_regions() -> None:
    with pytest.raises(QueryError, match="western-balkans"):
        region_members("eastern-balkans")


def test_user_region_with_unknown_member_raises_query_error() -> None:
    with pytest.raises(QueryError, match="Narnia"):
        region_members("mine", {"mine": ["Serbia", "Narnia"]})


# --- loading and refusing inconsistent data -----------------------------------------------------


def test_bundled_crosswalk_is_loaded_once() -> None:
    assert Crosswalk.bundled() is Crosswalk.bundled()


def test_bundled_crosswalk_loads_in_under_50_ms() -> None:
    load = crosswalk_module._load_bundled.__wrapped__
    best = min(_seconds(load) for _ in range(3))
    assert best < 0.050


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def test_crosswalk_refuses_one_name_for_two_entities() -> None:
    with pytest.raises(PowderkegError, match="names both SRB and XXS"):
        Crosswalk([_entity("SRB", "Serbia"), _entity("XXS", "SERBIA")])


def test_crosswalk_refuses_a_code_shared_by_two_entities() -> None:
    with pytest.raises(PowderkegError, match="gw"):
        Crosswalk([_entity("SRB", "Serbia", gw=340), _entity("YUG", "Yugoslavia", gw=340)])


def test_crosswalk_refuses_an_alias_for_an_unknown_id() -> None:
    with pytest.raises(PowderkegError, match="XXX"):
        Crosswalk([_entity("SRB", "Serbia")], [("XXX", "name", "Serbija")])


def test_crosswalk_refuses_an_alias_of_an_unknown_scheme() -> None:
    with pytest.raises(PowderkegError, match="cow"):
        Crosswalk([_entity("SRB", "Serbia")], [("SRB", "cow", "345")])


def test_package_does_not_need_pycountry_at_run_time() -> None:
    script = (
        "import sys; sys.modules['pycountry'] = None\n"
        "from powderkeg.entities import Crosswalk\n"
        "print(Crosswalk.bundled().entity('XKX').name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "Kosovo"


def test_package_exports_a_sorted_all() -> None:
    # The order ruff (RUF022) enforces: CONSTANTS, then Classes, then functions.
    exported = entities_package.__all__
    assert exported == sorted(exported, key=lambda name: (not name.isupper(), name.islower(), name))
    assert all(hasattr(entities_package, name) for name in exported)


# --- integrity of the bundled CSV files ---------------------------------------------------------


def test_entity_ids_are_unique(entity_rows: list[dict[str, str]]) -> None:
    ids = [row["iso3"] for row in entity_rows]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("scheme", CODE_SCHEMES)
def test_every_code_column_has_no_duplicate_codes(
    entity_rows: list[dict[str, str]], scheme: str
) -> None:
    codes = [row[scheme] for row in entity_rows if row[scheme]]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    assert duplicates == []


def test_ids_are_iso_style_codes_or_use_a_documented_prefix(
    entity_rows: list[dict[str, str]],
) -> None:
    odd = [
        row["iso3"]
        for row in entity_rows
        if not (_is_upper_letters(row["iso3"], 3) or row["iso3"].startswith(DEFINED_ID_PREFIXES))
    ]
    assert odd == []


def test_iso2_fips_and_cameo_codes_are_uppercase_letters(
    entity_rows: list[dict[str, str]],
) -> None:
    widths = {"iso2": 2, "fips": 2, "cameo": 3, "wb": 3}
    bad = [
        (row["iso3"], scheme, row[scheme])
        for row in entity_rows
        for scheme, width in widths.items()
        if row[scheme] and not _is_upper_letters(row[scheme], width)
    ]
    assert bad == []


def test_numeric_codes_are_positive_integers_below_1000(
    entity_rows: list[dict[str, str]],
) -> None:
    bad = [
        (row["iso3"], scheme, row[scheme])
        for row in entity_rows
        for scheme in ("iso_numeric", "gw")
        if row[scheme] and not (row[scheme].isdigit() and 0 < int(row[scheme]) < 1000)
    ]
    assert bad == []


def test_kinds_and_regions_use_the_documented_vocabulary(
    entity_rows: list[dict[str, str]],
) -> None:
    assert {row["kind"] for row in entity_rows} == set(KINDS)
    assert {row["region"] for row in entity_rows} <= COARSE_REGIONS | {""}
    assert [
        row["iso3"] for row in entity_rows if row["kind"] == "country" and not row["region"]
    ] == []


def test_aggregates_hold_no_state_codes(entity_rows: list[dict[str, str]]) -> None:
    state_schemes = ("iso2", "iso_numeric", "fips", "cameo", "gw")
    holding = [
        row["iso3"]
        for row in entity_rows
        if row["kind"] == "aggregate" and any(row[scheme] for scheme in state_schemes)
    ]
    assert holding == []


def test_every_alias_resolves_to_its_own_entity(
    crosswalk: Crosswalk, alias_rows: list[dict[str, str]]
) -> None:
    wrong = []
    for row in alias_rows:
        if row["scheme"] == "name":
            found = crosswalk.find(row["alias"])
        else:
            found = crosswalk.by_code(row["scheme"], row["alias"])
        if found is None or found.iso3 != row["iso3"]:
            wrong.append(row["alias"])
    assert wrong == []


def test_every_alias_row_says_where_the_spelling_comes_from(
    alias_rows: list[dict[str, str]],
) -> None:
    assert [row["alias"] for row in alias_rows if not row["source"]] == []


def _is_upper_letters(text: str, width: int) -> bool:
    return len(text) == width and text.isascii() and text.isalpha() and text.isupper()

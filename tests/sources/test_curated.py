"""The curated register: its validator on tiny fixtures, and the records powderkeg ships."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.entities import Crosswalk
from powderkeg.errors import FormatError, ValidationError
from powderkeg.sources.curated import (
    BUNDLED_REGISTER,
    COLUMNS,
    KINDS,
    load_records,
    load_register_folder,
    money,
    partial_date,
)


@pytest.fixture
def curated(fixtures: Path) -> Path:
    return fixtures / "curated"


def known_to_crosswalk(code: str) -> bool:
    found = Crosswalk.bundled().find(code)
    return found is not None and found.iso3 == code


def only(*codes: str) -> object:
    return lambda code: code in codes


def write(tmp_path: Path, text: str, name: str = "register.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return error.value.offenders


SOURCE = '    sources:\n      - {url: "https://example.org/s", publisher: S, date: "2024-01-12"}\n'
ACQUISITION = (
    "kind: acquisitions\nrecords:\n  - id: a-record\n    recipient: XKX\n    supplier: USA\n"
    "    system: Javelin\n    category: missiles\n    confidence: high\n"
)


# --- reading good files ---------------------------------------------------------------------


def test_load_records_gives_one_row_per_record_with_the_documented_columns(curated: Path) -> None:
    parsed = load_records(curated / "good" / "acquisitions.yaml")

    assert tuple(parsed.frame.columns) == COLUMNS
    assert list(parsed.frame["record_id"]) == ["xkx-javelin-2024", "srb-fk3-2022"]
    assert parsed.files == ("acquisitions.yaml",)


def test_each_row_keeps_its_yaml_line_and_a_locator(curated: Path) -> None:
    frame = load_records(curated / "good" / "acquisitions.yaml").frame

    assert list(frame["line"]) == [4, 22]
    assert frame["locator"].iloc[1] == "acquisitions.yaml:line=22;id=srb-fk3-2022"


def test_provenance_marks_user_files(curated: Path) -> None:
    frame = load_records(curated / "good" / "incidents.yaml", provenance="user").frame

    assert set(frame["provenance"]) == {"user"}


def test_yaml_native_dates_become_iso_text(curated: Path) -> None:
    frame = load_records(curated / "good" / "acquisitions.yaml").frame
    fk3 = frame.set_index("record_id").loc["srb-fk3-2022"]

    assert fk3["fields"]["dates"] == {"ordered": "2019", "delivered": "2022-04-09"}
    assert fk3["sources"][0]["date"] == "2022-04-10"


def test_timeline_runs_from_the_first_to_the_last_dated_step(curated: Path) -> None:
    frame = load_records(curated / "good" / "acquisitions.yaml").frame.set_index("record_id")

    assert (frame.loc["srb-fk3-2022", "date"], frame.loc["srb-fk3-2022", "end_date"]) == (
        "2019",
        "2022-04-09",
    )
    assert pd.isna(frame.loc["xkx-javelin-2024", "end_date"])


def test_title_summarises_an_acquisition(curated: Path) -> None:
    frame = load_records(curated / "good" / "acquisitions.yaml").frame

    assert frame["title"].iloc[0] == "246 FGM-148F Javelin from USA (notified 2024-01-11, USD 75 M)"


def test_entities_hold_ids_but_not_organisation_names(curated: Path) -> None:
    frame = load_register_folder(curated / "good").frame

    assert frame.set_index("record_id").loc["alb-hrv-xkx-declaration-2025", "entities"] == [
        "ALB",
        "HRV",
        "XKX",
    ]
    assert frame.set_index("record_id").loc["xkx-banjska-2023", "entities"] == ["XKX"]


def test_a_declaration_may_have_a_single_party(curated: Path) -> None:
    frame = load_records(curated / "good" / "agreements.yaml").frame

    assert frame.set_index("record_id").loc["srb-neutrality-2007", "entities"] == ["SRB"]


def test_free_names_among_participants_are_kept_but_not_taken_for_entities(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "kind: exercises\nrecords:\n  - id: drill\n    name: Drill\n"
        "    participants: [XKX, NATO, US Army Europe]\n    host: XKX\n"
        '    start: "2025-05-26"\n    end: "2025-06-09"\n    location: Gjakova\n'
        "    description: A drill.\n    confidence: low\n" + SOURCE,
    )
    row = load_records(path).frame.iloc[0]

    assert row["fields"]["participants"] == ["XKX", "NATO", "US Army Europe"]
    assert row["entities"] == ["XKX"]


# --- one ValidationError per file, every problem named --------------------------------------


def test_every_problem_in_a_file_is_reported_at_once_with_its_line(curated: Path) -> None:
    with pytest.raises(ValidationError) as error:
        load_records(curated / "bad_records.yaml", is_known_entity=only("XKX", "USA"))

    assert problems_of(error) == [
        "bad_records.yaml:4: record 'missing-system': missing required field 'system'",
        "bad_records.yaml:18: record 'wrong-type': field 'quantity': expected a whole number "
        "of 0 or more, got 'many'",
        "bad_records.yaml:30: record 'bad-date': field 'dates': bad date '2024-13-01' "
        "(no such day)",
        "bad_records.yaml:37: record 'unknown-entity': field 'supplier': unknown entity 'ZZZ'",
        "bad_records.yaml:53: record 'source-without-url': source 1: missing required field 'url'",
        "bad_records.yaml:63: record 'typo-field': unknown field 'quantiy' "
        "(did you mean 'quantity'?)",
        "bad_records.yaml:66: record 'typo-field': duplicate id (first at line 55)",
        "bad_records.yaml:74: record 'typo-field': source 1: field 'url': expected an http(s) "
        "address, got 'ftp://example.org/g'",
    ]
    assert str(error.value.path).endswith("bad_records.yaml")
    assert error.value.where == "line 4"


def test_the_default_entity_check_accepts_any_iso3_shaped_code(curated: Path) -> None:
    with pytest.raises(ValidationError) as error:
        load_records(curated / "bad_records.yaml")

    assert not any("ZZZ" in problem for problem in problems_of(error))


def test_an_unknown_kind_is_reported(curated: Path) -> None:
    with pytest.raises(ValidationError) as error:
        load_records(curated / "unknown_kind.yaml")

    assert problems_of(error) == [
        "unknown_kind.yaml:1: unknown kind 'acquisition'; expected one of acquisitions, "
        "force_plans, facilities, agreements, exercises, incidents"
    ]


def test_malformed_yaml_is_a_format_error_naming_the_line(curated: Path) -> None:
    with pytest.raises(FormatError) as error:
        load_records(curated / "malformed.yaml")

    assert error.value.where == "line 5, column 6"
    assert str(error.value.path).endswith("malformed.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("- just\n- a list\n", "expected a mapping with 'kind' and 'records'"),
        ("kind: incidents\n", "no 'records' list"),
        ("kind: incidents\nrecords: none\n", "'records' must be a list"),
    ],
)
def test_a_file_without_the_register_shape_is_a_format_error(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(FormatError, match=message):
        load_records(write(tmp_path, text))


def test_text_that_is_not_utf8_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_bytes(b"kind: incidents\nrecords: []\n\xff\xfe")

    with pytest.raises(FormatError, match="UTF-8"):
        load_records(path)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "    status: notified\n    dates: {notified: '2024-01'}\n    value: 5\n",
            "field 'value' needs field 'currency'",
        ),
        (
            "    status: delivered\n    dates: {notified: '2024-01'}\n",
            "status 'delivered' has no date in 'dates'",
        ),
        (
            "    status: notified\n    dates: {signed: '2024-01'}\n",
            "field 'dates': unknown status signed in dates",
        ),
        (
            "    status: notified\n    dates: {notified: '2024-02-30'}\n",
            "field 'dates': bad date '2024-02-30' (no such day)",
        ),
        (
            "    status: notified\n    dates: {notified: '2024-01'}\n    category: planes\n",
            "key 'category' appears twice",
        ),
    ],
)
def test_acquisition_rules(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        load_records(write(tmp_path, ACQUISITION + extra + SOURCE))

    assert any(message in problem for problem in problems_of(error)), problems_of(error)


@pytest.mark.parametrize(
    ("kind", "body", "message"),
    [
        (
            "agreements",
            "    parties: [ALB]\n    kind: memorandum\n    title: T\n    date: '2021-05'\n",
            "a memorandum needs at least 2 parties",
        ),
        (
            "facilities",
            "    name: N\n    entity: XKX\n    place: P\n    owner: O\n    product: ammunition\n"
            "    capacity: 20000000\n",
            "needs at least one of the fields announced_date, contract_date, start_date",
        ),
        (
            "facilities",
            "    name: N\n    entity: XKX\n    place: P\n    owner: O\n    product: ammunition\n"
            "    capacity: 20000000\n    start_date: '2026'\n    start_status: expected\n",
            "field 'capacity' needs field 'capacity_unit'",
        ),
        (
            "force_plans",
            "    entity: XKX\n    force: F\n    legal_basis: L\n    status: planned\n"
            "    start_date: '2018-12-14'\n",
            "needs at least one of the fields target_active, target_reserve, annual_intake",
        ),
        (
            "incidents",
            "    date: '2023-09-24'\n    place: P\n    coordinates: [95, 20.8]\n    entity: XKX\n"
            "    actors: [A]\n    kind: attack\n    description: D\n",
            "coordinates out of range",
        ),
        (
            "incidents",
            "    date: '2023-09-24'\n    place: P\n    coordinates: [42.9, 20.8]\n    entity: XKX\n"
            "    actors: [A]\n    kind: riot\n    description: D\n",
            "field 'kind': expected one of clash, attack",
        ),
    ],
)
def test_kind_rules(tmp_path: Path, kind: str, body: str, message: str) -> None:
    text = f"kind: {kind}\nrecords:\n  - id: a-record\n    confidence: low\n" + body + SOURCE

    with pytest.raises(ValidationError) as error:
        load_records(write(tmp_path, text))

    assert any(message in problem for problem in problems_of(error)), problems_of(error)


def test_a_record_without_sources_is_rejected(tmp_path: Path) -> None:
    text = ACQUISITION + "    status: notified\n    dates: {notified: '2024-01'}\n"

    with pytest.raises(ValidationError) as error:
        load_records(write(tmp_path, text))

    assert problems_of(error) == [
        "register.yaml:3: record 'a-record': missing required field 'sources'"
    ]


def test_an_unknown_top_level_key_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        load_records(write(tmp_path, "kind: incidents\nrecrods: []\nrecords: []\n"))

    assert problems_of(error) == [
        "register.yaml:2: unknown top-level key 'recrods' (did you mean 'records'?)"
    ]


def test_an_id_must_be_kebab_case(tmp_path: Path) -> None:
    text = ACQUISITION.replace("a-record", "A_Record") + "    status: notified\n"
    text += "    dates: {notified: '2024-01'}\n" + SOURCE

    with pytest.raises(ValidationError) as error:
        load_records(write(tmp_path, text))

    assert any("must be kebab-case" in problem for problem in problems_of(error))


# --- folders --------------------------------------------------------------------------------


def test_a_folder_reads_every_yaml_file(curated: Path) -> None:
    parsed = load_register_folder(curated / "good")

    assert parsed.files == ("acquisitions.yaml", "agreements.yaml", "incidents.yaml")
    assert set(parsed.frame["kind"]) == {"acquisitions", "agreements", "incidents"}


def test_an_id_used_in_two_files_is_reported_with_both_places(curated: Path) -> None:
    with pytest.raises(ValidationError) as error:
        load_register_folder(curated / "duplicate_across")

    assert problems_of(error) == [
        "exercises.yaml:14: record 'shared-id': duplicate id (also in acquisitions.yaml at line 3)"
    ]
    assert error.value.where == "exercises.yaml, line 14"


def test_a_folder_without_yaml_files_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"no \.yaml files"):
        load_register_folder(tmp_path)


# --- dates and money ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", "2024"),
        ("2024-01", "2024-01"),
        ("2024-02-29", "2024-02-29"),
        (date(2022, 4, 9), "2022-04-09"),
        (2028, "2028"),
    ],
)
def test_partial_date_accepts_years_months_and_days(value: object, expected: str) -> None:
    assert partial_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2023-02-29", "2024-13", "24-01-01", "2024/01/01", True, 12, datetime(2024, 1, 1, 9, 30)],
)
def test_partial_date_rejects_impossible_or_foreign_forms(value: object) -> None:
    with pytest.raises(ValueError, match="date"):
        partial_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(75_000_000, "USD 75 M"), (2.7e9, "USD 2.7 bn"), (19_300_000, "USD 19.3 M"), (500, "USD 500")],
)
def test_money_is_written_short(value: float, expected: str) -> None:
    assert money(value, "USD") == expected


# --- the register powderkeg ships -----------------------------------------------------------


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return load_register_folder(BUNDLED_REGISTER, is_known_entity=known_to_crosswalk).frame


def record(register: pd.DataFrame, record_id: str) -> pd.Series:
    return register.set_index("record_id").loc[record_id]


def test_the_shipped_register_holds_at_least_40_records_of_every_kind(
    register: pd.DataFrame,
) -> None:
    counts = register["kind"].value_counts()

    assert len(register) >= 40
    assert set(counts.index) == set(KINDS)
    assert counts.min() >= 5


def test_every_shipped_record_cites_an_https_source(register: pd.DataFrame) -> None:
    lacking = [
        row.record_id
        for row in register.itertuples()
        if not any(str(source["url"]).startswith("https://") for source in row.sources)
    ]
    assert lacking == []


def test_shipped_ids_are_unique(register: pd.DataFrame) -> None:
    assert register["record_id"].is_unique


def test_shipped_incidents_lie_in_the_western_balkans(register: pd.DataFrame) -> None:
    incidents = register[register["kind"] == "incidents"]
    for fields in incidents["fields"]:
        lat, lon = fields["coordinates"]
        assert 39.5 < lat < 47, fields["place"]
        assert 13 < lon < 23.1, fields["place"]


def test_kosovo_javelin_notification(register: pd.DataFrame) -> None:
    javelin = record(register, "xkx-javelin-2024")["fields"]

    assert (javelin["recipient"], javelin["supplier"], javelin["quantity"]) == ("XKX", "USA", 246)
    assert (javelin["value"], javelin["currency"]) == (75_000_000, "USD")
    assert javelin["dates"]["notified"] == "2024-01-11"


def test_kosovo_security_force_plan(register: pd.DataFrame) -> None:
    ksf = record(register, "xkx-ksf-transformation-2018")

    assert (ksf["fields"]["target_active"], ksf["fields"]["target_reserve"]) == (5000, 3000)
    assert (ksf["date"], ksf["end_date"]) == ("2018-12-14", "2028")


def test_mke_ammunition_plant_capacity(register: pd.DataFrame) -> None:
    plant = record(register, "xkx-mke-ammunition-plant")["fields"]

    assert (plant["capacity"], plant["capacity_unit"]) == (20_000_000, "cartridges/year")
    assert plant["contract_date"] == "2024-12-16"


def test_trilateral_defence_declaration(register: pd.DataFrame) -> None:
    declaration = record(register, "alb-hrv-xkx-defence-declaration-2025")

    assert declaration["date"] == "2025-03-18"
    assert sorted(declaration["entities"]) == ["ALB", "HRV", "XKX"]
    assert declaration["fields"]["place"] == "Tirana"


def test_banjska_attack(register: pd.DataFrame) -> None:
    banjska = record(register, "xkx-banjska-attack-2023")

    assert banjska["date"] == "2023-09-24"
    assert banjska["fields"]["killed"] == 4

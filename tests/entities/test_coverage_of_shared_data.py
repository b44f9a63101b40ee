"""Every country or actor named or coded in the real shared files resolves in the crosswalk."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from powderkeg.entities import Crosswalk, Entity, strip_footnote_marks

pytestmark = pytest.mark.shared_data

MILEX = "sipri_milex/SIPRI-Milex-data-1949-2023.xlsx"
MILEX_DATA_SHEETS = [
    "Local currency financial years",
    "Local currency calendar years",
    "Constant (2022) US$",
    "Current US$",
    "Share of GDP",
    "Per capita",
    "Share of Govt. spending",
]
OWID_FILES = [
    "sipri_milex/owid_military-spending-sipri_constant2024usd_1949-2025.csv",
    "sipri_milex/owid_military-spending-as-a-share-of-gdp-sipri_1949-2024.csv",
]
TRADE_REGISTER = "sipri_arms_transfers/sipri_trade_register_1950-2024_all.csv"
TIV_TABLE = "sipri_arms_transfers/sipri_tiv_imports_by_recipient_1950-2023.csv"
WDI_METADATA = "worldbank_wdi/Metadata_Country_API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv"
UCDP = "ucdp/UcdpPrioConflict_v25_1_semicolon.csv"
UCDP_GW_COLUMNS = ["gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd", "gwno_loc"]
STATE_KINDS = {"country", "former_state"}


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    return Crosswalk.bundled()


def _resolve(crosswalk: Crosswalk, text: str) -> Entity:
    found = crosswalk.find(text)
    assert found is not None, text
    return found


def _unresolved(crosswalk: Crosswalk, names: set[str]) -> list[str]:
    return sorted(name for name in names if crosswalk.find(name) is None)


# --- SIPRI Milex workbook -----------------------------------------------------------------------


def _milex_rows(shared_data: Path) -> list[tuple[str, list[object]]]:
    """(sheet, row) for every row below the header row of each data sheet."""
    workbook = CalamineWorkbook.from_path(str(shared_data / MILEX))
    rows: list[tuple[str, list[object]]] = []
    for sheet in MILEX_DATA_SHEETS:
        cells = workbook.get_sheet_by_name(sheet).to_python()
        header = next(i for i, row in enumerate(cells) if row and row[0] == "Country")
        rows.extend((sheet, row) for row in cells[header + 1 :] if str(row[0]).strip())
    return rows


def test_every_milex_country_cell_resolves(crosswalk: Crosswalk, shared_data: Path) -> None:
    names = {strip_footnote_marks(str(row[0])) for _, row in _milex_rows(shared_data)}
    assert len(names) > 180
    assert _unresolved(crosswalk, names) == []


def test_milex_region_headers_resolve_to_aggregates(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    # A section header is a Country cell with nothing else on its row.
    headers = {
        strip_footnote_marks(str(row[0]))
        for _, row in _milex_rows(shared_data)
        if not any(str(cell).strip() for cell in row[1:])
    }
    assert {"Africa", "Central America and the Caribbean", "Middle East"} <= headers
    kinds = {header: _resolve(crosswalk, header).kind for header in headers}
    assert set(kinds.values()) == {"aggregate"}


def test_milex_rows_with_data_are_states_except_the_eu_total(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    with_data = {
        strip_footnote_marks(str(row[0]))
        for _, row in _milex_rows(shared_data)
        if any(str(cell).strip() for cell in row[1:])
    }
    not_states = sorted(n for n in with_data if _resolve(crosswalk, n).kind not in STATE_KINDS)
    assert not_states == ["European Union"]


def test_milex_balkan_rows_resolve_to_the_expected_ids(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    names = {strip_footnote_marks(str(row[0])) for _, row in _milex_rows(shared_data)}
    expected = {
        "Kosovo": "XKX",
        "Serbia": "SRB",
        "North Macedonia": "MKD",
        "Bosnia and Herzegovina": "BIH",
        "Yugoslavia": "YUG",
        "Türkiye": "TUR",
        "United States of America": "USA",
    }
    assert set(expected) <= names
    assert {name: _resolve(crosswalk, name).iso3 for name in expected} == expected


# --- OWID exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("relative", OWID_FILES)
def test_every_owid_entity_resolves_and_agrees_with_its_code(
    crosswalk: Crosswalk, shared_data: Path, relative: str
) -> None:
    with open(shared_data / relative, encoding="utf-8", newline="") as handle:
        pairs = {(row["Entity"], row["Code"]) for row in csv.DictReader(handle)}
    assert _unresolved(crosswalk, {entity for entity, _ in pairs}) == []
    disagreeing = [
        (entity, code)
        for entity, code in pairs
        if code and _resolve(crosswalk, code) != _resolve(crosswalk, entity)
    ]
    assert disagreeing == []


@pytest.mark.parametrize("relative", OWID_FILES)
def test_owid_sipri_regions_and_world_are_aggregates(
    crosswalk: Crosswalk, shared_data: Path, relative: str
) -> None:
    with open(shared_data / relative, encoding="utf-8", newline="") as handle:
        entities = {row["Entity"] for row in csv.DictReader(handle)}
    regions = {entity for entity in entities if entity.endswith("(SIPRI)") or entity == "World"}
    assert "European Union (SIPRI)" in regions
    assert {_resolve(crosswalk, region).kind for region in regions} == {"aggregate"}


def test_owid_kosovo_code_is_kosovo(crosswalk: Crosswalk) -> None:
    assert _resolve(crosswalk, "OWID_KOS").iso3 == "XKX"


# --- SIPRI arms transfers -------------------------------------------------------------------------


def _trade_register_parties(shared_data: Path) -> set[str]:
    with open(shared_data / TRADE_REGISTER, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, records = rows[0], rows[1:]
    recipient, supplier = header.index("Recipient"), header.index("Supplier")
    # Four records were split by a line break in a comment; their tails start with ",".
    continuations = [row for row in records if not row[recipient]]
    assert len(continuations) == 4
    complete = [row for row in records if row[recipient]]
    return {row[recipient] for row in complete} | {row[supplier] for row in complete}


def test_every_trade_register_recipient_and_supplier_resolves(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    parties = _trade_register_parties(shared_data)
    assert len(parties) > 250
    assert _unresolved(crosswalk, parties) == []


def test_trade_register_starred_names_are_non_state_actors(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    starred = {name for name in _trade_register_parties(shared_data) if name.endswith("*")}
    assert {"NLA (Macedonia)*", "Hezbollah (Lebanon)*", "NATO**"} <= starred
    assert {_resolve(crosswalk, name).kind for name in starred} == {"non_state"}


def test_trade_register_unknown_parties_are_not_states(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    unknown = {n for n in _trade_register_parties(shared_data) if n.startswith("unknown ")}
    assert {"unknown supplier(s)", "unknown recipient(s)"} <= unknown
    assert not {_resolve(crosswalk, name).kind for name in unknown} & STATE_KINDS


def test_every_tiv_table_recipient_resolves(crosswalk: Crosswalk, shared_data: Path) -> None:
    with open(shared_data / TIV_TABLE, encoding="utf-8-sig", newline="") as handle:
        recipients = {row["Recipient"] for row in csv.DictReader(handle)}
    assert "NLA (Macedonia)*" in recipients
    assert _unresolved(crosswalk, recipients) == []


# --- World Bank WDI -------------------------------------------------------------------------------


def _wdi_files(shared_data: Path) -> list[Path]:
    files = sorted((shared_data / "worldbank_wdi").glob("API_*.csv"))
    assert len(files) == 5
    return files


def _wdi_pairs(path: Path) -> set[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()[4:]  # 4 preamble lines
    return {(row["Country Name"], row["Country Code"]) for row in csv.DictReader(lines)}


def test_every_wdi_name_and_code_resolve_to_the_same_entity(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    pairs = set().union(*(_wdi_pairs(path) for path in _wdi_files(shared_data)))
    assert ("Kosovo", "XKX") in pairs
    disagreeing = [
        (name, code)
        for name, code in pairs
        if crosswalk.find(name) is None or crosswalk.find(name) != crosswalk.by_code("wb", code)
    ]
    assert disagreeing == []


def test_wdi_aggregates_are_exactly_the_codes_without_region(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    with open(shared_data / WDI_METADATA, encoding="utf-8-sig", newline="") as handle:
        metadata = list(csv.DictReader(handle))
    wrong = []
    for row in metadata:
        entity = crosswalk.by_code("wb", row["Country Code"])
        expected = "aggregate" if not row["Region"] else "country"
        if entity is None or entity.kind != expected:
            wrong.append(row["Country Code"])
    assert wrong == []


# --- UCDP/PRIO ------------------------------------------------------------------------------


def _ucdp_rows(shared_data: Path) -> list[dict[str, str]]:
    with open(shared_data / UCDP, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_every_ucdp_gw_number_maps_to_an_entity(crosswalk: Crosswalk, shared_data: Path) -> None:
    numbers = {
        int(part)
        for row in _ucdp_rows(shared_data)
        for column in UCDP_GW_COLUMNS
        for part in row[column].split(",")
        if part.strip()
    }
    assert {260, 345, 365, 678, 680, 751, 817, 972} <= numbers
    assert sorted(n for n in numbers if crosswalk.by_code("gw", n) is None) == []


def test_ucdp_kosovo_conflict_is_located_in_yugoslavia(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    kosovo_war = [row for row in _ucdp_rows(shared_data) if row["conflict_id"] == "412"]
    assert {row["year"] for row in kosovo_war} == {"1998", "1999"}
    located = {crosswalk.by_code("gw", row["gwno_loc"]) for row in kosovo_war}
    assert located == {crosswalk.entity("YUG")}


# --- Natural Earth, GDELT extract, ACLED sample --------------------------------------------------


def test_every_natural_earth_unit_resolves_by_adm0_a3_and_by_name(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    path = shared_data / "natural_earth/ne_110m_admin_0_countries.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    units = {(f["properties"]["ADM0_A3"], f["properties"]["ADMIN"]) for f in features}
    disagreeing = [
        (code, name)
        for code, name in units
        if crosswalk.find(code) is None or crosswalk.find(code) != crosswalk.find(name)
    ]
    assert disagreeing == []
    assert _resolve(crosswalk, "KOS").iso3 == "XKX"


def test_every_gdelt_extract_country_code_resolves(crosswalk: Crosswalk, shared_data: Path) -> None:
    path = shared_data / "gdelt/gdelt1_reduced_20171126_balkans_extract.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = {row["country_code_alpha"] for row in rows} | {
        row["source_country_code"] for row in rows
    }
    assert _unresolved(crosswalk, codes) == []
    # "INT" is the extract author's fallback for an unidentified news source, not a state.
    assert _resolve(crosswalk, "INT").kind == "aggregate"


def test_every_acled_country_resolves_and_agrees_with_its_iso_number(
    crosswalk: Crosswalk, shared_data: Path
) -> None:
    path = shared_data / "acled/acled_api_sample_views-datafactory.json"
    events = json.loads(path.read_text(encoding="utf-8"))["data"]
    pairs = {(event["country"], event["iso"]) for event in events}
    assert len(pairs) == 7
    disagreeing = [
        (country, iso)
        for country, iso in pairs
        if crosswalk.find(country) is None
        or crosswalk.find(country) != crosswalk.by_code("iso_numeric", iso)
    ]
    assert disagreeing == []

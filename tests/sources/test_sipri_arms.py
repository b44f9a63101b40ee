"""SIPRI arms transfers: the trade register and the TIV-of-imports table (fixtures, real files)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import FormatError, ValidationError
from powderkeg.sources.sipri_arms import (
    BELOW_HALF,
    REGISTER_COLUMNS,
    TIV_COLUMNS,
    TIV_UNIT,
    WEAPON_CATEGORIES,
    ParsedRegister,
    parse_register,
    parse_tiv_imports,
    weapon_category,
)

REGISTER = "sipri_arms_transfers/sipri_trade_register_1950-2024_all.csv"
TIV_IMPORTS = "sipri_arms_transfers/sipri_tiv_imports_by_recipient_1950-2023.csv"
BALKANS = (
    "Albania",
    "Bosnia-Herzegovina",
    "Croatia",
    "Kosovo",
    "Montenegro",
    "North Macedonia",
    "Serbia",
    "Yugoslavia",
    "NLA (Macedonia)*",
)


@pytest.fixture
def register_fixture(fixtures: Path) -> Path:
    return fixtures / "sipri_arms" / "trade_register.csv"


@pytest.fixture
def tiv_fixture(fixtures: Path) -> Path:
    return fixtures / "sipri_arms" / "tiv_imports.csv"


@pytest.fixture(scope="module")
def real_register(shared_data: Path) -> ParsedRegister:
    return parse_register(shared_data / REGISTER)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


def _write(path: Path, lines: list[str], *, bom: bool = True) -> Path:
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(frame: pd.DataFrame, **where: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"expected one row for {where}, found {int(mask.sum())}"
    return frame.loc[mask].iloc[0]


# --- trade register: fixture ----------------------------------------------------------------


def test_parse_register_types_every_column(register_fixture: Path) -> None:
    parsed = parse_register(register_fixture)
    assert list(parsed.frame.columns) == list(REGISTER_COLUMNS)
    assert {name: str(dtype) for name, dtype in parsed.frame.dtypes.items()} == {
        name: "string" if dtype == "string" else dtype for name, dtype in REGISTER_COLUMNS.items()
    }
    assert parsed.frame.attrs["tiv_unit"] == TIV_UNIT


def test_parse_register_joins_a_record_split_by_a_line_break_in_comments(
    register_fixture: Path,
) -> None:
    parsed = parse_register(register_fixture)
    joined = _row(parsed.frame, recipient="Cote d'Ivoire", designation="vehicle engine")
    assert joined["locator"] == "line=3-4"
    assert joined["comments"] == (
        "Cummins (275hp) diesel engine for 12 Puma M-36 armoured personnel carriers "
        "from South Africa"
    )
    assert (joined["tiv_per_unit"], joined["tiv_total_order"], joined["tiv_delivered"]) == (
        0.03,
        0.36,
        0.0,
    )
    assert len(parsed.frame) == 16  # 17 data lines, one record on two of them
    assert any(
        "1 records split over two lines" in note and "line=3-4" in note for note in parsed.notes
    )
    # The records around the split are untouched.
    after = _row(parsed.frame, recipient="Cote d'Ivoire", supplier="unknown supplier(s)")
    assert after["locator"] == "line=5"


def test_parse_register_joins_a_split_record_whose_comment_continues(tmp_path: Path) -> None:
    lines = _lines(Path(__file__).parents[1] / "fixtures" / "sipri_arms" / "trade_register.csv")
    lines[3] = "and a second comment line,0.03,0.36,0,,,,,,,,,,,,"
    parsed = parse_register(_write(tmp_path / "register.csv", lines))
    joined = _row(parsed.frame, locator="line=3-4")
    assert joined["comments"].endswith("from South Africa and a second comment line")
    assert joined["tiv_total_order"] == 0.36


def test_parse_register_reads_uncertainty_flags_years_and_status(register_fixture: Path) -> None:
    frame = parse_register(register_fixture).frame
    humvee = _row(frame, recipient="Kosovo", designation="HMMWV-UA")
    assert humvee["order_year"] == 2018
    assert not humvee["order_year_uncertain"]
    assert humvee["number_ordered_uncertain"]
    assert humvee["number_delivered_uncertain"]
    assert humvee["delivery_years"] == "2018; 2020"
    assert (humvee["first_delivery_year"], humvee["last_delivery_year"]) == (2018, 2020)
    assert humvee["category"] == "armoured vehicles"
    kirpi = _row(frame, recipient="Kosovo", designation="Kirpi")
    assert kirpi["delivery_years"] == ""
    assert pd.isna(kirpi["first_delivery_year"])
    assert kirpi["number_delivered"] == 0
    guardian = _row(frame, recipient="Kosovo", designation="M-1117 Guardian")
    assert guardian["second_hand"]
    assert guardian["status"] == "Second hand"


def test_parse_register_keeps_a_missing_number_ordered_as_missing(register_fixture: Path) -> None:
    btr = _row(parse_register(register_fixture).frame, recipient="Serbia", designation="BTR-80A")
    assert pd.isna(btr["number_ordered"])
    assert btr["number_delivered"] == 30
    assert btr["tiv_delivered"] == 10.8


def test_parse_register_numbers_repeated_records_and_keeps_ids_across_files(
    register_fixture: Path, tmp_path: Path
) -> None:
    frame = parse_register(register_fixture).frame
    twins = frame.loc[frame["recipient"] == "El Salvador", "record_id"].tolist()
    assert twins[1] == f"{twins[0]}-2"
    assert frame["record_id"].is_unique
    # The same records in another order (and on other lines) keep their ids.
    lines = _lines(register_fixture)
    shuffled = [lines[0], *reversed(lines[5:]), *lines[1:5]]
    moved = parse_register(_write(tmp_path / "moved.csv", shuffled)).frame
    by_weapon = dict(zip(frame["designation"] + frame["supplier"], frame["record_id"], strict=True))
    tb2 = _row(moved, designation="Bayraktar TB2")
    assert tb2["record_id"] == by_weapon["Bayraktar TB2Turkiye"]
    assert tb2["locator"] != _row(frame, designation="Bayraktar TB2")["locator"]


def test_parse_register_infers_the_vintage_and_accepts_an_override(register_fixture: Path) -> None:
    inferred = parse_register(register_fixture)
    assert inferred.vintage == "2025"  # Rafale ordered 2024, BTR-80A delivered 2024
    assert any("inferred" in note and "(2024) + 1" in note for note in inferred.notes)
    given = parse_register(register_fixture, vintage="2025-03")
    assert given.vintage == "2025-03"


def test_parse_register_skips_a_prose_preamble(register_fixture: Path, tmp_path: Path) -> None:
    lines = ["Transfers of major weapons: deals with deliveries or orders 1950 to 2024", ""]
    lines += _lines(register_fixture)
    parsed = parse_register(_write(tmp_path / "with_preamble.csv", lines))
    assert len(parsed.frame) == 16
    assert (
        _row(parsed.frame, designation="Bayraktar TB2")["locator"] == "line=14"
    )  # line 12 after two lines of prose


# --- trade register: bad input ----------------------------------------------------------------


def test_parse_register_names_renamed_and_missing_columns(
    register_fixture: Path, tmp_path: Path
) -> None:
    lines = _lines(register_fixture)
    header = lines[0].split(",")
    header[7] = "Description"
    lines[0] = ",".join(header[:-1])
    with pytest.raises(FormatError) as caught:
        parse_register(_write(tmp_path / "renamed.csv", lines))
    assert caught.value.offenders == [
        "column 8: expected 'Weapon description', found 'Description'",
        "column 16: expected 'SIPRI TIV of delivered weapons', found '<none>'",
    ]


def test_parse_register_refuses_a_file_without_its_header(tmp_path: Path) -> None:
    path = _write(tmp_path / "other.csv", ["Country,Year,Value", "Kosovo,2023,14"])
    with pytest.raises(FormatError, match="no header row starting with 'Recipient'"):
        parse_register(path)


def test_parse_register_refuses_an_html_page(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text("<!DOCTYPE html><html><title>SIPRI</title></html>", encoding="utf-8")
    with pytest.raises(FormatError, match="HTML"):
        parse_register(path)


def test_parse_register_refuses_text_that_is_not_utf8(
    register_fixture: Path, tmp_path: Path
) -> None:
    data = register_fixture.read_bytes() + "Côte d'Ivoire".encode("latin-1") + b",x\n"
    path = tmp_path / "latin1.csv"
    path.write_bytes(data)
    with pytest.raises(FormatError, match="not UTF-8"):
        parse_register(path)


def test_parse_register_refuses_a_header_without_records(
    register_fixture: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path / "empty.csv", _lines(register_fixture)[:1])
    with pytest.raises(FormatError, match="no records"):
        parse_register(path)


def test_parse_register_reports_every_bad_number_at_once(
    register_fixture: Path, tmp_path: Path
) -> None:
    lines = _lines(register_fixture)
    lines[5] = lines[5].replace(",1977,?,1,", ",19x7,?,1,")  # El Salvador, line 6
    lines[11] = lines[11].replace(",2.4,12,12", ",2.4,12,twelve")  # Bayraktar TB2, line 12
    lines[14] = lines[14].replace(",2018; 2020,", ",2018 and 2020,")  # HMMWV-UA, line 15
    with pytest.raises(ValidationError) as caught:
        parse_register(_write(tmp_path / "junk.csv", lines))
    assert caught.value.offenders == [
        "line=6;column=Year of order: '19x7' is not a whole number",
        "line=12;column=SIPRI TIV of delivered weapons: 'twelve' is not a number",
        "line=15;column=Year(s) of delivery: '2018 and 2020' is not years separated by '; '",
    ]
    assert caught.value.path == str(tmp_path / "junk.csv")


def test_parse_register_refuses_a_junk_uncertainty_flag(
    register_fixture: Path, tmp_path: Path
) -> None:
    lines = _lines(register_fixture)
    lines[6] = lines[6].replace("Kosovo,Turkiye,2021,,", "Kosovo,Turkiye,2021,x,")
    with pytest.raises(ValidationError) as caught:
        parse_register(_write(tmp_path / "flag.csv", lines))
    assert caught.value.offenders == [
        "line=7;column=flag column (order_year_flag): 'x' is not '?' or empty"
    ]


def test_parse_register_refuses_a_line_with_too_few_cells(
    register_fixture: Path, tmp_path: Path
) -> None:
    lines = _lines(register_fixture)
    lines[9] = lines[9].rsplit(",", 2)[0]
    with pytest.raises(ValidationError, match="1 bad values") as caught:
        parse_register(_write(tmp_path / "short.csv", lines))
    assert caught.value.offenders[0].startswith("line=10: not a record (14 cells)")


# --- weapon categories ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("missile boat", "ships"),
        ("torpdeo boat", "ships"),
        ("anti-ship missile", "missiles"),
        ("anti-submarine helicopter", "aircraft"),
        ("anti-submarine torpedo", "missiles"),
        ("anti-submarine mortar", "anti-submarine warfare weapons"),
        ("anti-submarine sonar", "sensors"),
        ("aircraft carrier", "ships"),
        ("aircraft engine", "engines"),
        ("maritime patrol aircraft radar", "sensors"),
        ("SAM system radar", "sensors"),
        ("SAM system", "air defence systems"),
        ("naval SAM system", "naval weapons"),
        ("portable SAM", "missiles"),
        ("tank destroyer", "armoured vehicles"),
        ("destroyer", "ships"),
        ("tank turret", "other"),
        ("naval gun", "naval weapons"),
        ("self-propelled anti-aircraft gun", "air defence systems"),
        ("towed gun", "artillery"),
        ("naval mine/torpedo", "missiles"),
        ("(armed) UAV", "aircraft"),
        ("ampibious assault ship/frigate", "ships"),
        ("surveillance satellite", "satellites"),
        ("air refuel system", "other"),
    ],
)
def test_weapon_category_follows_the_head_noun_and_its_qualifiers(
    description: str, category: str
) -> None:
    assert weapon_category(description) == category


def test_weapon_category_admits_what_it_does_not_know() -> None:
    assert weapon_category("laser system") is None
    assert weapon_category("") is None


# --- trade register: the real file ------------------------------------------------------------


@pytest.mark.shared_data
def test_real_register_has_kosovo_and_serbia_records(real_register: ParsedRegister) -> None:
    frame = real_register.frame
    assert (frame["recipient"] == "Kosovo").sum() == 9
    assert (frame["recipient"] == "Serbia").sum() == 56
    assert len(frame) == 29_503  # 29,507 data lines, four records on two lines each
    assert real_register.vintage == "2025"


@pytest.mark.shared_data
def test_real_register_knows_kosovos_drones_humvees_and_guardians(
    real_register: ParsedRegister,
) -> None:
    kosovo = real_register.frame.loc[real_register.frame["recipient"] == "Kosovo"]
    tb2 = _row(kosovo, designation="Bayraktar TB2")
    assert (tb2["supplier"], tb2["number_ordered"], tb2["order_year"]) == ("Turkiye", 5, 2022)
    assert (tb2["number_delivered"], tb2["delivery_years"]) == (5, "2023")
    assert (tb2["description"], tb2["category"], tb2["tiv_delivered"]) == (
        "armed UAV",
        "aircraft",
        12,
    )
    humvee = _row(kosovo, designation="HMMWV-UA")
    assert (humvee["supplier"], humvee["number_ordered"]) == ("United States", 34)
    guardian = _row(kosovo, designation="M-1117 Guardian")
    assert (guardian["supplier"], guardian["number_delivered"]) == ("United States", 55)
    assert guardian["second_hand"]
    assert guardian["locator"] == "line=14136"


# (locator, recipient, supplier, designation, number ordered, comment ending, three TIVs),
# read from the raw lines. Each pair is "<record…>,<comment>,,," followed by
# ",<TIV per unit>,<TIV for total order>,<TIV delivered>,,,…".
SPLIT_RECORDS = [
    ("line=5334-5335", "Cote d'Ivoire", "United States", "vehicle engine", 12,
     "armoured personnel carriers from South Africa", (0.03, 0.36, 0.0)),
    ("line=20952-20953", "Saudi Arabia", "Germany", "ship engine", 12,
     "for 3 Avante-2000 frigate from Spain", (1.5, 18.0, 0.0)),
    ("line=25156-25157", "Thailand", "Ukraine", "BTR-3", 14,
     "redesign for other engines", (0.25, 3.5, 3.25)),
    ("line=27932-27933", "United Nations**", "Israel", "Hermes-900", 3,
     "for use with UN peacekeeping forces in Mali", (3.0, 9.0, 9.0)),
]  # fmt: skip


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("locator", "recipient", "supplier", "designation", "ordered", "comment_end", "tivs"),
    SPLIT_RECORDS,
)
def test_real_register_joins_each_record_split_by_a_line_break(
    real_register: ParsedRegister,
    locator: str,
    recipient: str,
    supplier: str,
    designation: str,
    ordered: int,
    comment_end: str,
    tivs: tuple[float, float, float],
) -> None:
    record = _row(real_register.frame, locator=locator)
    assert (record["recipient"], record["supplier"]) == (recipient, supplier)
    assert (record["designation"], record["number_ordered"]) == (designation, ordered)
    assert record["comments"].endswith(comment_end)
    got = (record["tiv_per_unit"], record["tiv_total_order"], record["tiv_delivered"])
    assert got == tivs
    # The joined numbers agree with each other: per unit × number = total.
    assert math.isclose(tivs[0] * ordered, tivs[1])
    assert math.isclose(tivs[0] * record["number_delivered"], tivs[2])


@pytest.mark.shared_data
def test_real_register_counts_the_four_repairs_and_leaves_no_tiv_blank(
    real_register: ParsedRegister,
) -> None:
    repairs = [note for note in real_register.notes if "split over two lines" in note]
    assert len(repairs) == 1
    assert repairs[0].startswith("4 records")
    tivs = real_register.frame[["tiv_per_unit", "tiv_total_order", "tiv_delivered"]]
    assert not tivs.isna().any().any()


@pytest.mark.shared_data
def test_real_register_categorises_every_balkan_description_by_a_rule(
    real_register: ParsedRegister,
) -> None:
    frame = real_register.frame
    balkan = frame.loc[frame["recipient"].isin(BALKANS), "description"]
    assert len(balkan) == 9 + 56 + 76 + 51 + 41 + 8 + 23 + 155 + 1
    unmatched = sorted({text for text in balkan if weapon_category(text) is None})
    assert unmatched == []


@pytest.mark.shared_data
def test_real_register_categorises_every_description_in_the_file(
    real_register: ParsedRegister,
) -> None:
    descriptions = set(real_register.frame["description"])
    assert sorted(text for text in descriptions if weapon_category(text) is None) == []
    assert set(real_register.frame["category"]) <= set(WEAPON_CATEGORIES)


# --- TIV of imports table ---------------------------------------------------------------------


def test_parse_tiv_imports_reads_years_and_skips_totals(tiv_fixture: Path) -> None:
    parsed = parse_tiv_imports(tiv_fixture)
    frame = parsed.frame
    assert list(frame.columns) == list(TIV_COLUMNS)
    assert sorted(frame["year"].unique()) == [2020, 2021, 2022, 2023]
    assert "Total world import" not in set(frame["recipient"])
    kosovo = frame.loc[frame["recipient"] == "Kosovo"].set_index("year")["tiv"]
    assert kosovo.to_dict() == {2020: 3.0, 2021: 10.0, 2022: 1.0, 2023: 14.0}
    assert _row(frame, recipient="Kosovo", year=2023)["locator"] == "line=3;column=2023"
    assert parsed.vintage == "2024"
    assert any("Total world import (line=6)" in note for note in parsed.notes)


def test_parse_tiv_imports_flags_zero_and_drops_blanks(tiv_fixture: Path) -> None:
    frame = parse_tiv_imports(tiv_fixture).frame
    bosnia = frame.loc[frame["recipient"] == "Bosnia-Herzegovina"]
    assert bosnia[["year", "tiv", "flags"]].values.tolist() == [
        [2020, 0.0, BELOW_HALF],
        [2021, 12.0, ""],
    ]
    libya = frame.loc[frame["recipient"] == "Libya HoR*"]
    assert libya["year"].tolist() == [2020, 2021, 2022]


def test_parse_tiv_imports_names_junk_cells(tiv_fixture: Path, tmp_path: Path) -> None:
    lines = _lines(tiv_fixture)
    lines[2] = lines[2].replace("Kosovo,3,", "Kosovo,n/a,")
    with pytest.raises(ValidationError) as caught:
        parse_tiv_imports(_write(tmp_path / "junk.csv", lines, bom=False))
    assert caught.value.offenders == ["line=3;column=2020: 'n/a' is not a number"]


def test_parse_tiv_imports_refuses_a_table_without_year_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "tiv.csv", ["Recipient,Total,Percentage", "Kosovo,31,0.00%"])
    with pytest.raises(FormatError, match="no year columns"):
        parse_tiv_imports(path)


@pytest.mark.shared_data
def test_real_tiv_imports_give_kosovo_14_in_2023(shared_data: Path) -> None:
    parsed = parse_tiv_imports(shared_data / TIV_IMPORTS)
    frame = parsed.frame
    assert _row(frame, recipient="Kosovo", year=2023)["tiv"] == 14.0
    assert frame.loc[frame["recipient"] == "Kosovo", "tiv"].sum() == 30.0  # SIPRI's total: 31
    nla = _row(frame, recipient="NLA (Macedonia)*")
    assert (nla["year"], nla["tiv"], nla["flags"]) == (2001, 0.0, BELOW_HALF)
    assert frame["recipient"].nunique() == 261
    assert (frame["year"].min(), frame["year"].max()) == (1950, 2023)
    assert parsed.vintage == "2024"


def test_parse_tiv_imports_refuses_a_table_without_values(
    tiv_fixture: Path, tmp_path: Path
) -> None:
    path = _write(tmp_path / "tiv.csv", _lines(tiv_fixture)[:1], bom=False)
    with pytest.raises(FormatError, match="no values"):
        parse_tiv_imports(path)

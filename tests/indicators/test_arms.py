"""Arms-transfer indicators over the trade register frame: hand-made records and the real file."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import QueryError
from powderkeg.indicators import arms
from powderkeg.indicators.arms import (
    exports_by,
    herfindahl,
    imports_by,
    inventory,
    supplier_shares,
)
from powderkeg.sources import sipri_arms

REGISTER = "sipri_arms_transfers/sipri_trade_register_1950-2024_all.csv"
TIV_IMPORTS = "sipri_arms_transfers/sipri_tiv_imports_by_recipient_1950-2023.csv"


def _deal(
    recipient: str,
    supplier: str,
    *,
    order_year: int,
    delivery_years: str,
    ordered: int | None,
    delivered: int,
    tiv_order: float,
    tiv_delivered: float,
    category: str = "aircraft",
    designation: str = "X-1",
) -> dict[str, object]:
    years = [int(year) for year in delivery_years.split("; ") if year]
    return {
        "record_id": f"{recipient}-{supplier}-{order_year}-{designation}",
        "locator": f"line={order_year}",
        "recipient": recipient,
        "supplier": supplier,
        "order_year": order_year,
        "number_ordered": ordered,
        "designation": designation,
        "description": "test weapon",
        "category": category,
        "number_delivered": delivered,
        "delivery_years": delivery_years,
        "first_delivery_year": min(years) if years else None,
        "last_delivery_year": max(years) if years else None,
        "status": "New",
        "tiv_total_order": tiv_order,
        "tiv_delivered": tiv_delivered,
    }


@pytest.fixture
def register() -> pd.DataFrame:
    """Four deals to A: two from B (one over three years), one from C, one not yet delivered."""
    deals = [
        _deal("A", "B", order_year=2018, delivery_years="2019; 2020; 2021", ordered=6,
              delivered=6, tiv_order=30.0, tiv_delivered=30.0, designation="Three-year"),
        _deal("A", "B", order_year=2020, delivery_years="2020", ordered=2, delivered=2,
              tiv_order=4.0, tiv_delivered=4.0, category="missiles", designation="One-year"),
        _deal("A", "C", order_year=2016, delivery_years="2017; 2021", ordered=4, delivered=4,
              tiv_order=10.0, tiv_delivered=10.0, category="ships", designation="Gap"),
        _deal("A", "C", order_year=2021, delivery_years="", ordered=None, delivered=0,
              tiv_order=0.0, tiv_delivered=0.0, designation="Pending"),
        _deal("D", "B", order_year=2019, delivery_years="2020", ordered=1, delivered=1,
              tiv_order=7.0, tiv_delivered=7.0, designation="Other buyer"),
    ]  # fmt: skip
    frame = pd.DataFrame(deals)
    return frame.astype({"order_year": "Int64", "number_ordered": "Int64"})


@pytest.fixture(scope="module")
def real_register(shared_data: Path) -> pd.DataFrame:
    return sipri_arms.parse_register(shared_data / REGISTER).frame


# --- hand-made records ------------------------------------------------------------------------


def test_imports_by_year_spreads_delivered_tiv_evenly_over_the_listed_years(
    register: pd.DataFrame,
) -> None:
    result = imports_by(register, "A", "year")
    # Three-year: 10 a year 2019-2021; One-year: 4 in 2020; Gap: 5 in 2017 and 5 in 2021.
    assert result["year"].tolist() == [2017, 2019, 2020, 2021]
    assert result["tiv"].tolist() == [5.0, 10.0, 14.0, 15.0]
    assert result["records"].tolist() == [1, 1, 2, 2]
    assert result["items"].tolist() == [2.0, 2.0, 4.0, 4.0]
    assert result["approx_split"].tolist() == [True, True, True, True]


def test_imports_by_year_does_not_flag_a_year_made_of_whole_records(
    register: pd.DataFrame,
) -> None:
    result = imports_by(register, "D", "year")
    assert result[["year", "tiv", "approx_split"]].values.tolist() == [[2020, 7.0, False]]


def test_imports_by_supplier_flags_records_cut_by_the_window(register: pd.DataFrame) -> None:
    whole = imports_by(register, "A", "supplier")
    assert whole[["supplier", "tiv", "approx_split"]].values.tolist() == [
        ["B", 34.0, False],
        ["C", 10.0, False],
    ]
    cut = imports_by(register, "A", "supplier", start=2020, end=2021)
    # B: 2/3 of Three-year (20) + One-year (4); C: half of Gap (5).
    assert cut[["supplier", "tiv", "approx_split"]].values.tolist() == [
        ["B", 24.0, True],
        ["C", 5.0, True],
    ]


def test_imports_by_ordered_basis_counts_whole_orders_in_their_order_year(
    register: pd.DataFrame,
) -> None:
    result = imports_by(register, "A", "category", basis="ordered", start=2018)
    assert result[["category", "tiv", "records", "items"]].values.tolist() == [
        ["aircraft", 30.0, 2, 6.0],  # Three-year, and Pending with no number ordered
        ["missiles", 4.0, 1, 2.0],
    ]
    assert not result["approx_split"].any()


def test_exports_by_sums_a_suppliers_deliveries_per_recipient(register: pd.DataFrame) -> None:
    result = exports_by(register, "B", "recipient")
    assert result[["recipient", "tiv", "records"]].values.tolist() == [
        ["A", 34.0, 2],
        ["D", 7.0, 1],
    ]


def test_results_carry_the_tiv_unit_not_dollars(register: pd.DataFrame) -> None:
    result = imports_by(register, "A", "supplier")
    assert set(result["unit"]) == {"TIV million (SIPRI trend-indicator value, not US$)"}
    assert result.attrs["tiv_unit"] == sipri_arms.TIV_UNIT == arms.TIV_UNIT


def test_imports_by_returns_typed_empty_result_for_an_empty_window(
    register: pd.DataFrame,
) -> None:
    result = imports_by(register, "A", "year", start=2030, end=2031)
    assert result.empty
    assert list(result.columns) == ["year", "tiv", "unit", "records", "items", "approx_split"]
    assert str(result["year"].dtype) == "int64"


def test_supplier_shares_and_herfindahl_of_two_suppliers(register: pd.DataFrame) -> None:
    shares = supplier_shares(register, "A", start=2017, end=2021)
    assert shares["share"].tolist() == pytest.approx([34 / 44 * 100, 10 / 44 * 100])
    assert shares["share"].sum() == pytest.approx(100.0)
    expected = (34 / 44 * 100) ** 2 + (10 / 44 * 100) ** 2
    assert herfindahl(register, "A", start=2017, end=2021) == pytest.approx(expected)


def test_herfindahl_of_a_single_supplier_is_ten_thousand(register: pd.DataFrame) -> None:
    assert herfindahl(register, "D", start=2020, end=2020) == pytest.approx(10_000.0)
    assert herfindahl(register, "A", start=2019, end=2019) == pytest.approx(10_000.0)


def test_supplier_shares_refuses_a_window_without_deliveries(register: pd.DataFrame) -> None:
    with pytest.raises(QueryError, match="no TIV delivered"):
        supplier_shares(register, "A", start=2010, end=2015)


def test_inventory_lists_deals_by_year_of_order(register: pd.DataFrame) -> None:
    result = inventory(register, "A")
    assert result["designation"].tolist() == ["Gap", "Three-year", "One-year", "Pending"]
    assert {"supplier", "number_ordered", "delivery_years", "status", "locator"} <= set(
        result.columns
    )


def test_unknown_names_and_choices_raise_query_errors(register: pd.DataFrame) -> None:
    with pytest.raises(QueryError, match="no recipient named 'a'"):
        imports_by(register, "a", "year")
    with pytest.raises(QueryError, match="by must be one of"):
        imports_by(register, "A", "recipient")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="basis must be one of"):
        imports_by(register, "A", "year", basis="paid")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="starts after it ends"):
        imports_by(register, "A", "year", start=2022, end=2020)
    with pytest.raises(QueryError, match="missing columns: tiv_delivered"):
        imports_by(register.drop(columns="tiv_delivered"), "A", "year")


# --- the real register ------------------------------------------------------------------------


@pytest.mark.shared_data
def test_kosovo_supplier_concentration_2018_2024_by_hand(real_register: pd.DataFrame) -> None:
    # Kosovo's records delivered 2018-2024 (TIV of delivered weapons, lines 14129-14137):
    #   Turkiye: TAM-MR 0.75 (2023) + Vuran-AVM 2.2 (2022; 2023) + Bayraktar TB2 12 (2023)
    #   United States: engines 0.2 (2022; 2023) + M-1117 8.8 (2021) + HMMWV-UA 4.42 (2018; 2020)
    #   (Cobra, 2014, falls outside; Kirpi and the 10 Kirpi engines are not delivered.)
    turkiye = 0.75 + 2.2 + 12
    united_states = 0.2 + 8.8 + 4.42
    total = turkiye + united_states  # 28.37
    expected = (turkiye / total * 100) ** 2 + (united_states / total * 100) ** 2
    assert herfindahl(real_register, "Kosovo", start=2018, end=2024) == pytest.approx(expected)
    assert round(expected) == 5015


@pytest.mark.shared_data
def test_kosovo_supplier_shares_when_the_window_cuts_split_deliveries(
    real_register: pd.DataFrame,
) -> None:
    shares = supplier_shares(real_register, "Kosovo", start=2023, end=2024)
    # 2023 only: Turkiye 0.75 + 2.2/2 + 12; United States 0.2/2 (the other half is 2022).
    turkiye, united_states = 0.75 + 2.2 / 2 + 12, 0.2 / 2
    assert shares[["supplier", "approx_split"]].values.tolist() == [
        ["Turkiye", True],
        ["United States", True],
    ]
    assert shares["tiv"].tolist() == pytest.approx([turkiye, united_states])
    assert shares["share"].iloc[0] == pytest.approx(turkiye / (turkiye + united_states) * 100)


@pytest.mark.shared_data
def test_kosovo_2023_imports_from_the_register_match_sipris_tiv_table(
    real_register: pd.DataFrame, shared_data: Path
) -> None:
    by_year = imports_by(real_register, "Kosovo", "year").set_index("year")["tiv"]
    assert by_year[2023] == pytest.approx(12 + 0.75 + 2.2 / 2 + 0.2 / 2)  # 13.95
    table = sipri_arms.parse_tiv_imports(shared_data / TIV_IMPORTS).frame
    published = table.loc[(table["recipient"] == "Kosovo") & (table["year"] == 2023), "tiv"]
    assert round(by_year[2023]) == published.iloc[0] == 14


@pytest.mark.shared_data
def test_kosovo_imports_by_supplier_ordered_include_undelivered_orders(
    real_register: pd.DataFrame,
) -> None:
    ordered = imports_by(real_register, "Kosovo", "supplier", basis="ordered")
    totals = ordered.set_index("supplier")["tiv"]
    # Turkiye: Kirpi 2.5 + TAM-MR 0.75 + Vuran 2.2 + Cobra 1.4 + TB2 12
    assert totals["Turkiye"] == pytest.approx(2.5 + 0.75 + 2.2 + 1.4 + 12)
    # United States: engines 0.2 + 0.5, M-1117 8.8, HMMWV-UA 4.42
    assert totals["United States"] == pytest.approx(0.2 + 0.5 + 8.8 + 4.42)


@pytest.mark.shared_data
def test_kosovo_inventory_runs_from_the_2014_cobras(real_register: pd.DataFrame) -> None:
    result = inventory(real_register, "Kosovo")
    assert len(result) == 9
    assert result["designation"].iloc[0] == "Cobra"
    assert result["order_year"].is_monotonic_increasing
    assert math.isclose(result["number_ordered"].sum(), 10 + 25 + 4 + 4 + 10 + 5 + 10 + 55 + 34)

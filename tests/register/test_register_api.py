"""The register through the public API, on the default store: profile, timeline, transfers."""

from __future__ import annotations

from pathlib import Path

import pytest

import powderkeg
from powderkeg import QueryError

SIX_PILLARS = {"rearmament", "force plans", "defence industry", "alliances", "drills", "incidents"}
SIX_KINDS = {"acquisitions", "force_plans", "facilities", "agreements", "exercises", "incidents"}


def test_profile_of_kosovo_shows_every_pillar_each_with_a_source(default_db: Path) -> None:
    frame = powderkeg.profile("XKX", db=default_db)
    assert SIX_PILLARS | {"spending"} <= set(frame["pillar"])
    assert frame["source"].str.len().min() > 10
    assert frame["reference"].str.len().min() > 3


def test_timeline_of_the_pair_interleaves_all_kinds_since_2018(default_db: Path) -> None:
    frame = powderkeg.timeline("XKX", "SRB", since=2018, db=default_db)
    assert SIX_KINDS | {"transfers"} <= set(frame["kind"])
    assert frame["date"].str.slice(0, 4).astype(int).min() >= 2018
    assert list(frame["date"]) == sorted(frame["date"])
    both = frame["entities"].str.contains("XKX") & frame["entities"].str.contains("SRB")
    sides = {"XKX" if "XKX" in e else "SRB" for e in frame.loc[~both, "entities"]}
    assert sides == {"XKX", "SRB"}


def test_timeline_kinds_filter(default_db: Path) -> None:
    frame = powderkeg.timeline("XKX", kinds=["incidents"], db=default_db)
    assert set(frame["kind"]) == {"incidents"}
    with pytest.raises(QueryError, match="unknown kinds"):
        powderkeg.timeline("SRB", kinds=["parades"], db=default_db)


def test_kosovo_register_rows_tb2_humvees_and_m1117(default_db: Path) -> None:
    frame = powderkeg.timeline("XKX", kinds=["transfers"], db=default_db)
    titles = " | ".join(frame["title"])
    assert "ordered 5 Bayraktar TB2" in titles
    assert "delivered 5 Bayraktar TB2 from TUR (2023)" in titles
    assert "ordered 34? HMMWV-UA" in titles
    assert "ordered 55? M-1117 Guardian" in titles


def test_transfers_by_supplier_are_tiv_not_dollars(default_db: Path) -> None:
    frame = powderkeg.transfers(recipient="XKX", by="supplier", db=default_db)
    assert set(frame["supplier"]) == {"TUR", "USA"}
    assert frame["unit"].str.contains("not US\\$").all()
    by_year = powderkeg.transfers(recipient="XKX", by="year", db=default_db)
    assert round(float(by_year.loc[by_year["year"] == 2023, "tiv"].iloc[0])) == 14


def test_supplier_dependency_hhi_over_2018_2024(default_db: Path) -> None:
    # Delivered TIV 2018-2024 by supplier, from the register's Kosovo rows (TIV million):
    # Turkiye: TAM-MR 0.75 + Vuran 2.2 + TB2 12 = 14.95; USA: HMMWV 4.42 + M1117 8.8 + engines 0.2.
    turkiye, usa = 0.75 + 2.2 + 12.0, 4.42 + 8.8 + 0.2
    total = turkiye + usa
    expected = (100 * turkiye / total) ** 2 + (100 * usa / total) ** 2
    frame = powderkeg.supplier_dependency("XKX", start=2018, end=2024, db=default_db)
    assert float(frame["hhi"].iloc[0]) == pytest.approx(expected, rel=1e-9)


def test_exports_of_a_supplier(default_db: Path) -> None:
    frame = powderkeg.transfers(supplier="TUR", by="recipient", db=default_db)
    assert "XKX" in set(frame["recipient"])


def test_transfers_need_exactly_one_side(default_db: Path) -> None:
    with pytest.raises(QueryError):
        powderkeg.transfers(db=default_db)

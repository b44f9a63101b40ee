"""docs/essay-coverage.md stays true: each record it names exists and holds the quoted facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from powderkeg.bundle import register_dir
from powderkeg.sources.curated import load_register_folder

DOC = Path(__file__).resolve().parents[2] / "docs" / "essay-coverage.md"


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, object]]:
    frame = load_register_folder(register_dir()).frame
    return {row["record_id"]: row for row in frame.to_dict(orient="records")}


def test_every_record_named_in_the_coverage_table_exists(
    records: dict[str, dict[str, object]],
) -> None:
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", DOC.read_text("utf-8")))
    assert named, "the table names no records"
    assert named <= set(records), f"missing: {sorted(named - set(records))}"


def test_the_javelin_record_is_75_million_not_80(records: dict[str, dict[str, object]]) -> None:
    fields = records["xkx-javelin-2024"]["fields"]
    assert isinstance(fields, dict)
    assert (fields["quantity"], fields["value"], fields["currency"]) == (246, 75_000_000, "USD")


def test_the_force_plan_is_a_2028_target(records: dict[str, dict[str, object]]) -> None:
    fields = records["xkx-ksf-transformation-2018"]["fields"]
    assert isinstance(fields, dict)
    assert (fields["target_active"], fields["target_reserve"]) == (5000, 3000)
    assert str(fields["target_date"]).startswith("2028")


def test_the_plant_and_the_declaration(records: dict[str, dict[str, object]]) -> None:
    plant = records["xkx-mke-ammunition-plant"]["fields"]
    assert isinstance(plant, dict)
    assert plant["capacity"] == 20_000_000
    declaration = records["alb-hrv-xkx-defence-declaration-2025"]
    assert declaration["date"] == "2025-03-18"
    assert sorted(declaration["entities"]) == ["ALB", "HRV", "XKX"]  # type: ignore[arg-type]


def test_no_kosovo_black_hawk_record(records: dict[str, dict[str, object]]) -> None:
    kosovo = [r for r in records.values() if r["kind"] == "acquisitions" and "XKX" in r["entities"]]  # type: ignore[operator]
    assert not any("Black Hawk" in str(r["title"]) for r in kosovo)

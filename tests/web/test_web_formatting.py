"""How the pages show a record: the unit decides the scale, provenance goes in the hover text."""

from __future__ import annotations

import pytest

from powderkeg.web.templating import by_year, largest, provenance, shown_value, unit_label


@pytest.mark.parametrize(
    ("record", "shown", "label"),
    [
        ({"value": 165_663_000.0, "unit": "USD", "measure": "current_usd"}, "165.7", "US$ million"),
        ({"value": 2.5951397, "unit": "percent", "measure": "share_gdp"}, "2.60 %", "%"),
        ({"value": 6_623_183.0, "unit": "persons", "measure": "population"}, "6,623,183", "persons"),
        ({"value": 358.957, "unit": "USD", "measure": "per_capita"}, "359.0", "US$ per person"),
        ({"value": 93e6, "unit": "TIV", "measure": "arms_imports_tiv"}, "93.0", "TIV million"),
        ({"value": 231_423_180_253.1, "unit": "RSD", "measure": "local_currency"}, "231,423.2",
         "RSD million"),
        ({"value": None, "unit": "USD", "measure": "current_usd"}, "—", "US$ million"),
    ],
)  # fmt: skip
def test_a_value_is_shown_in_the_scale_of_its_unit(
    record: dict[str, object], shown: str, label: str
) -> None:
    assert shown_value(record) == shown
    assert unit_label(record) == label


def test_provenance_names_release_cell_digest_and_method() -> None:
    record = {
        "dataset": "SIPRI Military Expenditure Database",
        "vintage": "2024",
        "locator": "sheet=Current US$!BV148",
        "sha256": "0cbbe3173f722f99e1e4843530cfd1773f0cb1659ea3f5e94a5dc5e5",
        "method": "current US$ ÷ population",
        "flags": "estimate",
    }
    assert provenance(record) == (
        "SIPRI Military Expenditure Database, release 2024 · sheet=Current US$!BV148 · "
        "sha256 0cbbe3173f72 · current US$ ÷ population · flags: estimate"
    )


def test_by_year_puts_each_entity_and_measure_in_its_cell_newest_first() -> None:
    rows = [
        {"entity": "XKX", "measure": "share_gdp", "year": 2023, "value": 1.3},
        {"entity": "SRB", "measure": "share_gdp", "year": 2024, "value": 2.6},
        {"entity": "XKX", "measure": "share_gdp", "year": 2024, "value": 1.5},
    ]
    grouped = by_year(rows)
    assert [year for year, _ in grouped] == [2024, 2023]
    assert grouped[0][1]["SRB/share_gdp"]["value"] == 2.6
    assert set(grouped[1][1]) == {"XKX/share_gdp"}


def test_largest_ignores_missing_values() -> None:
    assert largest([{"value": None}, {"value": 2}, {"value": 1.5}]) == 2.0
    assert largest([{"value": None}]) is None

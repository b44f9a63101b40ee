"""The footnote registry, dates, derivations and figure formats of a brief (no store needed)."""

from __future__ import annotations

import pytest

from powderkeg.reports.brief import (
    Citation,
    Fig,
    Footnotes,
    Mark,
    Ref,
    Sourced,
    formats,
    when,
    year,
)
from powderkeg.reports.brief.derivations import compute, derive


def stored(
    key: str, value: float | str, field: str = "value", kind: str = "observation"
) -> Sourced:
    citation = Citation(source="test", vintage="2024", locator=f"line={key}", identity=key)
    return Sourced(value, Ref(kind, key, field=field), (citation,))  # type: ignore[arg-type]


def test_footnotes_are_numbered_in_order_of_first_use() -> None:
    notes = Footnotes()
    first = notes.fig(stored("11", 1.0), "1")
    second = notes.fig(stored("12", 2.0), "2")
    again = notes.fig(stored("11", 1.0), "1")
    assert (first.note, second.note, again.note) == (1, 2, 1)
    assert [note.number for note in notes.notes()] == [1, 2]
    assert notes.notes()[0].ref == {"kind": "observation", "key": "11"}


def test_fields_of_one_register_record_share_its_footnote() -> None:
    notes = Footnotes()
    quantity = notes.fig(stored("xkx-javelin-2024", 246, "quantity", "record"), "246")
    value = notes.fig(stored("xkx-javelin-2024", 75e6, "value", "record"), "US$ 75.0 million")
    mark = notes.mark(stored("xkx-javelin-2024", "xkx-javelin-2024", "", "record"))
    assert quantity.note == value.note == mark.note == 1
    assert (quantity.field, value.field) == ("quantity", "value")
    assert notes.notes()[0].ref == {"kind": "record", "key": "xkx-javelin-2024"}


def test_a_missing_value_is_never_shown() -> None:
    with pytest.raises(ValueError, match="no value"):
        Footnotes().fig(stored("1", float("nan")), "nan")


def test_stored_text_is_a_figure_only_when_it_holds_digits() -> None:
    notes = Footnotes()
    assert notes.text(stored("r", "armoured vehicles", "system", "record")) == "armoured vehicles"
    name = notes.text(stored("r", "Bayraktar TB2", "system", "record"))
    assert isinstance(name, Fig)
    assert (name.text, name.field, name.is_text) == ("Bayraktar TB2", "system", True)


def test_derived_footnotes_carry_their_inputs_and_weights() -> None:
    total = derive("sum", [stored("1", 10.0), stored("2", 4.0)], weights=[0.5, 1.0])
    assert total.value == 9.0
    assert total.ref.to_json() == {
        "kind": "derived",
        "key": "sum",
        "inputs": [{"kind": "observation", "key": "1"}, {"kind": "observation", "key": "2"}],
        "weights": [0.5, 1.0],
    }
    assert [c.identity for c in total.citations] == ["1", "2"]


@pytest.mark.parametrize(
    ("method", "values", "expected"),
    [
        ("growth", [165.6, 133.2], 24.324324),  # the essay's 2023 → 2024 change
        ("ratio", [2403.5569, 165.65725], 14.509),
        ("share", [16.35, 29.77], 54.921),
        ("difference", [1.4766, 1.8325], -0.3559),
        ("median", [2.6, 2.1, 2.0, 1.8, 1.8, 1.5, 0.7], 1.8),
        ("hhi", [1.0], 10_000.0),
        ("hhi", [5.0, 5.0], 5_000.0),
        ("count", [0.0, 0.0, 0.0], 3.0),
    ],
)
def test_derivations_compute_their_documented_formula(
    method: str, values: list[float], expected: float
) -> None:
    assert compute(method, values) == pytest.approx(expected, rel=1e-4)


def test_dates_read_as_precisely_as_they_are_known() -> None:
    assert when("2024-01-11").text == "11 January 2024"
    assert when("2023-05").text == "May 2023"
    assert when("2028") == year(2028)
    assert when("2024-01-11").iso == "2024-01-11"
    with pytest.raises(ValueError, match="YYYY"):
        when("next spring")


def test_figures_read_back_as_numbers_with_their_unit() -> None:
    assert formats.money(165_657_250, "USD") == "US$ 165.7 million"
    assert formats.money(2_403_556_900, "USD") == "US$ 2.40 billion"
    assert formats.money(2.7e9, "EUR") == "€ 2.70 billion"
    assert formats.change(-5.98) == "−6.0 %"
    assert formats.change(24.38) == "+24.4 %"
    assert formats.points(-0.356) == "0.36 percentage points"
    assert formats.tiv(1171.37) == "TIV 1,171.4 million"
    assert formats.in_unit(246, "count:Javelin FGM-148F anti-tank missiles") == "246"
    assert formats.in_unit(2e7, "count:cartridges") == "20,000,000 cartridges"


def test_marks_are_footnote_markers_without_a_figure() -> None:
    notes = Footnotes()
    assert notes.mark(stored("7", 1.0)) == Mark(1)

"""The tolerance rules of issue 4, part 4."""

from __future__ import annotations

from dataclasses import replace

import pytest

from powderkeg.claims.extract import extract
from powderkeg.claims.model import Claim
from powderkeg.claims.tolerance import (
    agrees,
    conversion_agrees,
    hedged_tolerance,
    multiple_agrees,
    relative_gap,
    tolerance,
    within,
)


def claim(text: str) -> Claim:
    return extract(text).claims[0]


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("2.78%", 2.785, 2.786),
        ("37%", 37.5, 37.51),
        ("$2.27 billion", 2.275e9, 2.2751e9),
        ("$150 million", 150.5e6, 150.51e6),
        ("24.3%", 24.35, 24.36),
    ],
)
def test_an_unhedged_number_allows_half_a_unit_of_its_last_digit(
    text: str, inside: float, outside: float
) -> None:
    assert agrees(claim(text), inside)
    assert not agrees(claim(text), outside)


def test_a_hedged_number_allows_five_percent_or_its_rounding() -> None:
    about = claim("about 36%")
    assert tolerance(about) == pytest.approx(1.8)
    assert agrees(about, 34.3)
    assert not agrees(about, 34.1)
    assert hedged_tolerance(1.0, 0.5) == 0.5


def test_bounds_are_one_sided() -> None:
    at_least = claim("at least 430 million EUR")
    assert agrees(at_least, 900e6)
    assert agrees(at_least, 429.5e6)
    assert not agrees(at_least, 429e6)
    up_to = claim("up to 20%")
    assert agrees(up_to, 1.0)
    assert not agrees(up_to, 20.6)


def test_a_range_accepts_anything_between_its_ends() -> None:
    between = claim("24–36 %")
    assert agrees(between, 24.0)
    assert agrees(between, 36.5)
    assert not agrees(between, 36.6)


def test_multiples_allow_ten_percent_of_the_factor() -> None:
    doubled = claim("doubled")
    assert multiple_agrees(doubled, 2.2)
    assert not multiple_agrees(doubled, 2.21)
    assert not multiple_agrees(doubled, 1.79)


def test_nearly_x_times_means_at_most_x() -> None:
    nearly = claim("nearly 3 times")
    assert multiple_agrees(nearly, 2.7)
    assert multiple_agrees(nearly, 3.0)
    assert not multiple_agrees(nearly, 3.05)
    assert not multiple_agrees(nearly, 2.69)


def test_factors_below_one_are_judged_on_their_inverses() -> None:
    halved = claim("halved")
    assert multiple_agrees(halved, 1 / 2.2)
    assert not multiple_agrees(halved, 0.6)
    less = claim("five times less")
    assert multiple_agrees(less, 1 / 5.4)
    assert not multiple_agrees(less, 0.25)


def test_a_bounded_multiple_is_one_sided() -> None:
    more = replace(claim("doubled"), bound="over")
    assert multiple_agrees(more, 5.0)
    assert not multiple_agrees(more, 1.7)


def test_a_conversion_allows_two_percent_on_the_rate() -> None:
    assert conversion_agrees(225e6, 0.5e6, 208e6 * 1.0824)
    assert not conversion_agrees(225e6, 0.5e6, 208e6 * 1.13)
    assert conversion_agrees(1.0, 0.5, 1.4)  # "$1" is ± 0.5 whatever the rate


def test_within_has_float_slack_at_the_boundary() -> None:
    assert within(24.3, 24.35, 0.05)
    assert relative_gap(110.0, 100.0) == pytest.approx(0.1)
    assert relative_gap(1.0, 0.0) is None

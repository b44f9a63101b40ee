"""Extraction: which numbers are claims, their values in base units, units, hedges and spans."""

from __future__ import annotations

import pytest

from powderkeg.claims.extract import extract
from powderkeg.claims.model import Claim


def only(text: str) -> Claim:
    claims = extract(text).claims
    assert len(claims) == 1, [c.raw for c in claims]
    return claims[0]


@pytest.mark.parametrize(
    ("text", "value", "currency", "raw"),
    [
        ("valued at $80 million.", 80e6, "USD", "$80 million"),
        ("a budget of US$ 3.6bn in all", 3.6e9, "USD", "US$ 3.6bn"),
        ("a budget of €208m this year", 208e6, "EUR", "€208m"),
        ("it stood at 133.2 million USD, up", 133.2e6, "USD", "133.2 million USD"),
        ("exactly USD 225 million were paid", 225e6, "USD", "USD 225 million"),
        ("six million euros more", 6e6, "EUR", "six million euros"),
        ("12 billion dinars for the army", 12e9, "RSD", "12 billion dinars"),
        ("only 100 lek", 100.0, "ALL", "100 lek"),
        ("spent RSD 12.3 billion", 12.3e9, "RSD", "RSD 12.3 billion"),
        ("a £5k grant", 5e3, "GBP", "£5k"),
        ("1.355.696.000,5 EUR and 64,78 percent", 1355696000.5, "EUR", "1.355.696.000,5 EUR"),
    ],
)
def test_money_is_read_in_base_units_with_its_currency(
    text: str, value: float, currency: str, raw: str
) -> None:
    claim = extract(text).claims[0]
    assert (claim.kind, claim.value, claim.currency, claim.unit) == (
        "money",
        value,
        currency,
        currency,
    )
    assert claim.raw == raw == text[claim.start : claim.end]


def test_money_precision_is_half_a_unit_of_the_last_digit_times_the_scale() -> None:
    assert only("at 1.234567 million USD.").precision == pytest.approx(0.5)
    assert only("at 133.2 million USD.").precision == pytest.approx(0.05e6)
    assert only("at $150 million.").precision == pytest.approx(0.5e6)
    assert only("at $2.27 billion.").precision == pytest.approx(0.005e9)


def test_short_scales_need_a_currency() -> None:
    wall, money = extract("a wall of 100 m and 5 M euros").claims
    assert (wall.kind, wall.value, wall.unit) == ("quantity", 100.0, "m")
    assert (money.kind, money.value, money.unit) == ("money", 5e6, "EUR")


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("a 23.78% increase", "percent", 23.78),
        ("it was 64,78 percent of all", "percent", 64.78),
        ("some 36 per cent", "percent", 36.0),
        ("up 0.5 percentage points", "pp", 0.5),
        ("up 2 pp on the year", "pp", 2.0),
        ("twenty percent of it", "percent", 20.0),
    ],
)
def test_percentages_and_points(text: str, unit: str, value: float) -> None:
    claim = only(text)
    assert (claim.unit, claim.value) == (unit, pytest.approx(value))


def test_a_count_keeps_the_counted_thing() -> None:
    claim = only("Kosovo has acquired 246 Javelin FGM-148F anti-tank missiles, valued")
    assert (claim.kind, claim.value, claim.raw) == ("count", 246.0, "246")
    assert claim.thing == "Javelin FGM-148F anti-tank missiles"
    assert claim.unit == "count:Javelin FGM-148F anti-tank missiles"


def test_a_scaled_count_is_in_units() -> None:
    claim = only("an annual capacity of 20 million cartridges across calibers")
    assert (claim.value, claim.thing, claim.raw) == (20e6, "cartridges", "20 million")


def test_a_measured_quantity_carries_its_unit_and_measure() -> None:
    claim = only("Spanning over 100 hectares, it")
    assert (claim.kind, claim.unit, claim.measure, claim.bound) == (
        "quantity",
        "ha",
        "area",
        "over",
    )
    assert claim.raw == "100 hectares"


@pytest.mark.parametrize(
    ("text", "factor", "raw"),
    [
        ("spending doubled since", 2.0, "doubled"),
        ("it tripled", 3.0, "tripled"),
        ("the force was halved", 0.5, "halved"),
        ("five times less money", 0.2, "five times less"),
        ("five times more money", 5.0, "five times"),
        ("a fourfold rise", 4.0, "fourfold"),
        ("a 3-fold rise", 3.0, "3-fold"),
        ("2.5 times the amount", 2.5, "2.5 times"),
    ],
)
def test_multiples(text: str, factor: float, raw: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.unit, claim.raw) == ("multiple", "multiple", raw)
    assert claim.value == pytest.approx(factor)


def test_three_times_a_year_is_a_frequency_not_a_multiple() -> None:
    assert extract("they meet 3 times a year").claims == ()


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("about 5,000 troops", "about"),
        ("around $80 million", "around"),
        ("(approximately 225 million USD)", "approximately"),
        ("roughly 20%", "roughly"),
        ("some 400 soldiers", "some"),
        ("nearly 36%", "nearly"),
        ("almost 36%", "almost"),
        ("close to 36%", "close to"),
        ("an estimated 36%", "an estimated"),
        ("~36%", "about"),
    ],
)
def test_hedges_are_kept_outside_the_span(text: str, hedge: str) -> None:
    claim = only(text)
    assert claim.hedge == hedge
    assert claim.bound is None
    assert hedge.split()[-1] not in claim.raw


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("over 100 hectares", "over"),
        ("more than 5,000 troops", "over"),
        ("at least 430 million EUR", "at_least"),
        ("under 2%", "under"),
        ("less than 2%", "under"),
        ("up to 20 million cartridges", "up_to"),
    ],
)
def test_bounds(text: str, bound: str) -> None:
    assert only(text).bound == bound


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("a share of 24–36 %", 24.0, 36.0, "percent"),
        ("a share of 24-36%", 24.0, 36.0, "percent"),
        ("between 24 and 36 percent", 24.0, 36.0, "percent"),
        ("24 to 36 percent", 24.0, 36.0, "percent"),
        ("$1.2–1.5 billion", 1.2e9, 1.5e9, "USD"),
    ],
)
def test_ranges_are_one_claim_with_low_and_high(
    text: str, low: float, high: float, unit: str
) -> None:
    claim = only(text)
    assert (claim.low, claim.high, claim.unit) == (pytest.approx(low), pytest.approx(high), unit)
    assert claim.value == pytest.approx((low + high) / 2)


def test_from_a_to_b_is_two_claims_sharing_the_unit() -> None:
    first, second = extract("rose from 153 to 208 million EUR").claims
    assert (first.value, first.unit, first.is_base, first.raw) == (153e6, "EUR", True, "153")
    assert (second.value, second.unit, second.is_base) == (208e6, "EUR", False)


def test_years_are_periods_not_claims() -> None:
    found = extract("In 2023 and over 2021-2024 (and 2025–28), a total 2025 national budget")
    assert found.claims == ()
    assert [p.label for p in found.periods] == ["2023", "2021-2024", "2025-2028", "2025"]


def test_a_year_after_from_is_a_base_period() -> None:
    found = extract("a 23.78% increase from 2022, since 2019, in 2024")
    assert [(p.label, p.is_base) for p in found.periods] == [
        ("2022", True),
        ("2019", True),
        ("2024", False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Resolution 1244 (UNSCR 1244) prohibits",
        "UNSCR 1244 explicitly recognizes KFOR",
        "exercises such as DEFENDER 25, where",
        "Bayraktar TB2 drones and F-16 jets and MiG-29s",
        "the 2nd brigade",
        "on 12/05/2024 at 10:30",
        "two NATO members and four years",
        "1.2.3 million EUR",
        "it was 150 million.",
    ],
)
def test_identifiers_references_dates_and_bare_numbers_are_not_claims(text: str) -> None:
    assert extract(text).claims == ()


def test_claim_ids_follow_text_order() -> None:
    claims = extract("at $80 million, 24.3% and 246 missiles").claims
    assert [c.id for c in claims] == ["c1", "c2", "c3"]
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_a_document_in_european_style_reads_ambiguous_groups_as_decimals() -> None:
    claims = extract("5,000 soldiers and 64,78 percent").claims
    assert claims[0].value == pytest.approx(5.0)
    assert extract("5,000 soldiers and 64.78 percent").claims[0].value == 5000.0

"""Reading numbers in both grouping styles, with the precision they state."""

from __future__ import annotations

import pytest

from powderkeg.claims.numbers import Style, detect_style, parse_number, parse_number_words


@pytest.mark.parametrize(
    ("token", "style", "value", "decimals"),
    [
        ("1,355,696,000.5", "en", 1355696000.5, 1),
        ("1.355.696.000,5", "en", 1355696000.5, 1),
        ("1.355.696.000,5", "eu", 1355696000.5, 1),
        ("64,78", "en", 64.78, 2),
        ("133.2", "en", 133.2, 1),
        ("5,000", "en", 5000.0, 0),
        ("5,000", "eu", 5.0, 3),
        ("1.355", "en", 1.355, 3),
        ("1.355", "eu", 1355.0, 0),
        ("0,125", "en", 0.125, 3),
        ("2024", "en", 2024.0, 0),
        ("1\u00a0355\u00a0696", "eu", 1355696.0, 0),
    ],
)
def test_parse_number_reads_both_styles(
    token: str, style: Style, value: float, decimals: int
) -> None:
    parsed = parse_number(token, style)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert parsed.decimals == decimals


@pytest.mark.parametrize(
    "token", ["1.2.3", "12,34.5", "1,2,3", "1.234,567,890", "12345,678,9", "1,,2"]
)
def test_parse_number_refuses_malformed_tokens(token: str) -> None:
    assert parse_number(token) is None


@pytest.mark.parametrize(
    ("token", "half_unit"), [("2.78", 0.005), ("37", 0.5), ("133.2", 0.05), ("5,000", 0.5)]
)
def test_precision_is_half_a_unit_of_the_last_stated_digit(token: str, half_unit: float) -> None:
    parsed = parse_number(token)
    assert parsed is not None
    assert parsed.half_unit == pytest.approx(half_unit)


@pytest.mark.parametrize(
    ("words", "value"), [("six", 6), ("Twenty-five", 25), ("ninety nine", 99), ("ten", 10)]
)
def test_parse_number_words_reads_english_cardinals(words: str, value: int) -> None:
    parsed = parse_number_words(words)
    assert parsed is not None
    assert parsed.value == value


@pytest.mark.parametrize("words", ["twenty-ten", "five-six", "dozen", "ten one"])
def test_parse_number_words_refuses_what_is_not_a_cardinal(words: str) -> None:
    assert parse_number_words(words) is None


def test_detect_style_follows_the_unambiguous_numbers() -> None:
    assert detect_style(["64,78", "1.355.696,5", "5,000"]) == "eu"
    assert detect_style(["133.2", "5,000", "1,355,696.5"]) == "en"


def test_detect_style_defaults_to_english_and_ignores_malformed_tokens() -> None:
    assert detect_style(["5,000", "1.355"]) == "en"
    assert detect_style(["1.2.3", "133.2"]) == "en"

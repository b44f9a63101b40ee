"""Property tests: extraction and checking never crash, and spans always point at the number."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from powderkeg.claims import check
from powderkeg.claims.extract import extract
from powderkeg.claims.numbers import parse_number

# Fragments that exercise every rule, glued in any order with any separators.
FRAGMENTS = [
    "1,355,696,000.5", "1.355.696.000,5", "64,78", "5,000", "1.2.3", "133.2", "2024", "2021-2024",
    "24–36", "0", "00", "1.", ",5", "9" * 30, "$", "US$", "€", "£", "EUR", "USD", "RSD", "ALL",
    "million", "bn", "m", "k", "%", "percent", "percentage points", "pp", "times", "less",
    "fold", "doubled", "halved", "five", "twenty-one", "about", "~", "nearly", "at least",
    "up to", "over", "between", "and", "to", "from", "in", "Kosovo", "Serbia’s", "U.S.",
    "F-16", "TB2", "12/05", "10:30", "missiles", "hectares", "budget", "GDP", "of which",
    "a total of", "(", ")", ",", ".", "—", "-", "\n\n", " ", "\u00a0", "é", "𝟙", "٣",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
)


def _rate(base: str, quote: str, year: int) -> tuple[float, str]:
    return 1.1, "test"


@settings(max_examples=400, deadline=None)
@given(texts)
def test_extraction_never_crashes_and_spans_hold_the_number_as_written(text: str) -> None:
    found = extract(text)
    for claim in found.claims:
        start, end = claim.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == claim.raw
        assert claim.number in claim.raw
        assert claim.precision >= 0
    for period in found.periods:
        assert 0 <= period.span[0] < period.span[1] <= len(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_checking_never_crashes_and_checks_name_real_claims(text: str) -> None:
    report = check(text, rate_for=_rate)
    ids = {claim.id: claim.span for claim in report.claims}
    for item in report.checks:
        assert item.verdict in {"consistent", "inconsistent", "unverifiable"}
        assert [ids[claim_id] for claim_id in item.claim_ids] == list(item.spans)


@given(st.text(alphabet="0123456789.,\u00a0", min_size=1, max_size=25))
def test_parse_number_never_crashes(token: str) -> None:
    for style in ("en", "eu"):
        parsed = parse_number(token, style)
        assert parsed is None or parsed.value >= 0


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=99))
def test_english_grouping_round_trips(whole: int, cents: int) -> None:
    written = f"{whole:,}.{cents:02d}"
    parsed = parse_number(written, "en")
    assert parsed is not None
    assert parsed.value == float(f"{whole}.{cents:02d}")
    european = written.replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_number(european, "eu") == parsed

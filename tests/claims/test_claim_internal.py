"""Internal checks on small texts: each kind, consistent and inconsistent, and what is unverifiable."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from powderkeg.claims import Check, CheckReport, RateLookup, check
from powderkeg.errors import QueryError

RateMaker = Callable[[dict[tuple[str, str, int], float]], RateLookup]


def checks_of(report: CheckReport, kind: str) -> list[Check]:
    return [c for c in report.checks if c.kind == kind]


def single(text: str, kind: str, rate_for: RateLookup | None = None) -> Check:
    found = checks_of(check(text, rate_for=rate_for), kind)
    assert len(found) == 1, found
    return found[0]


def test_percent_change_between_two_years() -> None:
    text = "In 2023 Serbia spent 100 million EUR. In 2024 it spent 110 million EUR, a 10% rise."
    found = single(text, "percent_change")
    assert found.verdict == "consistent"
    assert (found.stated, found.recomputed) == (10.0, pytest.approx(10.0))
    assert found.basis == "internal"
    assert found.evidence == ()


def test_percent_change_is_judged_at_the_stated_precision() -> None:
    text = "In 2023 Serbia spent 100 million EUR. In 2024 it spent 110.6 million EUR, a 10% rise."
    found = single(text, "percent_change")
    assert found.verdict == "inconsistent"
    assert found.recomputed == pytest.approx(10.6)
    assert "+10.6 %" in found.explanation


def test_a_stated_decrease_is_compared_with_a_fall() -> None:
    text = "Spending fell by 10% to 90 million EUR in 2024 from 100 million EUR in 2023."
    found = single(text, "percent_change")
    assert (found.verdict, found.stated) == ("consistent", -10.0)
    assert found.recomputed == pytest.approx(-10.0)


def test_a_rise_stated_for_a_fall_is_inconsistent() -> None:
    text = "Spending rose 10% to 90 million EUR in 2024 from 100 million EUR in 2023."
    assert single(text, "percent_change").verdict == "inconsistent"


def test_check_spans_are_the_spans_of_every_claim_used() -> None:
    text = "In 2023 Serbia spent 100 million EUR. In 2024 it spent 110 million EUR, a 10% rise."
    report = check(text)
    found = checks_of(report, "percent_change")[0]
    assert found.claim_ids == ("c1", "c2", "c3")
    assert [text[s:e] for s, e in found.spans] == ["100 million EUR", "110 million EUR", "10%"]


def test_stated_difference() -> None:
    text = "For 2025 the budget is 208 million EUR, up from 153 million EUR in 2024, six million euros more."
    found = single(text, "difference")
    assert found.verdict == "inconsistent"
    assert (found.stated, found.recomputed) == (6e6, 55e6)


def test_a_decrease_of_an_amount() -> None:
    text = (
        "The budget is 90 million EUR in 2024, down from 100 million EUR in 2023, "
        "a decrease of 10 million EUR."
    )
    found = single(text, "difference")
    assert (found.verdict, found.stated, found.recomputed) == ("consistent", -10e6, -10e6)


def test_projection_reports_the_target_and_judges_the_rate() -> None:
    text = (
        "Kosovo spent 500 million EUR over 2021-2024 and plans to raise spending by 100% to "
        "1 billion EUR over 2025-2028."
    )
    found = single(text, "projection")
    assert found.verdict == "consistent"
    assert (found.stated, found.recomputed) == (1e9, pytest.approx(1e9))


def test_a_change_stated_without_future_words_is_a_percent_change() -> None:
    text = "Serbia spent 100 million EUR in 2023 and rose by 20% to 120 million EUR in 2024."
    assert single(text, "percent_change").verdict == "consistent"
    assert checks_of(check(text), "projection") == []


def test_percentage_point_change() -> None:
    text = "The share rose from 2.1% in 2022 to 2.6% in 2023, up 0.6 percentage points."
    found = single(text, "pp_change")
    assert (found.verdict, found.recomputed) == ("inconsistent", pytest.approx(0.5))


@pytest.mark.parametrize(
    ("verb", "verdict"),
    [("doubled", "consistent"), ("tripled", "inconsistent"), ("nearly doubled", "inconsistent")],
)
def test_multiples_of_a_change(verb: str, verdict: str) -> None:
    text = f"Serbia's budget {verb} from 500 million EUR in 2015 to 1.05 billion EUR in 2023."
    found = single(text, "multiple")
    assert found.verdict == verdict
    assert found.recomputed == pytest.approx(2.1)


def test_a_multiple_comparing_two_amounts() -> None:
    text = "In 2023 Serbia spent 1.25 billion EUR, five times the 250 million EUR of Kosovo."
    found = single(text, "multiple")
    assert (found.verdict, found.recomputed) == ("consistent", pytest.approx(5.0))
    four = "In 2023 Serbia spent 1 billion EUR, five times the 250 million EUR of Kosovo."
    assert single(four, "multiple").verdict == "inconsistent"


def test_a_stated_share_of_gdp() -> None:
    text = "Serbia spent 1.2 billion EUR on defence in 2023, 2% of its GDP of 60 billion EUR."
    found = single(text, "share")
    assert (found.verdict, found.stated, found.recomputed) == (
        "consistent",
        2.0,
        pytest.approx(2.0),
    )


def test_a_computed_share_is_reported_with_nothing_stated() -> None:
    text = (
        "In 2025 the Kosovo defence budget is 208 million EUR. "
        "The total 2025 national budget of Kosovo is 3.6 billion EUR."
    )
    found = single(text, "share")
    assert (found.verdict, found.stated) == ("consistent", None)
    assert found.recomputed == pytest.approx(5.7778, abs=1e-4)
    assert "states no share" in found.explanation


def test_a_part_larger_than_its_total_is_inconsistent() -> None:
    text = (
        "In 2025 the Kosovo defence budget is 4 billion EUR. "
        "The total 2025 national budget of Kosovo is 3.6 billion EUR."
    )
    assert single(text, "share").verdict == "inconsistent"


def test_a_written_total() -> None:
    text = "The army received 300 tanks and 200 trucks, a total of 520 vehicles."
    found = single(text, "sum")
    assert (found.verdict, found.stated, found.recomputed) == ("inconsistent", 520.0, 500.0)


def test_parts_of_which_must_not_exceed_the_total() -> None:
    fits = "A budget of 500 million EUR, of which 300 million EUR for pay and 150 million EUR for arms."
    exceeds = "A budget of 500 million EUR, of which 300 million EUR for pay and 250 million EUR for arms."
    assert single(fits, "sum").verdict == "consistent"
    assert single(exceeds, "sum").verdict == "inconsistent"


def test_a_multi_year_amount_against_its_yearly_amounts() -> None:
    text = (
        "Kosovo spent 100 million EUR in 2021, 110 million EUR in 2022, 120 million EUR in 2023 "
        "and 130 million EUR in 2024: 480 million EUR over 2021-2024."
    )
    found = single(text, "sum")
    assert (found.verdict, found.recomputed) == ("inconsistent", 460e6)
    assert len(found.claim_ids) == 5


def test_one_quantity_stated_twice() -> None:
    text = "Serbia had 28,000 troops in 2023. Later we read that Serbia had 30,000 troops in 2023."
    found = single(text, "repeated")
    assert (found.verdict, found.stated, found.recomputed) == ("inconsistent", 30000.0, 28000.0)


def test_a_repeated_quantity_within_rounding_is_consistent() -> None:
    text = "Serbia had about 28,000 troops in 2023. Serbia had 28,500 troops in 2023."
    assert single(text, "repeated").verdict == "consistent"


def test_conversion_uses_the_year_and_the_year_before(rates_from: RateMaker) -> None:
    rates = rates_from({("EUR", "USD", 2024): 1.0824, ("EUR", "USD", 2025): 1.13})
    text = "For 2025 the budget is 208 million EUR (approximately 225 million USD)."
    found = single(text, "conversion", rates)
    assert found.verdict == "consistent"
    assert found.recomputed == pytest.approx(208e6 * 1.0824)
    assert [e.value for e in found.evidence] == [1.13, 1.0824]
    assert "2025" in found.explanation
    assert "235.04 M USD" in found.explanation


def test_conversion_off_at_both_years_is_inconsistent(rates_from: RateMaker) -> None:
    rates = rates_from({("EUR", "USD", 2024): 1.0824, ("EUR", "USD", 2025): 1.13})
    found = single("In 2025 it cost 208 million EUR (or 260 million USD).", "conversion", rates)
    assert (found.verdict, found.recomputed) == ("inconsistent", pytest.approx(208e6 * 1.13))


def test_conversion_without_rates_or_year_is_unverifiable(rates_from: RateMaker) -> None:
    text = "For 2025 the budget is 208 million EUR (approximately 225 million USD)."
    assert single(text, "conversion").verdict == "unverifiable"
    no_year = single("It costs 208 million EUR (225 million USD).", "conversion", rates_from({}))
    assert no_year.verdict == "unverifiable"
    assert "no year" in no_year.explanation


def test_a_rate_lookup_that_raises_means_no_rate() -> None:
    def failing(base: str, quote: str, year: int) -> tuple[float, str] | None:
        raise QueryError(f"no {base}->{quote} rate for {year}")

    found = single("In 2025 it cost 208 million RSD (2 million EUR).", "conversion", failing)
    assert found.verdict == "unverifiable"


def test_the_data_checker_receives_the_claims_and_its_checks_follow() -> None:
    seen: list[str] = []

    def data_checker(claims: object) -> list[Check]:
        assert isinstance(claims, tuple)
        seen.extend(c.raw for c in claims)
        return [Check("value", "data", "unverifiable", ("c1",), ((0, 1),), None, None, "no data")]

    report = check("In 2023 Serbia spent 100 million EUR.", data_checker=data_checker)
    assert seen == ["100 million EUR"]
    assert report.checks[-1].basis == "data"


def test_a_zero_base_is_unverifiable() -> None:
    text = "In 2023 Serbia spent 0 million EUR. In 2024 it spent 110 million EUR, a 10% rise."
    assert single(text, "percent_change").verdict == "unverifiable"


def test_a_conversion_at_the_previous_year_only_says_the_year_had_no_rate(
    rates_from: RateMaker,
) -> None:
    rates = rates_from({("EUR", "USD", 2024): 1.0824})
    text = "For 2025 the budget is 208 million EUR (approximately 225 million USD)."
    found = single(text, "conversion", rates)
    assert found.verdict == "consistent"
    assert "No 2025 rate was available." in found.explanation

"""Known answers on the reference essay (issue 4, "Acceptance on the essay"): the internal half.

The numbers are read from the essay itself; the rates are the ECB yearly EUR→USD means (2024 =
1.0824, the ECB's published average; 2025 ≈ 1.13), injected as the lead's rate book would be.
"""

from __future__ import annotations

import pytest

from powderkeg.claims import Check, CheckReport, Claim, check


@pytest.fixture(scope="module")
def report(essay: str) -> CheckReport:
    def rate_for(base: str, quote: str, year: int) -> tuple[float, str] | None:
        rates = {("EUR", "USD", 2024): 1.0824, ("EUR", "USD", 2025): 1.13}
        rate = rates.get((base, quote, year))
        return (rate, f"ECB yearly mean {year}") if rate else None

    return check(essay, rate_for=rate_for)


def claim_at(report: CheckReport, raw: str) -> Claim:
    matches = [claim for claim in report.claims if claim.raw == raw]
    assert len(matches) == 1, [c.raw for c in report.claims]
    return matches[0]


def check_using(report: CheckReport, kind: str, *raws: str) -> Check:
    ids = {claim_at(report, raw).id for raw in raws}
    found = [c for c in report.checks if c.kind == kind and ids <= set(c.claim_ids)]
    assert len(found) == 1, [(c.kind, c.claim_ids) for c in report.checks]
    return found[0]


def test_spending_2023_is_linked_to_kosovo_and_2023(report: CheckReport) -> None:
    claim = claim_at(report, "133.2 million USD")
    assert (claim.value, claim.unit, claim.entity, claim.period, claim.measure) == (
        133.2e6,
        "USD",
        "XKX",
        "2023",
        "spending",
    )


def test_growth_2023_is_linked_to_kosovo_and_2023(report: CheckReport) -> None:
    claim = claim_at(report, "23.78%")
    assert (claim.value, claim.entity, claim.period, claim.measure, claim.direction) == (
        23.78,
        "XKX",
        "2023",
        "growth",
        "up",
    )


def test_the_2024_hike_is_consistent(report: CheckReport) -> None:
    found = check_using(report, "percent_change", "133.2 million USD", "165.6 million USD", "24.3%")
    assert found.verdict == "consistent"
    assert found.stated == 24.3
    assert found.recomputed == pytest.approx((165.6 / 133.2 - 1) * 100)
    assert found.recomputed == pytest.approx(24.32, abs=0.005)


def test_the_2025_increase_of_55_million_is_consistent(report: CheckReport) -> None:
    found = check_using(
        report, "difference", "153 million EUR", "208 million EUR", "55 million EUR"
    )
    assert (found.verdict, found.stated, found.recomputed) == ("consistent", 55e6, 55e6)


def test_the_2025_increase_of_about_36_percent_is_consistent(report: CheckReport) -> None:
    found = check_using(report, "percent_change", "153 million EUR", "208 million EUR", "36%")
    assert found.verdict == "consistent"
    assert found.recomputed == pytest.approx(35.95, abs=0.005)
    assert claim_at(report, "36%").hedge == "about"


def test_the_conversion_matches_the_2024_rate_and_is_off_at_2025(report: CheckReport) -> None:
    found = check_using(report, "conversion", "208 million EUR", "225 million USD")
    assert found.verdict == "consistent"
    assert found.recomputed == pytest.approx(208e6 * 1.0824)  # 225.14 M
    assert "2024 average" in found.explanation
    assert "At the 2025 average rate (1.13) it would be 235.04 M USD" in found.explanation
    assert {e.locator for e in found.evidence} == {
        "EUR->USD 2024 yearly average",
        "EUR->USD 2025 yearly average",
    }


def test_the_projection_to_1_billion_is_inconsistent(report: CheckReport) -> None:
    found = check_using(report, "projection", "430 million EUR", "60%", "1 billion EUR")
    assert found.verdict == "inconsistent"
    assert (found.stated, found.recomputed) == (1e9, pytest.approx(688e6))
    assert "+132.56 %" in found.explanation  # what 1 bn would take
    assert claim_at(report, "430 million EUR").bound == "at_least"
    assert claim_at(report, "430 million EUR").period == "2021-2024"
    assert claim_at(report, "1 billion EUR").period == "2025-2028"


def test_the_defence_budget_is_reported_as_a_share_of_the_national_budget(
    report: CheckReport,
) -> None:
    found = check_using(report, "share", "208 million EUR", "3.6 billion EUR")
    assert (found.verdict, found.stated) == ("consistent", None)
    assert found.recomputed == pytest.approx(208 / 3600 * 100)
    assert round(found.recomputed or 0, 1) == 5.8


def test_javelins_are_a_count_of_javelins(report: CheckReport) -> None:
    claim = claim_at(report, "246")
    assert (claim.kind, claim.value, claim.entity) == ("count", 246.0, "XKX")
    assert claim.thing is not None
    assert claim.thing.startswith("Javelin")
    assert set(claim.mentions) >= {"USA", "XKX"}


def test_the_javelin_value_is_hedged(report: CheckReport) -> None:
    claim = claim_at(report, "$80 million")
    assert (claim.value, claim.currency, claim.hedge, claim.measure) == (
        80e6,
        "USD",
        "around",
        "value",
    )


def test_cartridges_are_a_capacity_count(report: CheckReport) -> None:
    claim = claim_at(report, "20 million")
    assert (claim.kind, claim.value, claim.thing, claim.measure) == (
        "count",
        20e6,
        "cartridges",
        "capacity",
    )


def test_active_personnel_of_kosovo(report: CheckReport) -> None:
    claim = claim_at(report, "5,000")
    assert (claim.value, claim.measure, claim.entity, claim.period) == (
        5000.0,
        "personnel",
        "XKX",
        None,
    )


def test_years_and_identifiers_are_not_claims(report: CheckReport) -> None:
    raws = {claim.raw for claim in report.claims}
    assert not raws & {"2008", "1999", "2028", "1244", "25", "2", "148"}


def test_every_check_of_the_essay_is_internal_and_decided(report: CheckReport) -> None:
    assert {c.basis for c in report.checks} == {"internal"}
    assert all(c.verdict != "unverifiable" for c in report.checks)
    assert len(report.checks) == 6

"""Issue 4 acceptance on the essay, through the public API and the default (bundled) store."""

from __future__ import annotations

from pathlib import Path

import pytest

import powderkeg
from powderkeg.claims import Check, CheckReport


@pytest.fixture(scope="module")
def report(essay: str, default_db: Path) -> CheckReport:
    return powderkeg.check(essay, db=default_db)


def only(report: CheckReport, kind: str, basis: str, raw: str) -> Check:
    found = [
        c for c in report.checks
        if c.kind == kind and c.basis == basis
        and any(report.text[s:e] == raw for s, e in c.spans)
    ]  # fmt: skip
    assert len(found) == 1, [c.explanation for c in found]
    return found[0]


def test_2023_spending_and_growth_agree_with_the_store(report: CheckReport) -> None:
    spending = only(report, "data_spending", "data", "133.2 million USD")
    assert spending.verdict == "consistent"
    assert spending.recomputed == pytest.approx(133.19e6, abs=0.01e6)
    assert spending.evidence[0].vintage == "2024"
    assert spending.evidence[0].locator.startswith("sheet=Current US$!")
    growth = only(report, "data_growth", "data", "23.78%")
    assert growth.verdict == "consistent"
    assert growth.recomputed == pytest.approx(23.78, abs=0.005)


def test_2024_spending_and_growth_agree_internally_and_with_the_data(report: CheckReport) -> None:
    internal = only(report, "percent_change", "internal", "24.3%")
    assert internal.verdict == "consistent"
    assert internal.recomputed == pytest.approx(24.32, abs=0.005)
    spending = only(report, "data_spending", "data", "165.6 million USD")
    assert spending.verdict == "consistent"
    assert spending.evidence[0].vintage == "2026"
    assert "truncated" in spending.explanation
    growth = only(report, "data_growth", "data", "24.3%")
    assert growth.verdict == "consistent"
    assert "2026+2024" in growth.explanation  # computed across two releases, and says so


def test_budget_increase_of_55_million_and_36_percent(report: CheckReport) -> None:
    assert only(report, "difference", "internal", "55 million EUR").verdict == "consistent"
    change = only(report, "percent_change", "internal", "36%")
    assert change.verdict == "consistent"
    assert change.recomputed == pytest.approx(35.95, abs=0.005)


def test_conversion_fits_2024_rate_and_is_noted_off_at_2025(report: CheckReport) -> None:
    conversion = only(report, "conversion", "internal", "225 million USD")
    assert conversion.verdict == "consistent"
    assert conversion.recomputed == pytest.approx(208e6 * 1.0824, rel=1e-3)
    assert "2025" in conversion.explanation
    assert "inconsistent" in conversion.explanation


def test_at_least_430_million_checked_against_the_yearly_figures(report: CheckReport) -> None:
    total = only(report, "data_spending", "data", "430 million EUR")
    assert total.verdict == "consistent"
    assert len(total.evidence) == 4  # 2021, 2022, 2023, 2024
    assert total.recomputed is not None
    assert total.recomputed >= 430e6


def test_by_60_percent_to_1_billion_is_inconsistent(report: CheckReport) -> None:
    projection = only(report, "projection", "internal", "1 billion EUR")
    assert projection.verdict == "inconsistent"
    assert projection.recomputed == pytest.approx(688e6)
    assert "132.56" in projection.explanation


def test_share_of_the_national_budget_is_reported(report: CheckReport) -> None:
    share = only(report, "share", "internal", "3.6 billion EUR")
    assert share.recomputed == pytest.approx(5.78, abs=0.005)


def test_5000_active_is_a_2028_target_in_the_store(report: CheckReport) -> None:
    personnel = only(report, "data_personnel", "data", "5,000")
    assert personnel.verdict == "unverifiable"
    assert "target" in personnel.explanation
    assert "2028" in personnel.explanation


def test_javelin_value_of_80_million_is_inconsistent_with_the_75_million_notification(
    report: CheckReport,
) -> None:
    quantity = only(report, "data_quantity", "data", "246")
    assert quantity.verdict == "consistent"
    value = only(report, "data_value", "data", "$80 million")
    assert value.verdict == "inconsistent"
    assert value.recomputed == pytest.approx(75e6)
    assert "xkx-javelin-2024" in value.evidence[0].source


def test_json_contract_has_exactly_the_documented_keys(report: CheckReport) -> None:
    document = report.to_dict()
    assert set(document) == {"text", "claims", "checks"}
    assert set(document["claims"][0]) == {
        "id", "span", "value", "unit", "entity", "period", "measure", "hedge",
    }  # fmt: skip
    assert set(document["checks"][0]) == {
        "kind", "basis", "verdict", "claim_ids", "spans", "stated", "recomputed",
        "explanation", "evidence",
    }  # fmt: skip
    bases = {check["basis"] for check in document["checks"]}
    assert bases == {"internal", "data"}

"""The JSON contract of issue 4, part 5: exactly these keys, JSON-ready values."""

from __future__ import annotations

import json

from powderkeg.claims import check

CLAIM_KEYS = {"id", "span", "value", "unit", "entity", "period", "measure", "hedge"}
CHECK_KEYS = {
    "kind",
    "basis",
    "verdict",
    "claim_ids",
    "spans",
    "stated",
    "recomputed",
    "explanation",
    "evidence",
}
EVIDENCE_KEYS = {"source", "vintage", "value", "locator"}


def _rate(base: str, quote: str, year: int) -> tuple[float, str]:
    return 1.08, "test"


TEXT = (
    "In 2023 Kosovo spent 100 million EUR. In 2024 it spent about 110 million EUR "
    "(approximately 119 million USD), a 10% rise."
)


def test_report_to_dict_has_exactly_the_contract_keys() -> None:
    found = check(TEXT, rate_for=_rate).to_dict()
    assert set(found) == {"text", "claims", "checks"}
    assert found["text"] == TEXT
    assert all(set(claim) == CLAIM_KEYS for claim in found["claims"])
    assert all(set(item) == CHECK_KEYS for item in found["checks"])
    evidence = [e for item in found["checks"] for e in item["evidence"]]
    assert evidence
    assert all(set(e) == EVIDENCE_KEYS for e in evidence)


def test_report_to_dict_round_trips_through_json() -> None:
    found = check(TEXT, rate_for=_rate).to_dict()
    assert json.loads(json.dumps(found, allow_nan=False)) == found


def test_spans_are_lists_of_two_offsets_into_the_text() -> None:
    found = check(TEXT, rate_for=_rate).to_dict()
    for claim in found["claims"]:
        start, end = claim["span"]
        assert 0 <= start < end <= len(TEXT)
    for item in found["checks"]:
        assert item["basis"] == "internal"
        assert item["verdict"] in {"consistent", "inconsistent", "unverifiable"}
        assert all(len(span) == 2 for span in item["spans"])
        assert len(item["spans"]) == len(item["claim_ids"])


def test_claim_details_carry_the_fields_beyond_the_contract() -> None:
    claim = check("at least 430 million EUR").claims[0]
    details = claim.details()
    assert details["bound"] == "at_least"
    assert details["currency"] == "EUR"
    assert details["raw"] == "430 million EUR"
    assert details["precision"] == 0.5e6

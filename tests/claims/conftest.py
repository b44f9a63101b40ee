"""Fixtures for the claim checker: the reference essay and a fake yearly rate book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from powderkeg.claims import RateLookup

ESSAY_NAME = "militarization-of-kosovo.txt"

# ECB yearly means of daily EUR→USD fixings: 2024 = 1.0824 (published); 2025 ≈ 1.13.
FAKE_RATES = {("EUR", "USD", 2024): 1.0824, ("EUR", "USD", 2025): 1.13}


@pytest.fixture(scope="session")
def essay(shared_data: Path) -> str:
    """The reference essay of issue 4 (../shared/articles beside ../shared/data)."""
    return (shared_data.parent / "articles" / ESSAY_NAME).read_text("utf-8")


@pytest.fixture
def fake_rates() -> RateLookup:
    def rate_for(base: str, quote: str, year: int) -> tuple[float, str] | None:
        rate = FAKE_RATES.get((base, quote, year))
        return (rate, f"fake ECB {year}") if rate is not None else None

    return rate_for


RateMaker = Callable[[dict[tuple[str, str, int], float]], RateLookup]


@pytest.fixture
def rates_from() -> RateMaker:
    def make(table: dict[tuple[str, str, int], float]) -> RateLookup:
        def rate_for(base: str, quote: str, year: int) -> tuple[float, str] | None:
            rate = table.get((base, quote, year))
            return (rate, "test rates") if rate is not None else None

        return rate_for

    return make

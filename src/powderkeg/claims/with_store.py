"""The whole checker wired to a store: entities from the crosswalk, rates from the ECB and SIPRI,
checks against stored spending and the register."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from powderkeg.claims.against_data import spending_checks
from powderkeg.claims.against_register import register_checks
from powderkeg.claims.checker import check
from powderkeg.claims.mentions import builtin_entity, first_found
from powderkeg.claims.model import Check, CheckReport, Claim
from powderkeg.entities import Crosswalk
from powderkeg.indicators.conversion import rate_book
from powderkeg.money import RateBook
from powderkeg.store import Store


def check_against_store(text: str, store: Store) -> CheckReport:
    """Extract, link and check the claims of `text`, internally and against `store`."""
    book = rate_book(store)

    def against_store(claims: Sequence[Claim]) -> list[Check]:
        return spending_checks(store, book, claims) + register_checks(store, book, text, claims)

    return check(
        text,
        data_checker=against_store,
        rate_for=_rates(book),
        find_entity=first_found(_crosswalk_id, builtin_entity),
    )


@lru_cache(maxsize=4096)
def _crosswalk_id(name: str) -> str | None:
    entity = Crosswalk.bundled().find(name)
    return entity.id if entity is not None else None


def _rates(book: RateBook):  # type: ignore[no-untyped-def]
    def rate_for(base: str, quote: str, year: int) -> tuple[float, str]:
        found = book.rate(base, quote, year)
        return found.value, found.source

    return rate_for

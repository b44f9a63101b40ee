"""`check(text)`: extract the claims, link them, run the internal checks and, when given, the data
checks.

The seam with the store is `data_checker`: a callable that receives the linked claims and returns
its own checks (basis "data"); this package never imports the store. Exchange rates come the same
way, through `rate_for(base, quote, year) -> (rate, source) | None`, and entity names through
`find_entity(name) -> ISO3 | None`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from powderkeg.claims.context import link
from powderkeg.claims.conversion import RateLookup
from powderkeg.claims.extract import extract
from powderkeg.claims.internal import internal_checks
from powderkeg.claims.layout import Layout
from powderkeg.claims.mentions import EntityLookup
from powderkeg.claims.model import Check, CheckReport, Claim
from powderkeg.claims.numbers import Style

DataChecker = Callable[[Sequence[Claim]], Sequence[Check]]


def find_claims(
    text: str, *, find_entity: EntityLookup | None = None, style: Style | None = None
) -> tuple[Claim, ...]:
    """Every numeric claim of `text`, linked to its entity, period and measure."""
    return link(text, extract(text, style), find_entity=find_entity)


def check(
    text: str,
    *,
    data_checker: DataChecker | None = None,
    rate_for: RateLookup | None = None,
    find_entity: EntityLookup | None = None,
) -> CheckReport:
    """The claims of `text` and every check made on them: internal first, then against data."""
    layout = Layout.of(text)
    claims = link(text, extract(text), find_entity=find_entity, layout=layout)
    checks = internal_checks(text, claims, rate_for=rate_for, layout=layout)
    if data_checker is not None:
        checks.extend(data_checker(claims))
    return CheckReport(text=text, claims=claims, checks=tuple(checks))

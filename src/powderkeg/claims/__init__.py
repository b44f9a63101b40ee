"""The claim checker's text half: find the numbers of an article and check them against each other.

    >>> from powderkeg.claims import check
    >>> report = check("Spending rose from 100 million EUR in 2023 to 110 million EUR in 2024, a 10% rise.")
    >>> [(c.kind, c.verdict) for c in report.checks]
    [('percent_change', 'consistent')]

`check(text, data_checker=..., rate_for=..., find_entity=...)` is the whole pipeline; the checks
against the store come in through `data_checker` (this package never reads the store). See
docs/claims.md for what is extracted, the tolerance rules and the JSON contract.
"""

from __future__ import annotations

from powderkeg.claims.checker import DataChecker, check, find_claims
from powderkeg.claims.conversion import RateLookup
from powderkeg.claims.internal import internal_checks
from powderkeg.claims.mentions import EntityLookup, builtin_entity, first_found
from powderkeg.claims.model import Basis, Check, CheckReport, Claim, Evidence, Verdict
from powderkeg.claims.numbers import WrittenNumber, parse_number
from powderkeg.claims.text_input import (
    LIMIT_BYTES,
    Article,
    from_bytes,
    html_to_text,
    read_article,
    read_file,
    read_stream,
    read_url,
)

__all__ = [
    "LIMIT_BYTES",
    "Article",
    "Basis",
    "Check",
    "CheckReport",
    "Claim",
    "DataChecker",
    "EntityLookup",
    "Evidence",
    "RateLookup",
    "Verdict",
    "WrittenNumber",
    "builtin_entity",
    "check",
    "find_claims",
    "first_found",
    "from_bytes",
    "html_to_text",
    "internal_checks",
    "parse_number",
    "read_article",
    "read_file",
    "read_stream",
    "read_url",
]

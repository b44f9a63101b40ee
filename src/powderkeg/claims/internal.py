"""The internal checks: the text's numbers recomputed from one another.

Each check is a `Check` with basis "internal", the ids and spans of every claim it used, the stated
and the recomputed value and a one-sentence explanation. The kinds:

| kind | what is recomputed | module |
| --- | --- | --- |
| `percent_change` | (new / old − 1) × 100 against a stated percent | `changes` |
| `projection` | old × (1 + rate) against a stated target ("by 60% to 1 billion") | `changes` |
| `pp_change` | new share − old share against stated percentage points | `changes` |
| `difference` | new − old against a stated difference ("an increase of 55 million EUR") | `changes` |
| `multiple` | new / old against "doubled", "X times", "fourfold" | `changes` |
| `conversion` | amount × yearly rate against the amount restated in another currency | `conversion` |
| `share` | part / total × 100, against a stated share or reported when none is stated | `totals` |
| `sum` | the sum of parts against a stated total (also yearly figures against a multi-year one) | `totals` |
| `repeated` | one quantity stated twice | `totals` |

Tolerances are in `tolerance`. Nothing here reads the store: checks against data are supplied by
the caller (see `checker.check`).
"""

from __future__ import annotations

from collections.abc import Sequence

from powderkeg.claims.changes import change_checks
from powderkeg.claims.conversion import RateLookup, conversion_checks
from powderkeg.claims.document import Document
from powderkeg.claims.layout import Layout
from powderkeg.claims.model import Check, Claim
from powderkeg.claims.totals import total_checks


def internal_checks(
    text: str,
    claims: Sequence[Claim],
    *,
    rate_for: RateLookup | None = None,
    layout: Layout | None = None,
) -> list[Check]:
    """Every check the text allows against itself, ordered by where its first number is."""
    doc = Document(text, claims, layout)
    checks = [*conversion_checks(doc, rate_for), *change_checks(doc), *total_checks(doc)]
    return sorted(checks, key=lambda check: (check.spans[0] if check.spans else (0, 0), check.kind))

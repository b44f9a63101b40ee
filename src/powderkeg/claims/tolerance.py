"""When a recomputed value agrees with a stated one (issue 4, part 4), as small pure functions.

The checker recomputes from the stated values as given and judges the result against the
precision of the claim being checked, as statcheck does:

- a number, unhedged: it rounds to it, |r − v| ≤ half a unit of its last digit ("2.78" ± 0.005,
  "37%" ± 0.5, "$2.27 billion" ± 0.005 bn, "$150 million" ± 0.5 M);
- a hedged number (about, around, approximately, roughly, some, nearly, almost, close to, an
  estimated, ~): |r − v| ≤ max(half a unit, 5 % of v);
- a lower bound (over, more than, at least): r ≥ v − tolerance, one-sided;
- an upper bound (under, less than, up to): r ≤ v + tolerance, one-sided;
- a range ("24–36 %"): low − tolerance ≤ r ≤ high + tolerance;
- a multiple ("X times", "doubled", "tripled", "fourfold"): |r − X| ≤ 10 % of X;
  "nearly / almost X times": 0.9 X ≤ r ≤ X; a factor below one ("halved", "five times less") is
  judged by the same rules on the inverses (1/r against 1/X);
- an amount converted into another currency ("208 M EUR (≈ 225 M USD)"): |r − v| ≤ max(half a
  unit, 2 % of r), i.e. 2 % on the rate.

Boundaries are inclusive, with a relative slack of 1e-9 so that float arithmetic does not turn an
exact boundary case ("24.35" against "24.3") into an inconsistency.
"""

from __future__ import annotations

from typing import Final

from powderkeg.claims.lexicon import LOWER_BOUNDS, UPPER_BOUNDS
from powderkeg.claims.model import Claim

HEDGE_RELATIVE: Final = 0.05
MULTIPLE_RELATIVE: Final = 0.10
RATE_RELATIVE: Final = 0.02
NEARLY: Final = frozenset({"nearly", "almost"})
_SLACK: Final = 1e-9


def hedged_tolerance(value: float, precision: float) -> float:
    """A hedged number allows the larger of its rounding and 5 % of itself."""
    return max(precision, HEDGE_RELATIVE * abs(value))


def tolerance(claim: Claim) -> float:
    """How far a recomputed value may fall from the claim's value (each side)."""
    if claim.hedge:
        return hedged_tolerance(claim.value, claim.precision)
    return claim.precision


def within(stated: float, recomputed: float, allowed: float) -> bool:
    """|recomputed − stated| ≤ allowed, with float slack."""
    return abs(recomputed - stated) <= allowed + _slack(stated, recomputed)


def agrees(claim: Claim, recomputed: float) -> bool:
    """Whether `recomputed` is consistent with what the claim states (number, bound or range)."""
    allowed = tolerance(claim)
    low = claim.low if claim.low is not None else claim.value
    high = claim.high if claim.high is not None else claim.value
    slack = _slack(high, recomputed)
    if claim.bound in LOWER_BOUNDS:
        return recomputed >= low - allowed - slack
    if claim.bound in UPPER_BOUNDS:
        return recomputed <= high + allowed + slack
    return low - allowed - slack <= recomputed <= high + allowed + slack


def multiple_agrees(claim: Claim, ratio: float) -> bool:
    """Whether an observed ratio matches a stated factor ("doubled", "nearly 3 times")."""
    if ratio <= 0 or claim.value <= 0:
        return False
    factor, observed = claim.value, ratio
    if factor < 1:
        factor, observed = 1 / factor, 1 / ratio
    slack = _slack(factor, observed)
    if claim.hedge in NEARLY:
        return (1 - MULTIPLE_RELATIVE) * factor - slack <= observed <= factor + slack
    allowed = MULTIPLE_RELATIVE * factor
    if claim.bound in LOWER_BOUNDS:
        return observed >= factor - allowed - slack
    if claim.bound in UPPER_BOUNDS:
        return observed <= factor + allowed + slack
    return abs(observed - factor) <= allowed + slack


def conversion_agrees(stated: float, precision: float, converted: float) -> bool:
    """Whether a stated converted amount matches amount × rate, allowing 2 % on the rate."""
    return within(stated, converted, max(precision, RATE_RELATIVE * abs(converted)))


def relative_gap(stated: float, recomputed: float) -> float | None:
    """(stated − recomputed) / recomputed, for saying "by how much"; None when undefined."""
    if recomputed == 0:
        return None
    return (stated - recomputed) / abs(recomputed)


def _slack(*values: float) -> float:
    return _SLACK * max(1.0, *(abs(value) for value in values))

"""Checking an amount restated in another currency: "208 million EUR (approximately 225 million USD)".

Two money claims in different currencies, the second right after the first in parentheses or after
"or", "/", "i.e.", "equivalent to", are one amount in two currencies. The check multiplies the
first by the yearly average rate of its period (through an injected `rate_for(base, quote, year)
-> (rate, source) | None`; the lead plugs in powderkeg.money's rate book) and compares with the
second, allowing 2 % on the rate (see `tolerance`).

A budget figure for year Y is often converted when it is announced, during Y − 1, at the rate of
the last full year. So the rates of Y and of Y − 1 are both tried: consistent at Y is consistent;
consistent only at Y − 1 is consistent, and the explanation says it is off at the rate of Y and by
how much; consistent at neither is inconsistent. Without a year, or without rates, the check is
unverifiable. The rates used are returned as evidence, with their source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from powderkeg.claims.document import Document, internal_check
from powderkeg.claims.lexicon import BOUNDS, HEDGES, alternation
from powderkeg.claims.model import Check, Claim, Evidence, Verdict
from powderkeg.claims.periods import last_year
from powderkeg.claims.tolerance import RATE_RELATIVE, conversion_agrees, relative_gap
from powderkeg.claims.wording import amount, number, said
from powderkeg.errors import PowderkegError

RateLookup = Callable[[str, str, int], tuple[float, str] | None]

_QUALIFIERS: Final = alternation([*HEDGES, *BOUNDS])
_RESTATED: Final = re.compile(
    r"[ \t\u00a0]*[(\[]?[ \t\u00a0]*"
    r"(?:,?[ \t\u00a0]*(?:or|i\.e\.,?|equivalent to|equal to|worth|about)[ \t\u00a0]+|/)?"
    rf"[ \t\u00a0]*(?:(?:{_QUALIFIERS})[ \t\u00a0]*)?"
)


@dataclass(frozen=True)
class _Trial:
    year: int
    rate: float
    source: str
    converted: float
    ok: bool


def conversion_checks(doc: Document, rate_for: RateLookup | None) -> list[Check]:
    """One check per amount restated in another currency."""
    money = [claim for claim in doc.claims if claim.kind == "money" and claim.currency]
    checks: list[Check] = []
    for first, second in pairwise(money):
        gap = doc.between(first, second)
        if first.currency != second.currency and gap.strip() and _RESTATED.fullmatch(gap):
            checks.append(_conversion(first, second, rate_for))
    return checks


def _conversion(first: Claim, second: Claim, rate_for: RateLookup | None) -> Check:
    year = last_year(first.period or second.period)
    if year is None:
        return _unverifiable(first, second, "no year is given, so no yearly rate can be chosen")
    if rate_for is None:
        return _unverifiable(first, second, "no exchange rates were supplied")
    trials = [t for t in (_trial(first, second, y, rate_for) for y in (year, year - 1)) if t]
    if not trials:
        pair = f"{first.currency}→{second.currency}"
        return _unverifiable(first, second, f"no {pair} rate for {year} or {year - 1}")
    chosen = next((t for t in trials if t.ok), trials[0])
    evidence = [_evidence(first, second, t) for t in trials]
    verdict: Verdict = "consistent" if chosen.ok else "inconsistent"
    explanation = _explain(first, second, chosen, trials, year)
    return internal_check(
        "conversion",
        verdict,
        (first, second),
        second.value,
        chosen.converted,
        explanation,
        evidence,
    )


def _trial(first: Claim, second: Claim, year: int, rate_for: RateLookup) -> _Trial | None:
    base, quote = first.currency or "", second.currency or ""
    try:
        found = rate_for(base, quote, year)
    except (LookupError, ValueError, PowderkegError):
        return None
    if found is None:
        return None
    rate, source = found
    converted = first.value * rate
    ok = conversion_agrees(second.value, second.precision, converted)
    return _Trial(year, rate, source, converted, ok)


def _explain(first: Claim, second: Claim, chosen: _Trial, trials: list[_Trial], year: int) -> str:
    words = (
        f"{amount(first.value, first.unit)} × {number(chosen.rate, 4)} ({first.currency}→"
        f"{second.currency}, {chosen.year} average) = {amount(chosen.converted, second.unit)}; "
        f"the text says {said(second)}: "
        f"{'consistent' if chosen.ok else 'inconsistent'} (± {number(RATE_RELATIVE * 100)} % on "
        f"the rate)."
    )
    for other in trials:
        if other is not chosen:
            words += " " + _also(second, other, year)
    if all(trial.year != year for trial in trials):
        words += f" No {year} rate was available."
    return words


def _also(second: Claim, trial: _Trial, year: int) -> str:
    gap = relative_gap(second.value, trial.converted)
    off = f", {number(abs(gap) * 100, 1)} % off" if gap is not None else ""
    judged = "also consistent" if trial.ok else "inconsistent"
    note = (
        f"At the {trial.year} average rate ({number(trial.rate, 4)}) it would be "
        f"{amount(trial.converted, second.unit)}{off}: {judged}."
    )
    if trial.year == year and not trial.ok:
        note += f" The figure matches the {year - 1} rate, not the {year} one."
    return note


def _evidence(first: Claim, second: Claim, trial: _Trial) -> Evidence:
    locator = f"{first.currency}->{second.currency} {trial.year} yearly average"
    return Evidence(source=trial.source, vintage=None, value=trial.rate, locator=locator)


def _unverifiable(first: Claim, second: Claim, why: str) -> Check:
    explanation = f"{first.raw} restated as {second.raw}: cannot check, {why}."
    return internal_check(
        "conversion", "unverifiable", (first, second), second.value, None, explanation
    )

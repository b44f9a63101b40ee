"""Checks of stated changes against the two values they relate.

A change (a percent "24.3% hike", a difference "an increase of 55 million EUR", a multiple
"doubled", percentage points) relates an *old* and a *new* value of one quantity. They are found:

1. in the change's sentence: a value written as a starting point ("up from 153 million EUR") is
   the old one, the nearest comparable value of that sentence the new one;
2. else by period: the new value is a comparable level of the change's period, entity and measure
   family in the change's sentence (or the one before, same paragraph); the old value is the
   comparable level of the period just before ("2024" → "2023", "2025-2028" → "2021-2024"),
   anywhere in the text, nearest first.

A percent change is judged on the rate: (new / old − 1) × 100 against the stated percent. "by 60%
to 1 billion EUR" in a sentence about plans is a *projection*: it states the target, so the check
reports the target as stated and old × (1 + rate) as recomputed, but it is still judged on the
rate, the claim with a stated precision ("1 billion" alone would allow ± 0.5 bn).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from powderkeg.claims.document import (
    Document,
    comparable,
    internal_check,
    nearest_first,
    verdict_of,
)
from powderkeg.claims.lexicon import TO_TARGET
from powderkeg.claims.model import Check, Claim
from powderkeg.claims.periods import previous_period
from powderkeg.claims.tolerance import agrees, multiple_agrees
from powderkeg.claims.wording import amount, number, percent_change, said

_FUTURE: Final = re.compile(
    r"(?i)\b(?:projected|projections?|plans?|planned|planning|will|expected|expects?|forecasts?|"
    r"targets?|aims?|intends?|envisag\w*|next|upcoming|coming|by 20\d\d)\b"
)

Pair = tuple[Claim, Claim]


def change_checks(doc: Document) -> list[Check]:
    """Percent changes, projections, percentage-point changes, differences and multiples."""
    checks: list[Check] = []
    for claim in doc.claims:
        check = _check_change(doc, claim)
        if check is not None:
            checks.append(check)
    return checks


def _check_change(doc: Document, claim: Claim) -> Check | None:
    if claim.kind == "percent" and claim.measure == "growth":
        pair = find_pair(doc, claim, doc.levels)
        return _percent(doc, claim, pair) if pair else None
    if claim.kind == "pp" and claim.measure == "growth":
        shares = [c for c in doc.claims if c.kind == "percent" and c.measure != "growth"]
        pair = find_pair(doc, claim, shares)
        return _points(claim, pair) if pair else None
    if claim.measure == "difference" and claim.kind in ("money", "count"):
        same_unit = [c for c in doc.levels if c.unit == claim.unit]
        pair = find_pair(doc, claim, same_unit)
        return _difference(claim, pair) if pair else None
    if claim.kind == "multiple":
        return _multiple(doc, claim)
    return None


def find_pair(doc: Document, change: Claim, pool: Iterable[Claim]) -> Pair | None:
    """(old, new): the two values a change relates, or None."""
    candidates = [c for c in pool if c is not change]
    return _pair_in_sentence(doc, change, candidates) or _pair_by_period(doc, change, candidates)


def _pair_in_sentence(doc: Document, change: Claim, pool: list[Claim]) -> Pair | None:
    here = doc.same_sentence(change, pool)
    for old in nearest_first(change, [c for c in here if c.is_base]):
        news = [c for c in here if not c.is_base and comparable(c, old)]
        if news and _same_entity(change, old):
            return old, nearest_first(old, news)[0]
    return None


def _pair_by_period(doc: Document, change: Claim, pool: list[Claim]) -> Pair | None:
    if change.period is None:
        return None
    before = previous_period(change.period)
    for new in _new_candidates(doc, change, pool):
        olds = [c for c in pool if c.period == before and comparable(c, new) and c is not new]
        if olds:
            return nearest_first(new, olds)[0], new
    return None


def _new_candidates(doc: Document, change: Claim, pool: list[Claim]) -> list[Claim]:
    sentence, paragraph = doc.sentence(change), doc.paragraph(change)
    near = [
        c
        for c in pool
        if c.period == change.period
        and _same_entity(change, c)
        and not c.is_base
        and doc.paragraph(c) == paragraph
        and (doc.sentence(c) == sentence or doc.sentence(c) == sentence - 1)
    ]
    return sorted(near, key=lambda c: (doc.sentence(c) != sentence, abs(c.start - change.start)))


def _same_entity(first: Claim, second: Claim) -> bool:
    return first.entity == second.entity


def _signed(claim: Claim) -> float:
    return -claim.value if claim.direction == "down" else claim.value


def _percent(doc: Document, claim: Claim, pair: Pair) -> Check:
    old, new = pair
    if old.value == 0:
        return _undefined("percent_change", claim, pair, "the starting value is zero")
    rate = (new.value / old.value - 1) * 100
    ok = agrees(claim, -rate if claim.direction == "down" else rate)
    if _is_projection(doc, claim, new):
        return _projection(claim, pair, rate, ok)
    explanation = (
        f"{amount(old.value, old.unit)}{_when(old)} → {amount(new.value, new.unit)}{_when(new)} is "
        f"{percent_change(rate)}; the text says {said(claim)}"
        f"{_hedged(claim)}: {_verdict_words(ok)}."
    )
    return internal_check(
        "percent_change", verdict_of(ok), (old, new, claim), _signed(claim), rate, explanation
    )


def _is_projection(doc: Document, claim: Claim, new: Claim) -> bool:
    target = new.start > claim.end and TO_TARGET.fullmatch(doc.between(claim, new))
    sentence = doc.layout.sentences[doc.sentence(claim)]
    return bool(target and _FUTURE.search(doc.text, *sentence))


def _projection(claim: Claim, pair: Pair, rate: float, ok: bool) -> Check:
    old, new = pair
    projected = old.value * (1 + _signed(claim) / 100)
    explanation = (
        f"{amount(old.value, old.unit)}{_when(old)} {percent_change(_signed(claim))} = "
        f"{amount(projected, new.unit)}"
        + (f", not {amount(new.value, new.unit)}" if not ok else "")
        + f"; {amount(new.value, new.unit)}{_when(new)} would be {percent_change(rate)}"
        + f" (the text says {said(claim)}): {_verdict_words(ok)}."
        + _bound_note(claim, old, new)
    )
    return internal_check(
        "projection", verdict_of(ok), (old, claim, new), new.value, projected, explanation
    )


def _bound_note(claim: Claim, old: Claim, new: Claim) -> str:
    """A lower-bound start ("at least 430 million") is used as given; say what start would fit."""
    if old.bound not in ("at_least", "over"):
        return ""
    fitting = new.value / (1 + _signed(claim) / 100) if _signed(claim) != -100 else None
    fits = f"; a start of {amount(fitting, old.unit)} would fit" if fitting else ""
    return (
        f" The starting value is written as a lower bound ({_bound_words(old)}) and is used as "
        f"given{fits}."
    )


def _bound_words(claim: Claim) -> str:
    return f"{(claim.bound or '').replace('_', ' ')} {amount(claim.value, claim.unit)}"


def _points(claim: Claim, pair: Pair) -> Check:
    old, new = pair
    change = new.value - old.value
    ok = agrees(claim, -change if claim.direction == "down" else change)
    explanation = (
        f"{number(old.value)} % → {number(new.value)} % is {number(change)} pp; the text says "
        f"{claim.raw}: {_verdict_words(ok)}."
    )
    return internal_check(
        "pp_change", verdict_of(ok), (old, new, claim), _signed(claim), change, explanation
    )


def _difference(claim: Claim, pair: Pair) -> Check:
    old, new = pair
    change = new.value - old.value
    ok = agrees(claim, -change if claim.direction == "down" else change)
    explanation = (
        f"{amount(new.value, new.unit)} − {amount(old.value, old.unit)} = "
        f"{amount(change, new.unit)}; the text says {said(claim)}{_hedged(claim)}: "
        f"{_verdict_words(ok)}."
    )
    return internal_check(
        "difference", verdict_of(ok), (old, new, claim), _signed(claim), change, explanation
    )


def _multiple(doc: Document, claim: Claim) -> Check | None:
    pair = find_pair(doc, claim, doc.levels) or _compared(doc, claim)
    if pair is None:
        return None
    old, new = pair
    if old.value == 0:
        return _undefined("multiple", claim, pair, "the value compared with is zero")
    ratio = new.value / old.value
    ok = multiple_agrees(claim, ratio)
    explanation = (
        f"{amount(new.value, new.unit)} / {amount(old.value, old.unit)} = ×{number(ratio)}; "
        f"the text says {said(claim)} (×{number(claim.value)}, ± 10 % of the factor"
        f"{', at most the factor' if claim.hedge in ('nearly', 'almost') else ''}): "
        f"{_verdict_words(ok)}."
    )
    return internal_check(
        "multiple", verdict_of(ok), (old, new, claim), claim.value, ratio, explanation
    )


def _compared(doc: Document, claim: Claim) -> Pair | None:
    """ "A is five times B": the nearest level before the multiple and the comparable one after."""
    here = doc.same_sentence(claim, doc.levels)
    before = [c for c in here if c.end <= claim.start]
    after = [c for c in here if c.start >= claim.end]
    for first in reversed(before):
        matches = [c for c in after if c.unit == first.unit]
        if matches:
            return matches[0], first
    return None


def _undefined(kind: str, claim: Claim, pair: Pair, why: str) -> Check:
    return internal_check(
        kind, "unverifiable", (*pair, claim), claim.value, None, f"Cannot recompute: {why}."
    )


def _when(claim: Claim) -> str:
    return f" ({claim.period})" if claim.period else ""


def _hedged(claim: Claim) -> str:
    return " (hedged: ± 5 %)" if claim.hedge else ""


def _verdict_words(ok: bool) -> str:
    return "consistent" if ok else "inconsistent"

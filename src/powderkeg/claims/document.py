"""The linked claims of one text, with the lookups the internal checks share.

A *level* is a claim that states an amount of something (money, a count, a quantity) rather than a
change of it. Two levels are *comparable* when they have the same unit, the same entity and a
measure of the same family: spending and budget are one family (both are what a state puts into
defence), every other measure is its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from powderkeg.claims.layout import Layout
from powderkeg.claims.model import Check, Claim, Evidence, Verdict

_FAMILIES: Final[dict[str, str]] = {"spending": "outlay", "budget": "outlay"}
_LEVEL_KINDS: Final = frozenset({"money", "count", "quantity"})
_CHANGE_MEASURES: Final = frozenset({"difference", "growth"})


class Document:
    """A text, its layout and its linked claims."""

    def __init__(self, text: str, claims: Sequence[Claim], layout: Layout | None = None) -> None:
        self.text = text
        self.claims = list(claims)
        self.layout = layout or Layout.of(text)
        self._sentence = {c.id: self.layout.sentence_of(c.start) for c in self.claims}
        self._paragraph = {c.id: self.layout.paragraph_of(c.start) for c in self.claims}
        self.levels = [c for c in self.claims if is_level(c)]

    def sentence(self, claim: Claim) -> int:
        return self._sentence[claim.id]

    def paragraph(self, claim: Claim) -> int:
        return self._paragraph[claim.id]

    def same_sentence(self, claim: Claim, pool: Iterable[Claim]) -> list[Claim]:
        here = self.sentence(claim)
        return [other for other in pool if other is not claim and self.sentence(other) == here]

    def between(self, first: Claim, second: Claim) -> str:
        """The text from the end of `first` to the start of `second` (empty if they touch)."""
        return self.text[first.end : second.start]


def is_level(claim: Claim) -> bool:
    """True for an amount (not a change, share or multiple)."""
    return claim.kind in _LEVEL_KINDS and claim.measure not in _CHANGE_MEASURES


def family(measure: str | None) -> str | None:
    return _FAMILIES.get(measure, measure) if measure else None


def comparable(first: Claim, second: Claim) -> bool:
    """Same unit, entity and measure family: the same quantity, perhaps for another period."""
    return (
        first.unit == second.unit
        and first.entity == second.entity
        and family(first.measure) == family(second.measure)
    )


def nearest_first(anchor: Claim, pool: Iterable[Claim]) -> list[Claim]:
    """The pool ordered by distance to the anchor in the text."""
    return sorted(pool, key=lambda other: abs(other.start - anchor.start))


def internal_check(
    kind: str,
    verdict: Verdict,
    used: Iterable[Claim],
    stated: float | None,
    recomputed: float | None,
    explanation: str,
    evidence: Sequence[Evidence] = (),
) -> Check:
    """A check of the text against itself; ids and spans of the used claims in text order."""
    ordered = sorted({claim.id: claim for claim in used}.values(), key=lambda c: c.span)
    return Check(
        kind=kind,
        basis="internal",
        verdict=verdict,
        claim_ids=tuple(claim.id for claim in ordered),
        spans=tuple(claim.span for claim in ordered),
        stated=stated,
        recomputed=recomputed,
        explanation=explanation,
        evidence=tuple(evidence),
    )


def verdict_of(ok: bool) -> Verdict:
    return "consistent" if ok else "inconsistent"

"""Linking each claim to the entity, period and measure its surroundings give it.

Entity: the nearest state named before the claim in its clause, else after it in the clause, else
before it in the sentence, else after it in the sentence; else, from the states named earlier in
its paragraph, the text's main subject (the state it names most often) if among them, else the
first of them; else the text's main subject. The last two steps skip organisations and aggregates
(ids that are not three capitals, such as "IGO_NATO"): a claim inherits a state, not the alliance
a paragraph mentions first. Names are found through an injected `find_entity` (see `mentions`);
`Claim.mentions` lists every entity of the sentence.

Period: a year written right after the claim ("153 million EUR in 2024") is its period. Otherwise
the nearest year of its clause, else the nearest year before it in its sentence, else the nearest
after it; a year written as a starting point ("from 2022", "since 2023", or the year of a value
written as "up from 153 million EUR in 2024") is the other end of a change and is skipped. A change
written "by 20% to 120 million EUR in 2024" takes the period of its target. A sentence without a
year gives no period: periods are not carried across sentences, because "its
current 5,000 personnel" after "an army by 2028" is not a 2028 figure.

Measure: see `measures`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import Final, Generic, Protocol, TypeVar

from powderkeg.claims.extract import Extraction
from powderkeg.claims.layout import Layout
from powderkeg.claims.lexicon import TO_TARGET
from powderkeg.claims.measures import Scope, measure_of
from powderkeg.claims.mentions import EntityLookup, Mention, dominant_entity, find_mentions
from powderkeg.claims.model import Claim, Span
from powderkeg.claims.periods import PeriodMention

_STATE_ID: Final = re.compile(r"[A-Z]{3}")
_ATTACHED_GAP: Final = re.compile(r"[ \t\u00a0]*(?:(?:in|for|during)[ \t\u00a0]+)?\(?")


class _Spanned(Protocol):
    @property
    def span(self) -> Span: ...


T = TypeVar("T", bound=_Spanned)


class _Index(Generic[T]):
    """Items in text order, with the ones inside a span found by bisection."""

    def __init__(self, items: Sequence[T]) -> None:
        self.items = list(items)
        self._starts = [item.span[0] for item in self.items]

    def inside(self, span: Span) -> list[T]:
        low = bisect_left(self._starts, span[0])
        high = bisect_right(self._starts, span[1])
        return [item for item in self.items[low:high] if item.span[1] <= span[1]]


def link(
    text: str,
    extraction: Extraction,
    *,
    find_entity: EntityLookup | None = None,
    layout: Layout | None = None,
) -> tuple[Claim, ...]:
    """The extracted claims with entity, period, measure and direction filled in where possible."""
    layout = layout or Layout.of(text)
    mentions = find_mentions(text, find_entity)
    attached = _attached_periods(text, extraction, layout)
    periods = _Index(_mark_bases(extraction, attached))
    dominant = dominant_entity(tuple(m for m in mentions if _is_state(m)))
    context = _Context(text, layout, _Index(mentions), periods, dominant)
    linked: list[Claim] = []
    for claim in extraction.claims:
        linked.append(context.link(claim, attached.get(claim.id), linked))
    return tuple(_periods_of_targets(text, linked))


def _periods_of_targets(text: str, claims: list[Claim]) -> list[Claim]:
    """ "rose by 20% to 120 million EUR in 2024": the change takes the period of its target."""
    result = list(claims)
    for index, (change, target) in enumerate(itertools.pairwise(claims)):
        is_change = change.kind in ("percent", "pp", "multiple") and change.measure in (
            "growth",
            "ratio",
        )
        if is_change and target.period and TO_TARGET.fullmatch(text, change.end, target.start):
            result[index] = replace(change, period=target.period)
    return result


class _Context:
    def __init__(
        self,
        text: str,
        layout: Layout,
        mentions: _Index[Mention],
        periods: _Index[PeriodMention],
        dominant: str | None,
    ) -> None:
        self.text, self.layout, self.mentions, self.periods = text, layout, mentions, periods
        self.dominant = dominant

    def link(self, claim: Claim, attached: PeriodMention | None, earlier: list[Claim]) -> Claim:
        scope = self._scope(claim)
        measure, direction = measure_of(self.text, claim, scope)
        if measure is None and claim.kind == "money":
            measure = self._inherited_measure(claim, earlier)
        sentence_mentions = self.mentions.inside(scope.sentence)
        return replace(
            claim,
            entity=self._entity(claim, scope, sentence_mentions),
            mentions=tuple(dict.fromkeys(mention.entity for mention in sentence_mentions)),
            period=attached.label if attached else self._period(claim, scope),
            measure=measure,
            direction=direction,
        )

    def _scope(self, claim: Claim) -> Scope:
        layout = self.layout
        clause = layout.clauses[layout.clause_of(claim.start)]
        sentence = layout.sentences[layout.sentence_of(claim.start)]
        return Scope(clause=clause, sentence=sentence)

    def _entity(self, claim: Claim, scope: Scope, in_sentence: list[Mention]) -> str | None:
        in_clause = [m for m in in_sentence if _contains(scope.clause, m.span)]
        for group in (in_clause, in_sentence):
            before = [m for m in group if m.span[1] <= claim.start]
            after = [m for m in group if m.span[0] >= claim.end]
            if before:
                return before[-1].entity
            if after:
                return after[0].entity
        paragraph = self.layout.paragraphs[self.layout.paragraph_of(claim.start)]
        earlier = [
            m.entity for m in self.mentions.inside((paragraph[0], claim.start)) if _is_state(m)
        ]
        if self.dominant in earlier or not earlier:
            return self.dominant
        return earlier[0]

    def _period(self, claim: Claim, scope: Scope) -> str | None:
        usable = [p for p in self.periods.inside(scope.sentence) if not p.is_base]
        in_clause = [p for p in usable if _contains(scope.clause, p.span)]
        if in_clause:
            nearest = min(in_clause, key=lambda p: _distance(p.span, claim.span))
            return nearest.label
        before = [p for p in usable if p.span[1] <= claim.start]
        after = [p for p in usable if p.span[0] >= claim.end]
        if before:
            return before[-1].label
        return after[0].label if after else None

    def _inherited_measure(self, claim: Claim, earlier: list[Claim]) -> str | None:
        paragraph = self.layout.paragraph_of(claim.start)
        for previous in reversed(earlier):
            if self.layout.paragraph_of(previous.start) != paragraph:
                return None
            same_money = previous.kind == "money" and previous.currency == claim.currency
            if same_money and previous.measure not in (None, "difference"):
                return previous.measure
        return None


def _attached_periods(
    text: str, extraction: Extraction, layout: Layout
) -> dict[str, PeriodMention]:
    """Claims followed directly by their year: "153 million EUR in 2024", "X (2023)"."""
    index = _Index(extraction.periods)
    attached: dict[str, PeriodMention] = {}
    for claim in extraction.claims:
        clause = layout.clauses[layout.clause_of(claim.start)]
        following = index.inside((claim.end, clause[1]))
        if not following:
            continue
        gap = _ATTACHED_GAP.fullmatch(text, claim.end, following[0].span[0])
        if gap:
            attached[claim.id] = following[0]
    return attached


def _mark_bases(extraction: Extraction, attached: dict[str, PeriodMention]) -> list[PeriodMention]:
    """The year of a base value ("up from 153 million EUR in 2024") is a base year too."""
    base_spans = {
        attached[claim.id].span
        for claim in extraction.claims
        if claim.is_base and claim.id in attached
    }
    return [p.as_base() if p.span in base_spans else p for p in extraction.periods]


def _is_state(mention: Mention) -> bool:
    """ISO3-like ids are states; "IGO_NATO", "AGG_…" are organisations and aggregates."""
    return bool(_STATE_ID.fullmatch(mention.entity))


def _contains(outer: Span, inner: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _distance(span: Span, other: Span) -> int:
    if span[1] <= other[0]:
        return other[0] - span[1]
    if other[1] <= span[0]:
        return span[0] - other[1]
    return 0

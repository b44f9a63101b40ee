"""Which states a text names, and where: the entity mentions claims are linked to.

Candidates are runs of capitalised words ("United States", "Kosovo Security Force",
"Albania-Croatia-Kosovo"); each run is looked up, longest part first, through an injected
`find_entity(name) -> ISO3 | None` (the lead plugs in the entity crosswalk, e.g.
`first_found(crosswalk_lookup, builtin_entity)`). Without one, a small built-in list covers the
names of the default case, its capitals and a few adjectives (`builtin_entity`). Possessives are
dropped ("Kosovo’s" → "Kosovo"), and a capitalised word of three letters or fewer is looked up only
when written in capitals ("US", "UAE"), because crosswalks read "In" or "It" as ISO codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from powderkeg.claims.model import Span

EntityLookup = Callable[[str], str | None]

_BUILTIN: Final[dict[str, str]] = {
    "kosovo": "XKX",
    "kosova": "XKX",
    "republic of kosovo": "XKX",
    "pristina": "XKX",
    "prishtina": "XKX",
    "kosovar": "XKX",
    "serbia": "SRB",
    "republic of serbia": "SRB",
    "belgrade": "SRB",
    "serbian": "SRB",
    "turkey": "TUR",
    "türkiye": "TUR",
    "turkiye": "TUR",
    "ankara": "TUR",
    "turkish": "TUR",
    "united states": "USA",
    "united states of america": "USA",
    "u.s.": "USA",
    "u.s.a.": "USA",
    "us": "USA",
    "usa": "USA",
    "washington": "USA",
    "american": "USA",
    "albania": "ALB",
    "tirana": "ALB",
    "croatia": "HRV",
    "zagreb": "HRV",
    "croatian": "HRV",
}

_UPPER: Final = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_RUN: Final = re.compile(
    rf"(?<![\w$])[{_UPPER}][\w.’'\-]*(?:[ \t]+(?:(?:of|and|the)[ \t]+)*[{_UPPER}][\w.’'\-]*)*"
)
_PIECE: Final = re.compile(r"[^\s\-]+")
_JOINERS: Final = frozenset({"of", "and", "the"})
_POSSESSIVE: Final = re.compile(r"[’']s$")
_MAX_PIECES: Final = 6


@dataclass(frozen=True)
class Mention:
    """A state named in the text: where, and its ISO3 code."""

    span: Span
    entity: str


def builtin_entity(name: str) -> str | None:
    """The ISO3 code of a name of the default case (Kosovo, Serbia, Türkiye, U.S.…), else None."""
    return _BUILTIN.get(_normalise(name))


def find_mentions(text: str, find_entity: EntityLookup | None = None) -> tuple[Mention, ...]:
    """Every entity mention of the text, in order."""
    lookup = _cached(find_entity or builtin_entity)
    found: list[Mention] = []
    for run in _RUN.finditer(text):
        if text.startswith("$", run.end()):
            continue
        found.extend(_run_mentions(text, run, lookup))
    return tuple(found)


def dominant_entity(mentions: tuple[Mention, ...]) -> str | None:
    """The entity named most often (the first named on a tie); None when there is none."""
    if not mentions:
        return None
    counts = Counter(mention.entity for mention in mentions)
    best = max(counts.values())
    return next(mention.entity for mention in mentions if counts[mention.entity] == best)


def first_found(*lookups: EntityLookup) -> EntityLookup:
    """A lookup trying each of `lookups` in turn: e.g. the crosswalk, then `builtin_entity`."""

    def found(name: str) -> str | None:
        for lookup in lookups:
            entity = lookup(name)
            if entity:
                return entity
        return None

    return found


def _cached(lookup: EntityLookup) -> EntityLookup:
    memory: dict[str, str | None] = {}

    def remembered(name: str) -> str | None:
        if name not in memory:
            memory[name] = lookup(name)
        return memory[name]

    return remembered


def _run_mentions(text: str, run: re.Match[str], lookup: EntityLookup) -> list[Mention]:
    """Longest known sub-run first, left to right: "Albania-Croatia-Kosovo" gives three."""
    pieces = [(piece.start(), piece.end()) for piece in _PIECE.finditer(text, *run.span())]
    found: list[Mention] = []
    first = 0
    while first < len(pieces):
        mention = _longest_from(text, pieces, first, lookup)
        if mention is None:
            first += 1
            continue
        found.append(mention[0])
        first = mention[1]
    return found


def _longest_from(
    text: str, pieces: list[Span], first: int, lookup: EntityLookup
) -> tuple[Mention, int] | None:
    if _is_joiner(text, pieces[first]):
        return None
    for last in range(min(len(pieces), first + _MAX_PIECES), first, -1):
        if _is_joiner(text, pieces[last - 1]):
            continue
        start, end = pieces[first][0], pieces[last - 1][1]
        name, end = _clean(text, start, end)
        entity = lookup(name) if _worth_looking_up(name) else None
        if entity:
            return Mention((start, end), entity), last
    return None


def _worth_looking_up(name: str) -> bool:
    """Not a short capitalised word ("In", "It"): crosswalks match those as ISO codes."""
    letters = name.replace(".", "")
    return len(letters) > 3 or (letters.isupper() and len(letters) >= 2)


def _is_joiner(text: str, piece: Span) -> bool:
    return text[piece[0] : piece[1]] in _JOINERS


def _clean(text: str, start: int, end: int) -> tuple[str, int]:
    """The name without a possessive or trailing punctuation ("Kosovo’s" → "Kosovo")."""
    name = text[start:end]
    possessive = _POSSESSIVE.search(name)
    if possessive:
        name = name[: possessive.start()]
    if not re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", name):
        name = name.rstrip(".’'-")
    return name, start + len(name)


def _normalise(name: str) -> str:
    folded = unicodedata.normalize("NFC", name).replace("’", "'").casefold()
    return " ".join(folded.split())

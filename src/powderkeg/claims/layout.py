"""Where a position of the text sits: its paragraph, sentence and clause.

Paragraphs are separated by blank lines (a single line break is a wrapped line). Sentences end at
".", "!" or "?" followed by space and a capital, a digit or an opening quote, except after common
abbreviations ("U.S.", "e.g.", "approx."). Clauses are the parts of a sentence between ",", ";",
":" (each followed by space) and dashes used as punctuation ("—", " – ", " - "); a dash between
digits ("2021–2024") is a range, not a clause break.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Final

from powderkeg.claims.model import Span

_PARAGRAPH_BREAK: Final = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END: Final = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9À-Þ])")
_CLAUSE_BREAK: Final = re.compile(r"[,;:](?=\s)|—|(?<=\s)[–-](?=\s)|(?<!\d)–(?!\d)")
_ABBREVIATIONS: Final = frozenset(
    {"e.g", "i.e", "etc", "approx", "ca", "c", "vs", "mr", "mrs", "ms", "dr", "st", "no", "nos"}
    | {"gen", "col", "lt", "maj", "capt", "prof", "jan", "feb", "aug", "sept", "oct", "nov", "dec"}
)


@dataclass(frozen=True)
class Layout:
    """The paragraph, sentence and clause spans of one text, for position lookups."""

    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    clauses: tuple[Span, ...]
    _starts: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = tuple(tuple(s for s, _ in spans) for spans in self._levels())
        object.__setattr__(self, "_starts", starts)

    def _levels(self) -> tuple[tuple[Span, ...], ...]:
        return (self.paragraphs, self.sentences, self.clauses)

    @classmethod
    def of(cls, text: str) -> Layout:
        paragraphs = _split(text, (0, len(text)), _PARAGRAPH_BREAK)
        sentences = tuple(s for p in paragraphs for s in _sentences(text, p))
        clauses = tuple(c for s in sentences for c in _split(text, s, _CLAUSE_BREAK))
        return cls(paragraphs, sentences, clauses)

    def paragraph_of(self, position: int) -> int:
        return _index(self._starts[0], position)

    def sentence_of(self, position: int) -> int:
        return _index(self._starts[1], position)

    def clause_of(self, position: int) -> int:
        return _index(self._starts[2], position)


def _index(starts: tuple[int, ...], position: int) -> int:
    """The index of the last span starting at or before `position` (0 before the first)."""
    return max(bisect_right(starts, position) - 1, 0)


def _split(text: str, span: Span, breaks: re.Pattern[str]) -> tuple[Span, ...]:
    start, end = span
    parts: list[Span] = []
    for match in breaks.finditer(text, start, end):
        parts.append((start, match.end()))
        start = match.end()
    parts.append((start, end))
    return tuple(part for part in parts if part[1] > part[0]) or ((span[0], span[1]),)


def _sentences(text: str, paragraph: Span) -> list[Span]:
    start, end = paragraph
    found: list[Span] = []
    for match in _SENTENCE_END.finditer(text, start, end):
        if _after_abbreviation(text, start, match.start()):
            continue
        found.append((start, match.end()))
        start = match.end()
    found.append((start, end))
    return [span for span in found if span[1] > span[0]] or [paragraph]


def _after_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    begin = dot
    while begin > start and (text[begin - 1].isalnum() or text[begin - 1] in "._"):
        begin -= 1
    written = text[begin:dot]
    if not written:
        return False
    # "U.S." and other dotted initials, or a known abbreviation.
    return bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", written)) or written.lower() in _ABBREVIATIONS

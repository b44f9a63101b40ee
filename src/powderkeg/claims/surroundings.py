"""What surrounds a number: the currency, hedge or bound before it; the scale and unit after it.

`read_head` looks back from a number for a currency sign or code ("$", "US$", "€", "USD "), then
for up to one bound and one hedge ("at least", "about", "~"), and notes whether the number is
written as a starting point ("from", "since", "compared with", "than"), follows "between", or
names a reference ("Resolution 1244", "UNSCR 1244"). `read_tail` reads forward: a scale
("million", "bn"), a currency ("EUR", "euros"), or else "%", "percentage points", a multiple
("times", "times less", "-fold"), a measurement unit ("hectares"), or a counted noun phrase (up to
five words, ending at punctuation, a function word, or after the first plural). Short scales ("m",
"bn", "k") count only next to a currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from powderkeg.claims.lexicon import (
    BOUNDS,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    HEDGES,
    LONG_SCALES,
    MEASURE_UNITS,
    MONTHS,
    NOUN_STOPS,
    REFERENCE_WORDS,
    SHORT_SCALES,
    SMALLER_WORDS,
    SPACE,
    alternation,
)
from powderkeg.claims.model import ClaimKind

WINDOW: Final = 40
WORD_BEFORE: Final = re.compile(rf"(\S+){SPACE}+$")
_LONG_SCALE: Final = re.compile(rf"(?i){SPACE}?({alternation(LONG_SCALES)})\b")
_SHORT_SCALE: Final = re.compile(rf"{SPACE}?({alternation(SHORT_SCALES)}|M|B|K)(?![\w])")
_CODE_AFTER: Final = re.compile(rf"{SPACE}?({alternation(CURRENCY_CODES)})(?![\w])")
_WORD_AFTER: Final = re.compile(rf"(?i){SPACE}+({alternation(CURRENCY_WORDS)})(?![\w])")
_CURRENCY_BEFORE: Final = re.compile(
    rf"(?:({alternation(CURRENCY_SYMBOLS)})|(?<![A-Za-z])({alternation(CURRENCY_CODES)}))"
    rf"{SPACE}?$"
)
_PERCENT: Final = re.compile(rf"(?i){SPACE}?(?:%|per{SPACE}?cent\b|pct\b)")
_POINTS: Final = re.compile(rf"(?i){SPACE}?(?:percentage{SPACE}points?\b|pp\b|p\.p\.|ppts?\b)")
_TIMES: Final = re.compile(
    rf"(?i){SPACE}*-?{SPACE}*times\b(?!{SPACE}+(?:a|an|per|each|every|over)\b)"
)
_SMALLER: Final = re.compile(rf"(?i){SPACE}+({alternation(SMALLER_WORDS)})\b")
_FOLD: Final = re.compile(rf"(?i){SPACE}?-?fold\b")
_UNIT: Final = re.compile(rf"(?i){SPACE}?({alternation(MEASURE_UNITS)})(?![\w²])")
_WORD: Final = re.compile(rf"{SPACE}+([^\W\d_][\w’'\-]*)")
_QUALIFIER: Final = re.compile(
    rf"(?i)(?<![\w])({alternation(list(HEDGES) + list(BOUNDS))}){SPACE}*$"
)
_BASE_BEFORE: Final = re.compile(
    rf"(?i)(?<![\w])(?:from|since|compared{SPACE}+(?:with|to)|than|versus|vs\.?){SPACE}+"
    rf"(?:in{SPACE}+)?$"
)
_BETWEEN_BEFORE: Final = re.compile(rf"(?i)(?<![\w])between{SPACE}+$")


@dataclass
class Tail:
    """What follows a number: its scale and what it counts."""

    end: int
    kind: ClaimKind
    unit: str
    factor: float = 1.0
    scale: str | None = None
    currency: str | None = None
    thing: str | None = None
    measure: str | None = None
    smaller: bool = False


@dataclass
class Head:
    """What precedes a number: currency sign, hedge, bound, and whether it is a starting point."""

    start: int
    currency: str | None = None
    hedge: str | None = None
    bound: str | None = None
    is_base: bool = False
    between: bool = False
    reference: bool = False


def read_head(text: str, start: int) -> Head:
    """Read back from a number starting at `start` (within 40 characters)."""
    window_start = max(0, start - WINDOW)
    head = Head(start)
    currency = _CURRENCY_BEFORE.search(text, window_start, start)
    if currency:
        head.start = currency.start()
        head.currency = CURRENCY_SYMBOLS.get(currency.group(1) or "") or currency.group(2)
    position = head.start
    for _ in range(2):
        qualifier = _QUALIFIER.search(text, window_start, position)
        if not qualifier:
            break
        _qualify(head, qualifier.group(1).lower())
        position = qualifier.start()
    head.is_base = bool(_BASE_BEFORE.search(text, window_start, position))
    head.between = bool(_BETWEEN_BEFORE.search(text, window_start, position))
    head.reference = _is_reference(text, window_start, position)
    return head


def _qualify(head: Head, word: str) -> None:
    if word in BOUNDS and head.bound is None:
        head.bound = BOUNDS[word]
    elif word in HEDGES and head.hedge is None:
        head.hedge = HEDGES[word]


def _is_reference(text: str, window_start: int, position: int) -> bool:
    """True when the word before names a thing the number identifies ("Resolution 1244")."""
    match = WORD_BEFORE.search(text, window_start, position)
    if not match:
        return False
    word = match.group(1)
    if word.lower() in REFERENCE_WORDS or _is_acronym(word):
        return True
    if not word[0].isupper() or word.endswith(("’s", "'s")) or word.lower() in NOUN_STOPS:
        return False
    return not _starts_sentence(text, match.start())


def _is_acronym(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _starts_sentence(text: str, position: int) -> bool:
    window_start = max(0, position - 8)
    before = text[window_start:position].rstrip(' \t\u00a0"“‘(')
    return before[-1] in ".!?\n" if before else window_start == 0


def read_tail(text: str, position: int, currency: str | None, *, words_only: bool) -> Tail | None:
    """Read what follows a number at `position`; None when nothing says what the number counts."""
    scale_match = _LONG_SCALE.match(text, position) or _SHORT_SCALE.match(text, position)
    scale = scale_match.group(1) if scale_match else None
    after_scale = scale_match.end() if scale_match else position
    after = _currency_after(text, after_scale)
    if currency or after:
        end = after[1] if after else after_scale
        return _money(end, currency or (after[0] if after else ""), scale)
    if scale is not None and scale.lower() not in LONG_SCALES:
        scale, after_scale = None, position
    if scale is None:
        marked = _marked(text, position, words_only=words_only)
        if marked is not None:
            return marked
    return _counted(text, after_scale, scale, words_only=words_only)


def _currency_after(text: str, position: int) -> tuple[str, int] | None:
    code = _CODE_AFTER.match(text, position)
    if code:
        return code.group(1), code.end()
    word = _WORD_AFTER.match(text, position)
    if word:
        return CURRENCY_WORDS[word.group(1).lower()], word.end()
    return None


def _money(end: int, currency: str, scale: str | None) -> Tail:
    factor = scale_factor(scale)
    return Tail(end, "money", currency, factor=factor, scale=scale, currency=currency)


def scale_factor(scale: str | None) -> float:
    if scale is None:
        return 1.0
    lowered = scale.lower()
    return LONG_SCALES.get(lowered) or SHORT_SCALES[lowered]


def _marked(text: str, position: int, *, words_only: bool) -> Tail | None:
    """Percent, percentage points, a multiple, or a measurement unit."""
    points = _POINTS.match(text, position)
    if points:
        return Tail(points.end(), "pp", "pp")
    percent = _PERCENT.match(text, position)
    if percent:
        return Tail(percent.end(), "percent", "percent")
    times = _TIMES.match(text, position)
    if times:
        smaller = _SMALLER.match(text, times.end())
        end = smaller.end() if smaller else times.end()
        return Tail(end, "multiple", "multiple", smaller=bool(smaller))
    fold = _FOLD.match(text, position)
    if fold:
        return Tail(fold.end(), "multiple", "multiple")
    unit = None if words_only else _UNIT.match(text, position)
    if unit:
        code, measure = MEASURE_UNITS[unit.group(1).lower()]
        return Tail(unit.end(), "quantity", code, measure=measure)
    return None


def _counted(text: str, position: int, scale: str | None, *, words_only: bool) -> Tail | None:
    """A counted noun phrase after the number: "246 Javelin … missiles", "20 million cartridges"."""
    if words_only and scale is None:
        return None
    thing = _noun_phrase(text, position)
    if thing is None:
        return None
    factor = scale_factor(scale)
    return Tail(position, "count", f"count:{thing}", factor=factor, scale=scale, thing=thing)


def _noun_phrase(text: str, position: int) -> str | None:
    """Up to five words, ending before a stop word or punctuation, or after the first plural."""
    words: list[re.Match[str]] = []
    match = _WORD.match(text, position)
    while match and len(words) < 5:
        word = match.group(1)
        lowered = word.lower()
        if lowered in NOUN_STOPS or (not words and lowered in MONTHS):
            break
        words.append(match)
        if lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) > 2:
            break
        match = _WORD.match(text, match.end())
    if not words:
        return None
    return " ".join(word.group(1) for word in words)

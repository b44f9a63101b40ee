"""Finding the numeric claims of a text, each with its exact span.

A claim is a number with something that says what it counts: a currency (money), "%" or "percent"
(percent), "percentage points" (pp), a multiple ("doubled", "five times", "fourfold"), a
measurement unit ("100 hectares") or a counted noun phrase ("246 Javelin FGM-148F anti-tank
missiles", "20 million cartridges"). Around it the extractor reads the scale ("million", "bn"),
a hedge ("about", "~") or a bound ("at least", "up to") before it, and ranges ("24–36 %",
"between 24 and 36 percent"). "from 153 to 208 million EUR" gives two claims, both in million EUR.

Not claims: years ("in 2023", "2021-2024" are periods, returned beside the claims), a number with
no unit or counted thing ("Resolution 1244", "DEFENDER 25"), identifiers ("TB2", "FGM-148F",
"F-16"), ordinals ("2nd"), dates and times ("12/05", "10:30"), a token that is not a well-formed
number ("1.2.3"). Word numbers are read only with a scale, a percent sign, a currency or a
multiple ("six million euros", "five times"), not as bare counts ("two NATO members").

The span covers the number with its currency, scale and unit ("$80 million", "23.78%",
"100 hectares", "246"); hedges and bounds sit outside it. For a count, the span is the number (with
its scale word) and the counted thing is kept in `thing`. The words around a number are read by
`surroundings`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from powderkeg.claims.lexicon import (
    MULTIPLE_WORDS,
    NUMBER_WORDS,
    SHORT_SCALES,
    SPACE,
    alternation,
)
from powderkeg.claims.model import Claim
from powderkeg.claims.numbers import (
    Style,
    WrittenNumber,
    detect_style,
    parse_number,
    parse_number_words,
)
from powderkeg.claims.periods import PeriodMention, is_year
from powderkeg.claims.surroundings import (
    WINDOW,
    WORD_BEFORE,
    Head,
    Tail,
    read_head,
    read_tail,
)

_DIGITS: Final = re.compile(r"(?<![\w.,])\d(?:[\d.,\u00a0\u202f\u2009]*\d)?")
_NUMBER_WORD: Final = re.compile(
    rf"(?i)\b(?:{alternation(NUMBER_WORDS)})(?:[-\s](?:{alternation(NUMBER_WORDS)}))?\b"
)
_MULTIPLE_WORD: Final = re.compile(rf"(?i)\b(?:{alternation(MULTIPLE_WORDS)})\b")
_FOLD_WORD: Final = re.compile(rf"(?i)\b({alternation(NUMBER_WORDS)})-?fold\b")

_RANGE_DASH: Final = re.compile(rf"{SPACE}?[-–—]{SPACE}?")
_RANGE_WORD: Final = re.compile(rf"{SPACE}+(to|and){SPACE}+")
_LETTER_SUFFIX: Final = re.compile(
    rf"(?:{alternation(SHORT_SCALES)}|M|B|K|pp|km2|km²|km|ha|pct)(?![\w])", re.IGNORECASE
)


@dataclass(frozen=True)
class Extraction:
    """The claims of a text (ids c1, c2… in text order), its periods and its number style."""

    claims: tuple[Claim, ...]
    periods: tuple[PeriodMention, ...]
    style: Style


@dataclass
class _Found:
    start: int
    end: int
    number_text: str
    number: WrittenNumber
    head: Head
    tail: Tail
    high: WrittenNumber | None = None
    exact: bool = False  # a word with no digits to round ("doubled"): precision 0


def extract(text: str, style: Style | None = None) -> Extraction:
    """Every numeric claim and every period of `text`; never raises on any text."""
    tokens = [match for match in _DIGITS.finditer(text) if _stands_alone(text, match)]
    style = style or detect_style(match.group() for match in tokens)
    found, periods = _from_digits(text, tokens, style)
    found += _from_words(text)
    kept = _without_overlaps(sorted(found, key=lambda item: (item.start, -item.end)))
    claims = tuple(_claim(text, item, index) for index, item in enumerate(kept, start=1))
    return Extraction(claims, tuple(periods), style)


def _stands_alone(text: str, token: re.Match[str]) -> bool:
    """False for digits glued to an identifier, a date or a time ("TB2", "F-16", "12/05")."""
    start, end = token.span()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before == "#" or _joins_digits(text, start - 1, -1) or _joins_digits(text, end, 1):
        return False
    if before == "-" and start >= 2 and text[start - 2].isalpha():
        word = WORD_BEFORE.search(text[max(0, start - WINDOW) : start - 1] + " ")
        return not (word and any(char.isupper() for char in word.group(1)))
    if after.isalpha():
        return bool(_LETTER_SUFFIX.match(text, end))
    return True


def _joins_digits(text: str, position: int, step: int) -> bool:
    """True when a "/" or ":" at `position` joins digits: a date or a time ("12/05", "10:30")."""
    beyond = position + step
    return (
        0 <= position < len(text)
        and text[position] in "/:"
        and 0 <= beyond < len(text)
        and text[beyond].isdigit()
    )


def _from_digits(
    text: str, tokens: list[re.Match[str]], style: Style
) -> tuple[list[_Found], list[PeriodMention]]:
    found: list[_Found] = []
    periods: list[PeriodMention] = []
    skip_until = -1
    for index, token in enumerate(tokens):
        if token.start() < skip_until:
            continue
        number = parse_number(token.group(), style)
        if number is None:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        item, period, consumed = _read(text, token, number, following, style)
        if consumed and following is not None:
            skip_until = following.end()
        if item:
            found.append(item)
        if period:
            periods.append(period)
    return found, periods


def _read(
    text: str,
    token: re.Match[str],
    number: WrittenNumber,
    following: re.Match[str] | None,
    style: Style,
) -> tuple[_Found | None, PeriodMention | None, bool]:
    """One digit token: a claim, a period, or nothing; and whether `following` was used too."""
    head = read_head(text, token.start())
    ranged = _range(text, token, number, head, following, style)
    if ranged is not None:
        return ranged
    tail = read_tail(text, token.end(), head.currency, words_only=False)
    plain_year = _plain(token.group()) and is_year(number.value)
    if plain_year and (tail is None or tail.kind == "count"):
        # "in 2023", "a total 2025 national budget": a year, even before a noun.
        return None, _period(token.start(), token.end(), number, number, head), False
    if tail is None or (tail.kind in ("count", "quantity") and head.reference):
        return None, None, False
    return _Found(token.start(), tail.end, token.group(), number, head, tail), None, False


def _range(
    text: str,
    token: re.Match[str],
    number: WrittenNumber,
    head: Head,
    following: re.Match[str] | None,
    style: Style,
) -> tuple[_Found | None, PeriodMention | None, bool] | None:
    """ "24–36 %", "between 24 and 36 percent", "2021-2024", or "from 153 to 208 million EUR"."""
    if following is None or read_tail(text, token.end(), None, words_only=False):
        return None
    connector = _RANGE_DASH.match(text, token.end()) or _RANGE_WORD.match(text, token.end())
    if connector is None or connector.end() != following.start():
        return None
    word = connector.group(1) if connector.re is _RANGE_WORD else "-"
    second = parse_number(following.group(), style)
    if second is None or (word == "and" and not head.between):
        return None
    if word != "-" and _plain(token.group()) and is_year(number.value):
        return None  # "in 2023 to 110 million EUR": a year, then another claim
    if word == "-" and _years(token, number, following, second):
        last = _full_year(number, following.group(), second)
        return None, _period(token.start(), following.end(), number, last, head), True
    tail = read_tail(text, following.end(), head.currency, words_only=False)
    if tail is None:
        return None
    if word == "to" and head.is_base:
        # "from 153 to 208 million EUR": the first number borrows the second's unit, alone.
        alone = Tail(token.end(), tail.kind, tail.unit, tail.factor, tail.scale, tail.currency)
        alone.thing, alone.measure = tail.thing, tail.measure
        return _Found(token.start(), token.end(), token.group(), number, head, alone), None, False
    spanned = token.group() + text[token.end() : following.end()]
    found = _Found(token.start(), tail.end, spanned, number, head, tail, high=second)
    return found, None, True


def _years(
    token: re.Match[str], first: WrittenNumber, following: re.Match[str], last: WrittenNumber
) -> bool:
    """ "2021-2024" or "2021-24"."""
    if not (_plain(token.group()) and is_year(first.value)):
        return False
    end = _full_year(first, following.group(), last)
    return following.group().isdigit() and is_year(end.value) and first.value <= end.value


def _full_year(first: WrittenNumber, written: str, last: WrittenNumber) -> WrittenNumber:
    if len(written) == 2 and written.isdigit():
        return WrittenNumber(float(int(first.value) // 100 * 100 + int(written)), 0)
    return last


def _plain(token: str) -> bool:
    return token.isdigit() and len(token) == 4


def _period(
    start: int, end: int, first: WrittenNumber, last: WrittenNumber, head: Head
) -> PeriodMention:
    return PeriodMention((start, end), int(first.value), int(last.value), is_base=head.is_base)


def _from_words(text: str) -> list[_Found]:
    """Word numbers with a scale, percent, currency or multiple; multiple verbs ("doubled")."""
    found: list[_Found] = []
    for match in _NUMBER_WORD.finditer(text):
        number = parse_number_words(match.group())
        head = read_head(text, match.start())
        tail = read_tail(text, match.end(), head.currency, words_only=True) if number else None
        if number and tail and not (tail.kind == "count" and head.reference):
            found.append(_Found(match.start(), tail.end, match.group(), number, head, tail))
    for match in _MULTIPLE_WORD.finditer(text):
        factor = MULTIPLE_WORDS[match.group().lower()]
        found.append(_multiple(text, match, factor))
    for match in _FOLD_WORD.finditer(text):
        factor = float(NUMBER_WORDS[match.group(1).lower()])
        found.append(_multiple(text, match, factor))
    return found


def _multiple(text: str, match: re.Match[str], factor: float) -> _Found:
    tail = Tail(match.end(), "multiple", "multiple")
    number = WrittenNumber(factor, 0)
    head = read_head(text, match.start())
    return _Found(match.start(), match.end(), match.group(), number, head, tail, exact=True)


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    kept: list[_Found] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


def _claim(text: str, item: _Found, index: int) -> Claim:
    tail, head = item.tail, item.head
    start = min(head.start, item.start)
    low, high = _values(item)
    value = (low + high) / 2
    if tail.kind == "multiple" and tail.smaller and low > 0:
        low, high, value = 1 / high, 1 / low, 1 / value
    precision = 0.0 if item.exact else _precision(item)
    return Claim(
        id=f"c{index}",
        span=(start, tail.end),
        raw=text[start : tail.end],
        number=item.number_text,
        kind=tail.kind,
        value=value,
        unit=tail.unit,
        precision=precision,
        currency=tail.currency,
        scale=tail.scale,
        thing=tail.thing,
        low=low if item.high else None,
        high=high if item.high else None,
        hedge=head.hedge,
        bound=head.bound,
        is_base=head.is_base,
        measure=tail.measure,
    )


def _values(item: _Found) -> tuple[float, float]:
    low = _scaled(item.number.value, item.tail.factor)
    high = _scaled(item.high.value, item.tail.factor) if item.high else low
    return low, high


def _precision(item: _Found) -> float:
    halves = [item.number.half_unit] + ([item.high.half_unit] if item.high else [])
    return _scaled(max(halves), item.tail.factor)


def _scaled(value: float, factor: float) -> float:
    """value × a power of ten, without float noise: 133.2 × 1e6 is 133200000.0, not …99.99."""
    exponent = round(math.log10(factor))
    return float(Decimal(repr(value)).scaleb(exponent))

"""Reading a number as written, in either digit-grouping style, with the precision it states.

Two styles are read:

    en   1,355,696,000.5   "," groups thousands, "." marks the decimals
    eu   1.355.696.000,5   "." groups thousands, "," marks the decimals

(a non-breaking or thin space may also group thousands). A token is read from its separators:

- two different separators: the last one is the decimal mark, the other groups thousands;
- one separator used several times: it groups thousands;
- one separator used once and followed by exactly three digits ("5,000", "1.355") is ambiguous: the
  document's style decides (English unless the document shows European decimals, see
  `detect_style`); followed by any other number of digits it is the decimal mark ("64,78" is
  64.78, "133.2" is 133.2);
- thousands groups must have exactly three digits after a first group of one to three.

Anything else ("1.2.3", "12,34.5") is not a number and `parse_number` returns None: the extractor
skips it rather than guess.

The precision of a written number is half a unit of its last stated digit: "133.2" ± 0.05, "5,000"
± 0.5, "2.78" ± 0.005. Trailing zeros count as stated ("150" ± 0.5), as in statcheck.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from powderkeg.claims.lexicon import NUMBER_WORDS

Style = Literal["en", "eu"]

_GROUP_SPACES: Final = "\u00a0\u202f\u2009"
_TOKEN: Final = re.compile(rf"\d(?:[\d.,{_GROUP_SPACES}]*\d)?")
_WORD_NUMBER: Final = re.compile(r"([a-z]+)(?:[-\s]+([a-z]+))?")


@dataclass(frozen=True)
class WrittenNumber:
    """A number as written: its value and how many decimals were stated."""

    value: float
    decimals: int

    @property
    def half_unit(self) -> float:
        """Half a unit of the last stated digit: the rounding precision of the number."""
        return 0.5 * 10.0 ** (-self.decimals)


def parse_number(token: str, style: Style = "en") -> WrittenNumber | None:
    """Read a digit token ("1,355,696,000.5", "64,78"); None when it is not a well-formed number."""
    if not _TOKEN.fullmatch(token):
        return None
    marks = [char for char in token if not char.isdigit()]
    if not marks:
        return WrittenNumber(float(token), 0)
    decimal = _decimal_mark(token, marks, style)
    whole, fraction = token.rsplit(decimal, 1) if decimal else (token, "")
    if not _valid_grouping(whole):
        return None
    digits = re.sub(r"\D", "", whole)
    return WrittenNumber(float(f"{digits}.{fraction}" if fraction else digits), len(fraction))


def parse_number_words(words: str) -> WrittenNumber | None:
    """Read "six", "twenty-five", "twenty five"; None for anything else."""
    match = _WORD_NUMBER.fullmatch(words.lower())
    if not match:
        return None
    first, second = match.group(1), match.group(2)
    if first not in NUMBER_WORDS:
        return None
    value = NUMBER_WORDS[first]
    if second is not None:
        unit = NUMBER_WORDS.get(second)
        if unit is None or value % 10 or not 20 <= value <= 90 or unit >= 10:
            return None
        value += unit
    return WrittenNumber(float(value), 0)


def detect_style(tokens: Iterable[str]) -> Style:
    """The document's style: European when more tokens are unambiguously European than English."""
    votes = {"en": 0, "eu": 0}
    for token in tokens:
        evidence = _style_evidence(token)
        if evidence and parse_number(token, evidence) is not None:
            votes[evidence] += 1
    return "eu" if votes["eu"] > votes["en"] else "en"


def _decimal_mark(token: str, marks: list[str], style: Style) -> str | None:
    last = marks[-1]
    if last in _GROUP_SPACES or marks.count(last) > 1:
        return None
    if set(marks) - {last}:
        return last
    return _single_mark(token, last, style)


def _single_mark(token: str, mark: str, style: Style) -> str | None:
    whole, fraction = token.split(mark)
    if len(fraction) != 3 or whole == "0":
        return mark
    thousands = "," if style == "en" else "."
    return None if mark == thousands else mark


def _valid_grouping(whole: str) -> bool:
    separators = {char for char in whole if not char.isdigit()}
    if not separators:
        return True
    if len(separators) > 1 and not separators <= set(_GROUP_SPACES):
        return False
    groups = re.split(rf"[.,{_GROUP_SPACES}]", whole)
    return 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])


def _style_evidence(token: str) -> Style | None:
    marks = [char for char in token if char in ".,"]
    if not marks:
        return None
    last = marks[-1]
    if marks.count(last) > 1:
        return "en" if last == "," else "eu"
    if len(set(marks)) == 2:
        return "en" if last == "." else "eu"
    fraction = token.rsplit(last, 1)[1]
    if len(fraction) == 3:
        return None
    return "en" if last == "." else "eu"

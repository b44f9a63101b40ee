"""Years and year ranges named in a text, and the arithmetic on their labels.

A period label is a year ("2023") or an inclusive range of years ("2021-2024"). Years are not
claims: "in 2023" says when, not how much. A mention written as a starting point ("from 2022",
"since 2023", "compared with 2022", or the year of a value written as "up from 153 million EUR in
2024") is a *base*: it is the other end of a change, not the period of the claims around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from powderkeg.claims.model import Span

FIRST_YEAR: Final = 1800
LAST_YEAR: Final = 2100
_LABEL: Final = re.compile(r"(\d{4})(?:-(\d{4}))?")


@dataclass(frozen=True)
class PeriodMention:
    """A year or range of years as it appears in the text."""

    span: Span
    first: int
    last: int
    is_base: bool = False

    @property
    def label(self) -> str:
        return period_label(self.first, self.last)

    def as_base(self) -> PeriodMention:
        return replace(self, is_base=True)


def is_year(value: float) -> bool:
    """True for a whole number that reads as a calendar year."""
    return value.is_integer() and FIRST_YEAR <= value <= LAST_YEAR


def period_label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def period_bounds(label: str) -> tuple[int, int] | None:
    """(first, last) year of a label; None when it is not one."""
    match = _LABEL.fullmatch(label)
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first
    return (first, last) if first <= last else None


def previous_period(label: str) -> str | None:
    """The period of the same length just before: "2024" → "2023", "2025-2028" → "2021-2024"."""
    bounds = period_bounds(label)
    if bounds is None:
        return None
    first, last = bounds
    length = last - first + 1
    return period_label(first - length, last - length)


def last_year(label: str | None) -> int | None:
    """The last year of a period label."""
    bounds = period_bounds(label) if label else None
    return bounds[1] if bounds else None

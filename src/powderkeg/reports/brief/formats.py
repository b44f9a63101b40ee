"""How figures read: money in millions or billions, percents, TIV, counts, factors.

Each figure's text starts with its number (after a currency sign or "TIV"), written with a dot
for decimals, commas between thousands and a scale word where there is one, so a reader, or a
test, can read the number back and compare it at the precision shown.
"""

from __future__ import annotations

import re
from typing import Final

_SIGNS: Final = {"USD": "US$", "EUR": "€", "GBP": "£"}
_MINUS: Final = "−"  # U+2212, the typographic minus
_DIGIT: Final = re.compile(r"\d")


def signed(text: str, value: float) -> str:
    """`text` of |value| with a + or − in front."""
    return f"{'+' if value >= 0 else _MINUS}{text}"


def scaled(value: float, *, digits: int = 1) -> str:
    """1.2345e8 → "123.5 million", 2.4e9 → "2.40 billion", 75,000 → "75,000"."""
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:,.{digits + 1}f} billion"
    if size >= 1e6:
        return f"{value / 1e6:,.{digits}f} million"
    return f"{value:,.0f}"


def money(value: float, currency: str, *, digits: int = 1) -> str:
    """Money, e.g. `US$ 165.7 million`, `€ 2.70 billion`, `RSD 12.0 million`."""
    sign = _SIGNS.get(currency, currency)
    return f"{sign} {scaled(value, digits=digits)}"


def percent(value: float, *, digits: int = 2) -> str:
    """A level in percent, e.g. `1.48 %`."""
    return f"{value:,.{digits}f} %"


def change(value: float, *, digits: int = 1) -> str:
    """A change in percent with its sign, e.g. `+24.4 %`, `−6.0 %`."""
    return signed(f"{abs(value):,.{digits}f} %", value)


def points(value: float, *, digits: int = 2) -> str:
    """A gap between percents, e.g. `0.76 percentage points` (the sign goes in words)."""
    return f"{abs(value):,.{digits}f} percentage points"


def tiv(value: float) -> str:
    """SIPRI trend-indicator value, e.g. `TIV 16.4 million`: never written as money."""
    return f"TIV {value:,.1f} million"


def count(value: float) -> str:
    """A count, e.g. `5,000`."""
    return f"{value:,.0f}"


def index(value: float) -> str:
    """An index with no unit, e.g. `3,306`."""
    return f"{value:,.0f}"


def times(value: float) -> str:
    """A factor, e.g. `14.5 times`."""
    return f"{value:,.1f} times"


def in_unit(value: float, unit: str) -> str:
    """A value in a claim's unit: a currency code, "percent", "pp", "multiple", "count:<thing>"."""
    if unit == "percent":
        return percent(value)
    if unit == "pp":
        return points(value)
    if unit == "multiple":
        return f"{value:,.2f} times"
    if unit.startswith("count:"):
        thing = unit.removeprefix("count:")
        # The counted thing is the article's wording; its digits ("FGM-148F") are left out.
        return count(value) if _DIGIT.search(thing) else f"{count(value)} {thing}".strip()
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return money(value, unit, digits=2)
    return f"{value:,.2f} {unit}".strip()

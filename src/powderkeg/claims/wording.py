"""Numbers as the explanations write them: "208 M EUR", "3.6 bn EUR", "24.32 %", "×2.31"."""

from __future__ import annotations

from typing import Final

from powderkeg.claims.model import Claim

_SCALES: Final = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"))


def number(value: float, decimals: int = 2) -> str:
    """A plain number with thousands separators and no trailing zeros: 1234.5 → "1,234.5"."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def amount(value: float, unit: str) -> str:
    """A value in base units, in the words of its unit."""
    if unit == "percent":
        return f"{number(value)} %"
    if unit == "pp":
        return f"{number(value)} pp"
    if unit == "multiple":
        return f"×{number(value)}"
    if unit.startswith("count:"):
        return f"{_scaled(value)} {unit.removeprefix('count:')}"
    return f"{_scaled(value)} {unit}"


def percent_change(value: float) -> str:
    """A signed percent change: +24.32 %, −3 %."""
    sign = "+" if value >= 0 else "−"
    return f"{sign}{number(abs(value))} %"


def _scaled(value: float) -> str:
    for factor, word in _SCALES:
        if abs(value) >= factor:
            return f"{number(value / factor)} {word}"
    return number(value)


def said(claim: Claim) -> str:
    """The claim with its bound and hedge in words: "approximately 225 million USD"."""
    words = [word.replace("_", " ") for word in (claim.bound, claim.hedge) if word]
    counted = [claim.thing] if claim.kind == "count" and claim.thing else []
    return "“" + " ".join([*words, claim.raw, *counted]) + "”"

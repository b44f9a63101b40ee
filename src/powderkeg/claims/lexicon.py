"""The words the claim extractor recognises around a number, in one place.

Currencies (symbols, ISO 4217 codes, words), scale words, hedges, bounds, multiples, measurement
units and the words that end a counted noun phrase. Every table maps what is written to the
canonical form a claim carries. Keys are lower case except where case matters (codes, short scales).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

# Spaces that may sit between a number and its unit.
SPACE: Final = r"[ \t\u00a0\u202f]"


# Between a change and its target: "by 60% to 1 billion EUR", "by 20% to about 120 million".
TO_TARGET: Final = re.compile(r"[ \t\u00a0]+to[ \t\u00a0]+(?:[^\s\d$€£]+[ \t\u00a0]+){0,2}")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the given words, longest first so "more than" beats "more"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# A bare "$" is read as US dollars: the essays this tool reads are about US$ figures (SIPRI, US
# sales); other dollars are written with their prefix (A$, C$) and are not recognised.
CURRENCY_SYMBOLS: Final[dict[str, str]] = {
    "US$": "USD",
    "U.S.$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
}

# Upper case only: "ALL" is the Albanian lek, "all" is not.
CURRENCY_CODES: Final[frozenset[str]] = frozenset(
    {
        "USD", "EUR", "GBP", "CHF", "RSD", "ALL", "MKD", "BAM", "HRK", "RUB", "TRY", "UAH",
        "CNY", "JPY", "HUF", "PLN", "CZK", "RON", "BGN", "SEK", "NOK", "DKK", "INR", "ILS",
    }
)  # fmt: skip

# Dinar is read as the Serbian dinar: the default case is the Western Balkans.
CURRENCY_WORDS: Final[dict[str, str]] = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "serbian dinars": "RSD",
    "dinars": "RSD",
    "dinar": "RSD",
    "denars": "MKD",
    "denar": "MKD",
    "lekë": "ALL",
    "leke": "ALL",
    "leks": "ALL",
    "lek": "ALL",
    "convertible marks": "BAM",
    "kunas": "HRK",
    "kuna": "HRK",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "roubles": "RUB",
    "rubles": "RUB",
    "turkish lira": "TRY",
    "liras": "TRY",
    "lira": "TRY",
    "hryvnias": "UAH",
}

# Written scale → factor. Long words apply to any number; short ones only next to a currency, since
# "100 m" is more often metres than millions.
LONG_SCALES: Final[dict[str, float]] = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
SHORT_SCALES: Final[dict[str, float]] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}

# Hedge as written → canonical hedge word.
HEDGES: Final[dict[str, str]] = {
    "an estimated": "an estimated",
    "estimated": "an estimated",
    "approximately": "approximately",
    "approx.": "approximately",
    "roughly": "roughly",
    "around": "around",
    "about": "about",
    "some": "some",
    "nearly": "nearly",
    "almost": "almost",
    "close to": "close to",
    "circa": "about",
    "ca.": "about",
    "~": "about",
    "≈": "about",
}

# Bound as written → which side is bounded: over/at_least bound below, under/up_to bound above.
BOUNDS: Final[dict[str, str]] = {
    "more than": "over",
    "just over": "over",
    "well over": "over",
    "over": "over",
    "above": "over",
    "exceeding": "over",
    "in excess of": "over",
    "upwards of": "over",
    ">": "over",
    "at least": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "no fewer than": "at_least",
    "≥": "at_least",
    "less than": "under",
    "fewer than": "under",
    "just under": "under",
    "under": "under",
    "below": "under",
    "<": "under",
    "up to": "up_to",
    "at most": "up_to",
    "no more than": "up_to",
    "not more than": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "≤": "up_to",
}
LOWER_BOUNDS: Final[frozenset[str]] = frozenset({"over", "at_least"})
UPPER_BOUNDS: Final[frozenset[str]] = frozenset({"under", "up_to"})

# Verbs that state a factor without a digit.
MULTIPLE_WORDS: Final[dict[str, float]] = {
    "doubled": 2.0,
    "doubling": 2.0,
    "twice": 2.0,
    "tripled": 3.0,
    "trebled": 3.0,
    "tripling": 3.0,
    "quadrupled": 4.0,
    "quadrupling": 4.0,
    "quintupled": 5.0,
    "halved": 0.5,
    "halving": 0.5,
}
# "five times less" is a factor of 1/5.
SMALLER_WORDS: Final[frozenset[str]] = frozenset(
    {"less", "lower", "smaller", "fewer", "cheaper", "below"}
)

# Measurement units written after a number: (unit, measure).
MEASURE_UNITS: Final[dict[str, tuple[str, str]]] = {
    "hectares": ("ha", "area"),
    "hectare": ("ha", "area"),
    "ha": ("ha", "area"),
    "square kilometres": ("km2", "area"),
    "square kilometers": ("km2", "area"),
    "sq km": ("km2", "area"),
    "km2": ("km2", "area"),
    "km²": ("km2", "area"),
    "kilometres": ("km", "length"),
    "kilometers": ("km", "length"),
    "km": ("km", "length"),
    "metres": ("m", "length"),
    "meters": ("m", "length"),
    "m": ("m", "length"),
    "tonnes": ("t", "mass"),
    "tons": ("t", "mass"),
    "years": ("years", "duration"),
    "year": ("years", "duration"),
    "months": ("months", "duration"),
    "days": ("days", "duration"),
}

MONTHS: Final[frozenset[str]] = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip

# Words that end (or cannot start) the noun phrase naming what is counted.
NOUN_STOPS: Final[frozenset[str]] = frozenset(
    {
        "a", "an", "the", "to", "from", "in", "on", "at", "by", "for", "of", "with", "and", "or",
        "but", "across", "over", "under", "per", "each", "is", "are", "was", "were", "be", "been",
        "has", "have", "had", "will", "would", "can", "could", "may", "might", "should", "that",
        "which", "who", "whom", "as", "than", "into", "onto", "this", "these", "those", "its",
        "their", "it", "they", "we", "he", "she", "while", "when", "where", "since", "until",
        "during", "after", "before", "between", "among", "against", "through", "via", "about",
        "around", "some", "more", "less", "most", "least", "times", "percent", "cent",
        "not", "no", "so", "if", "then", "also", "only", "just", "up", "down", "out", "off",
        "i", "you", "our", "his", "her", "every", "all", "any", "both", "either", "neither",
        "what", "whose", "why", "how", "there", "here", "again", "too", "very", "such",
    }
)  # fmt: skip

# A number right after one of these words is a name or a reference, not a count.
REFERENCE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "no", "no.", "nos.", "number", "article", "articles", "page", "pages", "p.", "pp.",
        "chapter", "section", "resolution", "route", "level", "phase", "version", "grade",
        "paragraph", "item", "line", "table", "figure", "fig.", "annex", "vol.", "volume",
        "issue", "unit", "block", "tier", "stage", "step", "round", "part", "point", "zone",
    }
)  # fmt: skip

# English number words, for "six million euros", "five times", "fourfold".
NUMBER_WORDS: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip

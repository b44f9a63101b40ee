"""What a claim measures, read from the words around it.

Measures (the vocabulary the data checker maps to the store):

| measure | claims | read from |
| --- | --- | --- |
| `spending` | money | expenditure, spending, spent, outlays |
| `budget` | money | budget |
| `national_budget` | money | national/state/total/government budget |
| `gdp` | money | GDP, gross domestic product |
| `value` | money | valued, worth, cost, contract, deal, sale, purchase |
| `difference` | money, count | "an increase of X", "rose by X", "X more/less" |
| `growth` | percent, pp | increase, hike, rise, grew, boost, decline, cut… (with `direction`) |
| `share_gdp` | percent | "X % of GDP" |
| `share` | percent | "X % of the total/budget/world…", "share" |
| `personnel` | count | personnel, troops, soldiers, staff… in the counted thing |
| `capacity` | count | "capacity" or "annual" near the number |
| `quantity` | count | any other count |
| `area`, `length`, `mass`, `duration` | quantity | the unit (hectares, km, tonnes, years) |
| `ratio` | multiple | any multiple |

A keyword in the claim's clause wins over one elsewhere in the sentence, the nearer over the
farther, the longer over the shorter when they touch ("national budget" over "budget"). A money
claim with no keyword takes the measure of the previous money claim of the same currency in its
paragraph ("This rose to 165.6 million USD" after "military expenditure stood at 133.2 million
USD").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from powderkeg.claims.model import Claim, Span

Direction = Literal["up", "down"]

_MONEY_WORDS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    (
        "national_budget",
        re.compile(
            r"(?i)\b(?:national|state|total|government|general|overall|central)\s+"
            r"(?:\d{4}\s+)?(?:national\s+|state\s+)?budget\b"
        ),
    ),
    ("gdp", re.compile(r"\bGDP\b|(?i:\bgross domestic product\b)")),
    ("budget", re.compile(r"(?i)\bbudget(?:s|ed)?\b")),
    (
        "spending",
        re.compile(
            r"(?i)\b(?:expenditures?|spending|spend|spends|spent|outlays?|military burden)\b"
        ),
    ),
    (
        "value",
        re.compile(
            r"(?i)\b(?:valued|worth|value|costs?|costing|priced|contracts?|deals?|sales?|"
            r"purchases?|orders?)\b"
        ),
    ),
)
_UP: Final = (
    r"increase[sd]?|increasing|hikes?|rise|rises|rose|risen|rising|grew|grow|grows|grown|growth|"
    r"jump(?:ed|s)?|surge[sd]?|up|boost(?:ed|ing|s)?|rais(?:e|ed|es|ing)|climb(?:ed|s)?|higher|"
    r"expan(?:d|ded|sion)"
)
_DOWN: Final = (
    r"decrease[sd]?|decreasing|declines?|declined|drop(?:ped|s)?|fell|fall(?:en|s)?|cuts?|"
    r"reduc(?:e|ed|es|tion)|down|lower|shr(?:ank|unk|ink)"
)
_CHANGE: Final = re.compile(rf"(?i)\b(?:({_UP})|({_DOWN}))\b")
_DIFFERENCE_BEFORE: Final = re.compile(
    r"(?i)\b(?:(increase|rise|hike|jump|growth|boost|gain)|"
    r"(decrease|decline|drop|cut|reduction|fall|loss))\s+of\s+(?:[^\s\d]+\s+){0,2}$"
    r"|\b(?:(rose|increased|grew|jumped|climbed|up)|(fell|decreased|dropped|declined|down))"
    r"\s+by\s+(?:[^\s\d]+\s+){0,2}$"
)
_DIFFERENCE_AFTER: Final = re.compile(r"(?i)\s+(?:(more|extra|additional)|(less|fewer))\b")
_SHARE_GDP_AFTER: Final = re.compile(
    r"(?i)\s*of\s+(?:(?:its|the|their|national|total)\s+)*(?:GDP|gross domestic product)\b"
)
_SHARE_AFTER: Final = re.compile(
    r"(?i)\s*of\s+(?:(?:the|its|their|a)\s+)?(?:total|world|global|budget|national|state|"
    r"government|overall|all|entire|whole)\b"
)
_SHARE_WORD: Final = re.compile(r"(?i)\bshares?\b")
_TO_BEFORE: Final = re.compile(r"(?i)(?<![\w])to[ \t\u00a0]+(?:[^\s\d]+[ \t\u00a0]+)?$")
_PERSONNEL: Final = re.compile(
    r"(?i)\b(?:personnel|troops|soldiers|staff|servicemen|servicewomen|service members|"
    r"reservists|officers|recruits|members|conscripts|fighters|guards|police|active)\b"
)
_CAPACITY: Final = re.compile(r"(?i)\b(?:capacity|annual|annually|per year|a year)\b")
_WINDOW: Final = 40


@dataclass(frozen=True)
class Scope:
    """The clause and sentence around a claim."""

    clause: Span
    sentence: Span


def measure_of(text: str, claim: Claim, scope: Scope) -> tuple[str | None, Direction | None]:
    """The measure the words around `claim` name, and the direction of a change."""
    if claim.kind == "money":
        return _money_measure(text, claim, scope)
    if claim.kind in ("percent", "pp"):
        return _percent_measure(text, claim, scope)
    if claim.kind == "multiple":
        return "ratio", "down" if claim.value < 1 else "up"
    if claim.kind == "count":
        return _count_measure(text, claim, scope), None
    return claim.measure, None


def difference_direction(text: str, claim: Claim) -> Direction | None:
    """ "an increase of 55 million EUR" → up, "six million euros less" → down, else None."""
    before = _DIFFERENCE_BEFORE.search(text, max(0, claim.start - _WINDOW), claim.start)
    if before:
        return "up" if before.group(1) or before.group(3) else "down"
    after = _DIFFERENCE_AFTER.match(text, claim.end)
    if after:
        return "up" if after.group(1) else "down"
    return None


def _money_measure(text: str, claim: Claim, scope: Scope) -> tuple[str | None, Direction | None]:
    direction = difference_direction(text, claim)
    if direction:
        return "difference", direction
    return _nearest_keyword(text, claim, scope, _MONEY_WORDS), None


def _percent_measure(text: str, claim: Claim, scope: Scope) -> tuple[str | None, Direction | None]:
    if _SHARE_GDP_AFTER.match(text, claim.end):
        return "share_gdp", None
    if _SHARE_AFTER.match(text, claim.end):
        return "share", None
    if claim.is_base or _TO_BEFORE.search(text, max(0, claim.start - _WINDOW), claim.start):
        # "from 2.1% … to 2.6%": levels of a rate or share; the change is written elsewhere.
        return ("share" if _nearest(text, claim, scope, _SHARE_WORD) else None), None
    change = _nearest(text, claim, scope, _CHANGE)
    if change is not None:
        return "growth", "up" if change.group(1) else "down"
    if _nearest(text, claim, scope, _SHARE_WORD):
        return "share", None
    return None, None


def _count_measure(text: str, claim: Claim, scope: Scope) -> str:
    if difference_direction(text, claim):
        return "difference"
    if claim.thing and _PERSONNEL.search(claim.thing):
        return "personnel"
    if _CAPACITY.search(text, *scope.clause):
        return "capacity"
    return "quantity"


def _nearest_keyword(
    text: str,
    claim: Claim,
    scope: Scope,
    words: tuple[tuple[str, re.Pattern[str]], ...],
) -> str | None:
    for start, end in (scope.clause, scope.sentence):
        best: tuple[int, int, str] | None = None
        for measure, pattern in words:
            for match in pattern.finditer(text, start, end):
                rank = (_distance(match.span(), claim.span), -(match.end() - match.start()))
                if best is None or rank < best[:2]:
                    best = (*rank, measure)
        if best is not None:
            return best[2]
    return None


def _nearest(
    text: str, claim: Claim, scope: Scope, pattern: re.Pattern[str]
) -> re.Match[str] | None:
    for start, end in (scope.clause, scope.sentence):
        matches = list(pattern.finditer(text, start, end))
        if matches:
            return min(matches, key=lambda match: _distance(match.span(), claim.span))
    return None


def _distance(span: Span, other: Span) -> int:
    if span[1] <= other[0]:
        return other[0] - span[1]
    if other[1] <= span[0]:
        return span[0] - other[1]
    return 0

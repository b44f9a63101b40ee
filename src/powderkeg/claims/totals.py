"""Checks of parts against totals, and of one quantity stated twice.

- **Stated shares**: "X % of GDP" / "X % of the budget" with the part and the total in the same
  sentence and currency: part / total × 100 against the stated percent.
- **Computed shares**: a total (national budget, GDP) and a part of it (spending, a defence
  budget) of the same entity, period and currency, with no share stated. Nothing to compare, but
  the text does imply something checkable: the part must fit in the total. The check is
  consistent when it does (and reports the share, e.g. 208 M of 3.6 bn EUR = 5.78 %), inconsistent
  when the part exceeds the total; `stated` is None.
- **Sums**: a total written as such ("a total of", "in total", "combined", "altogether") with two
  or more comparable amounts in its sentence; "X, of which A and B" (the parts may not exhaust the
  total, so their sum must not exceed it); and an amount for a range of years ("2021-2024") when
  the text also gives comparable amounts for every year of the range.
- **Repeats**: the same quantity (entity, period, measure, unit all known) stated twice, in
  different sentences (two such numbers in one sentence are far more often two things the linker
  could not tell apart than a contradiction); each later statement is checked against the first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Final

from powderkeg.claims.document import (
    Document,
    comparable,
    family,
    internal_check,
    nearest_first,
    verdict_of,
)
from powderkeg.claims.model import Check, Claim
from powderkeg.claims.periods import period_bounds, period_label
from powderkeg.claims.tolerance import agrees, tolerance
from powderkeg.claims.wording import amount, number, said

_TOTALS: Final = frozenset({"national_budget", "gdp"})
_PARTS: Final = frozenset({"outlay"})
_TOTAL_BEFORE: Final = re.compile(
    r"(?i)\b(?:a total of|totall?ing|totall?ed|in total|altogether|combined|a sum of|"
    r"together)[ \t\u00a0]+(?:\S+[ \t\u00a0]+){0,2}$"
)
_TOTAL_AFTER: Final = re.compile(r"(?i)[ \t\u00a0]+(?:in total|in all|altogether|combined)\b")
_OF_WHICH: Final = re.compile(r"(?i)^[ \t\u00a0]*[,(]?[ \t\u00a0]*of which\b")


def total_checks(doc: Document) -> list[Check]:
    """Shares, sums and repeats."""
    stated = _stated_shares(doc)
    used = {claim_id for check in stated for claim_id in check.claim_ids}
    return [*stated, *_computed_shares(doc, used), *_sums(doc), *_repeats(doc)]


def _stated_shares(doc: Document) -> list[Check]:
    checks: list[Check] = []
    for share in (
        c for c in doc.claims if c.kind == "percent" and c.measure in ("share", "share_gdp")
    ):
        money = [c for c in doc.same_sentence(share, doc.claims) if c.kind == "money"]
        split = _part_and_total(share, money)
        if split:
            checks.append(_share_check(share, *split))
    return checks


def _part_and_total(share: Claim, money: list[Claim]) -> tuple[Claim, Claim] | None:
    totals = [c for c in money if c.measure in _TOTALS] or sorted(money, key=lambda c: -c.value)[:1]
    for total in totals:
        parts = [c for c in money if c is not total and c.currency == total.currency]
        if parts:
            return nearest_first(share, parts)[0], total
    return None


def _share_check(share: Claim, part: Claim, total: Claim) -> Check:
    if total.value == 0:
        why = "Cannot recompute: the total is zero."
        return internal_check("share", "unverifiable", (part, total, share), share.value, None, why)
    ratio = part.value / total.value * 100
    ok = agrees(share, ratio)
    explanation = (
        f"{amount(part.value, part.unit)} / {amount(total.value, total.unit)} = "
        f"{number(ratio)} %; the text says {said(share)}: {'consistent' if ok else 'inconsistent'}."
    )
    return internal_check(
        "share", verdict_of(ok), (part, total, share), share.value, ratio, explanation
    )


def _computed_shares(doc: Document, used: set[str]) -> list[Check]:
    checks: list[Check] = []
    for total in (c for c in doc.levels if c.kind == "money" and c.measure in _TOTALS):
        for part in doc.levels:
            if part.id in used or not _part_of(part, total):
                continue
            checks.append(_computed_share(part, total))
    return checks


def _part_of(part: Claim, total: Claim) -> bool:
    return (
        part is not total
        and part.kind == "money"
        and part.currency == total.currency
        and part.period is not None
        and part.period == total.period
        and part.entity == total.entity
        and family(part.measure) in _PARTS
    )


def _computed_share(part: Claim, total: Claim) -> Check:
    if total.value == 0:
        return internal_check(
            "share",
            "unverifiable",
            (part, total),
            None,
            None,
            "Cannot recompute: the total is zero.",
        )
    ratio = part.value / total.value * 100
    fits = part.value <= total.value + tolerance(total)
    what = (total.measure or "total").replace("_", " ")
    explanation = (
        f"The text states no share: {amount(part.value, part.unit)} ({part.measure}, "
        f"{part.period}) is {number(ratio)} % of the {amount(total.value, total.unit)} {what} "
        + ("— a part within its total." if fits else "— more than the total it is part of.")
    )
    return internal_check("share", verdict_of(fits), (part, total), None, ratio, explanation)


def _sums(doc: Document) -> list[Check]:
    checks: list[Check] = []
    for total in doc.levels:
        check = _written_total(doc, total) or _of_which(doc, total) or _period_total(doc, total)
        if check:
            checks.append(check)
    return checks


def _written_total(doc: Document, total: Claim) -> Check | None:
    before = _TOTAL_BEFORE.search(doc.text, max(0, total.start - 40), total.start)
    if not (before or _TOTAL_AFTER.match(doc.text, total.end)):
        return None
    parts = [c for c in doc.same_sentence(total, doc.levels) if _addable(c, total)]
    return _sum_check(total, parts, exact=True) if len(parts) >= 2 else None


def _addable(part: Claim, total: Claim) -> bool:
    """Same unit; counts of different things add up to a count ("300 tanks and 200 trucks")."""
    return part.unit == total.unit or part.kind == total.kind == "count"


def _of_which(doc: Document, total: Claim) -> Check | None:
    if not _OF_WHICH.match(doc.text[total.end : total.end + 20]):
        return None
    parts = [
        c
        for c in doc.same_sentence(total, doc.levels)
        if c.start > total.end and _addable(c, total)
    ]
    return _sum_check(total, parts, exact=False) if parts else None


def _period_total(doc: Document, total: Claim) -> Check | None:
    bounds = period_bounds(total.period) if total.period else None
    if bounds is None or bounds[0] == bounds[1]:
        return None
    yearly = {c.period: c for c in doc.levels if comparable(c, total) and c is not total}
    wanted = [period_label(year, year) for year in range(bounds[0], bounds[1] + 1)]
    if not all(label in yearly for label in wanted):
        return None
    return _sum_check(total, [yearly[label] for label in wanted], exact=True)


def _sum_check(total: Claim, parts: Sequence[Claim], *, exact: bool) -> Check:
    summed = sum(part.value for part in parts)
    ok = agrees(total, summed) if exact else summed <= total.value + tolerance(total)
    terms = " + ".join(amount(part.value, part.unit) for part in parts)
    rule = "" if exact else " (parts need not exhaust the total: their sum must not exceed it)"
    explanation = (
        f"{terms} = {amount(summed, total.unit)}; the text says {said(total)}{rule}: "
        f"{'consistent' if ok else 'inconsistent'}."
    )
    return internal_check("sum", verdict_of(ok), (*parts, total), total.value, summed, explanation)


def _repeats(doc: Document) -> list[Check]:
    groups: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    for claim in doc.claims:
        if claim.entity and claim.period and claim.measure and claim.kind != "multiple":
            groups[(claim.entity, claim.period, claim.measure, claim.unit)].append(claim)
    checks: list[Check] = []
    for claims in groups.values():
        first = claims[0]
        later = [c for c in claims[1:] if doc.sentence(c) != doc.sentence(first)]
        checks.extend(_repeat(first, claim) for claim in later)
    return checks


def _repeat(first: Claim, later: Claim) -> Check:
    ok = agrees(later, first.value) or agrees(first, later.value)
    explanation = (
        f"{first.raw} and later {later.raw} state the same {later.measure} of {later.entity} "
        f"for {later.period}: {'consistent' if ok else 'inconsistent'}"
        + ("." if ok else f" ({amount(later.value - first.value, later.unit)} apart).")
    )
    return internal_check(
        "repeated", verdict_of(ok), (first, later), later.value, first.value, explanation
    )

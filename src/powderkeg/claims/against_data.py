"""Checks of claims against the store: spending, growth and shares by entity and year.

A claim is compared with the stored value of its entity, period and measure (latest vintage, the
vintage named, other vintages mentioned when they disagree). Money in another currency than the
store's is converted at the year's average rate, which the evidence records. Beyond the rounding
rule of `tolerance`, a value that the writer evidently truncated (165.657 written "165.6") counts
as consistent, and the explanation says so — only here, where the data carry more digits than
any text would.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from powderkeg.claims.model import Check, Claim, Evidence, Verdict
from powderkeg.claims.tolerance import agrees, relative_gap
from powderkeg.claims.wording import amount, said
from powderkeg.errors import PowderkegError
from powderkeg.indicators import Selection, spending
from powderkeg.indicators.memo import remembered
from powderkeg.money import RateBook
from powderkeg.store import Store

# What the text calls a measure → the store's measure for it.
STORE_MEASURES = {
    "spending": "current_usd",
    "budget": "current_usd",
    "growth": "growth_nominal",
    "share_gdp": "share_gdp",
}


@dataclass(frozen=True)
class Stored:
    """The store's value for a claim, in the claim's unit, with the evidence behind it."""

    value: float
    evidence: tuple[Evidence, ...]
    note: str = ""
    dated: str = "release"  # how the evidence's vintage reads: a data release, or a source's date


Lookup = Callable[[Claim], "Stored | str"]


def spending_checks(store: Store, book: RateBook, claims: Sequence[Claim]) -> list[Check]:
    """One data check per claim of a measure the store holds; unverifiable ones say why."""
    checks = []
    for claim in claims:
        if claim.measure not in STORE_MEASURES or claim.entity is None:
            continue
        found = lookup(store, book, claim)
        if claim.measure == "budget":
            checks.append(_budget(claim, found))
        else:
            checks.append(judge(claim, found, kind=f"data_{claim.measure}"))
    return checks


def _budget(claim: Claim, found: Stored | str) -> Check:
    """Budgets are not expenditure: say what the store holds, judge nothing."""
    if isinstance(found, str):
        reason = f"the store holds military expenditure, not budgets, and {found}"
    else:
        reason = (
            f"the store holds military expenditure, not budgets; expenditure for the same year: "
            f"{amount(found.value, claim.unit)} (release "
            f"{', '.join(sorted({e.vintage or '' for e in found.evidence}))}"
            f"{'; ' + found.note.strip() if found.note else ''})"
        )
    check = judge(claim, reason, kind="data_budget")
    evidence = found.evidence if isinstance(found, Stored) else ()
    return _check(claim, "data_budget", "unverifiable", None, check.explanation, evidence)


def lookup(store: Store, book: RateBook, claim: Claim) -> Stored | str:
    """The stored counterpart of `claim`, or the reason there is none."""
    years = _years(claim.period)
    if years is None:
        return "the claim names no year"
    measure = STORE_MEASURES[str(claim.measure)]
    try:
        by_year = _series(store, str(claim.entity), measure)
    except PowderkegError as error:
        return str(error)
    missing = [year for year in years if year not in by_year]
    if missing:
        return f"the store has no {measure} for {claim.entity} in {', '.join(map(str, missing))}"
    rows = [by_year[year] for year in years]
    if claim.kind == "money":
        return _money(store, book, claim, rows)
    if len(years) > 1:
        return "a range of years is compared only for amounts (sums)"
    return Stored(float(rows[0]["value"]), (_evidence(rows[0], float(rows[0]["value"])),))


Row = dict[str, Any]


def _series(store: Store, entity: str, measure: str) -> dict[int, Row]:
    """One entity's measure by year (latest vintages), remembered across articles."""

    def by_year() -> dict[int, Row]:
        frame = spending(store, [entity], measure, selection=Selection())
        return {
            int(row["year"]): {str(k): v for k, v in row.items()}
            for row in frame.to_dict(orient="records")
        }

    return remembered(store, ("claims-series", entity, measure), by_year)


def _years(period: str | None) -> list[int] | None:
    if not period:
        return None
    first, _, last = period.partition("-")
    if not first.isdigit() or (last and not last.isdigit()):
        return None
    return list(range(int(first), int(last or first) + 1))


def _money(store: Store, book: RateBook, claim: Claim, rows: list[Row]) -> Stored | str:
    """Sum of the yearly values in the claim's currency (one year: the value itself).

    Where the store holds the spending in the claim's currency itself (SIPRI's local-currency
    series, e.g. Kosovo in EUR), that figure is used; other years are converted from current US$.
    """
    currency = claim.currency or "USD"
    rows = _prefer_local(store, claim, rows, currency)
    total, evidence, notes = 0.0, [], []
    for row in rows:
        year = int(row["year"])
        try:
            converted = book.convert(float(row["value"]), str(row["currency"]), currency, year)
        except PowderkegError as error:
            return str(error)
        total += converted.value
        rate = converted.rate
        if rate.base != rate.quote:
            notes.append(f"{year}: {rate.value:.4f} {rate.base}→{rate.quote} ({rate.source})")
        evidence.append(_evidence(row, converted.value))
    note = f" converted at yearly average rates — {'; '.join(notes)}" if notes else ""
    if len(rows) == 1:
        return Stored(total, tuple(evidence), note=note)
    span = f"{rows[0]['year']}–{rows[-1]['year']}"
    return Stored(total, tuple(evidence), note=f"sum {span}{note}")


def _prefer_local(store: Store, claim: Claim, rows: list[Row], currency: str) -> list[Row]:
    if claim.measure != "spending" or currency == "USD":
        return rows
    local = _series(store, str(claim.entity), "local_currency")
    return [
        local[row["year"]] if local.get(row["year"], {}).get("currency") == currency else row
        for row in rows
    ]


def _evidence(row: Row, value: float) -> Evidence:
    source = f"{row['dataset']} ({row['source']}, {row['measure']}"
    source += f"; {row['method']})" if row["method"] != "stored" else ")"
    others = row.get("other_vintages")
    if isinstance(others, str) and others:
        source += f"; other vintages: {others}"
    return Evidence(
        source=source, vintage=str(row["vintage"]), value=value, locator=str(row["locator"])
    )


def judge(claim: Claim, found: Stored | str, *, kind: str) -> Check:
    """Verdict of a claim against a stored value, by the tolerance rules (plus truncation)."""
    if isinstance(found, str):
        return _check(claim, kind, "unverifiable", None, f"{said(claim)}: {found}.", ())
    verdict: Verdict = "consistent" if agrees(claim, found.value) else "inconsistent"
    shown = amount(found.value, claim.unit)
    how = f"{said(claim)} vs the store's {shown}"
    if verdict == "inconsistent" and truncated_to(claim, found.value):
        verdict = "consistent"
        how += " — consistent if the writer truncated rather than rounded"
    elif verdict == "inconsistent":
        gap = relative_gap(claim.value, found.value)
        how += f" — off by {amount(claim.value - found.value, claim.unit)}"
        how += f" ({gap:+.1%})" if gap is not None else ""
    vintages = ", ".join(sorted({e.vintage or "" for e in found.evidence}))
    how += f"; {found.dated} {vintages}"
    how += f"; {found.note}" if found.note else ""
    return _check(claim, kind, verdict, found.value, how + ".", found.evidence)


def truncated_to(claim: Claim, value: float) -> bool:
    """Whether `value`, cut (not rounded) at the claim's last digit, gives the stated number."""
    if claim.hedge or claim.bound or claim.low is not None or claim.precision <= 0:
        return False
    step = 2 * claim.precision
    cut = math.trunc(value / step) * step
    return abs(cut - claim.value) <= 1e-9 * max(1.0, abs(claim.value))


def _check(
    claim: Claim,
    kind: str,
    verdict: Verdict,
    recomputed: float | None,
    explanation: str,
    evidence: tuple[Evidence, ...],
) -> Check:
    return Check(
        kind=kind,
        basis="data",
        verdict=verdict,
        claim_ids=(claim.id,),
        spans=(claim.span,),
        stated=claim.value,
        recomputed=recomputed,
        explanation=explanation,
        evidence=evidence,
    )

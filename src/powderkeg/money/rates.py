"""One place to ask for a yearly exchange rate, whatever its origin, and to convert with it.

Order of preference for base→quote in a year:
1. the same currency: 1.0, source "identity";
2. both currencies fixed by the ECB that year: the ECB yearly mean of daily cross rates;
3. otherwise chained through US$: base→USD × USD→quote, each leg from the ECB when it has that
   currency that year, else from the SIPRI-implied rates the book was given.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Final, NamedTuple

import pandas as pd

from powderkeg.errors import QueryError, ValidationError
from powderkeg.money.ecb_rates import YearlyRate, ecb_yearly_rate
from powderkeg.money.implied_rates import IMPLIED_COLUMNS

IDENTITY_SOURCE: Final = "identity"
# SIPRI rounds; entities sharing a currency (e.g. the CFA franc) may imply rates that differ a
# little. Beyond this relative spread they are not one rate and the book refuses to pick.
AGREEMENT_TOLERANCE: Final = 0.005


@dataclass(frozen=True)
class Converted:
    """An amount converted into another currency, with the rate that did it."""

    value: float
    rate: YearlyRate


class _Implied(NamedTuple):
    entity_name: str
    lcu_per_usd: float
    source: str
    inputs: str


class RateBook:
    """Yearly rates from the ECB history and, for other currencies, SIPRI-implied rates."""

    def __init__(self, implied: pd.DataFrame | None = None) -> None:
        self._implied = _index_implied(implied) if implied is not None else {}

    def rate(self, base: str, quote: str, year: int) -> YearlyRate:
        """Return the base→quote rate of `year` (units of quote per 1 base)."""
        base, quote = _code(base), _code(quote)
        if base == quote:
            return _identity(base, year)
        try:
            return ecb_yearly_rate(base, quote, year)
        except QueryError:
            return self._via_usd(base, quote, year)

    def convert(self, amount: float, base: str, quote: str, year: int) -> Converted:
        """Express `amount` of `base` in `quote` at the yearly rate of `year`."""
        rate = self.rate(base, quote, year)
        return Converted(value=amount * rate.value, rate=rate)

    def _via_usd(self, base: str, quote: str, year: int) -> YearlyRate:
        legs = []
        if base != "USD":
            legs.append(self._usd_leg(base, year, to_usd=True))
        if quote != "USD":
            legs.append(self._usd_leg(quote, year, to_usd=False))
        return legs[0] if len(legs) == 1 else _chain(legs[0], legs[1])

    def _usd_leg(self, code: str, year: int, *, to_usd: bool) -> YearlyRate:
        base, quote = (code, "USD") if to_usd else ("USD", code)
        try:
            return ecb_yearly_rate(base, quote, year)
        except QueryError as ecb_gap:
            entries = self._implied.get((code, year))
            if not entries:
                raise QueryError(
                    f"no {base}→{quote} rate for {year}: {ecb_gap}; and the rate book holds "
                    f"no SIPRI-implied {code} rate for {year}"
                ) from ecb_gap
        return _implied_leg(base, quote, year, entries)


def _code(code: str) -> str:
    normal = code.strip().upper()
    if len(normal) != 3 or not normal.isascii() or not normal.isalpha():
        raise QueryError(f"not an ISO 4217 currency code: {code!r}")
    return normal


def _identity(code: str, year: int) -> YearlyRate:
    return YearlyRate(code, code, year, 1.0, 0, IDENTITY_SOURCE, "same currency")


def _implied_leg(base: str, quote: str, year: int, entries: list[_Implied]) -> YearlyRate:
    """A USD↔currency leg from SIPRI-implied rates (currency per USD, inverted for →USD)."""
    code = quote if base == "USD" else base
    lcu_per_usd = _agreed_rate(entries, code, year)
    inputs = "; ".join(f"{entry.entity_name}: {entry.inputs}" for entry in entries)
    ratio = f"{code} per USD = SIPRI local currency ÷ current US$"
    averaged = f"mean over {len(entries)} entities of " if len(entries) > 1 else ""
    shape = f"1 ÷ ({averaged}{ratio})" if quote == "USD" else f"{averaged}{ratio}"
    return YearlyRate(
        base=base,
        quote=quote,
        year=year,
        value=1.0 / lcu_per_usd if quote == "USD" else lcu_per_usd,
        n_fixings=0,
        source="; ".join(sorted({entry.source for entry in entries})),
        method=f"{shape} in {year} [{inputs}]",
    )


def _agreed_rate(entries: list[_Implied], code: str, year: int) -> float:
    values = [entry.lcu_per_usd for entry in entries]
    if max(values) / min(values) - 1.0 > AGREEMENT_TOLERANCE:
        shown = ", ".join(f"{entry.entity_name} {entry.lcu_per_usd:.6g}" for entry in entries)
        raise QueryError(f"SIPRI-implied {code} per USD rates for {year} disagree: {shown}")
    return sum(values) / len(values)


def _chain(first: YearlyRate, second: YearlyRate) -> YearlyRate:
    """base→USD × USD→quote, both legs kept in `method`."""
    sources = list(dict.fromkeys((first.source, second.source)))
    return YearlyRate(
        base=first.base,
        quote=second.quote,
        year=first.year,
        value=first.value * second.value,
        n_fixings=max(first.n_fixings, second.n_fixings),
        source="; ".join(sources),
        method=(
            f"chained through USD: {first.base}→USD {first.value:.6g} ({first.method}) × "
            f"USD→{second.quote} {second.value:.6g} ({second.method})"
        ),
    )


def _index_implied(implied: pd.DataFrame) -> dict[tuple[str, int], list[_Implied]]:
    """Group the rows of an implied_rates() table by (currency, year), after checking them."""
    missing = [name for name in IMPLIED_COLUMNS if name not in implied.columns]
    if missing:
        raise ValidationError("implied rates lack columns", offenders=missing)
    rows = implied.loc[:, list(IMPLIED_COLUMNS)]
    _check_implied_values(rows)
    book: dict[tuple[str, int], list[_Implied]] = defaultdict(list)
    for entity, currency, year, rate, source, inputs in rows.itertuples(index=False):
        entry = _Implied(str(entity), float(rate), str(source), str(inputs))
        book[(str(currency).strip().upper(), int(year))].append(entry)
    return dict(book)


def _check_implied_values(rows: pd.DataFrame) -> None:
    rates = pd.to_numeric(rows["lcu_per_usd"], errors="coerce")
    codes = rows["currency"].astype("string").str.strip().str.upper()
    bad = ~(rates > 0) | rates.isin([math.inf]) | ~codes.str.fullmatch(r"[A-Z]{3}").fillna(False)
    if bad.any():
        raise ValidationError(
            "implied rates need an ISO 4217 currency and a positive finite lcu_per_usd",
            offenders=[
                f"{entity} {currency} {year}: {rate}"
                for entity, currency, year, rate in rows.loc[
                    bad, ["entity_name", "currency", "year", "lcu_per_usd"]
                ].itertuples(index=False)
            ],
        )

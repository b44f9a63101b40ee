"""Constant dollars: a price index chained from yearly US CPI inflation rates.

The World Bank's FP.CPI.TOTL.ZG gives, for each year y, the percent change of the yearly average
consumer price level from y-1 to y. Chaining those changes gives a price level for every year from
the one before the first rate to the last rate; the anchor level is arbitrary because only ratios
of levels are ever used. A value of year a expressed in prices of year b is
value × level(b) ÷ level(a).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from powderkeg.errors import QueryError, ValidationError


@dataclass(frozen=True)
class PriceIndex:
    """Yearly price levels for consecutive years from `first_year`; `source` names the rates."""

    first_year: int
    levels: tuple[float, ...]
    source: str

    @classmethod
    def from_inflation(cls, rates: Mapping[int, float], *, source: str) -> PriceIndex:
        """Chain yearly inflation rates (percent, year → rate) into an index anchored at 1.0."""
        years = _consecutive_years(rates)
        _check_rates(rates)
        levels = [1.0]
        for year in years:
            levels.append(levels[-1] * (1.0 + rates[year] / 100.0))
        return cls(first_year=years[0] - 1, levels=tuple(levels), source=source)

    @property
    def years(self) -> tuple[int, ...]:
        """Every year with a price level, in order."""
        return tuple(range(self.first_year, self.first_year + len(self.levels)))

    def level(self, year: int) -> float:
        """The price level of `year` relative to the anchor (first_year = 1.0)."""
        offset = year - self.first_year
        if not 0 <= offset < len(self.levels):
            last = self.first_year + len(self.levels) - 1
            raise QueryError(
                f"no price level for {year}: the index from {self.source} "
                f"covers {self.first_year}–{last}"
            )
        return self.levels[offset]

    def factor(self, from_year: int, to_year: int) -> float:
        """Multiply a value in from_year prices by this to express it in to_year prices."""
        return self.level(to_year) / self.level(from_year)


def inflation_from_frame(frame: pd.DataFrame, *, entity_code: str = "USA") -> dict[int, float]:
    """Pick one entity's "cpi_inflation" rows from a frame-contract frame, as year → percent."""
    rows = frame.loc[
        (frame["measure"] == "cpi_inflation") & (frame["entity_code"] == entity_code),
        ["period", "value"],
    ].dropna()
    doubled = rows["period"].duplicated(keep=False)
    if doubled.any():
        raise ValidationError(
            f"more than one cpi_inflation value per year for {entity_code}",
            offenders=sorted({str(year) for year in rows.loc[doubled, "period"]}),
        )
    return {int(year): float(value) for year, value in rows.itertuples(index=False)}


def _consecutive_years(rates: Mapping[int, float]) -> list[int]:
    if not rates:
        raise ValidationError("no inflation rates to build a price index from")
    years = sorted(rates)
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if missing:
        raise ValidationError(
            f"inflation series {years[0]}–{years[-1]} has gaps; missing years",
            offenders=[str(year) for year in missing],
        )
    return years


def _check_rates(rates: Mapping[int, float]) -> None:
    # A rate of -100 % or less would make a price level zero or negative.
    bad = [f"{year}: {rate}" for year, rate in sorted(rates.items()) if not _usable(rate)]
    if bad:
        raise ValidationError("inflation rates that are not finite or are ≤ -100 %", offenders=bad)


def _usable(rate: float) -> bool:
    return math.isfinite(rate) and rate > -100.0

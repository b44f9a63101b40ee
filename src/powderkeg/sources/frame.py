"""The shape every source parser returns: one row per value, with a locator back to the raw file.

Conventions (decided once, here):
- money in base units (US$, not US$ m); `currency` is ISO 4217 ("USD", "EUR", "RSD");
- shares are percent (2.85 means 2.85 %), unit "percent";
- `price_basis` is "current" or "constant" for money and "" otherwise; `base_year` only for constant;
- `flags` is a sorted, comma-joined set of words from FLAG_WORDS ("" when none);
- `locator` says where in the raw file the value stands, e.g. "sheet=Current US$!AP151" or
  "line=42;column=Military expenditure".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import pandas as pd

from powderkeg.errors import ValidationError

COLUMNS: Final = (
    "entity_name",
    "entity_code",
    "period",
    "measure",
    "value",
    "unit",
    "currency",
    "price_basis",
    "base_year",
    "flags",
    "locator",
)

MEASURES: Final = {
    "local_currency": "military expenditure, local currency, calendar year",
    "local_currency_fy": "military expenditure, local currency, financial year",
    "current_usd": "military expenditure, current US$",
    "constant_usd": "military expenditure, constant US$ (base year in base_year)",
    "share_gdp": "military expenditure, percent of GDP",
    "per_capita": "military expenditure per person, current US$",
    "share_govt_spending": "military expenditure, percent of general government spending",
    "gdp": "gross domestic product, current US$",
    "population": "population, total (persons)",
    "cpi_inflation": "consumer price inflation, annual percent",
    "armed_forces": "armed forces personnel, total (persons)",
    "arms_imports_tiv": "arms imports, SIPRI trend-indicator value (unit TIV: not US$)",
}

FLAG_WORDS: Final = frozenset({"estimate", "uncertain", "budget", "financial_year", "footnote"})


@dataclass(frozen=True)
class ParsedFile:
    """What a parser read from one raw file."""

    frame: pd.DataFrame
    vintage: str
    notes: list[str] = field(default_factory=list)


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=DTYPES[name]) for name in COLUMNS})


DTYPES: Final = {
    "entity_name": "string",
    "entity_code": "string",
    "period": "int64",
    "measure": "string",
    "value": "float64",
    "unit": "string",
    "currency": "string",
    "price_basis": "string",
    "base_year": "Int64",
    "flags": "string",
    "locator": "string",
}


def conform(frame: pd.DataFrame, *, path: str) -> pd.DataFrame:
    """Return `frame` with exactly COLUMNS in order and their dtypes; raise on contract breaches."""
    missing = [name for name in COLUMNS if name not in frame.columns]
    if missing:
        raise ValidationError("parser output lacks columns", path=path, offenders=missing)
    out = frame.loc[:, list(COLUMNS)].astype(DTYPES)
    unknown = sorted(set(out["measure"].dropna()) - MEASURES.keys())
    if unknown:
        raise ValidationError("unknown measures", path=path, offenders=unknown)
    if out["locator"].isna().any() or (out["locator"] == "").any():
        raise ValidationError("values without a locator", path=path)
    return out.reset_index(drop=True)

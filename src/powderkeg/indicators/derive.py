"""Values computed from two results: the inputs, their vintages and locators travel with the value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from powderkeg.indicators.series import as_result, empty_result


@dataclass(frozen=True)
class Derivation:
    """What a derived value is and how it is computed from inputs `a` and `b`."""

    measure: str
    unit: str
    currency: str | None
    price_basis: str
    method: str
    compute: Callable[[pd.Series, pd.Series], pd.Series]


def derive(
    a: pd.DataFrame, b: pd.DataFrame, how: Derivation, *, b_year_offset: int = 0
) -> pd.DataFrame:
    """Rows for every (entity, year) with `a` at year and `b` at year + b_year_offset."""
    if a.empty or b.empty:
        return empty_result()
    b_shifted = b.assign(year=b["year"] - b_year_offset)
    merged = a.merge(b_shifted, on=["entity", "year"], suffixes=("", "_b"))
    merged = merged[merged["value_b"].notna() & (merged["value_b"] != 0)]
    if merged.empty:
        return empty_result()
    same_vintage = merged["vintage"] == merged["vintage_b"]
    out = pd.DataFrame(
        {
            "entity": merged["entity"],
            "entity_name": merged["entity_name"],
            "year": merged["year"],
            "measure": how.measure,
            "value": how.compute(merged["value"], merged["value_b"]),
            "unit": how.unit,
            "currency": how.currency,
            "price_basis": how.price_basis,
            "base_year": merged["base_year"] if how.price_basis == "constant" else pd.NA,
            "vintage": merged["vintage"].where(
                same_vintage, merged["vintage"] + "+" + merged["vintage_b"]
            ),
            "dataset": merged["dataset"].where(merged["dataset"] == merged["dataset_b"], "derived"),
            "source": merged["source"].where(merged["source"] == merged["source_b"], "derived"),
            "flags": _flags(merged, same_vintage),
            "method": how.method,
            "locator": merged["locator"] + " | " + merged["locator_b"],
            "sha256": "",
            "observation_id": pd.NA,
            "inputs": _ids(merged, ""),
            "other_vintages": "",
        }
    )
    return as_result(out)


def _ids(merged: pd.DataFrame, suffix: str) -> pd.Series:
    """Input ids: stored observation ids where the inputs were stored, else their own inputs."""
    left = merged["observation_id"].astype("string").fillna(merged["inputs"].astype("string"))
    right = merged["observation_id_b"].astype("string").fillna(merged["inputs_b"].astype("string"))
    return left + "," + right


def _flags(merged: pd.DataFrame, same_vintage: pd.Series) -> pd.Series:
    words = merged["flags"].fillna("") + "," + merged["flags_b"].fillna("")
    words = words.where(same_vintage, words + ",mixed_vintages")
    return words.map(lambda text: ",".join(sorted({w for w in text.split(",") if w})))

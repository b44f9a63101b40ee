"""Choosing among vintages: the latest release per value by default, disagreements kept visible."""

from __future__ import annotations

from typing import Final

import pandas as pd

# Lower ranks win when two datasets hold the same measure (SIPRI is the reference for spending; the
# World Bank republishes an older SIPRI release).
DATASET_RANK: Final = {"sipri_milex": 0, "owid_grapher": 0, "wb_wdi": 1}
KEY: Final = ["entity", "year", "measure", "base_year_key"]

# Relative difference under which two vintages are said to agree (float noise, not revisions).
_AGREE = 1e-9


def with_keys(observations: pd.DataFrame) -> pd.DataFrame:
    frame = observations.copy()
    frame["base_year_key"] = frame["base_year"].fillna(-1).astype("int64")
    frame["dataset_rank"] = frame["source"].map(DATASET_RANK).fillna(9).astype("int64")
    frame["is_derived"] = frame["derivation"].notna()
    return frame


def latest(observations: pd.DataFrame) -> pd.DataFrame:
    """One row per value key: best dataset, newest vintage, read before derived, newest snapshot."""
    if observations.empty:
        return observations.assign(other_vintages="")
    frame = with_keys(observations)
    ordered = frame.sort_values(
        ["dataset_rank", "vintage", "is_derived", "snapshot_id"],
        ascending=[True, False, True, False],
        kind="stable",
    )
    chosen = ordered.drop_duplicates(KEY, keep="first")
    chosen = chosen.assign(other_vintages=_disagreements(frame, chosen))
    return chosen.sort_values(["entity", "measure", "year"]).reset_index(drop=True)


def _disagreements(frame: pd.DataFrame, chosen: pd.DataFrame) -> pd.Series:
    """For each chosen row, "vintage=value" of same-dataset vintages that give another value."""
    merged = (
        chosen[[*KEY, "dataset", "vintage", "value"]]
        .reset_index()
        .merge(
            frame[[*KEY, "dataset", "vintage", "value"]],
            on=[*KEY, "dataset"],
            suffixes=("", "_other"),
        )
    )
    differs = (merged["vintage_other"] != merged["vintage"]) & (
        (merged["value_other"] - merged["value"]).abs()
        > _AGREE * merged["value"].abs().clip(lower=1.0)
    )
    merged = merged[differs]
    if merged.empty:
        return pd.Series("", index=chosen.index)
    shown = [
        f"{vintage}={value:.6g}"
        for vintage, value in zip(merged["vintage_other"], merged["value_other"], strict=True)
    ]
    text = pd.Series(shown, index=merged.index)
    joined = text.groupby(merged["index"]).agg("; ".join)
    return chosen.index.to_series().map(joined).fillna("").set_axis(chosen.index)


def pinned(observations: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Only the values of one vintage (one per key)."""
    return latest(observations[observations["vintage"] == vintage])

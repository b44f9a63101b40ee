"""Checks and small reshapes of the frames handed to the charts.

Every chart refuses an empty frame or one without the columns it needs with a QueryError that
names the chart, so a caller never sees a Vega error for a question with no data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from powderkeg.errors import QueryError


def require(frame: pd.DataFrame, columns: Sequence[str], *, chart: str) -> pd.DataFrame:
    """`frame` itself, once it is known to have rows and every column in `columns`."""
    require_columns(frame, columns, chart=chart)
    if frame.empty:
        raise QueryError(f"{chart}: nothing to chart, the frame has no rows")
    return frame


def require_columns(frame: pd.DataFrame, columns: Sequence[str], *, chart: str) -> None:
    """Refuse a frame that lacks any of `columns`, naming them all."""
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise QueryError(f"{chart}: the frame lacks the column(s) {', '.join(missing)}")


def with_values(frame: pd.DataFrame, column: str, *, chart: str) -> pd.DataFrame:
    """The rows whose `column` holds a number; a QueryError when none does."""
    numbers = pd.to_numeric(frame[column], errors="coerce")
    kept = frame.loc[numbers.notna()].copy()
    if kept.empty:
        raise QueryError(f"{chart}: nothing to chart, no row has a value in {column!r}")
    kept[column] = numbers[numbers.notna()].astype(float)
    return kept


def require_unit(frame: pd.DataFrame, unit: str, *, chart: str) -> None:
    """Refuse a frame whose `unit` column says something other than `unit` (a wrong measure)."""
    if "unit" not in frame.columns:
        return
    others = sorted(set(frame["unit"].dropna().astype(str)) - {unit})
    if others:
        raise QueryError(f"{chart}: expects values in {unit}, got {', '.join(others)}")


def display_names(
    frame: pd.DataFrame, code: str = "entity", name: str = "entity_name"
) -> pd.Series:
    """The `name` column where the frame has one and it is filled in, else the `code` column."""
    codes = frame[code].astype(str)
    if name not in frame.columns:
        return codes
    names = frame[name].fillna("").astype(str)
    return names.where(names.str.len() > 0, codes)


def year_domain(years: Iterable[int]) -> list[int]:
    """Every year from the first to the last, so gaps show as gaps on an ordinal axis."""
    present = [int(year) for year in years]
    return list(range(min(present), max(present) + 1))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Plain JSON rows (through pandas' JSON writer, so NA becomes null and numpy types vanish)."""
    rows: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", double_precision=10))
    return rows


def sources_line(frame: pd.DataFrame) -> str:
    """'Source: …' naming the datasets in the frame's `dataset` column, or '' without one."""
    if "dataset" not in frame.columns:
        return ""
    names = sorted({str(name) for name in frame["dataset"].dropna() if str(name)})
    return f"Source: {'; '.join(names)}" if names else ""


def spoken_list(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C' — for descriptions read aloud."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def year_span(years: Iterable[int]) -> str:
    """'2008–2025', or '2023' for a single year."""
    present = sorted({int(year) for year in years})
    first, last = present[0], present[-1]
    return str(first) if first == last else f"{first}–{last}"

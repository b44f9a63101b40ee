"""Printing results: a Rich table for people, JSON or CSV for programs (same rows, all columns)."""

from __future__ import annotations

import json
import math
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # pandas loads only when a command prints data, keeping --help fast
    import pandas as pd


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: missing values become null, numpy scalars plain Python."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [{str(k): _plain(v) for k, v in row.items()} for row in clean.to_dict(orient="records")]


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def emit(frame: pd.DataFrame, fmt: Format, *, columns: list[str], title: str = "") -> None:
    """Write `frame` to stdout: `columns` as a table, or every column as JSON/CSV."""
    if fmt is Format.json:
        sys.stdout.write(json.dumps(records(frame), ensure_ascii=False, indent=1) + "\n")
    elif fmt is Format.csv:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        Console().print(table(frame, columns=columns, title=title))


def emit_document(document: dict[str, Any], fmt: Format) -> bool:
    """Write a nested document as JSON when asked; return False when a table is wanted instead."""
    if fmt is Format.table:
        return False
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n")
    return True


def table(frame: pd.DataFrame, *, columns: list[str], title: str = "") -> Table:
    out = Table(title=title or None, show_lines=False, header_style="bold")
    shown = [c for c in columns if c in frame.columns]
    for column in shown:
        out.add_column(column, justify="right" if column in _NUMERIC else "left")
    for _, row in frame.iterrows():
        out.add_row(*[cell(row, column) for column in shown])
    return out


_NUMERIC = {"value", "year", "rank", "percentile", "region_median", "vs_median", "values"}


def cell(row: pd.Series, column: str) -> str:
    import pandas as pd

    value = row[column]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column in {"value", "region_median", "vs_median"}:
        return human_value(float(value), str(row.get("unit", "")))
    return str(value)


def human_value(value: float, unit: str) -> str:
    """133190000 USD → "133.19 M USD"; 2.8498 percent → "2.85 %"; persons with separators."""
    if unit == "percent":
        return f"{value:,.2f} %"
    if unit in {"persons"}:
        return f"{value:,.0f}"
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.3f} bn {unit}".rstrip()
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.2f} M {unit}".rstrip()
    return f"{value:,.2f} {unit}".rstrip()

"""Arms-transfer measures over the SIPRI trade register frame (`sources.sipri_arms.parse_register`).

Every value is in TIV: SIPRI trend-indicator values, millions, a volume measure of major weapons
that is NOT money. Results carry it in a `unit` column and in `attrs["tiv_unit"]`.

Two bases:
- "ordered": a record's TIV for the total order (`tiv_total_order`) and number ordered count in
  its year of order.
- "delivered": a record's TIV of delivered weapons (`tiv_delivered`) and number delivered are
  split evenly over the years listed in its Year(s) of delivery (only those years, gaps stay
  gaps). SIPRI's own TIV tables use the actual yearly deliveries, which the register does not
  give, so per-year figures are an approximation. A result row whose TIV includes only part of
  some record's delivered TIV has `approx_split` True; a row that took every record it touches
  whole (e.g. all of a record's delivery years fall inside the window) has it False.

A window [start, end] (inclusive, either side open when None) keeps the years of order (ordered)
or the delivery years (delivered) inside it. Recipient and supplier names are SIPRI's spellings.
"""

from __future__ import annotations

import difflib
import re
from typing import Final, Literal

import pandas as pd

from powderkeg.errors import QueryError

TIV_UNIT: Final = "TIV million (SIPRI trend-indicator value, not US$)"
Basis = Literal["delivered", "ordered"]
ImportsBy = Literal["supplier", "category", "year"]
ExportsBy = Literal["recipient", "category", "year"]

_NEEDED: Final = (
    "recipient",
    "supplier",
    "category",
    "order_year",
    "number_ordered",
    "number_delivered",
    "delivery_years",
    "tiv_total_order",
    "tiv_delivered",
)
_INVENTORY: Final = (
    "designation",
    "description",
    "category",
    "supplier",
    "number_ordered",
    "number_delivered",
    "order_year",
    "delivery_years",
    "first_delivery_year",
    "last_delivery_year",
    "status",
    "locator",
    "record_id",
)
_SUMMARY: Final = ("tiv", "unit", "records", "items", "approx_split")
_YEAR: Final = re.compile(r"\d{4}")
_WHOLE: Final = 1 - 1e-9  # a record's fractions summing to at least this were taken whole


def imports_by(
    frame: pd.DataFrame,
    recipient: str,
    by: ImportsBy,
    *,
    start: int | None = None,
    end: int | None = None,
    basis: Basis = "delivered",
) -> pd.DataFrame:
    """TIV imported by `recipient`, summed by supplier, category or year.

    Columns: <by>, tiv, unit, records (deals contributing), items (weapons ordered or delivered,
    split like the TIV), approx_split. Year rows ascend; other rows run from the largest TIV.
    """
    _check_choice(by, ("supplier", "category", "year"), "by")
    return _flows(frame, "recipient", recipient, by, start=start, end=end, basis=basis)


def exports_by(
    frame: pd.DataFrame,
    supplier: str,
    by: ExportsBy,
    *,
    start: int | None = None,
    end: int | None = None,
    basis: Basis = "delivered",
) -> pd.DataFrame:
    """TIV exported by `supplier`, summed by recipient, category or year (as `imports_by`)."""
    _check_choice(by, ("recipient", "category", "year"), "by")
    return _flows(frame, "supplier", supplier, by, start=start, end=end, basis=basis)


def supplier_shares(frame: pd.DataFrame, recipient: str, *, start: int, end: int) -> pd.DataFrame:
    """Each supplier's share (percent) of the TIV delivered to `recipient` in [start, end].

    Delivered TIV is apportioned to delivery years as in the module docstring; suppliers are
    taken as SIPRI lists them, so "unknown supplier(s)" counts as one supplier.
    """
    shares = imports_by(frame, recipient, "supplier", start=start, end=end, basis="delivered")
    total = float(shares["tiv"].sum())
    if total <= 0:
        raise QueryError(f"no TIV delivered to {recipient!r} in {start}-{end}: no shares")
    shares["share"] = shares["tiv"] / total * 100
    return shares[["supplier", "tiv", "unit", "share", "records", "items", "approx_split"]]


def herfindahl(frame: pd.DataFrame, recipient: str, *, start: int, end: int) -> float:
    """Herfindahl-Hirschman index of `recipient`'s suppliers over [start, end], 0 to 10,000.

    The sum of the squared supplier shares in percent (`supplier_shares`): a single supplier
    gives 10,000, n equal suppliers 10,000 / n.
    """
    shares = supplier_shares(frame, recipient, start=start, end=end)
    return float((shares["share"] ** 2).sum())


def inventory(frame: pd.DataFrame, recipient: str) -> pd.DataFrame:
    """The systems `recipient` ordered, one row per deal, by year of order (then first delivery)."""
    _check_columns(frame, (*_NEEDED, *_INVENTORY))
    deals = frame.loc[_named(frame, "recipient", recipient), list(_INVENTORY)]
    ordered = deals.sort_values(
        ["order_year", "first_delivery_year", "designation"], kind="stable", na_position="last"
    )
    return ordered.reset_index(drop=True)


def _flows(
    frame: pd.DataFrame,
    side: str,
    name: str,
    by: str,
    *,
    start: int | None,
    end: int | None,
    basis: str,
) -> pd.DataFrame:
    _check_columns(frame, _NEEDED)
    _check_choice(basis, ("delivered", "ordered"), "basis")
    if start is not None and end is not None and start > end:
        raise QueryError(f"the window starts after it ends ({start}-{end})")
    deals = frame.loc[_named(frame, side, name)].reset_index(drop=True)
    parts = _delivered_parts(deals) if basis == "delivered" else _ordered_parts(deals)
    inside = parts["year"].between(
        start if start is not None else -(10**9), end if end is not None else 10**9
    )
    result = _summarise(parts.loc[inside], by)
    result.attrs.update({"tiv_unit": TIV_UNIT, "basis": basis, "window": (start, end)})
    return result


def _delivered_parts(deals: pd.DataFrame) -> pd.DataFrame:
    """One row per (record, delivery year) with an even share of the delivered TIV and items."""
    years = (
        deals["delivery_years"].fillna("").map(lambda text: [int(y) for y in _YEAR.findall(text)])
    )
    delivered = deals.assign(year=years, count=years.map(len))
    delivered = delivered.loc[delivered["count"] > 0]
    fraction = 1.0 / delivered["count"]
    parts = delivered.assign(
        fraction=fraction,
        tiv=delivered["tiv_delivered"].astype("float64") * fraction,
        items=delivered["number_delivered"].astype("Float64").fillna(0).astype("float64")
        * fraction,
    )
    return _parts_columns(parts.explode("year"))


def _ordered_parts(deals: pd.DataFrame) -> pd.DataFrame:
    """One row per record, in its year of order, with the TIV and number of the whole order."""
    parts = deals.loc[deals["order_year"].notna()].assign(
        year=lambda d: d["order_year"],
        fraction=1.0,
        tiv=lambda d: d["tiv_total_order"].astype("float64"),
        items=lambda d: d["number_ordered"].astype("Float64").fillna(0).astype("float64"),
    )
    return _parts_columns(parts)


def _parts_columns(parts: pd.DataFrame) -> pd.DataFrame:
    out = parts.rename_axis("record").reset_index()
    out["year"] = out["year"].astype("int64")
    return out[["record", "recipient", "supplier", "category", "year", "fraction", "tiv", "items"]]


def _summarise(parts: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sum parts by `by`; flag groups that hold only part of some record."""
    taken = parts.groupby([by, "record"])["fraction"].sum()
    partial = (taken < _WHOLE).groupby(level=0).any().rename("approx_split")
    sums = parts.groupby(by).agg(
        tiv=("tiv", "sum"),
        records=("record", "nunique"),
        items=("items", "sum"),
    )
    result = sums.join(partial).reset_index()
    result.insert(2, "unit", TIV_UNIT)
    if by == "year":
        result = result.sort_values("year", kind="stable")
    else:
        result = result.sort_values(["tiv", by], ascending=[False, True], kind="stable")
    return _typed_summary(result.reset_index(drop=True), by)


def _typed_summary(result: pd.DataFrame, by: str) -> pd.DataFrame:
    dtypes = {
        by: "int64" if by == "year" else "string",
        "tiv": "float64",
        "unit": "string",
        "records": "int64",
        "items": "float64",
        "approx_split": "bool",
    }
    if result.empty:
        return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})
    return result.loc[:, [by, *_SUMMARY]].astype(dtypes)


def _named(frame: pd.DataFrame, side: str, name: str) -> pd.Series:
    """Rows whose `side` (recipient or supplier) is exactly `name`; QueryError if there are none."""
    mask = (frame[side] == name).fillna(False).astype("bool")
    if not mask.any():
        known = sorted({str(value) for value in frame[side].dropna()})
        close = difflib.get_close_matches(name, known, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise QueryError(f"no {side} named {name!r} in the trade register{hint}")
    return mask


def _check_columns(frame: pd.DataFrame, needed: tuple[str, ...]) -> None:
    missing = [name for name in dict.fromkeys(needed) if name not in frame.columns]
    if missing:
        raise QueryError(f"not a trade register frame; missing columns: {', '.join(missing)}")


def _check_choice(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise QueryError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")

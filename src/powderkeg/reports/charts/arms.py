"""Arms imports by supplier and year, in SIPRI trend-indicator values (TIV) — which are not US$."""

from __future__ import annotations

from typing import Final

import altair as alt
import pandas as pd

from powderkeg.reports.charts.inputs import (
    display_names,
    records,
    require,
    spoken_list,
    with_values,
    year_domain,
    year_span,
)
from powderkeg.reports.charts.style import HEIGHT, MEDIAN_COLOUR, WIDTH, colours_for

_CHART = "arms_imports_by_supplier"
AXIS_TITLE: Final = "SIPRI TIV (million) — not US$"
OTHERS: Final = "Other suppliers"
# Beyond this many suppliers the colours stop being distinguishable; the rest are summed.
MOST_SUPPLIERS: Final = 8


def arms_imports_by_supplier(
    frame: pd.DataFrame, *, title: str = "Arms imports by supplier"
) -> alt.Chart:
    """Stacked bars of TIV delivered per year, one colour per supplier (largest first).

    `frame` has columns `year`, `supplier` and `tiv` (TIV million), e.g. `powderkeg.transfers(
    recipient=..., by="supplier", start=y, end=y)` for each year `y`, with a `year` column added.
    A `supplier_name` column, if present, labels the suppliers. Suppliers past the eight largest
    (by total TIV) are summed as "Other suppliers".
    """
    data = _prepared(frame)
    order = _supplier_order(data)
    chart: alt.Chart = (
        alt.Chart(
            alt.InlineData(values=records(data)),
            title=alt.Title(
                title, subtitle=["SIPRI Arms Transfers Database; TIV measures volume, not price"]
            ),
            description=_description(data, order),
        )
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O",
                title=None,
                scale=alt.Scale(domain=year_domain(data["year"])),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("tiv:Q", title=AXIS_TITLE, stack="zero"),
            color=alt.Color("supplier:N", title="Supplier", scale=_scale(order), sort=order),
            order=alt.Order("rank:Q"),
            description="label:N",
            tooltip="label:N",
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return chart


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    data = with_values(
        require(frame, ("year", "supplier", "tiv"), chart=_CHART), "tiv", chart=_CHART
    )
    data = data.assign(
        year=data["year"].astype(int), supplier=display_names(data, "supplier", "supplier_name")
    )
    data = _fold_small_suppliers(data)
    data["rank"] = data["supplier"].map(
        {name: index for index, name in enumerate(_supplier_order(data))}
    )
    data["label"] = [
        f"{supplier}, {year}: {tiv:,.2f} TIV million (not US$)"
        for supplier, year, tiv in zip(data["supplier"], data["year"], data["tiv"], strict=True)
    ]
    return data.sort_values(["year", "rank"])


def _fold_small_suppliers(data: pd.DataFrame) -> pd.DataFrame:
    """One row per year and supplier, suppliers past the largest few summed as one."""
    order = _supplier_order(data)
    if len(order) > MOST_SUPPLIERS + 1:  # folding a single supplier would only hide its name
        kept = data["supplier"].isin(order[:MOST_SUPPLIERS])
        data = data.assign(supplier=data["supplier"].where(kept, OTHERS))
    return data.groupby(["year", "supplier"], as_index=False).agg(tiv=("tiv", "sum"))


def _supplier_order(data: pd.DataFrame) -> list[str]:
    """Suppliers by total TIV, largest first (ties by name); 'Other suppliers' always last."""
    totals = data.groupby("supplier")["tiv"].sum()
    ranked = sorted(totals.index, key=lambda name: (name == OTHERS, -totals[name], name))
    return [str(name) for name in ranked]


def _scale(order: list[str]) -> alt.Scale:
    colours = colours_for(len(order))
    if order[-1] == OTHERS:
        colours[-1] = MEDIAN_COLOUR  # grey: the rest, not one more supplier
    return alt.Scale(domain=order, range=colours)


def _description(data: pd.DataFrame, order: list[str]) -> str:
    totals = data.groupby("supplier")["tiv"].sum()
    shares = [f"{name} {totals[name]:,.2f}" for name in order]
    return (
        f"Stacked bar chart: arms imports per year in SIPRI trend-indicator values (TIV million, "
        f"not US$), {year_span(data['year'])}, by supplier. Totals: {spoken_list(shares)}."
    )

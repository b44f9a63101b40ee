"""Pillar 2, rearmament: SIPRI register deliveries by supplier (in TIV, never money), supplier
concentration, the largest and the pending deals, and the register's curated acquisitions.

Delivered TIV counts in the window as SIPRI's register allows: a record's delivered TIV is split
evenly over the delivery years it lists, and the years from `since` on are kept (the same rule as
`powderkeg.indicators.arms`). Each sum is footnoted as a weighted sum of the records' delivered
TIV, the weight being the share of the record's delivery years inside the window.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from powderkeg.indicators.register import register_frame
from powderkeg.reports.brief import formats
from powderkeg.reports.brief.derivations import derive
from powderkeg.reports.brief.document import Block, Bullets, Inline, Paragraph, Section
from powderkeg.reports.brief.footnotes import Sourced, release, year
from powderkeg.reports.brief.sections.context import Context, joined
from powderkeg.reports.brief.sections.drawing import drawn
from powderkeg.reports.brief.sections.records import acquisition_items
from powderkeg.reports.charts import arms_imports_by_supplier

Row = Mapping[Hashable, Any]
_YEAR: Final = re.compile(r"\d{4}")
_TOP_SUPPLIERS: Final = 3
_TOP_DEALS: Final = 3
_TOP_ORDERS: Final = 5
_SPLIT: Final = (
    "TIV delivered since {since}; each record's delivered TIV split evenly over its delivery years"
)
_TIV_NOTE: Final = (
    " the trend-indicator value (TIV), SIPRI's measure of the military capability transferred,"
    " not of the price paid"
)


@dataclass(frozen=True)
class Delivery:
    """A register record and the share of its delivered TIV that falls in the window."""

    row: Row
    weight: float

    @property
    def supplier(self) -> str:
        return str(self.row["supplier"])


def rearmament_section(ctx: Context) -> Section:
    blocks: list[Block] = []
    for side in ctx.sides:
        blocks.extend(_side(ctx, side))
    return Section("rearmament", "Rearmament", tuple(blocks))


def _side(ctx: Context, side: str) -> list[Block]:
    frame = register_frame(ctx.store, side, "recipient")
    deliveries = _deliveries(frame, ctx.since)
    blocks: list[Block] = [Paragraph(tuple(_overview(ctx, side, frame, deliveries)))]
    if deliveries:
        blocks.append(Paragraph((f"The largest deliveries to {ctx.prose(side)}:",)))
        blocks.append(Bullets(tuple(_delivered(ctx, d) for d in _largest(deliveries))))
    pending = _pending(frame, ctx.since)
    if pending:
        lead = f"The largest orders of {ctx.prose(side)} not yet delivered:"
        blocks.append(Paragraph((lead,)))
        blocks.append(Bullets(tuple(_ordered(ctx, row) for row in pending)))
    blocks.extend(_curated(ctx, side))
    name = ctx.name(side)
    blocks.extend(
        drawn(
            f"arms_imports_{side}",
            f"Arms imports of {name} by supplier, SIPRI TIV",
            lambda: arms_imports_by_supplier(
                _by_year(ctx, deliveries), title=f"Arms imports of {name} by supplier"
            ),
        )
    )
    return blocks


def _deliveries(frame: pd.DataFrame, since: int) -> list[Delivery]:
    found = []
    for row in frame.to_dict("records"):
        years = _delivery_years(row)
        inside = [y for y in years if y >= since]
        if inside and pd.notna(row["tiv_delivered"]):
            found.append(Delivery(row, len(inside) / len(years)))
    return found


def _delivery_years(row: Row) -> list[int]:
    text = row["delivery_years"]
    return [int(y) for y in _YEAR.findall(text)] if isinstance(text, str) else []


def _tiv_sum(ctx: Context, deliveries: Sequence[Delivery], how: str) -> Sourced:
    cited = [ctx.ledger.transfer(d.row, "tiv_delivered") for d in deliveries]
    return derive("sum", cited, weights=[d.weight for d in deliveries], how=how)


def _overview(
    ctx: Context, side: str, frame: pd.DataFrame, deliveries: list[Delivery]
) -> list[Inline]:
    name = ctx.prose(side)
    if not deliveries:
        none = f"SIPRI's trade register records no deliveries of major arms to {name} since "
        return [none, year(ctx.since), "."]
    how = _SPLIT.format(since=ctx.since)
    total = _tiv_sum(ctx, deliveries, how)
    parts: list[Inline] = ["SIPRI's trade register (release "]
    parts += [
        release(str(frame["vintage"].iloc[0])),
        f") records deliveries of major arms to {name}",
    ]
    parts += [" since ", year(ctx.since), " of ", ctx.notes.fig(total, formats.tiv(total.number()))]
    return [*parts, f",{_TIV_NOTE}. ", *_suppliers(ctx, deliveries, total, how)]


def _suppliers(ctx: Context, deliveries: list[Delivery], total: Sourced, how: str) -> list[Inline]:
    """The main suppliers with their TIV and share, then the concentration index."""
    by_supplier = _supplier_sums(ctx, deliveries, how)
    shown = by_supplier[:_TOP_SUPPLIERS]
    groups: list[list[Inline]] = []
    for position, (supplier, tiv) in enumerate(shown):
        share = derive("share", [tiv, total], how="supplier's part of all TIV delivered")
        groups.append(
            [ctx.prose(supplier, first=position == 0), " delivered " if not position else " "]
        )
        groups[-1] += [ctx.notes.fig(tiv, formats.tiv(tiv.number())), " ("]
        groups[-1] += [ctx.notes.fig(share, formats.percent(share.number(), digits=1)), ")"]
    complete = len(by_supplier) == len(shown)
    parts = joined(groups, last=" and " if complete else ", ")
    parts += [". " if complete else "; other suppliers delivered the rest. "]
    hhi = derive("hhi", [tiv for _, tiv in by_supplier], how="suppliers' shares of TIV delivered")
    parts += ["The Herfindahl–Hirschman index of the supplier shares is "]
    parts += [ctx.notes.fig(hhi, formats.index(hhi.number())), f": {_concentration(hhi.number())}"]
    return [*parts, " (a single supplier would give ten thousand)."]


def _supplier_sums(ctx: Context, deliveries: list[Delivery], how: str) -> list[tuple[str, Sourced]]:
    suppliers = sorted({d.supplier for d in deliveries})
    sums = [
        (supplier, _tiv_sum(ctx, [d for d in deliveries if d.supplier == supplier], how))
        for supplier in suppliers
    ]
    return sorted(sums, key=lambda pair: (-pair[1].number(), pair[0]))


def _concentration(hhi: float) -> str:
    # The thresholds of the US horizontal merger guidelines (2010), the usual reading of the index.
    if hhi > 2500:
        return "highly concentrated"
    if hhi >= 1500:
        return "moderately concentrated"
    return "unconcentrated"


def _largest(deliveries: list[Delivery]) -> list[Delivery]:
    ranked = sorted(
        deliveries,
        key=lambda d: (-float(d.row["tiv_delivered"]) * d.weight, str(d.row["record_id"])),
    )
    return ranked[:_TOP_DEALS]


def _system(ctx: Context, row: Row) -> list[Inline]:
    """The system as SIPRI names it, e.g. `Bayraktar TB2 (armed UAV) from Türkiye`."""
    parts: list[Inline] = [ctx.notes.text(ctx.ledger.transfer(row, "designation"))]
    description = row["description"]
    if isinstance(description, str) and description != row["designation"]:
        parts += [" (", ctx.notes.text(ctx.ledger.transfer(row, "description")), ")"]
    return [*parts, f" from {ctx.prose(str(row['supplier']))}"]


def _number(ctx: Context, row: Row, field: str) -> list[Inline]:
    if pd.isna(row[field]):
        return []
    shown = ctx.notes.fig(ctx.ledger.transfer(row, field), formats.count(float(row[field])))
    uncertain = " (an uncertain number)" if bool(row[f"{field}_uncertain"]) else ""
    return [shown, f"{uncertain} "]


def _delivered(ctx: Context, delivery: Delivery) -> Paragraph:
    row = delivery.row
    years = _delivery_years(row)
    parts: list[Inline] = [*_system(ctx, row), ": ", *_number(ctx, row, "number_delivered")]
    if years[0] == years[-1]:
        parts += ["delivered in ", year(years[0])]
    else:
        parts += ["delivered between ", year(years[0]), " and ", year(years[-1])]
    tiv = ctx.ledger.transfer(row, "tiv_delivered")
    parts += [", ", ctx.notes.fig(tiv, formats.tiv(tiv.number())), " in all"]
    return Paragraph((*parts, *_comments(ctx, row), "."))


def _comments(ctx: Context, row: Row) -> list[Inline]:
    if not isinstance(row["comments"], str) or not row["comments"].strip():
        return []
    return [" (SIPRI's note: ", ctx.notes.text(ctx.ledger.transfer(row, "comments")), ")"]


def _pending(frame: pd.DataFrame, since: int) -> list[Row]:
    if frame.empty:
        return []
    ordered = frame[(frame["order_year"].fillna(0) >= since) & frame["delivery_years"].isna()]
    largest = ordered.assign(size=ordered["tiv_total_order"].fillna(0)).sort_values(
        ["size", "record_id"], ascending=[False, True]
    )
    kept = largest.head(_TOP_ORDERS).sort_values(["order_year", "record_id"])
    return list(kept.to_dict("records"))


def _ordered(ctx: Context, row: Row) -> Paragraph:
    parts: list[Inline] = [*_system(ctx, row), ": ", *_number(ctx, row, "number_ordered")]
    parts += ["ordered in ", year(int(row["order_year"]))]
    # SIPRI gives no TIV (0) to some orders with nothing delivered yet: say nothing then.
    if pd.notna(row["tiv_total_order"]) and float(row["tiv_total_order"]) > 0:
        tiv = ctx.ledger.transfer(row, "tiv_total_order")
        parts += [", ", ctx.notes.fig(tiv, formats.tiv(tiv.number())), " for the whole order"]
    return Paragraph((*parts, "."))


def _curated(ctx: Context, side: str) -> list[Block]:
    items = acquisition_items(ctx, side)
    if not items:
        return []
    lead = f"Deals for {ctx.prose(side)} in powderkeg's register of reported acquisitions:"
    return [Paragraph((lead,)), Bullets(tuple(items))]


def _by_year(ctx: Context, deliveries: list[Delivery]) -> pd.DataFrame:
    rows = [
        {
            "year": y,
            "supplier": d.supplier,
            "supplier_name": ctx.name(d.supplier),
            "tiv": float(d.row["tiv_delivered"]) / len(_delivery_years(d.row)),
        }
        for d in deliveries
        for y in _delivery_years(d.row)
        if y >= ctx.since
    ]
    frame = pd.DataFrame(rows, columns=["year", "supplier", "supplier_name", "tiv"])
    return frame.groupby(["year", "supplier", "supplier_name"])["tiv"].sum().reset_index()

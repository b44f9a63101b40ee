"""Pillar 1, spending: the level in current US$, the share of GDP against the regional median,
nominal and real growth, and (for a pair) how the two compare; with four charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from powderkeg import indicators
from powderkeg.entities import region_members
from powderkeg.reports.brief import formats
from powderkeg.reports.brief.derivations import derive
from powderkeg.reports.brief.document import Block, Inline, Paragraph, Section
from powderkeg.reports.brief.footnotes import Sourced, release, year
from powderkeg.reports.brief.ledger import Row
from powderkeg.reports.brief.sections.context import Context
from powderkeg.reports.brief.sections.drawing import drawn
from powderkeg.reports.charts import (
    growth_bars,
    share_of_gdp_vs_median,
    spending_over_time,
)

REGION: Final = "western-balkans"
REGION_NAME: Final = "Western Balkans"


def spending_section(ctx: Context) -> Section:
    region = _values(ctx, region_members(REGION), "share_gdp")
    blocks: list[Block] = []
    for side in ctx.sides:
        blocks.extend(_side(ctx, side, region))
    if len(ctx.sides) == 2:
        blocks.extend(_pair(ctx))
    blocks.extend(_charts(ctx, region))
    return Section("spending", "Spending", tuple(blocks))


def _values(
    ctx: Context, entities: Sequence[str], measure: str, start: int | None = None
) -> pd.DataFrame:
    return indicators.spending(ctx.store, list(entities), measure, start=start)


def _row(frame: pd.DataFrame, year_wanted: int) -> Row | None:
    found = frame[frame["year"] == year_wanted]
    return None if found.empty else found.iloc[0].to_dict()


def _side(ctx: Context, side: str, region: pd.DataFrame) -> list[Block]:
    current = _values(ctx, [side], "current_usd")
    if current.empty:
        empty = f"The store holds no military expenditure for {ctx.prose(side)}."
        return [Paragraph((empty,))]
    last = current.iloc[-1].to_dict()
    level = ctx.ledger.result(last)
    estimate = ", a SIPRI estimate" if "estimate" in str(last["flags"]) else ""
    parts: list[Inline] = [
        f"{ctx.prose(side, first=True)} spent ",
        ctx.notes.fig(level, formats.money(level.number(), "USD")),
    ]
    parts += [" on its military in ", year(int(last["year"])), f" (current US${estimate})."]
    parts += _share(ctx, side, int(last["year"]), region)
    return [Paragraph(tuple(parts)), Paragraph(tuple(_growth(ctx, side, int(last["year"]))))]


def _share(ctx: Context, side: str, wanted: int, region: pd.DataFrame) -> list[Inline]:
    shares = _values(ctx, [side], "share_gdp")
    if shares.empty:
        return [" The store holds no share of GDP for it."]
    row = _row(shares, wanted) or shares.iloc[-1].to_dict()
    share = ctx.ledger.result(row)
    at = int(str(row["year"]))
    parts: list[Inline] = [" That was ", ctx.notes.fig(share, formats.percent(share.number()))]
    parts += [" of its GDP"] + ([" in ", year(at)] if at != wanted else [])
    members = region[region["year"] == at]
    if side not in set(members["entity"]):
        return [*parts, "."]
    return [*parts, *_against_median(ctx, share, members, at), "."]


def _against_median(ctx: Context, share: Sourced, members: pd.DataFrame, at: int) -> list[Inline]:
    median = _median(ctx, members, at)
    gap = derive("difference", [share, median])
    where = "above" if gap.number() > 0 else "below"
    parts: list[Inline] = [", "]
    if gap.number() == 0:
        parts += ["level with the ", REGION_NAME, " median"]
    else:
        parts += [ctx.notes.fig(gap, formats.points(gap.number())), f" {where} the "]
        parts += [
            f"{REGION_NAME} median of ",
            ctx.notes.fig(median, formats.percent(median.number())),
        ]
    rank = _rank_words(share.number(), members["value"].astype(float))
    return parts + ([f"; {rank}"] if rank else [])


def _median(ctx: Context, members: pd.DataFrame, at: int) -> Sourced:
    values = [ctx.ledger.result(row) for row in members.to_dict("records")]
    how = f"share of GDP in {at} of the {REGION_NAME} members with a value"
    return derive("median", values, how=how)


def _rank_words(value: float, values: pd.Series) -> str:
    if value >= values.max():
        return "the highest share in the region"
    if value <= values.min():
        return "the lowest share in the region"
    return ""


def _growth(ctx: Context, side: str, last_year: int) -> list[Inline]:
    parts = _nominal(ctx, side, last_year)
    parts += _real(ctx, side)
    return parts or ["The store holds no growth figures for it."]


def _nominal(ctx: Context, side: str, last_year: int) -> list[Inline]:
    row = _row(_values(ctx, [side], "growth_nominal"), last_year)
    if row is None:
        return []
    growth = ctx.ledger.result(row)
    parts: list[Inline] = ["In current US$ that was a change of "]
    parts += [ctx.notes.fig(growth, formats.change(growth.number())), " from ", year(last_year - 1)]
    releases = str(row["vintage"]).split("+")
    if len(releases) > 1:
        parts += [" (the two years come from different releases, "]
        parts += [release(releases[0]), " and ", release(releases[1]), ")"]
    return [*parts, ". "]


def _real(ctx: Context, side: str) -> list[Inline]:
    constant = _values(ctx, [side], "constant_usd", start=ctx.since)
    if len(constant) < 2:
        return []
    first, last = constant.iloc[0].to_dict(), constant.iloc[-1].to_dict()
    start, end = ctx.ledger.result(first), ctx.ledger.result(last)
    over = derive("growth", [end, start])
    parts: list[Inline] = ["In constant ", year(int(last["base_year"])), " US$, which take out "]
    parts += ["inflation, spending went from ", _usd(ctx, start), " in ", year(int(first["year"]))]
    parts += [" to ", _usd(ctx, end), " in ", year(int(last["year"])), ", "]
    parts += [ctx.notes.fig(over, formats.change(over.number())), " over the period"]
    real = _row(_values(ctx, [side], "growth_real"), int(last["year"]))
    if real is not None:
        growth = ctx.ledger.result(real)
        parts += ["; real growth in ", year(int(last["year"])), " alone was "]
        parts += [ctx.notes.fig(growth, formats.change(growth.number()))]
    return [*parts, "."]


def _usd(ctx: Context, value: Sourced) -> Inline:
    return ctx.notes.fig(value, formats.money(value.number(), "USD"))


def _pair(ctx: Context) -> list[Block]:
    frames = {side: _values(ctx, [side], "current_usd") for side in ctx.sides}
    common = set.intersection(*(set(frame["year"]) for frame in frames.values()))
    if not common:
        return []
    at = max(common)
    rows = {side: _row(frame, at) for side, frame in frames.items()}
    cited = {side: ctx.ledger.result(row) for side, row in rows.items() if row is not None}
    big, small = sorted(ctx.sides, key=lambda side: -cited[side].number())
    ratio = derive("ratio", [cited[big], cited[small]])
    parts: list[Inline] = ["In ", year(at), f", {ctx.prose(big)} spent "]
    parts += [
        ctx.notes.fig(ratio, formats.times(ratio.number())),
        f" as much as {ctx.prose(small)}",
    ]
    parts += [" in current US$", *_pair_shares(ctx, (big, small), at), "."]
    return [Paragraph(tuple(parts))]


def _pair_shares(ctx: Context, sides: tuple[str, str], at: int) -> list[Inline]:
    rows = [_row(_values(ctx, [side], "share_gdp"), at) for side in sides]
    if any(row is None for row in rows):
        return []
    shares = [ctx.ledger.result(row) for row in rows if row is not None]
    parts: list[Inline] = ["; as shares of GDP, "]
    parts += [ctx.notes.fig(shares[0], formats.percent(shares[0].number())), " against "]
    return [*parts, ctx.notes.fig(shares[1], formats.percent(shares[1].number()))]


def _charts(ctx: Context, region: pd.DataFrame) -> list[Block]:
    since, sides = ctx.since, list(ctx.sides)
    current = _values(ctx, sides, "current_usd", start=since)
    constant = _values(ctx, sides, "constant_usd", start=since)
    shares = _values(ctx, sides, "share_gdp", start=since)
    growth = _values(ctx, sides, "growth_real", start=since)
    medians = _medians(region[region["year"] >= since])
    return [
        *drawn(
            "spending_current",
            "Military expenditure, current US$",
            lambda: spending_over_time(current),
        ),
        *drawn(
            "spending_constant",
            "Military expenditure, constant US$",
            lambda: spending_over_time(constant),
        ),
        *drawn(
            "share_of_gdp",
            f"Share of GDP against the {REGION_NAME} median",
            lambda: share_of_gdp_vs_median(shares, medians, median_label=f"{REGION_NAME} median"),
        ),
        *drawn("growth_real", "Real growth of military expenditure", lambda: growth_bars(growth)),
    ]


def _medians(region: pd.DataFrame) -> pd.DataFrame:
    grouped = region.groupby("year")["value"].median()
    return pd.DataFrame({"year": grouped.index.astype(int), "median": grouped.to_numpy(float)})

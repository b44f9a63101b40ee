"""Pillar 6, incidents: violent or coercive incidents from the brief's start on, counted and
listed, on a map of the region and on the register's timeline.
"""

from __future__ import annotations

import json
from typing import Any, Final

import pandas as pd

from powderkeg.geo import bundled_extract
from powderkeg.indicators.register import timeline
from powderkeg.reports.brief import formats
from powderkeg.reports.brief.derivations import derive
from powderkeg.reports.brief.document import Block, Bullets, Inline, Paragraph, Section
from powderkeg.reports.brief.footnotes import year
from powderkeg.reports.brief.sections.context import Context
from powderkeg.reports.brief.sections.drawing import drawn
from powderkeg.reports.brief.sections.records import (
    Row,
    closed,
    has,
    involving,
    number,
    period,
    text,
)
from powderkeg.reports.charts import incidents_map, register_timeline

_CASUALTIES: Final = ("killed", "injured")  # count fields, named as they read


def incidents_section(ctx: Context) -> Section:
    rows = involving(ctx, "incidents", since=ctx.since)
    blocks: list[Block] = [Paragraph(tuple(_summary(ctx, rows)))]
    if rows:
        blocks.append(Bullets(tuple(Paragraph(tuple(_incident(ctx, row))) for row in rows)))
    blocks.extend(_map(ctx, rows))
    events = timeline(ctx.store, list(ctx.sides), since=ctx.since)
    blocks.extend(
        drawn(
            "register_timeline",
            "The register's items on a timeline",
            lambda: register_timeline(events, title="Register items by kind"),
        )
    )
    return Section("incidents", "Incidents", tuple(blocks))


def _summary(ctx: Context, rows: list[Row]) -> list[Inline]:
    who = ctx.names(ctx.sides)
    since: list[Inline] = [" since ", year(ctx.since)]
    if not rows:
        return [f"The register holds no incidents involving {who}", *since, "."]
    counted = derive("count", [ctx.ledger.whole_record(row) for row in rows], how="incidents")
    parts: list[Inline] = [
        "The register holds ",
        ctx.notes.fig(counted, formats.count(counted.number())),
    ]
    parts += [f" incident{'s' if len(rows) > 1 else ''} involving {who}", *since]
    casualties = _casualties(ctx, rows)
    if casualties:
        parts += [": ", *casualties, " where it gives a count"]
    return [*parts, "."]


def _casualties(ctx: Context, rows: list[Row]) -> list[Inline]:
    parts: list[Inline] = []
    for field in _CASUALTIES:
        counted = [row for row in rows if has(row, field)]
        if counted:
            cited = [ctx.ledger.record(row, field) for row in counted]
            total = derive("sum", cited, how=f"people {field}, as each record gives them")
            parts += [" and " if parts else "", ctx.notes.fig(total, formats.count(total.number()))]
            parts += [f" {field}"]
    return parts


def _incident(ctx: Context, row: Row) -> list[Inline]:
    fields = row["fields"]
    parts: list[Inline] = [*period(fields["date"], fields.get("end_date"))]
    parts += [f": {str(fields['kind']).replace('_', ' ')} at ", text(ctx, row, "place")]
    for field in _CASUALTIES:
        if field in fields:
            parts += [", ", number(ctx, row, field), f" {field}"]
    return [*closed(ctx, row, parts), " ", text(ctx, row, "description")]


def _map(ctx: Context, rows: list[Row]) -> list[Block]:
    geometry: dict[str, Any] = json.loads(bundled_extract().read_text(encoding="utf-8"))
    known = {str(feature["properties"]["id"]) for feature in geometry["features"]}
    focus = [side for side in ctx.sides if side in known]
    if not focus:
        return []
    dots = pd.DataFrame(
        [
            {
                "lat": float(row["fields"]["coordinates"][0]),
                "lon": float(row["fields"]["coordinates"][1]),
                "title": str(row["title"]),
                "kind": str(row["fields"]["kind"]).replace("_", " "),
            }
            for row in rows
        ],
        columns=["lat", "lon", "title", "kind"],
    )
    return drawn(
        "incidents_map",
        "Incidents on a map of the region",
        lambda: incidents_map(geometry, dots, focus_ids=focus, title="Incidents"),
    )

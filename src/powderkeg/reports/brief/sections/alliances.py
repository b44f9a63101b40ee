"""Pillar 5, alliances and drills: agreements (whatever their date: they stand until undone) and
military exercises from the brief's start on, from the curated register.
"""

from __future__ import annotations

from powderkeg.reports.brief.document import Block, Bullets, Inline, Paragraph, Section
from powderkeg.reports.brief.footnotes import year
from powderkeg.reports.brief.sections.context import Context
from powderkeg.reports.brief.sections.records import (
    Row,
    actors,
    closed,
    dated,
    has,
    involving,
    listed,
    number,
    period,
    text,
)


def alliances_section(ctx: Context) -> Section:
    agreements = involving(ctx, "agreements")
    exercises = involving(ctx, "exercises", since=ctx.since)
    blocks: list[Block] = []
    who = ctx.names(ctx.sides)
    if agreements:
        blocks.append(Paragraph((f"Agreements and declarations involving {who}:",)))
        blocks.append(Bullets(tuple(Paragraph(tuple(_agreement(ctx, r))) for r in agreements)))
    else:
        blocks.append(Paragraph((f"The register holds no agreements involving {who}.",)))
    since: list[Inline] = [" since ", year(ctx.since)]
    if exercises:
        blocks.append(Paragraph((f"Exercises involving {who}", *since, ":")))
        blocks.append(Bullets(tuple(Paragraph(tuple(_exercise(ctx, r))) for r in exercises)))
    else:
        blocks.append(Paragraph((f"The register holds no exercises involving {who}", *since, ".")))
    return Section("alliances", "Alliances and drills", tuple(blocks))


def _agreement(ctx: Context, row: Row) -> list[Inline]:
    fields = row["fields"]
    parts: list[Inline] = [text(ctx, row, "title"), f" ({fields['kind']}; "]
    parts += actors(ctx, row, "parties")
    parts += [", ", text(ctx, row, "place")] if has(row, "place") else []
    parts += [", ", *dated(fields["date"]), ")"]
    parts += [": ", *listed(ctx, row, "scope")] if has(row, "scope") else []
    return closed(ctx, row, parts)


def _exercise(ctx: Context, row: Row) -> list[Inline]:
    fields = row["fields"]
    parts: list[Inline] = [text(ctx, row, "name"), " (", *period(fields["start"], fields["end"])]
    parts += [f"), hosted by {ctx.prose(str(fields['host']))}; ", text(ctx, row, "location")]
    parts += ["; with ", *actors(ctx, row, "participants")]
    parts += [", ", number(ctx, row, "size"), " personnel"] if has(row, "size") else []
    parts += ["; ", *actors(ctx, row, "withdrawn"), " withdrew"] if has(row, "withdrawn") else []
    return [*closed(ctx, row, parts), " ", text(ctx, row, "description")]

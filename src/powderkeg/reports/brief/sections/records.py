"""Curated register records in sentences: the query, the shared phrasing, and acquisitions.

Every sentence about a record ends with a footnote marker to the record (its file and line, its
confidence and its sources); the record's numbers and its texts that hold digits are figures of
that same footnote, each naming the field it shows.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from powderkeg.reports.brief import formats
from powderkeg.reports.brief.document import Fig, Inline, Paragraph
from powderkeg.reports.brief.footnotes import when
from powderkeg.reports.brief.sections.context import Context, joined
from powderkeg.store.register import records

Row = Mapping[Hashable, Any]


def involving(ctx: Context, kind: str, *, since: int | None = None) -> list[Row]:
    """Records of `kind` that involve either side, dated from `since` on (any date if None)."""
    found = records(ctx.store, entities=list(ctx.sides), kinds=[kind])
    rows: list[Row] = list(found.to_dict("records"))
    if since is None:
        return rows
    return [row for row in rows if _latest_date(row) >= str(since)]


def _latest_date(row: Row) -> str:
    dates = [str(d) for d in (row["date"], row["end_date"]) if isinstance(d, str)]
    return max(dates, default="")


def has(row: Row, field: str) -> bool:
    value = row["fields"].get(field)
    return value is not None and value != "" and value != []


def text(ctx: Context, row: Row, field: str) -> Inline:
    """A text field of the record (a figure if it holds digits)."""
    return ctx.notes.text(ctx.ledger.record(row, field))


def number(ctx: Context, row: Row, field: str) -> Inline:
    """A count field of the record, as a figure."""
    value = ctx.ledger.record(row, field)
    return ctx.notes.fig(value, formats.count(value.number()))


def listed(ctx: Context, row: Row, field: str) -> list[Inline]:
    """A list field ("scope") as items separated by semicolons, each a text of the record."""
    out: list[Inline] = []
    for position in range(len(row["fields"][field])):
        out += ["; " if position else "", text(ctx, row, f"{field}.{position}")]
    return out


def actors(ctx: Context, row: Row, field: str) -> list[Inline]:
    """A list of actors as a spoken list: entity ids as names, free names as the record has them
    (a figure when they hold digits, e.g. "72nd Special Operations Brigade")."""
    names: list[list[Inline]] = []
    for position, actor in enumerate(row["fields"][field]):
        known = ctx.is_entity(str(actor))
        names.append([ctx.prose(str(actor)) if known else text(ctx, row, f"{field}.{position}")])
    return joined(names)


def closed(ctx: Context, row: Row, parts: list[Inline]) -> list[Inline]:
    """The sentence `parts` ended with the record's confidence and, unless one of its figures
    already carries it, the marker to the record."""
    mark = ctx.notes.mark(ctx.ledger.whole_record(row))
    cited = any(isinstance(part, Fig) and part.note == mark.note for part in parts)
    return [*parts, f" (confidence: {row['confidence']})", *([] if cited else [mark]), "."]


def acquisition_items(ctx: Context, side: str) -> list[Paragraph]:
    """One sentence per acquisition received by `side`, dated from the brief's start on."""
    rows = [
        row
        for row in involving(ctx, "acquisitions", since=ctx.since)
        if row["fields"]["recipient"] == side
    ]
    return [Paragraph(tuple(_acquisition(ctx, row))) for row in rows]


def _acquisition(ctx: Context, row: Row) -> list[Inline]:
    fields = row["fields"]
    parts: list[Inline] = [number(ctx, row, "quantity"), " "] if has(row, "quantity") else []
    parts += [text(ctx, row, "system"), f" from {ctx.prose(str(fields['supplier']))}: "]
    parts += _steps(fields["dates"])
    if has(row, "value"):
        value = ctx.ledger.record(row, "value")
        parts += ["; ", text(ctx, row, "value_basis") if has(row, "value_basis") else "value"]
        parts += [" ", ctx.notes.fig(value, formats.money(value.number(), str(fields["currency"])))]
    if has(row, "transfer"):
        parts += [f"; {fields['transfer']}"]
    return closed(ctx, row, parts)


def _steps(dates: Mapping[str, str]) -> list[Inline]:
    """The steps of a deal, e.g. `ordered July 2018, delivered December 2018`."""
    ordered = sorted(dates.items(), key=lambda item: (item[1], item[0]))
    out: list[Inline] = []
    for position, (step, day) in enumerate(ordered):
        out += [", " if position else "", f"{step} ", when(day)]
    return out


def dated(day: object) -> list[Inline]:
    return [when(str(day))] if isinstance(day, str) and day else []


def period(start: str, end: object) -> list[Inline]:
    """A date, e.g. `11 January 2024`, or a span, `from May 2023 to June 2023`."""
    if not isinstance(end, str) or not end or end == start:
        return [when(start)]
    return ["from ", when(start), " to ", when(end)]

"""Pillars 3 and 4: force plans (targets for the size and make-up of forces) and defence industry
(plants and production lines), from the curated register.
"""

from __future__ import annotations

from typing import Final

from powderkeg.reports.brief import formats
from powderkeg.reports.brief.document import Bullets, Inline, Paragraph, Section
from powderkeg.reports.brief.sections.context import Context, joined
from powderkeg.reports.brief.sections.records import (
    Row,
    closed,
    dated,
    has,
    involving,
    number,
    text,
)

_TARGETS: Final = (
    ("target_active", " active personnel"),
    ("target_reserve", " reserve personnel"),
    ("annual_intake", " recruits a year"),
    ("service_days", " days of compulsory service"),
)
_STARTS: Final = {"expected": "production expected to start ", "actual": "production started "}


def force_plans_section(ctx: Context) -> Section:
    rows = involving(ctx, "force_plans")
    if not rows:
        empty = f"The register holds no force plans for {ctx.names(ctx.sides)}."
        return Section("force-plans", "Force plans", (Paragraph((empty,)),))
    items = tuple(Paragraph(tuple(_force_plan(ctx, row))) for row in rows)
    return Section("force-plans", "Force plans", (Bullets(items),))


def _force_plan(ctx: Context, row: Row) -> list[Inline]:
    fields = row["fields"]
    targets = [[number(ctx, row, field), words] for field, words in _TARGETS if has(row, field)]
    parts: list[Inline] = [text(ctx, row, "force"), f" ({ctx.name(str(fields['entity']))}): "]
    parts += ["a target of ", *joined(targets)]
    parts += [" by ", *dated(fields.get("target_date"))] if has(row, "target_date") else []
    parts += ["; adopted ", *dated(fields["start_date"]), ", status "]
    parts += [str(fields["status"]).replace("_", " ")]
    return [*closed(ctx, row, parts), " Basis: ", text(ctx, row, "legal_basis")]


def industry_section(ctx: Context) -> Section:
    rows = involving(ctx, "facilities")
    if not rows:
        empty = f"The register holds no defence plants for {ctx.names(ctx.sides)}."
        return Section("industry", "Defence industry", (Paragraph((empty,)),))
    items = tuple(Paragraph(tuple(_facility(ctx, row))) for row in rows)
    return Section("industry", "Defence industry", (Bullets(items),))


def _facility(ctx: Context, row: Row) -> list[Inline]:
    fields = row["fields"]
    parts: list[Inline] = [text(ctx, row, "name"), " at ", text(ctx, row, "place")]
    parts += [f" ({ctx.name(str(fields['entity']))}), owned by ", text(ctx, row, "owner")]
    parts += [", with ", text(ctx, row, "partner")] if has(row, "partner") else []
    parts += [": ", text(ctx, row, "product")]
    if has(row, "capacity"):
        capacity = ctx.ledger.record(row, "capacity")
        parts += ["; capacity ", ctx.notes.fig(capacity, formats.scaled(capacity.number()))]
        parts += [" ", text(ctx, row, "capacity_unit")]
    parts += _facility_dates(row)
    return closed(ctx, row, parts)


def _facility_dates(row: Row) -> list[Inline]:
    fields = row["fields"]
    parts: list[Inline] = []
    if has(row, "announced_date"):
        parts += ["; announced ", *dated(fields["announced_date"])]
    if has(row, "contract_date"):
        parts += ["; contract signed ", *dated(fields["contract_date"])]
    if has(row, "start_date"):
        parts += ["; ", _STARTS[str(fields["start_status"])], *dated(fields["start_date"])]
    return parts

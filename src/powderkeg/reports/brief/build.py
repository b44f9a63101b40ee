"""Building a brief from the store: the sections in order, the footnotes, the title."""

from __future__ import annotations

from datetime import date

from powderkeg.errors import QueryError
from powderkeg.reports.brief.document import Brief, Inline
from powderkeg.reports.brief.footnotes import Footnotes, year
from powderkeg.reports.brief.ledger import Ledger
from powderkeg.reports.brief.sections import CheckedArticle, Context, build_sections
from powderkeg.store import Store

EARLIEST: int = 1949  # the first year of SIPRI's spending series


def build_brief(
    store: Store,
    entity: str,
    *,
    vs: str | None = None,
    since: int = 2014,
    article: CheckedArticle | None = None,
    generated: date | None = None,
) -> Brief:
    """The brief on `entity` (and `vs`), from `since` on, with `article` checked if given."""
    _check_question(entity, vs, since, generated)
    sides = (entity,) if vs is None else (entity, vs)
    ctx = Context(store, Ledger(store), Footnotes(), sides, since, article)
    sections = build_sections(ctx)
    names = [ctx.name(side) for side in sides]
    subtitle: tuple[Inline, ...] = (
        "Militarization from the public record since ",
        year(since),
        ": spending, rearmament, force plans, industry, alliances and drills, incidents.",
    )
    return Brief(
        entity=entity,
        entity_name=names[0],
        vs=vs,
        vs_name=names[1] if vs is not None else None,
        since=since,
        title=" and ".join(names),
        subtitle=subtitle,
        sections=sections,
        footnotes=ctx.notes.notes(),
        generated=generated,
    )


def _check_question(entity: str, vs: str | None, since: int, generated: date | None) -> None:
    if vs == entity:
        raise QueryError(f"compare {entity} with another country, not with itself")
    last = (generated or date.today()).year
    if not EARLIEST <= since <= last:
        raise QueryError(f"since must be a year from {EARLIEST} to {last} (got {since})")

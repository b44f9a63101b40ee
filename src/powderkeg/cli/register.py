"""Commands about the register: profile, timeline, transfers, dependency, add, remove, records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from powderkeg.cli.options import DbOption, FormatOption
from powderkeg.cli.output import Format, emit

TIMELINE_COLUMNS = ["date", "kind", "entities", "title", "source"]


def profile(
    entity: Annotated[str, typer.Argument(help="Country: ISO3, ISO2 or name.")],
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Every pillar of a country's militarization on one screen, each item with its source."""
    from powderkeg import api

    frame = api.profile(entity, db=db)
    columns = ["pillar", "date", "item", "source"]
    emit(frame, fmt, columns=columns, title=f"Militarization profile — {entity}")


def timeline(
    entities: Annotated[list[str], typer.Argument(help="One or two countries.")],
    since: Annotated[int | None, typer.Option("--since", help="First year.")] = None,
    kinds: Annotated[
        str | None,
        typer.Option(
            "--kinds",
            help="Comma-separated: acquisitions,force_plans,facilities,"
            "agreements,exercises,incidents,transfers.",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Both sides' register items interleaved by date."""
    from powderkeg import api

    chosen = [k.strip() for k in kinds.split(",")] if kinds else None
    frame = api.timeline(*entities, since=since, kinds=chosen, db=db)
    emit(frame, fmt, columns=TIMELINE_COLUMNS, title=f"Timeline — {' / '.join(entities)}")


def transfers(
    recipient: Annotated[str | None, typer.Option("--recipient", help="Importing country.")] = None,
    supplier: Annotated[str | None, typer.Option("--supplier", help="Exporting country.")] = None,
    by: Annotated[str, typer.Option("--by", help="supplier, recipient, category or year.")] = (
        "supplier"
    ),
    start: Annotated[int | None, typer.Option("--from")] = None,
    end: Annotated[int | None, typer.Option("--to")] = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Arms transfers in SIPRI trend-indicator values (TIV million — not US$), grouped."""
    from powderkeg import api

    frame = api.transfers(
        recipient=recipient, supplier=supplier, by=by, start=start, end=end, db=db
    )
    columns = [by, "tiv", "records", "items", "approx_split", "vintage"]
    who = f"imports of {recipient}" if recipient else f"exports of {supplier}"
    emit(frame, fmt, columns=columns, title=f"Arms {who} by {by} (TIV million, not US$)")


def dependency(
    recipient: Annotated[str, typer.Argument(help="Importing country.")],
    start: Annotated[int, typer.Option("--from")],
    end: Annotated[int, typer.Option("--to")],
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Supplier shares of delivered arms and the Herfindahl–Hirschman index of dependency."""
    from powderkeg import api

    frame = api.supplier_dependency(recipient, start=start, end=end, db=db)
    hhi = float(frame["hhi"].iloc[0]) if not frame.empty else float("nan")
    title = f"Suppliers of {recipient} {start}–{end} (TIV) — HHI {hhi:,.0f} of 10,000"
    emit(frame, fmt, columns=["supplier", "tiv", "share"], title=title)


def add(
    path: Annotated[
        Path, typer.Argument(help="Your records file (YAML, docs/register-format.md).")
    ],
    db: DbOption = None,
) -> None:
    """Validate your own records file and load it with provenance "user"."""
    from powderkeg import api

    loaded = api.add_records(path, db=db)
    Console().print(
        f"{loaded.collection}: {loaded.added} records loaded"
        + (f" (replacing {loaded.removed})" if loaded.removed else "")
    )


def remove(
    name: Annotated[str, typer.Argument(help="The file name you added (see `powderkeg records`).")],
    db: DbOption = None,
) -> None:
    """Remove the records you loaded from a file; the bundled records stay."""
    from powderkeg import api

    removed = api.remove_records(name, db=db)
    Console().print(f"{name}: {removed} records removed")


def records(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """The record collections in the store: bundled, and each file you added."""
    from powderkeg import api

    frame = api.record_collections(db=db)
    emit(frame, fmt, columns=["collection", "provenance", "records", "file"], title="Records")

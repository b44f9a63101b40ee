"""Commands about spending values: spending, compare, explain, measures, cagr."""

from __future__ import annotations

from typing import Annotated

import typer

from powderkeg.cli.options import DbOption, FormatOption, VintageOption
from powderkeg.cli.output import Format, emit, emit_document

SERIES_COLUMNS = [
    "entity",
    "year",
    "measure",
    "value",
    "vintage",
    "source",
    "flags",
    "other_vintages",
]


def spending(
    entities: Annotated[list[str], typer.Argument(help="Countries: ISO3, ISO2 or name (XKX SRB).")],
    measure: Annotated[str, typer.Option("--measure", "-m", help="See `powderkeg measures`.")] = (
        "current_usd"
    ),
    start: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    end: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="One year only.")] = None,
    vintage: VintageOption = None,
    all_vintages: Annotated[
        bool, typer.Option("--all-vintages", help="Every release side by side.")
    ] = False,
    base_year: Annotated[
        int | None, typer.Option("--base-year", help="Price base for constant_usd/growth_real.")
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Convert money into this ISO 4217 currency.")
    ] = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Military spending of one or more countries in any measure, each value with its source."""
    from powderkeg import api

    frame = api.spending(
        *entities,
        measure=measure,
        start=start,
        end=end,
        year=year,
        vintage=vintage,
        all_vintages=all_vintages,
        base_year=base_year,
        currency=currency,
        db=db,
    )
    emit(frame, fmt, columns=SERIES_COLUMNS, title=f"{measure} — {' '.join(entities)}")


def compare(
    year: Annotated[int, typer.Option("--year", help="The year to compare.")],
    region: Annotated[str, typer.Option("--region", help="Region name.")] = "western-balkans",
    measure: Annotated[str, typer.Option("--measure", "-m")] = "share_gdp",
    vintage: VintageOption = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Rank a region's members on a measure, with the regional median and each gap to it."""
    from powderkeg import api

    frame = api.compare(region, year=year, measure=measure, vintage=vintage, db=db)
    columns = ["rank", "entity", "value", "percentile", "vs_median", "below_median", "vintage"]
    median = frame["region_median"].iloc[0]
    title = f"{measure} {year} — {region} (median {median:,.4g})"
    emit(frame, fmt, columns=columns, title=title)


def explain(
    entity: Annotated[str, typer.Argument(help="Country: ISO3, ISO2 or name.")],
    measure: Annotated[str, typer.Argument(help="Measure, e.g. current_usd.")],
    year: Annotated[int, typer.Argument(help="Year.")],
    vintage: VintageOption = None,
    base_year: Annotated[int | None, typer.Option("--base-year")] = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Where a value came from: file, sha256, sheet/cell or line, and the inputs of derived values."""
    from powderkeg import api
    from powderkeg.cli.lineage import print_lineage

    document = api.explain(entity, measure, year, vintage=vintage, base_year=base_year, db=db)
    if not emit_document(document, fmt):
        print_lineage(document)


def measures(fmt: FormatOption = Format.table) -> None:
    """List the measures `spending` and `compare` understand."""
    import pandas as pd

    from powderkeg import api

    frame = pd.DataFrame(
        [{"measure": name, "description": text} for name, text in api.measures().items()]
    )
    emit(frame, fmt, columns=["measure", "description"], title="Measures")


def cagr(
    entities: Annotated[list[str], typer.Argument(help="Countries.")],
    start: Annotated[int, typer.Option("--from")],
    end: Annotated[int, typer.Option("--to")],
    measure: Annotated[str, typer.Option("--measure", "-m")] = "constant_usd",
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Compound annual growth rate between two years."""
    from powderkeg import api

    frame = api.cagr(*entities, start=start, end=end, measure=measure, db=db)
    columns = ["entity", "measure", "start", "end", "value", "vintage"]
    emit(frame, fmt, columns=columns, title=f"CAGR {start}–{end}")

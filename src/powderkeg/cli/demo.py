"""`powderkeg demo`: the main job on the bundled offline data, as a short guided tour."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.rule import Rule

from powderkeg.cli.options import DbOption
from powderkeg.cli.output import Format


def demo(db: DbOption = None) -> None:
    """Build the store from the bundled extract (offline) and show the Kosovo–Serbia case."""
    from powderkeg import api
    from powderkeg.cli import spending

    console = Console()
    added = api.rebuild(db=db)
    console.print(
        f"Store ready ({added:,} values added from the bundled extract; no network used)."
    )
    tour: list[tuple[str, Callable[[], None]]] = [
        (
            "Military spending, current US$, Kosovo and Serbia since 2018",
            lambda: spending.spending(["XKX", "SRB"], measure="current_usd", start=2018, db=db),
        ),
        (
            "Nominal growth",
            lambda: spending.spending(["XKX"], measure="growth_nominal", start=2019, db=db),
        ),
        (
            "Serbia's share of GDP in 2023, every release",
            lambda: spending.spending(
                ["SRB"], measure="share_gdp", year=2023, all_vintages=True, db=db
            ),
        ),
        (
            "Western Balkans, share of GDP 2023",
            lambda: spending.compare(
                year=2023, region="western-balkans", measure="share_gdp", db=db
            ),
        ),
        (
            "Where Kosovo's 2023 figure comes from",
            lambda: spending.explain("XKX", "current_usd", 2023, fmt=Format.table, db=db),
        ),
    ]
    for title, show in tour:
        console.print(Rule(title))
        show()
    console.print(Rule())
    console.print("Next: `powderkeg --help`, or the same calls from Python: `import powderkeg`.")

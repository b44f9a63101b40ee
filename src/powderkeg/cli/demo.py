"""`powderkeg demo`: the main job on the bundled offline data, as a short guided tour."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from powderkeg.cli.options import DbOption
from powderkeg.cli.output import Format

ESSAY = "militarization-of-kosovo.txt"


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
    console.print(Rule("The Kosovo–Serbia brief, with the reference essay checked"))
    _write_brief(console, db)


def _write_brief(console: Console, db: Path | None) -> None:
    from powderkeg import api

    out = Path("out") / "brief-XKX-SRB.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    # The reference essay sits in ../shared/articles beside a checkout (where `make demo` runs).
    essay = Path.cwd().parent / "shared" / "articles" / ESSAY
    article = str(essay) if essay.is_file() else None
    written = api.brief("XKX", vs="SRB", out=out, check=article, db=db)
    checked = "with the essay checked" if article else "(essay not found: no article section)"
    console.print(f"Wrote {written} {checked}.")
    console.print(f"Open it:  xdg-open {written.resolve()}   (or any browser; it needs no network)")
    console.print("Start the dashboard:  .venv/bin/powderkeg serve   → http://127.0.0.1:8000")
    console.print("Everything else:  .venv/bin/powderkeg --help, or `import powderkeg` in Python.")

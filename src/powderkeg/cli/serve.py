"""`powderkeg serve`: the offline dashboard on http://127.0.0.1:8000, read-only.

uvicorn loads the app by name (`powderkeg.web.app:app_from_environment`), so this front end
imports no web module; the store's path reaches the app through POWDERKEG_DB, the variable
`--db` already reads.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated, Final

import typer
from rich.console import Console

from powderkeg.cli.options import DbOption

APP_FACTORY: Final = "powderkeg.web.app:app_from_environment"
DB_VARIABLE: Final = "POWDERKEG_DB"


def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host", help="Address to listen on. Anything but loopback exposes the dashboard."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    db: DbOption = None,
) -> None:
    """Open the dashboard (works with no network): pages, charts, a JSON API, the claim checker."""
    import uvicorn

    from powderkeg import api

    with api.opened(db):  # create the store now, so a problem is a clean error, not a traceback
        pass
    if db is not None:
        os.environ[DB_VARIABLE] = str(db)
    console = Console(stderr=True)
    if not is_loopback(host):
        console.print(_exposed_warning(host, port), highlight=False)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"powderkeg dashboard on http://{shown}:{port}/ (Ctrl+C stops it)")
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, log_level="warning")


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _exposed_warning(host: str, port: int) -> str:
    return (
        f"[bold yellow]warning:[/bold yellow] listening on {host}:{port}, not on loopback: "
        "anyone who can reach this address can read the dashboard and send it articles to "
        "check. There is no login and no TLS. Use the default --host 127.0.0.1 unless you "
        "mean to share it."
    )

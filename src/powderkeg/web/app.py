"""The dashboard app: `create_app(db)` wires the pages, the JSON API, the guards and the errors.

The store is created from the bundled extract if it is missing (the only write), then only read.
No page loads anything from outside the server: no CDN, no web fonts; FastAPI's /docs and /redoc
(which load their assets from a CDN) are off, the OpenAPI description is at /api/openapi.json
and /api lists its endpoints.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import metadata, resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles

from powderkeg.api.dashboard import Dashboard
from powderkeg.web import api_routes, errors, pages
from powderkeg.web.guards import BodyLimit, InternalErrors, SecurityHeaders

DB_VARIABLE = "POWDERKEG_DB"  # the same variable as the CLI's --db


def create_app(
    db: Path | None = None, *, dashboard: Dashboard | None = None, warm_up: bool = True
) -> FastAPI:
    """The dashboard for the store at `db` (default: the user's store), read-only."""
    board = dashboard or Dashboard(db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm_up:  # start the chart engine and build the overview before the first visitor
            await run_in_threadpool(board.warm_up)
        yield

    app = FastAPI(
        title="powderkeg dashboard",
        version=metadata.version("powderkeg"),
        description="Military spending, arms transfers and the register, with provenance.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.dashboard = board
    errors.install(app)
    app.include_router(api_routes.router)
    app.include_router(pages.router)
    static = resources.files("powderkeg.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    # Added innermost first: the headers wrap every answer, even a 413 or a 500.
    app.add_middleware(BodyLimit)
    app.add_middleware(InternalErrors)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> FastAPI:
    """The app for the store named by $POWDERKEG_DB (else the default): a uvicorn factory."""
    configured = os.environ.get(DB_VARIABLE)
    return create_app(Path(configured) if configured else None)

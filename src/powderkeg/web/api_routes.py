"""The JSON API under /api: one endpoint per page, returning the page's data with provenance.

Each answer is the page's view model without its chart SVGs, serialised once per process (the
store is read-only while the dashboard runs) and sent as is.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from powderkeg.api.dashboard import DEFAULT_PAIR, Page
from powderkeg.web import schemas
from powderkeg.web.parameters import (
    DEFAULTS,
    DashboardDep,
    EntitiesParam,
    EntityPath,
    KindsParam,
    MeasureParam,
    RegionParam,
    SinceParam,
    YearParam,
    entity_or_404,
    listed,
)
from powderkeg.web.submission import submission

router = APIRouter(prefix="/api", tags=["dashboard data"])


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    described = {
        400: "A question the store cannot answer (unknown measure, region or kind; no data; "
        "the same country twice) or an unreadable article.",
        404: "An unknown country or entity.",
        413: "The body is over the limit of 2 MB.",
        415: "A body of an unsupported content type.",
        422: "A malformed request (e.g. a year that is not a number).",
    }
    return {s: {"model": schemas.ErrorBody, "description": described[s]} for s in statuses}


_CHECK_BODY: Final = {
    "requestBody": {
        "required": True,
        "description": "The article: JSON {text}, a form with `text` or `file`, or text/plain.",
        "content": {
            "application/json": {"schema": schemas.CheckRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "description": "Pasted text."},
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A .txt, .md or .html file (UTF-8).",
                        },
                    },
                }
            },
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}


def _json(page: Page) -> Response:
    return Response(content=page.json, media_type="application/json")


@router.get(
    "/overview",
    response_model=schemas.OverviewView,
    summary="The Western Balkans: latest spending and share of GDP, ranking",
)
def overview(dashboard: DashboardDep) -> Response:
    return _json(dashboard.overview())


@router.get(
    "/country/{entity}",
    response_model=schemas.CountryView,
    responses=_errors(404, 422),
    summary="One country: spending series with provenance, profile by pillar",
)
def country(entity: EntityPath, dashboard: DashboardDep) -> Response:
    return _json(dashboard.country(entity_or_404(dashboard, entity)))


@router.get(
    "/dyad/{a}/{b}",
    response_model=schemas.DyadView,
    responses=_errors(400, 404, 422),
    summary="A pair: spending, register timeline, arms imports by supplier, incidents",
)
def dyad(a: EntityPath, b: EntityPath, dashboard: DashboardDep) -> Response:
    return _json(dashboard.dyad(entity_or_404(dashboard, a), entity_or_404(dashboard, b)))


@router.get(
    "/compare",
    response_model=schemas.CompareView,
    responses=_errors(400, 422),
    summary="Members of a region ranked on a measure in a year, with the median",
)
def compare(
    dashboard: DashboardDep,
    region: RegionParam = DEFAULTS["region"],
    year: YearParam = None,
    measure: MeasureParam = DEFAULTS["measure"],
) -> Response:
    return _json(dashboard.compare(region, year, measure))


@router.get(
    "/register",
    response_model=schemas.RegisterView,
    responses=_errors(400, 404, 422),
    summary="Register items (curated records, arms orders and deliveries) by date",
)
def register(
    dashboard: DashboardDep,
    entities: EntitiesParam = None,
    since: SinceParam = None,
    kinds: KindsParam = None,
) -> Response:
    ids = [
        entity_or_404(dashboard, token)
        for token in listed(entities or list(DEFAULT_PAIR), what="entity", required=True)
    ]
    return _json(dashboard.register(ids, since, listed(kinds, what="kind")))


@router.get(
    "/sources",
    response_model=schemas.SourcesView,
    summary="Every snapshot (publisher, release, licence, sha256, values) and collection",
)
def sources(dashboard: DashboardDep) -> Response:
    return _json(dashboard.sources())


@router.post(
    "/check",
    response_model=schemas.CheckView,
    responses=_errors(400, 413, 415, 422),
    openapi_extra=_CHECK_BODY,
    summary="Check the numeric claims of an article against itself and the store",
)
async def check(request: Request, dashboard: DashboardDep) -> Response:
    sent = await submission(request)
    page = await run_in_threadpool(dashboard.check, sent.content, filename=sent.filename)
    return _json(page)

"""The HTML pages: server-rendered from the same view models as the JSON API, charts inline.

Pages are left out of the OpenAPI description (it documents the JSON API); /api lists that
API's endpoints, read from the description itself.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from powderkeg.api.dashboard import DEFAULT_PAIR
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
from powderkeg.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _page(request: Request, template: str, view: dict[str, Any]) -> HTMLResponse:
    context = {"view": view, "title": view["title"], "json_url": _json_twin(request)}
    return render(request, template, context)


def _json_twin(request: Request) -> str | None:
    """The address of this page's JSON twin (a POSTed check has none to link to)."""
    if request.method != "GET":
        return None
    path = "/api/overview" if request.url.path == "/" else f"/api{request.url.path}"
    return f"{path}?{request.url.query}" if request.url.query else path


@router.get("/")
def overview(request: Request, dashboard: DashboardDep) -> HTMLResponse:
    return _page(request, "overview.html", dashboard.overview().view)


@router.get("/country/{entity}")
def country(request: Request, entity: EntityPath, dashboard: DashboardDep) -> HTMLResponse:
    page = dashboard.country(entity_or_404(dashboard, entity))
    return _page(request, "country.html", page.view)


@router.get("/dyad/{a}/{b}")
def dyad(request: Request, a: EntityPath, b: EntityPath, dashboard: DashboardDep) -> HTMLResponse:
    page = dashboard.dyad(entity_or_404(dashboard, a), entity_or_404(dashboard, b))
    return _page(request, "dyad.html", page.view)


@router.get("/compare")
def compare(
    request: Request,
    dashboard: DashboardDep,
    region: RegionParam = DEFAULTS["region"],
    year: YearParam = None,
    measure: MeasureParam = DEFAULTS["measure"],
) -> HTMLResponse:
    return _page(request, "compare.html", dashboard.compare(region, year, measure).view)


@router.get("/register")
def register(
    request: Request,
    dashboard: DashboardDep,
    entities: EntitiesParam = None,
    since: SinceParam = None,
    kinds: KindsParam = None,
) -> HTMLResponse:
    ids = [
        entity_or_404(dashboard, token)
        for token in listed(entities or list(DEFAULT_PAIR), what="entity", required=True)
    ]
    page = dashboard.register(ids, since, listed(kinds, what="kind"))
    return _page(request, "register.html", page.view)


@router.get("/sources")
def sources(request: Request, dashboard: DashboardDep) -> HTMLResponse:
    return _page(request, "sources.html", dashboard.sources().view)


@router.get("/check")
def check_form(request: Request) -> HTMLResponse:
    return render(request, "check.html", {"title": "Check an article", "view": None})


@router.post("/check")
async def check(request: Request, dashboard: DashboardDep) -> HTMLResponse:
    sent = await submission(request)
    page = await run_in_threadpool(dashboard.check, sent.content, filename=sent.filename)
    return _page(request, "check.html", page.view)


@router.get("/api")
def api_index(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    context = {"title": "JSON API", "endpoints": endpoints(spec), "info": spec["info"]}
    return render(request, "api.html", context)


@router.get("/favicon.ico")
def favicon() -> Response:
    icon = resources.files("powderkeg.web").joinpath("static", "favicon.svg").read_bytes()
    return Response(icon, media_type="image/svg+xml")


def endpoints(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Method, path, summary and parameters of every operation in an OpenAPI description."""
    found = []
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": sorted(operation.get("requestBody", {}).get("content", {})),
                    "statuses": sorted(operation.get("responses", {})),
                }
            )
    return found

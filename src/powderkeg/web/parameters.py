"""What routes take: the app's Dashboard, entity tokens resolved or 404, and query parameters.

Query parameters are declared once here so the pages and their JSON twins validate alike (a bad
year is a 422 on both). An empty form field (`year=`) counts as not given.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from pydantic import BeforeValidator, Field

from powderkeg.api.dashboard import DEFAULT_MEASURE, DEFAULT_REGION, Dashboard
from powderkeg.errors import QueryError
from powderkeg.web.errors import NotFoundError, WebError


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def the_dashboard(request: Request) -> Dashboard:
    dashboard: Dashboard = request.app.state.dashboard
    return dashboard


DashboardDep = Annotated[Dashboard, Depends(the_dashboard)]
EntityPath = Annotated[
    str, Path(max_length=100, description="A country: its id or name (XKX, kosovo, XK).")
]
YearParam = Annotated[
    Annotated[int, Field(ge=1900, le=2100)] | None,
    BeforeValidator(_blank_is_none),
    Query(description="A year (1900–2100); empty or absent: the latest year with values."),
]
SinceParam = Annotated[
    Annotated[int, Field(ge=1900, le=2100)] | None,
    BeforeValidator(_blank_is_none),
    Query(description="Only items dated this year or later (1900–2100)."),
]
RegionParam = Annotated[
    str, Query(max_length=100, description="A named region, e.g. western-balkans.")
]
MeasureParam = Annotated[
    str, Query(max_length=100, description="A measure id, e.g. share_gdp (see /api/sources).")
]
EntitiesParam = Annotated[
    list[str] | None,
    Query(
        description="Countries: ids or names, repeated or comma-separated (default XKX,SRB).",
    ),
]
KindsParam = Annotated[
    list[str] | None,
    Query(
        description="Register kinds, repeated or comma-separated (incidents,exercises); none: all.",
    ),
]
DEFAULTS: dict[str, Any] = {
    "region": DEFAULT_REGION,
    "measure": DEFAULT_MEASURE,
}
MOST_LISTED = 20


def entity_or_404(dashboard: Dashboard, token: str) -> str:
    """The entity id for a token in a path or query; an unknown entity is a 404."""
    try:
        return dashboard.entity_id(token)
    except QueryError as error:
        raise NotFoundError(str(error)) from None


def listed(values: list[str] | None, *, what: str, required: bool = False) -> list[str]:
    """['XKX, SRB', 'ALB'] → ['XKX', 'SRB', 'ALB'] (repeated or comma-separated, or both)."""
    given = values or []
    parts = (part.strip() for value in given for part in value.split(","))
    items = list(dict.fromkeys(part for part in parts if part))
    if required and not items:
        raise WebError(f"give at least one {what}")
    if len(items) > MOST_LISTED:
        raise WebError(f"give at most {MOST_LISTED} {what} values, not {len(items)}")
    return items

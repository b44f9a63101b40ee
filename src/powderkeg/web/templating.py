"""The Jinja2 environment of the pages (autoescape on) and the filters that format records.

Records arrive as the JSON API has them (money in base units, shares in percent); formatting is
the page's business only. Every number shown in a table cell carries its provenance as a title.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

Record = Mapping[str, Any]

_MISSING = "—"


def environment() -> Environment:
    folder = str(resources.files("powderkeg.web") / "templates")
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,  # every page: user text (articles, register titles) is always escaped
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        value=shown_value,
        unit_label=unit_label,
        millions=millions,
        provenance=provenance,
        by_year=by_year,
        short_sha=short_sha,
        thousands=thousands,
    )
    env.globals.update(chart=chart_named, largest=largest)
    return env


@functools.cache
def templates() -> Jinja2Templates:
    return Jinja2Templates(env=environment())


def render(
    request: Request, name: str, context: Mapping[str, Any], *, status: int = 200
) -> HTMLResponse:
    """A page with the footer's sources and licences from the app's dashboard."""
    dashboard = getattr(request.app.state, "dashboard", None)
    licences = dashboard.licences() if dashboard is not None else []
    full = {"licences": licences, "path": request.url.path, **context}
    return templates().TemplateResponse(request, name, full, status_code=status)


def shown_value(record: Record | None) -> str:
    """A record's value for a table cell: percent, persons, per person, else in millions."""
    if record is None or record.get("value") is None:
        return _MISSING
    value = float(record["value"])
    unit = str(record.get("unit") or "")
    if unit == "percent":
        return f"{value:,.2f} %"
    if unit == "persons":
        return f"{value:,.0f}"
    if record.get("measure") == "per_capita":
        return f"{value:,.1f}"
    return millions(value)  # money in base units, and TIV


def unit_label(record: Record | None) -> str:
    """What a cell's number counts: 'US$ million', 'RSD million', 'TIV million', '%', …"""
    if record is None:
        return ""
    unit = str(record.get("unit") or "")
    if unit in {"percent", "persons"}:
        return "%" if unit == "percent" else "persons"
    money = "US$" if unit == "USD" else unit
    if record.get("measure") == "per_capita":
        return f"{money} per person"
    return f"{money} million"


def millions(value: float | None) -> str:
    return _MISSING if value is None else f"{value / 1e6:,.1f}"


def thousands(value: float | int | None) -> str:
    return _MISSING if value is None else f"{value:,.0f}"


def provenance(record: Record) -> str:
    """'SIPRI Military Expenditure Database, release 2024 · sheet=…!BV148 · sha256 0cbbe3173f72'."""
    parts = [f"{record.get('dataset') or record.get('source')}, release {record.get('vintage')}"]
    if record.get("locator"):
        parts.append(str(record["locator"]))
    if record.get("sha256"):
        parts.append(f"sha256 {short_sha(record['sha256'])}")
    if record.get("method") and record["method"] != "stored":
        parts.append(str(record["method"]))
    if record.get("flags"):
        parts.append(f"flags: {record['flags']}")
    return " · ".join(parts)


def short_sha(digest: str | None) -> str:
    return (digest or "")[:12]


def by_year(rows: Iterable[Record]) -> list[tuple[int, dict[str, Record]]]:
    """Long records regrouped as one row per year (newest first), cells keyed "XKX/share_gdp"."""
    years: dict[int, dict[str, Record]] = {}
    for row in rows:
        years.setdefault(int(row["year"]), {})[f"{row['entity']}/{row['measure']}"] = row
    return sorted(years.items(), reverse=True)


def largest(rows: Iterable[Record], column: str = "value") -> float | None:
    """The largest number in `column` (None when no row has one): the scale of the bars."""
    numbers = [float(row[column]) for row in rows if isinstance(row.get(column), int | float)]
    return max(numbers, default=None)


def chart_named(view: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    """The view's chart called `name` (its SVG, or why it is missing), or None."""
    return next((c for c in view.get("charts", ()) if c["name"] == name), None)

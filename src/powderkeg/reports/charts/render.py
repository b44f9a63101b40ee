"""Vega-Lite chart → SVG string, offline, with one vl-convert engine per process.

The engine (a Deno runtime inside the native `vl_convert` module) takes about a second to start;
it is loaded on the first chart and reused. The Vega-Lite version is pinned to the one altair
writes specs for, so an upgrade of vl-convert alone cannot change the pictures.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import altair as alt

from powderkeg.reports.charts.style import CONFIG
from powderkeg.reports.charts.svg import (
    external_references,
    with_accessible_text,
    with_stable_ids,
)


@dataclass(frozen=True)
class _Engine:
    module: ModuleType
    vega_lite_version: str | None


@functools.cache
def _engine() -> _Engine:
    import vl_convert  # a large native library: load it only when a chart is drawn

    wanted = ".".join(alt.SCHEMA_VERSION.removeprefix("v").split(".")[:2])
    available = set(vl_convert.get_vegalite_versions())
    return _Engine(vl_convert, wanted if wanted in available else None)


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as a self-contained SVG string (same chart in, same bytes out)."""
    spec = chart.to_dict()
    title, description = _accessible_text(spec)
    engine = _engine()
    svg: str = engine.module.vegalite_to_svg(
        spec,
        vl_version=engine.vega_lite_version,
        config=CONFIG,
        allowed_base_urls=[],  # inline data only: any attempt to load a URL fails
        format_locale="en-US",
        time_format_locale="en-US",
    )
    finished = with_accessible_text(with_stable_ids(svg), title=title, description=description)
    outside = external_references(finished)
    if outside:
        raise ValueError(f"chart refers to outside resources: {', '.join(outside)}")
    return finished


def warm_up() -> None:
    """Start the engine now (e.g. when a server starts) rather than on the first request."""
    tiny = alt.Chart(alt.InlineData(values=[{"x": 0}]), title="warm-up", description="warm-up")
    to_svg(tiny.mark_point().encode(x="x:Q"))


def _accessible_text(spec: dict[str, Any]) -> tuple[str, str]:
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if isinstance(text, list):
        text = " ".join(str(line) for line in text)
    description = spec.get("description")
    if not text or not description:
        raise ValueError(
            "every chart needs a title and a description (read aloud by screen readers)"
        )
    return str(text), str(description)

"""View models of the dashboard pages: plain dicts of records and inline SVG charts.

Each function takes an open store and returns one page's data as JSON-ready Python (records keep
their provenance columns: dataset, source, vintage, locator, sha256, flags, method). Charts come
as `{"name", "svg", "missing"}`: the SVG, or (svg None) the reason there is nothing to draw.
`json_twin(view)` drops the presentation keys (chart SVGs, article segments): what is left is
what the dashboard's JSON API returns.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any, Final

import altair as alt
import pandas as pd

from powderkeg import indicators
from powderkeg.claims import Check, CheckReport, from_bytes
from powderkeg.claims.text_input import Form
from powderkeg.claims.with_store import check_against_store
from powderkeg.entities import Crosswalk, region_members
from powderkeg.errors import FormatError, QueryError
from powderkeg.geo import bundled_extract
from powderkeg.indicators import arms
from powderkeg.indicators.register import TIMELINE_KINDS, profile, timeline
from powderkeg.indicators.register import register_frame as transfer_records
from powderkeg.reports.annotated_article import VERDICT_ORDER, claim_explanations, claim_verdict
from powderkeg.reports.charts import (
    arms_imports_by_supplier,
    growth_bars,
    incidents_map,
    register_timeline,
    share_of_gdp_vs_median,
    spending_over_time,
    to_svg,
)
from powderkeg.store import Store
from powderkeg.store.queries import snapshots
from powderkeg.store.register import collections
from powderkeg.store.register import records as register_records

View = dict[str, Any]

REGION: Final = "western-balkans"
DEFAULT_PAIR: Final = ("XKX", "SRB")
CHART_START: Final = 2000  # charts start here; the tables keep every year
COUNTRY_MEASURES: Final = ("current_usd", "constant_usd", "share_gdp", "per_capita")
PRESENTATION_KEYS: Final = ("charts", "segments")
MAP_LICENCE: Final = {
    "dataset": "Natural Earth, Admin 0 – Countries, 1:110m (map outlines)",
    "publisher": "Natural Earth",
    "licence": "public domain",
    "vintages": [],
}
_SVG_CACHE_SIZE: Final = 256


# --- pages -----------------------------------------------------------------------------------


def overview(store: Store) -> View:
    """The region: each member's latest spending and share of GDP, the ranking, two charts."""
    members = list(region_members(REGION))
    current = indicators.spending(store, members, "current_usd")
    shares = indicators.spending(store, members, "share_gdp")
    ranking = _ranking(store, shares)
    return {
        "page": "overview",
        "title": "Military spending in the Western Balkans",
        "region": REGION,
        "default_pair": list(DEFAULT_PAIR),
        "countries": [_latest_of(entity, current, shares) for entity in members],
        "ranking": ranking,
        "charts": [
            _chart("share_of_gdp", lambda: _share_chart(store, shares)),
            _chart("spending", lambda: _spending_chart(store, members)),
        ],
    }


def country(store: Store, entity: str) -> View:
    """One country: its spending series (every year, with provenance), profile and charts."""
    series = _series(store, [entity], COUNTRY_MEASURES)
    shares = series[series["measure"] == "share_gdp"]
    growth = indicators.spending(store, [entity], "growth_real", start=CHART_START)
    return {
        "page": "country",
        "title": entity_name(entity),
        "entity": _entity(entity),
        "measures": {m: indicators.ALL_MEASURES[m] for m in COUNTRY_MEASURES},
        "spending": records(series),
        "profile": _profile(store, entity),
        "charts": [
            _chart("spending", lambda: _spending_chart(store, [entity])),
            _chart("share_of_gdp", lambda: _share_chart(store, shares)),
            _chart("growth", lambda: growth_bars(growth)),
        ],
    }


def dyad(store: Store, a: str, b: str) -> View:
    """A pair: both sides' spending, the register's timeline, arms imports, incidents on a map."""
    if a == b:
        raise QueryError(f"a pair needs two different countries, not {a} twice")
    pair = [a, b]
    series = _series(store, pair, ("constant_usd", "share_gdp"))
    items = timeline(store, pair)
    imports = pd.concat([_imports_by_year_and_supplier(store, side) for side in pair])
    incidents = _incidents(store, pair)
    charts = [
        _chart("spending", lambda: _spending_chart(store, pair)),
        _chart(
            "share_of_gdp", lambda: _share_chart(store, series[series["measure"] == "share_gdp"])
        ),
        _chart("timeline", lambda: register_timeline(items)),
        *[_arms_chart(imports, side) for side in pair],
        _chart("incidents_map", lambda: _map(incidents, pair)),
    ]
    return {
        "page": "dyad",
        "title": f"{entity_name(a)} and {entity_name(b)}",
        "a": _entity(a),
        "b": _entity(b),
        "spending": records(series),
        "timeline": records(items),
        "arms_imports": records(imports),
        "incidents": records(incidents),
        "charts": charts,
    }


def compare(store: Store, *, region: str, year: int | None, measure: str) -> View:
    """Members of `region` ranked on `measure` in `year` (default: the latest year with values)."""
    members = list(region_members(region))
    values = indicators.spending(store, members, measure)
    years = sorted({int(y) for y in values["year"]}, reverse=True)
    if not years:
        raise QueryError(f"no {measure} values for any member of {region!r}")
    chosen = years[0] if year is None else year
    ranked = indicators.compare(store, region=region, year=chosen, measure=measure)
    return {
        "page": "compare",
        "title": f"Compare {region}: {indicators.ALL_MEASURES[measure]}, {chosen}",
        "region": region,
        "year": chosen,
        "measure": measure,
        "measure_label": indicators.ALL_MEASURES[measure],
        "measures": dict(indicators.ALL_MEASURES),
        "years": years,
        "region_median": float(ranked["region_median"].iloc[0]),
        "members_without_value": _split(str(ranked["members_without_value"].iloc[0])),
        "ranking": records(ranked),
    }


def register(
    store: Store, entities: Sequence[str], *, since: int | None, kinds: Sequence[str]
) -> View:
    """The register's items of `entities` (curated records, arms orders and deliveries) by date."""
    items = timeline(store, list(entities), since=since, kinds=list(kinds) or None)
    return {
        "page": "register",
        "title": f"Register: {', '.join(entity_name(e) for e in entities)}",
        "entities": [_entity(e) for e in entities],
        "since": since,
        "kinds": list(kinds),
        "known_kinds": list(TIMELINE_KINDS),
        "timeline": records(items),
        "charts": [_chart("timeline", lambda: register_timeline(items))],
    }


def sources(store: Store) -> View:
    """Every raw file the store holds values from, and the collections of curated records."""
    return {
        "page": "sources",
        "title": "Sources",
        "snapshots": records(snapshots(store)),
        "collections": records(collections(store)),
        "licences": licences(store),
    }


def check(store: Store, text: str, *, origin: str) -> View:
    """The article's claims checked against itself and the store, as segments for highlighting."""
    report = check_against_store(text, store)
    counts = {v: sum(1 for c in report.checks if c.verdict == v) for v in VERDICT_ORDER}
    return {
        "page": "check",
        "title": "Claims checked",
        "origin": origin,
        "counts": counts,
        **report.to_dict(),
        "segments": segments(report),
    }


def article_text(data: bytes, *, filename: str) -> str:
    """An uploaded file's plain text (.txt, .md, .html by suffix); refuses non-UTF-8 and binaries."""
    suffix = PurePath(filename).suffix.lower()
    form: Form = (
        "html" if suffix in {".html", ".htm"} else "markdown" if suffix == ".md" else "text"
    )
    try:
        return from_bytes(data, origin=filename, form=form).text
    except UnicodeDecodeError as error:  # from_bytes lets a broken UTF-16 file through unwrapped
        raise FormatError(f"not text in any encoding read: {error.reason}", path=filename) from None


def licences(store: Store) -> list[dict[str, Any]]:
    """One line per dataset the store holds: publisher, licence and the vintages held."""
    frame = snapshots(store)
    lines = []
    for (dataset, publisher, licence), group in frame.groupby(
        ["dataset", "publisher", "licence"], sort=True
    ):
        vintages = sorted({str(v) for v in group["vintage"]})
        lines.append(
            {"dataset": dataset, "publisher": publisher, "licence": licence, "vintages": vintages}
        )
    return [*lines, MAP_LICENCE]


def json_twin(view: View) -> View:
    """The view without what only the HTML page needs (chart SVGs, article segments)."""
    return {key: value for key, value in view.items() if key not in PRESENTATION_KEYS}


# --- records and entities --------------------------------------------------------------------


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Plain JSON rows: NA as None, timestamps as ISO text, no numpy types."""
    rows: list[dict[str, Any]] = json.loads(
        frame.to_json(orient="records", date_format="iso", double_precision=15)
    )
    return rows


def entity_name(entity: str) -> str:
    return Crosswalk.bundled().entity(entity).name


def _entity(entity: str) -> dict[str, str]:
    return {"id": entity, "name": entity_name(entity)}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _series(store: Store, entities: list[str], measures: Sequence[str]) -> pd.DataFrame:
    frames = [indicators.spending(store, entities, measure) for measure in measures]
    found = [frame for frame in frames if not frame.empty]
    return pd.concat(found, ignore_index=True) if found else frames[0]


def _latest_of(entity: str, current: pd.DataFrame, shares: pd.DataFrame) -> dict[str, Any]:
    latest = {}
    for measure, frame in (("current_usd", current), ("share_gdp", shares)):
        own = frame[frame["entity"] == entity]
        latest[measure] = records(own.tail(1))[0] if not own.empty else None
    return {**_entity(entity), "latest": latest}


def _ranking(store: Store, shares: pd.DataFrame) -> dict[str, Any] | None:
    if shares.empty:
        return None
    year = int(shares["year"].max())
    ranked = indicators.compare(store, region=REGION, year=year, measure="share_gdp")
    return {"year": year, "measure": "share_gdp", "rows": records(ranked)}


def _profile(store: Store, entity: str) -> list[dict[str, Any]]:
    """Profile lines grouped by pillar, pillars in the profile's own order."""
    try:
        lines = profile(store, entity)
    except ValueError:  # profile() cannot concatenate when the entity has nothing at all
        return []
    pillars = list(dict.fromkeys(lines["pillar"]))
    return [
        {"pillar": pillar, "items": records(lines[lines["pillar"] == pillar])} for pillar in pillars
    ]


def _imports_by_year_and_supplier(store: Store, recipient: str) -> pd.DataFrame:
    """TIV delivered to `recipient` per year and supplier (the chart's input), with provenance."""
    deals = transfer_records(store, recipient, "recipient")
    parts = []
    for supplier, group in deals.groupby("supplier", sort=True):
        by_year = arms.imports_by(group, recipient, "year")
        if by_year.empty:
            continue
        name = str(group["supplier_name"].iloc[0])
        parts.append(by_year.assign(supplier=supplier, supplier_name=name))
    if not parts:
        return pd.DataFrame(columns=["recipient", "year", "supplier", "supplier_name", "tiv"])
    vintage = str(deals["vintage"].iloc[0])
    found = pd.concat(parts, ignore_index=True)
    return found.assign(recipient=recipient, vintage=vintage, source="sipri_arms")


def _incidents(store: Store, entities: list[str]) -> pd.DataFrame:
    """Curated incidents of `entities` that have coordinates, one row each, with their source."""
    found = register_records(store, entities=entities, kinds=["incidents"])
    rows = []
    for record in found.to_dict(orient="records"):
        fields = record["fields"]
        position = fields.get("coordinates")
        if not position:
            continue
        first = record["sources"][0]
        rows.append(
            {
                "record_id": record["record_id"],
                "date": record["date"],
                "title": record["title"],
                "kind": fields.get("kind", "incident"),
                "place": fields.get("place"),
                "lat": float(position[0]),
                "lon": float(position[1]),
                "entities": ", ".join(record["entities"]),
                "source": f"{first['publisher']}, {first['date']}, {first['url']}",
                "confidence": record["confidence"],
                "locator": record["locator"],
            }
        )
    return pd.DataFrame(rows, columns=_INCIDENT_COLUMNS)


_INCIDENT_COLUMNS: Final = [
    "record_id", "date", "title", "kind", "place", "lat", "lon", "entities", "source",
    "confidence", "locator",
]  # fmt: skip


# --- charts ----------------------------------------------------------------------------------


def _chart(name: str, draw: Callable[[], alt.TopLevelMixin]) -> dict[str, str | None]:
    """A drawn chart, or the reason there is none (no data is not an error for a page)."""
    try:
        chart = draw()
    except QueryError as error:
        return {"name": name, "svg": None, "missing": str(error)}
    return {"name": name, "svg": svg_of(chart), "missing": None}


def _spending_chart(store: Store, entities: list[str]) -> alt.TopLevelMixin:
    frame = indicators.spending(store, entities, "constant_usd", start=CHART_START)
    return spending_over_time(frame)


def _share_chart(store: Store, shares: pd.DataFrame) -> alt.TopLevelMixin:
    recent = shares[shares["year"] >= CHART_START]
    return share_of_gdp_vs_median(
        recent, _regional_median(store), median_label="Western Balkans median"
    )


def _regional_median(store: Store) -> pd.DataFrame:
    """Median share of GDP of the region's members with a value, per year (as `compare` has it)."""
    shares = indicators.spending(store, list(region_members(REGION)), "share_gdp")
    recent = shares[shares["year"] >= CHART_START]
    medians = recent.groupby("year")["value"].median()
    return pd.DataFrame({"year": medians.index, "median": medians.to_numpy()})


def _arms_chart(imports: pd.DataFrame, recipient: str) -> dict[str, str | None]:
    own = imports[imports["recipient"] == recipient]
    title = f"Arms imports of {entity_name(recipient)} by supplier"
    return _chart(f"arms_imports_{recipient}", lambda: arms_imports_by_supplier(own, title=title))


def _map(incidents: pd.DataFrame, focus: list[str]) -> alt.TopLevelMixin:
    geometry = json.loads(bundled_extract().read_text(encoding="utf-8"))
    title = f"Incidents recorded for {' and '.join(entity_name(e) for e in focus)}"
    return incidents_map(geometry, incidents, focus_ids=focus, title=title)


class _SvgCache:
    """SVGs by a digest of the chart's spec: the same chart is rendered once per process."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._svgs: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def svg(self, chart: alt.TopLevelMixin) -> str:
        spec = json.dumps(chart.to_dict(), sort_keys=True, default=str)
        key = hashlib.sha256(spec.encode("utf-8")).hexdigest()
        with self._lock:
            if key in self._svgs:
                self._svgs.move_to_end(key)
                return self._svgs[key]
        svg = to_svg(chart)
        with self._lock:
            self._svgs[key] = svg
            while len(self._svgs) > self._size:
                self._svgs.popitem(last=False)
        return svg


_SVGS: Final = _SvgCache(_SVG_CACHE_SIZE)


def svg_of(chart: alt.TopLevelMixin) -> str:
    """The chart as inline SVG, rendered once per process for the same spec."""
    return _SVGS.svg(chart)


# --- the checked article ---------------------------------------------------------------------


def segments(report: CheckReport) -> list[dict[str, Any]]:
    """The article cut into plain runs and claim runs; a claim run has its verdict and checks.

    Text stays text here: the page escapes it (an article containing `<script>` shows as text).
    """
    checks_of = _checks_by_claim(report.checks)
    parts: list[dict[str, Any]] = []
    cursor = 0
    for claim in sorted(report.claims, key=lambda c: c.start):
        if claim.start < cursor:
            continue  # overlapping spans: the first one wins, as in the standalone page
        own = checks_of.get(claim.id, ())
        parts.append(_plain(report.text[cursor : claim.start]))
        parts.append(
            {
                "text": report.text[claim.start : claim.end],
                "claim": claim.id,
                "verdict": claim_verdict(claim, own),
                "explanation": claim_explanations(claim, own),
            }
        )
        cursor = claim.end
    parts.append(_plain(report.text[cursor:]))
    return [part for part in parts if part["text"]]


def _checks_by_claim(checks: Sequence[Check]) -> dict[str, tuple[Check, ...]]:
    """Each claim's checks, found in one pass (per claim over all checks is quadratic)."""
    found: dict[str, list[Check]] = {}
    for check in checks:
        for claim_id in dict.fromkeys(check.claim_ids):
            found.setdefault(claim_id, []).append(check)
    return {claim_id: tuple(own) for claim_id, own in found.items()}


def _plain(text: str) -> dict[str, Any]:
    return {"text": text, "claim": None, "verdict": None, "explanation": None}

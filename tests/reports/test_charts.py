"""Charts render offline to self-contained, accessible, deterministic SVG; bad input is a QueryError.

The small frames below carry values read from the bundled store (powderkeg.spending, compare,
transfers and timeline for Kosovo and Serbia, November 2026 build).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest

from powderkeg.errors import QueryError
from powderkeg.reports.charts import (
    WESTERN_BALKANS,
    arms_imports_by_supplier,
    external_references,
    growth_bars,
    incidents_map,
    register_timeline,
    share_of_gdp_vs_median,
    spending_over_time,
    to_svg,
)
from powderkeg.reports.charts.geometry import bounds
from powderkeg.reports.charts.style import DECREASE_COLOUR, FOCUS_COLOUR, INCREASE_COLOUR
from powderkeg.reports.charts.timeline import decimal_year

SVG_NS = "{http://www.w3.org/2000/svg}"
NAMESPACE_DECLARATIONS = {
    'xmlns="http://www.w3.org/2000/svg"',
    'xmlns:xlink="http://www.w3.org/1999/xlink"',
}


# --- frames shaped like powderkeg's results ---------------------------------------------------


def spending_frame(basis: str = "current", base_year: int | None = None) -> pd.DataFrame:
    rows = [
        ("XKX", "Kosovo", 2022, 107_601_600.0, ""),
        ("XKX", "Kosovo", 2023, 133_185_500.0, ""),
        ("SRB", "Serbia", 2022, 1_723_487_000.0, "estimate,footnote"),
        ("SRB", "Serbia", 2023, 2_135_767_000.0, "estimate,footnote"),
    ]
    frame = pd.DataFrame(rows, columns=["entity", "entity_name", "year", "value", "flags"])
    return frame.assign(
        unit="USD",
        currency="USD",
        price_basis=basis,
        base_year=pd.array([base_year] * len(frame), dtype="Int64"),
        vintage="2024",
        dataset="SIPRI Military Expenditure Database",
    )


def share_frame() -> pd.DataFrame:
    rows = [
        ("XKX", "Kosovo", 2022, 1.150046),
        ("XKX", "Kosovo", 2023, 1.273513),
        ("SRB", "Serbia", 2022, 2.172674),
        ("SRB", "Serbia", 2023, 2.208073),
    ]
    frame = pd.DataFrame(rows, columns=["entity", "entity_name", "year", "value"])
    return frame.assign(unit="percent", dataset="SIPRI Military Expenditure Database")


def median_frame() -> pd.DataFrame:
    return pd.DataFrame({"year": [2022, 2023], "median": [1.573037, 1.693228]})


def growth_frame() -> pd.DataFrame:
    rows = [
        ("XKX", "Kosovo", 2021, -5.979533),
        ("XKX", "Kosovo", 2022, 36.200070),
        ("SRB", "Serbia", 2022, -19.361668),
        ("SRB", "Serbia", 2023, 6.918496),
    ]
    frame = pd.DataFrame(rows, columns=["entity", "entity_name", "year", "value"])
    return frame.assign(unit="percent", measure="growth_real")


# Serbia's deliveries (TIV million) by year and supplier, powderkeg.transfers(recipient="SRB").
SERBIA_IMPORTS = {
    2020: {"RUS": 143.435, "CHN": 6.5, "USA": 0.6},
    2021: {"BLR": 54.52, "RUS": 53.42, "USA": 1.05},
    2022: {"CHN": 242.5, "FRA": 4.5, "USA": 1.8},
    2023: {"CHN": 242.5, "CYP": 39.6, "ESP": 25.0, "FRA": 19.5, "DNK": 7.5, "DEU": 6.5, "CAN": 3.0},
    2024: {"CHN": 75.0, "FRA": 49.5, "HUN": 10.8, "DEU": 7.2, "USA": 0.3},
}


def arms_frame(years: tuple[int, ...] = (2022, 2023)) -> pd.DataFrame:
    rows = [
        (year, supplier, tiv) for year in years for supplier, tiv in SERBIA_IMPORTS[year].items()
    ]
    return pd.DataFrame(rows, columns=["year", "supplier", "tiv"])


def timeline_frame() -> pd.DataFrame:
    rows = [
        ("2023", "transfers", "XKX, TUR", "delivered 5 Bayraktar TB2 from TUR (2023)"),
        ("2023", "transfers", "SRB, CHN", "ordered 4? HQ-17A (SAM system) from CHN"),
        ("2023-05-29", "incidents", "XKX", "Clashes at the Zvečan municipal building"),
        ("2023-09-24", "incidents", "XKX", "Attack at Banjska"),
        ("2018-12", "force_plans", "XKX", "Kosovo Security Force: 5,000 active + 3,000 reserve"),
    ]
    return pd.DataFrame(rows, columns=["date", "kind", "entities", "title"])


def square(west: float, south: float, size: float) -> list[list[list[float]]]:
    # Clockwise, as d3 (and Natural Earth's GeoJSON) draw exterior rings.
    e, n = west + size, south + size
    return [[[west, south], [west, n], [e, n], [e, south], [west, south]]]


def tiny_geojson() -> dict[str, Any]:
    def feature(code: str, name: str, west: float, south: float) -> dict[str, Any]:
        return {
            "type": "Feature",
            "properties": {"id": code, "name": name},
            "geometry": {"type": "Polygon", "coordinates": square(west, south, 1.0)},
        }

    return {
        "type": "FeatureCollection",
        "features": [
            feature("XKX", "Kosovo", 20.3, 42.2),
            feature("SRB", "Serbia", 20.0, 43.5),
            feature("ALB", "Albania", 19.5, 40.8),
            feature("FAR", "Farawayland", 100.0, 10.0),
        ],
    }


def incidents_frame() -> pd.DataFrame:
    rows = [
        (42.9733, 20.7808, "Banjska village and monastery", "attack"),
        (42.9089, 20.8389, "Zvečan municipal building", "clash"),
    ]
    return pd.DataFrame(rows, columns=["lat", "lon", "title", "kind"])


# Each chart kind: how to build it, and the title it must show.
CHARTS: dict[str, tuple[Callable[[], alt.TopLevelMixin], str]] = {
    "spending": (
        lambda: spending_over_time(spending_frame()),
        "Military expenditure, current US$",
    ),
    "share": (
        lambda: share_of_gdp_vs_median(share_frame(), median_frame()),
        "Military expenditure, share of GDP",
    ),
    "growth": (
        lambda: growth_bars(growth_frame()),
        "Military expenditure, change on previous year",
    ),
    "arms": (lambda: arms_imports_by_supplier(arms_frame()), "Arms imports by supplier"),
    "timeline": (lambda: register_timeline(timeline_frame()), "Timeline of the register"),
    "map": (
        lambda: incidents_map(tiny_geojson(), incidents_frame(), focus_ids=["XKX", "SRB"]),
        "Incidents",
    ),
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return {name: to_svg(build()) for name, (build, _) in CHARTS.items()}


def marks(svg: str) -> dict[str, str]:
    """Hover title → the opening tag of the mark that carries it."""
    found = re.findall(r'(<\w+ aria-label="([^"]*)" role="graphics-symbol"[^>]*>)<title>', svg)
    return {label: tag for tag, label in found}


# --- every chart ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CHARTS)
def test_chart_renders_to_svg_showing_its_title(rendered: dict[str, str], name: str) -> None:
    svg = rendered[name]
    title = CHARTS[name][1]
    assert svg.startswith("<svg")
    assert f"<title>{title}</title>" in svg
    assert re.search(rf"<text[^>]*>{re.escape(title)}</text>", svg), "title drawn as text"


@pytest.mark.parametrize("name", CHARTS)
def test_chart_refers_to_nothing_outside_itself(rendered: dict[str, str], name: str) -> None:
    svg = rendered[name]
    assert external_references(svg) == []
    stray = [m.group(0) for m in re.finditer(r'[\w:]+="https?://[^"]*"', svg)]
    assert set(stray) <= NAMESPACE_DECLARATIONS
    assert svg.count("http") == len(stray), "no web address anywhere else, text included"


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_well_formed_and_accessible(rendered: dict[str, str], name: str) -> None:
    root = ET.fromstring(rendered[name])
    assert root.get("role") == "graphics-document document"
    first, second = list(root)[:2]
    assert first.tag == f"{SVG_NS}title"
    assert first.text == CHARTS[name][1]
    assert second.tag == f"{SVG_NS}desc"
    assert len(second.text or "") > 40
    labelled = [e for e in root.iter() if e.get("role") == "graphics-symbol"]
    assert labelled, "marks are exposed to assistive technology"
    for element in labelled:
        hover = element.find(f"{SVG_NS}title")
        assert hover is not None
        assert hover.text == element.get("aria-label")


@pytest.mark.parametrize("name", CHARTS)
def test_same_input_gives_the_same_svg(rendered: dict[str, str], name: str) -> None:
    build = CHARTS[name][0]
    assert to_svg(build()) == rendered[name]


@pytest.mark.parametrize(
    ("build", "chart"),
    [
        (lambda: spending_over_time(spending_frame().iloc[0:0]), "spending_over_time"),
        (lambda: share_of_gdp_vs_median(share_frame().iloc[0:0], median_frame()), "share_of_gdp"),
        (lambda: share_of_gdp_vs_median(share_frame(), median_frame().iloc[0:0]), "(median)"),
        (lambda: growth_bars(growth_frame().iloc[0:0]), "growth_bars"),
        (lambda: arms_imports_by_supplier(arms_frame().iloc[0:0]), "arms_imports_by_supplier"),
        (lambda: register_timeline(timeline_frame().iloc[0:0]), "register_timeline"),
        (
            lambda: incidents_map(
                {"type": "FeatureCollection", "features": []}, incidents_frame(), focus_ids=[]
            ),
            "incidents_map",
        ),
    ],
)
def test_empty_input_is_a_query_error_naming_the_chart(
    build: Callable[[], alt.TopLevelMixin], chart: str
) -> None:
    with pytest.raises(QueryError, match="nothing to") as caught:
        build()
    assert chart in str(caught.value)


def test_frame_without_needed_columns_names_them() -> None:
    with pytest.raises(QueryError, match=r"lacks the column.*flags"):
        spending_over_time(spending_frame().drop(columns=["flags"]))


def test_rows_without_a_value_are_left_out_and_all_missing_is_an_error() -> None:
    frame = spending_frame()
    frame.loc[0, "value"] = float("nan")
    svg = to_svg(spending_over_time(frame))
    assert "Kosovo, 2022" not in svg
    assert "Kosovo, 2023: 133.2 million" in svg
    with pytest.raises(QueryError, match="no row has a value"):
        spending_over_time(frame.assign(value=float("nan")))


# --- spending --------------------------------------------------------------------------------


def test_spending_axis_shows_millions_of_current_dollars(rendered: dict[str, str]) -> None:
    svg = rendered["spending"]
    assert "Current US$ (million)" in svg
    assert "Kosovo, 2022: 107.6 million" in marks(svg)
    assert "Kosovo, 2023: 133.2 million" in marks(svg)


def test_spending_in_constant_dollars_names_the_base_year() -> None:
    svg = to_svg(spending_over_time(spending_frame("constant", 2024)))
    assert "Constant 2024 US$ (million)" in svg
    assert "<title>Military expenditure, constant 2024 US$</title>" in svg


def test_spending_measure_label_overrides_the_axis_title() -> None:
    svg = to_svg(spending_over_time(spending_frame(), measure_label="US$ m, as published"))
    assert "US$ m, as published" in svg
    assert "Current US$ (million)" not in svg


def test_spending_draws_estimates_hollow_and_other_points_solid(rendered: dict[str, str]) -> None:
    points = {
        label: tag for label, tag in marks(rendered["spending"]).items() if "million" in label
    }
    assert len(points) == 4
    for label, tag in points.items():
        assert ('fill="white"' in tag) == label.endswith("(estimate)"), label
    assert sum(label.endswith("(estimate)") for label in points) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"price_basis": ["current", "current", "constant", "constant"]}, "one price_basis"),
        ({"price_basis": "constant"}, "one base year, got none"),
        ({"price_basis": ""}, "current or constant"),
        ({"currency": ["USD", "USD", "EUR", "EUR"]}, "one currency"),
    ],
)
def test_spending_refuses_frames_one_axis_cannot_label(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        spending_over_time(spending_frame().assign(**change))


# --- share of GDP ------------------------------------------------------------------------------


def test_share_of_gdp_draws_the_median_as_a_dashed_line(rendered: dict[str, str]) -> None:
    svg = rendered["share"]
    assert "Regional median, 2023: 1.69% of GDP" in marks(svg)
    assert "Serbia, 2023: 2.21% of GDP" in marks(svg)
    dashed = re.findall(r'<path[^>]*stroke="#7f7f7f"[^>]*stroke-dasharray="5,3"', svg)
    assert len(dashed) == 1


def test_share_of_gdp_refuses_money(rendered: dict[str, str]) -> None:
    with pytest.raises(QueryError, match="expects values in percent, got USD"):
        share_of_gdp_vs_median(spending_frame(), median_frame())


# --- growth ------------------------------------------------------------------------------------


def test_growth_colours_decreases_apart(rendered: dict[str, str]) -> None:
    bars = marks(rendered["growth"])
    assert f'fill="{DECREASE_COLOUR}"' in bars["Serbia, 2022: -19.4% on 2021"]
    assert f'fill="{DECREASE_COLOUR}"' in bars["Kosovo, 2021: -6.0% on 2020"]
    assert f'fill="{INCREASE_COLOUR}"' in bars["Kosovo, 2022: +36.2% on 2021"]
    assert "based on constant US$ (real)" in rendered["growth"]


# --- arms imports ------------------------------------------------------------------------------


def test_arms_axis_says_tiv_is_not_dollars(rendered: dict[str, str]) -> None:
    assert "SIPRI TIV (million) — not US$" in rendered["arms"]
    assert "CHN, 2023: 242.50 TIV million (not US$)" in marks(rendered["arms"])


def test_arms_sums_suppliers_past_the_eight_largest() -> None:
    # 2020–2024: eleven suppliers; DNK (7.5), USA (3.75) and CAN (3.0) are the three smallest.
    svg = to_svg(arms_imports_by_supplier(arms_frame((2020, 2021, 2022, 2023, 2024))))
    bars = marks(svg)
    assert "Other suppliers, 2023: 10.50 TIV million (not US$)" in bars  # DNK 7.5 + CAN 3.0
    assert "Other suppliers, 2021: 1.05 TIV million (not US$)" in bars  # USA
    assert "HUN, 2024: 10.80 TIV million (not US$)" in bars
    assert not [label for label in bars if label.startswith(("DNK", "USA", "CAN"))]


def test_arms_uses_supplier_names_when_given() -> None:
    names = {"CHN": "China", "FRA": "France", "USA": "United States"}
    frame = arms_frame((2022,))
    svg = to_svg(arms_imports_by_supplier(frame.assign(supplier_name=frame["supplier"].map(names))))
    assert "China, 2022: 242.50 TIV million (not US$)" in marks(svg)


# --- timeline ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("2023", 2023.5, 2023.5),
        ("2023-07", 2023.53, 2023.58),  # mid-July: day 196 of 365
        ("2023-01-01", 2023.0, 2023.003),
        ("2024-12-31", 2024.997, 2025.0),
    ],
)
def test_register_dates_become_the_middle_of_their_period(
    text: str, low: float, high: float
) -> None:
    assert low <= decimal_year(text) <= high


def test_timeline_hover_keeps_the_date_as_written(rendered: dict[str, str]) -> None:
    labels = marks(rendered["timeline"])
    assert (
        "2018-12 · force plans · XKX: Kosovo Security Force: 5,000 active + 3,000 reserve" in labels
    )
    assert "2023-09-24 · incidents · XKX: Attack at Banjska" in labels


def test_timeline_refuses_dates_it_cannot_place() -> None:
    frame = timeline_frame()
    frame.loc[0, "date"] = "Q3 2024"
    frame.loc[1, "date"] = "2023-13"
    with pytest.raises(QueryError, match="2023-13, Q3 2024"):
        register_timeline(frame)


def test_user_text_is_escaped_not_markup() -> None:
    frame = timeline_frame()
    frame.loc[0, "title"] = '<script>alert("x")</script> & more'
    svg = to_svg(register_timeline(frame))
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    ET.fromstring(svg)


# --- map ---------------------------------------------------------------------------------------


def test_map_shades_focus_countries_and_leaves_far_ones_out(rendered: dict[str, str]) -> None:
    shapes = marks(rendered["map"])
    assert f'fill="{FOCUS_COLOUR}"' in shapes["Kosovo (focus)"]
    assert f'fill="{FOCUS_COLOUR}"' in shapes["Serbia (focus)"]
    assert f'fill="{FOCUS_COLOUR}"' not in shapes["Albania"]
    assert "Farawayland" not in rendered["map"]
    assert "attack: Banjska village and monastery" in shapes


def test_map_without_incidents_says_so() -> None:
    svg = to_svg(incidents_map(tiny_geojson(), pd.DataFrame(), focus_ids=["XKX"]))
    assert "no incidents" in svg
    assert "Kosovo (focus)" in marks(svg)


def test_map_names_focus_ids_the_geometry_lacks() -> None:
    with pytest.raises(QueryError, match="'id': KOS"):
        incidents_map(tiny_geojson(), incidents_frame(), focus_ids=["KOS", "SRB"])


def test_map_refuses_incidents_without_coordinates() -> None:
    incidents = incidents_frame()
    incidents.loc[1, "lat"] = None
    with pytest.raises(QueryError, match="without coordinates: Zvečan municipal building"):
        incidents_map(tiny_geojson(), incidents, focus_ids=["XKX"])


def test_map_skips_features_without_geometry() -> None:
    geojson = tiny_geojson()
    geojson["features"].append(
        {"type": "Feature", "properties": {"NAME": "Nowhere"}, "geometry": None}
    )
    svg = to_svg(incidents_map(geojson, incidents_frame(), focus_ids=["XKX"]))
    assert "Nowhere" not in svg
    assert "Kosovo (focus)" in marks(svg)


def test_map_refuses_geometry_that_is_not_a_feature_collection() -> None:
    feature = tiny_geojson()["features"][0]
    with pytest.raises(QueryError, match="FeatureCollection"):
        incidents_map(feature, incidents_frame(), focus_ids=[])


@pytest.mark.shared_data
def test_map_of_natural_earth_draws_the_western_balkans(shared_data: Path) -> None:
    path = shared_data / "natural_earth" / "ne_110m_admin_0_countries.geojson"
    world = json.loads(path.read_text("utf-8"))
    chart = incidents_map(
        world,
        incidents_frame(),
        focus_ids=["KOS", "SRB"],
        id_property="ADM0_A3",
        name_property="NAME",
    )
    svg = to_svg(chart)
    shapes = marks(svg)
    assert {"Kosovo (focus)", "Serbia (focus)", "Albania", "Macedonia", "Montenegro"} <= set(shapes)
    assert "Brazil" not in shapes
    assert "Australia" not in shapes
    assert external_references(svg) == []
    assert "attack: Banjska village and monastery" in shapes


def test_map_of_the_bundled_extract_shades_the_pair_by_entity_id() -> None:
    extract = resources.files("powderkeg") / "data" / "geo" / "ne_110m_admin_0_balkans.geojson"
    geojson = json.loads(extract.read_text("utf-8"))
    shapes = marks(to_svg(incidents_map(geojson, incidents_frame(), focus_ids=["XKX", "SRB"])))
    assert f'fill="{FOCUS_COLOUR}"' in shapes["Kosovo (focus)"]
    assert f'fill="{FOCUS_COLOUR}"' in shapes["Serbia (focus)"]
    assert {"Albania", "North Macedonia", "Montenegro", "Croatia"} <= set(shapes)


@pytest.mark.shared_data
def test_default_extent_holds_all_seven_western_balkan_countries(shared_data: Path) -> None:
    path = shared_data / "natural_earth" / "ne_110m_admin_0_countries.geojson"
    world = json.loads(path.read_text("utf-8"))
    seven = {"ALB", "BIH", "HRV", "KOS", "MKD", "MNE", "SRB"}
    boxes = [
        bounds(f["geometry"]) for f in world["features"] if f["properties"]["ADM0_A3"] in seven
    ]
    assert len(boxes) == len(seven)
    for box in boxes:
        assert WESTERN_BALKANS.west <= box.west
        assert WESTERN_BALKANS.south <= box.south
        assert box.east <= WESTERN_BALKANS.east
        assert box.north <= WESTERN_BALKANS.north


# --- rendering ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        ('<image href="https://cdn.example/x.png"/>', ["https://cdn.example/x.png"]),
        ('<image xlink:href="//cdn.example/x.png"/>', ["//cdn.example/x.png"]),
        ('<rect style="fill:url(http://example.org/p.svg#g)"/>', ["http://example.org/p.svg#g"]),
        (
            "<style>@import 'http://example.org/font.css';</style>",
            ["@import 'http://example.org/font.css'"],
        ),
        ('<rect fill="url(#gradient)"/><use href="#shape"/>', []),
        ('<image href="data:image/png;base64,AAAA"/>', []),
    ],
)
def test_external_references_finds_what_a_viewer_would_fetch(svg: str, expected: list[str]) -> None:
    assert external_references(svg) == expected


def test_element_ids_are_stable_unique_per_chart_and_resolve(rendered: dict[str, str]) -> None:
    ids = re.findall(r'\bid="([^"]+)"', rendered["map"])
    assert ids, "the map clips its shapes"
    assert all(re.fullmatch(r"pk[0-9a-f]{10}-\d+", name) for name in ids)
    assert set(re.findall(r"url\(#([^)]+)\)", rendered["map"])) <= set(ids)
    other = to_svg(incidents_map(tiny_geojson(), incidents_frame(), focus_ids=["ALB"]))
    assert not set(ids) & set(re.findall(r'\bid="([^"]+)"', other))


def test_chart_pointing_at_an_outside_image_is_refused() -> None:
    data = alt.InlineData(values=[{"x": 1, "u": "https://example.org/a.png"}])
    chart = alt.Chart(data, title="t", description="d").mark_image(width=9, height=9)
    with pytest.raises(ValueError, match=r"outside resources: https://example\.org/a\.png"):
        to_svg(chart.encode(x="x:Q", url="u:N"))


def test_chart_without_a_description_is_refused() -> None:
    chart = alt.Chart(alt.InlineData(values=[{"x": 1}]), title="t").mark_point()
    with pytest.raises(ValueError, match="title and a description"):
        to_svg(chart.encode(x="x:Q"))

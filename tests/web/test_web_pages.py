"""The pages: server-rendered HTML with inline SVG charts, local assets only, sources in the footer."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

PAGES = [
    "/",
    "/country/XKX",
    "/dyad/XKX/SRB",
    "/compare",
    "/register",
    "/sources",
    "/check",
    "/api",
]


class _Assets(HTMLParser):
    """Every address the browser would load by itself (not links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.svgs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "svg":
            self.svgs += 1
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and found.get("src"):
            self.loaded.append(str(found["src"]))
        if tag == "link" and found.get("href"):
            self.loaded.append(str(found["href"]))


def _assets(html: str) -> _Assets:
    parser = _Assets()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", PAGES)
def test_page_is_html_that_loads_only_local_assets(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    loaded = _assets(response.text).loaded
    assert loaded, "every page loads its stylesheet"
    assert all(address.startswith("/") and not address.startswith("//") for address in loaded)
    assert "@import" not in response.text
    assert "url(http" not in response.text


@pytest.mark.parametrize("path", PAGES)
def test_footer_names_every_dataset_and_licence_in_the_store(client: TestClient, path: str) -> None:
    footer = client.get(path).text.split('<footer class="site">')[1]
    for snapshot in client.get("/api/sources").json()["snapshots"]:
        assert snapshot["dataset"] in footer
        assert snapshot["licence"] in footer
    assert "Natural Earth" in footer


@pytest.mark.parametrize(
    ("path", "charts"),
    [("/", 2), ("/country/XKX", 3), ("/dyad/XKX/SRB", 6), ("/register", 1)],
)
def test_charts_are_inline_svg(client: TestClient, path: str, charts: int) -> None:
    html = client.get(path).text
    assert html.count('<figure class="chart"') == charts
    assert _assets(html).svgs >= charts
    assert "No chart:" not in html


def test_country_page_shows_the_stored_value_with_its_provenance(client: TestClient) -> None:
    records = client.get("/api/country/XKX").json()["spending"]
    stored = next(r for r in records if r["year"] == 2024 and r["measure"] == "current_usd")
    html = client.get("/country/XKX").text
    shown = f"{stored['value'] / 1e6:,.1f}"
    cell = re.search(rf'<td class="num" title="([^"]*)">{re.escape(shown)}', html)
    assert cell is not None, f"the 2024 value {shown} is not in the table"
    assert stored["locator"] in cell.group(1)
    assert f"release {stored['vintage']}" in cell.group(1)


def test_country_page_groups_the_profile_by_pillar(client: TestClient) -> None:
    html = client.get("/country/XKX").text
    for pillar in client.get("/api/country/XKX").json()["profile"]:
        name = pillar["pillar"]
        assert f"<h3>{name[:1].upper()}{name[1:]}</h3>" in html


def test_dyad_page_lists_the_incidents_on_its_map(client: TestClient) -> None:
    view = client.get("/api/dyad/XKX/SRB").json()
    html = client.get("/dyad/XKX/SRB").text
    assert view["incidents"], "the bundled register has incidents in northern Kosovo"
    for incident in view["incidents"]:
        assert incident["date"] in html
    assert 'id="chart-incidents_map"' in html


def test_every_page_links_its_json_twin(client: TestClient) -> None:
    html = client.get("/register?entities=XKX&kinds=incidents").text
    assert 'href="/api/register?entities=XKX&amp;kinds=incidents"' in html
    assert 'href="/api/overview"' in client.get("/").text


def test_api_page_lists_every_endpoint_of_the_openapi_description(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    html = client.get("/api").text
    assert spec["paths"]
    for path, operations in spec["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}" in html


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_cdn_backed_docs_are_switched_off(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_openapi_documents_only_the_json_api(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/overview",
        "/api/country/{entity}",
        "/api/dyad/{a}/{b}",
        "/api/compare",
        "/api/register",
        "/api/sources",
        "/api/check",
    }


def test_register_page_filters_by_kind_and_year(client: TestClient) -> None:
    view = client.get("/api/register?entities=XKX,SRB&kinds=incidents&since=2020").json()
    assert view["timeline"]
    assert {item["kind"] for item in view["timeline"]} == {"incidents"}
    assert min(int(item["date"][:4]) for item in view["timeline"]) >= 2020
    html = client.get("/register?entities=XKX,SRB&kinds=incidents&since=2020").text
    assert 'value="incidents" checked' in html


def test_register_takes_repeated_kinds_as_a_form_sends_them(client: TestClient) -> None:
    repeated = client.get("/api/register?kinds=incidents&kinds=exercises").json()
    joined = client.get("/api/register?kinds=incidents,exercises").json()
    assert repeated["timeline"] == joined["timeline"]
    assert {item["kind"] for item in joined["timeline"]} == {"incidents", "exercises"}


def test_empty_form_fields_mean_not_given(client: TestClient) -> None:
    assert client.get("/register?since=&kinds=").status_code == 200
    assert client.get("/api/compare?year=").json() == client.get("/api/compare").json()

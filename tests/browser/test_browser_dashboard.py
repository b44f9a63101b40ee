"""The dashboard in headless Chromium: no console errors, nothing loaded from elsewhere, SVG
charts that take space, the claim-check form, and a screenshot of the dyad page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

PAGES = [
    "/",
    "/country/XKX",
    "/dyad/XKX/SRB",
    "/compare",
    "/register?entities=XKX,SRB&kinds=incidents",
    "/sources",
    "/check",
    "/api",
]


@dataclass
class Seen:
    """What a page did while it loaded: console errors, script errors, every request."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _watched(page: Page) -> Seen:
    seen = Seen()
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("requestfailed", lambda request: seen.errors.append(f"failed: {request.url}"))
    return seen


def _open(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None
    assert response.ok, f"{url} answered {response.status}"


@pytest.fixture
def essay_path(shared_data: Path) -> Path:
    return shared_data.parent / "articles" / "militarization-of-kosovo.txt"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_from_loopback_only(live_server: str, page: Page, path: str) -> None:
    seen = _watched(page)
    _open(page, live_server + path)
    assert seen.errors == []
    assert seen.requests, "the page itself is a request"
    assert all(url.startswith(f"{live_server}/") for url in seen.requests), seen.requests


@pytest.mark.parametrize(
    ("path", "charts"),
    [("/", 2), ("/country/XKX", 3), ("/dyad/XKX/SRB", 6), ("/register", 1)],
)
def test_charts_render_as_svg_with_a_size(
    live_server: str, page: Page, path: str, charts: int
) -> None:
    _open(page, live_server + path)
    svgs = page.locator("figure.chart > svg")
    assert svgs.count() == charts
    for index in range(charts):
        box = svgs.nth(index).bounding_box()
        assert box is not None
        assert box["width"] > 100
        assert box["height"] > 50


def _checked(page: Page) -> None:
    with page.expect_navigation(wait_until="networkidle"):
        page.click("form.check button[type=submit]")


def test_pasted_essay_comes_back_with_highlighted_verdicts(
    live_server: str, page: Page, essay_path: Path
) -> None:
    seen = _watched(page)
    _open(page, f"{live_server}/check")
    page.fill("textarea[name=text]", essay_path.read_text("utf-8"))
    _checked(page)
    inconsistent = page.locator(".article mark.inconsistent")
    assert inconsistent.count() >= 1
    assert page.locator(".article mark.consistent").count() >= 1
    assert (inconsistent.first.get_attribute("title") or "").startswith("inconsistent:")
    inconsistent.first.click()  # the small script marks the rows of the claim's checks
    assert page.locator("table.checks tr.selected").count() >= 1
    assert seen.errors == []


def test_uploaded_essay_is_checked_the_same_way(
    live_server: str, page: Page, essay_path: Path
) -> None:
    _open(page, f"{live_server}/check")
    page.set_input_files("input[name=file]", str(essay_path))
    _checked(page)
    assert page.locator("h2#result").inner_text() == f"Claims in {essay_path.name}"
    assert page.locator(".article mark.inconsistent").count() >= 1
    assert page.locator(".article mark.consistent").count() >= 1


def test_a_script_in_an_article_stays_text(live_server: str, page: Page) -> None:
    seen = _watched(page)
    _open(page, f"{live_server}/check")
    attack = (
        "<script>window.pwned = 1</script><img src=/x onerror='window.pwned = 2'> "
        "Kosovo spent 100 million EUR in 2023."
    )
    page.fill("textarea[name=text]", attack)
    _checked(page)
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned = 1</script>" in page.locator(".article").inner_text()
    assert not any(url.endswith("/x") for url in seen.requests)


def test_dyad_page_screenshot_is_saved(live_server: str, page: Page, artifacts: Path) -> None:
    _open(page, f"{live_server}/dyad/XKX/SRB")
    shot = artifacts / "dyad-XKX-SRB.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000

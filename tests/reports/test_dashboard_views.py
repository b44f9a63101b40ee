"""View models of the dashboard pages, on the default store (values read from the real data)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import altair as alt
import pytest

from powderkeg.claims import Check, CheckReport, Claim
from powderkeg.indicators.register import profile
from powderkeg.reports import views
from powderkeg.reports.charts import WESTERN_BALKANS
from powderkeg.store import Store


@pytest.fixture(scope="module")
def store(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A read-only copy: DuckDB refuses read-only and read-write opens of one file at once."""
    copy = tmp_path_factory.mktemp("views-store") / "powderkeg.duckdb"
    shutil.copyfile(default_db, copy)
    with Store(copy, read_only=True) as opened:
        yield opened


def test_country_spending_records_carry_their_provenance(store: Store) -> None:
    view = views.country(store, "XKX")
    latest = next(
        r for r in view["spending"] if r["year"] == 2024 and r["measure"] == "current_usd"
    )
    assert round(latest["value"] / 1e6, 2) == 165.66  # Kosovo, 2024, current US$ (SIPRI)
    assert latest["dataset"] == "SIPRI Military Expenditure Database"
    assert latest["locator"]
    assert latest["vintage"]
    assert {r["measure"] for r in view["spending"]} == set(views.COUNTRY_MEASURES)


def test_country_profile_keeps_the_pillar_order(store: Store) -> None:
    pillars = [group["pillar"] for group in views.country(store, "XKX")["profile"]]
    expected = list(dict.fromkeys(profile(store, "XKX")["pillar"]))
    assert pillars == expected
    assert pillars[0] == "spending"


def test_a_country_without_data_has_empty_sections_and_reasons(store: Store) -> None:
    view = views.country(store, "ISL")
    assert view["spending"] == []
    assert view["profile"] == []
    assert all(chart["svg"] is None and chart["missing"] for chart in view["charts"])


def test_dyad_incidents_have_positions_in_the_region(store: Store) -> None:
    incidents = views.dyad(store, "XKX", "SRB")["incidents"]
    banjska = next(i for i in incidents if i["record_id"] == "xkx-banjska-attack-2023")
    assert (banjska["lat"], banjska["lon"]) == (42.9733, 20.7808)  # incidents.yaml
    for incident in incidents:
        assert WESTERN_BALKANS.south <= incident["lat"] <= WESTERN_BALKANS.north
        assert WESTERN_BALKANS.west <= incident["lon"] <= WESTERN_BALKANS.east
        assert incident["source"]
        assert incident["locator"].startswith("incidents.yaml")


def test_dyad_draws_every_chart(store: Store) -> None:
    charts = {c["name"]: c for c in views.dyad(store, "XKX", "SRB")["charts"]}
    assert set(charts) == {
        "spending",
        "share_of_gdp",
        "timeline",
        "arms_imports_XKX",
        "arms_imports_SRB",
        "incidents_map",
    }
    assert all(c["svg"].startswith("<svg") for c in charts.values())


def test_overview_ranks_on_the_latest_share_of_gdp(store: Store) -> None:
    view = views.overview(store)
    latest = max(
        c["latest"]["share_gdp"]["year"] for c in view["countries"] if c["latest"]["share_gdp"]
    )
    assert view["ranking"]["year"] == latest
    assert [c["id"] for c in view["countries"]] == ["ALB", "BIH", "HRV", "XKX", "MNE", "MKD", "SRB"]


def test_register_view_keeps_the_asked_kinds(store: Store) -> None:
    view = views.register(store, ["XKX"], since=2020, kinds=["exercises"])
    assert view["timeline"]
    assert {i["kind"] for i in view["timeline"]} == {"exercises"}


def test_licences_name_each_dataset_once_with_its_vintages(store: Store) -> None:
    lines = views.licences(store)
    wdi = next(line for line in lines if line["dataset"] == "World Development Indicators")
    assert len(wdi["vintages"]) == len(set(wdi["vintages"])) >= 2
    assert lines[-1] == views.MAP_LICENCE


def test_the_same_chart_is_rendered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[object] = []
    original = views.to_svg
    monkeypatch.setattr(views, "to_svg", lambda chart: rendered.append(chart) or original(chart))

    def chart(values: list[int]) -> alt.Chart:
        data = alt.InlineData(values=[{"x": v} for v in values])
        return (
            alt.Chart(data, title="cache test", description="cache test")
            .mark_point()
            .encode(x="x:Q")
        )

    first = views.svg_of(chart([17, 29, 31]))
    assert views.svg_of(chart([17, 29, 31])) == first
    views.svg_of(chart([17, 29, 37]))
    assert len(rendered) == 2


def _claim(claim_id: str, span: tuple[int, int]) -> Claim:
    return Claim(
        id=claim_id, span=span, raw="", number="", kind="money", value=1.0, unit="EUR",
        precision=0.5,
    )  # fmt: skip


def _check(verdict: str, *claim_ids: str) -> Check:
    return Check(
        kind="k", basis="internal", verdict=verdict, claim_ids=claim_ids,  # type: ignore[arg-type]
        spans=(), stated=None, recomputed=None, explanation=f"{verdict} because",
    )  # fmt: skip


def test_segments_rebuild_the_text_and_mark_each_claim() -> None:
    text = "<b>100</b> rose to 110, a 10% rise."
    report = CheckReport(
        text=text,
        claims=(_claim("c1", (3, 6)), _claim("c2", (19, 22)), _claim("c3", (26, 29))),
        checks=(_check("inconsistent", "c1", "c2"), _check("consistent", "c1", "c3")),
    )
    parts = views.segments(report)
    assert "".join(part["text"] for part in parts) == text
    marked = {part["claim"]: part for part in parts if part["claim"]}
    assert marked["c1"]["verdict"] == "inconsistent"  # inconsistent wins over consistent
    assert (
        marked["c1"]["explanation"]
        == "inconsistent: inconsistent because\nconsistent: consistent because"
    )
    assert marked["c3"]["verdict"] == "consistent"
    assert marked["c2"]["text"] == "110"


def test_segments_skip_a_claim_overlapping_an_earlier_one() -> None:
    report = CheckReport(text="abcdefgh", claims=(_claim("a", (1, 5)), _claim("b", (3, 7))))
    parts = views.segments(report)
    assert [p["claim"] for p in parts] == [None, "a", None]
    assert "".join(p["text"] for p in parts) == "abcdefgh"
    assert parts[1]["verdict"] == "unchecked"

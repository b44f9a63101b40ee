"""The JSON twins: the pages' data with provenance, shaped as the OpenAPI description says."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

import powderkeg
from powderkeg.api import dashboard
from powderkeg.api import source_files as stored_sources
from powderkeg.web import schemas

TWINS: list[tuple[str, type[BaseModel]]] = [
    ("/api/overview", schemas.OverviewView),
    ("/api/country/XKX", schemas.CountryView),
    ("/api/dyad/XKX/SRB", schemas.DyadView),
    ("/api/compare", schemas.CompareView),
    ("/api/register", schemas.RegisterView),
    ("/api/sources", schemas.SourcesView),
]
PROVENANCE = ("dataset", "source", "vintage", "locator", "flags", "method")


@pytest.mark.parametrize(("path", "shape"), TWINS)
def test_json_twin_has_exactly_the_documented_shape(
    client: TestClient, path: str, shape: type[BaseModel]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    shape.model_validate(response.json())  # extra keys are refused: the docs stay true


def test_openapi_names_each_twins_shape(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    answer = spec["paths"]["/api/country/{entity}"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/CountryView")
    assert "ErrorBody" in spec["components"]["schemas"]


def test_country_twin_equals_the_python_api_view(client: TestClient, default_db: Path) -> None:
    expected = dashboard.json_twin(dashboard.country_view("kosovo", db=default_db))
    assert client.get("/api/country/XKX").json() == expected


def test_spending_records_keep_their_provenance_columns(client: TestClient) -> None:
    records = client.get("/api/dyad/XKX/SRB").json()["spending"]
    assert {r["entity"] for r in records} == {"XKX", "SRB"}
    for record in records:
        assert all(column in record for column in PROVENANCE)
        assert record["dataset"]
        assert record["vintage"]
        assert record["locator"]


def test_spending_values_match_powderkeg_spending(client: TestClient, default_db: Path) -> None:
    stored = powderkeg.spending("SRB", measure="constant_usd", db=default_db)
    records = client.get("/api/dyad/XKX/SRB").json()["spending"]
    shown = {
        r["year"]: r["value"]
        for r in records
        if r["entity"] == "SRB" and r["measure"] == "constant_usd"
    }
    assert shown == dict(zip(stored["year"], stored["value"], strict=True))


def test_arms_imports_add_up_to_the_transfers_by_supplier(
    client: TestClient, default_db: Path
) -> None:
    rows = client.get("/api/dyad/XKX/SRB").json()["arms_imports"]
    summed: dict[str, float] = {}
    for row in rows:
        if row["recipient"] == "SRB":
            summed[row["supplier"]] = summed.get(row["supplier"], 0.0) + row["tiv"]
    expected = powderkeg.transfers(recipient="SRB", by="supplier", db=default_db)
    assert summed.keys() == set(expected["supplier"])
    for supplier, tiv in zip(expected["supplier"], expected["tiv"], strict=True):
        assert summed[supplier] == pytest.approx(tiv, abs=0.01)
    assert all(row["unit"].startswith("TIV") for row in rows)


def test_compare_defaults_to_the_latest_year_with_values(client: TestClient) -> None:
    view = client.get("/api/compare").json()
    assert view["year"] == view["years"][0] == max(view["years"])
    ranks = [row["rank"] for row in view["ranking"]]
    assert ranks == sorted(ranks)
    assert view["region_median"] == view["ranking"][0]["region_median"]


def test_compare_answers_for_a_chosen_year_and_measure(
    client: TestClient, default_db: Path
) -> None:
    view = client.get("/api/compare?year=2022&measure=current_usd").json()
    expected = powderkeg.compare(year=2022, measure="current_usd", db=default_db)
    assert [row["entity"] for row in view["ranking"]] == list(expected["entity"])


def test_sources_list_every_snapshot_with_licence_and_digest(
    client: TestClient, default_db: Path
) -> None:
    view = client.get("/api/sources").json()
    expected = stored_sources(db=default_db)
    assert {row["sha256"] for row in view["snapshots"]} == set(expected["sha256"])
    assert all(row["licence"] and len(row["sha256"]) == 64 for row in view["snapshots"])
    assert view["collections"]
    assert view["collections"][0]["collection"] == "bundled"


def test_check_of_the_essay_equals_the_python_api_report(
    client: TestClient, essay: str, default_db: Path
) -> None:
    answer = client.post("/api/check", json={"text": essay}).json()
    report = powderkeg.check(essay, db=default_db).to_dict()
    assert answer["checks"] == report["checks"]
    assert answer["claims"] == report["claims"]
    assert answer["counts"]["inconsistent"] >= 1
    assert answer["counts"]["consistent"] >= 1
    assert answer["origin"] == "pasted text"


@pytest.mark.parametrize(
    "send",
    [
        {"data": {"text": "Kosovo spent 100 million EUR in 2023 and 110 million EUR in 2024."}},
        {
            "files": {
                "file": (
                    "note.txt",
                    b"Kosovo spent 100 million EUR in 2023 and 110 million EUR in 2024.",
                    "text/plain",
                )
            }
        },
        {
            "content": b"Kosovo spent 100 million EUR in 2023 and 110 million EUR in 2024.",
            "headers": {"content-type": "text/plain; charset=utf-8"},
        },
    ],
    ids=["form-text", "upload", "text-plain"],
)
def test_check_takes_a_form_an_upload_or_plain_text(
    client: TestClient, send: dict[str, object]
) -> None:
    response = client.post("/api/check", **send)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert [claim["value"] for claim in response.json()["claims"]][:2] == [100e6, 110e6]


def test_uploaded_html_is_checked_as_its_text(client: TestClient) -> None:
    page = b"<html><body><p>Serbia spent <b>2.6%</b> of GDP in 2024.</p></body></html>"
    answer = client.post("/api/check", files={"file": ("a.html", page, "text/html")}).json()
    assert "<b>" not in answer["text"]
    assert "2.6%" in answer["text"]
    assert answer["origin"] == "a.html"


LOCAL_CURRENCY = {"local_currency", "local_currency_fy"}


@pytest.mark.parametrize("measure", sorted(set(powderkeg.measures()) - LOCAL_CURRENCY))
def test_compare_answers_every_measure_in_its_latest_year(client: TestClient, measure: str) -> None:
    view = client.get(f"/api/compare?measure={measure}").json()
    assert view["measure"] == measure
    assert view["ranking"]
    assert all(row["year"] == view["year"] for row in view["ranking"])
    assert client.get(f"/compare?measure={measure}").status_code == 200


@pytest.mark.parametrize("measure", sorted(LOCAL_CURRENCY))
def test_compare_refuses_to_rank_across_currencies(client: TestClient, measure: str) -> None:
    answer = client.get(f"/api/compare?measure={measure}")
    assert answer.status_code == 400
    assert "currencies" in answer.json()["detail"]

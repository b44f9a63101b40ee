"""Safety: escaped user text, a 2 MB limit, 4xx JSON errors, no traceback, headers, read-only."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from powderkeg.api.dashboard import Dashboard
from powderkeg.web import create_app
from powderkeg.web.guards import LIMIT_BYTES

INJECTION = "<script>alert('pwned')</script> Kosovo spent 100 million EUR in 2023."


def _is_error(response: object, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/json"  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error", "detail"}
    assert body["detail"]
    assert "Traceback" not in body["detail"]
    return body  # type: ignore[no-any-return]


# --- escaping --------------------------------------------------------------------------------


def test_a_pasted_script_shows_as_text(client: TestClient) -> None:
    html = client.post("/check", data={"text": INJECTION}).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html


def test_an_uploaded_script_shows_as_text(client: TestClient) -> None:
    upload = {"file": ("evil.txt", INJECTION.encode(), "text/plain")}
    html = client.post("/check", files=upload).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_an_unknown_entity_in_the_path_is_escaped_on_the_error_page(client: TestClient) -> None:
    response = client.get("/country/<b>bold</b>", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<b>bold</b>" not in response.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.text


# --- size limit ------------------------------------------------------------------------------


def test_a_declared_body_over_2_mb_is_413_before_it_is_read(client: TestClient) -> None:
    body = _is_error(
        client.post(
            "/api/check",
            content=b"x" * (LIMIT_BYTES + 1),
            headers={"content-type": "text/plain"},
        ),
        413,
    )
    assert "2 MB" in body["detail"]


def test_a_streamed_body_over_2_mb_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: only counting the bytes can tell
        for _ in range(3):
            yield b"y" * 1_000_000

    response = client.post("/api/check", content=chunks(), headers={"content-type": "text/plain"})
    _is_error(response, 413)


def test_an_upload_over_2_mb_is_413_on_the_page_too(client: TestClient) -> None:
    upload = {"file": ("big.txt", b"z" * (LIMIT_BYTES + 10), "text/plain")}
    _is_error(client.post("/check", files=upload), 413)


def test_a_body_just_under_the_limit_is_read(client: TestClient) -> None:
    text = ("Kosovo spent 100 million EUR in 2023. " * 40_000)[: LIMIT_BYTES - 100]
    response = client.post(
        "/api/check", content=text.encode(), headers={"content-type": "text/plain"}
    )
    assert response.status_code == 200


# --- malformed requests ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/compare?year=abc", 422),
        ("/api/compare?year=1800", 422),
        ("/compare?year=20x4", 422),
        ("/api/register?since=soon", 422),
        ("/api/country/ATLANTIS", 404),
        ("/country/ATLANTIS", 404),
        ("/api/dyad/XKX/NARNIA", 404),
        ("/api/dyad/XKX/kosovo", 400),
        ("/api/register?entities=XKX,ATLANTIS", 404),
        ("/api/compare?measure=happiness", 400),
        ("/api/compare?region=middle-earth", 400),
        ("/api/compare?year=1950", 400),
        ("/api/register?kinds=rumours", 400),
        ("/api/register?entities=,", 400),
        ("/no/such/page", 404),
    ],
)
def test_a_malformed_get_is_a_4xx_json_error(client: TestClient, path: str, status: int) -> None:
    _is_error(client.get(path), status)


@pytest.mark.parametrize(
    ("send", "status"),
    [
        ({"data": {"article": "Kosovo spent 5 million"}}, 400),
        ({"data": {"text": "   "}}, 400),
        (
            {
                "data": {"text": "pasted"},
                "files": {"file": ("a.txt", b"uploaded", "text/plain")},
            },
            400,
        ),
        ({"files": {"file": ("latin1.txt", b"caf\xe9 100 million EUR", "text/plain")}}, 400),
        ({"files": {"file": ("broken.txt", b"\xff\xfe\x41\x00\x42", "text/plain")}}, 400),
        ({"files": {"file": ("blob.bin", b"\x00\x01\x02binary", "text/plain")}}, 400),
        ({"files": {"file": ("empty.txt", b"", "text/plain")}}, 400),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
        ({"json": {"body": "wrong key"}}, 400),
        ({"json": ["a", "list"]}, 400),
        ({"content": b"<x/>", "headers": {"content-type": "application/xml"}}, 415),
        ({"content": b"no type at all"}, 415),
    ],
    ids=[
        "wrong-field",
        "blank-text",
        "text-and-file",
        "not-utf8",
        "broken-utf16",
        "binary",
        "empty-file",
        "bad-json",
        "json-wrong-key",
        "json-not-object",
        "xml",
        "no-content-type",
    ],
)
def test_a_malformed_check_is_a_4xx_json_error(
    client: TestClient, send: dict[str, object], status: int
) -> None:
    _is_error(client.post("/api/check", **send), status)  # type: ignore[arg-type]


def test_a_wrong_method_is_a_405_json_error(client: TestClient) -> None:
    _is_error(client.post("/api/overview"), 405)


def test_a_forced_internal_error_reveals_nothing(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Dashboard) -> object:
        raise RuntimeError("secret internals at /home/someone/.config")

    monkeypatch.setattr(Dashboard, "overview", broken)
    with TestClient(create_app(web_db, warm_up=False), raise_server_exceptions=False) as client:
        for path in ("/api/overview", "/"):
            response = client.get(path)
            body = _is_error(response, 500)
            assert body["error"] == "internal error"
            assert "secret" not in response.text
            assert "RuntimeError" not in response.text
            assert "content-security-policy" in response.headers


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/api/overview", "/static/style.css", "/api/country/NOWHERE", "/nope"]
)
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"


# --- read-only -------------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_endpoint_writes_to_the_store(default_db: Path, tmp_path: Path, essay: str) -> None:
    db = tmp_path / "powderkeg.duckdb"
    shutil.copyfile(default_db, db)
    app = create_app(db, warm_up=False)
    before, modified = _digest(db), db.stat().st_mtime_ns
    with TestClient(app) as client:
        for path in (
            "/", "/country/XKX", "/dyad/XKX/SRB", "/compare", "/register", "/sources",
            "/api/overview", "/api/country/SRB", "/api/dyad/SRB/XKX", "/api/compare",
            "/api/register", "/api/sources",
        ):  # fmt: skip
            assert client.get(path).status_code == 200
        assert client.post("/api/check", json={"text": essay}).status_code == 200
    assert _digest(db) == before
    assert db.stat().st_mtime_ns == modified
    assert sorted(p.name for p in tmp_path.iterdir()) == ["powderkeg.duckdb"]


def test_a_missing_store_is_created_once_at_start(tmp_path: Path) -> None:
    db = tmp_path / "new" / "powderkeg.duckdb"
    app = create_app(db, warm_up=False)
    assert db.exists()
    with TestClient(app) as client:
        countries = client.get("/api/overview").json()["countries"]
    assert len(countries) == 7

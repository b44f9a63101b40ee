"""`powderkeg check`: the essay in every format; bad input exits non-zero without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

import powderkeg
from powderkeg import FetchError

ESSAY = "militarization-of-kosovo.txt"


def test_check_json_follows_the_contract(cli, db: Path, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", str(shared_data.parent / "articles" / ESSAY), "-f", "json", "--db", str(db))
    assert run.code == 0, run.err
    document = json.loads(run.out)
    text = document["text"]
    for claim in document["claims"]:
        start, end = claim["span"]
        assert 0 <= start < end <= len(text)
    verdicts = {check["verdict"] for check in document["checks"]}
    assert verdicts == {"consistent", "inconsistent", "unverifiable"}


def test_check_table_names_verdicts(cli, db: Path, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", str(shared_data.parent / "articles" / ESSAY), "--db", str(db))
    assert run.code == 0, run.err
    assert "inconsistent" in run.out
    assert "projection" in run.out


def test_check_html_escapes_the_article(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text(
        "<script>alert(1)</script> Spending rose from 100 million EUR to 110 million EUR, a 10% rise."
    )
    out = tmp_path / "a.html"
    run = cli("check", str(article), "-f", "html", "--out", str(out), "--db", str(db))
    assert run.code == 0, run.err
    page = out.read_text("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert 'class="consistent"' in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("binary.txt", bytes(range(256)) * 4),
        ("huge.txt", b"a" * (10 * 1024 * 1024 + 1)),
    ],
)
def test_bad_articles_exit_2(cli, db: Path, tmp_path: Path, name: str, content: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    run = cli("check", str(path), "--db", str(db))
    assert run.code == 2
    assert name in run.err
    assert "Traceback" not in run.err


def test_odd_numbers_and_broken_html_do_not_crash(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "odd.html"
    path.write_text("<html><body><p>Version 1.2.3 costs <b>$5 million <i>or 20%</p></div>")
    run = cli("check", str(path), "-f", "json", "--db", str(db))
    assert run.code == 0, run.err
    assert json.loads(run.out)["text"]


def test_a_url_that_returns_an_error(db: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, text="boom")

    with httpx.Client(transport=httpx.MockTransport(handler)) as client, pytest.raises(FetchError):
        powderkeg.check_source("https://example.org/article", client=client, db=db)

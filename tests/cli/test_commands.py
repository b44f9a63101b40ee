"""The CLI's data commands: formats, and the same answers as the API."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.conftest import Run

JSON_KEYS = {"entity", "year", "measure", "value", "unit", "currency", "vintage", "source"}


def test_spending_json_rows_carry_provenance(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run: Run = cli(
        "spending",
        "XKX",
        "SRB",
        "--measure",
        "current_usd",
        "--from",
        "2015",
        "--format",
        "json",
        "--db",
        str(db),
    )
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert set(rows[0]) >= JSON_KEYS
    kosovo_2023 = [r for r in rows if r["entity"] == "XKX" and r["year"] == 2023]
    assert round(kosovo_2023[0]["value"] / 1e6, 2) == 133.19
    assert {r["entity"] for r in rows} == {"XKX", "SRB"}
    assert min(r["year"] for r in rows) == 2015


def test_spending_csv_has_a_header_and_rows(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "spending",
        "SRB",
        "--measure",
        "share_gdp",
        "--year",
        "2023",
        "--all-vintages",
        "--format",
        "csv",
        "--db",
        str(db),
    )
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert {row["vintage"] for row in rows} >= {"2024"}
    assert any(round(float(row["value"]), 2) == 2.85 for row in rows)
    assert any(round(float(row["value"]), 2) == 2.21 for row in rows)


def test_spending_table_shows_both_vintages(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "spending",
        "SRB",
        "--measure",
        "share_gdp",
        "--year",
        "2023",
        "--all-vintages",
        "--db",
        str(db),
    )
    assert run.code == 0, run.err
    assert "2.85 %" in run.out
    assert "2.21 %" in run.out


def test_compare_ranks_kosovo_below_the_median(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "compare",
        "--region",
        "western-balkans",
        "--year",
        "2023",
        "--measure",
        "share_gdp",
        "--format",
        "json",
        "--db",
        str(db),
    )
    assert run.code == 0, run.err
    rows = {row["entity"]: row for row in json.loads(run.out)}
    assert rows["XKX"]["below_median"] is True


def test_explain_prints_file_digest_and_cell(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("explain", "XKX", "current_usd", "2023", "--db", str(db))
    assert run.code == 0, run.err
    assert "sha256: 0cbbe317" in run.out
    assert "sheet=Current US$!" in run.out


def test_sources_lists_every_bundled_snapshot(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("sources", "--format", "json", "--db", str(db))
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert {row["source"] for row in rows} == {
        "sipri_milex",
        "owid_grapher",
        "wb_wdi",
        "sipri_arms",
        "ucdp_prio",
    }
    assert all(len(row["sha256"]) == 64 and row["licence"] for row in rows)


def test_unknown_entity_exits_2_without_traceback(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("spending", "Atlantis", "--db", str(db))
    assert run.code == 2
    assert "Atlantis" in run.err
    assert "Traceback" not in run.err


def test_every_command_has_help_and_a_doc_entry(cli) -> None:  # type: ignore[no-untyped-def]
    from powderkeg.cli.app import app

    reference = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    names = [
        command.name or command.callback.__name__
        for command in app.registered_commands
        if not command.hidden
    ]
    for name in names:
        run = cli(name, "--help")
        assert run.code == 0, name
        assert "Usage" in run.out, name
        assert f"powderkeg {name}" in reference, f"docs/cli.md lacks `powderkeg {name}`"

"""The escalation and alerts commands (powderkeg.cli.events), run through a Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from powderkeg.cli import events

app = typer.Typer()
app.command()(events.escalation)
app.command()(events.alerts)
app.command("ingest-incidents")(events.ingest_incidents)


@pytest.fixture
def run(powderkeg_home: Path, default_db: Path) -> CliRunner:
    return CliRunner()


def test_escalation_table_shows_weeks_with_data_and_the_missing_gdelt_note(
    run: CliRunner, default_db: Path
) -> None:
    args = ["escalation", "XKX", "SRB", "--since", "2023-09", "--db", str(default_db)]
    result = run.invoke(app, args, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "2023-09-18" in result.stdout
    assert "no GDELT events ingested" in result.stderr


def test_escalation_csv_has_every_period_and_column(run: CliRunner, default_db: Path) -> None:
    args = ["escalation", "XKX", "SRB", "--from", "2023-09-01", "--to", "2023-09-30"]
    result = run.invoke(app, [*args, "--format", "csv", "--db", str(default_db)])
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("period,a,b,events,")
    assert [line.split(",")[0] for line in lines[1:]] == [
        "2023-08-28", "2023-09-04", "2023-09-11", "2023-09-18", "2023-09-25",
    ]  # fmt: skip


def test_alerts_json_is_strict_json_even_for_infinite_scores(
    run: CliRunner, default_db: Path
) -> None:
    args = ["alerts", "XKX", "SRB", "--since", "2023", "--format", "json", "--db", str(default_db)]
    result = run.invoke(app, args)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert "2023-09-18" in [alert["period"] for alert in found]


def test_ingest_incidents_refuses_an_unknown_source(run: CliRunner, tmp_path: Path) -> None:
    result = run.invoke(app, ["ingest-incidents", "acled", str(tmp_path / "x.csv")])
    assert result.exit_code == 2

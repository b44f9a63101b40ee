"""Register commands: profile, timeline, transfers; user records added, refused and removed."""

from __future__ import annotations

import json
from pathlib import Path

from powderkeg.store import Store

USER_RECORDS = """\
kind: exercises
records:
  - id: user-drill-2025
    name: Example drill
    participants: [XKX, USA]
    host: XKX
    start: "2025-06-01"
    end: "2025-06-05"
    location: Pristina
    description: A user's own record for the test.
    confidence: low
    sources:
      - url: https://example.org/drill
        publisher: Example
        date: "2025-06-06"
"""


def user_records(db: Path) -> int:
    with Store(db) as store:
        return int(store.scalar("SELECT count(*) FROM register_records WHERE provenance = 'user'"))


def bundled_records(db: Path) -> int:
    with Store(db) as store:
        return int(
            store.scalar("SELECT count(*) FROM register_records WHERE provenance = 'bundled'")
        )


def test_profile_json_has_every_pillar(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("profile", "XKX", "--format", "json", "--db", str(db))
    assert run.code == 0, run.err
    pillars = {row["pillar"] for row in json.loads(run.out)}
    assert {"spending", "rearmament", "force plans", "defence industry"} <= pillars
    assert {"alliances", "drills", "incidents"} <= pillars


def test_timeline_table_runs_for_the_pair(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("timeline", "XKX", "SRB", "--since", "2018", "--db", str(db))
    assert run.code == 0, run.err
    assert "Bayraktar TB2" in run.out


def test_transfers_csv_by_category(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "transfers", "--recipient", "XKX", "--by", "category", "--format", "csv", "--db", str(db)
    )
    assert run.code == 0, run.err
    assert run.out.splitlines()[0].startswith("category,tiv")


def test_add_then_remove_user_records(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.yaml"
    path.write_text(USER_RECORDS)
    bundled = bundled_records(db)
    assert cli("add", str(path), "--db", str(db)).code == 0
    assert user_records(db) == 1
    again = cli("add", str(path), "--db", str(db))
    assert again.code == 0
    assert user_records(db) == 1
    timeline = cli("timeline", "XKX", "--kinds", "exercises", "--format", "json", "--db", str(db))
    assert "user-drill-2025" in timeline.out
    assert cli("remove", "mine.yaml", "--db", str(db)).code == 0
    assert user_records(db) == 0
    assert bundled_records(db) == bundled


def test_bad_user_records_load_nothing(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.yaml"
    path.write_text(
        USER_RECORDS.replace("host: XKX", "host: ATLANTIS").replace('"2025-06-05"', '"2025-13-05"')
    )
    run = cli("add", str(path), "--db", str(db))
    assert run.code == 2
    assert "bad.yaml" in run.err
    assert "user-drill-2025" in run.err
    assert "Traceback" not in run.err
    assert user_records(db) == 0


def test_a_user_record_cannot_take_a_bundled_id(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "clash.yaml"
    path.write_text(USER_RECORDS.replace("user-drill-2025", "xkx-javelin-2024"))
    run = cli("add", str(path), "--db", str(db))
    assert run.code == 2
    assert "xkx-javelin-2024" in run.err
    assert user_records(db) == 0


def test_the_bundled_records_cannot_be_removed(cli, db: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("remove", "bundled", "--db", str(db))
    assert run.code == 2
    assert bundled_records(db) > 0

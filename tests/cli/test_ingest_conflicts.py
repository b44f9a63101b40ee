"""`powderkeg ingest ucdp_prio`: the real file completes the bundled extract; bad files change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from powderkeg.store import Store

REAL = "ucdp/UcdpPrioConflict_v25_1_semicolon.csv"


def _conflict_rows(db: Path) -> int:
    with Store(db) as store:
        return int(store.scalar("SELECT count(*) FROM conflict_years") or 0)


@pytest.mark.shared_data
def test_real_file_adds_what_the_bundle_lacked(cli, db: Path, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    bundled = _conflict_rows(db)
    run = cli("ingest", "ucdp_prio", str(shared_data / REAL), "--format", "json", "--db", str(db))
    assert run.code == 0, run.err
    (report,) = json.loads(run.out)
    # 2,752 record lines: 2,750 conflict-years, and one (China–ETIM 2008) split over two, skipped.
    assert report["rows_read"] == 2750
    assert report["vintage"] == "25.1"
    assert not report["new_snapshot"]  # the bundle was cut from this very file
    assert report["rows_added"] == 2750 - bundled > 0
    assert _conflict_rows(db) == 2750
    again = cli("ingest", "ucdp_prio", str(shared_data / REAL), "--format", "json", "--db", str(db))
    assert json.loads(again.out)[0]["rows_added"] == 0


def test_a_csv_with_other_columns_is_refused(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "not_ucdp.csv"
    path.write_text("country;year;deaths\nSerbia;1998;2000\n", encoding="utf-8")
    with Store(db) as store:
        before = store.scalar("SELECT count(*) FROM snapshots")
    rows = _conflict_rows(db)
    run = cli("ingest", "ucdp_prio", str(path), "--db", str(db))
    assert run.code == 2, (run.out, run.err)
    assert "not_ucdp.csv" in run.err
    assert "Traceback" not in run.err
    assert _conflict_rows(db) == rows
    with Store(db) as store:
        assert store.scalar("SELECT count(*) FROM snapshots") == before

"""Bad input: one clear message naming file and place, exit code 2, the store unchanged."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from powderkeg.store import Store

MILEX = "sipri_milex/SIPRI-Milex-data-1949-2023.xlsx"
OWID_SHARE = "sipri_milex/owid_military-spending-as-a-share-of-gdp-sipri_1949-2024.csv"


def counts(db: Path) -> tuple[int, int, int]:
    with Store(db) as store:
        return (
            store.scalar("SELECT count(*) FROM observations"),
            store.scalar("SELECT count(*) FROM snapshots"),
            store.scalar("SELECT count(*) FROM ingests"),
        )


def assert_refused(run, db: Path, before: tuple[int, int, int], *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert run.code == 2, (run.out, run.err)
    assert "Traceback" not in run.err
    for needle in needles:
        assert needle in run.err, f"{needle!r} not in {run.err!r}"
    assert counts(db) == before


def test_truncated_workbook(cli, db: Path, tmp_path: Path, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes((shared_data / MILEX).read_bytes()[:200_000])
    before = counts(db)
    assert_refused(cli("ingest", "sipri_milex", str(cut), "--db", str(db)), db, before, "cut.xlsx")


def test_html_page_saved_as_workbook(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.xlsx"
    page.write_text("<!DOCTYPE html><html><head><title>Access denied</title></head></html>")
    before = counts(db)
    run = cli("ingest", "sipri_milex", str(page), "--db", str(db))
    assert_refused(run, db, before, "page.xlsx")
    assert "HTML" in run.err or "html" in run.err


def test_workbook_with_wrong_sheets(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    book.active.title = "Not SIPRI"
    path = tmp_path / "wrong.xlsx"
    book.save(path)
    before = counts(db)
    run = cli("ingest", "sipri_milex", str(path), "--db", str(db))
    assert_refused(run, db, before, "wrong.xlsx", "Current US$")


def test_unmapped_countries_are_all_listed(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "owid.csv"
    path.write_text(
        "Entity,Code,Year,Military expenditure (% of GDP),World region according to OWID\n"
        "Atlantis,ATL,2023,1.5,Europe\nKosovo,OWID_KOS,2023,1.1,Europe\nNarnia,,2023,2.0,Europe\n"
    )
    before = counts(db)
    run = cli("ingest", "owid_grapher", str(path), "--db", str(db))
    assert_refused(run, db, before, "owid.csv", "Atlantis", "Narnia")


def test_csv_with_the_wrong_columns(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "other.csv"
    path.write_text("country,year,tanks\nKosovo,2023,0\n")
    before = counts(db)
    assert_refused(
        cli("ingest", "owid_grapher", str(path), "--db", str(db)), db, before, "other.csv"
    )


def test_html_page_saved_as_world_bank_csv(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "API_NY.GDP.MKTP.CD.csv"
    path.write_text("<html><body>Service unavailable</body></html>")
    before = counts(db)
    assert_refused(cli("ingest", "wb_wdi", str(path), "--db", str(db)), db, before, "API_NY")


def test_missing_file(cli, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = counts(db)
    run = cli("ingest", "wb_wdi", str(tmp_path / "nope.csv"), "--db", str(db))
    assert_refused(run, db, before, "nope.csv")


def test_the_same_file_twice_adds_nothing_the_full_file_adds_the_rest(  # type: ignore[no-untyped-def]
    cli, db: Path, shared_data: Path
) -> None:
    first = cli("ingest", "owid_grapher", str(shared_data / OWID_SHARE), "--db", str(db))
    again = cli("ingest", "owid_grapher", str(shared_data / OWID_SHARE), "--db", str(db))
    assert first.code == again.code == 0
    assert " 0 new" not in first.out  # the bundle held only its countries; the rest are new
    assert " 0 new" in again.out


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import powderkeg.store.load as load
    real = load._record_ingest
    def pause(*args, **kwargs):
        real(*args, **kwargs)
        print("INSIDE-TRANSACTION", flush=True)
        time.sleep(120)
    load._record_ingest = pause
    from powderkeg.cli.app import main
    sys.exit(main(["ingest", "sipri_milex", sys.argv[1], "--db", sys.argv[2]]))
    """
)


def test_kill_9_during_an_ingest_leaves_the_store_as_before(  # type: ignore[no-untyped-def]
    cli, db: Path, tmp_path: Path, shared_data: Path
) -> None:
    workbook = tmp_path / "milex.xlsx"
    shutil.copy(shared_data / MILEX, workbook)
    before = counts(db)
    child = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(workbook), str(db)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert "INSIDE-TRANSACTION" in line
    child.kill()
    child.wait(timeout=30)
    assert counts(db) == before
    rerun = cli("ingest", "sipri_milex", str(workbook), "--db", str(db))
    assert rerun.code == 0, rerun.err
    assert counts(db)[0] > before[0]


@pytest.mark.parametrize("source", ["nonsense", "milex"])
def test_unknown_source_exits_2(cli, db: Path, tmp_path: Path, source: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.csv"
    path.write_text("a\n")
    run = cli("ingest", source, str(path), "--db", str(db))
    assert run.code == 2
    assert "unknown source" in run.err

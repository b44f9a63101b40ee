"""Armed conflicts (UCDP/PRIO) in the register views of the bundled store: timeline and profile."""

from __future__ import annotations

from pathlib import Path

import powderkeg


def test_pair_timeline_holds_the_kosovo_war_of_1998_and_1999(default_db: Path) -> None:
    frame = powderkeg.timeline("XKX", "SRB", db=default_db)
    kosovo = frame[frame["record_id"].str.startswith("ucdp-prio-412-")]
    # v25.1, conflict 412: 1998 and 1999 both at intensity 2; the episode began 6 March 1998.
    assert list(kosovo["date"]) == ["1998-03-06", "1999"]
    assert set(kosovo["kind"]) == {"conflicts"}
    for title in kosovo["title"]:
        assert title.startswith(
            "UCDP/PRIO armed conflict 412: Government of Serbia (Yugoslavia) vs UCK over Kosovo"
        )
        assert title.endswith("war (≥ 1,000 battle-related deaths)")
    assert kosovo["source"].str.startswith("UCDP/PRIO Armed Conflict Dataset v25.1").all()
    assert list(kosovo["locator"]) == ["line=2559", "line=2560"]


def test_minor_conflict_years_say_so(default_db: Path) -> None:
    frame = powderkeg.timeline("MKD", kinds=["conflicts"], db=default_db)
    # Conflict 417 (North Macedonia vs UCK, 2001) was fought over government at intensity 1.
    assert list(frame["record_id"]) == ["ucdp-prio-417-2001"]
    title = frame["title"].iloc[0]
    assert "over government" in title
    assert title.endswith("minor (25–999 battle-related deaths)")


def test_conflicts_kind_alone_and_since(default_db: Path) -> None:
    frame = powderkeg.timeline("BIH", kinds=["conflicts"], since=1994, db=default_db)
    assert set(frame["kind"]) == {"conflicts"}
    years = frame["date"].str.slice(0, 4).astype(int)
    assert years.min() == 1994
    assert years.max() == 1995


def test_profile_has_one_armed_conflict_line_per_conflict(default_db: Path) -> None:
    frame = powderkeg.profile("XKX", db=default_db)
    lines = frame[frame["pillar"] == "armed conflict"]
    assert list(lines["date"]) == ["1998–1999"]
    assert "conflict 412" in lines["item"].iloc[0]
    assert "2 conflict-year(s), 2 at war level" in lines["item"].iloc[0]
    assert lines["reference"].iloc[0] == "line=2559; line=2560"

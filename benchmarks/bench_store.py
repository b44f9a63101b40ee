"""Store benchmarks (issue 2): CLI start-up vs a bare Typer app, default store build, warm query.

Prints one JSON object. Goals: cold `powderkeg --help` ≤ 1.5× the bare Typer app; building the
default store ≤ 15 s; a warm `spending` query ≤ 0.5 s.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from measure import time_call, time_command

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def startup() -> dict[str, object]:
    bare = time_command([sys.executable, str(HERE / "bare_typer_app.py"), "--help"], repeat=7)
    ours = time_command([str(BIN / "powderkeg"), "--help"], repeat=7)
    ratio = ours["median_s"] / bare["median_s"]
    return {
        "bare_typer_help": bare,
        "powderkeg_help": ours,
        "ratio": round(ratio, 3),
        "goal_ratio_max": 1.5,
        "met": ratio <= 1.5,
    }


def build_and_query(home: Path) -> dict[str, object]:
    os.environ["POWDERKEG_HOME"] = str(home)
    import powderkeg

    began = time.perf_counter()
    added = powderkeg.rebuild()
    build_s = time.perf_counter() - began
    powderkeg.spending("XKX", "SRB", measure="current_usd", start=2015)  # warm caches
    warm = time_call(
        lambda: powderkeg.spending("XKX", "SRB", measure="current_usd", start=2015), repeat=10
    )
    return {
        "default_store_build": {
            "seconds": round(build_s, 3),
            "values": added,
            "goal_s_max": 15,
            "met": build_s <= 15,
        },
        "spending_query_warm": {**warm, "goal_s_max": 0.5, "met": warm["median_s"] <= 0.5},
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        figures = {"benchmark": "store", "startup": startup(), **build_and_query(Path(home))}
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

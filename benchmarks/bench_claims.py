"""Claim-checker benchmarks (issue 4): the essay end to end cold, and articles per second warm.

Prints one JSON object. Goals: the essay checked end to end in ≤ 1 s in a fresh process (store
already built); ≥ 50 articles/s warm through the Python API. The baseline for "cold" is a bare
`python -c pass` and `python -c "import pandas"` measured in the same run, so interpreter and
library start-up can be told apart. Warm figures run inside `powderkeg.session()` (one open store
for the batch); the same without a session is reported beside them.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from measure import time_call, time_command

ESSAY = Path(__file__).resolve().parents[2] / "shared" / "articles" / "militarization-of-kosovo.txt"


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["POWDERKEG_HOME"] = home
        import powderkeg

        powderkeg.rebuild()
        text = ESSAY.read_text("utf-8")
        code = f"import powderkeg; powderkeg.check(open({str(ESSAY)!r}).read())"
        cold = time_command([sys.executable, "-c", code], repeat=5, env=dict(os.environ))
        bare = time_command([sys.executable, "-c", "pass"], repeat=5)
        pandas_import = time_command([sys.executable, "-c", "import pandas"], repeat=5)
        with powderkeg.session():  # one open store for the batch, as a batch user would
            powderkeg.check(text)
            warm = time_call(lambda: powderkeg.check(text), repeat=30)
        unbatched = time_call(lambda: powderkeg.check(text), repeat=10)
        rate = 1 / warm["median_s"]
        figures = {
            "benchmark": "claims",
            "essay_chars": len(text),
            "cold_end_to_end": {**cold, "goal_s_max": 1.0, "met": cold["median_s"] <= 1.0},
            "bare_python_start": bare,
            "import_pandas_alone": pandas_import,
            "warm_api_without_session": {
                **unbatched,
                "articles_per_s": round(1 / unbatched["median_s"], 1),
            },
            "warm_api": {
                **warm,
                "articles_per_s": round(rate, 1),
                "goal_min": 50,
                "met": rate >= 50,
            },
        }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

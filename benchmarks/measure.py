"""Small timing tools shared by the benchmark scripts: wall time of commands and of calls."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from typing import Any


def time_command(
    argv: Sequence[str], *, repeat: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median and best wall seconds of running `argv` to completion `repeat` times."""
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        runs.append(time.perf_counter() - began)
    return {"median_s": statistics.median(runs), "best_s": min(runs), "runs": repeat}


def time_call(call: Callable[[], Any], *, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        runs.append(time.perf_counter() - began)
    return {"median_s": statistics.median(runs), "best_s": min(runs), "runs": repeat}

"""Run every benchmark script in this folder (bench_*.py); each prints its own JSON figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"# {script.name}", flush=True)
        failures += subprocess.run([sys.executable, str(script)], cwd=HERE).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

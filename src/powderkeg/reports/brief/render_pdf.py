"""The brief as PDF: its HTML printed by headless Chromium, offline.

The page is written to a temporary folder and printed from a `file://` URL with networking,
sync, updates and extensions off, in a throw-away profile; the brief's HTML makes no request.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

from powderkeg.errors import PowderkegError

BROWSERS: Final = ("chromium", "chromium-browser")
_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)


class PdfError(PowderkegError):
    """Printing to PDF failed, or no Chromium is installed."""


def chromium() -> str:
    """The Chromium executable on PATH; PdfError naming the package when there is none."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("PDF needs Chromium: apt-get install chromium")


def render_pdf(html: str, out: Path, *, browser: str | None = None, timeout: float = 120) -> Path:
    """Print `html` to `out` with headless Chromium; return `out`."""
    executable = browser or chromium()
    with tempfile.TemporaryDirectory(prefix="powderkeg-brief-") as work:
        page = Path(work) / "brief.html"
        page.write_text(html, encoding="utf-8")
        target = Path(work) / "brief.pdf"
        command = [
            executable,
            *_FLAGS,
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        _run(command, timeout)
        if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
            raise PdfError(f"Chromium wrote no PDF ({executable})")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, out)
    return out


def _run(command: list[str], timeout: float) -> None:
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PdfError(f"Chromium could not print the brief: {error}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise PdfError(f"Chromium failed (exit {done.returncode}): {' '.join(tail)}")

"""powderkeg: an observatory of militarization and escalation between states.

The public Python API. Names load on first use so that `powderkeg --help` stays fast:

    >>> import powderkeg
    >>> powderkeg.spending("XKX", "SRB", measure="current_usd", start=2015)  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from powderkeg.errors import (
    FetchError,
    FormatError,
    InputError,
    PowderkegError,
    QueryError,
    StoreError,
    UnmappedEntityError,
    ValidationError,
)

if TYPE_CHECKING:
    from powderkeg.api import (
        cagr,
        compare,
        explain,
        fetch,
        ingest,
        known_sources,
        measures,
        rebuild,
        sources,
        spending,
    )

__all__ = [
    "FetchError",
    "FormatError",
    "InputError",
    "PowderkegError",
    "QueryError",
    "StoreError",
    "UnmappedEntityError",
    "ValidationError",
    "cagr",
    "compare",
    "explain",
    "fetch",
    "ingest",
    "known_sources",
    "measures",
    "rebuild",
    "sources",
    "spending",
]

_LAZY = {
    "cagr": "powderkeg.api",
    "compare": "powderkeg.api",
    "explain": "powderkeg.api",
    "fetch": "powderkeg.api",
    "ingest": "powderkeg.api",
    "known_sources": "powderkeg.api",
    "measures": "powderkeg.api",
    "rebuild": "powderkeg.api",
    "sources": "powderkeg.api",
    "spending": "powderkeg.api",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'powderkeg' has no attribute {name!r}")

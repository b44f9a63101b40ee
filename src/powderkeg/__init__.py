"""powderkeg: an observatory of militarization and escalation between states.

The public Python API: every name of `powderkeg.api` (one module per theme, each loaded on first
use, so that `powderkeg --help` stays fast) and the error types:

    >>> import powderkeg
    >>> powderkeg.spending("XKX", "SRB", measure="current_usd", start=2015)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from powderkeg import api as _api
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
    from powderkeg.api import *  # noqa: F403 — the same names, for type checkers

__all__ = [
    "FetchError",
    "FormatError",
    "InputError",
    "PowderkegError",
    "QueryError",
    "StoreError",
    "UnmappedEntityError",
    "ValidationError",
]
# `opened` and `entity_ids` are plumbing for the front ends, not part of the promised surface.
__all__ += [name for name in _api.__all__ if name not in {"opened", "entity_ids"}]


def __getattr__(name: str) -> Any:
    if name in __all__:  # the error types are imported above, so only API names reach here
        return getattr(_api, name)
    raise AttributeError(f"module 'powderkeg' has no attribute {name!r}")

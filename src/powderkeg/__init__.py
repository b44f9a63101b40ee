"""powderkeg: an observatory of militarization and escalation between states.

The public Python API. Its functions live in powderkeg.api and load on first use, so that
`powderkeg --help` stays fast:

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
        add_records,
        alerts,
        annotated_article,
        brief,
        brief_document,
        build_bundle,
        cagr,
        check,
        check_source,
        check_view,
        compare,
        compare_view,
        country_view,
        default_events_dir,
        default_incidents_dir,
        dyad_view,
        escalation,
        explain,
        fetch,
        fetch_events,
        ingest,
        ingest_events,
        ingest_incidents,
        json_twin,
        known_sources,
        measures,
        overview_view,
        profile,
        rebuild,
        record_collections,
        register_view,
        remove_records,
        session,
        source_files,
        sources_view,
        spending,
        supplier_dependency,
        timeline,
        transfers,
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
    "add_records",
    "alerts",
    "annotated_article",
    "brief",
    "brief_document",
    "build_bundle",
    "cagr",
    "check",
    "check_source",
    "check_view",
    "compare",
    "compare_view",
    "country_view",
    "default_events_dir",
    "default_incidents_dir",
    "dyad_view",
    "escalation",
    "explain",
    "fetch",
    "fetch_events",
    "ingest",
    "ingest_events",
    "ingest_incidents",
    "json_twin",
    "known_sources",
    "measures",
    "overview_view",
    "profile",
    "rebuild",
    "record_collections",
    "register_view",
    "remove_records",
    "session",
    "source_files",
    "sources_view",
    "spending",
    "supplier_dependency",
    "timeline",
    "transfers",
]


def __getattr__(name: str) -> Any:
    if name in __all__:  # the error types are imported above, so only API names reach here
        return getattr(import_module("powderkeg.api"), name)
    raise AttributeError(f"module 'powderkeg' has no attribute {name!r}")

"""The public Python API, one module per theme; `powderkeg` re-exports every name listed here.

The CLI and the web app are thin wrappers over these functions. Each theme module loads on first
use, so that asking for `check` does not load the chart engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from powderkeg.api.briefs import brief, brief_document
    from powderkeg.api.core import (
        add_records,
        annotated_article,
        build_bundle,
        cagr,
        check,
        check_source,
        compare,
        entity_ids,
        explain,
        fetch,
        ingest,
        known_sources,
        measures,
        opened,
        profile,
        rebuild,
        record_collections,
        remove_records,
        session,
        source_files,
        spending,
        supplier_dependency,
        timeline,
        transfers,
    )
    from powderkeg.api.dashboard import (
        check_view,
        compare_view,
        country_view,
        dyad_view,
        json_twin,
        overview_view,
        register_view,
        sources_view,
    )
_HOMES = {
    "add_records": "powderkeg.api.core",
    "annotated_article": "powderkeg.api.core",
    "brief": "powderkeg.api.briefs",
    "brief_document": "powderkeg.api.briefs",
    "build_bundle": "powderkeg.api.core",
    "cagr": "powderkeg.api.core",
    "check": "powderkeg.api.core",
    "check_source": "powderkeg.api.core",
    "check_view": "powderkeg.api.dashboard",
    "compare": "powderkeg.api.core",
    "compare_view": "powderkeg.api.dashboard",
    "country_view": "powderkeg.api.dashboard",
    "dyad_view": "powderkeg.api.dashboard",
    "entity_ids": "powderkeg.api.core",
    "explain": "powderkeg.api.core",
    "fetch": "powderkeg.api.core",
    "ingest": "powderkeg.api.core",
    "json_twin": "powderkeg.api.dashboard",
    "known_sources": "powderkeg.api.core",
    "measures": "powderkeg.api.core",
    "opened": "powderkeg.api.core",
    "overview_view": "powderkeg.api.dashboard",
    "profile": "powderkeg.api.core",
    "rebuild": "powderkeg.api.core",
    "record_collections": "powderkeg.api.core",
    "register_view": "powderkeg.api.dashboard",
    "remove_records": "powderkeg.api.core",
    "session": "powderkeg.api.core",
    "source_files": "powderkeg.api.core",
    "sources_view": "powderkeg.api.dashboard",
    "spending": "powderkeg.api.core",
    "supplier_dependency": "powderkeg.api.core",
    "timeline": "powderkeg.api.core",
    "transfers": "powderkeg.api.core",
}
__all__ = [
    "add_records",
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
    "dyad_view",
    "entity_ids",
    "explain",
    "fetch",
    "ingest",
    "json_twin",
    "known_sources",
    "measures",
    "opened",
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
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'powderkeg.api' has no attribute {name!r}")

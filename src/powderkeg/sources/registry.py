"""The sources powderkeg can ingest, by id: the same id names the module, CLI argument and table value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Literal, cast

from powderkeg.errors import QueryError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import ParsedFile

FileKind = Literal["xlsx", "csv", "zip", "any"]


@dataclass(frozen=True)
class SourceSpec:
    """How to read and fetch one source."""

    source_id: str
    card: SourceCard
    parse: Callable[[Path], ParsedFile]
    download_urls: tuple[str, ...]
    expect: FileKind


# Sources of values, transfers and conflicts, in the order `powderkeg sources` lists them.
_MODULES: dict[str, FileKind] = {
    "sipri_milex": "xlsx",
    "owid_grapher": "csv",
    "wb_wdi": "zip",
    "sipri_arms": "csv",
    "ucdp_prio": "zip",  # UCDP publishes the CSV zipped; the parser reads either
}


def source_ids() -> list[str]:
    return list(_MODULES)


def source_spec(source_id: str) -> SourceSpec:
    """The spec of `source_id`, importing its module only now (keeps the CLI start fast)."""
    if source_id not in _MODULES:
        raise QueryError(f"unknown source {source_id!r}; known sources: {', '.join(_MODULES)}")
    module = import_module(f"powderkeg.sources.{source_id}")
    return SourceSpec(
        source_id=source_id,
        card=cast(SourceCard, module.CARD),
        parse=cast(Callable[[Path], ParsedFile], module.parse),
        download_urls=tuple(module.DOWNLOAD_URLS),
        expect=_MODULES[source_id],
    )

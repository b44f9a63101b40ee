"""Where sources meet the store: parse a raw file, resolve its entities, derive, load in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from powderkeg.entities import Crosswalk
from powderkeg.errors import FormatError
from powderkeg.provenance import Snapshot
from powderkeg.sources.frame import ParsedFile
from powderkeg.sources.registry import source_spec
from powderkeg.store import LOAD_COLUMNS, Store, load_snapshot

Progress = Callable[[str], None]

_SAME_YEAR_DERIVATION = "constant US$ in its own base year equals current US$ of that year"


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did."""

    source_id: str
    path: str
    vintage: str
    sha256: str
    rows_read: int
    rows_added: int
    new_snapshot: bool
    notes: list[str] = field(default_factory=list)


def ingest(
    store: Store,
    source_id: str,
    path: Path,
    *,
    vintage: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Parse `path` as `source_id` and load it; all or nothing."""
    step = progress or (lambda _message: None)
    if not path.is_file():
        raise FormatError("no such file", path=path)
    spec = source_spec(source_id)
    step(f"parsing {path.name}")
    parsed = spec.parse(path)
    step("resolving entities")
    frame = loadable_frame(parsed, path=str(path))
    snapshot = Snapshot.of_file(spec.card, path, vintage=vintage or parsed.vintage)
    step(f"loading {len(frame):,} values")
    result = load_snapshot(store, snapshot, frame)
    return IngestReport(
        source_id=source_id,
        path=str(path),
        vintage=snapshot.vintage,
        sha256=snapshot.sha256,
        rows_read=result.rows_read,
        rows_added=result.rows_added,
        new_snapshot=result.new_snapshot,
        notes=parsed.notes,
    )


def loadable_frame(parsed: ParsedFile, *, path: str) -> pd.DataFrame:
    """The parsed rows with entity ids, plus values derived inside the same file."""
    frame = parsed.frame.copy()
    names = frame["entity_name"].dropna().unique().tolist()
    ids = Crosswalk.bundled().resolve_names(names, path=path, where="entity names")
    frame["entity_id"] = frame["entity_name"].map(ids)
    frame["derivation"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    frame["inputs"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    frame = pd.concat([frame, same_year_current(frame)], ignore_index=True)
    return frame.loc[:, list(LOAD_COLUMNS)]


def same_year_current(frame: pd.DataFrame) -> pd.DataFrame:
    """Current US$ for the base year of a constant-US$ series (the two coincide by definition)."""
    constant = frame[(frame["measure"] == "constant_usd") & (frame["base_year"] == frame["period"])]
    current_known = (
        frame[frame["measure"] == "current_usd"].set_index(["entity_id", "period"]).index
    )
    keys = pd.MultiIndex.from_frame(constant[["entity_id", "period"]])
    derived = constant[~keys.isin(current_known)].copy()
    derived["inputs"] = "constant_usd@" + derived["locator"]
    derived["measure"] = "current_usd"
    derived["price_basis"] = "current"
    derived["base_year"] = pd.NA
    derived["derivation"] = _SAME_YEAR_DERIVATION
    return derived

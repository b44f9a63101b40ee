"""Where sources meet the store: parse a raw file, resolve its entities, derive, load in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from powderkeg.entities import Crosswalk
from powderkeg.errors import FormatError
from powderkeg.provenance import Snapshot, file_digest
from powderkeg.sources.curated import ParsedRecords, load_records
from powderkeg.sources.frame import ParsedFile
from powderkeg.sources.registry import source_spec
from powderkeg.sources.sipri_arms import is_trade_register, parse_register
from powderkeg.store import LOAD_COLUMNS, LoadResult, Store, load_snapshot
from powderkeg.store.conflicts import CONFLICT_COLUMNS, load_conflict_years
from powderkeg.store.register import (
    RECORD_COLUMNS,
    TRANSFER_COLUMNS,
    RecordsLoad,
    load_transfers,
    remove_collection,
    replace_collection,
)

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

    @classmethod
    def of(
        cls, snapshot: Snapshot, result: LoadResult, *, path: Path, notes: list[str]
    ) -> IngestReport:
        return cls(
            source_id=snapshot.source_id,
            path=str(path),
            vintage=snapshot.vintage,
            sha256=snapshot.sha256,
            rows_read=result.rows_read,
            rows_added=result.rows_added,
            new_snapshot=result.new_snapshot,
            notes=notes,
        )


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
    if source_id == "sipri_arms" and is_trade_register(path):
        return ingest_trade_register(store, path, vintage=vintage, progress=step)
    if source_id == "ucdp_prio":
        return ingest_conflict_years(store, path, vintage=vintage, progress=step)
    step(f"parsing {path.name}")
    parsed = spec.parse(path)
    step("resolving entities")
    frame = loadable_frame(parsed, path=str(path))
    snapshot = Snapshot.of_file(spec.card, path, vintage=vintage or parsed.vintage)
    step(f"loading {len(frame):,} values")
    result = load_snapshot(store, snapshot, frame)
    return IngestReport.of(snapshot, result, path=path, notes=parsed.notes)


def ingest_trade_register(
    store: Store, path: Path, *, vintage: str | None = None, progress: Progress | None = None
) -> IngestReport:
    """Load a SIPRI trade register (transfer records, TIV kept apart from money)."""
    step = progress or (lambda _message: None)
    step(f"parsing {path.name}")
    parsed = parse_register(path, vintage=vintage)
    frame = transfer_frame(parsed.frame, path=str(path))
    snapshot = Snapshot.of_file(source_spec("sipri_arms").card, path, vintage=parsed.vintage)
    step(f"loading {len(frame):,} transfer records")
    result = load_transfers(store, snapshot, frame)
    return IngestReport.of(snapshot, result, path=path, notes=parsed.notes)


def ingest_conflict_years(
    store: Store, path: Path, *, vintage: str | None = None, progress: Progress | None = None
) -> IngestReport:
    """Load a UCDP/PRIO conflict-year file (conflicts, not observations)."""
    step = progress or (lambda _message: None)
    step(f"parsing {path.name}")
    spec = source_spec("ucdp_prio")
    parsed = spec.parse(path)
    frame = conflict_frame(parsed.frame)
    snapshot = Snapshot.of_file(spec.card, path, vintage=vintage or parsed.vintage)
    step(f"loading {len(frame):,} conflict-years")
    result = load_conflict_years(store, snapshot, frame)
    return IngestReport.of(snapshot, result, path=path, notes=parsed.notes)


def conflict_frame(parsed: pd.DataFrame) -> pd.DataFrame:
    """Parsed conflict-years with `entities`: every party's state, the location and the territory.

    Secondary supporters (gwno_*_2nd) are left out: a state that only backs a side is not a party.
    """
    crosswalk = Crosswalk.bundled()
    frame = parsed.copy()
    frame["entities"] = [
        _conflict_entities(crosswalk, row)
        for row in frame.loc[:, ["gwno_a", "gwno_b", "gwno_loc", "territory_name"]].itertuples()
    ]
    return frame.loc[:, list(CONFLICT_COLUMNS)]


def _conflict_entities(crosswalk: Crosswalk, row: Any) -> list[str]:
    """The ids of a conflict-year, in order of first mention, the named territory last."""
    ids = [*row.gwno_a, *row.gwno_b, *row.gwno_loc]
    territory = row.territory_name
    found = crosswalk.find(territory) if isinstance(territory, str) and territory else None
    if found is not None:
        ids.append(found.id)
    return list(dict.fromkeys(ids))


def transfer_frame(register: pd.DataFrame, *, path: str) -> pd.DataFrame:
    """Register records with recipient and supplier resolved to entity ids."""
    names = pd.concat([register["recipient"], register["supplier"]]).dropna().unique().tolist()
    ids = Crosswalk.bundled().resolve_names(names, path=path, where="Recipient/Supplier")
    frame = register.rename(columns={"recipient": "recipient_name", "supplier": "supplier_name"})
    frame["recipient_id"] = frame["recipient_name"].map(ids)
    frame["supplier_id"] = frame["supplier_name"].map(ids)
    return frame.loc[:, list(TRANSFER_COLUMNS)]


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


def known_entity_id(code: str) -> bool:
    """Whether `code` is an entity id of the crosswalk (records name entities by id)."""
    return any(entity.id == code for entity in [Crosswalk.bundled().find(code)] if entity)


def records_frame(parsed: ParsedRecords, *, collection: str, sha256: str) -> pd.DataFrame:
    return parsed.frame.assign(collection=collection, sha256=sha256).loc[:, list(RECORD_COLUMNS)]


def add_records(store: Store, path: Path) -> RecordsLoad:
    """Validate a user's records file and load it as its own collection (named after the file).

    Loading the same file name again replaces that collection; the bundled records are untouched.
    """
    if not path.is_file():
        raise FormatError("no such file", path=path)
    parsed = load_records(path, is_known_entity=known_entity_id, provenance="user")
    sha256, _size = file_digest(path)
    frame = records_frame(parsed, collection=path.name, sha256=sha256)
    return replace_collection(store, path.name, frame)


def remove_records(store: Store, collection: str) -> int:
    """Undo `add_records` for the file named `collection`; return the records removed."""
    return remove_collection(store, Path(collection).name)

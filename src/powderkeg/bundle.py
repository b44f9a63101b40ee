"""The bundled offline extract: the default case (Western Balkans and reference states) without network.

`build_bundle` reads the public files (as in ../shared/data), keeps the bundled entities, and writes
data/bundle/observations.csv, transfers.csv, conflicts.csv and snapshots.json. Every row keeps the
locator and the sha256 of the original raw file, so a value read from the bundle traces back to the
same cell as one read from the full file — and ingesting the full file later adds only what the
bundle lacked.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

import pandas as pd

from powderkeg.pipeline import (
    conflict_frame,
    known_entity_id,
    loadable_frame,
    records_frame,
    transfer_frame,
)
from powderkeg.provenance import Snapshot
from powderkeg.sources.curated import load_register_folder
from powderkeg.sources.frame import DTYPES as FRAME_DTYPES
from powderkeg.sources.registry import source_spec
from powderkeg.sources.sipri_arms import REGISTER_COLUMNS, parse_register
from powderkeg.store import LOAD_COLUMNS, Store, load_snapshot
from powderkeg.store.conflicts import CONFLICT_COLUMNS, load_conflict_years
from powderkeg.store.queries import observation_count
from powderkeg.store.register import TRANSFER_COLUMNS, load_transfers, replace_collection

BUNDLED_ENTITIES: Final = (
    "ALB",
    "BIH",
    "HRV",
    "XKX",
    "MNE",
    "MKD",
    "SRB",
    "TUR",
    "USA",
    "GRC",
    "YUG",
)


# Which table a bundled file's rows go to: observations, transfers (a trade register) or
# conflict_years (UCDP/PRIO).
BundleKind = Literal["observations", "transfers", "conflicts"]


@dataclass(frozen=True)
class BundledFile:
    source_id: str
    relative_path: str
    retrieved: date
    kind: BundleKind = "observations"


# The files the bundle is built from, relative to the shared data folder (see its SOURCES.md).
_COLLECTED = date(2026, 11, 27)
BUNDLED_FILES: Final = (
    BundledFile("sipri_milex", "sipri_milex/SIPRI-Milex-data-1949-2023.xlsx", _COLLECTED),
    BundledFile(
        "owid_grapher",
        "sipri_milex/owid_military-spending-sipri_constant2024usd_1949-2025.csv",
        _COLLECTED,
    ),
    BundledFile(
        "owid_grapher",
        "sipri_milex/owid_military-spending-as-a-share-of-gdp-sipri_1949-2024.csv",
        _COLLECTED,
    ),
    BundledFile("wb_wdi", "worldbank_wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv", _COLLECTED),
    BundledFile("wb_wdi", "worldbank_wdi/API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv", _COLLECTED),
    BundledFile("wb_wdi", "worldbank_wdi/API_FP.CPI.TOTL.ZG_DS2_en_csv_v2_390884.csv", _COLLECTED),
    BundledFile("wb_wdi", "worldbank_wdi/API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475.csv", _COLLECTED),
    BundledFile(
        "wb_wdi",
        "worldbank_wdi/API_MS.MIL.TOTL.P1_DS2_en_csv_v2_115556_balkans_extract.csv",
        _COLLECTED,
    ),
    BundledFile(
        "sipri_arms",
        "sipri_arms_transfers/sipri_tiv_imports_by_recipient_1950-2023.csv",
        _COLLECTED,
    ),
    BundledFile(
        "sipri_arms",
        "sipri_arms_transfers/sipri_trade_register_1950-2024_all.csv",
        _COLLECTED,
        kind="transfers",
    ),
    BundledFile(
        "ucdp_prio", "ucdp/UcdpPrioConflict_v25_1_semicolon.csv", _COLLECTED, kind="conflicts"
    ),
)

_OBSERVATIONS = "observations.csv"
_TRANSFERS = "transfers.csv"
_CONFLICTS = "conflicts.csv"
_SNAPSHOTS = "snapshots.json"
_FILE_NAMES: Final[dict[BundleKind, str]] = {
    "observations": _OBSERVATIONS,
    "transfers": _TRANSFERS,
    "conflicts": _CONFLICTS,
}
_CSV_COLUMNS = ("snapshot_sha256", *LOAD_COLUMNS)
_TRANSFER_CSV_COLUMNS = ("snapshot_sha256", *TRANSFER_COLUMNS)
_CONFLICT_CSV_COLUMNS = ("snapshot_sha256", *CONFLICT_COLUMNS)
_LIST_SEPARATOR = ";"  # entity ids in conflicts.csv; ids never hold one


def bundle_dir() -> Path:
    return Path(str(resources.files("powderkeg") / "data" / "bundle"))


def build_bundle(
    shared_data: Path,
    out_dir: Path,
    *,
    entities: Sequence[str] = BUNDLED_ENTITIES,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Write the extract of `entities` from the public files under `shared_data`; return its row count."""
    frames: dict[BundleKind, list[pd.DataFrame]] = {kind: [] for kind in _FILE_NAMES}
    snapshots: list[dict[str, Any]] = []
    for item in BUNDLED_FILES:
        if progress:
            progress(item.relative_path)
        frame, snapshot = _EXTRACTORS[item.kind](shared_data, item, entities)
        frames[item.kind].append(frame)
        snapshots.append(_snapshot_record(snapshot, item))
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = 0
    for kind, name in _FILE_NAMES.items():
        table = pd.concat(frames[kind], ignore_index=True)
        table.to_csv(out_dir / name, index=False, lineterminator="\n")
        rows += len(table)
    (out_dir / _SNAPSHOTS).write_text(json.dumps(snapshots, indent=1, ensure_ascii=False) + "\n")
    return rows


def _extract_one(
    shared_data: Path, item: BundledFile, entities: Sequence[str]
) -> tuple[pd.DataFrame, Snapshot]:
    spec = source_spec(item.source_id)
    path = shared_data / item.relative_path
    parsed = spec.parse(path)
    frame = loadable_frame(parsed, path=str(path))
    frame = frame[frame["entity_id"].isin(list(entities))]
    snapshot = Snapshot.of_file(spec.card, path, vintage=parsed.vintage, retrieved=item.retrieved)
    frame.insert(0, "snapshot_sha256", snapshot.sha256)
    return frame.loc[:, list(_CSV_COLUMNS)], snapshot


def _extract_transfers(
    shared_data: Path, item: BundledFile, entities: Sequence[str]
) -> tuple[pd.DataFrame, Snapshot]:
    """Every transfer record whose recipient is a bundled entity."""
    path = shared_data / item.relative_path
    parsed = parse_register(path)
    frame = transfer_frame(parsed.frame, path=str(path))
    frame = frame[frame["recipient_id"].isin(list(entities))]
    card = source_spec(item.source_id).card
    snapshot = Snapshot.of_file(card, path, vintage=parsed.vintage, retrieved=item.retrieved)
    frame.insert(0, "snapshot_sha256", snapshot.sha256)
    return frame.loc[:, list(_TRANSFER_CSV_COLUMNS)], snapshot


def _extract_conflicts(
    shared_data: Path, item: BundledFile, entities: Sequence[str]
) -> tuple[pd.DataFrame, Snapshot]:
    """Every conflict-year that involves a bundled entity, entity lists as ";"-joined text."""
    spec = source_spec(item.source_id)
    path = shared_data / item.relative_path
    parsed = spec.parse(path)
    frame = conflict_frame(parsed.frame)
    wanted = set(entities)
    frame = frame[frame["entities"].map(lambda ids: bool(wanted.intersection(ids)))].copy()
    frame["entities"] = frame["entities"].map(_LIST_SEPARATOR.join)
    for column in ("start_date", "start_date2", "ep_end_date"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    snapshot = Snapshot.of_file(spec.card, path, vintage=parsed.vintage, retrieved=item.retrieved)
    frame.insert(0, "snapshot_sha256", snapshot.sha256)
    return frame.loc[:, list(_CONFLICT_CSV_COLUMNS)], snapshot


_Extractor = Callable[[Path, BundledFile, Sequence[str]], tuple[pd.DataFrame, Snapshot]]
_EXTRACTORS: Final[dict[BundleKind, _Extractor]] = {
    "observations": _extract_one,
    "transfers": _extract_transfers,
    "conflicts": _extract_conflicts,
}


def _snapshot_record(snapshot: Snapshot, item: BundledFile) -> dict[str, Any]:
    record = asdict(snapshot)
    record["retrieved"] = snapshot.retrieved.isoformat()
    record["path"] = item.relative_path
    return record


def load_bundle(store: Store, *, folder: Path | None = None) -> int:
    """Load the bundled extract into `store`; return the number of values added."""
    folder = folder or bundle_dir()
    snapshots = json.loads((folder / _SNAPSHOTS).read_text("utf-8"))
    table = _read_observations(folder / _OBSERVATIONS)
    transfers = _read_transfers(folder / _TRANSFERS)
    conflicts = _read_conflicts(folder / _CONFLICTS)
    added = 0
    for record in snapshots:
        snapshot = Snapshot(**{**record, "retrieved": date.fromisoformat(record["retrieved"])})
        rows = table[table["snapshot_sha256"] == snapshot.sha256].drop(columns="snapshot_sha256")
        if not rows.empty:
            added += load_snapshot(store, snapshot, rows).rows_added
        records = transfers[transfers["snapshot_sha256"] == snapshot.sha256]
        if not records.empty:
            added += load_transfers(
                store, snapshot, records.drop(columns="snapshot_sha256")
            ).rows_added
        years = conflicts[conflicts["snapshot_sha256"] == snapshot.sha256]
        if not years.empty:
            added += load_conflict_years(
                store, snapshot, years.drop(columns="snapshot_sha256")
            ).rows_added
    return added


def _read_conflicts(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=CONFLICT_DTYPES, keep_default_na=False, na_values=[""])
    frame["entities"] = frame["entities"].map(lambda text: text.split(_LIST_SEPARATOR))
    for column in ("start_date", "start_date2", "ep_end_date"):
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


def _read_transfers(path: Path) -> pd.DataFrame:
    dtypes = {"snapshot_sha256": "string", **TRANSFER_DTYPES}
    return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])


def _read_observations(path: Path) -> pd.DataFrame:
    dtypes = {
        **FRAME_DTYPES,
        "snapshot_sha256": "string",
        "entity_id": "string",
        "derivation": "string",
        "inputs": "string",
    }
    return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])


TRANSFER_DTYPES: Final = {
    **{k: v for k, v in REGISTER_COLUMNS.items() if k not in {"recipient", "supplier"}},
    "recipient_id": "string",
    "supplier_id": "string",
    "recipient_name": "string",
    "supplier_name": "string",
}


_CONFLICT_CODES = ("conflict_id", "year", "incompatibility", "intensity_level", "type_of_conflict")
CONFLICT_DTYPES: Final = {
    **dict.fromkeys(_CONFLICT_CSV_COLUMNS, "string"),  # dates and entity lists are parsed after
    **dict.fromkeys(_CONFLICT_CODES, "Int64"),
    "ep_end": "boolean",
}


def ensure_default_store(store: Store) -> int:
    """Fill an empty store from the bundle (first use, offline); return the values added.

    The bundled curated records are refreshed whenever the packaged files change.
    """
    ensure_bundled_records(store)
    if observation_count(store) > 0:
        return 0
    return load_bundle(store)


def register_dir() -> Path:
    return Path(str(resources.files("powderkeg") / "data" / "register"))


def ensure_bundled_records(store: Store, *, folder: Path | None = None) -> int:
    """Replace the bundled curated records when the packaged register files changed."""
    folder = folder or register_dir()
    digest = _folder_digest(folder)
    if store.read_only or store.meta("register_digest") == digest:
        return 0
    parsed = load_register_folder(folder, is_known_entity=known_entity_id, provenance="bundled")
    frame = records_frame(parsed, collection="bundled", sha256=digest)
    loaded = replace_collection(store, "bundled", frame)
    with store.transaction() as con:
        store.set_meta(con, "register_digest", digest)
    return loaded.added


def _folder_digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def bundle_digest(folder: Path | None = None) -> str:
    """sha256 over the bundle's files, to tell whether two bundles are the same."""
    folder = folder or bundle_dir()
    sha = hashlib.sha256()
    for name in (_SNAPSHOTS, _OBSERVATIONS, _TRANSFERS, _CONFLICTS):
        sha.update((folder / name).read_bytes())
    return sha.hexdigest()

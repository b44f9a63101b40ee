"""Citing stored values: a store row becomes a `Sourced` value, and the raw file it came from is
remembered, so the brief's sources list holds exactly the snapshots it used.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from powderkeg.reports.brief.derivations import derive
from powderkeg.reports.brief.document import Citation
from powderkeg.reports.brief.footnotes import Ref, Sourced
from powderkeg.store import Store
from powderkeg.store.queries import observation, snapshots

Row = Mapping[Hashable, Any]
# How the indicators derive a measure from two stored values, as a documented derivation.
_DERIVED: Final = {
    "growth_nominal": "growth",
    "growth_real": "growth",
    "share_gdp": "share",
    "per_capita": "ratio",
}


@dataclass(frozen=True)
class RegisterFile:
    """A curated records file the brief cites."""

    collection: str
    file: str
    sha256: str


class Ledger:
    """Turns store rows into cited values and keeps the list of sources used."""

    def __init__(self, store: Store) -> None:
        self.store = store
        table = snapshots(store)
        self._snapshots = {int(row["snapshot_id"]): row for row in table.to_dict("records")}
        self.used_snapshots: dict[int, None] = {}
        self.used_register_files: dict[RegisterFile, None] = {}
        self.other_sources: dict[str, None] = {}
        self._observations: dict[int, Sourced] = {}

    def snapshot(self, snapshot_id: int) -> Row:
        return self._snapshots[snapshot_id]

    def observation(self, observation_id: int) -> Sourced:
        """The stored value with this id, cited to its file, cell or line, and digest."""
        if observation_id not in self._observations:
            found = observation(self.store, observation_id)
            if found.empty:
                raise LookupError(f"no observation {observation_id} in the store")
            self._observations[observation_id] = self._cite_observation(found.iloc[0])
        return self._observations[observation_id]

    def _cite_observation(self, row: pd.Series) -> Sourced:
        snapshot_id = int(row["snapshot_id"])
        self.used_snapshots[snapshot_id] = None
        snapshot = self._snapshots[snapshot_id]
        derivation = "" if pd.isna(row["derivation"]) else f"; stored as {row['derivation']}"
        citation = Citation(
            source=f"{row['dataset']} ({snapshot['publisher']})",
            vintage=str(row["vintage"]),
            locator=str(row["locator"]),
            file=str(row["file_name"]),
            identity=f"observation {int(row['observation_id'])}: {row['measure']}, "
            f"{row['entity']} {int(row['year'])}{derivation}",
            sha256=str(row["sha256"]),
            url=str(snapshot["url"]),
            value=f"{float(row['value']):.10g} {row['unit']}",
        )
        ref = Ref("observation", str(int(row["observation_id"])))
        return Sourced(float(row["value"]), ref, (citation,))

    def result(self, row: Row) -> Sourced:
        """A row of an indicators result: a stored value, or a growth or share derived from two."""
        if pd.notna(row["observation_id"]):
            return self.observation(int(row["observation_id"]))
        inputs = [self.observation(int(i)) for i in str(row["inputs"]).split(",") if i.strip()]
        method = _DERIVED.get(str(row["measure"]))
        if method is None or len(inputs) != 2:
            raise ValueError(f"cannot cite a value computed as {row['method']!r}")
        return derive(method, inputs, how=str(row["method"]))

    def transfer(self, row: Row, field: str) -> Sourced:
        """A field of a SIPRI trade-register record, cited to its line in the CSV."""
        snapshot_id = int(row["snapshot_id"])
        self.used_snapshots[snapshot_id] = None
        snapshot = self._snapshots[snapshot_id]
        citation = Citation(
            source=str(snapshot["dataset"]),
            vintage=str(row["vintage"]),
            locator=str(row["locator"]),
            file=str(row["file_name"]),
            identity=f"trade-register record {row['record_id']}",
            sha256=str(row["sha256"]),
            url=str(snapshot["url"]),
        )
        value = row[field]
        shown: float | str = value if isinstance(value, str) else float(value)
        ref = Ref("transfer", f"{row['sha256']}:{row['record_id']}", field=field)
        return Sourced(shown, ref, (citation,))

    def record(self, row: Row, field: str) -> Sourced:
        """A field of a curated register record (`field` a path: "quantity", "scope.0")."""
        source = self.whole_record(row)
        value = field_value(row["fields"], field)
        shown: float | str = value if isinstance(value, str) else float(value)
        ref = Ref("record", str(row["record_id"]), field=field)
        return Sourced(shown, ref, source.citations)

    def whole_record(self, row: Row) -> Sourced:
        """A register record as the source of a whole sentence (for a bare footnote marker)."""
        self.used_register_files[
            RegisterFile(str(row["collection"]), str(row["file"]), str(row["sha256"]))
        ] = None
        ref = Ref("record", str(row["record_id"]), field="")
        return Sourced(str(row["record_id"]), ref, record_citations(row))


def field_value(fields: Mapping[str, Any], path: str) -> Any:
    """`fields["scope"][0]` for "scope.0"; KeyError or IndexError when absent."""
    value: Any = fields
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def record_citations(row: Row) -> tuple[Citation, ...]:
    """The record's place in its register file, then each source it names."""
    where = Citation(
        source=_register_name(row),
        vintage="",
        locator=f"line {int(row['line'])}",
        file=str(row["file"]),
        identity=f"register record {row['record_id']}, confidence {row['confidence']}",
        sha256=str(row["sha256"]),
    )
    cited = tuple(
        Citation(
            source=f"{source['publisher']}, {source['date']}",
            vintage="",
            locator=str(source.get("title", "")),
            identity="",
            url=str(source["url"]),
        )
        for source in row["sources"]
    )
    return (where, *cited)


def _register_name(row: Row) -> str:
    if row["provenance"] == "bundled":
        return "powderkeg register (bundled records)"
    return f"powderkeg register (your file {row['collection']})"

"""A snapshot is one raw file as published, with what we know about its origin."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from powderkeg.provenance.digest import file_digest


@dataclass(frozen=True)
class SourceCard:
    """What is always true of a source, whatever file of it we hold."""

    source_id: str
    dataset: str
    publisher: str
    title: str
    url: str
    licence: str
    citation: str


@dataclass(frozen=True)
class Snapshot:
    """One raw file of a source: its release (vintage), when we got it, and its digest."""

    source_id: str
    dataset: str
    publisher: str
    title: str
    url: str
    licence: str
    citation: str
    vintage: str
    retrieved: date
    sha256: str
    byte_size: int
    path: str

    @classmethod
    def of_file(
        cls, card: SourceCard, path: Path, *, vintage: str, retrieved: date | None = None
    ) -> Snapshot:
        """Describe `path` as a snapshot of `card`'s source, digesting its bytes."""
        sha256, size = file_digest(path)
        return cls(
            source_id=card.source_id,
            dataset=card.dataset,
            publisher=card.publisher,
            title=card.title,
            url=card.url,
            licence=card.licence,
            citation=card.citation,
            vintage=vintage,
            retrieved=retrieved or date.today(),
            sha256=sha256,
            byte_size=size,
            path=str(path),
        )

    def with_vintage(self, vintage: str) -> Snapshot:
        return replace(self, vintage=vintage)

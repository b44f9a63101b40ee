"""What every section builder gets: the store, the ledger, the footnotes, and the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from powderkeg.claims import CheckReport
from powderkeg.entities import Crosswalk
from powderkeg.reports.brief.document import Inline
from powderkeg.reports.brief.footnotes import Footnotes
from powderkeg.reports.brief.ledger import Ledger
from powderkeg.store import Store

_ID: Final = re.compile(r"[A-Z]{3}")
# Names read with "the" in running text ("deliveries from the United States").
_WITH_ARTICLE: Final = frozenset(
    {"United States", "United Kingdom", "Netherlands", "Philippines", "United Arab Emirates",
     "Czech Republic", "Czechia", "Dominican Republic", "Central African Republic", "Bahamas"}
)  # fmt: skip


@dataclass(frozen=True)
class CheckedArticle:
    """The article checked for the brief: its check report, where it came from, its digest."""

    report: CheckReport
    origin: str
    sha256: str


@dataclass(frozen=True)
class Context:
    store: Store
    ledger: Ledger
    notes: Footnotes
    sides: tuple[str, ...]  # the entity, then the one it is compared with
    since: int
    article: CheckedArticle | None = None

    def name(self, entity_id: str) -> str:
        """The entity's display name ("Türkiye"); free names ("KFOR") and unknown ids as given."""
        if not _ID.fullmatch(entity_id):
            return entity_id
        found = Crosswalk.bundled().find(entity_id)
        return found.name if found is not None else entity_id

    def is_entity(self, token: str) -> bool:
        """Whether `token` is an entity id the crosswalk knows (not a free name like "KFOR")."""
        return bool(_ID.fullmatch(token)) and Crosswalk.bundled().find(token) is not None

    def names(self, entity_ids: Sequence[str]) -> str:
        return spoken([self.prose(entity_id) for entity_id in entity_ids])

    def prose(self, entity_id: str, *, first: bool = False) -> str:
        """The name as running text reads it: "the United States" ("The …" to open a sentence)."""
        name = self.name(entity_id)
        if name not in _WITH_ARTICLE:
            return name
        return f"{'The' if first else 'the'} {name}"


def spoken(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def joined(groups: Sequence[Sequence[Inline]], *, last: str = " and ") -> list[Inline]:
    """Inline groups joined like a spoken list."""
    out: list[Inline] = []
    for position, group in enumerate(groups):
        if position:
            out.append(last if position == len(groups) - 1 else ", ")
        out.extend(group)
    return out

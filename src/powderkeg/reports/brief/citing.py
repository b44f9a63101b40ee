"""Footnote text shared by the renderers: citations grouped by source, short digests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from powderkeg.reports.brief.document import Citation

SHORT_SHA: int = 12


@dataclass(frozen=True)
class CitedSource:
    """One source of a footnote and the places in it: "SIPRI …, release 2024" + locators."""

    head: str
    places: tuple[str, ...]
    sha256: str
    url: str


def grouped(citations: Sequence[Citation]) -> list[CitedSource]:
    """Citations of one file (same source, release, file, digest, URL) gathered, first use first."""
    groups: dict[tuple[str, str, str, str, str], list[str]] = {}
    for c in citations:
        key = (c.source, c.vintage, c.file, c.sha256, c.url)
        groups.setdefault(key, []).append(_place(c))
    return [
        CitedSource(_head(source, vintage, file), tuple(p for p in places if p), sha256, url)
        for (source, vintage, file, sha256, url), places in groups.items()
    ]


def _head(source: str, vintage: str, file: str) -> str:
    parts = [source, f"release {vintage}" if vintage else "", file]
    return ", ".join(part for part in parts if part)


def _place(citation: Citation) -> str:
    details = ", ".join(part for part in (citation.identity, _value(citation.value)) if part)
    if citation.locator and details:
        return f"{citation.locator} ({details})"
    return citation.locator or details


def _value(value: str) -> str:
    return f"value {value}" if value else ""


def short(sha256: str) -> str:
    return sha256[:SHORT_SHA]


def unstopped(text: str) -> str:
    """`text` without its final full stop, to be joined into a longer footnote."""
    return text.rstrip().removesuffix(".").rstrip()

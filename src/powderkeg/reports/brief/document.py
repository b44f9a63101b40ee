"""The structured brief every front end renders: sections of paragraphs, lists and charts.

Text is kept as a sequence of inline pieces rather than markup, so one brief renders to HTML and to
Markdown alike: plain `str` runs (prose, never holding a digit the data did not give), `Fig` (a
figure with its footnote), `Time` (a year or date), `Quote` (an article's own words, quoted) and
`Mark` (a footnote marker standing alone, e.g. after a register item's sentence).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Fig:
    """A figure as shown (`text`), footnote `note`, and which stored field it shows.

    `is_text` marks a stored text shown verbatim (a designation like "Bayraktar TB2").
    """

    text: str
    note: int
    field: str = "value"
    is_text: bool = False


@dataclass(frozen=True)
class Time:
    """A year or date: `iso` is "YYYY", "YYYY-MM" or "YYYY-MM-DD", `text` how it reads."""

    iso: str
    text: str


@dataclass(frozen=True)
class Quote:
    """Words quoted verbatim from the checked article (its numbers are its own, not ours)."""

    text: str


@dataclass(frozen=True)
class Mark:
    """A footnote marker without a figure: the sentence before it rests on footnote `note`."""

    note: int


Inline = str | Fig | Time | Quote | Mark


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Chart:
    """A rendered chart: `name` is a file-safe id, `title` its caption, `svg` the drawing."""

    name: str
    title: str
    svg: str


@dataclass(frozen=True)
class Table:
    """A table of the apparatus (the sources used), not prose: its digits are citations."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    links: tuple[str, ...] = ()  # one URL per row ("" for none)


Block = Paragraph | Bullets | Chart | Table


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Citation:
    """Where one stored value lives: source and release, the raw file, the place in it, its digest.

    `identity` names the store row (an observation id, a register record id); `value` is the
    stored value as text, or "" when the citation is a whole record.
    """

    source: str
    vintage: str
    locator: str
    identity: str
    sha256: str = ""
    url: str = ""
    value: str = ""
    file: str = ""


@dataclass(frozen=True)
class Footnote:
    """Footnote `number`: the identity that resolves it (`ref`, JSON-ready), how, and from what."""

    number: int
    ref: dict[str, object]
    method: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Brief:
    """A whole brief: what it is about, its sections in order, and its footnotes."""

    entity: str
    entity_name: str
    vs: str | None
    vs_name: str | None
    since: int
    title: str
    subtitle: tuple[Inline, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    generated: date | None = None

    def all_charts(self) -> tuple[Chart, ...]:
        """Every chart in reading order."""
        blocks = (block for section in self.sections for block in section.blocks)
        return tuple(block for block in blocks if isinstance(block, Chart))

"""Footnotes: every figure of a brief carries a marker leading to the stored value it shows.

A `Sourced` value is a number (or a stored text) together with its identity in the store (`Ref`)
and its citations. `Footnotes.fig(sourced, text)` returns the figure as shown with its footnote
number and records the footnote once per source: several figures of one register record share a
footnote, each naming the field it shows. Years and dates go through `year()` and `when()`, so a
brief's prose holds no digit outside a figure, a date or a quotation.

Identities (`Ref.kind`):

- `observation`: `key` is the id of a row of the observations table;
- `transfer`: `key` is "<snapshot sha256>:<record id>" of a SIPRI trade-register record, `field`
  the column shown (`tiv_delivered`, `number_ordered`, `designation`, ...);
- `record`: `key` is a curated register record id, `field` a path into its fields (`quantity`,
  `scope.0`);
- `derived`: `key` names a documented derivation (`powderkeg.reports.brief.derivations`) of
  `inputs` (with `weights` for weighted sums);
- `check`: `key` is "<check kind>:<claim ids>" of the claim check of the article in the brief.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from powderkeg.reports.brief.document import Citation, Fig, Footnote, Inline, Mark, Time

RefKind = Literal["observation", "transfer", "record", "derived", "check"]
_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ISO_DATE: Final = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_DIGIT: Final = re.compile(r"\d")


@dataclass(frozen=True)
class Ref:
    """The identity of a value in the store (see the module docstring)."""

    kind: RefKind
    key: str
    field: str = "value"
    inputs: tuple[Ref, ...] = ()
    weights: tuple[float, ...] = ()

    def to_json(self, *, with_field: bool = True) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind, "key": self.key}
        if with_field and self.field != "value":
            out["field"] = self.field
        if self.inputs:
            out["inputs"] = [item.to_json() for item in self.inputs]
        if self.weights:
            out["weights"] = list(self.weights)
        return out

    def note_key(self) -> str:
        """What one footnote stands for: a register record is one source whatever field shows."""
        shared = self.kind in ("transfer", "record")
        return repr(self.to_json(with_field=not shared))


@dataclass(frozen=True)
class Sourced:
    """A value with its identity, its citations and, for a derived value, how it was computed."""

    value: float | str
    ref: Ref
    citations: tuple[Citation, ...]
    method: str = ""

    def number(self) -> float:
        if isinstance(self.value, str):
            raise TypeError(f"{self.ref.key}: {self.ref.field} is text, not a number")
        return float(self.value)


class Footnotes:
    """The footnotes of one brief, numbered in order of first use."""

    def __init__(self) -> None:
        self._notes: dict[str, Footnote] = {}

    def fig(self, sourced: Sourced, text: str) -> Fig:
        """`text` (the value formatted for reading) as a figure with its footnote."""
        _require_value(sourced)
        return Fig(text, self._number(sourced), sourced.ref.field)

    def mark(self, sourced: Sourced) -> Mark:
        """A bare marker: the sentence it ends rests on this source."""
        return Mark(self._number(sourced))

    def text(self, sourced: Sourced) -> Inline:
        """A stored text: plain prose, or a figure when it holds digits (a name like "TB2")."""
        shown = str(sourced.value)
        if not _DIGIT.search(shown):
            return shown
        return Fig(shown, self._number(sourced), sourced.ref.field, is_text=True)

    def notes(self) -> tuple[Footnote, ...]:
        return tuple(self._notes.values())

    def _number(self, sourced: Sourced) -> int:
        key = sourced.ref.note_key()
        if key not in self._notes:
            shared = sourced.ref.kind in ("transfer", "record")
            self._notes[key] = Footnote(
                number=len(self._notes) + 1,
                ref=sourced.ref.to_json(with_field=not shared),
                method=sourced.method,
                citations=sourced.citations,
            )
        return self._notes[key].number


def _require_value(sourced: Sourced) -> None:
    value = sourced.value
    missing = value is None or (isinstance(value, float) and not math.isfinite(value))
    if missing or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"no value to show for {sourced.ref.to_json()}")


def year(value: int) -> Time:
    """A year for the prose, marked as a time."""
    return Time(str(int(value)), str(int(value)))


def when(iso: str) -> Time:
    """A date as precise as it is known: "2024", "May 2023", "11 January 2024"."""
    found = _ISO_DATE.fullmatch(iso.strip())
    if found is None:
        raise ValueError(f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {iso!r}")
    year_text, month, day = found.groups()
    if month is None:
        return Time(year_text, year_text)
    month_name = _MONTHS[int(month) - 1]
    if day is None:
        return Time(f"{year_text}-{month}", f"{month_name} {year_text}")
    return Time(f"{year_text}-{month}-{day}", f"{int(day)} {month_name} {year_text}")


def on_day(day: date) -> Time:
    return when(day.isoformat())


def release(vintage: str) -> Time:
    """A release label: a date when it is one ("2025-04-15"), else the label as given."""
    if _ISO_DATE.fullmatch(vintage.strip()):
        return when(vintage)
    return Time("", vintage)

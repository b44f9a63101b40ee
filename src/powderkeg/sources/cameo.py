"""CAMEO event codes as GDELT uses them: descriptions, QuadClass and Goldstein scores.

Read from GDELT's two lookup files:

- `CAMEO.eventcodes.txt`: tab-separated `CAMEOEVENTCODE, EVENTDESCRIPTION` with a header line.
  Besides the event codes it holds four quad-class lines (`1 Verbal Cooperation` …
  `4 Material Conflict`), each placed just before the first root code of its class. The
  root → QuadClass mapping is read from that placement: 01–05 → 1, 06–09 → 2, 10–14 → 3,
  15–20 → 4 (GDELT's own export data agree: root 09 is material cooperation and root 14,
  protest, is verbal conflict, unlike some CAMEO summaries).
- `CAMEO.goldsteinscale.txt`: tab-separated `CAMEOEVENTCODE, GOLDSTEINSCALE`.

Codes stay strings: "010" and "10" are different codes. Two glitches of GDELT's file are
repaired, and each repair is listed in `Codebook.notes`:

- the line of code 1056 also carries code 106 (`…engagement106:[-5.0] Demand withdrawal`);
  it is split into two codes (the bracketed number is 106's Goldstein score, which the
  Goldstein file repeats);
- code 044 reads `Meet at a ÒhirdÓlocation` (Mac Roman quotes decoded as Latin-1, with the `t`
  and a space lost); it is restored to `Meet at a “third” location`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from powderkeg.errors import FormatError, ValidationError

QUAD_CLASSES: Final[Mapping[int, str]] = {
    1: "Verbal Cooperation",
    2: "Material Cooperation",
    3: "Verbal Conflict",
    4: "Material Conflict",
}
EVENT_CODES_HEADER: Final = ("CAMEOEVENTCODE", "EVENTDESCRIPTION")
GOLDSTEIN_HEADER: Final = ("CAMEOEVENTCODE", "GOLDSTEINSCALE")

_CODE: Final = re.compile(r"\d{2,4}")
_QUAD_LINE: Final = re.compile(r"[1-4]")
# A second code glued to the end of a description: "<text><code>:[<goldstein>] <text>".
_GLUED_CODE: Final = re.compile(
    r"^(?P<head>.*?\D)(?P<code>\d{2,4}):\[(?P<score>-?[\d.]+)\]\s*(?P<tail>.+)$"
)
_MOJIBAKE_REPAIRS: Final[Mapping[str, str]] = {
    "Meet at a ÒhirdÓlocation": "Meet at a “third” location",
}


@dataclass(frozen=True)
class EventCode:
    """One CAMEO event code as GDELT codes it."""

    code: str
    description: str
    root: str  # first two digits: the EventRootCode
    base: str  # first three digits (the code itself for roots): the EventBaseCode
    quad_class: int
    goldstein: float

    @property
    def level(self) -> int:
        """1 for a root ("19"), 2 for a base code ("190"), 3 for a detailed code ("1901")."""
        return len(self.code) - 1


@dataclass(frozen=True)
class EventCodeFile:
    """What `CAMEO.eventcodes.txt` says: descriptions, root → QuadClass and repairs made."""

    descriptions: Mapping[str, str]
    root_quad_class: Mapping[str, int]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    """Every GDELT event code with its description, QuadClass and Goldstein score."""

    codes: Mapping[str, EventCode]
    root_quad_class: Mapping[str, int]
    notes: tuple[str, ...]

    def __getitem__(self, code: str) -> EventCode:
        try:
            return self.codes[code]
        except KeyError:
            raise ValidationError(f"unknown CAMEO event code {code!r}", offenders=[code]) from None

    def describe(self, code: str) -> str:
        return self[code].description

    def goldstein(self, code: str) -> float:
        return self[code].goldstein

    def quad_class(self, code: str) -> int:
        return self[code].quad_class


def load_codebook(event_codes: Path, goldstein: Path) -> Codebook:
    """Join GDELT's event-code and Goldstein lookups; both must list the same codes."""
    described = read_event_codes(event_codes)
    scores = read_goldstein(goldstein)
    _require_same_codes(described.descriptions, scores, goldstein)
    codes = {
        code: _event_code(code, text, described.root_quad_class, scores[code])
        for code, text in described.descriptions.items()
    }
    return Codebook(codes, described.root_quad_class, described.notes)


def read_event_codes(path: Path) -> EventCodeFile:
    """Parse `CAMEO.eventcodes.txt`, repairing GDELT's known glitches (listed in `notes`)."""
    descriptions: dict[str, str] = {}
    root_quad: dict[str, int] = {}
    notes: list[str] = []
    quad: int | None = None
    for number, code, text in _rows(path, EVENT_CODES_HEADER):
        if _QUAD_LINE.fullmatch(code):
            quad = _quad_line(code, text, path=path, number=number)
            continue
        for entry_code, entry_text in _repaired(code, text, notes, number):
            _add_code(descriptions, entry_code, entry_text, path=path, number=number)
            if len(entry_code) == 2:
                root_quad[entry_code] = _quad_for_root(quad, entry_code, path=path, number=number)
    return EventCodeFile(descriptions, root_quad, tuple(notes))


def read_goldstein(path: Path) -> dict[str, float]:
    """Parse `CAMEO.goldsteinscale.txt`: event code → Goldstein score (−10 … +10)."""
    scores: dict[str, float] = {}
    for number, code, text in _rows(path, GOLDSTEIN_HEADER):
        if not _CODE.fullmatch(code) or code in scores:
            raise FormatError(
                "bad or repeated event code", path=path, where=f"line {number}", offenders=[code]
            )
        scores[code] = _score(text, path=path, number=number)
    return scores


# --- lines ----------------------------------------------------------------------------------------


def _rows(path: Path, header: tuple[str, str]) -> Iterator[tuple[int, str, str]]:
    """(line number, first cell, second cell) of every non-blank line after the header."""
    lines = _read_text(path).splitlines()
    if not lines or tuple(cell.strip() for cell in lines[0].split("\t")) != header:
        found = lines[0][:80] if lines else "an empty file"
        raise FormatError(
            f"expected the header {' / '.join(header)}",
            path=path,
            where="line 1",
            offenders=[found],
        )
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise FormatError(
                "expected two tab-separated cells",
                path=path,
                where=f"line {number}",
                offenders=[line],
            )
        yield number, cells[0].strip(), cells[1].strip()


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(f"not UTF-8 text (byte {error.start})", path=path) from error
    except OSError as error:
        raise FormatError(f"cannot read the file: {error.strerror}", path=path) from error


def _quad_line(code: str, text: str, *, path: Path, number: int) -> int:
    quad = int(code)
    if text.casefold() != QUAD_CLASSES[quad].casefold():
        raise FormatError(
            f"quad-class line {quad} should read {QUAD_CLASSES[quad]!r}",
            path=path,
            where=f"line {number}",
            offenders=[text],
        )
    return quad


def _repaired(code: str, text: str, notes: list[str], number: int) -> list[tuple[str, str]]:
    """The entries one line really holds: usually one; two when a code is glued on."""
    if text in _MOJIBAKE_REPAIRS:
        fixed = _MOJIBAKE_REPAIRS[text]
        notes.append(f"line {number}: code {code} description {text!r} repaired to {fixed!r}")
        return [(code, fixed)]
    glued = _GLUED_CODE.match(text)
    if glued is None:
        return [(code, text)]
    head, second = glued["head"].strip(), glued["code"]
    notes.append(
        f"line {number}: code {second} ({glued['tail']}) split off the line of code {code}"
    )
    return [(code, head), (second, glued["tail"].strip())]


def _add_code(
    descriptions: dict[str, str], code: str, text: str, *, path: Path, number: int
) -> None:
    if not _CODE.fullmatch(code):
        raise FormatError(
            "not a CAMEO event code", path=path, where=f"line {number}", offenders=[code]
        )
    if code in descriptions:
        raise FormatError(
            "event code listed twice", path=path, where=f"line {number}", offenders=[code]
        )
    if not text:
        raise FormatError(
            "event code without a description", path=path, where=f"line {number}", offenders=[code]
        )
    descriptions[code] = text


def _quad_for_root(quad: int | None, root: str, *, path: Path, number: int) -> int:
    if quad is None:
        raise FormatError(
            "root code before any quad-class line",
            path=path,
            where=f"line {number}",
            offenders=[root],
        )
    return quad


def _score(text: str, *, path: Path, number: int) -> float:
    try:
        score = float(text)
    except ValueError:
        raise FormatError(
            "Goldstein score is not a number", path=path, where=f"line {number}", offenders=[text]
        ) from None
    if not -10.0 <= score <= 10.0:
        raise ValidationError(
            "Goldstein score outside −10 … +10", path=path, where=f"line {number}", offenders=[text]
        )
    return score


# --- joining --------------------------------------------------------------------------------------


def _require_same_codes(
    descriptions: Mapping[str, str], scores: Mapping[str, float], path: Path
) -> None:
    unscored = sorted(set(descriptions) - set(scores))
    undescribed = sorted(set(scores) - set(descriptions))
    if unscored or undescribed:
        raise ValidationError(
            "the event-code and Goldstein lookups list different codes",
            path=path,
            offenders=[f"no Goldstein score: {code}" for code in unscored]
            + [f"no description: {code}" for code in undescribed],
        )


def _event_code(code: str, text: str, root_quad: Mapping[str, int], score: float) -> EventCode:
    root = code[:2]
    if root not in root_quad:
        raise ValidationError(
            f"event code {code} has no root code {root} in the lookup", offenders=[code]
        )
    return EventCode(
        code=code,
        description=text,
        root=root,
        base=code[:3],
        quad_class=root_quad[root],
        goldstein=score,
    )
